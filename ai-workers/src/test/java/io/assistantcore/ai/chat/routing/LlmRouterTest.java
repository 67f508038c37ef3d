package io.assistantcore.ai.chat.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.ai.chat.routing.ChatRoutingConfiguration.RouterProperties;
import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.ai.provider.ProviderSettings;
import io.assistantcore.ai.provider.fake.AnthropicWire;
import io.assistantcore.ai.provider.fake.FakeProviderServer;
import io.assistantcore.ai.provider.fake.FakeResponse;
import io.assistantcore.ai.provider.fake.OpenAiWire;
import io.assistantcore.ai.provider.fake.ProviderWire.Usage;
import io.assistantcore.ai.provider.fake.RecordedRequest;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.chat.RouteDecider;
import io.assistantcore.messages.tenant.RoutingRules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LLM router with the real langchain4j OpenAI and Anthropic clients against local servers speaking their wire
 * formats ({@link FakeProviderServer}).
 */
class LlmRouterTest {

    private static final String HAIKU = "claude-haiku-4-5";
    private static final String MINI = "gpt-4o-mini";
    private static final Usage USAGE = new Usage(412, 31);
    private static final String CODE_QUESTION = "Why does my GROUP BY query fail with an error in Postgres?";

    private static SemanticRouter semantic;

    private final AnthropicWire anthropicWire = new AnthropicWire();
    private final OpenAiWire openAiWire = new OpenAiWire();
    private final List<FakeProviderServer> servers = new ArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @BeforeAll
    static void semanticRouter() {
        semantic = new SemanticRouter(new OfflineTextEngine()::embeddingModel,
                SemanticRouter.DEFAULT_LONG_CONTEXT_TOKENS);
        semantic.warmUp();
    }

    @AfterEach
    void stop() {
        servers.forEach(FakeProviderServer::close);
        executor.shutdownNow();
    }

    @Test
    void anthropicsStructuredAnswerPicksTheCategory() {
        FakeProviderServer anthropic = server();
        anthropic.enqueue(anthropicWire.message(HAIKU, answer("code", 0.93,
                "The user needs help fixing a database query."), USAGE));

        RouteDecision decision = router(Duration.ofSeconds(5), anthropic(anthropic))
                .classify(CODE_QUESTION, RoutingRules.DEFAULT);

        assertThat(decision).isEqualTo(new RouteDecision(RouteCategory.CODE, 0.93,
                "The user needs help fixing a database query.", RouteDecider.LLM));
        RecordedRequest request = anthropic.lastRequest();
        assertThat(request.path()).isEqualTo("/v1/messages");
        assertThat(request.header("x-api-key")).isEqualTo("a-key");
        JsonNode body = request.json();
        assertThat(body.get("model").asText()).isEqualTo(HAIKU);
        assertThat(body.has("stream") && body.get("stream").asBoolean()).isFalse();
        JsonNode format = body.at("/output_config/format");
        assertThat(format.get("type").asText()).isEqualTo("json_schema");
        assertAnswerSchema(format.get("schema"));
        assertThat(body.toString()).contains(CODE_QUESTION);
    }

    @Test
    void aRouterModelTheTenantsPolicyDoesNotAllowNeverSeesTheMessage() {
        FakeProviderServer anthropic = server();
        FakeProviderServer openai = server();
        anthropic.enqueue(anthropicWire.message(HAIKU, answer("code", 0.9, "A coding question."), USAGE));
        openai.enqueue(openAiWire.completion(MINI, answer("code", 0.86, "A coding question."), USAGE));

        RouteDecision decision = router(Duration.ofSeconds(5), anthropic(anthropic), openAi(openai))
                .classify(CODE_QUESTION, RoutingRules.DEFAULT, java.util.Set.of("openai"));

        assertThat(decision.decidedBy()).isEqualTo(RouteDecider.LLM);
        assertThat(decision.confidence()).isEqualTo(0.86);
        assertThat(anthropic.requestCount()).as("Anthropic is not allowed by the tenant").isZero();
        assertThat(openai.requestCount()).isEqualTo(1);
    }

    @Test
    void withNoAllowedRouterModelTheSemanticRouterDecidesLocally() {
        FakeProviderServer anthropic = server();
        anthropic.enqueue(anthropicWire.message(HAIKU, answer("code", 0.9, "A coding question."), USAGE));

        RouteDecision decision = router(Duration.ofSeconds(5), anthropic(anthropic))
                .classify(CODE_QUESTION, RoutingRules.DEFAULT, java.util.Set.of("local"));

        assertThat(decision.decidedBy()).isEqualTo(RouteDecider.SEMANTIC);
        assertThat(anthropic.requestCount()).isZero();
    }

