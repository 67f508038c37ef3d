package io.assistantcore.ai.chat;

import io.assistantcore.ai.chat.memory.MemoryPlan;
import io.assistantcore.ai.chat.memory.MemoryPlanner;
import io.assistantcore.ai.chat.memory.SummaryCall;
import io.assistantcore.ai.image.ImageGeneration;
import io.assistantcore.ai.provider.fake.ProviderWire.Usage;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.chat.ChatCommands.CompleteReply;
import io.assistantcore.messages.chat.ChatCommands.RecordCancelledReplyOutput;
import io.assistantcore.messages.chat.ChatCommands.RecordMemory;
import io.assistantcore.messages.chat.ChatCommands.RecordReplyImage;
import io.assistantcore.messages.chat.ChatCommands.StartReplyStream;
import io.assistantcore.messages.chat.MemoryInput;
import io.assistantcore.messages.chat.MemoryInput.Turn;
import io.assistantcore.messages.chat.ReplySpec;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.tenant.RoutingRules;
import io.assistantcore.messages.common.Money;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import static io.assistantcore.ai.chat.ChatWorkerRig.OPENAI_MODEL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reply the user cancels while its worker is busy is billed for what the worker paid for, once: the worker's next
 * command is refused as cancelled, and the worker records the cancelled output with that cost (which closes the
 * reservation) — a picture, a memory summary, a text answered without a model call (BRIEF §2b).
 */
class ChatReplyCancelBillingTest {

    static final Money IMAGE_PRICE = Money.of("0.04", "USD");
    /** 1 000 input and 100 output tokens of the OpenAI model: 1000 × 0.15 + 100 × 0.60 per million. */
    static final TokenUsage SUMMARY_USAGE = new TokenUsage(1000, 100, true);
    static final Money SUMMARY_COST = new Money(new BigDecimal("0.00021000"), "USD");

    private static ReplySpec spec(String text, RouteCategory override, MemoryInput memory) {
        return new ReplySpec(text, List.of(), override, memory, false, Set.of(), RoutingRules.DEFAULT, "chat-v1",
                "none", List.of());
    }

    /** An image model that makes a picture at a price, without a provider or a store. */
    private static ImageGeneration pictures(Runnable whileDrawing) {
        return new ImageGeneration(null, "openai", "gpt-image-1", null, null, null, null) {
            @Override
            public Made generate(String tenantId, String userId, String prompt) {
                whileDrawing.run();
                return new Made("img-1", "a lighthouse at dusk", "openai", "gpt-image-1", IMAGE_PRICE);
            }
        };
    }

    @Test
    void aPictureMadeForAReplyCancelledWhileItWasDrawnIsBilledWithTheCancelledOutput() throws Exception {
        try (ChatWorkerRig rig = new ChatWorkerRig(null)) {
            rig.runner.offerImages(pictures(() -> rig.cancelInConversation("r-1")));

            rig.request("r-1", spec("Draw a picture of a lighthouse at dusk.", null, MemoryInput.EMPTY));
            List<Object> sent = rig.awaitEnding("r-1", 1);

            assertThat(sent).extracting(Object::getClass).map(Class::getSimpleName).containsExactly(
                    "RecordScreening", "RecordRoute", "StartReplyStream", "RecordReplyImage",
                    "RecordCancelledReplyOutput");
            RecordCancelledReplyOutput cancelled = (RecordCancelledReplyOutput) sent.get(4);
            assertThat(cancelled.provider()).isEqualTo("openai");
            assertThat(cancelled.model()).isEqualTo("gpt-image-1");
            assertThat(cancelled.cost()).as("the picture was paid for").isEqualTo(IMAGE_PRICE);
            assertThat(cancelled.usage()).isEqualTo(TokenUsage.NONE);
        }
    }

    @Test
    void aPictureRecordedBeforeTheCancellationIsLeftToTheConversationToBill() throws Exception {
        try (ChatWorkerRig rig = new ChatWorkerRig(null)) {
            rig.runner.offerImages(pictures(() -> { }));
            rig.cancelInConversationAfter("r-2", RecordReplyImage.class);

            rig.request("r-2", spec("Draw a picture of a lighthouse at dusk.", null, MemoryInput.EMPTY));
            List<Object> sent = rig.awaitEnding("r-2", 1);

            assertThat(sent).extracting(Object::getClass).map(Class::getSimpleName).containsExactly(
                    "RecordScreening", "RecordRoute", "StartReplyStream", "RecordReplyImage", "CompleteReply",
                    "RecordCancelledReplyOutput");
            assertThat(((RecordReplyImage) sent.get(3)).cost()).isEqualTo(IMAGE_PRICE);
            RecordCancelledReplyOutput cancelled = (RecordCancelledReplyOutput) sent.get(5);
            assertThat(cancelled.partialText()).isEqualTo(ChatReplyRunner.IMAGE_MADE);
            assertThat(cancelled.provider()).isEqualTo("openai");
            // the conversation holds the recorded picture's cost and adds it to this (once)
            assertThat(cancelled.cost().amount()).isZero();
        }
    }

