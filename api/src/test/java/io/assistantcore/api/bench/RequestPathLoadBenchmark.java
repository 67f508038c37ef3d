package io.assistantcore.api.bench;

import io.assistantcore.ai.provider.WarmUps;
import io.assistantcore.ai.provider.fake.ProviderWire.Usage;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.testsupport.TestDatabase;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.assistantcore.api.bench.BenchSupport.postgresCpuMillis;
import static io.assistantcore.api.bench.BenchSupport.check;
import static io.assistantcore.api.bench.BenchSupport.everyRequestGenerated;
import static io.assistantcore.api.bench.BenchSupport.raiseQuotas;
import static io.assistantcore.api.bench.BenchSupport.group;
import static io.assistantcore.api.bench.BenchSupport.json;

/**
 * The request path under load: closed-loop clients that each open a session, request {@code IMPROVE} and read the
 * SSE stream to its terminal event, against an OpenAI-compatible provider (a local server speaking OpenAI's streaming
 * wire format, reached through the real langchain4j client) that streams 20 words with no delay. For 1, 8, 32 and
 * 128 clients it runs for a fixed time and prints requests/s, errors and p50/p99 end to end, next to the same closed
 * loop straight against the provider, measured in the same run.
 * <p>
 * Not a test: {@code ./mvnw -pl api -am verify -Pbench -Dtest=RequestPathLoadBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false} (seconds per level: {@code -Dbench.seconds=20}; levels:
 * {@code -Dbench.clients=1,8,32,128}). It prints the table and writes it to {@code api/target/load-benchmark.md}.
 */
