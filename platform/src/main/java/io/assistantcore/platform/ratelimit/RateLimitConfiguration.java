package io.assistantcore.platform.ratelimit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The rate limits over the application's database, and the sweep that deletes the rows of full buckets. */
@Configuration(proxyBeanMethods = false)
public class RateLimitConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RateLimitConfiguration.class);

    @Bean
    public RateLimits rateLimits(DataSource dataSource) {
        return new RateLimits(dataSource);
    }

    /** Every node sweeps; Bucket4j deletes with SKIP LOCKED, so sweeps of several nodes do not block each other. */
    @Bean(destroyMethod = "shutdownNow")
    public ScheduledExecutorService rateLimitSweeps(RateLimits rateLimits) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rate-limit-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                int removed = rateLimits.removeExpired();
                if (removed > 0) {
                    log.debug("Removed {} full rate-limit buckets", removed);
                }
            } catch (RuntimeException e) {
                log.warn("Sweeping full rate-limit buckets failed: {}", e.toString());
            }
        }, 5, 5, TimeUnit.MINUTES);
        return scheduler;
    }
}
