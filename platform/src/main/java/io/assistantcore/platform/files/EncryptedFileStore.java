package io.assistantcore.platform.files;

import io.assistantcore.platform.privacy.DataKeyStore;
import io.assistantcore.platform.privacy.DataKeyStore.DataKey;
import io.assistantcore.platform.privacy.PersonalDataProtection;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Keeps uploaded files encrypted with the uploader's data key (the same keys that protect personal texts in events,
 * decision 0005), under random storage keys, in the table {@code stored_file}. Nothing serves these bytes back to a
 * client; the indexing worker reads them once. Deleting removes the row; forgetting the uploader destroys the key,
 * after which {@link #read} finds nothing it can decrypt.
 */
public class EncryptedFileStore {

    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataKeyStore keys;
    private final JdbcTemplate jdbc;

    public EncryptedFileStore(DataKeyStore keys, JdbcTemplate jdbc) {
        this.keys = keys;
        this.jdbc = jdbc;
    }

    /** Encrypts and stores the bytes; answers the new random storage key. */
    public String store(String tenantId, String userId, byte[] bytes) {
        DataKey key = keys.activeKey(PersonalDataProtection.subject(tenantId, userId));
        String storageKey = "blob-" + UUID.randomUUID();
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] sealed;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.material(), "AES"), new GCMParameterSpec(128, iv));
            cipher.updateAAD(aad(storageKey, key.keyId()));
            byte[] encrypted = cipher.doFinal(bytes);
            sealed = new byte[IV_BYTES + encrypted.length];
            System.arraycopy(iv, 0, sealed, 0, IV_BYTES);
            System.arraycopy(encrypted, 0, sealed, IV_BYTES, encrypted.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
        jdbc.update("INSERT INTO stored_file (storage_key, tenant_id, key_id, sealed, size_bytes) VALUES (?, ?, ?, ?, ?)",
                storageKey, tenantId, key.keyId(), sealed, (long) bytes.length);
        return storageKey;
    }

    /** The decrypted bytes of a file of this tenant; empty when deleted, of another tenant, or its key destroyed. */
    public Optional<byte[]> read(String tenantId, String storageKey) {
        List<Object[]> rows = jdbc.query("SELECT key_id, sealed FROM stored_file WHERE storage_key = ? AND tenant_id = ?",
                (rs, n) -> new Object[]{rs.getObject(1, UUID.class), rs.getBytes(2)}, storageKey, tenantId);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        UUID keyId = (UUID) rows.get(0)[0];
        byte[] sealed = (byte[]) rows.get(0)[1];
        Optional<byte[]> key = keys.key(keyId);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.get(), "AES"),
                    new GCMParameterSpec(128, sealed, 0, IV_BYTES));
            cipher.updateAAD(aad(storageKey, keyId));
            return Optional.of(cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /** Removes the stored bytes; idempotent. */
    public void delete(String tenantId, String storageKey) {
        jdbc.update("DELETE FROM stored_file WHERE storage_key = ? AND tenant_id = ?", storageKey, tenantId);
    }

    private static byte[] aad(String storageKey, UUID keyId) {
        return (storageKey + "|" + keyId).getBytes(StandardCharsets.US_ASCII);
    }
}
