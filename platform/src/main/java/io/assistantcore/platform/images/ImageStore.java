package io.assistantcore.platform.images;

import io.assistantcore.platform.files.EncryptedFileStore;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Keeps generated images. Provider links expire, so the bytes are stored here, encrypted with the requesting user's
 * data key in the {@link EncryptedFileStore} (forgetting the user makes them unreadable), under a random storage key;
 * the image is named by a random image id. Nothing about an image goes into an event but its id.
 */
public class ImageStore {

    /** The formats an image may have; anything else is refused before it is stored. */
    public static final List<String> CONTENT_TYPES = List.of("image/png", "image/jpeg", "image/webp", "image/gif");

    private final EncryptedFileStore files;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ImageStore(EncryptedFileStore files, JdbcTemplate jdbc, Clock clock) {
        this.files = files;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** An image as read back: its tenant, format and bytes. */
    public record StoredImage(String tenantId, String contentType, byte[] bytes) {
    }

    /**
     * Stores an image of {@code tenantId} made for {@code userId}; answers its new image id.
     *
     * @throws IllegalArgumentException when the bytes are not a PNG, JPEG, WebP or GIF image
     */
    public String store(String tenantId, String userId, byte[] bytes) {
        String contentType = contentType(bytes)
                .orElseThrow(() -> new IllegalArgumentException("The image is not a PNG, JPEG, WebP or GIF"));
        String storageKey = files.store(tenantId, userId, bytes);
        String imageId = "img-" + UUID.randomUUID();
        jdbc.update("INSERT INTO generated_image (image_id, tenant_id, storage_key, content_type, size_bytes, "
                        + "created_at) VALUES (?, ?, ?, ?, ?, ?)", imageId, tenantId, storageKey, contentType,
                (long) bytes.length, clock.instant().atOffset(ZoneOffset.UTC));
        return imageId;
    }

    /** The tenant an image belongs to; empty for an unknown image. */
    public Optional<String> tenantOf(String imageId) {
        return jdbc.queryForList("SELECT tenant_id FROM generated_image WHERE image_id = ?", String.class, imageId)
                .stream().findFirst();
    }

    /** The image, decrypted; empty when unknown, deleted, or its owner's key was destroyed. */
    public Optional<StoredImage> read(String imageId) {
        List<String[]> rows = jdbc.query("SELECT tenant_id, storage_key, content_type FROM generated_image "
                        + "WHERE image_id = ?", (rs, n) -> new String[]{rs.getString(1), rs.getString(2),
                        rs.getString(3)}, imageId);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        String[] row = rows.get(0);
        return files.read(row[0], row[1]).map(bytes -> new StoredImage(row[0], row[2], bytes));
    }

    /** The format of {@code bytes} by its signature bytes, if it is one an image may have. */
    public static Optional<String> contentType(byte[] bytes) {
        if (bytes == null || bytes.length < 12) {
            return Optional.empty();
        }
        if ((bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return Optional.of("image/png");
        }
        if ((bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
            return Optional.of("image/jpeg");
        }
        if (bytes[0] == 'R' && bytes[1] == 'I' && bytes[2] == 'F' && bytes[3] == 'F'
                && bytes[8] == 'W' && bytes[9] == 'E' && bytes[10] == 'B' && bytes[11] == 'P') {
            return Optional.of("image/webp");
        }
        if (bytes[0] == 'G' && bytes[1] == 'I' && bytes[2] == 'F' && bytes[3] == '8') {
            return Optional.of("image/gif");
        }
        return Optional.empty();
    }
}
