package io.assistantcore.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Tenant API keys: {@code ack_} and 43 characters of base64url (256 random bits). A key is stored only as its
 * SHA-256, which is enough for a key of that entropy (no salt or slow hash is needed: nothing can be guessed).
 */
public final class ApiKeys {

    /** Every key starts with this, so a bearer token is told apart from a JWT without parsing it. */
    public static final String PREFIX = "ack_";
    /** The user id a key acts as: {@code apikey:<keyId>}. */
    public static final String USER_PREFIX = "apikey:";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int LENGTH = PREFIX.length() + 43;

    private ApiKeys() {
    }

    public static String newKey() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** Whether {@code token} has the shape of a key (it may still be unknown or revoked). */
    public static boolean looksLikeKey(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() != LENGTH) {
            return false;
        }
        for (int i = PREFIX.length(); i < token.length(); i++) {
            char c = token.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** The first characters of a key, shown in lists so that a person can tell keys apart. */
    public static String hint(String key) {
        return key.substring(0, PREFIX.length() + 4) + "…";
    }

    public static String userId(String keyId) {
        return USER_PREFIX + keyId;
    }
}
