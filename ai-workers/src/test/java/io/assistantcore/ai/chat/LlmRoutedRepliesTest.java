package io.assistantcore.ai.chat;

import io.assistantcore.ai.chat.routing.ChatRoutingConfiguration;
import io.assistantcore.ai.chat.routing.ChatRoutingConfiguration.RouterProperties;
import io.assistantcore.ai.chat.routing.MessageRouter;
import io.assistantcore.ai.chat.routing.SemanticRouter;
import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.ai.provider.ProviderSettings;
import io.assistantcore.ai.provider.fake.ProviderWire.Usage;
import io.assistantcore.ai.provider.fake.RecordedRequest;
import io.assistantcore.messages.chat.ChatCommands.CompleteReply;
import io.assistantcore.messages.chat.ChatCommands.RecordRoute;
import io.assistantcore.messages.chat.MemoryInput;
import io.assistantcore.messages.chat.ReplySpec;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.chat.RouteDecider;
import io.assistantcore.messages.tenant.RoutingRules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.assistantcore.ai.chat.ChatWorkerRig.ANTHROPIC_MODEL;
import static io.assistantcore.ai.chat.ChatWorkerRig.OPENAI_MODEL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole reply path with the real LLM router: its structured answer (from Anthropic's small model, the first
 * router choice) picks the provider that then answers — asserted on the two servers, which speak the OpenAI and
 * Anthropic wire formats to the real langchain4j clients.
 */
class LlmRoutedRepliesTest {

    private static final String ROUTER_MODEL = "claude-haiku-4-5";
    private static SemanticRouter semantic;

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @BeforeAll
    static void semanticRouter() {
        semantic = new SemanticRouter(new OfflineTextEngine(1)::embeddingModel,
                SemanticRouter.DEFAULT_LONG_CONTEXT_TOKENS);
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aReasoningVerdictSendsTheReplyToAnthropicAndNothingToOpenAi() throws Exception {
        try (ChatWorkerRig rig = rigWithLlmRouter()) {
            rig.anthropic.enqueue(rig.anthropicWire.message(ROUTER_MODEL,
                    "{\"category\":\"reasoning\",\"confidence\":0.91,\"reason\":\"A multi-step deduction.\"}",
                    new Usage(300, 20)));
            rig.anthropic.enqueue(rig.anthropicWire.stream(ANTHROPIC_MODEL, List.of("It", " follows."),
                    new Usage(50, 3)));

            rig.request("r-1", spec("If all invoices over 10k need two approvals and this one has one, may I pay?"));
            List<Object> sent = rig.awaitEnding("r-1", 1);

            RecordRoute route = (RecordRoute) sent.get(1);
            assertThat(route.category()).isEqualTo(RouteCategory.REASONING);
            assertThat(route.decidedBy()).isEqualTo(RouteDecider.LLM);
            assertThat(route.provider()).isEqualTo("anthropic");
            assertThat(((CompleteReply) sent.get(sent.size() - 1)).text()).isEqualTo("It follows.");
            List<RecordedRequest> anthropicRequests = rig.anthropic.requests();
            assertThat(anthropicRequests).hasSize(2);
            assertThat(anthropicRequests.get(0).json().path("model").asText()).isEqualTo(ROUTER_MODEL);
            assertThat(anthropicRequests.get(1).json().path("model").asText()).isEqualTo(ANTHROPIC_MODEL);
            assertThat(anthropicRequests.get(1).json().toString()).contains("two approvals");
            assertThat(rig.openai.requestCount()).as("the OpenAI server saw nothing").isZero();
        }
    }

    @Test
    void aCodeVerdictSendsTheReplyToOpenAiAndOnlyTheRouterCallToAnthropic() throws Exception {
        try (ChatWorkerRig rig = rigWithLlmRouter()) {
            rig.anthropic.enqueue(rig.anthropicWire.message(ROUTER_MODEL,
                    "{\"category\":\"code\",\"confidence\":0.95,\"reason\":\"A programming question.\"}",
                    new Usage(300, 20)));
            rig.openai.enqueue(rig.openaiWire.stream(OPENAI_MODEL, List.of("Use", " a", " JOIN."),
                    new Usage(40, 3)));

            rig.request("r-2", spec("How do I join the orders table to customers in SQL?"));
            List<Object> sent = rig.awaitEnding("r-2", 1);

            RecordRoute route = (RecordRoute) sent.get(1);
            assertThat(route.category()).isEqualTo(RouteCategory.CODE);
            assertThat(route.decidedBy()).isEqualTo(RouteDecider.LLM);
            assertThat(route.provider()).isEqualTo("openai");
            assertThat(((CompleteReply) sent.get(sent.size() - 1)).text()).isEqualTo("Use a JOIN.");
            assertThat(rig.anthropic.requests()).singleElement()
                    .satisfies(request -> assertThat(request.json().path("model").asText()).isEqualTo(ROUTER_MODEL));
            assertThat(rig.openai.requests()).singleElement()
                    .satisfies(request -> assertThat(request.json().toString()).contains("orders table"));
        }
    }

    private ChatWorkerRig rigWithLlmRouter() {
        return ChatWorkerRig.withRouter(this::routerFor);
    }

    private MessageRouter routerFor(ChatWorkerRig rig) {
        RouterProperties properties = new RouterProperties(ROUTER_MODEL, "gpt-4o-mini", Duration.ofSeconds(10),
                Duration.ofSeconds(2), SemanticRouter.DEFAULT_LONG_CONTEXT_TOKENS);
        return ChatRoutingConfiguration.create(List.of(
                ProviderSettings.of(ProviderSettings.ANTHROPIC, "k", rig.anthropicWire.baseUrl(rig.anthropic.origin()),
                        null),
                ProviderSettings.of(ProviderSettings.OPENAI, "k", rig.openaiWire.baseUrl(rig.openai.origin()),
                        null)), properties, semantic, executor);
    }

    private static ReplySpec spec(String text) {
        return new ReplySpec(text, List.of(), null, MemoryInput.EMPTY, false, Set.of(), RoutingRules.DEFAULT,
                "chat-v1", "none", List.of());
    }
}
