package io.assistantcore.api.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.assistantcore.ai.assist.ProviderChain;
import io.assistantcore.ai.generation.GenerationException;
import io.assistantcore.ai.generation.GenerationListener;
import io.assistantcore.ai.generation.GenerationOutcome;
import io.assistantcore.ai.provider.WarmUps;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.platform.ops.ProjectionOperations;
import io.assistantcore.platform.stream.LiveStreamFeed;
import io.assistantcore.projections.assist.AssistHistoryProjection;
import io.assistantcore.testsupport.TestDatabase;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.assistantcore.api.bench.BenchSupport.caughtUp;
import static io.assistantcore.api.bench.BenchSupport.check;
import static io.assistantcore.api.bench.BenchSupport.everyRequestGenerated;
import static io.assistantcore.api.bench.BenchSupport.raiseQuotas;
import static io.assistantcore.api.bench.BenchSupport.group;
import static io.assistantcore.api.bench.BenchSupport.json;
import static io.assistantcore.api.web.ReadModelCatchUp.READ_MODEL_BEHIND;
import static io.assistantcore.api.bench.BenchSupport.percentile;

/**
 * The streaming benchmark suite: every figure next to baselines measured in the same run — the provider consumed
 * directly (in-process listener) and a plain pass-through relay without persistence (a tiny HTTP server in this test
 * that forwards the same provider's words to an SSE client as they come, storing nothing).
 * <ol>
 *     <li>Word relay latency p50/p99 to SSE and to WebSocket clients at 1/10/100/500 concurrent streams
 *     ({@code -Dbench.streams}; {@code -Dbench.words} words per response, one every {@code -Dbench.interval} ms,
 *     the first at once). Overhead = platform minus pass-through.</li>
 *     <li>Time to first token ({@code -Dbench.ttft} sequential samples): from the request to the first word at the
 *     client — for the platform {@code POST …/suggestions} then its SSE stream (the session exists already), for the
 *     pass-through one GET, for the direct consumer the call.</li>
 *     <li>Sustained streamed requests/s (closed loop of {@code -Dbench.load.clients} clients for
 *     {@code -Dbench.load.seconds}: session, suggestion, SSE to the end; 20 words without delay), errors, and events
 *     stored per second (rows of the event table before and after).</li>
 *     <li>Heap used after a full GC with {@code -Dbench.open} (1,000) open streams: the provider holds every
 *     response after its first word and each stream has an SSE client; this JVM holds the platform and the
 *     clients.</li>
 *     <li>Replay speed of the history projection ({@code assist-history}): its tokens reset (the platform's replay:
 *     shut down, {@code resetTokens}, start) once the event store holds all of the above, timed until it has caught
 *     up with the head again.</li>
 * </ol>
 * Not a test: {@code ./mvnw -pl api -am verify -Pbench -Dtest=StreamingSuiteBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false} (a short run: {@code -Dbench.streams=1,10 -Dbench.open=100
 * -Dbench.load.seconds=5}). It prints one table and writes it to {@code api/target/streaming-suite.md}.
 */
