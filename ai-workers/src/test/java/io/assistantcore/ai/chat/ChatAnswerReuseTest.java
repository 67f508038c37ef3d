package io.assistantcore.ai.chat;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.assistantcore.ai.chat.ChatWorkerConfiguration.ChatProperties;
import io.assistantcore.ai.provider.fake.ProviderWire.Usage;
import io.assistantcore.ai.vector.TableVectorIndex;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.chat.ChatCommands.CompleteReply;
import io.assistantcore.messages.chat.ChatCommands.StartReplyStream;
import io.assistantcore.messages.chat.ChatEvents.ReplyFeedbackGiven;
import io.assistantcore.messages.chat.FeedbackRating;
import io.assistantcore.messages.chat.MemoryInput;
import io.assistantcore.messages.chat.MemoryInput.Turn;
import io.assistantcore.messages.chat.ReplySpec;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.tenant.RoutingRules;
import io.assistantcore.messages.tenant.TenantEvents.RoutingRulesSet;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.assistantcore.ai.chat.ChatWorkerRig.OPENAI_MODEL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answer reuse through the worker, on the test PostgreSQL with the vectors in the fallback table and the in-jar
 * embedding model, at the configured default threshold: a close question of the same tenant is answered from the
 * earlier reply at zero cost, naming it and what it cost; a thumbs-down — on the reply or on a reply that reused
 * it — stops that.
 */
class ChatAnswerReuseTest {

    private static final RoutingRules REUSE = new RoutingRules(Map.of(), null, List.of(), true);
    private static final String ANSWER = "Open Settings, choose Security and press Reset password.";

    private static DataSource dataSource;
    private static EmbeddingModel embeddings;

    private ChatWorkerRig rig;
    private AnswerReuse reuse;
    private AnswerReuseUpkeep upkeep;
    private String tenant;

    @BeforeAll
    static void database() {
        dataSource = TestDatabase.freshMigratedDatabase("classpath:db/migration/aiworkers");
        System.setProperty("ai.djl.offline", "true");
        embeddings = new AllMiniLmL6V2EmbeddingModel(Runnable::run);
    }

    @BeforeEach
    void worker() {
        // the defaults of the assistant.chat settings, as a node without any of them binds them
        ChatProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("assistant.chat", ChatProperties.class);
        TableVectorIndex vectors = new TableVectorIndex(dataSource, 384);
        reuse = new AnswerReuse(dataSource, () -> vectors, () -> embeddings, defaults.reuse().threshold(),
                defaults.reuse().maxAge(), Clock.systemUTC());
        upkeep = new AnswerReuseUpkeep(reuse);
        rig = new ChatWorkerRig(reuse);
        tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        rig.openai.otherwise(request -> rig.openaiWire.stream(OPENAI_MODEL, List.of("Open Settings,",
                " choose Security", " and press Reset password."), new Usage(40, 9)));
    }

    @AfterEach
    void close() throws InterruptedException {
        rig.close();
    }

    private static ReplySpec spec(String text, MemoryInput memory, RoutingRules routing) {
        return new ReplySpec(text, List.of(), null, memory, false, Set.of(), routing, "chat-v1", "none", List.of());
    }

    private CompleteReply ask(String replyId, String question) throws InterruptedException {
        return ask(tenant, replyId, spec(question, MemoryInput.EMPTY, REUSE));
    }

    private CompleteReply ask(String tenantId, String replyId, ReplySpec spec) throws InterruptedException {
        rig.request(tenantId, replyId, spec);
        List<Object> sent = rig.awaitEnding(replyId, 1);
        return (CompleteReply) sent.get(sent.size() - 1);
    }

    private void rate(String replyId, FeedbackRating rating) {
        upkeep.on(new ReplyFeedbackGiven("conv-" + replyId, tenant, replyId, "dana", rating, null,
                RouteCategory.GENERAL, OPENAI_MODEL));
    }

