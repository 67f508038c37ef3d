package io.assistantcore.api.chat;

import io.assistantcore.api.chat.ChatRequests.FeedbackRequest;
import io.assistantcore.api.chat.ChatRequests.ReplyAccepted;
import io.assistantcore.api.security.Caller;
import io.assistantcore.api.stream.SseStreams;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.api.web.ReadModelCatchUp;
import io.assistantcore.messages.chat.ChatCommands.CancelReply;
import io.assistantcore.messages.chat.ChatCommands.GiveReplyFeedback;
import io.assistantcore.messages.chat.ChatQueries.ConversationView;
import io.assistantcore.messages.chat.ChatQueries.FeedbackCount;
import io.assistantcore.messages.chat.ChatQueries.ReplyView;
import io.assistantcore.messages.common.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The reply endpoints of API.md "Conversations": poll, stream (SSE; the WebSocket's stream kind {@code reply}),
 * cancel, regenerate and rate a reply, and the tenant's feedback counts.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Conversations")
public class ReplyController {

    private static final Set<String> GROUPINGS = Set.of("model", "category", "day");

    private final CommandGateway commands;
    private final ChatAccess access;
    private final ChatReadModel chats;
    private final ReadModelCatchUp catchUp;
    private final MessagePosting posting;
    private final SseStreams streams;
    private final ReplyStreams replies;

    ReplyController(CommandGateway commands, ChatAccess access, ChatReadModel chats, ReadModelCatchUp catchUp,
                    MessagePosting posting, SseStreams streams, ReplyStreams replies) {
        this.commands = commands;
        this.access = access;
        this.chats = chats;
        this.catchUp = catchUp;
        this.posting = posting;
        this.streams = streams;
        this.replies = replies;
    }

    @GetMapping("/replies/{replyId}")
    @Operation(summary = "A reply: status, text, screening, route, memory, usage, cost, the model that served, feedback")
    public ReplyView reply(@PathVariable String replyId) {
        Caller caller = access.caller(ChatAccess.READERS);
        return access.reply(caller, replyId, false);
    }

    @GetMapping(path = "/replies/{replyId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Stream a reply as Server-Sent Events (screened, routed, memory, token, completed, refused, "
            + "failed, cancelled)")
    public SseEmitter stream(@PathVariable String replyId,
                             @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                             @Parameter(description = "alternative to Last-Event-ID for clients that cannot set it: "
                                     + "the id of the last event received, such as 1.5")
                             @RequestParam(name = "fromSeq", required = false) String fromSeq) {
        return streams.open(replies, replyId, fromSeq != null ? fromSeq : lastEventId);
    }

    @PostMapping("/replies/{replyId}/cancel")
    @Operation(summary = "Stop a running reply; the partial text is kept and billed")
    public ResponseEntity<Void> cancel(@PathVariable String replyId) {
        Caller caller = access.caller(ChatAccess.WRITERS);
        ReplyView reply = access.reply(caller, replyId, true);
        commands.sendAndWait(new CancelReply(reply.conversationId(), caller.tenantId(), caller.userId(), replyId));
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/replies/{replyId}/regenerate")
    @Operation(summary = "Answer the latest message again as a new attempt (admitted like a new message)")
    public ResponseEntity<ReplyAccepted> regenerate(@PathVariable String replyId) {
        Caller caller = access.caller(ChatAccess.WRITERS);
        ReplyView reply = access.reply(caller, replyId, true);
        ConversationView conversation = access.conversation(caller, reply.conversationId(), true);
        int attempt = posting.regenerate(caller, conversation, reply);
        catchUp.await("attempt " + attempt + " of reply " + replyId, () -> chats.reply(caller.tenantId(), replyId)
                .map(view -> view.attempt() >= attempt).orElse(false));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ReplyAccepted(replyId, attempt));
    }

    @PutMapping("/replies/{replyId}/feedback")
    @Operation(summary = "Rate a completed reply UP or DOWN (a DOWN reply is never reused as an answer)")
    public ReplyView feedback(@PathVariable String replyId, @Valid @RequestBody FeedbackRequest request) {
        Caller caller = access.caller(ChatAccess.WRITERS);
        ReplyView reply = access.reply(caller, replyId, true);
        commands.sendAndWait(new GiveReplyFeedback(reply.conversationId(), caller.tenantId(), caller.userId(),
                replyId, request.rating(), request.comment()));
        String comment = request.comment() == null || request.comment().isBlank() ? null : request.comment().strip();
        catchUp.await("feedback on reply " + replyId, () -> chats.reply(caller.tenantId(), replyId)
                .map(view -> view.feedback() != null && view.feedback().rating() == request.rating()
                        && Objects.equals(view.feedback().comment(), comment)).orElse(false));
        return access.reply(caller, replyId, false);
    }

    @GetMapping("/analytics/feedback")
    @Operation(summary = "Up and down ratings of the tenant's replies by model, category or day (TENANT_ADMIN, "
            + "AUDITOR)")
    public List<FeedbackCount> feedbackAnalytics(
            @Parameter(description = "model (default), category or day") @RequestParam(required = false) String groupBy,
            @Parameter(description = "from this UTC day or instant on (yyyy-MM-dd or ISO-8601)")
            @RequestParam(required = false) String from,
            @Parameter(description = "up to this UTC day (included) or instant (excluded)")
            @RequestParam(required = false) String to) {
        Caller caller = access.caller(Role.TENANT_ADMIN, Role.AUDITOR);
        String grouping = groupBy == null ? "model" : groupBy;
        if (!GROUPINGS.contains(grouping)) {
            throw ApiException.invalidParameter("groupBy", "must be one of model, category, day");
        }
        Instant start = instant("from", from, false);
        Instant end = instant("to", to, true);
        if (start != null && end != null && !end.isAfter(start)) {
            throw ApiException.invalidParameter("to", "must be after 'from'");
        }
        return chats.feedback(caller.tenantId(), grouping, start, end).rows();
    }

    /** An instant, or a UTC day: its start, or for the end of a range the start of the day after. */
    private static Instant instant(String name, String value, boolean endOfRange) {
        if (value == null) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (endOfRange ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidParameter(name, "must be a day (yyyy-MM-dd) or an ISO-8601 instant");
        }
    }
}