    @Test
    void aTextAnsweredWithoutAModelThatCameTooLateIsRecordedAsTheCancelledOutput() throws Exception {
        try (ChatWorkerRig rig = new ChatWorkerRig(null)) {
            rig.cancelInConversationAfter("r-3", StartReplyStream.class);

            rig.request("r-3", spec("Draw a picture of a lighthouse at dusk.", null, MemoryInput.EMPTY));
            List<Object> sent = rig.awaitEnding("r-3", 1);

            assertThat(sent).extracting(Object::getClass).map(Class::getSimpleName).containsExactly(
                    "RecordScreening", "RecordRoute", "StartReplyStream", "CompleteReply",
                    "RecordCancelledReplyOutput");
            RecordCancelledReplyOutput cancelled = (RecordCancelledReplyOutput) sent.get(4);
            assertThat(cancelled.partialText()).isEqualTo(ChatReplyRunner.IMAGE_NOT_AVAILABLE);
            assertThat(cancelled.cost().amount()).isZero();
        }
    }

    @Test
    void theMemorySummaryOfAReplyCancelledBeforeItStreamedIsBilled() throws Exception {
        TestChatParts base = new TestChatParts();
        ChatReplyParts parts = new ChatReplyParts(new TestChatParts.PhraseScreen(), new TestChatParts.SubstringTopics(),
                new TestChatParts.KeywordRouter(base.routed), new Summarizing(), new TestChatParts.SimplePrompts(),
                new TestChatParts.FirstSentenceCheck());
        try (ChatWorkerRig rig = new ChatWorkerRig(null, parts)) {
            rig.cancelInConversationAfter("r-4", RecordMemory.class);

            rig.request("r-4", spec("And what does Business cost?", null, twoTurns()));
            List<Object> sent = rig.awaitEnding("r-4", 1);

            assertThat(sent).extracting(Object::getClass).map(Class::getSimpleName).containsExactly(
                    "RecordScreening", "RecordRoute", "RecordMemory", "StartReplyStream",
                    "RecordCancelledReplyOutput");
            RecordCancelledReplyOutput cancelled = (RecordCancelledReplyOutput) sent.get(4);
            assertThat(cancelled.cost()).as("the summary call was made and paid for").isEqualTo(SUMMARY_COST);
            assertThat(cancelled.usage()).isEqualTo(TokenUsage.NONE);
            assertThat(rig.openai.requestCount()).as("the reply's own model was never called").isZero();
        }
    }

    @Test
    void aStreamedReplyThatCompletedAfterTheCancellationIsBilledWithItsSummary() throws Exception {
        TestChatParts base = new TestChatParts();
        ChatReplyParts parts = new ChatReplyParts(new TestChatParts.PhraseScreen(), new TestChatParts.SubstringTopics(),
                new TestChatParts.KeywordRouter(base.routed), new Summarizing(), new TestChatParts.SimplePrompts(),
                new TestChatParts.FirstSentenceCheck());
        try (ChatWorkerRig rig = new ChatWorkerRig(null, parts)) {
            rig.openai.enqueue(rig.openaiWire.stream(OPENAI_MODEL, List.of("Business", " is", " 12 EUR."),
                    new Usage(90, 5)));
            rig.cancelInConversationAfter("r-5", StartReplyStream.class);

            rig.request("r-5", spec("And what does Business cost?", null, twoTurns()));
            List<Object> sent = rig.awaitEnding("r-5", 1);

            assertThat(sent.get(sent.size() - 2)).isInstanceOf(CompleteReply.class);
            RecordCancelledReplyOutput cancelled = (RecordCancelledReplyOutput) sent.get(sent.size() - 1);
            assertThat(cancelled.partialText()).isEqualTo("Business is 12 EUR.");
            assertThat(cancelled.usage()).isEqualTo(new TokenUsage(90, 5, true));
            // 90 × 0.15 + 5 × 0.60 per million for the reply, plus the summary
            assertThat(cancelled.cost()).isEqualTo(new Money(new BigDecimal("0.00001650"), "USD").plus(SUMMARY_COST));
        }
    }

    private static MemoryInput twoTurns() {
        return new MemoryInput("", List.of(), List.of(new Turn(1, "Which plans do you offer?", "Starter and Business."),
                new Turn(2, "Is there a free trial?", "Yes, 14 days.")), 0);
    }

    /** Condenses the first turn with a (paid) call to the OpenAI model. */
    static final class Summarizing implements MemoryPlanner {
        @Override
        public MemoryPlan plan(MemoryInput memory, String newMessage, int contextWindowTokens) {
            return new MemoryPlan(memory.turns().subList(1, memory.turns().size()), "The user asked about plans.", 1,
                    1, false, List.of(), new SummaryCall("openai", OPENAI_MODEL, SUMMARY_USAGE));
        }
    }
}
