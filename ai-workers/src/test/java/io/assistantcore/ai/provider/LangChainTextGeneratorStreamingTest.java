package io.assistantcore.ai.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.ai.generation.GenerationException;
import io.assistantcore.ai.generation.GenerationHandle;
import io.assistantcore.ai.generation.GenerationOutcome;
import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.ai.generation.TokenEstimator;
import io.assistantcore.ai.provider.fake.FakeProviderServer;
import io.assistantcore.ai.provider.fake.FakeResponse;
import io.assistantcore.ai.provider.fake.ProviderWire;
import io.assistantcore.ai.provider.fake.ProviderWire.Usage;
import io.assistantcore.ai.provider.fake.RecordedRequest;
import io.assistantcore.ai.provider.fake.RecordingListener;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.assist.Tone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenarios every provider must pass, each run through the real langchain4j client of the provider against a
 * fake server speaking its streaming wire format.
 */
class LangChainTextGeneratorStreamingTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final List<String> TOKENS = List.of("Dear", " team", ", the", " report", " is", " ready", ".");
    static final String FULL_TEXT = String.join("", TOKENS);
    static final Usage USAGE = new Usage(57, 9);
    static final GenerationRequest REQUEST = new GenerationRequest(AiAction.CHANGE_TONE, Tone.FORMAL, null,
            "hey guys, report's done", List.of(new ContextItem("record", "Ticket #42", "Quarterly report for ACME")),
            PromptTemplates.CURRENT_VERSION, null);

    /** Measured cancel-to-close latencies, printed for the record. */
    static final List<String> LATENCIES = new java.util.concurrent.CopyOnWriteArrayList<>();

    FakeProviderServer server;

    @BeforeEach
    void startServer() {
        server = FakeProviderServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    static Stream<ProviderWire> wires() {
        return ProviderWire.all().stream();
    }

    static ProviderSettings settings(ProviderWire wire, FakeProviderServer server) {
        return ProviderSettings.of(wire.providerId(), "test-key-" + wire.providerId(), wire.baseUrl(server.origin()),
                        null)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(20))
                .withRetries(2, Duration.ofMillis(20));
    }

    static String model(ProviderWire wire) {
        return ProviderSettings.DEFAULT_MODELS.get(wire.providerId());
    }

    RecordingListener run(ProviderSettings settings) throws InterruptedException {
        RecordingListener listener = new RecordingListener();
        new LangChainTextGenerator(settings).generate(REQUEST, listener);
        assertThat(listener.awaitTerminal(WAIT)).as("terminal callback").isTrue();
        return listener;
    }

    // (a) a normal stream with a usage block

    @ParameterizedTest(name = "{0}")
    @MethodSource("wires")
    void normalStreamDeliversTokensTextUsageAndModel(ProviderWire wire) throws Exception {
        server.enqueue(wire.stream(model(wire), TOKENS, USAGE));

        RecordingListener listener = run(settings(wire, server));

        GenerationOutcome outcome = listener.outcome();
        assertThat(listener.tokens()).containsExactlyElementsOf(TOKENS);
        assertThat(outcome.text()).isEqualTo(FULL_TEXT);
        assertThat(outcome.usage()).isEqualTo(new TokenUsage(57, 9, true));
        assertThat(outcome.model()).isEqualTo(model(wire));
        assertThat(outcome.cancelled()).isFalse();
        assertThat(listener.contractViolations()).isZero();

        assertThat(server.requestCount()).isEqualTo(1);
        RecordedRequest request = server.lastRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(wire.streamPath(model(wire)));
        assertThat(request.body()).contains("hey guys, report's done").contains("Ticket #42").contains("formal");
        assertRequestShape(wire, request);
    }

    private static void assertRequestShape(ProviderWire wire, RecordedRequest request) {
        JsonNode body = request.json();
        String model = model(wire);
        switch (wire.providerId()) {
            case "openai" -> {
                assertThat(request.header("Authorization")).isEqualTo("Bearer test-key-openai");
                assertThat(body.path("model").asText()).isEqualTo(model);
                assertThat(body.path("stream").asBoolean()).isTrue();
                assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
                assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
                assertThat(body.path("messages").get(0).path("content").asText()).contains("rewritten text only");
                assertThat(body.path("messages").get(1).path("role").asText()).isEqualTo("user");
            }
            case "anthropic" -> {
                assertThat(request.header("x-api-key")).isEqualTo("test-key-anthropic");
                assertThat(request.header("anthropic-version")).isNotBlank();
                assertThat(body.path("model").asText()).isEqualTo(model);
                assertThat(body.path("stream").asBoolean()).isTrue();
                assertThat(body.path("max_tokens").asInt()).isEqualTo(StreamingModelFactory.MAX_OUTPUT_TOKENS);
                assertThat(body.path("system").toString()).contains("rewritten text only");
                assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
            }
            case "gemini" -> {
                assertThat(request.query()).isEqualTo("alt=sse");
                assertThat(request.header("x-goog-api-key")).isEqualTo("test-key-gemini");
                assertThat(body.path("systemInstruction").toString()).contains("rewritten text only");
                assertThat(body.path("contents").get(0).path("role").asText()).isEqualTo("user");
            }
            case "ollama" -> {
                assertThat(body.path("model").asText()).isEqualTo(model);
                assertThat(body.path("stream").asBoolean()).isTrue();
                assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
            }
            default -> throw new AssertionError(wire.providerId());
        }
    }

    // (b) 429, then success

    @ParameterizedTest(name = "{0}")
    @MethodSource("wires")
    void rateLimitIsRetriedBeforeTheFirstToken(ProviderWire wire) throws Exception {
        server.enqueue(wire.error(429, "Rate limit reached, slow down"), wire.stream(model(wire), TOKENS, USAGE));

        RecordingListener listener = run(settings(wire, server));

        assertThat(listener.outcome().text()).isEqualTo(FULL_TEXT);
        assertThat(listener.tokens()).containsExactlyElementsOf(TOKENS);
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(server.requests().get(1).body()).isEqualTo(server.requests().get(0).body());
    }

    // (c) 500

    @ParameterizedTest(name = "{0}")
    @MethodSource("wires")
    void serverErrorEndsInAnErrorThatAllowsFallback(ProviderWire wire) throws Exception {
        server.otherwise(request -> wire.error(500, "Internal error"));

        RecordingListener listener = run(settings(wire, server).withRetries(1, Duration.ofMillis(10)));

        GenerationException error = listener.error();
        assertThat(error.fallbackAllowed()).isTrue();
        assertThat(error.getMessage()).startsWith(wire.providerId()).contains("500");
        assertThat(error.partialText()).isEmpty();
        assertThat(listener.tokens()).isEmpty();
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(listener.contractViolations()).isZero();
    }

    // (d) streams that break after some output: never a success

    /**
     * The breaks come a moment after the last token: when a connection fails, the JDK client drops body bytes it
     * received but had not yet handed to the reader, so without the pause the tokens might never be seen (the
     * attempt would then count as broken before output and be retried, which another test covers).
     */
    static Stream<Arguments> brokenStreams() {
        Duration settle = Duration.ofMillis(150);
        List<Arguments> cases = new ArrayList<>();
        for (ProviderWire wire : ProviderWire.all()) {
            cases.add(Arguments.of(wire, "connection reset", (BiFunction<ProviderWire, String, FakeResponse>)
                    (w, m) -> w.streamBuilder(m, TOKENS.subList(0, 3), USAGE).pause(settle).cut().build()));
            cases.add(Arguments.of(wire, "connection closed mid-body", (BiFunction<ProviderWire, String, FakeResponse>)
                    (w, m) -> w.streamBuilder(m, TOKENS.subList(0, 3), USAGE).pause(settle).closeConnection()
                            .build()));
            cases.add(Arguments.of(wire, "body ends without completion", (BiFunction<ProviderWire, String, FakeResponse>)
                    (w, m) -> w.streamBuilder(m, TOKENS.subList(0, 3), USAGE).build()));
            cases.add(Arguments.of(wire, "EOF-framed body ends without completion",
                    (BiFunction<ProviderWire, String, FakeResponse>)
                            (w, m) -> w.streamBuilder(m, TOKENS.subList(0, 3), USAGE).eofFramed().build()));
            cases.add(Arguments.of(wire, "malformed chunk", (BiFunction<ProviderWire, String, FakeResponse>)
                    (w, m) -> w.streamBuilder(m, TOKENS.subList(0, 3), USAGE).send(w.malformedFrame())
                            .sendAll(List.of(w.token(m, " lost"))).sendAll(w.closing(m, USAGE)).build()));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("brokenStreams")
    void brokenStreamIsAnErrorWithThePartialText(ProviderWire wire, String scenario,
                                                 BiFunction<ProviderWire, String, FakeResponse> response)
            throws Exception {
        server.enqueue(response.apply(wire, model(wire)));

        RecordingListener listener = run(settings(wire, server));
        Thread.sleep(50); // a late completion would show up as a contract violation

        GenerationException error = listener.error();
        String partial = String.join("", TOKENS.subList(0, 3));
        assertThat(error.fallbackAllowed()).isTrue();
        assertThat(error.partialText()).isEqualTo(partial);
        assertThat(error.getMessage()).startsWith(wire.providerId());
        assertThat(listener.text()).isEqualTo(partial);
        assertThat(listener.completions()).isEmpty();
        assertThat(listener.contractViolations()).isZero();
        assertThat(server.requestCount()).as("no retry after output started").isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wires")
    void streamBrokenBeforeTheFirstTokenIsRetried(ProviderWire wire) throws Exception {
        server.enqueue(FakeResponse.stream(wire.contentType()).sendAll(wire.opening(model(wire), USAGE)).cut().build(),
                wire.stream(model(wire), TOKENS, USAGE));

        RecordingListener listener = run(settings(wire, server));

        assertThat(listener.outcome().text()).isEqualTo(FULL_TEXT);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    // (e) cancel closes the connection at once

    @ParameterizedTest(name = "{0}")
    @MethodSource("wires")
    void cancelDuringASlowStreamClosesTheConnectionAndReportsThePartialText(ProviderWire wire) throws Exception {
        server.enqueue(wire.streamBuilder(model(wire), TOKENS.subList(0, 2), USAGE)
                .sendSlowly(List.of(wire.token(model(wire), " late")), Duration.ofSeconds(30))
                .sendAll(wire.closing(model(wire), USAGE)).build());
        RecordingListener listener = new RecordingListener();
        GenerationHandle handle = new LangChainTextGenerator(settings(wire, server)).generate(REQUEST, listener);
        assertThat(listener.awaitTokens(2, WAIT)).isTrue();
        RecordedRequest request = server.takeRequest(WAIT);

        long cancelledAt = System.nanoTime();
        handle.cancel();
        // the provider's next token is 30 s away: a close seen before it can only come from the cancel
        long closedAt = server.awaitConnectionClosed(request, WAIT);

        assertThat(closedAt).as("the client closed the connection").isPositive();
        long latencyMillis = Duration.ofNanos(closedAt - cancelledAt).toMillis();
        LATENCIES.add(wire.providerId() + " mid-stream: " + latencyMillis + " ms");
        assertThat(listener.tokens()).as("nothing after the cancel").doesNotContain(" late");

        assertThat(listener.awaitTerminal(WAIT)).isTrue();
        GenerationOutcome outcome = listener.outcome();
        assertThat(outcome.cancelled()).isTrue();
        assertThat(outcome.text()).isEqualTo(TOKENS.get(0) + TOKENS.get(1));
        assertThat(outcome.usage().reportedByProvider()).isFalse();
        assertThat(outcome.usage().outputTokens()).isEqualTo(TokenEstimator.count(outcome.text()));
        handle.cancel(); // idempotent
        Thread.sleep(50);
        assertThat(listener.terminalCount()).isEqualTo(1);
        assertThat(listener.contractViolations()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wires")
    void cancelBeforeTheResponseHeadersClosesTheConnection(ProviderWire wire) throws Exception {
        server.enqueue(FakeResponse.stream(wire.contentType()).hangBeforeHeaders().build());
        assertCancelBeforeFirstTokenCloses(wire, "before headers");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wires")
    void cancelAfterTheHeadersButBeforeTheFirstTokenClosesTheConnection(ProviderWire wire) throws Exception {
        server.enqueue(FakeResponse.stream(wire.contentType()).sendAll(wire.opening(model(wire), USAGE)).hang()
                .build());
        assertCancelBeforeFirstTokenCloses(wire, "after headers");
    }

    private void assertCancelBeforeFirstTokenCloses(ProviderWire wire, String phase) throws Exception {
        RecordingListener listener = new RecordingListener();
        GenerationHandle handle = new LangChainTextGenerator(settings(wire, server)).generate(REQUEST, listener);
        RecordedRequest request = server.takeRequest(WAIT);
        assertThat(request).isNotNull();
        Thread.sleep(100); // let the client get the headers (if any) and start reading

        long cancelledAt = System.nanoTime();
        handle.cancel();
        // the provider never answers: a close can only come from the cancel
        long closedAt = server.awaitConnectionClosed(request, WAIT);

        assertThat(closedAt).as("the client closed the connection").isPositive();
        long latencyMillis = Duration.ofNanos(closedAt - cancelledAt).toMillis();
        LATENCIES.add(wire.providerId() + " " + phase + ": " + latencyMillis + " ms");
        assertThat(listener.awaitTerminal(WAIT)).isTrue();
        GenerationOutcome outcome = listener.outcome();
        assertThat(outcome.cancelled()).isTrue();
        assertThat(outcome.text()).isEmpty();
        assertThat(outcome.usage()).isEqualTo(new TokenUsage(outcome.usage().inputTokens(), 0, false));
        assertThat(outcome.usage().inputTokens()).isPositive();
        Thread.sleep(50);
        assertThat(listener.terminalCount()).isEqualTo(1);
        assertThat(server.requestCount()).isEqualTo(1);
    }

    // (f) no usage in the stream

    @ParameterizedTest(name = "{0}")
    @MethodSource("wires")
    void missingUsageIsEstimated(ProviderWire wire) throws Exception {
        server.enqueue(wire.stream(model(wire), TOKENS, null));

        RecordingListener listener = run(settings(wire, server));

        GenerationOutcome outcome = listener.outcome();
        assertThat(outcome.text()).isEqualTo(FULL_TEXT);
        assertThat(outcome.usage().reportedByProvider()).isFalse();
        assertThat(outcome.usage().outputTokens()).isEqualTo(TokenEstimator.count(FULL_TEXT));
        RenderedPrompt prompt = new PromptTemplates().render(REQUEST);
        assertThat(outcome.usage().inputTokens()).isEqualTo(
                TokenEstimator.count(prompt.systemMessage()) + TokenEstimator.count(prompt.userMessage()));
    }
}
