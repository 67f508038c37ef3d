package io.assistantcore.platform.outbound;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * HubSpot's v3 request signatures (the {@code X-HubSpot-Signature-v3} header): base64(HMAC-SHA256 under the app's
 * client secret of {@code method + uri + body + timestamp}), where {@code uri} is the full URL the request was sent
 * to and {@code timestamp} the {@code X-HubSpot-Request-Timestamp} header (Unix milliseconds). A request older than
 * the tolerance (HubSpot says five minutes) is refused. Sits beside {@link StandardWebhooks}, with the same
 * verification outcomes.
 */
public final class HubSpotSignatures {

    public static final String SIGNATURE_HEADER = "X-HubSpot-Signature-v3";
    public static final String TIMESTAMP_HEADER = "X-HubSpot-Request-Timestamp";

    private HubSpotSignatures() {
    }

    /** The base64 HMAC-SHA256 HubSpot sends for a request. */
    public static String signature(String clientSecret, String method, String uri, byte[] body, long timestampMillis) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(method.getBytes(StandardCharsets.UTF_8));
            mac.update(uri.getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            mac.update(Long.toString(timestampMillis).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /**
     * Verifies a received request over its raw body: the timestamp within {@code tolerance} of {@code now} and the
     * signature equal, compared in constant time, to the one computed.
     */
    public static StandardWebhooks.Verification verify(String clientSecret, String method, String uri,
                                                       String timestampHeader, String signatureHeader, byte[] body,
                                                       Instant now, Duration tolerance) {
        if (timestampHeader == null || signatureHeader == null || signatureHeader.isBlank()) {
            return StandardWebhooks.Verification.MISSING_HEADERS;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return StandardWebhooks.Verification.BAD_TIMESTAMP;
        }
        if (Math.abs(now.toEpochMilli() - timestamp) > tolerance.toMillis()) {
            return StandardWebhooks.Verification.TIMESTAMP_OUT_OF_WINDOW;
        }
        byte[] expected = signature(clientSecret, method, uri, body, timestamp).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signatureHeader.trim().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? StandardWebhooks.Verification.VALID
                : StandardWebhooks.Verification.BAD_SIGNATURE;
    }
}
