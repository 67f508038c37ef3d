package io.assistantcore.platform.privacy;

import io.assistantcore.messages.privacy.PersonalData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * A tenant's secrets (inbound webhook secrets, outbound signing secrets, the tool secret) as they are kept outside
 * the event store: sealed with AES-256-GCM under the tenant's key for secrets, the data key of the subject
 * {@code <tenantId>/webhook-secrets} in {@link DataKeyStore} (the same key that protects them in stored events).
 * A sealed secret reads {@code sec:v1:<keyId>:<base64(iv | ciphertext)>}; the key id and the tenant id are bound to
 * the ciphertext as associated data, so a value copied to another tenant's row does not open. Destroying that key
 * (forgetting the tenant's secrets) makes every sealed secret unreadable: {@link #open} then answers empty, and the
 * callers treat the secret as absent (an inbound webhook is refused, a delivery waits for a new endpoint, a new tool
 * secret is made).
 */
public class SecretsAtRest {

    /** The data-subject name of the tenant's key for secrets (the same as the events' {@code keyOwner}). */
    public static final String KEY_OWNER = "webhook-secrets";
    static final String PREFIX = "sec:v1:";

    private static final Logger log = LoggerFactory.getLogger(SecretsAtRest.class);
    private static final int IV_BYTES = 12;

    private final DataKeyStore keys;
    private final SecureRandom random = new SecureRandom();

    public SecretsAtRest(DataKeyStore keys) {
        this.keys = keys;
    }

    /** The data subject whose key seals the tenant's secrets. */
    public static String subject(String tenantId) {
        return PersonalDataProtection.subject(tenantId, KEY_OWNER);
    }

    /** Whether a stored value is sealed (rather than a secret kept in clear before sealing existed). */
    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /**
     * The secret sealed under the tenant's key; null for null, blank or a text that is no secret any more (a secret
     * read from an event whose key was destroyed reads {@link PersonalData#FORGOTTEN}: it must never become one).
     */
    public String seal(String tenantId, String secret) {
        if (!usable(secret)) {
            return null;
        }
        DataKeyStore.DataKey key = keys.activeKey(subject(tenantId));
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.material(), "AES"), new GCMParameterSpec(128, iv));
            cipher.updateAAD(associatedData(key.keyId(), tenantId));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return PREFIX + key.keyId() + ":" + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Sealing a secret failed", e);
        }
    }

    /**
     * The secret; empty when there is none, its key was destroyed, or it does not open (altered, or another
     * tenant's). A value stored in clear before sealing existed is answered as it is (see {@link #isSealed}; the
     * owners of such rows seal them at start-up).
     */
    public Optional<String> open(String tenantId, String stored) {
        if (stored == null || stored.isBlank()) {
            return Optional.empty();
        }
        if (!isSealed(stored)) {
            return usable(stored) ? Optional.of(stored) : Optional.empty();
        }
        int colon = stored.indexOf(':', PREFIX.length());
        if (colon < 0) {
            return Optional.empty();
        }
        UUID keyId;
        try {
            keyId = UUID.fromString(stored.substring(PREFIX.length(), colon));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Optional<byte[]> key = keys.key(keyId);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] sealed = Base64.getDecoder().decode(stored.substring(colon + 1));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.get(), "AES"),
                    new GCMParameterSpec(128, sealed, 0, IV_BYTES));
            cipher.updateAAD(associatedData(keyId, tenantId));
            return Optional.of(new String(cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES),
                    StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            log.warn("A secret of a tenant under key {} does not open (altered or misplaced?)", keyId);
            return Optional.empty();
        }
    }

    /** Forgets the tenant's secrets: destroys its key for secrets; answers how many keys were destroyed. */
    public int destroy(String tenantId) {
        return keys.destroy(subject(tenantId));
    }

    private static boolean usable(String secret) {
        return secret != null && !secret.isBlank() && !secret.equals(PersonalData.FORGOTTEN)
                && !secret.equals(PersonalDataProtection.UNREADABLE);
    }

    private static byte[] associatedData(UUID keyId, String tenantId) {
        return (keyId + "/" + tenantId).getBytes(StandardCharsets.UTF_8);
    }
}
