package io.assistantcore.api.chat;

import io.assistantcore.api.security.Caller;
import io.assistantcore.api.stream.EventStream;
import io.assistantcore.api.stream.RecordingSink;
import io.assistantcore.api.stream.StreamPosition;
import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.assist.UsageOutcome;
import io.assistantcore.messages.chat.ChatEvents.ReplyCancelled;
import io.assistantcore.messages.chat.ChatEvents.ReplyCompleted;
import io.assistantcore.messages.chat.ChatEvents.ReplyMemoryApplied;
import io.assistantcore.messages.chat.ChatEvents.ReplyRouted;
import io.assistantcore.messages.chat.ChatEvents.ReplyScreened;
import io.assistantcore.messages.chat.ChatEvents.ReplyTokensStreamed;
import io.assistantcore.messages.chat.ChatQueries.MemoryUse;
import io.assistantcore.messages.chat.ChatQueries.RefusalView;
import io.assistantcore.messages.chat.ChatQueries.ReplyChunkView;
import io.assistantcore.messages.chat.ChatQueries.ReplyView;
import io.assistantcore.messages.chat.ChatQueries.RouteView;
import io.assistantcore.messages.chat.ChatQueries.ScreeningView;
import io.assistantcore.messages.chat.RefusalKind;
import io.assistantcore.messages.chat.ReplyStatus;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.chat.RouteDecider;
import io.assistantcore.messages.chat.ScreeningVerdict;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.common.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One reply's stream over a real live feed and a real query bus whose read model the test fills
 * ({@link LiveChatFixture}): which events a client gets, with which ids and data, for every way it may connect or
 * resume.
 */
class ReplyStreamTest {

    private static final String TENANT = "acme";
    private static final String CONVERSATION = "c-1";

    private LiveChatFixture live;
    private ReplyStreams replies;
    private final RecordingSink sink = new RecordingSink();
    private Thread running;
    private String id;

    @BeforeEach
    void start() throws Exception {
        live = new LiveChatFixture();
        replies = new ReplyStreams(live.chats, new io.assistantcore.platform.images.ImageLinks(new byte[32],
                java.time.Duration.ofMinutes(15), "", java.time.Clock.systemUTC()));
        id = "r-" + UUID.randomUUID();
    }

    @AfterEach
    void stop() throws Exception {
        if (running != null) {
            running.interrupt();
            running.join(10_000);
        }
        live.close();
    }

    @Test
    void aRunningReplySendsItsStepsThenItsTokensThenItsEndWithTheCost() throws Exception {
        live.views.put(id, view(1, ReplyStatus.ROUTING, true, false, null, null));
        start(StreamPosition.START);
        sink.awaitEvents(1);
        publish(routed(1));
        publish(memory(1));
        publish(chunk(1, 1, "Lisbon goes "));
        publish(chunk(1, 2, "first."));
        publish(new AttemptUsageRecorded(CONVERSATION, TENANT, id, 1, "alice", "openai", "gpt-4o-mini",
                new TokenUsage(120, 4, true), new Money(new BigDecimal("0.00002040"), "USD"), UsageOutcome.COMPLETED,
                null, null, null, null, true));
        publish(new ReplyCompleted(CONVERSATION, TENANT, id, 1, "Lisbon goes first.", new TokenUsage(120, 4, true),
                "openai", "gpt-4o-mini", 800L, 2, null));
        sink.awaitClosed();

        assertThat(sink.ids()).containsExactly("1.screened", "1.routed", "1.memory", "1.1", "1.2", "1.end");
        assertThat(sink.types()).containsExactly("screened", "routed", "memory", "token", "token", "completed");
        assertThat(sink.sent.get(1).data()).containsEntry("category", "long_context")
                .containsEntry("decidedBy", RouteDecider.RULE).containsEntry("model", "gpt-4o-mini");
        assertThat(sink.sent.get(2).data()).containsEntry("turnsKept", 2).containsEntry("turnsCondensed", 3)
                .containsEntry("truncated", false);
        Map<String, Object> completed = sink.sent.get(5).data();
        assertThat(completed).containsEntry("text", "Lisbon goes first.").containsEntry("model", "gpt-4o-mini");
        assertThat(completed.get("cost")).isEqualTo(Map.of("amount", new BigDecimal("0.0000204"), "currency", "USD"));
        assertThat(sink.texts()).isEqualTo("Lisbon goes first.");
    }

