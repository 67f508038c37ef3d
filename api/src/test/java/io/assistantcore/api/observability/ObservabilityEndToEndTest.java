package io.assistantcore.api.observability;

import io.assistantcore.ai.provider.fake.FakeProviderServer;
import io.assistantcore.ai.provider.fake.OpenAiWire;
import io.assistantcore.ai.provider.fake.ProviderWire.Usage;
import io.assistantcore.api.support.ApiClient;
import io.assistantcore.api.support.OtlpTraceReceiver;
import io.assistantcore.api.support.SseClient;
import io.assistantcore.api.support.SseClient.Event;
import io.assistantcore.api.support.TestProperties;
import io.assistantcore.testsupport.TestDatabase;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.assistantcore.api.support.OtlpTraceReceiver.attribute;
import static io.assistantcore.api.support.OtlpTraceReceiver.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Metrics and traces of the running platform: the meters of docs/observability.md at {@code /actuator/prometheus}
 * after requests, and — with the OTLP endpoint pointed at a local receiver that speaks OTLP/HTTP protobuf — one trace
 * per request from the HTTP request through admission and the worker's attempt to the provider call (OpenAI, served
 * by a local server that speaks its wire format) and the command that completes it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Spring Boot's tests export no metrics and trace nothing unless asked to
@AutoConfigureObservability
class ObservabilityEndToEndTest {

    private static final String MODEL = "gpt-obs";
    private static final TestDatabase.Coordinates DATABASE = TestDatabase.freshDatabase();
    private static final FakeProviderServer OPENAI = FakeProviderServer.start();
    private static final OtlpTraceReceiver COLLECTOR = OtlpTraceReceiver.start();
    private static final OpenAiWire WIRE = new OpenAiWire();

