package io.assistantcore.platform.outbound;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signing and verifying per the Standard Webhooks specification (standardwebhooks.com): the signed content is
 * {@code id.timestamp.body}, the signature {@code v1,} + base64(HMAC-SHA256), the secret {@code whsec_} + base64 of
 * its bytes, and the headers {@code webhook-id}, {@code webhook-timestamp} (Unix seconds) and
 * {@code webhook-signature} (one or more space-separated signatures, so that a secret can be rotated).
 */
public final class StandardWebhooks {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    public static final String SECRET_PREFIX = "whsec_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private StandardWebhooks() {
    }

    /** A new random secret (24 bytes), in the {@code whsec_} form a receiver's library accepts. */
    public static String newSecret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /** The three headers for sending {@code body} as message {@code messageId} at {@code timestamp}. */
    public static Map<String, String> headers(String secret, String messageId, Instant timestamp, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID_HEADER, messageId);
        headers.put(TIMESTAMP_HEADER, Long.toString(timestamp.getEpochSecond()));
        headers.put(SIGNATURE_HEADER, "v1," + signature(secret, messageId, timestamp.getEpochSecond(), body));
        return headers;
    }

    /** The base64 HMAC-SHA256 of {@code id.timestamp.body} under the secret. */
    public static String signature(String secret, String messageId, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretBytes(secret), "HmacSHA256"));
            mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** The outcome of checking a received message. */
    public enum Verification {
        VALID, MISSING_HEADERS, BAD_TIMESTAMP, TIMESTAMP_OUT_OF_WINDOW, BAD_SIGNATURE
    }

    /**
     * Verifies a received message: its timestamp within {@code tolerance} of {@code now} (either side) and one of
     * its {@code v1} signatures equal, compared in constant time, to the one computed over the raw body.
     */
    public static Verification verify(String secret, String messageId, String timestampHeader, String signatureHeader,
                                      byte[] body, Instant now, Duration tolerance) {
        if (messageId == null || messageId.isBlank() || timestampHeader == null || signatureHeader == null) {
            return Verification.MISSING_HEADERS;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return Verification.BAD_TIMESTAMP;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return Verification.TIMESTAMP_OUT_OF_WINDOW;
        }
        byte[] expected = signature(secret, messageId, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (String candidate : signatureHeader.trim().split(" +")) {
            int comma = candidate.indexOf(',');
            if (comma < 0 || !candidate.substring(0, comma).equals("v1")) {
                continue;
            }
            byte[] given = candidate.substring(comma + 1).getBytes(StandardCharsets.US_ASCII);
            // no early exit: every candidate is compared, each in constant time
            matched |= MessageDigest.isEqual(expected, given);
        }
        return matched ? Verification.VALID : Verification.BAD_SIGNATURE;
    }

    private static byte[] secretBytes(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the webhook secret is not base64 (optionally prefixed whsec_)");
        }
    }
}