    @Test
    void openAisStructuredAnswerPicksTheCategoryWhenAnthropicIsNotConfigured() {
        FakeProviderServer openai = server();
        openai.enqueue(openAiWire.completion(MINI, answer("creative", 0.88, "Asks for a poem."), USAGE));

        RouteDecision decision = router(Duration.ofSeconds(5), openAi(openai))
                .classify("Write a poem about our warehouse team", RoutingRules.DEFAULT);

        assertThat(decision).isEqualTo(new RouteDecision(RouteCategory.CREATIVE, 0.88, "Asks for a poem.",
                RouteDecider.LLM));
        RecordedRequest request = openai.lastRequest();
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.header("Authorization")).isEqualTo("Bearer o-key");
        JsonNode body = request.json();
        assertThat(body.get("model").asText()).isEqualTo(MINI);
        assertThat(body.at("/response_format/type").asText()).isEqualTo("json_schema");
        assertThat(body.at("/response_format/json_schema/strict").asBoolean()).isTrue();
        assertAnswerSchema(body.at("/response_format/json_schema/schema"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "category: code",
            "{\"category\":\"spreadsheets\",\"confidence\":0.9,\"reason\":\"About formulas.\"}",
            "{\"category\":\"code\",\"confidence\":1.7,\"reason\":\"About code.\"}",
            "{\"category\":\"code\",\"confidence\":\"high\",\"reason\":\"About code.\"}",
            "{\"category\":\"code\",\"confidence\":0.9}",
            "[\"code\"]"})
    void aMalformedAnswerFallsBackToTheSemanticRouterAndSaysSo(String malformed) {
        FakeProviderServer anthropic = server();
        FakeProviderServer openai = server();
        anthropic.enqueue(anthropicWire.message(HAIKU, malformed, USAGE));

        RouteDecision decision = router(Duration.ofSeconds(5), anthropic(anthropic), openAi(openai))
                .classify(CODE_QUESTION, RoutingRules.DEFAULT);

        RouteDecision offline = semantic.classify(CODE_QUESTION, RoutingRules.DEFAULT);
        assertThat(decision.decidedBy()).isEqualTo(RouteDecider.FALLBACK);
        assertThat(decision.category()).isEqualTo(offline.category());
        assertThat(decision.confidence()).isEqualTo(offline.confidence());
        assertThat(decision.reason()).startsWith("The router model (anthropic) answered malformed: ")
                .endsWith(offline.reason());
        assertThat(anthropic.requestCount()).isEqualTo(1);
        assertThat(openai.requestCount()).as("a malformed answer is not an outage").isZero();
    }

    @Test
    void anthropicAnswering500HandsOverToOpenAisMiniModel() {
        FakeProviderServer anthropic = server();
        FakeProviderServer openai = server();
        anthropic.enqueue(anthropicWire.error(500, "Internal server error"));
        openai.enqueue(openAiWire.completion(MINI, answer("reasoning", 0.81, "A multi-step calculation."), USAGE));

        RouteDecision decision = router(Duration.ofSeconds(5), openAi(openai), anthropic(anthropic))
                .classify("If 5 machines make 5 widgets in 5 minutes, how long do 100 machines need?",
                        RoutingRules.DEFAULT);

        assertThat(decision).isEqualTo(new RouteDecision(RouteCategory.REASONING, 0.81,
                "A multi-step calculation.", RouteDecider.LLM));
        assertThat(anthropic.requestCount()).isEqualTo(1);
        assertThat(anthropic.lastRequest().json().get("model").asText()).isEqualTo(HAIKU);
        assertThat(openai.requestCount()).isEqualTo(1);
        JsonNode body = openai.lastRequest().json();
        assertThat(body.get("model").asText()).isEqualTo(MINI);
        assertThat(body.at("/response_format/json_schema/strict").asBoolean()).isTrue();
    }

