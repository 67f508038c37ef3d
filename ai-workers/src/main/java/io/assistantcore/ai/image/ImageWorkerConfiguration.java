package io.assistantcore.ai.image;

import io.assistantcore.ai.billing.ChatCostEstimateQueryHandler;
import io.assistantcore.ai.billing.PriceBook;
import io.assistantcore.ai.chat.ChatReplyRunner;
import io.assistantcore.ai.provider.ImageModelFactory;
import io.assistantcore.ai.provider.ProviderConfiguration;
import io.assistantcore.ai.provider.ProviderSettings;
import io.assistantcore.platform.images.ImageStore;
import io.assistantcore.platform.outbound.OutboundConfiguration.OutboundProperties;
import io.assistantcore.platform.outbound.OutboundHttp;
import io.assistantcore.platform.outbound.OutboundTargetPolicy;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.time.Duration;
import java.util.Optional;

/**
 * Image generation, when an image provider is connected: OpenAI's images API with the OpenAI key and base URL of
 * the chat providers ({@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL}). Without one, no bean here exists: image
 * requests are answered with a plain refusal and {@code generate_image} is neither offered nor runs.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ImageWorkerConfiguration.ImageProperties.class)
public class ImageWorkerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ImageWorkerConfiguration.class);

    /**
     * {@code assistant.images.*} (generation; the link settings are the platform's).
     *
     * @param enabled  false switches image generation off even with an OpenAI key
     * @param model    the OpenAI image model
     * @param size     the picture size asked for
     * @param timeout  how long the provider may take to make a picture
     * @param maxBytes the largest picture fetched from a provider's link
     */
    @ConfigurationProperties("assistant.images")
    public record ImageProperties(@DefaultValue("true") boolean enabled, @DefaultValue("gpt-image-1") String model,
                                  @DefaultValue("1024x1024") String size, @DefaultValue("PT2M") Duration timeout,
                                  @DefaultValue("20971520") int maxBytes) {
    }

    /** An image provider is connected: OpenAI is configured and image generation is not switched off. */
    static final class ImageProviderConnected implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return openAi(context.getEnvironment()).isPresent()
                    && !"false".equalsIgnoreCase(context.getEnvironment().getProperty("assistant.images.enabled"));
        }
    }

    static Optional<ProviderSettings> openAi(Environment environment) {
        return ProviderConfiguration.configuredProviders(environment).stream()
                .filter(settings -> ProviderSettings.OPENAI.equals(settings.id())).findFirst();
    }

    @Bean
    @Conditional(ImageProviderConnected.class)
    public ImageGeneration imageGeneration(Environment environment, ImageProperties properties, ImageStore imageStore,
                                           OutboundTargetPolicy policy, OutboundProperties outbound,
                                           PriceBook priceBook, ChatReplyRunner chatReplyRunner,
                                           ChatCostEstimateQueryHandler chatCostEstimates) {
        ProviderSettings settings = openAi(environment).orElseThrow();
        ImageGeneration generation = new ImageGeneration(
                ImageModelFactory.openAi(settings, properties.model(), properties.size(), properties.timeout()),
                ProviderSettings.OPENAI, properties.model(), imageStore,
                new OutboundHttp(policy, outbound.connectTimeout(), properties.maxBytes()), properties.timeout(),
                priceBook);
        chatReplyRunner.offerImages(generation);
        chatCostEstimates.offerImages(generation);
        log.info("Image generation through {}/{}", ProviderSettings.OPENAI, properties.model());
        return generation;
    }

    @Bean
    @Conditional(ImageProviderConnected.class)
    public GenerateImageTool generateImageTool(ImageGeneration imageGeneration, CommandGateway commandGateway) {
        return new GenerateImageTool(imageGeneration, commandGateway);
    }
}
