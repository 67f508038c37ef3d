package io.assistantcore.platform.images;

import io.assistantcore.messages.image.ImageQueries.ImageAccess;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Signed, expiring links to generated images: {@code /api/v1/images/{imageId}?expires=&signature=}, where the
 * signature is the base64url HMAC-SHA256, under a server secret, of the image's tenant, the image id and the expiry
 * (epoch seconds). The link is the only credential, so it binds all three: a signature minted for one image (or one
 * tenant's image) does not open another, and changing the expiry breaks it. Links are minted afresh each time a
 * reply is read, so they can be short-lived.
 */
public class ImageLinks {

    public static final String PATH = "/api/v1/images/";

    private final byte[] secret;
    private final Duration ttl;
    private final String baseUrl;
    private final Clock clock;

    /**
     * @param baseUrl prefix of minted links (e.g. {@code https://assistant.example.com}); empty for links relative
     *                to the API's origin
     */
    public ImageLinks(byte[] secret, Duration ttl, String baseUrl, Clock clock) {
        if (secret == null || secret.length < 32) {
            throw new IllegalArgumentException("The image link secret must have at least 32 bytes");
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("The image link lifetime must be positive");
        }
        this.secret = secret.clone();
        this.ttl = ttl;
        this.baseUrl = baseUrl == null ? "" : baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1)
                : baseUrl;
        this.clock = clock;
    }

    /** A link to the image valid for the configured lifetime from now. */
    public String mint(String tenantId, String imageId) {
        long expires = clock.instant().plus(ttl).getEpochSecond();
        return baseUrl + PATH + URLEncoder.encode(imageId, StandardCharsets.UTF_8) + "?expires=" + expires
                + "&signature=" + signature(tenantId, imageId, expires);
    }

    /** Whether a link of the image of {@code tenantId} opens it now. */
    public ImageAccess check(String tenantId, String imageId, long expires, String signature) {
        if (signature == null || tenantId == null || imageId == null) {
            return ImageAccess.BAD_SIGNATURE;
        }
        byte[] expected = signature(tenantId, imageId, expires).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return ImageAccess.BAD_SIGNATURE;
        }
        return clock.instant().getEpochSecond() > expires ? ImageAccess.EXPIRED : ImageAccess.SERVED;
    }

    public Duration ttl() {
        return ttl;
    }

    String signature(String tenantId, String imageId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] digest = mac.doFinal((tenantId + "\n" + imageId + "\n" + expires)
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
