package io.assistantcore.api.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.ai.assist.ProviderChain;
import io.assistantcore.ai.generation.GenerationException;
import io.assistantcore.ai.generation.GenerationListener;
import io.assistantcore.ai.generation.GenerationOutcome;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.assistantcore.api.bench.BenchSupport.percentile;

/**
 * Token latency through the whole platform — provider → worker → chunk event in PostgreSQL → live feed → WebSocket
 * client — next to the same synthetic stream consumed straight from the provider, for 1, 10 and 100 concurrent
 * streams. Not a test: run it with {@code ./mvnw -pl api -am verify -Pbench -DskipTests=false}; it prints a table and
 * writes it to {@code api/target/performance.md}.
 */
@Tag("bench")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StreamingLatencyBenchmark {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();
    private static final int TOKENS = 40;
    private static final Duration INTERVAL = Duration.ofMillis(20);
    static final SyntheticProvider PROVIDER = new SyntheticProvider(TOKENS, INTERVAL);

    @LocalServerPort
    int port;
    @org.springframework.beans.factory.annotation.Autowired
    io.assistantcore.platform.stream.LiveStreamFeed feed;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
        registry.add("assistant.ai.worker-threads", () -> "128");
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "40");
    }

    @TestConfiguration
    static class SyntheticOnly {
        @Bean
        @Primary
        ProviderChain syntheticChain() {
            return new ProviderChain(List.of(PROVIDER));
        }
    }

    static final List<String> slow = new CopyOnWriteArrayList<>();

    record Row(int streams, double chunksPerResponse, double platformP50, double platformP99, double directP50,
               double directP99) {
    }

    @Test
    void measure() throws Exception {
        ApiClient api = new ApiClient(port);
        String admin = api.devToken(null, "root", "PLATFORM_ADMIN");
        api.post("/api/v1/tenants", admin, Map.of("tenantId", "bench", "name", "Bench", "plan", "ENTERPRISE",
                "initialAdminUserId", "bench-user"));
        String token = api.devToken("bench", "bench-user");
        // the synthetic model needs a price to be budgeted; the cache stays off, every stream is a real generation
        api.put("/api/v1/admin/prices/synthetic/fixed-rate", admin, Map.of("inputPerMillion", 0.1,
                "outputPerMillion", 0.1, "currency", "USD"));
        api.put("/api/v1/tenants/bench/ai-policy", token, Map.of("enabledActions", List.of("IMPROVE", "SHORTEN",
                "SUMMARIZE", "FIX_GRAMMAR", "CHANGE_TONE", "FREE_PROMPT"), "allowedContextKinds", List.of("*"),
                "exactCache", false, "semanticCache", false));

        runPlatform(api, token, 2); // warm-up
        List<Row> rows = new ArrayList<>();
        for (int streams : List.of(1, 10, 100)) {
            double[] platform = runPlatform(api, token, streams);
            double[] direct = runDirect(streams);
            rows.add(new Row(streams, platform[2], platform[0], platform[1], direct[0], direct[1]));
        }
        StringBuilder table = new StringBuilder()
                .append("| concurrent streams | chunk events per response | platform p50 (ms) | platform p99 (ms) "
                        + "| direct p50 (ms) | direct p99 (ms) |\n|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            table.append(String.format("| %d | %.1f | %.1f | %.1f | %.3f | %.3f |%n", row.streams(),
                    row.chunksPerResponse(), row.platformP50(), row.platformP99(), row.directP50(), row.directP99()));
        }
        System.out.println("slow tokens: " + slow);
        System.out.println("\n" + TOKENS + " tokens per response at one token every " + INTERVAL.toMillis() + " ms\n"
                + table);
        Files.writeString(Path.of("target", "performance.md"), table.toString());
    }

    /** @return p50, p99 latency in ms and chunk events per response */
    private double[] runPlatform(ApiClient api, String token, int streams) throws Exception {
        PROVIDER.closeGate();
        List<String> suggestions = new CopyOnWriteArrayList<>();
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(20);
        List<CompletableFuture<Void>> created = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            int n = i;
            created.add(CompletableFuture.runAsync(() -> {
                String sessionId = api.post("/api/v1/assist/sessions", token, Map.of(
                        "field", Map.of("entityType", "Bench", "entityId", "" + n, "fieldName", "text"),
                        "text", "Benchmark text number " + n + ".")).json().get("sessionId").asText();
                suggestions.add(api.post("/api/v1/assist/sessions/" + sessionId + "/suggestions", token,
                        Map.of("action", "IMPROVE")).json().get("suggestionId").asText());
            }, clients));
        }
        CompletableFuture.allOf(created.toArray(CompletableFuture[]::new)).join();
        clients.shutdown();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger chunkEvents = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(streams);
        List<WebSocket> sockets = new ArrayList<>();
        int perSocket = 10;
        for (int from = 0; from < streams; from += perSocket) {
            WebSocket socket = connect(token, latencies, chunkEvents, done);
            for (String id : suggestions.subList(from, Math.min(streams, from + perSocket))) {
                socket.sendText("{\"type\":\"subscribe\",\"stream\":\"suggestion\",\"id\":\"" + id + "\",\"fromSeq\":0}",
                        true).join();
            }
            sockets.add(socket);
        }
        // every client subscribed before the first word leaves the provider
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (feed.subscriberCount() < streams && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        PROVIDER.openGate();
        if (!done.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("streams did not complete: " + done.getCount() + " left");
        }
        sockets.forEach(WebSocket::abort);
        return new double[]{percentile(latencies, 50), percentile(latencies, 99),
                (double) chunkEvents.get() / streams};
    }

    private WebSocket connect(String token, List<Double> latencies, AtomicInteger chunkEvents, CountDownLatch done)
            throws Exception {
        ObjectMapper json = new ObjectMapper();
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?access_token=" + token), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        long now = System.nanoTime();
                        partial.append(data);
                        if (last) {
                            try {
                                JsonNode message = json.readTree(partial.toString());
                                String type = message.get("type").asText();
                                if (type.equals("token")) {
                                    chunkEvents.incrementAndGet();
                                    for (String word : message.get("text").asText().trim().split(" ")) {
                                        Long emitted = PROVIDER.emittedAt.get(word);
                                        if (emitted != null) {
                                            double ms = (now - emitted) / 1e6;
                                            latencies.add(ms);
                                            if (ms > 1000 && slow.size() < 20) {
                                                slow.add(word + "=" + Math.round(ms) + "ms seq=" + message.get("seq"));
                                            }
                                        }
                                    }
                                } else if (type.equals("completed") || type.equals("failed")) {
                                    done.countDown();
                                }
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return CompletableFuture.completedFuture(null);
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    /** The same provider, the same number of concurrent streams, consumed in-process without the platform. */
    private double[] runDirect(int streams) throws InterruptedException {
        List<Double> latencies = new CopyOnWriteArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(streams);
        Map<Integer, Thread> threads = new ConcurrentHashMap<>();
        for (int i = 0; i < streams; i++) {
            int generation = PROVIDER.nextGeneration();
            Thread thread = new Thread(() -> PROVIDER.stream(generation, gate, new GenerationListener() {
                @Override
                public void onToken(String text) {
                    long now = System.nanoTime();
                    latencies.add((now - PROVIDER.emittedAt.get(text.strip())) / 1e6);
                }

                @Override
                public void onComplete(GenerationOutcome outcome) {
                    done.countDown();
                }

                @Override
                public void onError(GenerationException failure) {
                    done.countDown();
                }
            }));
            threads.put(i, thread);
            thread.start();
        }
        gate.countDown();
        done.await(120, TimeUnit.SECONDS);
        return new double[]{percentile(latencies, 50), percentile(latencies, 99)};
    }

}
