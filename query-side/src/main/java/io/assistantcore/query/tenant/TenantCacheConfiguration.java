package io.assistantcore.query.tenant;

import io.assistantcore.platform.eventstore.NodeEventTail;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** The node's {@link TenantCache}, kept current by the node's event-store tail. */
@Configuration(proxyBeanMethods = false)
public class TenantCacheConfiguration {

    @Bean
    public TenantCache tenantDirectoryCache(TenantDirectory directory, ObjectProvider<NodeEventTail> tail,
                                   @Value("${assistant.tenant-cache.time-to-live:60s}") Duration timeToLive,
                                   @Value("${assistant.tenant-cache.grace:5s}") Duration grace) {
        TenantCache cache = new TenantCache(directory, timeToLive, grace);
        NodeEventTail nodeTail = tail.getIfAvailable();
        if (nodeTail != null) {
            nodeTail.subscribe("tenant-cache", cache::changed);
        } else {
            // no tail (a context without the event store): nothing is kept
            return new TenantCache(directory, Duration.ZERO, grace);
        }
        return cache;
    }
}
