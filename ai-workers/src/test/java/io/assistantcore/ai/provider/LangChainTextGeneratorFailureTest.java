package io.assistantcore.ai.provider;

import io.assistantcore.ai.generation.GenerationException;
import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.ai.provider.fake.AnthropicWire;
import io.assistantcore.ai.provider.fake.FakeProviderServer;
import io.assistantcore.ai.provider.fake.FakeResponse;
import io.assistantcore.ai.provider.fake.GeminiWire;
import io.assistantcore.ai.provider.fake.OllamaWire;
import io.assistantcore.ai.provider.fake.OpenAiWire;
import io.assistantcore.ai.provider.fake.ProviderWire;
import io.assistantcore.ai.provider.fake.RecordedRequest;
import io.assistantcore.ai.provider.fake.RecordingListener;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.TokenUsage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.assistantcore.ai.provider.LangChainTextGeneratorStreamingTest.REQUEST;
import static io.assistantcore.ai.provider.LangChainTextGeneratorStreamingTest.TOKENS;
import static io.assistantcore.ai.provider.LangChainTextGeneratorStreamingTest.USAGE;
import static io.assistantcore.ai.provider.LangChainTextGeneratorStreamingTest.WAIT;
import static io.assistantcore.ai.provider.LangChainTextGeneratorStreamingTest.model;
import static io.assistantcore.ai.provider.LangChainTextGeneratorStreamingTest.settings;
import static org.assertj.core.api.Assertions.assertThat;

/** Error messages, the fallback policy, Retry-After, timeouts and in-stream errors. */
class LangChainTextGeneratorFailureTest {

    final OpenAiWire openai = new OpenAiWire();
    final AnthropicWire anthropic = new AnthropicWire();
    final GeminiWire gemini = new GeminiWire();
    final OllamaWire ollama = new OllamaWire();

    FakeProviderServer server;

