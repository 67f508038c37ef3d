package io.assistantcore.ai.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.ai.billing.CostEstimator;
import io.assistantcore.ai.generation.ChatPrompt;
import io.assistantcore.ai.generation.ChatPrompt.Message;
import io.assistantcore.ai.generation.ChatPrompt.Role;
import io.assistantcore.ai.generation.GenerationOutcome;
import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.ai.generation.TokenEstimator;
import io.assistantcore.ai.provider.fake.FakeProviderServer;
import io.assistantcore.ai.provider.fake.ProviderWire;
import io.assistantcore.ai.provider.fake.ProviderWire.Usage;
import io.assistantcore.ai.provider.fake.RecordedRequest;
import io.assistantcore.ai.provider.fake.RecordingListener;
import io.assistantcore.messages.assist.TokenUsage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chat request reaches each provider, through its real langchain4j client, as the system message and the
 * conversation's user and assistant messages in order, on the routed model — not as a rendered assist template.
 */
class LangChainTextGeneratorChatTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SYSTEM = "You are the support assistant of ACME. Answer briefly.\n"
            + "Known about the user: name = Dana.";
    private static final ChatPrompt PROMPT = new ChatPrompt(SYSTEM, List.of(
            new Message(Role.USER, "Which plans do you offer?"),
            new Message(Role.ASSISTANT, "Starter and Business."),
            new Message(Role.USER, "What does Business cost per seat?")), List.of(), "chat-v1");
    private static final List<String> TOKENS = List.of("Business", " costs", " 12 EUR", " per seat.");

    private FakeProviderServer server;

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

    @ParameterizedTest(name = "{0}")
    @MethodSource("wires")
    void theConversationIsSentAsChatMessagesOnTheRoutedModel(ProviderWire wire) throws Exception {
        String routed = routedModel(wire);
        server.enqueue(wire.stream(routed, TOKENS, new Usage(61, 7)));
        LangChainTextGenerator generator = new LangChainTextGenerator(ProviderSettings.of(wire.providerId(), "key",
                wire.baseUrl(server.origin()), null));

        RecordingListener listener = new RecordingListener();
        generator.generate(GenerationRequest.chat(PROMPT, routed), listener);
        assertThat(listener.awaitTerminal(WAIT)).isTrue();

        GenerationOutcome outcome = listener.outcome();
        assertThat(outcome.text()).isEqualTo(String.join("", TOKENS));
        assertThat(outcome.usage()).isEqualTo(new TokenUsage(61, 7, true));
        RecordedRequest request = server.lastRequest();
        assertThat(request.path()).isEqualTo(wire.streamPath(routed));
        assertThat(sent(wire, request.json())).containsExactly(
                "system: " + SYSTEM,
                "user: Which plans do you offer?",
                "assistant: Starter and Business.",
                "user: What does Business cost per seat?");
        assertThat(request.body()).as("no assist template around the conversation")
                .doesNotContain("rewritten text only");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wires")
    void withoutReportedUsageTheWholeConversationIsCounted(ProviderWire wire) throws Exception {
        server.enqueue(wire.stream(routedModel(wire), TOKENS, null));
        LangChainTextGenerator generator = new LangChainTextGenerator(ProviderSettings.of(wire.providerId(), "key",
                wire.baseUrl(server.origin()), null));

        RecordingListener listener = new RecordingListener();
        generator.generate(GenerationRequest.chat(PROMPT, null), listener);
        assertThat(listener.awaitTerminal(WAIT)).isTrue();

        TokenUsage usage = listener.outcome().usage();
        assertThat(usage.reportedByProvider()).isFalse();
        assertThat(usage.inputTokens()).isEqualTo(TokenEstimator.countPrompt(PROMPT))
                .isGreaterThan(TokenEstimator.count(PROMPT.latestUserMessage()) + TokenEstimator.count(SYSTEM));
        assertThat(usage.outputTokens()).isEqualTo(TokenEstimator.count(String.join("", TOKENS)));
        assertThat(CostEstimator.promptTokens(PROMPT)).as("with the format's overhead per message")
                .isGreaterThan(usage.inputTokens());
    }

    /** A model other than the provider's default, as a tenant's route names it. */
    private static String routedModel(ProviderWire wire) {
        return switch (wire.providerId()) {
            case "openai" -> "gpt-4.1";
            case "anthropic" -> "claude-3-7-sonnet-latest";
            case "gemini" -> "gemini-2.5-pro";
            default -> "qwen2.5:7b";
        };
    }

    /** The messages of a request body as "role: text", in each provider's wire format. */
    private static List<String> sent(ProviderWire wire, JsonNode body) {
        List<String> messages = new ArrayList<>();
        switch (wire.providerId()) {
            case "openai", "ollama" -> body.path("messages").forEach(message ->
                    messages.add(message.path("role").asText() + ": " + message.path("content").asText()));
            case "anthropic" -> {
                JsonNode system = body.path("system");
                messages.add("system: " + (system.isArray() ? system.get(0).path("text").asText() : system.asText()));
                body.path("messages").forEach(message -> messages.add(message.path("role").asText() + ": "
                        + text(message.path("content"))));
            }
            case "gemini" -> {
                messages.add("system: " + body.path("systemInstruction").path("parts").get(0).path("text").asText());
                body.path("contents").forEach(content -> messages.add(
                        (content.path("role").asText().equals("model") ? "assistant" : content.path("role").asText())
                                + ": " + content.path("parts").get(0).path("text").asText()));
            }
            default -> throw new AssertionError(wire.providerId());
        }
        return messages;
    }

    private static String text(JsonNode content) {
        return content.isArray() ? content.get(0).path("text").asText() : content.asText();
    }
}
