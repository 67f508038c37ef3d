package io.assistantcore.platform.idempotency;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The remembered {@code Idempotency-Key}s over the application's database, and the sweep of expired ones. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdempotencyConfiguration.IdempotencyProperties.class)
public class IdempotencyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyConfiguration.class);

    /**
     * @param retention      how long a key is remembered (a retry after that takes effect again)
     * @param pendingTimeout after how long a claimed key whose request never finished may be claimed again
     */
    @ConfigurationProperties("assistant.idempotency")
    public record IdempotencyProperties(@DefaultValue("PT24H") Duration retention,
                                        @DefaultValue("PT2M") Duration pendingTimeout) {
    }

    @Bean
    public IdempotencyKeys idempotencyKeys(DataSource dataSource, IdempotencyProperties properties) {
        return new IdempotencyKeys(dataSource, properties.retention(), properties.pendingTimeout());
    }

    /** Every node sweeps; deleting the same expired rows twice does no harm. */
    @Bean(destroyMethod = "shutdownNow")
    public ScheduledExecutorService idempotencyKeySweeps(IdempotencyKeys keys) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "idempotency-key-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                int removed = keys.removeExpired();
                if (removed > 0) {
                    log.debug("Removed {} expired idempotency keys", removed);
                }
            } catch (RuntimeException e) {
                log.warn("Sweeping expired idempotency keys failed: {}", e.toString());
            }
        }, 10, 10, TimeUnit.MINUTES);
        return scheduler;
    }
}
