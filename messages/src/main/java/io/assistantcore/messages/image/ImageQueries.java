package io.assistantcore.messages.image;

/**
 * Reading a generated image by its signed link ({@code GET /api/v1/images/{imageId}?expires=&signature=}): the link
 * is the only credential, so the answer says why a link does not serve (bad signature, expired, gone).
 */
public final class ImageQueries {

    private ImageQueries() {
    }

    /** Answers an {@link ImageContent}. */
    public record ImageContentQuery(String imageId, long expires, String signature) {
    }

    public enum ImageAccess {
        /** The link is valid: {@code bytes} and {@code contentType} are the image. */
        SERVED,
        /** The signature does not match this image (tampered, or minted for another image or tenant). */
        BAD_SIGNATURE,
        /** The link was valid but its time is over; reading the reply again gives a fresh link. */
        EXPIRED,
        /** No such image, or it can no longer be decrypted (deleted, or its owner's data forgotten). */
        GONE
    }

    public record ImageContent(ImageAccess access, String contentType, byte[] bytes) {

        public static ImageContent refused(ImageAccess access) {
            return new ImageContent(access, null, null);
        }
    }
}