    @LocalServerPort
    int port;
    private ApiClient api;
    private String root;
    private String tenantId;
    private String alice;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.databaseAndDevTokens(registry, DATABASE);
        TestProperties.fakeOpenAi(registry, OPENAI, MODEL);
        registry.add("management.otlp.tracing.endpoint", COLLECTOR::endpoint);
    }

    @AfterAll
    static void stopServers() {
        OPENAI.close();
        COLLECTOR.close();
    }

    @BeforeEach
    void tenant() {
        api = new ApiClient(port);
        root = api.devToken(null, "root", "PLATFORM_ADMIN");
        assertThat(api.put("/api/v1/admin/prices/openai/" + MODEL, root, Map.of("inputPerMillion", 1.0,
                "outputPerMillion", 2.0, "currency", "USD")).status()).isEqualTo(200);
        tenantId = api.createTenant(root, "obs-" + UUID.randomUUID().toString().substring(0, 8), "TEAM", "alice");
        alice = api.devToken(tenantId, "alice");
    }

    private String session() {
        return api.post("/api/v1/assist/sessions", alice, Map.of(
                        "field", Map.of("entityType", "Lead", "entityId", "7", "fieldName", "notes"),
                        "text", "we will send the signed contract back next week"))
                .json().get("sessionId").asText();
    }

    private String suggest(String sessionId) {
        return api.post("/api/v1/assist/sessions/" + sessionId + "/suggestions", alice, Map.of("action", "IMPROVE"))
                .json().get("suggestionId").asText();
    }

    private Event streamToEnd(String suggestionId) {
        try (SseClient sse = SseClient.open(port, "/api/v1/assist/suggestions/" + suggestionId + "/stream", alice,
                null)) {
            List<Event> events = sse.readAll();
            Event last = events.get(events.size() - 1);
            assertThat(last.type()).as(events.toString()).isEqualTo("completed");
            return last;
        }
    }

    @Test
    void prometheusExposesTheMetersOfARequest() {
        assertThat(api.put("/api/v1/tenants/" + tenantId + "/ai-policy", alice, Map.of("enabledActions",
                List.of("IMPROVE"), "allowedModels", List.of(), "allowedContextKinds", List.of("*"), "maskPii", true,
                "exactCache", true, "semanticCache", false)).status()).isEqualTo(200);
        // words two seconds apart, so that the stream's client (opened right after the 202) receives them live,
        // which the relay latency measures; a stream replayed from storage is not a relay
        OPENAI.enqueue(WIRE.slowStream(MODEL, List.of("We will return ", "the signed contract ", "next week."),
                Duration.ofSeconds(2), new Usage(40, 9)));
        streamToEnd(suggest(session()));
        // the same request again: an exact cache hit
        assertThat(streamToEnd(suggest(session())).data().has("cachedFrom")).isTrue();

        assertThat(api.get("/actuator/prometheus", null).status()).isEqualTo(401);
        assertThat(api.get("/actuator/prometheus", alice).status()).isEqualTo(403);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String scrape = api.get("/actuator/prometheus", root).body();
            assertThat(value(scrape, "assistant_ai_attempts_total", "kind", "suggestion", "outcome", "completed"))
                    .isGreaterThanOrEqualTo(2);
            assertThat(value(scrape, "assistant_admission_outcomes_total", "outcome", "admitted"))
                    .isGreaterThanOrEqualTo(2);
            assertThat(value(scrape, "assistant_ai_time_to_first_token_seconds_count", "provider", "openai",
                    "model", MODEL)).isPositive();
            assertThat(value(scrape, "assistant_ai_tokens_total", "provider", "openai", "type", "input"))
                    .isGreaterThanOrEqualTo(40);
            assertThat(value(scrape, "assistant_ai_tokens_total", "provider", "openai", "type", "output"))
                    .isGreaterThanOrEqualTo(9);
            assertThat(value(scrape, "assistant_ai_cost_total", "provider", "openai", "currency", "USD"))
                    .isPositive();
            assertThat(value(scrape, "assistant_ai_provider_calls_total", "provider", "openai",
                    "outcome", "completed")).isPositive();
            assertThat(value(scrape, "assistant_cache_lookups_total", "kind", "exact", "result", "miss")).isPositive();
            assertThat(value(scrape, "assistant_cache_lookups_total", "kind", "exact", "result", "hit")).isPositive();
            assertThat(value(scrape, "assistant_stream_relay_seconds_count", "transport", "sse")).isPositive();
            assertThat(value(scrape, "assistant_streams_total", "transport", "sse", "outcome", "completed"))
                    .isGreaterThanOrEqualTo(2);
            assertThat(value(scrape, "assistant_attempt_seconds_count", "kind", "suggestion")).isPositive();
            assertThat(value(scrape, "http_server_requests_seconds_count", "uri",
                    "/api/v1/assist/sessions/{sessionId}/suggestions")).isPositive();
            // present before anything was refused or trails
            assertThat(scrape).contains("assistant_budget_refusals_total ")
                    .contains("assistant_processor_lag_events{processor=\"assist-history\"")
                    .contains("assistant_processor_lag_events{processor=\"audit-trail\"");
            assertThat(value(scrape, "assistant_eventstore_head_events")).isPositive();
            assertThat(scrape).doesNotContain(tenantId).doesNotContain("signed contract");
        });
    }

    @Test
    void oneRequestIsOneTraceFromTheHttpRequestToTheProviderCallAndItsCompletion() {
        OPENAI.enqueue(WIRE.stream(MODEL, List.of("Thank you, ", "we got it."), new Usage(17, 5)));
        String suggestionId = suggest(session());
        streamToEnd(suggestionId);

        Span[] provider = new Span[1];
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Optional<Span> call = COLLECTOR.spans().stream()
                    .filter(span -> "openai".equals(attribute(span, "gen_ai.system")))
                    .filter(span -> "17".equals(attribute(span, "gen_ai.usage.input_tokens")))
                    .findFirst();
            assertThat(call).as("received: %s", COLLECTOR.spans().stream()
                    .map(span -> span.getName() + span.getAttributesList()).toList()).isPresent();
            provider[0] = call.get();
            String traceId = hex(call.get().getTraceId());
            assertThat(spansOf(traceId)).anyMatch(span -> span.getName().equals("suggestion completed"));
            assertThat(spansOf(traceId)).anyMatch(span -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER);
        });
        Span call = provider[0];
        String traceId = hex(call.getTraceId());
        List<Span> trace = spansOf(traceId);

        assertThat(call.getName()).isEqualTo("chat " + MODEL);
        assertThat(attribute(call, "gen_ai.request.model")).isEqualTo(MODEL);
        assertThat(attribute(call, "gen_ai.response.model")).isNotBlank();
        assertThat(attribute(call, "gen_ai.usage.output_tokens")).isEqualTo("5");

        Span attempt = parentOf(call, trace);
        assertThat(attempt.getName()).isEqualTo("suggestion attempt");
        Span admission = parentOf(attempt, trace);
        assertThat(admission.getName()).isEqualTo("admission");
        assertThat(attribute(admission, "outcome")).isEqualTo("admitted");
        // above the admission: the HTTP request's span (with the spans of the filters and the handler in between)
        Span request = admission;
        List<String> path = new java.util.ArrayList<>();
        while (!request.getParentSpanId().isEmpty()) {
            request = parentOf(request, trace);
            path.add(request.getName() + " (" + request.getKind() + ")");
        }
        assertThat(request.getKind()).as("the root of %s", path).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(attribute(request, "uri")).isEqualTo("/api/v1/assist/sessions/{sessionId}/suggestions");
        assertThat(attribute(request, "method")).isEqualTo("POST");
        Span completion = trace.stream().filter(span -> span.getName().equals("suggestion completed")).findFirst()
                .orElseThrow();
        assertThat(parentOf(completion, trace)).isEqualTo(attempt);
        assertThat(attribute(completion, "outcome")).isEqualTo("completed");
        // nothing of the text went into the trace
        assertThat(trace.toString()).doesNotContain("signed contract").doesNotContain("Thank you");

        // the stored events of the request name its trace, so an audit record leads to it
        JdbcTemplate jdbc = new JdbcTemplate(DATABASE.dataSource());
        List<String> metaData = jdbc.queryForList("SELECT convert_from(meta_data, 'UTF8') FROM domain_event_entry "
                + "WHERE payload_type LIKE '%SuggestionCompleted' AND convert_from(meta_data, 'UTF8') LIKE ?",
                String.class, "%" + traceId + "%");
        assertThat(metaData).hasSize(1);
        assertThat(metaData.get(0)).contains("\"traceparent\"");
    }

    private static List<Span> spansOf(String traceId) {
        return COLLECTOR.spans().stream().filter(span -> hex(span.getTraceId()).equals(traceId)).toList();
    }

    private static Span parentOf(Span child, List<Span> trace) {
        return trace.stream().filter(span -> span.getSpanId().equals(child.getParentSpanId())).findFirst()
                .orElseThrow(() -> new AssertionError("no parent of " + child.getName() + " in " + names(trace)));
    }

    private static List<String> names(List<Span> trace) {
        return trace.stream().map(Span::getName).toList();
    }

    /** The sum of the samples of {@code name} whose labels include {@code labels}; 0 when there is none. */
    private static double value(String scrape, String name, String... labels) {
        // label values may hold braces (route templates): the labels run to the last brace of the line
        Pattern sample = Pattern.compile("^" + Pattern.quote(name) + "(\\{.*})? (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = sample.matcher(scrape);
        double sum = 0;
        while (matcher.find()) {
            String found = matcher.group(1) == null ? "" : matcher.group(1);
            boolean matches = true;
            for (int i = 0; i < labels.length; i += 2) {
                matches &= found.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (matches) {
                sum += Double.parseDouble(matcher.group(2));
            }
        }
        return sum;
    }
}