    @Test
    void aCloseQuestionIsAnsweredFromTheEarlierReplyAtZeroCostNamingWhatItSaved() throws Exception {
        CompleteReply original = ask("a-1", "How do I reset my password?");
        assertThat(original.reusedFromReply()).isNull();
        assertThat(original.text()).isEqualTo(ANSWER);

        CompleteReply reused = ask("a-2", "How can I reset my password?");

        assertThat(reused.text()).isEqualTo(ANSWER);
        assertThat(reused.reusedFromReply()).isEqualTo("a-1");
        assertThat(reused.cost()).isEqualTo(Money.zero("USD"));
        assertThat(reused.usage()).isEqualTo(TokenUsage.NONE);
        // what a-1 cost: 40 × 0.15 + 9 × 0.60 per million
        assertThat(reused.savedCost()).isEqualTo(new Money(new BigDecimal("0.00001140"), "USD"));
        assertThat(reused.provider()).isEqualTo("openai");
        assertThat(reused.model()).isEqualTo(OPENAI_MODEL);
        assertThat(rig.streamedText("a-2")).as("streamed like a model's answer").isEqualTo(ANSWER);
        assertThat(rig.commandsOf("a-2", 1)).filteredOn(StartReplyStream.class::isInstance).hasSize(1);
        assertThat(rig.openai.requestCount()).as("one model call for both").isEqualTo(1);
    }

    @Test
    void aThumbsDownOnTheReplyOrOnOneThatReusedItStopsTheReuse() throws Exception {
        ask("b-1", "How do I reset my password?");
        assertThat(ask("b-2", "How can I reset my password?").reusedFromReply()).isEqualTo("b-1");

        rate("b-2", FeedbackRating.DOWN);
        CompleteReply afterDown = ask("b-3", "How can I reset my password?");

        assertThat(afterDown.reusedFromReply()).as("b-1's answer was rated down through b-2").isNull();
        assertThat(rig.openai.requestCount()).isEqualTo(2);

        rate("b-2", FeedbackRating.UP);
        rate("b-3", FeedbackRating.DOWN);
        CompleteReply afterUp = ask("b-4", "How can I reset my password?");
        assertThat(afterUp.reusedFromReply()).as("the thumbs-up took the rejection back").isEqualTo("b-1");
    }

    @Test
    void aDirectThumbsDownStopsTheReuse() throws Exception {
        ask("c-1", "How do I reset my password?");
        rate("c-1", FeedbackRating.DOWN);

        assertThat(ask("c-2", "How can I reset my password?").reusedFromReply()).isNull();
        assertThat(rig.openai.requestCount()).isEqualTo(2);
    }

    @Test
    void onlyStandaloneQuestionsOfTheSameTenantWithReuseOnAreReused() throws Exception {
        ask("d-1", "How do I reset my password?");

        MemoryInput memory = new MemoryInput("", List.of(), List.of(new Turn(1, "I use the mobile app.", "Noted.")),
                0);
        assertThat(ask(tenant, "d-2", spec("How can I reset my password?", memory, REUSE)).reusedFromReply())
                .as("an answer in a conversation may depend on it").isNull();
        assertThat(ask("other-tenant", "d-3", spec("How can I reset my password?", MemoryInput.EMPTY, REUSE))
                .reusedFromReply()).as("another tenant").isNull();
        assertThat(ask(tenant, "d-4", spec("How can I reset my password?", MemoryInput.EMPTY,
                RoutingRules.DEFAULT)).reusedFromReply()).as("reuse off").isNull();
        assertThat(ask("d-5", "How do I change the e-mail address of my account?").reusedFromReply())
                .as("a different question").isNull();
        assertThat(rig.openai.requestCount()).isEqualTo(5);
    }

    @Test
    void turningReuseOffForgetsTheTenantsAnswers() throws Exception {
        ask("e-1", "How do I reset my password?");
        upkeep.on(new RoutingRulesSet(tenant, RoutingRules.DEFAULT));

        assertThat(ask("e-2", "How can I reset my password?").reusedFromReply()).isNull();
    }
}