@Tag("bench")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StreamingSuiteBenchmark {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();
    static final PacedProvider PROVIDER = new PacedProvider();
    private static final List<Integer> LEVELS = Stream.of(System.getProperty("bench.streams", "1,10,100,500")
            .split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
    private static final int WORDS = Integer.getInteger("bench.words", 40);
    private static final long INTERVAL = Long.getLong("bench.interval", 20);
    private static final int TTFT_SAMPLES = Integer.getInteger("bench.ttft", 30);
    private static final int LOAD_CLIENTS = Integer.getInteger("bench.load.clients", 32);
    private static final int LOAD_SECONDS = Integer.getInteger("bench.load.seconds", 30);
    private static final int OPEN = Integer.getInteger("bench.open", 1000);
    private static final int USERS = 16;
    private static final Pattern WORD = Pattern.compile("g\\d+t\\d+");
    private static final Pattern SUGGESTION_ID = Pattern.compile("\"suggestionId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SESSION_ID = Pattern.compile("\"sessionId\"\\s*:\\s*\"([^\"]+)\"");

    @LocalServerPort
    int port;
    @Autowired
    LiveStreamFeed feed;
    @Autowired
    WarmUps warmUps;
    @Autowired
    ProjectionOperations projections;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    DataSource dataSource;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
        int streams = Math.max(OPEN, LEVELS.stream().mapToInt(Integer::intValue).max().orElse(1));
        // every open stream is an attempt running on a worker thread; the per-user and per-node stream limits are
        // protections a benchmark with 16 users and 1,000 streams on one node would hit by design
        registry.add("assistant.ai.worker-threads", () -> "" + (streams + 64));
        registry.add("assistant.streams.max-per-user", () -> "100000");
        registry.add("assistant.streams.max-per-node", () -> "100000");
        // streams held open mid-response for minutes are not stalled attempts
        registry.add("assistant.ai.stall-timeout", () -> "PT30M");
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "20");
        registry.add("logging.level.root", () -> "WARN");
        registry.add("logging.level.io.assistantcore", () -> "WARN");
    }

    @TestConfiguration
    static class SyntheticOnly {
        @Bean
        @Primary
        ProviderChain syntheticChain() {
            return new ProviderChain(List.of(PROVIDER));
        }
    }

    /** One line of the result table. */
    record Line(String measure, String platform, String passThrough, String direct, String overhead, String target,
                String met, String notes) {
    }

    private final List<Line> lines = new ArrayList<>();
    private final List<String> phases = new ArrayList<>();
    private final List<HttpClient> clients = new ArrayList<>();
    private final AtomicInteger nextClient = new AtomicInteger();
    private final List<String> tokens = new ArrayList<>();
    private ApiClient api;
    private PassThroughRelay relay;
    private JdbcTemplate jdbc;

    @Test
    void measure() throws Exception {
        jdbc = new JdbcTemplate(dataSource);
        for (int i = 0; i < 8; i++) {
            clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(20)).build());
        }
        setUpTenant();
        relay = new PassThroughRelay();
        try {
            if (!warmUps.await(Duration.ofMinutes(5))) {
                System.out.println("warm-ups still running after 5 minutes: " + warmUps.pending());
            }
            // warm-up: JIT, pools, templates
            PROVIDER.pace(WORDS, INTERVAL);
            platformSse(5);
            platformWebSocket(5);
            passThrough(5);
            direct(5);

            phase("latency");
            for (int streams : LEVELS) {
                latency(streams);
            }
            settle();
            phase("ttft");
            ttft();
            settle();
            phase("throughput");
            throughput();
            settle();
            phase("heap");
            heap();
            settle();
            phase("replay");
            replay();
            phase("end");
        } finally {
            relay.close();
        }
        String report = report();
        System.out.println("\n" + report);
        Files.writeString(Path.of("target", "streaming-suite.md"), report);
    }

    private void phase(String name) {
        phases.add(name + " " + Instant.now());
        progress("phase " + name + " at " + Instant.now());
    }

    /**
     * Waits (up to 3 minutes) until every event processor has reached the head the store had when this began, so a
     * phase does not compete with the previous phase's backlog.
     */
    private void settle() throws InterruptedException {
        long started = System.nanoTime();
        Long headOrNull = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        long head = headOrNull == null ? 0 : headOrNull;
        long deadline = started + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline && projections.list().stream()
                .anyMatch(p -> p.position() != null && p.position() < head)) {
            Thread.sleep(100);
        }
        progress(String.format("processors settled in %.1f s", (System.nanoTime() - started) / 1e9));
    }

    /** Progress as the run goes (the test's standard output reaches its report file only at the end). */
    private static void progress(Object line) {
        System.out.println(line);
        try {
            Files.writeString(Path.of("target", "streaming-suite.log"), line + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void setUpTenant() {
        api = new ApiClient(port);
        String root = api.devToken(null, "root", "PLATFORM_ADMIN");
        check(api.put("/api/v1/admin/prices/synthetic/fixed-rate", root, Map.of("inputPerMillion", 0.1,
                "outputPerMillion", 0.1, "currency", "USD")), 200);
        String tenant = api.createTenant(root, "stream-bench", "ENTERPRISE", "boss");
        String boss = api.devToken(tenant, "boss", "TENANT_ADMIN");
        raiseQuotas(api, tenant, boss);
        everyRequestGenerated(api, tenant, boss);
        for (int i = 0; i < USERS; i++) {
            tokens.add(api.devToken(tenant, "user-" + i, "MEMBER"));
        }
    }

    /**
     * One time-to-first-token sample in stages, in ms from the request's start: the stored events' own timestamps
     * (when the command handler and the worker created them; the same clock as the client's) beside what the client
     * saw. NaN for an event not found.
     */
    private double[] stages(String suggestionId, java.time.Instant startedAt, double answeredMs, double firstWordMs) {
        Map<String, java.time.Instant> first = new java.util.HashMap<>();
        jdbc.query("SELECT payload_type, time_stamp FROM domain_event_entry WHERE global_index > "
                + "(SELECT max(global_index) - 2000 FROM domain_event_entry) AND convert_from(payload, 'UTF8') LIKE ? "
                + "ORDER BY global_index", rs -> {
            String type = rs.getString(1);
            first.putIfAbsent(type.substring(type.lastIndexOf('$') + 1), java.time.Instant.parse(rs.getString(2)));
        }, "%" + suggestionId + "%");
        java.util.function.Function<String, Double> at = type -> first.containsKey(type)
                ? java.time.Duration.between(startedAt, first.get(type)).toNanos() / 1e6 : Double.NaN;
        return new double[]{at.apply("SuggestionRequested"), answeredMs, at.apply("SuggestionStreamStarted"),
                at.apply("SuggestionTokensStreamed"), firstWordMs};
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 1. word relay latency

    private void latency(int streams) throws Exception {
        long late = LATE_SESSIONS.sum();
        Result sse = platformSse(streams);
        Result ws = platformWebSocket(streams);
        Result pass = passThrough(streams);
        Result direct = direct(streams);
        late = LATE_SESSIONS.sum() - late;
        for (Result platform : List.of(sse, ws)) {
            boolean targeted = streams == 100;
            double overheadP50 = platform.p50() - pass.p50();
            double overheadP99 = platform.p99() - pass.p99();
            lines.add(new Line("word latency p50 / p99 (ms), " + platform.client() + ", " + streams + " streams",
                    ms(platform.p50()) + " / " + ms(platform.p99()), ms(pass.p50()) + " / " + ms(pass.p99()),
                    ms3(direct.p50()) + " / " + ms3(direct.p99()), ms(overheadP50) + " / " + ms(overheadP99),
                    targeted ? "≤ 2 / ≤ 15" : "", targeted ? met(overheadP50 <= 2 && overheadP99 <= 15) : "",
                    String.format("%.1f chunk events per response; %d of %d streams incomplete%s",
                            platform.chunkEvents() / (double) streams, platform.incomplete(), streams, late == 0 ? ""
                                    : "; " + late + " suggestion requests of this level answered 503 read-model-behind "
                                    + "(session read model behind) and were repeated")));
            progress(lines.get(lines.size() - 1));
        }
    }

    record Result(String client, double p50, double p99, int chunkEvents, int incomplete) {
    }

    /** Words measured from their departure at the provider to a client; streams counted by their terminal event. */
    static final class Recorder {
        final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger tokenEvents = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final CountDownLatch done;
        final CountDownLatch firstWords;
        /** nanoTime of the first word any of its streams received */
        final AtomicLong firstWordAt = new AtomicLong();

        Recorder(int streams) {
            done = new CountDownLatch(streams);
            firstWords = new CountDownLatch(streams);
        }

        void words(CharSequence text, long now) {
            Matcher matcher = WORD.matcher(text);
            while (matcher.find()) {
                Long emitted = PROVIDER.emittedAt.get(matcher.group());
                if (emitted != null) {
                    latencies.add((now - emitted) / 1e6);
                }
            }
        }

        Result result(String client, int streams, int seconds) throws InterruptedException {
            boolean all = done.await(seconds, TimeUnit.SECONDS);
            int incomplete = (int) done.getCount() + failed.get();
            if (!all) {
                progress(client + ": " + done.getCount() + " of " + streams + " streams did not end in "
                        + seconds + " s");
            }
            return new Result(client, percentile(latencies, 50), percentile(latencies, 99), tokenEvents.get(),
                    incomplete);
        }
    }

    /** Reads one SSE stream: token events' words are timed; the first word and the terminal event are signalled. */
    static final class SseReader implements Flow.Subscriber<String> {
        private final Recorder recorder;
        private final long startedAt;
        private Flow.Subscription subscription;
        private String event = "";
        private volatile long firstWordNanos;
        private boolean finished;

        SseReader(Recorder recorder) {
            this.recorder = recorder;
            this.startedAt = System.nanoTime();
        }

        /** From the reader's creation to its first word, in ms. */
        double timeToFirstWord() {
            return (firstWordNanos - startedAt) / 1e6;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            long now = System.nanoTime();
            if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                if (event.equals("token")) {
                    recorder.tokenEvents.incrementAndGet();
                    recorder.words(line, now);
                    recorder.firstWordAt.compareAndSet(0, now);
                    if (firstWordNanos == 0) {
                        firstWordNanos = now;
                        recorder.firstWords.countDown();
                    }
                } else if (event.equals("completed")) {
                    finish(true);
                } else if (event.equals("failed") || event.equals("cancelled") || event.equals("error")) {
                    finish(false);
                }
            } else if (line.isEmpty()) {
                event = "";
            }
        }

        private void finish(boolean ok) {
            if (!finished) {
                finished = true;
                if (!ok) {
                    recorder.failed.incrementAndGet();
                }
                recorder.done.countDown();
                if (subscription != null) {
                    subscription.cancel();
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            finish(false);
        }

        @Override
        public void onComplete() {
            finish(false);
        }
    }

    private HttpClient client() {
        return clients.get(Math.floorMod(nextClient.incrementAndGet(), clients.size()));
    }

    private SseReader openSse(URI uri, String token, Recorder recorder) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return openSse(request.build(), recorder);
    }

    /** Sends {@code request} (asking for {@code text/event-stream}) and reads its stream into {@code recorder}. */
    private SseReader openSse(HttpRequest request, Recorder recorder) {
        URI uri = request.uri();
        SseReader reader = new SseReader(recorder);
        client().sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(reader))
                .whenComplete((response, failure) -> {
                    if (failure != null || response.statusCode() != 200) {
                        progress("SSE " + uri.getPath() + ": " + (failure != null ? failure
                                : response.statusCode()));
                        reader.finish(false);
                    }
                });
        return reader;
    }

    private URI suggestionStream(String suggestionId) {
        return URI.create("http://127.0.0.1:" + port + "/api/v1/assist/suggestions/" + suggestionId + "/stream");
    }

    /** Suggestion requests answered 503 read-model-behind because the new session's read model was not there yet. */
    private static final LongAdder LATE_SESSIONS = new LongAdder();

    /** Opens an assist session on an opportunity's notes: its id. */
    private String openSession(String token, String entityId, String text) throws IOException, InterruptedException {
        HttpResponse<String> session = client().send(json("http://127.0.0.1:" + port + "/api/v1/assist/sessions", token,
                "{\"field\":{\"entityType\":\"Opportunity\",\"entityId\":\"" + entityId
                        + "\",\"fieldName\":\"notes\"},\"text\":\"" + text + "\"}"),
                HttpResponse.BodyHandlers.ofString());
        if (session.statusCode() != 201) {
            throw new IllegalStateException("session " + session.statusCode() + ": " + session.body());
        }
        return group(SESSION_ID, session.body());
    }

    /** Opens a session and requests IMPROVE: the suggestion's id. */
    private String createSuggestion(int n) throws IOException, InterruptedException {
        String token = tokens.get(n % USERS);
        String base = "http://127.0.0.1:" + port;
        String sessionId = openSession(token, String.valueOf(n),
                "we will call you back on monday about the offer for the renewal");
        HttpResponse<String> accepted = client().send(json(base + "/api/v1/assist/sessions/" + sessionId
                + "/suggestions", token, "{\"action\":\"IMPROVE\"}"), HttpResponse.BodyHandlers.ofString());
        // under load the session's read model can trail its creation by more than the request waits for it
        // (assistant.consistency.read-model-wait): the client gets 503 read-model-behind with Retry-After and asks
        // again, as a client would
        for (int retry = 0; accepted.statusCode() == 503 && accepted.body().contains(READ_MODEL_BEHIND) && retry < 30;
             retry++) {
            LATE_SESSIONS.increment();
            Thread.sleep(1000);
            accepted = client().send(json(base + "/api/v1/assist/sessions/" + sessionId + "/suggestions", token,
                    "{\"action\":\"IMPROVE\"}"), HttpResponse.BodyHandlers.ofString());
        }
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("suggestion " + accepted.statusCode() + ": " + accepted.body());
        }
        return group(SUGGESTION_ID, accepted.body());
    }

    private List<String> createSuggestions(int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                created.add(pool.submit(() -> createSuggestion(n)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> future : created) {
                ids.add(future.get(10, TimeUnit.MINUTES));
            }
            return ids;
        } finally {
            pool.shutdown();
        }
    }

    private Result platformSse(int streams) throws Exception {
        PROVIDER.closeGate();
        List<String> ids = createSuggestions(streams);
        Recorder recorder = new Recorder(streams);
        int before = feed.subscriberCount();
        for (int i = 0; i < streams; i++) {
            openSse(suggestionStream(ids.get(i)), tokens.get(i % USERS), recorder);
        }
        await(() -> feed.subscriberCount() >= before + streams, 120);
        PROVIDER.openGate();
        return recorder.result("SSE", streams, 300);
    }

    private Result platformWebSocket(int streams) throws Exception {
        PROVIDER.closeGate();
        List<String> ids = createSuggestions(streams);
        Recorder recorder = new Recorder(streams);
        int before = feed.subscriberCount();
        List<WebSocket> sockets = new ArrayList<>();
        int perSocket = 10;
        for (int from = 0; from < streams; from += perSocket) {
            WebSocket socket = connect(tokens.get((from / perSocket) % USERS), recorder);
            for (String id : ids.subList(from, Math.min(streams, from + perSocket))) {
                socket.sendText("{\"type\":\"subscribe\",\"stream\":\"suggestion\",\"id\":\"" + id
                        + "\",\"fromSeq\":0}", true).join();
            }
            sockets.add(socket);
        }
        await(() -> feed.subscriberCount() >= before + streams, 120);
        PROVIDER.openGate();
        Result result = recorder.result("WebSocket", streams, 300);
        sockets.forEach(WebSocket::abort);
        return result;
    }

    private WebSocket connect(String token, Recorder recorder) throws Exception {
        ObjectMapper json = new ObjectMapper();
        return client().newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?access_token="
                + token), new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                long now = System.nanoTime();
                partial.append(data);
                if (last) {
                    try {
                        JsonNode message = json.readTree(partial.toString());
                        String type = message.path("type").asText();
                        if (type.equals("token")) {
                            recorder.tokenEvents.incrementAndGet();
                            recorder.words(message.path("text").asText(), now);
                        } else if (type.equals("completed")) {
                            recorder.done.countDown();
                        } else if (type.equals("failed") || type.equals("cancelled")) {
                            recorder.failed.incrementAndGet();
                            recorder.done.countDown();
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    partial.setLength(0);
                }
                webSocket.request(1);
                return CompletableFuture.completedFuture(null);
            }
        }).get(20, TimeUnit.SECONDS);
    }

    private Result passThrough(int streams) throws Exception {
        PROVIDER.closeGate();
        Recorder recorder = new Recorder(streams);
        int before = relay.entered.get();
        for (int i = 0; i < streams; i++) {
            openSse(relay.uri(), null, recorder);
        }
        await(() -> relay.entered.get() >= before + streams, 120);
        PROVIDER.openGate();
        return recorder.result("pass-through", streams, 300);
    }

    /** The same provider, the same number of concurrent streams, consumed in-process. */
    private Result direct(int streams) throws InterruptedException {
        Recorder recorder = new Recorder(streams);
        CountDownLatch gate = new CountDownLatch(1);
        for (int i = 0; i < streams; i++) {
            int generation = PROVIDER.nextGeneration();
            Thread thread = new Thread(() -> PROVIDER.stream(generation, gate, new GenerationListener() {
                @Override
                public void onToken(String text) {
                    recorder.tokenEvents.incrementAndGet();
                    recorder.words(text, System.nanoTime());
                }

                @Override
                public void onComplete(GenerationOutcome outcome) {
                    recorder.done.countDown();
                }

                @Override
                public void onError(GenerationException failure) {
                    recorder.failed.incrementAndGet();
                    recorder.done.countDown();
                }
            }));
            thread.setDaemon(true);
            thread.start();
        }
        gate.countDown();
        return recorder.result("direct", streams, 300);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 2. time to first token

    private void ttft() throws Exception {
        PROVIDER.pace(20, INTERVAL);
        PROVIDER.openGate();
        List<Double> platform = new ArrayList<>();
        List<Double> inResponse = new ArrayList<>();
        List<Double> pass = new ArrayList<>();
        List<Double> direct = new ArrayList<>();
        List<double[]> stages = new ArrayList<>();
        String base = "http://127.0.0.1:" + port;
        for (int i = 0; i < TTFT_SAMPLES; i++) {
            // the session is open already (the panel opened it); measured: the request, then its stream
            String token = tokens.get(i % USERS);
            String sessionId = openSession(token, "t" + i, "we will call you back on monday about the offer");
            Recorder recorder = new Recorder(1);
            long started = System.nanoTime();
            java.time.Instant startedAt = java.time.Instant.now();
            HttpResponse<String> accepted = client().send(json(base + "/api/v1/assist/sessions/" + sessionId
                    + "/suggestions", token, "{\"action\":\"IMPROVE\"}"), HttpResponse.BodyHandlers.ofString());
            long answered = System.nanoTime();
            String suggestionId = group(SUGGESTION_ID, accepted.body());
            openSse(suggestionStream(suggestionId), token, recorder);
            recorder.firstWords.await(60, TimeUnit.SECONDS);
            platform.add((recorder.firstWordAt.get() - started) / 1e6);
            recorder.done.await(60, TimeUnit.SECONDS);
            stages.add(stages(suggestionId, startedAt, (answered - started) / 1e6,
                    (recorder.firstWordAt.get() - started) / 1e6));

            // the same request asking for its stream in the response (Accept: text/event-stream): one request
            String anotherSession = openSession(token, "s" + i, "we will call you back on monday about the offer");
            Recorder streamed = new Recorder(1);
            started = System.nanoTime();
            openSse(HttpRequest.newBuilder(URI.create(base + "/api/v1/assist/sessions/" + anotherSession
                            + "/suggestions")).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"IMPROVE\"}")).build(), streamed);
            streamed.firstWords.await(60, TimeUnit.SECONDS);
            inResponse.add((streamed.firstWordAt.get() - started) / 1e6);
            streamed.done.await(60, TimeUnit.SECONDS);

            Recorder relayed = new Recorder(1);
            started = System.nanoTime();
            openSse(relay.uri(), null, relayed);
            relayed.firstWords.await(60, TimeUnit.SECONDS);
            pass.add((relayed.firstWordAt.get() - started) / 1e6);
            relayed.done.await(60, TimeUnit.SECONDS);

            AtomicLong first = new AtomicLong();
            CountDownLatch end = new CountDownLatch(1);
            started = System.nanoTime();
            PROVIDER.stream(PROVIDER.nextGeneration(), new CountDownLatch(0), new GenerationListener() {
                @Override
                public void onToken(String text) {
                    first.compareAndSet(0, System.nanoTime());
                }

                @Override
                public void onComplete(GenerationOutcome outcome) {
                    end.countDown();
                }

                @Override
                public void onError(GenerationException failure) {
                    end.countDown();
                }
            });
            direct.add((first.get() - started) / 1e6);
        }
        double overheadP50 = percentile(platform, 50) - percentile(pass, 50);
        double overheadP99 = percentile(platform, 99) - percentile(pass, 99);
        // where the time to first token goes: each stage's p50 over the samples, from the request's start
        StringBuilder breakdown = new StringBuilder("stages, p50 of ms from the request's start:");
        String[] names = {"request event stamped", "request answered 202", "stream started event stamped",
                "first chunk event stamped", "first word at the client"};
        for (int stage = 0; stage < names.length; stage++) {
            int index = stage;
            breakdown.append(' ').append(names[stage]).append(' ').append(ms(percentile(
                    stages.stream().map(sample -> sample[index]).filter(v -> !Double.isNaN(v)).toList(), 50)))
                    .append(stage < names.length - 1 ? ";" : "");
        }
        progress(breakdown.toString());
        lines.add(new Line("time to first token in stages, p50 (ms from the request's start)",
                breakdown.substring(breakdown.indexOf(":") + 2), "", "", "", "", "", "the events' own timestamps "
                + "(the command handler's and the worker's clock, the client's too) beside what the client saw"));
        lines.add(new Line("time to first token p50 / p99 (ms), SSE, one at a time",
                ms(percentile(platform, 50)) + " / " + ms(percentile(platform, 99)),
                ms(percentile(pass, 50)) + " / " + ms(percentile(pass, 99)),
                ms3(percentile(direct, 50)) + " / " + ms3(percentile(direct, 99)),
                ms(overheadP50) + " / " + ms(overheadP99), "p50 ≤ 5", met(overheadP50 <= 5),
                TTFT_SAMPLES + " samples; platform: POST …/suggestions + its SSE stream, the session already open"));
        progress(lines.get(lines.size() - 1));
        double streamedP50 = percentile(inResponse, 50) - percentile(pass, 50);
        lines.add(new Line("time to first token p50 / p99 (ms), the stream in the POST's response",
                ms(percentile(inResponse, 50)) + " / " + ms(percentile(inResponse, 99)),
                ms(percentile(pass, 50)) + " / " + ms(percentile(pass, 99)),
                ms3(percentile(direct, 50)) + " / " + ms3(percentile(direct, 99)),
                ms(streamedP50) + " / " + ms(percentile(inResponse, 99) - percentile(pass, 99)), "p50 ≤ 5",
                met(streamedP50 <= 5), TTFT_SAMPLES + " samples, interleaved with those above; platform: POST "
                + "…/suggestions with Accept: text/event-stream, read from its response"));
        progress(lines.get(lines.size() - 1));
    }


    // ---------------------------------------------------------------------------------------------------------------
    // 3. sustained streamed requests/s and events stored

    private void throughput() throws Exception {
        PROVIDER.pace(20, 0);
        PROVIDER.openGate();
        PROVIDER.noteDepartures = false;
        try {
            long eventsBefore = eventCount();
            long lateBefore = LATE_SESSIONS.sum();
            LagSampler lag = new LagSampler();
            Thread sampler = new Thread(lag, "lag-sampler");
            sampler.setDaemon(true);
            sampler.start();
            Loop platform;
            try {
                platform = closedLoop(LOAD_CLIENTS, LOAD_SECONDS, n -> {
                    String suggestionId = createSuggestion(n);
                    return readToEnd(suggestionStream(suggestionId), tokens.get(n % USERS));
                });
            } finally {
                lag.stop = true;
                sampler.join(5_000);
            }
            long eventsAfter = eventCount();
            // how long the processors then need to reach the head of the loop's events
            long catchUpStarted = System.nanoTime();
            settle();
            double catchUp = (System.nanoTime() - catchUpStarted) / 1e9;
            List<Line> lags = new ArrayList<>();
            for (String processor : LagSampler.WATCHED) {
                List<Long> seen = lag.samples.get(processor);
                List<Double> values = seen.stream().map(Long::doubleValue).toList();
                lags.add(new Line("processor lag during that loop, " + processor + " (events behind the head)",
                        values.isEmpty() ? "—" : String.format("p50 %.0f / p99 %.0f / max %.0f", percentile(values, 50),
                                percentile(values, 99), values.stream().mapToDouble(Double::doubleValue).max()
                                        .orElse(0)), "—", "—", "", "", "", values.size() + " samples every 250 ms "
                        + "(head minus the processor's lowest segment position); every processor at the head "
                        + String.format("%.1f s", catchUp) + " after the loop ended"));
            }
            long late = LATE_SESSIONS.sum() - lateBefore;
            Loop pass = closedLoop(LOAD_CLIENTS, LOAD_SECONDS, n -> readToEnd(relay.uri(), null));
            Loop direct = closedLoop(LOAD_CLIENTS, Math.min(5, LOAD_SECONDS), n -> {
                CountDownLatch end = new CountDownLatch(1);
                PROVIDER.stream(PROVIDER.nextGeneration(), new CountDownLatch(0), new GenerationListener() {
                    @Override
                    public void onToken(String text) {
                    }

                    @Override
                    public void onComplete(GenerationOutcome outcome) {
                        end.countDown();
                    }

                    @Override
                    public void onError(GenerationException failure) {
                        end.countDown();
                    }
                });
                return end.getCount() == 0 ? null : "no end";
            });
            lines.add(new Line("streamed requests/s, " + LOAD_CLIENTS + " clients, 20 words (errors)",
                    String.format("%.1f (%d)", platform.perSecond(), platform.errors()),
                    String.format("%.0f (%d)", pass.perSecond(), pass.errors()),
                    String.format("%.0f (%d)", direct.perSecond(), direct.errors()), "",
                    "≥ 500, 0 errors", met(platform.perSecond() >= 500 && platform.errors() == 0 && late == 0),
                    LOAD_SECONDS + " s closed loop: session + IMPROVE + SSE to the end; p50 / p99 "
                            + ms(platform.p50()) + " / " + ms(platform.p99()) + " ms" + (late == 0 ? "" : "; " + late
                            + " suggestion requests answered 503 read-model-behind (session read model behind) and were "
                            + "repeated")
                            + (platform.kinds().isEmpty()
                            ? "" : "; errors: " + platform.kinds())));
            double eventsPerSecond = (eventsAfter - eventsBefore) / platform.seconds();
            lines.add(new Line("events stored/s during that loop", String.format("%.0f", eventsPerSecond), "—", "—",
                    "", "", "", String.format("%d events, %.1f per request", eventsAfter - eventsBefore,
                    (eventsAfter - eventsBefore) / (double) Math.max(1, platform.requests()))));
            progress(lines.get(lines.size() - 2));
            progress(lines.get(lines.size() - 1));
            lags.forEach(line -> {
                lines.add(line);
                progress(line);
            });
        } finally {
            PROVIDER.noteDepartures = true;
        }
    }

    /** Samples how far the projections that follow every request trail the event store's head. */
    private final class LagSampler implements Runnable {

        static final List<String> WATCHED = List.of("assist-history", "billing", "audit-trail");
        final Map<String, List<Long>> samples = new java.util.concurrent.ConcurrentHashMap<>();
        volatile boolean stop;

        LagSampler() {
            WATCHED.forEach(name -> samples.put(name, Collections.synchronizedList(new ArrayList<>())));
        }

        @Override
        public void run() {
            while (!stop) {
                projections.list().stream().filter(p -> WATCHED.contains(p.name()) && p.position() != null)
                        .forEach(p -> samples.get(p.name()).add(Math.max(0, p.headPosition() - p.position())));
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private long eventCount() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
        return count == null ? 0 : count;
    }

    /** Reads an SSE stream to its terminal event: null when it completed, else what went wrong. */
    private String readToEnd(URI uri, String token) throws IOException, InterruptedException {
        return BenchSupport.readSseToEnd(client(), uri, token);
    }

    interface Iteration {
        /** @return null on success, else what went wrong */
        String run(int client) throws Exception;
    }

    record Loop(double seconds, long requests, long errors, Map<String, Integer> kinds, double p50, double p99) {
        double perSecond() {
            return requests / seconds;
        }
    }

    private static Loop closedLoop(int clients, int seconds, Iteration iteration) throws Exception {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        LongAdder requests = new LongAdder();
        LongAdder errors = new LongAdder();
        Map<String, Integer> kinds = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<?>> loops = new ArrayList<>();
        AtomicInteger sequence = new AtomicInteger();
        for (int c = 0; c < clients; c++) {
            loops.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    long began = System.nanoTime();
                    String error;
                    try {
                        error = iteration.run(sequence.incrementAndGet());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        error = e.getClass().getSimpleName();
                    }
                    latencies.add((System.nanoTime() - began) / 1e6);
                    requests.increment();
                    if (error != null) {
                        errors.increment();
                        kinds.merge(error, 1, Integer::sum);
                    }
                }
            }));
        }
        for (Future<?> loop : loops) {
            loop.get(seconds + 180L, TimeUnit.SECONDS);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdownNow();
        return new Loop(elapsed, requests.sum(), errors.sum(), Map.copyOf(kinds), percentile(latencies, 50),
                percentile(latencies, 99));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 4. heap with open streams

    private void heap() throws Exception {
        PROVIDER.pace(WORDS, INTERVAL);
        PROVIDER.openGate();
        PROVIDER.closeHold();
        PROVIDER.emittedAt.clear();

        long passBefore = usedHeapAfterGc();
        Recorder relayed = new Recorder(OPEN);
        for (int i = 0; i < OPEN; i++) {
            openSse(relay.uri(), null, relayed);
        }
        boolean passOpen = relayed.firstWords.await(5, TimeUnit.MINUTES);
        long passWith = usedHeapAfterGc();
        PROVIDER.pace(WORDS, 0);
        PROVIDER.openHold();
        relayed.done.await(5, TimeUnit.MINUTES);

        PROVIDER.pace(WORDS, INTERVAL);
        PROVIDER.closeHold();
        PROVIDER.emittedAt.clear();
        long before = usedHeapAfterGc();
        long late = LATE_SESSIONS.sum();
        List<String> ids = createSuggestions(OPEN);
        late = LATE_SESSIONS.sum() - late;
        Recorder recorder = new Recorder(OPEN);
        for (int i = 0; i < OPEN; i++) {
            openSse(suggestionStream(ids.get(i)), tokens.get(i % USERS), recorder);
        }
        boolean allOpen = recorder.firstWords.await(10, TimeUnit.MINUTES);
        int subscribers = feed.subscriberCount();
        long with = usedHeapAfterGc();
        long max = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
        PROVIDER.pace(WORDS, 0);
        PROVIDER.openHold();
        Result finished = recorder.result("SSE", OPEN, 600);
        PROVIDER.pace(WORDS, INTERVAL);

        lines.add(new Line("heap used after GC with " + OPEN + " open streams (MiB)", mib(with), mib(passWith), "—",
                "", "≤ 1024", met(allOpen && with <= 1024L * 1024 * 1024),
                String.format("platform: %s MiB more than before they opened (%s MiB/stream), %d live-feed subscribers"
                                + "%s; pass-through: %s MiB more%s; max heap %s MiB; %d of them incomplete at the end; %d suggestion requests repeated after a 503 read-model-behind",
                        mib(with - before), String.format("%.3f", (with - before) / 1048576.0 / OPEN), subscribers,
                        allOpen ? "" : " (not all had their first word)", mib(passWith - passBefore),
                        passOpen ? "" : " (not all open)", mib(max), finished.incomplete(), late)));
        progress(lines.get(lines.size() - 1));
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 5. history projection replay

    private void replay() throws Exception {
        String name = AssistHistoryProjection.PROCESSING_GROUP;
        StreamingEventProcessor processor = (StreamingEventProcessor) processing.eventProcessor(name)
                .orElseThrow();
        Long headOrNull = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        long head = headOrNull == null ? 0 : headOrNull;
        // the projection first catches up with what the phases before stored
        await(() -> caughtUp(processor, head), 300);
        long events = eventCount();
        long started = System.nanoTime();
        projections.replay(name);
        await(() -> caughtUp(processor, head), 1800);
        double seconds = (System.nanoTime() - started) / 1e9;
        double perSecond = events / seconds;
        lines.add(new Line("history projection replay, " + storedSegments(name) + " segments (events/s)", String.format("%.0f", perSecond), "—", "—", "",
                "≥ 20 000", met(perSecond >= 20_000), String.format("%d events in %.1f s: reset of %s until every "
                        + "segment is past the head again", events, seconds, name)));
        progress(lines.get(lines.size() - 1));

        // the same replay with the processor's segments merged into fewer (-Dbench.replay.segments, 0: skip): the
        // processor's coordinator checks every segment's queue for room before it hands out each event
        int segments = Integer.getInteger("bench.replay.segments", 1);
        if (segments > 0) {
            for (int guard = 0; storedSegments(name) > segments && guard < 64; guard++) {
                Integer last = jdbc.queryForObject("SELECT max(segment) FROM token_entry WHERE processor_name = ?",
                        Integer.class, name);
                if (!processor.mergeSegment(last).get(60, TimeUnit.SECONDS)) {
                    Thread.sleep(500);
                }
            }
            int merged = storedSegments(name);
            await(() -> caughtUp(processor, head), 300);
            started = System.nanoTime();
            projections.replay(name);
            await(() -> caughtUp(processor, head), 1800);
            seconds = (System.nanoTime() - started) / 1e9;
            perSecond = events / seconds;
            lines.add(new Line("history projection replay, " + merged + " segment(s) (events/s)",
                    String.format("%.0f", perSecond), "—", "—", "", "≥ 20 000", met(perSecond >= 20_000),
                    String.format("%d events in %.1f s, the segments merged at run time", events, seconds)));
            progress(lines.get(lines.size() - 1));
        }
    }

    private int storedSegments(String processorName) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE processor_name = ?",
                Integer.class, processorName);
        return count == null ? 0 : count;
    }


    // ---------------------------------------------------------------------------------------------------------------

    private String report() {
        StringBuilder table = new StringBuilder()
                .append("| measure | platform | pass-through relay | provider direct | overhead (platform − "
                        + "pass-through) | target | met | notes |\n|---|---|---|---|---|---|---|---|\n");
        for (Line line : lines) {
            table.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s |%n", line.measure(),
                    line.platform(), line.passThrough(), line.direct(), line.overhead(), line.target(), line.met(),
                    line.notes()));
        }
        return WORDS + " words per response, one every " + INTERVAL + " ms (the first at once), for the latency "
                + "levels; " + Runtime.getRuntime().availableProcessors() + " cores\n\n" + table
                + "\nphases: " + String.join(", ", phases) + "\n";
    }

    private static String met(boolean met) {
        return met ? "met" : "not met";
    }

    private static String ms(double value) {
        return String.format("%.1f", value);
    }

    private static String ms3(double value) {
        return String.format("%.3f", value);
    }

    private static String mib(long bytes) {
        return String.format("%.0f", bytes / 1048576.0);
    }

    private static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not reached within " + seconds + " s");
            }
            Thread.sleep(5);
        }
    }

    /**
     * The baseline relay: a plain HTTP server that streams the same provider's words to an SSE client as they come
     * (one {@code token} event per word, flushed at once, then {@code completed}), with no persistence, no
     * authentication and no bookkeeping beyond a counter.
     */
    static final class PassThroughRelay implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "pass-through-relay");
            thread.setDaemon(true);
            return thread;
        });
        final AtomicInteger entered = new AtomicInteger();

        PassThroughRelay() throws IOException {
            // small frames flushed one by one: without TCP_NODELAY Nagle's algorithm holds them
            System.setProperty("sun.net.httpserver.nodelay", "true");
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
            server.createContext("/relay", this::relay);
            server.setExecutor(threads);
            server.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/relay");
        }

        private void relay(HttpExchange exchange) throws IOException {
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                int generation = PROVIDER.nextGeneration();
                CountDownLatch gate = PROVIDER.gate();
                entered.incrementAndGet();
                PROVIDER.stream(generation, gate, new GenerationListener() {
                    @Override
                    public void onToken(String text) {
                        write(out, "event: token\ndata: {\"text\":\"" + text + "\"}\n\n");
                    }

                    @Override
                    public void onComplete(GenerationOutcome outcome) {
                        write(out, "event: completed\ndata: {}\n\n");
                    }

                    @Override
                    public void onError(GenerationException failure) {
                        write(out, "event: failed\ndata: {}\n\n");
                    }
                });
                out.close();
            }
        }

        private static void write(OutputStream out, String frame) {
            try {
                out.write(frame.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException clientGone) {
                // the client went away: nothing to relay to
            }
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
