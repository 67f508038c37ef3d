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
        NodeEventTail nodeTail = tail.getIfAvailable();
        // without a tail (a context without the event store) no change would reach the cache: it keeps nothing
        TenantCache cache = new TenantCache(directory, nodeTail == null ? Duration.ZERO : timeToLive, grace);
        if (nodeTail != null) {
            nodeTail.subscribe("tenant-cache", cache::changed);
        }
        return cache;
    }
}
