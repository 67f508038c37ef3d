package io.assistantcore.command.chat;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.assistantcore.command.AggregateCaches;
import io.assistantcore.command.chat.Reply.Billing;
import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.assist.UsageOutcome;
import io.assistantcore.messages.chat.ChatCommands.AwaitToolCalls;
import io.assistantcore.messages.chat.ChatCommands.CancelReply;
import io.assistantcore.messages.chat.ChatCommands.CheckToolCallAwaited;
import io.assistantcore.messages.chat.ChatCommands.FailUnproposedToolCalls;
import io.assistantcore.messages.chat.ChatCommands.RecordToolCallOutcome;
import io.assistantcore.messages.chat.ChatEvents.ReplyAwaitingToolCalls;
import io.assistantcore.messages.chat.ChatEvents.ReplyResumedAfterTools;
import io.assistantcore.messages.chat.ChatEvents.ReplyToolCallFinished;
import io.assistantcore.messages.chat.ChatEvents.ReplyImageRecorded;
import io.assistantcore.messages.chat.ChatCommands.RecordReplyImage;
import io.assistantcore.messages.chat.ToolRoundRecord;
import io.assistantcore.messages.chat.ToolStep;
import io.assistantcore.messages.chat.ChatCommands.ClearConversation;
import io.assistantcore.messages.chat.ChatCommands.CompleteReply;
import io.assistantcore.messages.chat.ChatCommands.FailOverReply;
import io.assistantcore.messages.chat.ChatCommands.FailReply;
import io.assistantcore.messages.chat.ChatCommands.Funding;
import io.assistantcore.messages.chat.ChatCommands.GiveReplyFeedback;
import io.assistantcore.messages.chat.ChatCommands.PostUserMessage;
import io.assistantcore.messages.chat.ChatCommands.RecordCancelledReplyOutput;
import io.assistantcore.messages.chat.ChatCommands.RecordMemory;
import io.assistantcore.messages.chat.ChatCommands.RecordRoute;
import io.assistantcore.messages.chat.ChatCommands.RecordScreening;
import io.assistantcore.messages.chat.ChatCommands.RecordGrounding;
import io.assistantcore.messages.chat.ChatCommands.RecordSources;
import io.assistantcore.messages.chat.ChatEvents.ReplyGrounded;
import io.assistantcore.messages.chat.ChatEvents.ReplySourcesRecorded;
import io.assistantcore.messages.chat.ChatCommands.RefuseReply;
import io.assistantcore.messages.chat.ChatCommands.RegenerateReply;
import io.assistantcore.messages.chat.ChatCommands.RenameConversation;
import io.assistantcore.messages.chat.ChatCommands.RestartReplyAttempt;
import io.assistantcore.messages.chat.ChatCommands.StartConversation;
import io.assistantcore.messages.chat.ChatCommands.StartReplyStream;
import io.assistantcore.messages.chat.ChatEvents.ConversationCleared;
import io.assistantcore.messages.chat.ChatEvents.ConversationRenamed;
import io.assistantcore.messages.chat.ChatEvents.ConversationSeeded;
import io.assistantcore.messages.chat.ChatEvents.ConversationStarted;
import io.assistantcore.messages.chat.ChatEvents.ReplyAttemptRestarted;
import io.assistantcore.messages.chat.ChatEvents.ReplyCancelled;
import io.assistantcore.messages.chat.ChatEvents.ReplyCancelledOutputRecorded;
import io.assistantcore.messages.chat.ChatEvents.ReplyCompleted;
import io.assistantcore.messages.chat.ChatEvents.ReplyFailed;
import io.assistantcore.messages.chat.ChatEvents.ReplyFailedOver;
import io.assistantcore.messages.chat.ChatEvents.ReplyFeedbackGiven;
import io.assistantcore.messages.chat.ChatEvents.ReplyMemoryApplied;
import io.assistantcore.messages.chat.ChatEvents.ReplyRefused;
import io.assistantcore.messages.chat.ChatEvents.ReplyRegenerated;
import io.assistantcore.messages.chat.ChatEvents.ReplyRequested;
import io.assistantcore.messages.chat.ChatEvents.ReplyRouted;
import io.assistantcore.messages.chat.ChatEvents.ReplyScreened;
import io.assistantcore.messages.chat.ChatEvents.ReplyStreamStarted;
import io.assistantcore.messages.chat.ChatEvents.UserMessagePosted;
import io.assistantcore.messages.chat.MemoryInput;
import io.assistantcore.messages.chat.MemoryInput.Turn;
import io.assistantcore.messages.chat.ReplySpec;
import io.assistantcore.messages.chat.ReplyStatus;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.chat.ScreeningVerdict;
import io.assistantcore.messages.common.CommandRejectedException;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.privacy.DataSubject;
import io.assistantcore.messages.privacy.DataSubjectOf;
import io.assistantcore.messages.privacy.PersonalData;
import io.assistantcore.messages.tool.ToolCallStatus;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.assistantcore.messages.common.CommandRejectedException.conflict;
import static io.assistantcore.messages.common.CommandRejectedException.invalid;
import static io.assistantcore.messages.common.CommandRejectedException.notFound;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One chat conversation of one user: its settings, its memory (running summary, profile, the turns not condensed
 * yet) and its replies, each with its attempts. Commands from the edge name the tenant and the acting user, and
 * anyone but the owner gets "not found"; commands from the worker name the reply and its attempt and are refused
 * (and ignored by the worker) when that attempt is no longer the current one. One reply runs at a time, and it is
 * always the newest: a message is refused while a reply runs, and only the newest reply can be regenerated.
 * <p>
 * Memory: every {@link ReplyRequested} carries the memory as it stands. A completed reply (or the kept output of a
 * cancelled one) joins the verbatim window as a turn; {@link ReplyMemoryApplied} replaces the summary and profile
 * and drops the condensed turns from the window, unless it would condense fewer turns than the memory already has
 * (a regenerated reply planned from its older memory), in which case the memory stays as it is. A clear empties the
 * memory and restarts the turn numbers; replies from before it are hidden from the user ("not found").
 * <p>
 * Snapshotted (every {@link #SNAPSHOT_EVERY} events, see {@code CommandSideConfiguration}): its fields are what
 * Jackson stores, and the event serializer encrypts the {@link PersonalData} ones with the owner's key, as it does
 * the texts of events.
 */
@Aggregate(snapshotTriggerDefinition = Conversation.SNAPSHOT_TRIGGER, cache = AggregateCaches.CONVERSATIONS)
@Revision("1")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public class Conversation {

    private static final Logger log = LoggerFactory.getLogger(Conversation.class);

    /** Name of the bean that decides when a conversation is snapshotted. */
    public static final String SNAPSHOT_TRIGGER = "conversationSnapshotTrigger";
    /** A conversation is snapshotted every this many events (a reply takes about eight). */
    public static final int SNAPSHOT_EVERY = 100;

    @AggregateIdentifier
    @DataSubjectOf
    private String conversationId;
    private String tenantId;
    @DataSubject
    private String userId;
    private String knowledge;
    private List<String> tools = List.of();
    /** How many times the conversation was cleared; replies remember the span they were asked in. */
    private int clears;
    /** The newest turn of the current span (0: none yet). */
    private int lastTurn;
    /** The newest turn the running summary stands for (0: none). */
    private int condensedThroughTurn;
    @PersonalData
    private MemoryInput memory = MemoryInput.EMPTY;
    /** Personal: a reply holds its request and its message (see {@link Reply}). */
    @PersonalData
    private Map<String, Reply> replies = new LinkedHashMap<>();
    /** The newest reply of the current span (null: none since the start or the last clear). */
    private String latestReplyId;

    protected Conversation() {
        // for Axon and Jackson
    }

    @CommandHandler
    public Conversation(StartConversation command) {
        ChatRules.checkId("conversationId", command.conversationId());
        if (command.tenantId() == null || command.tenantId().isBlank()) {
            throw invalid("tenantId", "a conversation belongs to a tenant");
        }
        ChatRules.checkUserId(command.userId());
        String title = ChatRules.title(command.title(), false);
        String knowledgeSetting = ChatRules.knowledge(command.knowledge());
        ChatRules.checkTools(command.tools());
        MemoryInput seed = ChatRules.seed(command.seed());
        apply(new ConversationStarted(command.conversationId(), command.tenantId(), command.userId(), title,
                knowledgeSetting, command.tools()));
        if (seed != null) {
            apply(new ConversationSeeded(command.conversationId(), command.tenantId(), seed));
        }
    }

    @CommandHandler
    public void handle(RenameConversation command) {
        requireOwner(command.tenantId(), command.userId());
        apply(new ConversationRenamed(conversationId, tenantId, ChatRules.title(command.title(), true)));
    }

    @CommandHandler
    public void handle(PostUserMessage command) {
        requireOwner(command.tenantId(), command.userId());
        ChatRules.checkId("messageId", command.messageId());
        ChatRules.checkId("replyId", command.replyId());
        ChatRules.checkText("text", command.text(), ChatRules.MAX_MESSAGE);
        ChatRules.checkAttachments(command.attachments());
        if (command.routeOverride() == RouteCategory.NOT_ALLOWED) {
            throw invalid("route", "not_allowed is the router's verdict, not a route to ask for");
        }
        if (command.promptVersion() == null || command.promptVersion().isBlank()) {
            throw invalid("promptVersion", "the version of the chat prompt is required");
        }
        ChatRules.checkLabel("promptVersion", command.promptVersion(), 64);
        if (replies.containsKey(command.replyId())) {
            throw conflict("reply-exists", "Reply '" + command.replyId() + "' already exists");
        }
        if (replies.values().stream().anyMatch(reply -> reply.messageId.equals(command.messageId()))) {
            throw conflict("message-exists", "Message '" + command.messageId() + "' already exists");
        }
        Reply running = runningReply();
        if (running != null) {
            throw conflict("reply-running", "The reply to your previous message is still " + running.status
                    + "; wait for it to finish or cancel it (reply '" + running.replyId + "') first");
        }
        int turn = lastTurn + 1;
        ReplySpec spec = new ReplySpec(command.text(), command.attachments(), command.routeOverride(), memory,
                command.maskPii(), command.allowedModels(), command.routing(), command.promptVersion(), knowledge,
                tools);
        Funding funding = command.funding();
        apply(new UserMessagePosted(conversationId, tenantId, command.userId(), command.messageId(),
                command.replyId(), turn, command.text(), command.attachments()));
        apply(new ReplyRequested(conversationId, tenantId, command.replyId(), command.messageId(), 1, spec,
                command.userId(), funding == null ? null : funding.ledgerId(),
                funding == null ? null : funding.reservationId()));
    }

    @CommandHandler
    public void handle(RecordScreening command) {
        Reply reply = runningAttempt(command.replyId(), command.attempt());
        if (command.verdict() == null) {
            throw invalid("verdict", "verdict is required: ALLOW, FLAG or BLOCK");
        }
        ChatRules.checkLabel("category", command.category(), ChatRules.MAX_LABEL);
        ChatRules.checkScore("score", command.score());
        ChatRules.checkLabel("reason", command.reason(), ChatRules.MAX_REASON);
        if (reply.status != ReplyStatus.PENDING) {
            throw outOfOrder(reply, "screened");
        }
        apply(new ReplyScreened(conversationId, tenantId, reply.replyId, command.attempt(), command.verdict(),
                command.category(), command.score(), command.reason()));
    }

    @CommandHandler
    public void handle(RecordRoute command) {
        Reply reply = runningAttempt(command.replyId(), command.attempt());
        if (command.category() == null) {
            throw invalid("category", "the route's category is required");
        }
        if (command.decidedBy() == null) {
            throw invalid("decidedBy", "decidedBy is required: LLM, SEMANTIC, RULE, OVERRIDE or FALLBACK");
        }
        ChatRules.checkScore("confidence", command.confidence());
        ChatRules.checkLabel("provider", command.provider(), ChatRules.MAX_LABEL);
        ChatRules.checkLabel("model", command.model(), ChatRules.MAX_LABEL);
        ChatRules.checkLabel("reason", command.reason(), ChatRules.MAX_REASON);
        requireNotBlocked(reply);
        if (reply.status != ReplyStatus.PENDING && reply.status != ReplyStatus.ROUTING) {
            throw outOfOrder(reply, "routed");
        }
        apply(new ReplyRouted(conversationId, tenantId, reply.replyId, command.attempt(), command.category(),
                command.confidence(), command.provider(), command.model(), command.reason(), command.decidedBy()));
    }

    @CommandHandler
    public void handle(RecordMemory command) {
        Reply reply = runningAttempt(command.replyId(), command.attempt());
        if (command.turnsKept() < 0 || command.turnsCondensed() < 0) {
            throw invalid("turns", "turnsKept and turnsCondensed cannot be negative");
        }
        if (command.condensedThroughTurn() < 0 || command.condensedThroughTurn() >= reply.turn) {
            throw invalid("condensedThroughTurn", "the summary can stand for turns before turn " + reply.turn
                    + " only, got " + command.condensedThroughTurn());
        }
        if (command.turnsCondensed() > command.condensedThroughTurn()) {
            throw invalid("turnsCondensed", "a summary through turn " + command.condensedThroughTurn()
                    + " cannot stand for " + command.turnsCondensed() + " turns");
        }
        ChatRules.checkOptionalText("summary", command.summary(), ChatRules.MAX_SUMMARY);
        ChatRules.checkProfile(command.profile());
        requireNotBlocked(reply);
        if (reply.status == ReplyStatus.STREAMING) {
            throw outOfOrder(reply, "given its memory");
        }
        apply(new ReplyMemoryApplied(conversationId, tenantId, reply.replyId, command.attempt(), command.turnsKept(),
                command.turnsCondensed(), command.truncated(), command.summary() == null ? "" : command.summary(),
                command.condensedThroughTurn(), command.profile()));
    }

    @CommandHandler
    public void handle(RecordSources command) {
        Reply reply = runningAttempt(command.replyId(), command.attempt());
        requireNotBlocked(reply);
        if (reply.status == ReplyStatus.STREAMING) {
            throw outOfOrder(reply, "given its sources");
        }
        ChatRules.checkSources(command.sources());
        apply(new ReplySourcesRecorded(conversationId, tenantId, reply.replyId, command.attempt(),
                command.sources()));
    }

    @CommandHandler
    public void handle(RecordGrounding command) {
        Reply reply = runningAttempt(command.replyId(), command.attempt());
        if (reply.status != ReplyStatus.STREAMING) {
            throw outOfOrder(reply, "grounded");
        }
        if (command.confidence() == null) {
            throw invalid("confidence", "confidence is required: GROUNDED, PARTIAL or NONE");
        }
        ChatRules.checkCitations(command.citations());
        apply(new ReplyGrounded(conversationId, tenantId, reply.replyId, command.attempt(), command.citations(),
                command.confidence(), command.score()));
    }

    @CommandHandler
    public void handle(StartReplyStream command) {
        Reply reply = runningAttempt(command.replyId(), command.attempt());
        ChatRules.checkLabel("provider", command.provider(), ChatRules.MAX_LABEL);
        ChatRules.checkLabel("model", command.model(), ChatRules.MAX_LABEL);
        ChatRules.checkLabel("workerNode", command.workerNode(), ChatRules.MAX_LABEL);
        requireNotBlocked(reply);
        if (reply.status == ReplyStatus.STREAMING) {
            throw outOfOrder(reply, "started streaming");
        }
        apply(new ReplyStreamStarted(conversationId, tenantId, reply.replyId, command.attempt(), command.provider(),
                command.model(), command.workerNode(), command.promptTokens()));
    }

    /** A reused answer costs nothing and consumed nothing, whatever the command says; it names what it saved. */
    @CommandHandler
    public void handle(CompleteReply command) {
        Reply reply = runningAttempt(command.replyId(), command.attempt());
        if (command.text() == null) {
            throw invalid("text", "a completed reply has a text");
        }
        checkOutput("text", command.text());
        boolean reused = command.reusedFromReply() != null;
        if (reused) {
            ChatRules.checkId("reusedFromReply", command.reusedFromReply());
        }
        TokenUsage usage = reused ? TokenUsage.NONE : usage(command.usage());
        Money cost = reused ? zeroIn(command.cost(), command.savedCost()) : command.cost();
        recordUsage(reply, command.attempt(), command.provider(), command.model(), usage, cost,
                UsageOutcome.COMPLETED, command.reusedFromReply(), reused ? command.savedCost() : null, true);
        apply(new ReplyCompleted(conversationId, tenantId, reply.replyId, command.attempt(), command.text(), usage,
                command.provider(), command.model(), command.latencyMillis(), command.chunkCount(),
                command.reusedFromReply()));
    }

    /** Nothing was answered, so nothing is billed: the reservation closes with zero usage and is released. */
    @CommandHandler
    public void handle(RefuseReply command) {
        Reply reply = runningAttempt(command.replyId(), command.attempt());
        if (command.kind() == null) {
            throw invalid("kind", "kind is required: NOT_ALLOWED, INJECTION, NOT_IN_DOCUMENTS or POLICY");
        }
        ChatRules.checkLabel("reason", command.reason(), ChatRules.MAX_REASON);
        recordUsage(reply, command.attempt(), null, null, TokenUsage.NONE, command.cost(), UsageOutcome.REFUSED,
                null, null, true);
        apply(new ReplyRefused(conversationId, tenantId, reply.replyId, command.attempt(), command.kind(),
                command.reason()));
    }

    @CommandHandler
    public void handle(FailReply command) {
        Reply reply = runningAttempt(command.replyId(), command.attempt());
        ChatRules.checkLabel("reason", command.reason(), ChatRules.MAX_REASON);
        checkOutput("partialText", command.partialText());
        recordUsage(reply, command.attempt(), command.provider(), command.model(), command.usage(), command.cost(),
                UsageOutcome.FAILED, null, null, true);
        apply(new ReplyFailed(conversationId, tenantId, reply.replyId, command.attempt(), command.reason(),
                command.partialText() == null ? "" : command.partialText(), usage(command.usage()),
                command.provider()));
    }

    /** The next attempt runs on the same spec and stays on the same reservation, which therefore stays open. */
    @CommandHandler
    public int handle(FailOverReply command) {
        Reply reply = runningAttempt(command.replyId(), command.attempt());
        if (command.nextProvider() == null || command.nextProvider().isBlank()) {
            throw invalid("nextProvider", "a failover names the provider that takes over");
        }
        ChatRules.checkLabel("nextProvider", command.nextProvider(), ChatRules.MAX_LABEL);
        ChatRules.checkLabel("failedProvider", command.failedProvider(), ChatRules.MAX_LABEL);
        ChatRules.checkLabel("reason", command.reason(), ChatRules.MAX_REASON);
        checkOutput("partialText", command.partialText());
        int next = command.attempt() + 1;
        String failedModel = command.failedProvider() != null && command.failedProvider().equals(reply.provider)
                ? reply.model : null;
        recordUsage(reply, command.attempt(), command.failedProvider(), failedModel, command.usage(), command.cost(),
                UsageOutcome.FAILED_OVER, null, null, false);
        apply(new ReplyFailedOver(conversationId, tenantId, reply.replyId, command.attempt(),
                command.failedProvider(), command.reason(),
                command.partialText() == null ? "" : command.partialText(), usage(command.usage()),
                command.nextProvider(), next, reply.spec));
        return next;
    }

    /**
     * The current attempt's worker vanished: attempt + 1 takes over with the same spec, on the same reservation
     * (which therefore stays open), where the abandoned attempt had been routed. What an attempt that had begun
     * streaming consumed is recorded once, as the restarting node estimated it (never as reported by a provider),
     * as ABANDONED. Answers the new attempt's number.
     */
    @CommandHandler
    public int handle(RestartReplyAttempt command) {
        Reply reply = runningAttempt(command.replyId(), command.expectedAttempt());
        ChatRules.checkLabel("reason", command.reason(), ChatRules.MAX_REASON);
        int next = reply.attempt + 1;
        if (reply.status == ReplyStatus.STREAMING && command.abandonedUsage() != null) {
            TokenUsage estimate = command.abandonedUsage();
            recordUsage(reply, reply.attempt, reply.provider, reply.model,
                    new TokenUsage(estimate.inputTokens(), estimate.outputTokens(), false), command.abandonedCost(),
                    UsageOutcome.ABANDONED, null, null, false);
        }
        apply(new ReplyAttemptRestarted(conversationId, tenantId, reply.replyId, next, command.reason(), reply.spec,
                reply.routedProvider, reply.routedModel));
        return next;
    }

    @CommandHandler
    public void handle(CancelReply command) {
        requireOwner(command.tenantId(), command.userId());
        Reply reply = visibleReply(command.replyId());
        if (!reply.running()) {
            throw conflict("not-cancellable", "Reply '" + reply.replyId + "' is " + reply.status
                    + "; only a running reply can be cancelled");
        }
        cancel(reply);
    }

    /**
     * Before its worker routed it, an attempt consumed nothing (and nothing will: every later step is refused from
     * now on), so the reservation closes at once. Once routed (or once it recorded its memory) the worker may have
     * paid for calls it has not reported yet — the call that condensed the memory, a picture — and a streaming
     * attempt's consumption comes with its output: the worker's next command is refused as cancelled, it records the
     * cancelled output with what the attempt cost, and that closes the reservation.
     */
    private void cancel(Reply reply) {
        boolean modelCalled = reply.status == ReplyStatus.STREAMING || reply.workerPaying;
        // a reply waiting for tools recorded its model call already; the continuation that never runs closes the
        // reservation
        int unbilled = reply.status == ReplyStatus.AWAITING_APPROVAL ? reply.attempt + 1 : reply.attempt;
        apply(new ReplyCancelled(conversationId, tenantId, reply.replyId, reply.attempt));
        if (!modelCalled) {
            recordUsage(reply, unbilled, null, null, TokenUsage.NONE, null, UsageOutcome.CANCELLED, null, null,
                    true);
        }
    }

    /** The model asked for tools: the reply waits for every call to end (see {@code ToolCall}). */
    @CommandHandler
    public void handle(AwaitToolCalls command) {
        Reply reply = runningAttempt(command.replyId(), command.attempt());
        if (reply.status != ReplyStatus.STREAMING) {
            throw outOfOrder(reply, "waiting for tools");
        }
        if (command.calls().isEmpty() || command.calls().size() > ChatRules.MAX_TOOL_CALLS) {
            throw invalid("calls", "a tool round has 1 to " + ChatRules.MAX_TOOL_CALLS + " calls");
        }
        for (ToolStep step : command.calls()) {
            ChatRules.checkId("toolCallId", step.toolCallId());
            ChatRules.checkLabel("tool", step.tool(), ChatRules.MAX_LABEL);
            checkOutput("arguments", step.arguments());
            checkOutput("result", step.result());
        }
        checkOutput("assistantText", command.assistantText());
        recordUsage(reply, command.attempt(), command.provider(), command.model(), command.usage(), command.cost(),
                UsageOutcome.COMPLETED, null, null, false);
        apply(new ReplyAwaitingToolCalls(conversationId, tenantId, reply.replyId, command.attempt(),
                command.assistantText() == null ? "" : command.assistantText(), command.calls(), command.provider(),
                command.model(), command.requesterRoles()));
        resumeWhenDone(reply);
    }

    /**
     * A picture was made for a reply that has not ended yet (the image route streams it, a tool call makes it while
     * the reply waits for its tools). Its cost is billed with the reply's next recorded usage.
     */
    @CommandHandler
    public void handle(RecordReplyImage command) {
        Reply reply = reply(command.replyId());
        if (reply.status == ReplyStatus.CANCELLED) {
            throw conflict(CommandRejectedException.ATTEMPT_CANCELLED, "Reply '" + reply.replyId + "' was cancelled; "
                    + "no image can be added to it");
        }
        if (!reply.running()) {
            throw conflict("attempt-finished", "Reply '" + reply.replyId + "' is already " + reply.status
                    + "; no image can be added to it");
        }
        ChatRules.checkId("imageId", command.imageId());
        ChatRules.checkLabel("provider", command.provider(), ChatRules.MAX_LABEL);
        ChatRules.checkLabel("model", command.model(), ChatRules.MAX_LABEL);
        checkOutput("revisedPrompt", command.revisedPrompt());
        if (reply.images >= ChatRules.MAX_TOOL_CALLS) {
            throw invalid("imageId", "a reply has at most " + ChatRules.MAX_TOOL_CALLS + " images");
        }
        apply(new ReplyImageRecorded(conversationId, tenantId, reply.replyId, reply.attempt, command.imageId(),
                command.revisedPrompt(), command.provider(), command.model(), command.cost()));
    }

    /** A call of the waiting round ended; a call already ended (or unknown to the round) changes nothing. */
    @CommandHandler
    public void handle(RecordToolCallOutcome command) {
        Reply reply = reply(command.replyId());
        if (reply.status != ReplyStatus.AWAITING_APPROVAL || reply.toolRounds.isEmpty()) {
            return;
        }
        ToolRoundRecord round = reply.toolRounds.get(reply.toolRounds.size() - 1);
        ToolStep step = round.steps().stream().filter(s -> s.toolCallId().equals(command.toolCallId()))
                .findFirst().orElse(null);
        if (step == null || step.finished() || command.status() == null || !command.status().finished()) {
            return;
        }
        String result = command.result() == null ? "" : command.result();
        if (result.length() > ChatRules.MAX_TOOL_RESULT) {
            result = result.substring(0, ChatRules.MAX_TOOL_RESULT);
        }
        apply(new ReplyToolCallFinished(conversationId, tenantId, reply.replyId, command.toolCallId(),
                command.status(), result));
        resumeWhenDone(reply);
    }

    /** Answers whether the reply waits for this call now; changes nothing. */
    @CommandHandler
    public boolean handle(CheckToolCallAwaited command) {
        Reply reply = replies.get(command.replyId());
        if (reply == null || reply.status != ReplyStatus.AWAITING_APPROVAL || reply.toolRounds.isEmpty()) {
            return false;
        }
        return reply.toolRounds.get(reply.toolRounds.size() - 1).steps().stream()
                .anyMatch(step -> step.toolCallId().equals(command.toolCallId()) && !step.finished());
    }

    /** Every open call of the waiting round ends FAILED; the reply goes on as after any failed call. */
    @CommandHandler
    public void handle(FailUnproposedToolCalls command) {
        Reply reply = reply(command.replyId());
        ChatRules.checkLabel("reason", command.reason(), ChatRules.MAX_REASON);
        if (reply.status != ReplyStatus.AWAITING_APPROVAL || reply.attempt != command.attempt()
                || reply.toolRounds.isEmpty()) {
            return;
        }
        String reason = command.reason() == null || command.reason().isBlank()
                ? "The tool call was never proposed; it was not called" : command.reason();
        for (ToolStep step : reply.toolRounds.get(reply.toolRounds.size() - 1).steps()) {
            if (!step.finished()) {
                apply(new ReplyToolCallFinished(conversationId, tenantId, reply.replyId, step.toolCallId(),
                        ToolCallStatus.FAILED, reason));
            }
        }
        resumeWhenDone(reply);
    }

    private void resumeWhenDone(Reply reply) {
        if (reply.status == ReplyStatus.AWAITING_APPROVAL && !reply.toolRounds.isEmpty()
                && reply.toolRounds.get(reply.toolRounds.size() - 1).finished() && reply.spec != null) {
            apply(new ReplyResumedAfterTools(conversationId, tenantId, reply.replyId, reply.attempt + 1, reply.spec,
                    reply.toolProvider, reply.toolModel, List.copyOf(reply.toolRounds), userId,
                    Set.copyOf(reply.requesterRoles)));
        }
    }

    @CommandHandler
    public void handle(RecordCancelledReplyOutput command) {
        Reply reply = reply(command.replyId());
        if (command.attempt() > reply.attempt || command.attempt() < 1) {
            throw invalid("attempt", "Reply '" + reply.replyId + "' has no attempt " + command.attempt());
        }
        if (command.attempt() == reply.attempt && reply.status != ReplyStatus.CANCELLED) {
            throw conflict("not-cancelled", "Attempt " + command.attempt() + " of reply '" + reply.replyId + "' is "
                    + reply.status + ", not cancelled");
        }
        checkOutput("partialText", command.partialText());
        if (reply.usageRecorded.contains(command.attempt()) && command.attempt() != reply.cancelledOutputPending
                && (command.partialText() == null || command.partialText().isBlank())) {
            // cancelled before its worker reported anything: the usage was recorded at the cancellation already
            return;
        }
        recordUsage(reply, command.attempt(), command.provider(), command.model(), command.usage(), command.cost(),
                UsageOutcome.CANCELLED, null, null, true);
        apply(new ReplyCancelledOutputRecorded(conversationId, tenantId, reply.replyId, command.attempt(),
                command.partialText() == null ? "" : command.partialText(), usage(command.usage()),
                command.provider(), command.model()));
    }

    /** Answers the new attempt's number. */
    @CommandHandler
    public int handle(RegenerateReply command) {
        requireOwner(command.tenantId(), command.userId());
        Reply reply = visibleReply(command.replyId());
        if (reply.running()) {
            throw conflict("reply-running", "Reply '" + reply.replyId + "' is still " + reply.status
                    + "; cancel it first");
        }
        if (!reply.replyId.equals(latestReplyId)) {
            throw conflict("not-latest-reply", "Only the reply to your latest message can be regenerated; later "
                    + "messages were answered with reply '" + reply.replyId + "' in their memory");
        }
        int next = reply.attempt + 1;
        Funding funding = command.funding();
        apply(new ReplyRegenerated(conversationId, tenantId, reply.replyId, reply.messageId, next, reply.spec,
                command.userId(), funding == null ? null : funding.ledgerId(),
                funding == null ? null : funding.reservationId()));
        return next;
    }

    /** Feedback again replaces the earlier one (the newest event counts). */
    @CommandHandler
    public void handle(GiveReplyFeedback command) {
        requireOwner(command.tenantId(), command.userId());
        Reply reply = visibleReply(command.replyId());
        if (command.rating() == null) {
            throw invalid("rating", "rating is required: UP or DOWN");
        }
        String comment = command.comment() == null || command.comment().isBlank() ? null : command.comment().strip();
        ChatRules.checkOptionalText("comment", comment, ChatRules.MAX_COMMENT);
        if (reply.status != ReplyStatus.COMPLETED) {
            throw conflict("not-completed", "Reply '" + reply.replyId + "' is " + reply.status
                    + "; only a completed reply can be rated");
        }
        apply(new ReplyFeedbackGiven(conversationId, tenantId, reply.replyId, command.userId(), command.rating(),
                comment, reply.category, reply.servingModel));
    }

    /** A running reply is cancelled first. Nothing happens when there is nothing to clear. */
    @CommandHandler
    public void handle(ClearConversation command) {
        requireOwner(command.tenantId(), command.userId());
        if (lastTurn == 0) {
            return;
        }
        Reply running = runningReply();
        if (running != null) {
            cancel(running);
        }
        apply(new ConversationCleared(conversationId, tenantId, command.userId(), lastTurn));
    }

    /**
     * Records what an attempt consumed, once per attempt, before the event that ends it (so whoever shows the end
     * knows the cost already), on the reservation of that attempt.
     */
    private void recordUsage(Reply reply, int attempt, String provider, String model, TokenUsage usage, Money cost,
                             UsageOutcome outcome, String cachedFrom, Money savedCost, boolean closes) {
        if (reply.usageRecorded.contains(attempt)) {
            return;
        }
        Billing billing = reply.billing.get(attempt);
        // the images made since the last recorded usage are billed with this attempt, whatever ends it
        Money charged = plus(reply.replyId, cost, reply.imageCost);
        apply(new AttemptUsageRecorded(conversationId, tenantId, reply.replyId, attempt, billing.userId(), provider,
                model, usage(usage), charged, outcome, cachedFrom, savedCost,
                billing.ledgerId(), billing.reservationId(), closes));
    }

    /** A cost plus another ({@link Money#sum}); a cost that cannot be added is logged as unbilled (ids and amounts). */
    static Money plus(String replyId, Money cost, Money other) {
        return Money.sum(cost, other, unbilled -> log.warn("Reply {}: a cost of {} {} is not billed: it cannot be "
                + "added to the attempt's cost in {}", replyId, unbilled.amount(), unbilled.currency(),
                cost.currency()));
    }

    private void requireOwner(String callerTenantId, String callerUserId) {
        if (!tenantId.equals(callerTenantId) || !userId.equals(callerUserId)) {
            throw notFound("conversation-not-found", "Conversation '" + conversationId + "' does not exist");
        }
    }

    private Reply reply(String replyId) {
        Reply reply = replies.get(replyId);
        if (reply == null) {
            throw notFound("reply-not-found", "Reply '" + replyId + "' does not exist");
        }
        return reply;
    }

    /** A reply the user can address: one asked since the last clear. */
    private Reply visibleReply(String replyId) {
        Reply reply = replies.get(replyId);
        if (reply == null || reply.span != clears) {
            throw notFound("reply-not-found", "Reply '" + replyId + "' does not exist");
        }
        return reply;
    }

    private Reply runningReply() {
        Reply latest = latestReplyId == null ? null : replies.get(latestReplyId);
        return latest != null && latest.running() ? latest : null;
    }

    private Reply currentAttempt(String replyId, int attempt) {
        Reply reply = reply(replyId);
        if (reply.attempt != attempt) {
            throw conflict("stale-attempt", "Attempt " + attempt + " of reply '" + replyId
                    + "' is superseded by attempt " + reply.attempt);
        }
        return reply;
    }

    private Reply runningAttempt(String replyId, int attempt) {
        Reply reply = currentAttempt(replyId, attempt);
        if (reply.status == ReplyStatus.CANCELLED) {
            throw conflict(CommandRejectedException.ATTEMPT_CANCELLED, "Attempt " + attempt + " of reply '" + replyId
                    + "' was cancelled");
        }
        if (!reply.running()) {
            throw conflict("attempt-finished", "Attempt " + attempt + " of reply '" + replyId + "' is already "
                    + reply.status);
        }
        return reply;
    }

    /** After a BLOCK only a refusal (or a failure, or a cancellation) may follow. */
    private static void requireNotBlocked(Reply reply) {
        if (reply.status == ReplyStatus.SCREENING) {
            throw conflict("screening-blocked", "Attempt " + reply.attempt + " of reply '" + reply.replyId
                    + "' was blocked by screening; it can only be refused");
        }
    }

    private static RuntimeException outOfOrder(Reply reply, String what) {
        return conflict("out-of-order", "Attempt " + reply.attempt + " of reply '" + reply.replyId + "' is "
                + reply.status + "; it cannot be " + what + " now");
    }

    private static void checkOutput(String field, String text) {
        if (text != null && text.length() > ChatRules.MAX_REPLY_TEXT) {
            throw invalid(field, field + " has " + text.length() + " characters; at most " + ChatRules.MAX_REPLY_TEXT
                    + " are accepted");
        }
    }

    private static TokenUsage usage(TokenUsage usage) {
        return usage == null ? TokenUsage.NONE : usage;
    }

    private static Money zeroIn(Money cost, Money savedCost) {
        if (cost != null) {
            return Money.zero(cost.currency());
        }
        return savedCost == null ? null : Money.zero(savedCost.currency());
    }

    /** The turn of {@code reply} joins the verbatim window (replacing an earlier text of it), oldest first. */
    private void joinMemory(Reply reply, String replyText) {
        if (reply.span != clears || reply.turn <= condensedThroughTurn || reply.userText == null) {
            return;
        }
        List<Turn> turns = new ArrayList<>(memory.turns());
        turns.removeIf(turn -> turn.number() == reply.turn);
        int at = 0;
        while (at < turns.size() && turns.get(at).number() < reply.turn) {
            at++;
        }
        turns.add(at, new Turn(reply.turn, reply.userText, replyText));
        memory = new MemoryInput(memory.summary(), memory.profile(), turns, memory.turnsCondensed());
    }

    private void leaveMemory(Reply reply) {
        if (reply.span == clears && memory.turns().stream().anyMatch(turn -> turn.number() == reply.turn)) {
            memory = new MemoryInput(memory.summary(), memory.profile(),
                    memory.turns().stream().filter(turn -> turn.number() != reply.turn).toList(),
                    memory.turnsCondensed());
        }
    }

    @EventSourcingHandler
    void on(ConversationStarted event) {
        conversationId = event.conversationId();
        tenantId = event.tenantId();
        userId = event.userId();
        knowledge = event.knowledge();
        tools = event.tools();
    }

    @EventSourcingHandler
    void on(ConversationSeeded event) {
        memory = event.memory();
        lastTurn = event.memory().turns().size();
    }

    @EventSourcingHandler
    void on(UserMessagePosted event) {
        lastTurn = event.turn();
    }

    @EventSourcingHandler
    void on(ReplyRequested event) {
        Reply previous = latestReplyId == null ? null : replies.get(latestReplyId);
        if (previous != null) {
            // Only the newest reply can run or be regenerated; an older one keeps its message only while a
            // cancelled attempt's output may still join the memory.
            previous.spec = null;
            if (previous.cancelledOutputPending == 0) {
                previous.userText = null;
            }
        }
        replies.put(event.replyId(), new Reply(event.replyId(), event.messageId(), lastTurn, clears, event.spec(),
                new Billing(event.userId(), event.ledgerId(), event.reservationId())));
        latestReplyId = event.replyId();
    }

    @EventSourcingHandler
    void on(ReplyScreened event) {
        replies.get(event.replyId()).status = event.verdict() == ScreeningVerdict.BLOCK
                ? ReplyStatus.SCREENING : ReplyStatus.ROUTING;
    }

    @EventSourcingHandler
    void on(ReplyRouted event) {
        Reply reply = replies.get(event.replyId());
        reply.category = event.category();
        if (event.attempt() == reply.attempt) {
            reply.workerPaying = true;
        }
        if (event.category() != null && event.category().routable() && event.provider() != null) {
            reply.routedProvider = event.provider();
            reply.routedModel = event.model();
        }
        reply.status = ChatRules.KNOWLEDGE_TENANT.equals(knowledge) ? ReplyStatus.RETRIEVING : ReplyStatus.ROUTING;
    }

    @EventSourcingHandler
    void on(ReplyMemoryApplied event) {
        Reply reply = replies.get(event.replyId());
        if (event.attempt() == reply.attempt) {
            reply.workerPaying = true;
        }
        if (reply.span != clears || event.condensedThroughTurn() < condensedThroughTurn) {
            return;
        }
        condensedThroughTurn = event.condensedThroughTurn();
        memory = new MemoryInput(event.summary(), event.profile(),
                memory.turns().stream().filter(turn -> turn.number() > event.condensedThroughTurn()).toList(),
                event.turnsCondensed());
    }

    @EventSourcingHandler
    void on(ReplyStreamStarted event) {
        Reply reply = replies.get(event.replyId());
        reply.status = ReplyStatus.STREAMING;
        reply.provider = event.provider();
        reply.model = event.model();
    }

    @EventSourcingHandler
    void on(AttemptUsageRecorded event) {
        Reply reply = replies.get(event.suggestionId());
        reply.usageRecorded.add(event.attempt());
        reply.imageCost = null;
    }

    @EventSourcingHandler
    void on(ReplyCompleted event) {
        Reply reply = replies.get(event.replyId());
        reply.status = ReplyStatus.COMPLETED;
        reply.servingModel = event.model();
        joinMemory(reply, event.text());
    }

    @EventSourcingHandler
    void on(ReplyRefused event) {
        replies.get(event.replyId()).status = ReplyStatus.REFUSED;
    }

    @EventSourcingHandler
    void on(ReplyFailed event) {
        replies.get(event.replyId()).status = ReplyStatus.FAILED;
    }

    @EventSourcingHandler
    void on(ReplyFailedOver event) {
        Reply reply = replies.get(event.replyId());
        reply.startAttempt(event.nextAttempt(), reply.billing.get(event.attempt()));
        reply.routedProvider = event.nextProvider();
        reply.workerPaying = true; // a handed-over attempt starts at its memory, which may call a model
    }

    @EventSourcingHandler
    void on(ReplyAttemptRestarted event) {
        Reply reply = replies.get(event.replyId());
        reply.startAttempt(event.attempt(), reply.billing.get(event.attempt() - 1));
        reply.routedProvider = event.routedProvider();
        reply.routedModel = event.routedModel();
        // one restarted after routing starts at its memory, which may call a model
        reply.workerPaying = event.routedProvider() != null;
    }

    @EventSourcingHandler
    void on(ReplyAwaitingToolCalls event) {
        Reply reply = replies.get(event.replyId());
        reply.status = ReplyStatus.AWAITING_APPROVAL;
        reply.toolProvider = reply.provider;
        reply.toolModel = event.model() != null ? event.model() : reply.model;
        reply.toolRounds.add(new ToolRoundRecord(event.assistantText(), event.calls()));
        reply.workerPaying = false; // the model call is recorded; the continuation is a new attempt
        reply.requesterRoles = event.requesterRoles() == null ? new java.util.HashSet<>()
                : new java.util.HashSet<>(event.requesterRoles());
        reply.billing.put(event.attempt() + 1, reply.billing.get(event.attempt()));
    }

    @EventSourcingHandler
    void on(ReplyImageRecorded event) {
        Reply reply = replies.get(event.replyId());
        reply.images++;
        if (event.cost() != null) {
            reply.imageCost = reply.imageCost == null ? event.cost()
                    : reply.imageCost.currency().equals(event.cost().currency()) ? reply.imageCost.plus(event.cost())
                    : reply.imageCost;
        }
    }

    @EventSourcingHandler
    void on(ReplyToolCallFinished event) {
        Reply reply = replies.get(event.replyId());
        int last = reply.toolRounds.size() - 1;
        ToolRoundRecord round = reply.toolRounds.get(last);
        reply.toolRounds.set(last, new ToolRoundRecord(round.assistantText(), round.steps().stream()
                .map(step -> step.toolCallId().equals(event.toolCallId()) ? step.ended(event.status(), event.result())
                        : step).toList()));
    }

    @EventSourcingHandler
    void on(ReplyResumedAfterTools event) {
        Reply reply = replies.get(event.replyId());
        String provider = reply.toolProvider;
        String model = reply.toolModel;
        reply.startAttempt(event.attempt(), reply.billing.get(event.attempt()));
        reply.routedProvider = provider;
        reply.routedModel = model;
        reply.workerPaying = true; // the continuation starts at its memory, which may call a model
    }

    @EventSourcingHandler
    void on(ReplyCancelled event) {
        Reply reply = replies.get(event.replyId());
        if (reply.status == ReplyStatus.STREAMING || reply.workerPaying) {
            reply.cancelledOutputPending = event.attempt();
        }
        reply.status = ReplyStatus.CANCELLED;
    }

    @EventSourcingHandler
    void on(ReplyCancelledOutputRecorded event) {
        Reply reply = replies.get(event.replyId());
        if (event.attempt() == reply.attempt && reply.status == ReplyStatus.CANCELLED
                && !event.partialText().isBlank()) {
            joinMemory(reply, event.partialText());
        }
        if (event.attempt() == reply.cancelledOutputPending) {
            reply.cancelledOutputPending = 0;
            if (!reply.replyId.equals(latestReplyId)) {
                reply.userText = null;
            }
        }
    }

    @EventSourcingHandler
    void on(ReplyRegenerated event) {
        Reply reply = replies.get(event.replyId());
        leaveMemory(reply);
        reply.startAttempt(event.attempt(), new Billing(event.userId(), event.ledgerId(), event.reservationId()));
    }

    @EventSourcingHandler
    void on(ConversationCleared event) {
        clears++;
        lastTurn = 0;
        condensedThroughTurn = 0;
        memory = MemoryInput.EMPTY;
        latestReplyId = null;
        for (Reply reply : replies.values()) {
            reply.spec = null;
            reply.userText = null;
            reply.cancelledOutputPending = 0;
        }
    }
}
