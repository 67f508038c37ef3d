package io.assistantcore.platform.nodes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** This node's lease, written at start-up (before any work is taken on), renewed on a timer, released at the end. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NodeConfiguration.NodeProperties.class)
public class NodeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NodeConfiguration.class);

    /**
     * @param heartbeatInterval how often a node renews its lease
     * @param leaseTimeout      a node whose lease is older than this is gone; keep it several heartbeats long
     */
    @ConfigurationProperties("assistant.nodes")
    public record NodeProperties(@DefaultValue("PT2S") Duration heartbeatInterval,
                                 @DefaultValue("PT10S") Duration leaseTimeout) {
    }

    @Bean(destroyMethod = "release")
    @DependsOnDatabaseInitialization
    public NodeLeases nodeLeases(DataSource dataSource) {
        NodeLeases leases = new NodeLeases(dataSource);
        leases.renew();
        log.info("This node is {}", leases.nodeId());
        return leases;
    }

    @Bean(destroyMethod = "shutdownNow")
    public ScheduledExecutorService nodeHeartbeat(NodeLeases leases, NodeProperties properties) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "node-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.heartbeatInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                leases.renew();
                leases.removeExpired(Duration.ofDays(1));
            } catch (RuntimeException e) {
                log.warn("Renewing this node's lease failed: {}", e.toString());
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
        return scheduler;
    }
}