@Tag("bench")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequestPathLoadBenchmark {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();
    private static final String MODEL = "gpt-load";
    private static final int WORDS = 20;
    private static final StreamingOpenAiServer OPENAI = provider();
    private static final Pattern SUGGESTION_ID = Pattern.compile("\"suggestionId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SESSION_ID = Pattern.compile("\"sessionId\"\\s*:\\s*\"([^\"]+)\"");

    @LocalServerPort
    int port;

    @Autowired
    WarmUps warmUps;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
        registry.add("OPENAI_API_KEY", () -> "sk-test");
        registry.add("OPENAI_BASE_URL", OPENAI::baseUrl);
        registry.add("OPENAI_MODEL", () -> MODEL);
        // the platform's own defaults for its pool, not the small pool tests share a server with
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "20");
        registry.add("logging.level.root", () -> "WARN");
        registry.add("logging.level.io.assistantcore", () -> "WARN");
    }

    private static StreamingOpenAiServer provider() {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < WORDS; i++) {
            words.add((i == 0 ? "" : " ") + "word" + i);
        }
        try {
            return new StreamingOpenAiServer(MODEL, words, new Usage(40, WORDS));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    record Result(int clients, double seconds, long requests, long errors, Map<String, Integer> errorKinds,
                  double p50, double p99, double max, double jvmCpuMs, double postgresCpuMs) {

        /** CPU time (this JVM — platform, clients and provider — plus the embedded PostgreSQL) per request. */
        double cpuMsPerRequest() {
            return requests == 0 ? 0 : (jvmCpuMs + postgresCpuMs) / requests;
        }

        double perSecond() {
            return requests / seconds;
        }
    }

    @Test
    void measure() throws Exception {
        ApiClient api = new ApiClient(port);
        String root = api.devToken(null, "root", "PLATFORM_ADMIN");
        check(api.put("/api/v1/admin/prices/openai/" + MODEL, root, Map.of("inputPerMillion", 0.15,
                "outputPerMillion", 0.6, "currency", "USD")), 200);
        String tenant = api.createTenant(root, "load-bench", "ENTERPRISE", "boss");
        String boss = api.devToken(tenant, "boss", "TENANT_ADMIN");
        raiseQuotas(api, tenant, boss);
        everyRequestGenerated(api, tenant, boss);

        int seconds = Integer.getInteger("bench.seconds", 20);
        List<Integer> levels = Stream.of(System.getProperty("bench.clients", "1,8,32,128").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        // get: POST the request, then GET its stream (two requests, the flow of the original measurement);
        // stream: POST the request with Accept: text/event-stream and read the stream from its response
        List<String> flows = Stream.of(System.getProperty("bench.flows", "get,stream").split(","))
                .map(String::trim).toList();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < levels.stream().mapToInt(Integer::intValue).max().orElse(1); i++) {
            tokens.add(api.devToken(tenant, "user-" + i, "MEMBER"));
        }

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        // the node's own warm-ups (LanguageTool, embedding models) take both cores for a minute after start: measure
        // the steady state, not them
        if (!warmUps.await(Duration.ofMinutes(5))) {
            System.out.println("warm-ups still running after 5 minutes: " + warmUps.pending());
        }
        // warm-up: JIT, connection pools, prompt templates. With a short one the JIT compiler still took a seventh of
        // the JVM's CPU during the 32-client level (per-thread CPU of the run), and with 30 s the CPU per request still
        // fell by half from the first level to the last: measure the steady state instead
        int warmUp = Integer.getInteger("bench.warmup.seconds", 90);
        for (String flow : flows) {
            runPlatform(http, tokens, Math.min(8, tokens.size()), warmUp / flows.size(), flow);
        }
        // then until the JIT compiler settles: on a slow day it still compiled a seventh of the JVM's CPU after 180 s,
        // which the levels then measured as the platform's cost. A 10 s slice of the same loop is repeated while the
        // compilers spent more than a tenth of it (at most -Dbench.warmup.max.seconds more, 300 by default)
        int maxMore = Integer.getInteger("bench.warmup.max.seconds", 300);
        long settleStart = System.nanoTime();
        String jit = "";
        for (int slice = 0; slice * 10 < maxMore; slice++) {
            long compiledBefore = compilationMillis();
            runPlatform(http, tokens, Math.min(8, tokens.size()), 10, flows.get(slice % flows.size()));
            double share = (compilationMillis() - compiledBefore) / 10_000.0;
            jit = String.format("JIT compilers %.0f %% of the last 10 s slice of the warm-up, %d s after the fixed one",
                    100 * share, (System.nanoTime() - settleStart) / 1_000_000_000L);
            if (share <= 0.10) {
                break;
            }
        }
        System.out.println(jit);
        runDirect(http, 8, 3);

        List<Result[]> rows = new ArrayList<>();
        StringBuilder databaseWork = new StringBuilder();
        List<String> flowOf = new ArrayList<>();
        for (int clients : levels) {
            for (String flow : flows) {
                // the windows, so a profile of the run (JFR, per-thread CPU) can be cut to one level's platform loop
                window("platform loop (" + flow + "), " + clients + " clients, from " + java.time.LocalTime.now());
                DatabaseWork before = DatabaseWork.read(jdbc);
                long compiledBefore = compilationMillis();
                Result platform = runPlatform(http, tokens, clients, seconds, flow);
                long compiled = compilationMillis() - compiledBefore;
                DatabaseWork after = DatabaseWork.read(jdbc);
                window("platform loop (" + flow + "), " + clients + " clients, until " + java.time.LocalTime.now());
                String work = clients + " clients (" + flow + "), database work per request: "
                        + after.perRequest(before, platform.requests(), 12)
                        + String.format("; JIT compilers' time during the level: %.1f s of %d s", compiled / 1000.0, seconds);
                System.out.println(work);
                databaseWork.append(work).append('\n');
                rows.add(new Result[]{platform, null});
                flowOf.add(flow);
            }
            Result direct = runDirect(http, clients, seconds);
            for (int i = rows.size() - flows.size(); i < rows.size(); i++) {
                rows.get(i)[1] = direct;
                System.out.println(line(flowOf.get(i), rows.get(i)[0], direct));
            }
        }
        StringBuilder table = new StringBuilder()
                .append("| clients | flow | platform req/s | errors | p50 (ms) | p99 (ms) | max (ms) "
                        + "| CPU ms/request (JVM + PostgreSQL) | provider direct req/s | direct p50 (ms) | direct p99 (ms) "
                        + "| direct CPU ms/request |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < rows.size(); i++) {
            table.append(line(flowOf.get(i), rows.get(i)[0], rows.get(i)[1])).append('\n');
        }
        StringBuilder errors = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            Result[] row = rows.get(i);
            if (!row[0].errorKinds().isEmpty()) {
                errors.append("errors at ").append(row[0].clients()).append(" clients (").append(flowOf.get(i))
                        .append("): ").append(row[0].errorKinds()).append('\n');
            }
        }
        String report = WORDS + " words per answer, " + seconds + " s per level, closed loop: session + IMPROVE + "
                + "SSE to the terminal event (flow get: the stream's own GET; stream: the stream in the POST's response); "
                + jit + "\n\n" + table + (errors.isEmpty() ? "" : "\n" + errors) + "\n" + databaseWork;
        System.out.println("\n" + report);
        Files.writeString(Path.of("target", "load-benchmark.md"), report);
    }

    private static String line(String flow, Result platform, Result direct) {
        return String.format("| %d | %s | %.1f | %d | %.0f | %.0f | %.0f | %.1f (%.1f + %.1f) | %.0f | %.1f | %.1f | %.2f |",
                platform.clients(), flow, platform.perSecond(), platform.errors(), platform.p50(), platform.p99(),
                platform.max(), platform.cpuMsPerRequest(), platform.jvmCpuMs() / Math.max(1, platform.requests()),
                platform.postgresCpuMs() / Math.max(1, platform.requests()), direct.perSecond(), direct.p50(),
                direct.p99(), direct.cpuMsPerRequest());
    }

    /**
     * One closed loop per client for {@code seconds}: open a session, request IMPROVE, read SSE to the end — from the
     * stream's own URL ({@code flow} get) or from the request's response ({@code flow} stream).
     */
    private Result runPlatform(HttpClient http, List<String> tokens, int clients, int seconds, String flow)
            throws Exception {
        String base = "http://127.0.0.1:" + port;
        boolean inResponse = switch (flow) {
            case "get" -> false;
            case "stream" -> true;
            default -> throw new IllegalArgumentException("bench.flows: get or stream, not " + flow);
        };
        return closedLoop(clients, seconds, n -> {
            String token = tokens.get(n);
            HttpResponse<String> session = http.send(json(base + "/api/v1/assist/sessions", token,
                    "{\"field\":{\"entityType\":\"Opportunity\",\"entityId\":\"" + n + "\",\"fieldName\":\"notes\"},"
                            + "\"text\":\"we will call you back on monday about the offer for the renewal\"}"),
                    HttpResponse.BodyHandlers.ofString());
            if (session.statusCode() != 201) {
                return "session " + session.statusCode() + kind(session.body());
            }
            String sessionId = group(SESSION_ID, session.body());
            String suggestions = base + "/api/v1/assist/sessions/" + sessionId + "/suggestions";
            if (inResponse) {
                String ended = BenchSupport.readSseToEnd(http, HttpRequest.newBuilder(URI.create(suggestions))
                        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                        .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"IMPROVE\"}")).build());
                return ended == null ? null : ended.replace("stream ", "suggestion (streamed) ");
            }
            HttpResponse<String> accepted = http.send(json(suggestions, token, "{\"action\":\"IMPROVE\"}"),
                    HttpResponse.BodyHandlers.ofString());
            if (accepted.statusCode() != 202) {
                return "suggestion " + accepted.statusCode() + kind(accepted.body());
            }
            String suggestionId = group(SUGGESTION_ID, accepted.body());
            return BenchSupport.readSseToEnd(http, URI.create(base + "/api/v1/assist/suggestions/" + suggestionId + "/stream"),
                    token);
        });
    }

    /** The same closed loop straight against the provider: one streamed chat completion read to [DONE]. */
    private Result runDirect(HttpClient http, int clients, int seconds) throws Exception {
        String url = OPENAI.baseUrl() + "/chat/completions";
        String body = "{\"model\":\"" + MODEL + "\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Improve: we will call you back on monday\"}]}";
        return closedLoop(clients, seconds, n -> {
            HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer sk-test").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                return "provider " + response.statusCode();
            }
            try (Stream<String> lines = response.body()) {
                return lines.anyMatch(line -> line.contains("[DONE]")) ? null : "provider stream without [DONE]";
            }
        });
    }

    interface Iteration {
        /** @return null on success, else what went wrong */
        String run(int client) throws Exception;
    }

    private static Result closedLoop(int clients, int seconds, Iteration iteration) throws Exception {
        Histogram latencies = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        LongAdder requests = new LongAdder();
        LongAdder errors = new LongAdder();
        Map<String, AtomicInteger> kinds = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long jvmCpuBefore = jvmCpuNanos();
        long postgresCpuBefore = postgresCpuMillis(RequestPathLoadBenchmark::isEmbeddedPostmaster);
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<?>> loops = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            loops.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    long began = System.nanoTime();
                    String error;
                    try {
                        error = iteration.run(client);
                    } catch (IOException | RuntimeException e) {
                        error = e.getClass().getSimpleName();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        error = e.getClass().getSimpleName();
                    }
                    long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - began);
                    synchronized (latencies) {
                        latencies.recordValue(Math.min(micros, latencies.getHighestTrackableValue()));
                    }
                    requests.increment();
                    if (error != null) {
                        errors.increment();
                        kinds.computeIfAbsent(error, k -> new AtomicInteger()).incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> loop : loops) {
            loop.get(seconds + 120L, TimeUnit.SECONDS);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double jvmCpuMs = (jvmCpuNanos() - jvmCpuBefore) / 1e6;
        double postgresCpuMs = postgresCpuMillis(RequestPathLoadBenchmark::isEmbeddedPostmaster) - postgresCpuBefore;
        pool.shutdownNow();
        Map<String, Integer> errorKinds = new TreeMap<>();
        kinds.forEach((k, v) -> errorKinds.put(k, v.get()));
        return new Result(clients, elapsed, requests.sum(), errors.sum(), errorKinds,
                latencies.getValueAtPercentile(50) / 1000.0, latencies.getValueAtPercentile(99) / 1000.0,
                latencies.getMaxValue() / 1000.0, jvmCpuMs, postgresCpuMs);
    }

    /** The embedded server's postmaster, started by this benchmark's application. */
    private static boolean isEmbeddedPostmaster(String commandLine) {
        return commandLine.contains("assistant-core-pg-");
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }


    /** The Problem Details type's last segment, so errors group by kind. */
    private static String kind(String body) {
        Matcher matcher = Pattern.compile("\"type\"\\s*:\\s*\"[^\"]*/([^\"/]+)\"").matcher(body);
        return matcher.find() ? " " + matcher.group(1) : "";
    }


    /**
     * Prints a level's window and, with {@code -Dbench.windows=<file>}, appends it to that file at once (Surefire
     * writes the test's output only at its end), so a profiler can be started and stopped around one level.
     */
    private static void window(String line) throws IOException {
        System.out.println(line);
        String file = System.getProperty("bench.windows");
        if (file != null) {
            Files.writeString(Path.of(file), line + System.lineSeparator(), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }
    }


    /** Time the JIT compilers have spent so far (wall time of their threads, as the JVM accounts it). */
    private static long compilationMillis() {
        java.lang.management.CompilationMXBean compilation = java.lang.management.ManagementFactory.getCompilationMXBean();
        return compilation != null && compilation.isCompilationTimeMonitoringSupported()
                ? compilation.getTotalCompilationTime() : 0;
    }

}
