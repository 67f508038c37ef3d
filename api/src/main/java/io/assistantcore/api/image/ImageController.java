package io.assistantcore.api.image;

import io.assistantcore.api.web.ApiException;
import io.assistantcore.messages.image.ImageQueries.ImageContent;
import io.assistantcore.messages.image.ImageQueries.ImageContentQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.regex.Pattern;

/**
 * Generated images for the holder of a link (API.md: {@code GET /api/v1/images/{imageId}?expires=&signature=}). The
 * link is minted each time a reply is read and is the only credential: no bearer token is needed, and a link that was
 * tampered with, minted for another image (or another tenant's image), or has expired opens nothing.
 */
@RestController
@RequestMapping("/api/v1/images")
@Tag(name = "Images", description = "Generated images by signed, expiring links")
public class ImageController {

    private static final Pattern IMAGE_ID = Pattern.compile("img-[0-9a-f-]{36}");
    private static final Pattern SIGNATURE = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    private final QueryGateway queries;

    ImageController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/{imageId}")
    @Operation(summary = "A generated image (link holder; the link comes with the reply and expires)")
    public ResponseEntity<byte[]> image(@PathVariable String imageId, @RequestParam long expires,
                                        @RequestParam String signature) {
        if (!IMAGE_ID.matcher(imageId).matches() || !SIGNATURE.matcher(signature).matches()) {
            throw badLink();
        }
        ImageContent content = queries.query(new ImageContentQuery(imageId, expires, signature), ImageContent.class)
                .join();
        return switch (content.access()) {
            case SERVED -> ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType(content.contentType()))
                    .cacheControl(CacheControl.noStore())
                    .header("X-Content-Type-Options", "nosniff")
                    .body(content.bytes());
            case EXPIRED -> throw new ApiException(HttpStatus.GONE, "image-link-expired", "Image link expired",
                    "This image link has expired; read the reply again for a new one.");
            case GONE -> throw new ApiException(HttpStatus.GONE, "image-gone", "Image gone",
                    "This image is no longer available.");
            case BAD_SIGNATURE -> throw badLink();
        };
    }

    private static ApiException badLink() {
        return new ApiException(HttpStatus.FORBIDDEN, "image-link-invalid", "Forbidden",
                "This image link is not valid.");
    }
}
