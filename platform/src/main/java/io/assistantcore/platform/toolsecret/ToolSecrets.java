package io.assistantcore.platform.toolsecret;

import io.assistantcore.platform.outbound.StandardWebhooks;
import io.assistantcore.platform.privacy.DataKeyStore;
import io.assistantcore.platform.privacy.DataKeyStore.DataKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Each tenant's tool secret: the Standard Webhooks secret ({@code whsec_…}) that calls to the tenant's tools are
 * signed with. Made on first use (by the first call, or by an administrator asking for it); rotating replaces it at
 * once, so the host application must switch to the new one. Kept in the platform's database encrypted (AES-GCM) under
 * a data key of the tenant ({@link DataKeyStore}, wrapped by the privacy master key when one is configured); read
 * only by the node that signs a call and by the administrator's request that shows it. A secret stored in clear
 * before encryption was introduced is sealed on its next read; one whose key is gone is replaced by a new one.
 */
public class ToolSecrets {

    /**
     * The key subject of a tenant's tool secret: without the '/' that every member's subject ({@code tenant/user})
     * has, so forgetting a member never destroys it.
     */
    static final String KEY_SUBJECT_PREFIX = "tool-secret:";

    private static final Logger log = LoggerFactory.getLogger(ToolSecrets.class);
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final DataKeyStore keys;
    private final Clock clock;

    /** Secrets kept in clear: only for tests of the callers that need a tenant secret and no key store. */
    public ToolSecrets(DataSource dataSource, Clock clock) {
        this(dataSource, null, clock);
    }

    /** @param keys the data keys that seal the secrets */
    public ToolSecrets(DataSource dataSource, DataKeyStore keys, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.keys = keys;
        this.clock = clock;
    }

    private record Row(String secret, UUID keyId, byte[] sealed) {
    }

    /** The tenant's current secret, made now if it has none. */
    public String secretFor(String tenantId) {
        List<Row> rows = rows(tenantId);
        if (rows.isEmpty()) {
            String fresh = StandardWebhooks.newSecret();
            Sealed sealed = seal(tenantId, fresh);
            jdbc.update("INSERT INTO tool_secret (tenant_id, secret, key_id, sealed, created_at) VALUES (?, ?, ?, ?, ?) "
                            + "ON CONFLICT (tenant_id) DO NOTHING", tenantId, sealed.clear(), sealed.keyId(),
                    sealed.bytes(), clock.instant().atOffset(ZoneOffset.UTC));
            rows = rows(tenantId);
        }
        Row row = rows.get(0);
        if (row.sealed() != null) {
            Optional<String> opened = open(tenantId, row);
            if (opened.isPresent()) {
                return opened.get();
            }
            log.warn("The tool secret of tenant {} can no longer be decrypted; a new one is made", tenantId);
            return rotate(tenantId);
        }
        if (keys != null && row.secret() != null) {
            // stored in clear before secrets were encrypted: sealed now
            Sealed sealed = seal(tenantId, row.secret());
            jdbc.update("UPDATE tool_secret SET secret = NULL, key_id = ?, sealed = ? WHERE tenant_id = ? "
                    + "AND secret = ?", sealed.keyId(), sealed.bytes(), tenantId, row.secret());
        }
        return row.secret();
    }

    /** Replaces the tenant's secret with a new one and answers it. */
    public String rotate(String tenantId) {
        String secret = StandardWebhooks.newSecret();
        Sealed sealed = seal(tenantId, secret);
        jdbc.update("INSERT INTO tool_secret (tenant_id, secret, key_id, sealed, created_at) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (tenant_id) DO UPDATE SET secret = excluded.secret, key_id = excluded.key_id, "
                        + "sealed = excluded.sealed, created_at = excluded.created_at",
                tenantId, sealed.clear(), sealed.keyId(), sealed.bytes(), clock.instant().atOffset(ZoneOffset.UTC));
        return secret;
    }

    private List<Row> rows(String tenantId) {
        return jdbc.query("SELECT secret, key_id, sealed FROM tool_secret WHERE tenant_id = ?",
                (rs, n) -> new Row(rs.getString(1), rs.getObject(2, UUID.class), rs.getBytes(3)), tenantId);
    }

    /** What is stored: the sealed secret and its key, or (without a key store) the secret in clear. */
    private record Sealed(String clear, UUID keyId, byte[] bytes) {
    }

    private Sealed seal(String tenantId, String secret) {
        if (keys == null) {
            return new Sealed(secret, null, null);
        }
        DataKey key = keys.activeKey(KEY_SUBJECT_PREFIX + tenantId);
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.material(), "AES"), new GCMParameterSpec(128, iv));
            cipher.updateAAD(aad(tenantId, key.keyId()));
            byte[] encrypted = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = new byte[IV_BYTES + encrypted.length];
            System.arraycopy(iv, 0, sealed, 0, IV_BYTES);
            System.arraycopy(encrypted, 0, sealed, IV_BYTES, encrypted.length);
            return new Sealed(null, key.keyId(), sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private Optional<String> open(String tenantId, Row row) {
        if (keys == null || row.keyId() == null) {
            return Optional.empty();
        }
        Optional<byte[]> key = keys.key(row.keyId());
        if (key.isEmpty()) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.get(), "AES"),
                    new GCMParameterSpec(128, row.sealed(), 0, IV_BYTES));
            cipher.updateAAD(aad(tenantId, row.keyId()));
            return Optional.of(new String(cipher.doFinal(row.sealed(), IV_BYTES, row.sealed().length - IV_BYTES),
                    StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static byte[] aad(String tenantId, UUID keyId) {
        return ("tool-secret|" + tenantId + "|" + keyId).getBytes(StandardCharsets.UTF_8);
    }
}
