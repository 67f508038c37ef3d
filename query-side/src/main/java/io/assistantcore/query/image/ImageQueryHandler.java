package io.assistantcore.query.image;

import io.assistantcore.messages.image.ImageQueries.ImageAccess;
import io.assistantcore.messages.image.ImageQueries.ImageContent;
import io.assistantcore.messages.image.ImageQueries.ImageContentQuery;
import io.assistantcore.platform.images.ImageLinks;
import io.assistantcore.platform.images.ImageStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Serves a generated image to the holder of a valid link. The signature is checked against the tenant the image
 * belongs to, so a link minted for another image or another tenant's image never opens it; an unknown image answers
 * like a bad signature (nothing tells a guesser which image ids exist).
 */
@Component
public class ImageQueryHandler {

    private final ImageStore images;
    private final ImageLinks links;

    public ImageQueryHandler(ImageStore images, ImageLinks links) {
        this.images = images;
        this.links = links;
    }

    @QueryHandler
    public ImageContent handle(ImageContentQuery query) {
        Optional<String> tenantId = images.tenantOf(query.imageId());
        if (tenantId.isEmpty()) {
            return ImageContent.refused(ImageAccess.BAD_SIGNATURE);
        }
        ImageAccess access = links.check(tenantId.get(), query.imageId(), query.expires(), query.signature());
        if (access != ImageAccess.SERVED) {
            return ImageContent.refused(access);
        }
        return images.read(query.imageId())
                .map(image -> new ImageContent(ImageAccess.SERVED, image.contentType(), image.bytes()))
                .orElseGet(() -> ImageContent.refused(ImageAccess.GONE));
    }
}
