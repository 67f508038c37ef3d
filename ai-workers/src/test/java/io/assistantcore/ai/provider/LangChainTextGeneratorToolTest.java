package io.assistantcore.ai.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.ai.generation.ChatPrompt;
import io.assistantcore.ai.generation.ChatPrompt.Message;
import io.assistantcore.ai.generation.ChatPrompt.Role;
import io.assistantcore.ai.generation.GenerationOutcome;
import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.ai.generation.ToolRequest;
import io.assistantcore.ai.generation.ToolRound;
import io.assistantcore.ai.generation.ToolSpec;
import io.assistantcore.ai.provider.fake.AnthropicWire;
import io.assistantcore.ai.provider.fake.FakeProviderServer;
import io.assistantcore.ai.provider.fake.OpenAiWire;
import io.assistantcore.ai.provider.fake.ProviderWire.Usage;
import io.assistantcore.ai.provider.fake.RecordingListener;
import io.assistantcore.messages.assist.TokenUsage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tool calling through langchain4j's tool specifications, against local servers speaking OpenAI's and Anthropic's
 * wire formats: the tools go out with the request, a streamed tool call comes back as the outcome's tool requests
 * (not as an empty answer), and the next call carries the request and its recorded result.
 */
class LangChainTextGeneratorToolTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"project\":{\"type\":\"string\","
            + "\"description\":\"the project\"},\"level\":{\"type\":\"string\",\"enum\":[\"beginner\",\"advanced\"]}},"
            + "\"required\":[\"project\",\"level\"],\"additionalProperties\":false}";
    private static final ToolSpec TOOL = new ToolSpec("create_track", "Create a learning track in a project", SCHEMA);
    private static final String ARGS = "{\"project\":\"Data Science\",\"level\":\"beginner\"}";
    private static final ChatPrompt PROMPT = new ChatPrompt("You help with projects.", List.of(
            new Message(Role.USER, "Create a beginner track in the Data Science project")), List.of(), "chat-v1")
            .withTools(List.of(TOOL), List.of());

    private FakeProviderServer server;

    @BeforeEach
    void startServer() {
        server = FakeProviderServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private GenerationOutcome generate(String provider, String baseUrl, ChatPrompt prompt, String model)
            throws InterruptedException {
        LangChainTextGenerator generator = new LangChainTextGenerator(ProviderSettings.of(provider, "key", baseUrl,
                null));
        RecordingListener listener = new RecordingListener();
        generator.generate(GenerationRequest.chat(prompt, model), listener);
        assertThat(listener.awaitTerminal(WAIT)).isTrue();
        return listener.outcome();
    }

    @Test
    void openAiCallsAToolAndIsGivenItsResult() throws Exception {
        OpenAiWire wire = new OpenAiWire();
        server.enqueue(wire.toolCallStream("gpt-4o-mini", "call_abc", "create_track", ARGS, new Usage(80, 20)));

        GenerationOutcome outcome = generate("openai", wire.baseUrl(server.origin()), PROMPT, "gpt-4o-mini");

        assertThat(outcome.toolRequests()).containsExactly(new ToolRequest("call_abc", "create_track", ARGS));
        assertThat(outcome.usage()).isEqualTo(new TokenUsage(80, 20, true));
        JsonNode sentTool = server.lastRequest().json().path("tools").path(0);
        assertThat(sentTool.path("type").asText()).isEqualTo("function");
        assertThat(sentTool.path("function").path("name").asText()).isEqualTo("create_track");
        assertThat(sentTool.path("function").path("parameters").path("properties").path("level").path("enum"))
                .hasSize(2);

        server.enqueue(wire.stream("gpt-4o-mini", List.of("Done: ", "track-1."), new Usage(120, 5)));
        ChatPrompt resumed = PROMPT.withTools(List.of(TOOL), List.of(new ToolRound("", List.of(
                new ToolRound.Exchange(outcome.toolRequests().get(0), "{\"trackId\":\"track-1\"}")))));
        GenerationOutcome answer = generate("openai", wire.baseUrl(server.origin()), resumed, "gpt-4o-mini");

        assertThat(answer.text()).isEqualTo("Done: track-1.");
        assertThat(answer.wantsTools()).isFalse();
        JsonNode messages = server.lastRequest().json().path("messages");
        JsonNode call = messages.get(messages.size() - 2);
        assertThat(call.path("role").asText()).isEqualTo("assistant");
        assertThat(call.path("tool_calls").path(0).path("id").asText()).isEqualTo("call_abc");
        JsonNode result = messages.get(messages.size() - 1);
        assertThat(result.path("role").asText()).isEqualTo("tool");
        assertThat(result.path("tool_call_id").asText()).isEqualTo("call_abc");
        assertThat(result.path("content").asText()).isEqualTo("{\"trackId\":\"track-1\"}");
    }

    @Test
    void anthropicCallsAToolAndIsGivenItsResult() throws Exception {
        AnthropicWire wire = new AnthropicWire();
        server.enqueue(wire.toolUseStream("claude-sonnet-4-5", "toolu_01", "create_track", ARGS, new Usage(90, 25)));

        GenerationOutcome outcome = generate("anthropic", wire.baseUrl(server.origin()), PROMPT,
                "claude-sonnet-4-5");

        assertThat(outcome.toolRequests()).singleElement().satisfies(request -> {
            assertThat(request.id()).isEqualTo("toolu_01");
            assertThat(request.name()).isEqualTo("create_track");
            assertThat(request.arguments()).isEqualToIgnoringWhitespace(ARGS);
        });
        JsonNode sentTool = server.lastRequest().json().path("tools").path(0);
        assertThat(sentTool.path("name").asText()).isEqualTo("create_track");
        assertThat(sentTool.path("input_schema").path("required")).hasSize(2);

        server.enqueue(wire.stream("claude-sonnet-4-5", List.of("Created ", "track-1."), new Usage(130, 6)));
        ChatPrompt resumed = PROMPT.withTools(List.of(TOOL), List.of(new ToolRound("", List.of(
                new ToolRound.Exchange(outcome.toolRequests().get(0), "{\"trackId\":\"track-1\"}")))));
        GenerationOutcome answer = generate("anthropic", wire.baseUrl(server.origin()), resumed,
                "claude-sonnet-4-5");

        assertThat(answer.text()).isEqualTo("Created track-1.");
        JsonNode messages = server.lastRequest().json().path("messages");
        JsonNode use = messages.get(messages.size() - 2).path("content").path(0);
        assertThat(use.path("type").asText()).isEqualTo("tool_use");
        assertThat(use.path("id").asText()).isEqualTo("toolu_01");
        JsonNode result = messages.get(messages.size() - 1).path("content").path(0);
        assertThat(result.path("type").asText()).isEqualTo("tool_result");
        assertThat(result.path("tool_use_id").asText()).isEqualTo("toolu_01");
    }
}
