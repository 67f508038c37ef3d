package io.assistantcore.platform.outbound;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** Calls the platform makes to other systems (tools in a host application, outbound webhooks). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutboundConfiguration.OutboundProperties.class)
public class OutboundConfiguration {

    /**
     * @param allowPrivateTargets whether loopback, private, link-local and other internal addresses may be called
     *                            (false by default: a tenant must not reach the platform's own network through a
     *                            tool or webhook URL; true for tests and local set-ups)
     * @param connectTimeout      how long connecting to a target may take
     * @param maxResponseBytes    the most of a response body that is read; a longer body is refused
     */
    @ConfigurationProperties("assistant.outbound")
    public record OutboundProperties(@DefaultValue("false") boolean allowPrivateTargets,
                                     @DefaultValue("PT5S") Duration connectTimeout,
                                     @DefaultValue("1048576") int maxResponseBytes) {
    }

    @Bean
    public OutboundTargetPolicy outboundTargetPolicy(OutboundProperties properties) {
        return new OutboundTargetPolicy(properties.allowPrivateTargets());
    }

    @Bean
    public OutboundHttp outboundHttp(OutboundTargetPolicy policy, OutboundProperties properties) {
        return new OutboundHttp(policy, properties.connectTimeout(), properties.maxResponseBytes());
    }
}
