package io.assistantcore.api.bench;

import io.assistantcore.ai.provider.WarmUps;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.AssistEvents.AssistSessionStarted;
import io.assistantcore.messages.assist.AssistEvents.AttemptBillingAssigned;
import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
import io.assistantcore.messages.assist.AssistEvents.SuggestionCompleted;
import io.assistantcore.messages.assist.AssistEvents.SuggestionCopied;
import io.assistantcore.messages.assist.AssistEvents.SuggestionRequested;
import io.assistantcore.messages.assist.AssistEvents.SuggestionStreamStarted;
import io.assistantcore.messages.assist.AssistEvents.SuggestionTokensStreamed;
import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.assist.FieldRef;
import io.assistantcore.messages.assist.GenerationSpec;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.assist.Tone;
import io.assistantcore.messages.assist.UsageOutcome;
import io.assistantcore.messages.common.MetaDataKeys;
import io.assistantcore.messages.common.Money;
import io.assistantcore.platform.ops.ProjectionOperations;
import io.assistantcore.projections.assist.AssistHistoryProjection;
import io.assistantcore.testsupport.TestDatabase;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.assistantcore.api.bench.BenchSupport.caughtUp;
import static io.assistantcore.api.bench.BenchSupport.postgresCpuMillis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How fast the assist history ({@code assist-history}) is rebuilt: the store is filled with assist sessions as the
 * live system stores them (session started, suggestion requested, billing assigned, stream started, the streamed
 * chunks as events without an aggregate, usage recorded, completed; every third suggestion copied), then the
 * processor is replayed with the platform's own operation ({@link ProjectionOperations#replay}: shut down, reset the
 * tokens, start) and timed until every segment is past the head again. Every other processor is stopped first, so
 * the replay has the machine to itself and the stored requests reach no model.
 * <pre>
 * ./mvnw -pl api -am test -Pbench -Dtest=HistoryReplayBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * # -Dbench.sessions=3000 -Dbench.chunks=6 -Dbench.replay.rounds=2
 * # -Dbench.replay.segments=1: then the same rounds again with the segments merged into one at run time
 * </pre>
 * Prints one line per round: events, seconds, events/s, and the CPU time per 1,000 events of this JVM and of the
 * database server (comparable when other work shares the machine, which events/s are not).
 */
