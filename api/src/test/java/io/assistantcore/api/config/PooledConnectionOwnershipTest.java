package io.assistantcore.api.config;

import com.zaxxer.hikari.HikariDataSource;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.ApiClient.Response;
import io.assistantcore.api.support.SseClient;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.testsupport.BorrowCheckingDataSource;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.PriorityOrdered;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's pooled connections under concurrent requests that take the whole admission path (rate limits in
 * Bucket4j's own transactions, the budget and request commands in units of work, session reads, streams in the
 * response): every borrowed connection is used only by the thread that borrowed it and goes back to the pool once.
 * A connection used by a second thread, or after it went back, reaches a pool entry another request may hold (Hikari
 * keeps the open statements per pool entry, in a list that is not thread-safe).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PooledConnectionOwnershipTest {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();
    private static final AtomicReference<BorrowCheckingDataSource> CHECKED = new AtomicReference<>();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
    }

    /**
     * Puts the check between the pool and everything that borrows from it: under the lazy-connection proxy (which
     * the application's post-processor may have put around the pool already), so that each check is one borrow.
     */
    @TestConfiguration
    static class CheckedPool {

        @Bean
        static BeanPostProcessor borrowChecking() {
            return new CheckingPostProcessor();
        }
    }

    static final class CheckingPostProcessor implements BeanPostProcessor, PriorityOrdered {

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (!"dataSource".equals(beanName)) {
                return bean;
            }
            if (bean instanceof HikariDataSource pool) {
                return checked(pool);
            }
            if (bean instanceof LazyConnectionDataSourceProxy lazy
                    && lazy.getTargetDataSource() instanceof HikariDataSource pool) {
                lazy.setTargetDataSource(checked(pool));
            }
            return bean;
        }

        private static BorrowCheckingDataSource checked(HikariDataSource pool) {
            BorrowCheckingDataSource checked = new BorrowCheckingDataSource(pool);
            CHECKED.set(checked);
            return checked;
        }

        @Override
        public int getOrder() {
            return 0;
        }
    }

    @Test
    void concurrentSuggestionRequestsNeverShareAPooledConnection() throws Exception {
        ApiClient api = new ApiClient(port);
        String admin = api.devToken(null, "root", "PLATFORM_ADMIN");
        assertThat(api.post("/api/v1/tenants", admin, Map.of("tenantId", "pool-check", "name", "Pool check",
                "plan", "TEAM", "initialAdminUserId", "alice")).status()).isEqualTo(201);
        String alice = api.devToken("pool-check", "alice");
        Response created = api.post("/api/v1/assist/sessions", alice, Map.of(
                "field", Map.of("entityType", "Note", "entityId", "1", "fieldName", "body"),
                "text", "their is a error in this sentance"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String suggestions = "/api/v1/assist/sessions/" + created.json().get("sessionId").asText() + "/suggestions";

        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                boolean streamed = c % 2 == 0;
                done.add(clients.submit(() -> {
                    for (int i = 0; i < 5; i++) {
                        if (streamed) {
                            try (SseClient stream = SseClient.post(port, suggestions, alice,
                                    ApiClient.write(Map.of("action", "FIX_GRAMMAR")))) {
                                assertThat(stream.status()).isEqualTo(200);
                                assertThat(stream.readAll()).isNotEmpty();
                            }
                        } else {
                            Response accepted = api.post(suggestions, alice, Map.of("action", "FIX_GRAMMAR"));
                            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : done) {
                client.get(120, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        // the projections and workers keep borrowing after the answers; give them a moment to finish
        Thread.sleep(Duration.ofSeconds(2).toMillis());

        BorrowCheckingDataSource checked = CHECKED.get();
        assertThat(checked).as("the application's pool was checked").isNotNull();
        assertThat(checked.borrows()).isGreaterThan(100);
        assertThat(checked.misuses()).as("%d misuses", checked.misuseCount()).isEmpty();
    }
}