    @Test
    void toolCallsTheirResultsAndImagesAreSentAsTheyHappenUnderTheIdTheClientHasReached() throws Exception {
        live.views.put(id, view(1, ReplyStatus.ROUTING, true, false, null, null));
        start(StreamPosition.START);
        sink.awaitEvents(1);
        publish(routed(1));
        publish(memory(1));
        io.assistantcore.messages.tool.ToolDefinition tool = new io.assistantcore.messages.tool.ToolDefinition(
                "create_track", "Create a track", "{\"type\":\"object\"}",
                new io.assistantcore.messages.tool.ToolEndpoint("POST", "https://app.example.com/t"), java.util.Set.of(),
                io.assistantcore.messages.tool.ApprovalMode.NONE, 30, false);
        publish(new io.assistantcore.messages.tool.ToolEvents.ToolCallProposed("tc-1", TENANT, CONVERSATION, id, 1,
                "alice", java.util.Set.of(), tool, "{\"project\":\"X\"}", Instant.now().plusSeconds(60)));
        publish(new io.assistantcore.messages.tool.ToolEvents.ToolCallApproved("tc-1", TENANT, CONVERSATION, id,
                "alice", "create_track", null, "{\"project\":\"X\"}", false));
        publish(new io.assistantcore.messages.tool.ToolEvents.ToolCallSucceeded("tc-1", TENANT, CONVERSATION, id,
                "create_track", 201, "{\"trackId\":\"t-9\"}"));
        publish(new io.assistantcore.messages.chat.ChatEvents.ReplyImageRecorded(CONVERSATION, TENANT, id, 1,
                "img-1", "a fox", "openai", "gpt-image-1", null));
        publish(chunk(2, 1, "Done."));
        publish(new ReplyCompleted(CONVERSATION, TENANT, id, 2, "Done.", new TokenUsage(10, 2, true), "openai",
                "gpt-4o-mini", 100L, 1, null));
        sink.awaitClosed();

        assertThat(sink.types()).containsExactly("screened", "routed", "memory", "tool_call", "tool_call",
                "tool_result", "image", "token", "completed");
        assertThat(sink.ids()).containsExactly("1.screened", "1.routed", "1.memory", "1.memory", "1.memory",
                "1.memory", "1.memory", "2.1", "2.end");
        assertThat(sink.sent.get(3).data()).containsEntry("toolCallId", "tc-1").containsEntry("tool", "create_track")
                .containsEntry("status", "PROPOSED").containsEntry("arguments", "{\"project\":\"X\"}");
        assertThat(sink.sent.get(4).data()).containsEntry("status", "APPROVED");
        assertThat(sink.sent.get(5).data()).containsEntry("toolCallId", "tc-1").containsEntry("status", "SUCCEEDED")
                .containsEntry("result", "{\"trackId\":\"t-9\"}");
        assertThat(sink.sent.get(6).data()).containsEntry("imageId", "img-1").containsEntry("revisedPrompt", "a fox");
        assertThat((String) sink.sent.get(6).data().get("url")).startsWith("/api/v1/images/img-1?expires=");
    }

    @Test
    void aBlockedMessageReplaysItsScreeningAndItsRefusalWithoutTokens() throws Exception {
        live.views.put(id, view(1, ReplyStatus.REFUSED, true, false,
                new RefusalView(RefusalKind.INJECTION, "The message tries to override the assistant's instructions"),
                null));
        runToEnd(StreamPosition.START);

        assertThat(sink.ids()).containsExactly("1.screened", "1.end");
        assertThat(sink.sent.get(0).data()).containsEntry("verdict", ScreeningVerdict.BLOCK);
        assertThat(sink.types()).last().isEqualTo("refused");
        assertThat(sink.sent.get(1).data()).containsEntry("kind", RefusalKind.INJECTION);
    }

    @Test
    void aFinishedReplyResumesAfterTheStepOrTheChunkTheClientHas() throws Exception {
        live.views.put(id, view(1, ReplyStatus.COMPLETED, true, true, null, "Lisbon goes first."));
        live.chunks.put(id, List.of(new ReplyChunkView(1, 1, "Lisbon goes "), new ReplyChunkView(1, 2, "first.")));

        runToEnd(StreamPosition.parse("1.routed"));
        assertThat(sink.ids()).containsExactly("1.memory", "1.1", "1.2", "1.end");

        RecordingSink afterAChunk = new RecordingSink();
        runToEnd(StreamPosition.parse("1.1"), afterAChunk);
        assertThat(afterAChunk.ids()).containsExactly("1.2", "1.end");

        RecordingSink afterTheEnd = new RecordingSink();
        runToEnd(StreamPosition.parse("1.end"), afterTheEnd);
        assertThat(afterTheEnd.ids()).isEmpty();
    }