    @Test
    void anthropicUnreachableHandsOverToOpenAi() {
        FakeProviderServer gone = server();
        ProviderSettings unreachable = anthropic(gone);
        gone.close();
        FakeProviderServer openai = server();
        openai.enqueue(openAiWire.completion(MINI, answer("image", 0.97, "Asks for a picture."), USAGE));

        RouteDecision decision = router(Duration.ofSeconds(5), unreachable, openAi(openai))
                .classify("Draw our mascot as a watercolor", RoutingRules.DEFAULT);

        assertThat(decision.category()).isEqualTo(RouteCategory.IMAGE);
        assertThat(decision.decidedBy()).isEqualTo(RouteDecider.LLM);
        assertThat(openai.requestCount()).isEqualTo(1);
    }

    @Test
    void anthropicWithoutAnswerWithinTheTimeoutHandsOverToOpenAi() throws InterruptedException {
        FakeProviderServer anthropic = server();
        FakeProviderServer openai = server();
        anthropic.enqueue(FakeResponse.status(200).hangBeforeHeaders().build());
        openai.enqueue(openAiWire.completion(MINI, answer("general", 0.7, "An everyday question."), USAGE));

        RouteDecision decision = router(Duration.ofMillis(500), anthropic(anthropic), openAi(openai))
                .classify("What does net 30 mean?", RoutingRules.DEFAULT);

        assertThat(decision.category()).isEqualTo(RouteCategory.GENERAL);
        assertThat(decision.decidedBy()).isEqualTo(RouteDecider.LLM);
        assertThat(anthropic.requestCount()).isEqualTo(1);
        assertThat(anthropic.awaitConnectionClosed(anthropic.lastRequest(), Duration.ofSeconds(10)))
                .as("the abandoned call's connection is closed").isPositive();
    }

    @Test
    void whenEveryRouterModelFailsTheSemanticRouterDecidesAndTheReasonNamesTheFailures() {
        FakeProviderServer anthropic = server();
        FakeProviderServer openai = server();
        anthropic.enqueue(anthropicWire.error(529, "Overloaded"));
        openai.enqueue(openAiWire.error(503, "Service unavailable"));

        RouteDecision decision = router(Duration.ofSeconds(5), anthropic(anthropic), openAi(openai))
                .classify(CODE_QUESTION, RoutingRules.DEFAULT);

        assertThat(decision.decidedBy()).isEqualTo(RouteDecider.FALLBACK);
        assertThat(decision.category())
                .isEqualTo(semantic.classify(CODE_QUESTION, RoutingRules.DEFAULT).category());
        assertThat(decision.reason()).startsWith("The router model failed (anthropic: HTTP 529; openai: HTTP 503)")
                .doesNotContain("GROUP BY");
    }

    @Test
    void theTenantsRouterChoiceIsAskedFirst() {
        FakeProviderServer anthropic = server();
        FakeProviderServer openai = server();
        openai.enqueue(openAiWire.completion("gpt-4.1-nano", answer("code", 0.9, "A coding question."), USAGE));
        RoutingRules rules = rulesWithRouter("openai", "gpt-4.1-nano");

        RouteDecision decision = router(Duration.ofSeconds(5), anthropic(anthropic), openAi(openai))
                .classify(CODE_QUESTION, rules);

        assertThat(decision.decidedBy()).isEqualTo(RouteDecider.LLM);
        assertThat(openai.lastRequest().json().get("model").asText()).isEqualTo("gpt-4.1-nano");
        assertThat(anthropic.requestCount()).isZero();
    }

    @Test
    void whenTheTenantsChoiceFailsThePlatformDefaultsFollow() {
        FakeProviderServer anthropic = server();
        FakeProviderServer openai = server();
        openai.enqueue(openAiWire.error(404, "The model does not exist"));
        anthropic.enqueue(anthropicWire.message(HAIKU, answer("code", 0.9, "A coding question."), USAGE));

        RouteDecision decision = router(Duration.ofSeconds(5), anthropic(anthropic), openAi(openai))
                .classify(CODE_QUESTION, rulesWithRouter("openai", "gpt-unknown"));

        assertThat(decision.decidedBy()).isEqualTo(RouteDecider.LLM);
        assertThat(openai.requests()).extracting(r -> r.json().get("model").asText())
                .containsExactly("gpt-unknown");
        assertThat(anthropic.requestCount()).isEqualTo(1);
    }

    @Test
    void aTenantChoosingTheOfflineEngineGetsTheSemanticRouter() {
        FakeProviderServer anthropic = server();

        RouteDecision decision = router(Duration.ofSeconds(5), anthropic(anthropic))
                .classify(CODE_QUESTION, rulesWithRouter("local", null));

        assertThat(decision.decidedBy()).isEqualTo(RouteDecider.SEMANTIC);
        assertThat(anthropic.requestCount()).isZero();
    }

