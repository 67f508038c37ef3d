package io.assistantcore.ai.image;

import dev.langchain4j.data.image.Image;
import dev.langchain4j.model.image.ImageModel;
import dev.langchain4j.model.output.Response;
import io.assistantcore.ai.billing.ChatCostEstimateQueryHandler;
import io.assistantcore.ai.billing.PriceBook;
import io.assistantcore.messages.common.Money;
import io.assistantcore.platform.images.ImageStore;
import io.assistantcore.platform.outbound.OutboundHttp;
import io.assistantcore.platform.outbound.OutboundHttp.OutboundCallFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Makes pictures through a langchain4j {@link ImageModel} and keeps them: a base64 answer is decoded, a link (which
 * the provider lets expire) is fetched once through the platform's outbound client (so its target policy applies),
 * and the bytes are stored encrypted under the requester's data key ({@link ImageStore}). Priced per image from the
 * price list; a model without a per-image price is not used (the request could not be budgeted).
 */
public class ImageGeneration implements ChatCostEstimateQueryHandler.ImagePricing {

    private static final Logger log = LoggerFactory.getLogger(ImageGeneration.class);

    /** The longest prompt sent to the provider (OpenAI accepts 4 000 characters for DALL·E 3). */
    static final int MAX_PROMPT_CHARS = 4000;

    private final ImageModel model;
    private final String provider;
    private final String modelName;
    private final ImageStore store;
    private final OutboundHttp outbound;
    private final Duration fetchTimeout;
    private final PriceBook prices;

    public ImageGeneration(ImageModel model, String provider, String modelName, ImageStore store,
                           OutboundHttp outbound, Duration fetchTimeout, PriceBook prices) {
        this.model = model;
        this.provider = provider;
        this.modelName = modelName;
        this.store = store;
        this.outbound = outbound;
        this.fetchTimeout = fetchTimeout;
        this.prices = prices;
    }

    /** A stored picture: its image id, the prompt the provider says it drew, and what it cost. */
    public record Made(String imageId, String revisedPrompt, String provider, String model, Money cost) {
    }

    /** Why no picture was made, in words the user may see (never the prompt). */
    public static class ImageGenerationException extends RuntimeException {
        public ImageGenerationException(String message) {
            super(message);
        }
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public String model() {
        return modelName;
    }

    /** The price of one picture, or empty when the image model has no per-image price. */
    @Override
    public Optional<Money> pricePerImage() {
        return prices.price(provider, modelName, null)
                .filter(price -> price.perImage() != null)
                .map(price -> new Money(price.perImage(), price.currency()));
    }

    /**
     * Makes and stores one picture for {@code userId} of {@code tenantId}.
     *
     * @throws ImageGenerationException when no picture could be made or kept
     */
    public Made generate(String tenantId, String userId, String prompt) {
        if (prompt == null || prompt.isBlank()) {
            throw new ImageGenerationException("Say what the picture should show.");
        }
        Money cost = pricePerImage().orElseThrow(() -> new ImageGenerationException("The image model " + provider
                + "/" + modelName + " has no price per image, so the picture cannot be budgeted; a platform admin "
                + "sets it with PUT /api/v1/admin/prices/" + provider + "/" + modelName + " (perImage)."));
        String sent = prompt.length() <= MAX_PROMPT_CHARS ? prompt : prompt.substring(0, MAX_PROMPT_CHARS);
        Image image;
        try {
            Response<Image> response = model.generate(sent);
            image = response == null ? null : response.content();
        } catch (RuntimeException e) {
            log.warn("The image provider {} failed: {}", provider, e.getClass().getName());
            throw new ImageGenerationException("The image provider did not make the picture ("
                    + e.getClass().getSimpleName() + "); try again later.");
        }
        if (image == null) {
            throw new ImageGenerationException("The image provider answered without a picture.");
        }
        byte[] bytes = bytesOf(image);
        String imageId;
        try {
            imageId = store.store(tenantId, userId, bytes);
        } catch (IllegalArgumentException notAnImage) {
            throw new ImageGenerationException("The image provider answered with something that is not a picture.");
        }
        return new Made(imageId, image.revisedPrompt(), provider, modelName, cost);
    }

    private byte[] bytesOf(Image image) {
        if (image.base64Data() != null && !image.base64Data().isBlank()) {
            try {
                return Base64.getMimeDecoder().decode(image.base64Data());
            } catch (IllegalArgumentException e) {
                throw new ImageGenerationException("The image provider answered with a picture that is not valid "
                        + "base64.");
            }
        }
        if (image.url() == null) {
            throw new ImageGenerationException("The image provider answered without a picture.");
        }
        try {
            OutboundHttp.Response response = outbound.send("GET", image.url().toString(), Map.of(), null,
                    fetchTimeout);
            if (response.status() / 100 != 2) {
                throw new ImageGenerationException("The picture could not be fetched from the image provider (HTTP "
                        + response.status() + ").");
            }
            return response.body();
        } catch (OutboundCallFailedException e) {
            throw new ImageGenerationException("The picture could not be fetched from the image provider: "
                    + e.getMessage());
        }
    }
}