    @Test
    void stepsTheFeedSawBeforeTheReadModelDidStillComeBeforeTheFirstToken() throws Exception {
        live.views.put(id, view(1, ReplyStatus.PENDING, false, false, null, null));
        publish(screened(1));
        publish(routed(1));
        publish(chunk(1, 1, "Hello"));
        live.awaitRelayed();

        start(StreamPosition.START);
        sink.awaitEvents(3);
        publish(new ReplyCancelled(CONVERSATION, TENANT, id, 1));
        sink.awaitClosed();

        assertThat(sink.ids()).containsExactly("1.screened", "1.routed", "1.1", "1.end");
        assertThat(sink.types()).last().isEqualTo("cancelled");
    }

    @Test
    void aClientOfAnotherUserOrTenantCannotReadTheReply() {
        live.views.put(id, view(1, ReplyStatus.COMPLETED, true, true, null, "text"));
        Caller alice = new Caller("alice", TENANT, Set.of(Role.MEMBER), false);
        Caller bob = new Caller("bob", TENANT, Set.of(Role.MEMBER), false);
        Caller auditor = new Caller("audra", TENANT, Set.of(Role.AUDITOR), false);
        Caller mallory = new Caller("alice", "evil", Set.of(Role.TENANT_ADMIN), false);

        assertThat(replies.readable(alice, id)).isTrue();
        assertThat(replies.readable(auditor, id)).isTrue();
        assertThat(replies.readable(bob, id)).as("another member's reply").isFalse();
        assertThat(replies.readable(mallory, id)).as("another tenant's reply").isFalse();
    }

    // ---- helpers

    private void runToEnd(StreamPosition from) throws InterruptedException {
        runToEnd(from, sink);
    }

    private void runToEnd(StreamPosition from, RecordingSink to) throws InterruptedException {
        EventStream stream = new EventStream(replies, live.feed, TENANT, id, from, to);
        stream.subscribe();
        stream.run();
        to.awaitClosed();
    }

    private void start(StreamPosition from) {
        EventStream stream = new EventStream(replies, live.feed, TENANT, id, from, sink);
        stream.subscribe();
        running = new Thread(stream, "reply-stream-test");
        running.start();
    }

    private void publish(Object payload) {
        live.publish(payload);
    }

    private ReplyView view(int attempt, ReplyStatus status, boolean screened, boolean routedAndRemembered,
                           RefusalView refusal, String text) {
        Instant now = Instant.parse("2026-03-01T09:00:00Z");
        ScreeningView screening = !screened ? null : refusal != null
                ? new ScreeningView(ScreeningVerdict.BLOCK, "injection", 0.97)
                : new ScreeningView(ScreeningVerdict.ALLOW, "none", 0.02);
        return new ReplyView(id, CONVERSATION, "m-1", TENANT, "alice", attempt, status, text, screening,
                routedAndRemembered ? new RouteView(RouteCategory.LONG_CONTEXT, 1.0, "openai", "gpt-4o-mini",
                        "long", RouteDecider.RULE) : null,
                routedAndRemembered ? new MemoryUse(2, 3, false) : null, List.of(), List.of(), null, List.of(),
                List.of(), refusal, status == ReplyStatus.COMPLETED ? new TokenUsage(120, 4, true) : null, null,
                "gpt-4o-mini", "openai", null, null, null, now, now);
    }

    private ReplyScreened screened(int attempt) {
        return new ReplyScreened(CONVERSATION, TENANT, id, attempt, ScreeningVerdict.ALLOW, "none", 0.02, "clean");
    }

    private ReplyRouted routed(int attempt) {
        return new ReplyRouted(CONVERSATION, TENANT, id, attempt, RouteCategory.LONG_CONTEXT, 1.0, "openai",
                "gpt-4o-mini", "the conversation is long", RouteDecider.RULE);
    }

    private ReplyMemoryApplied memory(int attempt) {
        return new ReplyMemoryApplied(CONVERSATION, TENANT, id, attempt, 2, 3, false, "summary", 3, List.of());
    }

    private ReplyTokensStreamed chunk(int attempt, int seq, String text) {
        return new ReplyTokensStreamed(CONVERSATION, TENANT, id, attempt, seq, text);
    }
}