    @Test
    void withoutAnyRemoteProviderTheSemanticRouterDecides() {
        MessageRouter router = router(Duration.ofSeconds(5));

        assertThat(router).isInstanceOf(SemanticRouter.class);
        RouteDecision decision = router.classify(CODE_QUESTION, RoutingRules.DEFAULT);
        assertThat(decision.decidedBy()).isEqualTo(RouteDecider.SEMANTIC);
        assertThat(decision.category()).isEqualTo(RouteCategory.CODE);
    }

    @Test
    void aLongMessageIsLongContextByRuleWithoutAskingAModel() {
        FakeProviderServer anthropic = server();
        String longText = "Please summarize the following report. "
                + "Quarterly revenue grew in every region while costs stayed flat. ".repeat(600);

        RouteDecision decision = router(Duration.ofSeconds(5), anthropic(anthropic))
                .classify(longText, RoutingRules.DEFAULT);

        assertThat(decision.category()).isEqualTo(RouteCategory.LONG_CONTEXT);
        assertThat(decision.decidedBy()).isEqualTo(RouteDecider.RULE);
        assertThat(anthropic.requestCount()).isZero();
    }

    @Test
    void aReasonThatQuotesTheMessageIsReplaced() {
        FakeProviderServer anthropic = server();
        anthropic.enqueue(anthropicWire.message(HAIKU, answer("code", 0.9,
                "The user asked: why does my group by query fail with an error"), USAGE));

        RouteDecision decision = router(Duration.ofSeconds(5), anthropic(anthropic))
                .classify(CODE_QUESTION, RoutingRules.DEFAULT);

        assertThat(decision.category()).isEqualTo(RouteCategory.CODE);
        assertThat(decision.reason()).isEqualTo("The router model classified the message as code");
    }

    @Test
    void reasonsAreCleanedAndBounded() {
        String reason = LlmRouter.cleanReason("Needs\u0007 care:\n" + "x".repeat(500), RouteCategory.GENERAL,
                "hello there");

        assertThat(reason).hasSizeLessThanOrEqualTo(LlmRouter.MAX_REASON_CHARS).startsWith("Needs care: x")
                .doesNotContainPattern("\\p{Cntrl}");
    }

    private static void assertAnswerSchema(JsonNode schema) {
        assertThat(schema.get("type").asText()).isEqualTo("object");
        List<String> categories = new ArrayList<>();
        schema.at("/properties/category/enum").forEach(value -> categories.add(value.asText()));
        assertThat(categories).containsExactlyElementsOf(
                Arrays.stream(RouteCategory.values()).map(RouteCategory::wireName).toList());
        assertThat(schema.at("/properties/confidence/type").asText()).isEqualTo("number");
        assertThat(schema.at("/properties/reason/type").asText()).isEqualTo("string");
        List<String> required = new ArrayList<>();
        schema.get("required").forEach(value -> required.add(value.asText()));
        assertThat(required).containsExactlyInAnyOrder("category", "confidence", "reason");
        assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
    }

    private static String answer(String category, double confidence, String reason) {
        return "{\"category\":\"" + category + "\",\"confidence\":" + confidence + ",\"reason\":\"" + reason + "\"}";
    }

    private static RoutingRules rulesWithRouter(String provider, String model) {
        return new RoutingRules(Map.of(), new RoutingRules.Route(provider, model), List.of(), false);
    }

    private FakeProviderServer server() {
        FakeProviderServer server = FakeProviderServer.start();
        servers.add(server);
        return server;
    }

    private ProviderSettings anthropic(FakeProviderServer server) {
        return ProviderSettings.of(ProviderSettings.ANTHROPIC, "a-key", anthropicWire.baseUrl(server.origin()), null);
    }

    private ProviderSettings openAi(FakeProviderServer server) {
        return ProviderSettings.of(ProviderSettings.OPENAI, "o-key", openAiWire.baseUrl(server.origin()), null);
    }

    private MessageRouter router(Duration timeout, ProviderSettings... providers) {
        RouterProperties properties = new RouterProperties(HAIKU, MINI, timeout, Duration.ofSeconds(2),
                SemanticRouter.DEFAULT_LONG_CONTEXT_TOKENS);
        return ChatRoutingConfiguration.create(List.of(providers), properties, semantic, executor);
    }
}