@Tag("bench")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HistoryReplayBenchmark {

    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();
    private static final int SESSIONS = Integer.getInteger("bench.sessions", 3000);
    private static final int CHUNKS = Integer.getInteger("bench.chunks", 6);
    private static final int ROUNDS = Integer.getInteger("bench.replay.rounds", 2);
    private static final int TENANTS = 10;
    private static final int USERS_PER_TENANT = 20;
    private static final String NAME = AssistHistoryProjection.PROCESSING_GROUP;
    private static final String[] WORDS = ("thank you for reaching out about the renewal of your subscription we have "
            + "reviewed the invoice and the credit note will be issued before the end of the month please let us "
            + "know if the onboarding call on thursday still works for your team").split(" ");

    @Autowired
    EventStore eventStore;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    ProjectionOperations projections;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    WarmUps warmUps;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "20");
        registry.add("logging.level.root", () -> "WARN");
        registry.add("logging.level.io.assistantcore", () -> "WARN");
    }

    @Test
    void replay() throws Exception {
        if (!warmUps.await(Duration.ofMinutes(5))) {
            System.out.println("warm-ups still running after 5 minutes: " + warmUps.pending());
        }
        StreamingEventProcessor history = (StreamingEventProcessor) processing.eventProcessor(NAME).orElseThrow();
        for (Map.Entry<String, EventProcessor> processor : processing.eventProcessors().entrySet()) {
            if (!processor.getKey().equals(NAME)) {
                processor.getValue().shutDown();
            }
        }

        long storeStarted = System.nanoTime();
        List<EventMessage<?>> batch = new ArrayList<>();
        for (int s = 0; s < SESSIONS; s++) {
            batch.addAll(session(s));
            if (batch.size() >= 500 || s == SESSIONS - 1) {
                eventStore.publish(batch);
                batch = new ArrayList<>();
            }
        }
        long head = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        long events = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
        System.out.printf("stored %d events (%d sessions, %d chunks each) in %.1f s%n", events, SESSIONS, CHUNKS,
                (System.nanoTime() - storeStarted) / 1e9);
        long caughtUpStarted = System.nanoTime();
        await(() -> caughtUp(history, head), 1800);
        System.out.printf("first pass (the processor following the writes, then catching up): %.1f s%n",
                (System.nanoTime() - caughtUpStarted) / 1e9);
        long chunkRows = expectedRows();

        List<String> results = new ArrayList<>();
        rounds(history, head, events, chunkRows, results);
        // the same with the processor's segments merged into fewer at run time (-Dbench.replay.segments, 0: skip)
        int merged = Integer.getInteger("bench.replay.segments", 0);
        if (merged > 0) {
            for (int guard = 0; storedSegments() > merged && guard < 64; guard++) {
                Integer last = jdbc.queryForObject("SELECT max(segment) FROM token_entry WHERE processor_name = ?",
                        Integer.class, NAME);
                if (!history.mergeSegment(last).get(60, TimeUnit.SECONDS)) {
                    Thread.sleep(500);
                }
            }
            await(() -> caughtUp(history, head), 300);
            rounds(history, head, events, chunkRows, results);
        }
        System.out.println("HistoryReplayBenchmark\n" + String.join("\n", results));
    }

    private void rounds(StreamingEventProcessor history, long head, long events, long rows, List<String> results)
            throws InterruptedException {
        for (int round = 1; round <= ROUNDS; round++) {
            int segments = storedSegments();
            long jvmCpu = jvmCpuNanos();
            long postgresCpu = postgresCpuMillis(HistoryReplayBenchmark::isThisDatabasesPostmaster);
            long started = System.nanoTime();
            projections.replay(NAME);
            await(() -> caughtUp(history, head), 1800);
            double seconds = (System.nanoTime() - started) / 1e9;
            double jvmMs = (jvmCpuNanos() - jvmCpu) / 1e6;
            double postgresMs = postgresCpuMillis(HistoryReplayBenchmark::isThisDatabasesPostmaster) - postgresCpu;
            String result = String.format("replay round %d: %d events in %.1f s = %.0f events/s (%d segments, %d cores); "
                            + "CPU per 1,000 events: %.0f ms JVM + %.0f ms PostgreSQL", round, events, seconds,
                    events / seconds, segments, Runtime.getRuntime().availableProcessors(), jvmMs * 1000 / events,
                    postgresMs * 1000 / events);
            System.out.println(result);
            results.add(result);
            // the rebuilt read model is complete: every chunk and suggestion once
            assertThat(expectedRows()).isEqualTo(rows);
        }
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The postmaster listening on this benchmark's database port. */
    private static boolean isThisDatabasesPostmaster(String commandLine) {
        Matcher port = Pattern.compile("//[^/:]+:(\\d+)/").matcher(DATABASE.jdbcUrl());
        return port.find() && commandLine.contains(" -p " + port.group(1) + " ");
    }


    private int storedSegments() {
        return jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE processor_name = ?", Integer.class, NAME);
    }

    private long expectedRows() {
        long chunks = jdbc.queryForObject("SELECT count(*) FROM suggestion_chunk_view", Long.class);
        long suggestions = jdbc.queryForObject("SELECT count(*) FROM suggestion_view WHERE status = 'COMPLETED' "
                + "AND copies = (CASE WHEN substr(suggestion_id, 1, 1) = 'c' THEN 1 ELSE 0 END)", Long.class);
        long withChunks = jdbc.queryForObject("SELECT count(*) FROM suggestion_attempt_view WHERE chunks = ?",
                Long.class, CHUNKS);
        assertThat(chunks).isEqualTo((long) SESSIONS * CHUNKS);
        assertThat(suggestions).isEqualTo(SESSIONS);
        assertThat(withChunks).isEqualTo(SESSIONS);
        return chunks + suggestions + withChunks;
    }

    /** One session with one streamed and completed suggestion, as the live system stores it. */
    private static List<EventMessage<?>> session(int s) {
        String tenant = "tenant-" + (s % TENANTS);
        String user = "user-" + (s / TENANTS % USERS_PER_TENANT);
        String sessionId = UUID.randomUUID().toString();
        String suggestionId = (s % 3 == 0 ? "c" : "n") + UUID.randomUUID();
        MetaData meta = MetaData.with(MetaDataKeys.TENANT_ID, tenant).and(MetaDataKeys.USER_ID, user)
                .and(MetaDataKeys.REQUEST_ID, UUID.randomUUID().toString());
        String original = text(s, 30);
        GenerationSpec spec = new GenerationSpec(AiAction.CHANGE_TONE, Tone.FORMAL, null, original,
                List.of(new ContextItem("field", "Subject", "Renewal " + s)), false, Set.of(), "v3", true, false);
        TokenUsage usage = new TokenUsage(180, 60, true);
        List<EventMessage<?>> events = new ArrayList<>();
        long seq = 0;
        events.add(domain(sessionId, seq++, new AssistSessionStarted(sessionId, tenant, user,
                new FieldRef("ticket", "T-" + s, "body"), original, spec.context()), meta));
        events.add(domain(sessionId, seq++, new SuggestionRequested(sessionId, tenant, suggestionId, 1, spec, null),
                meta));
        events.add(domain(sessionId, seq++, new AttemptBillingAssigned(sessionId, tenant, suggestionId, 1, user,
                "ledger-" + tenant, "r-" + suggestionId), meta));
        events.add(domain(sessionId, seq++, new SuggestionStreamStarted(sessionId, tenant, suggestionId, 1, "openai",
                "gpt-x", "node-a", 180L), meta));
        StringBuilder answer = new StringBuilder();
        for (int c = 1; c <= CHUNKS; c++) {
            String chunk = text(s + c, 8) + " ";
            answer.append(chunk);
            events.add(GenericEventMessage.asEventMessage(new SuggestionTokensStreamed(sessionId, tenant,
                    suggestionId, 1, c, chunk)).andMetaData(meta));
        }
        events.add(domain(sessionId, seq++, new AttemptUsageRecorded(sessionId, tenant, suggestionId, 1, user,
                "openai", "gpt-x", usage, new Money(new BigDecimal("0.0021"), "EUR"), UsageOutcome.COMPLETED, null,
                null, "ledger-" + tenant, "r-" + suggestionId, true), meta));
        events.add(domain(sessionId, seq++, new SuggestionCompleted(sessionId, tenant, suggestionId, 1,
                answer.toString().trim(), usage, "openai", "gpt-x", 900, CHUNKS), meta));
        if (suggestionId.startsWith("c")) {
            events.add(domain(sessionId, seq, new SuggestionCopied(sessionId, tenant, suggestionId, 1), meta));
        }
        return events;
    }

    private static EventMessage<?> domain(String sessionId, long seq, Object payload, MetaData meta) {
        return new GenericDomainEventMessage<>("AssistSession", sessionId, seq, payload, meta);
    }

    private static String text(int seed, int words) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words; i++) {
            text.append(i == 0 ? "" : " ").append(WORDS[(seed * 7 + i * 3) % WORDS.length]);
        }
        return text.toString();
    }


    private static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not caught up within " + seconds + " s");
            }
            Thread.sleep(20);
        }
    }
}