    @BeforeEach
    void startServer() {
        server = FakeProviderServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    RecordingListener run(ProviderSettings settings, GenerationRequest request) throws InterruptedException {
        RecordingListener listener = new RecordingListener();
        new LangChainTextGenerator(settings).generate(request, listener);
        assertThat(listener.awaitTerminal(WAIT)).as("terminal callback").isTrue();
        return listener;
    }

    RecordingListener run(ProviderSettings settings) throws InterruptedException {
        return run(settings, REQUEST);
    }

    @Test
    void rejectedApiKeyIsReportedByNameAndAllowsFallbackWithoutRetry() throws Exception {
        server.otherwise(request -> openai.error(401, "Incorrect API key provided: sk-test***"));

        GenerationException error = run(settings(openai, server)).error();

        assertThat(error.getMessage()).isEqualTo("openai answered 401: the API key was rejected");
        assertThat(error.fallbackAllowed()).isTrue();
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void overloadedAnthropicIsRetriedAndThenReported() throws Exception {
        server.otherwise(request -> anthropic.error(529, "Overloaded"));

        GenerationException error = run(settings(anthropic, server).withRetries(1, Duration.ofMillis(10))).error();

        assertThat(error.getMessage()).isEqualTo("anthropic is overloaded (529) (2 attempts)");
        assertThat(error.fallbackAllowed()).isTrue();
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void invalidRequestContentDoesNotAllowFallback() throws Exception {
        server.otherwise(request -> openai.error(400,
                "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens."));

        GenerationException error = run(settings(openai, server)).error();

        assertThat(error.getMessage()).startsWith("openai rejected the request (400): This model's maximum context");
        assertThat(error.fallbackAllowed()).isFalse();
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void geminiInvalidKeyIsAConfigurationErrorDespiteStatus400() throws Exception {
        server.otherwise(request -> gemini.error(400, "API key not valid. Please pass a valid API key."));

        GenerationException error = run(settings(gemini, server)).error();

        assertThat(error.getMessage()).startsWith("gemini answered 400: the API key was rejected");
        assertThat(error.fallbackAllowed()).isTrue();
    }

    @Test
    void unknownOllamaModelAllowsFallback() throws Exception {
        server.otherwise(request -> ollama.error(404, "model \"llama3.2\" not found, try pulling it first"));

        GenerationException error = run(settings(ollama, server)).error();

        assertThat(error.getMessage()).startsWith("ollama answered 404: the model 'llama3.2' or the API endpoint "
                + "was not found").contains("try pulling it first");
        assertThat(error.fallbackAllowed()).isTrue();
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void exhaustedQuotaIsNotRetried() throws Exception {
        server.otherwise(request -> openai.error(429,
                "You exceeded your current quota, please check your plan and billing details."));

        GenerationException error = run(settings(openai, server)).error();

        assertThat(error.getMessage()).startsWith("openai answered 429: the account has no quota left");
        assertThat(error.fallbackAllowed()).isTrue();
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void retryAfterIsRespected() throws Exception {
        server.enqueue(anthropic.error(429, "Rate limited", "retry-after", "1"),
                anthropic.stream(model(anthropic), TOKENS, USAGE));

        RecordingListener listener = run(settings(anthropic, server).withRetries(2, Duration.ofMillis(10)));

        assertThat(listener.outcome().text()).isEqualTo(String.join("", TOKENS));
        List<RecordedRequest> requests = server.requests();
        assertThat(requests).hasSize(2);
        Duration gap = Duration.ofNanos(requests.get(1).receivedAtNanos() - requests.get(0).receivedAtNanos());
        assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void retryAfterBeyondTheLimitEndsTheGenerationAtOnce() throws Exception {
        server.enqueue(openai.error(429, "Rate limited", "retry-after", "120"));

        GenerationException error = run(settings(openai, server)).error();

        assertThat(error.getMessage()).isEqualTo("openai is rate limiting requests (429); it asks to retry after 120 s");
        assertThat(error.fallbackAllowed()).isTrue();
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void unreachableProviderIsReportedAsSuch() throws Exception {
        FakeProviderServer closed = FakeProviderServer.start();
        String origin = closed.origin();
        closed.close();
        ProviderSettings settings = ProviderSettings.of("openai", "sk-test", origin + "/v1", null)
                .withRetries(1, Duration.ofMillis(10));

        GenerationException error = run(settings).error();

        assertThat(error.getMessage()).startsWith("openai could not be reached");
        assertThat(error.fallbackAllowed()).isTrue();
    }

    /**
     * OpenAI on the fake server with a first-token timeout far beyond the test's wait: only a retry of the broken
     * connection can finish in time.
     */
    private ProviderSettings withFirstTokenTimeoutBeyondTheTest() {
        return settings(openai, server)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofMinutes(10));
    }

    @Test
    void connectionResetBeforeTheResponseHeadersIsRetriedAtOnceInsteadOfWaitingForTheFirstTokenTimeout()
            throws Exception {
        server.enqueue(FakeResponse.resetBeforeHeaders(), openai.stream(model(openai), TOKENS, USAGE));
        ProviderSettings settings = withFirstTokenTimeoutBeyondTheTest();

        RecordingListener listener = run(settings);

        assertThat(listener.outcome().text()).isEqualTo(String.join("", TOKENS));
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void connectionResetRightAfterTheResponseHeadersIsRetried() throws Exception {
        server.enqueue(FakeResponse.stream(openai.contentType()).cut().build(),
                FakeResponse.stream(openai.contentType()).sendAll(openai.opening(model(openai), USAGE)).cut().build(),
                openai.stream(model(openai), TOKENS, USAGE));
        ProviderSettings settings = withFirstTokenTimeoutBeyondTheTest();

        RecordingListener listener = run(settings);

        assertThat(listener.outcome().text()).isEqualTo(String.join("", TOKENS));
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void connectionResetOfAReusedConnectionIsRetried() throws Exception {
        server.enqueue(openai.stream(model(openai), TOKENS, USAGE), FakeResponse.resetBeforeHeaders(),
                openai.stream(model(openai), TOKENS, USAGE));
        ProviderSettings settings = withFirstTokenTimeoutBeyondTheTest();
        LangChainTextGenerator generator = new LangChainTextGenerator(settings);
        RecordingListener first = new RecordingListener();
        generator.generate(REQUEST, first);
        assertThat(first.awaitTerminal(WAIT)).isTrue();

        RecordingListener second = new RecordingListener();
        generator.generate(REQUEST, second);
        assertThat(second.awaitTerminal(WAIT)).as("terminal callback").isTrue();

        assertThat(second.outcome().text()).isEqualTo(String.join("", TOKENS));
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void connectionResetOnEveryTryIsRetriedABoundedNumberOfTimesThenFailsOver() throws Exception {
        server.otherwise(request -> FakeResponse.resetBeforeHeaders());
        ProviderSettings settings = withFirstTokenTimeoutBeyondTheTest();

        GenerationException error = run(settings).error();

        assertThat(error.getMessage()).isEqualTo("openai closed the connection unexpectedly (3 attempts)");
        assertThat(error.fallbackAllowed()).isTrue();
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void connectionRefusedIsRetriedWithBackoff() throws Exception {
        FakeProviderServer closed = FakeProviderServer.start();
        String origin = closed.origin();
        closed.close();
        ProviderSettings settings = ProviderSettings.of("openai", "sk-test", origin + "/v1", null)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofMinutes(10))
                .withRetries(2, Duration.ofMillis(10));

        GenerationException error = run(settings).error();

        assertThat(error.getMessage()).isEqualTo("openai could not be reached (connection failed) (3 attempts)");
        assertThat(error.fallbackAllowed()).isTrue();
    }

    @Test
    void anEmptyAnswerIsAFailureThatAllowsFallbackAndCarriesTheProvidersUsage() throws Exception {
        server.enqueue(openai.stream(model(openai), List.of(), USAGE));

        GenerationException error = run(settings(openai, server)).error();

        assertThat(error.getMessage()).isEqualTo("openai returned an empty answer");
        assertThat(error.fallbackAllowed()).isTrue();
        assertThat(error.partialText()).isEmpty();
        assertThat(error.usage()).isEqualTo(new TokenUsage(USAGE.input(), USAGE.output(), true));
        // not retried: the provider answered, and the answer is billed
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void firstTokenTimeoutEndsTheAttemptAndClosesTheConnection() throws Exception {
        server.enqueue(FakeResponse.stream(anthropic.contentType()).sendAll(anthropic.opening(model(anthropic), USAGE))
                .hang().build());
        ProviderSettings settings = settings(anthropic, server)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(10));

        GenerationException error = run(settings).error();

        assertThat(error.getMessage()).isEqualTo("anthropic did not start answering within 0.3 s");
        assertThat(error.fallbackAllowed()).isTrue();
        assertThat(server.awaitConnectionClosed(server.lastRequest(), Duration.ofSeconds(2))).isPositive();
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void totalTimeoutEndsAStalledStreamWithThePartialTextAndClosesTheConnection() throws Exception {
        // two tokens, then the provider goes silent without closing the stream
        server.enqueue(gemini.streamBuilder(model(gemini), TOKENS.subList(0, 2), USAGE).hang().build());
        Duration total = Duration.ofMinutes(10);
        ProviderSettings settings = settings(gemini, server).withTimeouts(Duration.ofSeconds(30), Duration.ofMinutes(5),
                total);
        HeldTimers timers = new HeldTimers(Duration.ofMinutes(1));
        try {
            RecordingListener listener = new RecordingListener();
            new LangChainTextGenerator(settings, new StreamingModelFactory().create(settings), new PromptTemplates(),
                    timers).generate(REQUEST, listener);
            assertThat(listener.awaitTokens(2, WAIT)).as("the first two tokens").isTrue();
            assertThat(listener.terminalCount()).as("nothing ends the stalled stream but the total timeout").isZero();

            assertThat(timers.fire(total)).as("one total-timeout timer").isEqualTo(1);

            assertThat(listener.awaitTerminal(WAIT)).isTrue();
            GenerationException error = listener.error();
            assertThat(error.getMessage()).isEqualTo("gemini did not finish within 600 s");
            assertThat(error.fallbackAllowed()).isTrue();
            assertThat(error.partialText()).isEqualTo(TOKENS.get(0) + TOKENS.get(1)).isEqualTo(listener.text());
            assertThat(server.awaitConnectionClosed(server.lastRequest(), WAIT)).as("connection closed").isPositive();
            assertThat(listener.contractViolations()).isZero();
        } finally {
            timers.shutdownNow();
        }
    }

    @Test
    void aStreamThatEndsInTimeCancelsItsTotalTimeout() throws Exception {
        server.enqueue(gemini.stream(model(gemini), TOKENS, USAGE));
        Duration total = Duration.ofMinutes(10);
        ProviderSettings settings = settings(gemini, server).withTimeouts(Duration.ofSeconds(30), Duration.ofMinutes(5),
                total);
        HeldTimers timers = new HeldTimers(Duration.ofMinutes(1));
        try {
            RecordingListener listener = new RecordingListener();
            new LangChainTextGenerator(settings, new StreamingModelFactory().create(settings), new PromptTemplates(),
                    timers).generate(REQUEST, listener);
            assertThat(listener.awaitTerminal(WAIT)).isTrue();
            assertThat(listener.outcome().text()).isEqualTo(String.join("", TOKENS));
            assertThat(timers.waiting(total)).as("the total timeout was cancelled").isZero();
            assertThat(timers.fire(total)).isZero();
            assertThat(listener.terminalCount()).isEqualTo(1);
        } finally {
            timers.shutdownNow();
        }
    }

    @Test
    void anthropicOverloadedEventBeforeTheFirstTokenIsRetried() throws Exception {
        server.enqueue(FakeResponse.stream(anthropic.contentType())
                        .sendAll(anthropic.opening(model(anthropic), USAGE))
                        .send(anthropic.errorEvent("overloaded_error", "Overloaded"))
                        .build(),
                anthropic.stream(model(anthropic), TOKENS, USAGE));

        RecordingListener listener = run(settings(anthropic, server));

        assertThat(listener.outcome().text()).isEqualTo(String.join("", TOKENS));
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void anthropicErrorEventMidStreamIsAnErrorWithThePartialText() throws Exception {
        server.enqueue(anthropic.streamBuilder(model(anthropic), TOKENS.subList(0, 2), USAGE)
                .pause(Duration.ofMillis(100))
                .send(anthropic.errorEvent("overloaded_error", "Overloaded"))
                .build());

        RecordingListener listener = run(settings(anthropic, server));

        GenerationException error = listener.error();
        assertThat(error.getMessage()).isEqualTo("anthropic is overloaded");
        assertThat(error.partialText()).isEqualTo(TOKENS.get(0) + TOKENS.get(1));
        assertThat(error.fallbackAllowed()).isTrue();
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void ollamaErrorLineMidStreamIsAnErrorWithThePartialText() throws Exception {
        server.enqueue(ollama.streamBuilder(model(ollama), TOKENS.subList(0, 2), USAGE)
                .pause(Duration.ofMillis(100))
                .send(ollama.errorLine("llama runner process has terminated: signal: killed"))
                .build());

        RecordingListener listener = run(settings(ollama, server));

        GenerationException error = listener.error();
        assertThat(error.getMessage()).isEqualTo("ollama reported an error: llama runner process has terminated: "
                + "signal: killed");
        assertThat(error.partialText()).isEqualTo(TOKENS.get(0) + TOKENS.get(1));
        assertThat(error.fallbackAllowed()).isTrue();
    }

    @Test
    void contentFilteredAnswerIsAnErrorWithoutFallback() throws Exception {
        String model = model(openai);
        server.enqueue(openai.streamBuilder(model, TOKENS.subList(0, 1), null)
                .send(openai.finishChunk(model, "content_filter")).send(openai.done()).build());

        GenerationException error = run(settings(openai, server)).error();

        assertThat(error.getMessage()).isEqualTo("openai withheld the answer (content filter)");
        assertThat(error.fallbackAllowed()).isFalse();
        assertThat(error.partialText()).isEqualTo(TOKENS.get(0));
    }

    @Test
    void geminiThoughtsAreNotPartOfTheAnswer() throws Exception {
        String model = model(gemini);
        server.enqueue(FakeResponse.stream(gemini.contentType())
                .send(gemini.frame("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Let me think about tone.\","
                        + "\"thought\":true}],\"role\":\"model\"},\"index\":0}],\"modelVersion\":\"" + model + "\"}"))
                .sendAll(TOKENS.stream().map(token -> gemini.token(model, token)).toList())
                .sendAll(gemini.closing(model, USAGE))
                .build());

        RecordingListener listener = run(settings(gemini, server));

        assertThat(listener.outcome().text()).isEqualTo(String.join("", TOKENS));
    }

    @Test
    void requestModelOverridesTheDefaultModel() throws Exception {
        server.enqueue(openai.stream("gpt-4.1-nano", TOKENS, USAGE));
        GenerationRequest request = new GenerationRequest(AiAction.IMPROVE, null, null, "Text", List.of(), null,
                "gpt-4.1-nano");

        RecordingListener listener = run(settings(openai, server), request);

        assertThat(listener.outcome().model()).isEqualTo("gpt-4.1-nano");
        assertThat(server.lastRequest().json().path("model").asText()).isEqualTo("gpt-4.1-nano");
    }

    @Test
    void requestThatCannotBeRenderedFailsWithoutCallingTheProvider() throws Exception {
        GenerationRequest request = new GenerationRequest(AiAction.IMPROVE, null, null, "Text", List.of(), "v7", null);

        GenerationException error = run(settings(openai, server), request).error();

        assertThat(error.getMessage()).contains("Unknown prompt version 'v7'").contains("v1");
        assertThat(error.fallbackAllowed()).isFalse();
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void providerIdAndDefaultModelComeFromTheSettings() {
        for (ProviderWire wire : ProviderWire.all()) {
            LangChainTextGenerator generator = new LangChainTextGenerator(settings(wire, server).withModel("m-1"));
            assertThat(generator.providerId()).isEqualTo(wire.providerId());
            assertThat(generator.defaultModel()).isEqualTo("m-1");
        }
    }
}
