package io.assistantcore.api.chat;

import io.assistantcore.api.chat.ChatRequests.ConversationCreated;
import io.assistantcore.api.chat.ChatRequests.MessageAccepted;
import io.assistantcore.api.chat.ChatRequests.PostMessageRequest;
import io.assistantcore.api.chat.ChatRequests.StartConversationRequest;
import io.assistantcore.api.chat.MessagePosting.Posted;
import io.assistantcore.api.security.Caller;
import io.assistantcore.api.stream.SseStreams;
import io.assistantcore.api.stream.StreamLimits;
import io.assistantcore.api.tool.ToolReadModel;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.api.web.ReadModelCatchUp;
import io.assistantcore.messages.chat.ChatCommands.ClearConversation;
import io.assistantcore.messages.chat.ChatCommands.StartConversation;
import io.assistantcore.messages.chat.ChatQueries.ConversationPage;
import io.assistantcore.messages.chat.ChatQueries.ConversationView;
import io.assistantcore.messages.chat.ChatQueries.MessagePage;
import io.assistantcore.messages.chat.ChatQueries.ReplyView;
import io.assistantcore.messages.chat.ReplyStatus;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.tool.BuiltInTools;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/** The conversation endpoints of API.md "Conversations": conversations, their messages and the replies to them. */
@RestController
@RequestMapping("/api/v1/conversations")
@Tag(name = "Conversations", description = "The chat assistant: conversations, messages and their streamed replies")
public class ConversationController {

    /** Most items one page may ask for. */
    static final int MAX_PAGE = 100;
    private static final Pattern PAGE_CURSOR = Pattern.compile(ChatRequests.ID);
    private static final Pattern USER_ID = Pattern.compile("[^\\s\\p{Cc}]{1,255}");
    /** Names the reply a streamed post started (also in {@code Location}). */
    static final String REPLY_ID_HEADER = "X-Reply-Id";

    private final CommandGateway commands;
    private final ChatAccess access;
    private final ChatReadModel chats;
    private final ReadModelCatchUp catchUp;
    private final MessagePosting posting;
    private final ReplyWaiter waiter;
    private final StreamLimits limits;
    private final SseStreams streams;
    private final ReplyStreams replyStreams;
    private final ToolReadModel toolDirectory;

    ConversationController(CommandGateway commands, ChatAccess access, ChatReadModel chats, ReadModelCatchUp catchUp,
                           MessagePosting posting, ReplyWaiter waiter, StreamLimits limits, SseStreams streams,
                           ReplyStreams replyStreams, ToolReadModel toolDirectory) {
        this.toolDirectory = toolDirectory;
        this.limits = limits;
        this.streams = streams;
        this.replyStreams = replyStreams;
        this.commands = commands;
        this.access = access;
        this.chats = chats;
        this.catchUp = catchUp;
        this.posting = posting;
        this.waiter = waiter;
    }

    @PostMapping
    @Operation(summary = "Start a conversation (knowledge 'tenant' answers from the tenant's documents; default 'none')")
    public ResponseEntity<ConversationCreated> start(@Valid @RequestBody(required = false)
                                                     StartConversationRequest request) {
        Caller caller = access.caller(ChatAccess.WRITERS);
        StartConversationRequest body = request == null ? new StartConversationRequest(null, null, null) : request;
        checkToolsExist(caller.tenantId(), body.tools());
        String conversationId = UUID.randomUUID().toString();
        // no wait for the read model: a read that misses the new conversation waits for it (ChatAccess.conversation)
        commands.sendAndWait(new StartConversation(conversationId, caller.tenantId(), caller.userId(),
                body.title() == null || body.title().isBlank() ? null : body.title().strip(), body.knowledge(),
                body.tools()));
        return ResponseEntity.created(URI.create("/api/v1/conversations/" + conversationId))
                .body(new ConversationCreated(conversationId));
    }

    /**
     * A conversation's tools are named among the built-in tools and the tenant's own (GET /tenants/{t}/tools): a name
     * that is neither is a mistake the caller hears of now, not a tool silently never offered. A tool deleted later
     * is simply no longer offered.
     */
    private void checkToolsExist(String tenantId, List<String> named) {
        if (named == null || named.isEmpty()) {
            return;
        }
        Set<String> known = new HashSet<>();
        BuiltInTools.ALL.forEach(tool -> known.add(tool.name()));
        toolDirectory.tools(tenantId).forEach(tool -> known.add(tool.name()));
        for (String name : named) {
            if (name != null && !known.contains(name)) {
                throw ApiException.invalidParameter("tools", "names no tool called '" + name
                        + "': neither a built-in tool nor one of the tenant's (GET /api/v1/tenants/{tenantId}/tools)");
            }
        }
    }

    @GetMapping
    @Operation(summary = "The caller's conversations, newest first (TENANT_ADMIN and AUDITOR may name another userId)")
    public ConversationPage list(@RequestParam(required = false) Integer limit,
                                 @Parameter(description = "the last conversationId of the previous page")
                                 @RequestParam(required = false) String before,
                                 @RequestParam(required = false) String userId) {
        Caller caller = access.caller(ChatAccess.READERS);
        String owner = userId == null ? caller.userId() : userId;
        if (!USER_ID.matcher(owner).matches()) {
            throw ApiException.invalidParameter("userId", "must be 1-255 characters without white space");
        }
        if (!owner.equals(caller.userId()) && !caller.has(Role.TENANT_ADMIN) && !caller.has(Role.AUDITOR)) {
            throw ApiException.forbidden("Only a TENANT_ADMIN or an AUDITOR may list another user's conversations");
        }
        return chats.conversations(caller.tenantId(), owner, pageSize(limit), cursor(before));
    }

    @GetMapping("/{conversationId}")
    @Operation(summary = "A conversation: settings, memory (summary, profile, turns kept and condensed), counts")
    public ConversationView conversation(@PathVariable String conversationId) {
        Caller caller = access.caller(ChatAccess.READERS);
        return access.conversation(caller, conversationId, false);
    }

    @GetMapping("/{conversationId}/messages")
    @Operation(summary = "Messages since the last clear with their replies, oldest first; pages go back with 'before'")
    public MessagePage messages(@PathVariable String conversationId,
                                @Parameter(description = "the first messageId of the page after this one")
                                @RequestParam(required = false) String before,
                                @RequestParam(required = false) Integer limit) {
        Caller caller = access.caller(ChatAccess.READERS);
        access.conversation(caller, conversationId, false);
        return chats.messages(caller.tenantId(), conversationId, cursor(before), pageSize(limit));
    }

    @PostMapping("/{conversationId}/messages")
    @Operation(summary = "Post a message: 202 with its reply's id (stream it at /replies/{id}/stream), or with "
            + "?wait=N (seconds, at most 60) 200 with the reply once it has finished or after N seconds")
    @ApiResponse(responseCode = "202", description = "posted; the reply runs",
            content = @Content(schema = @Schema(implementation = MessageAccepted.class)))
    @ApiResponse(responseCode = "200", description = "with ?wait=: the reply, finished or as it is after the wait",
            content = @Content(schema = @Schema(implementation = ReplyView.class)))
    public CompletableFuture<ResponseEntity<Object>> post(
            @PathVariable String conversationId, @Valid @RequestBody PostMessageRequest request,
            @Parameter(description = "seconds to wait for the finished reply (0-60); without it the answer is 202")
            @RequestParam(required = false) Integer wait,
            @Parameter(description = "the same key from the same user for the same conversation posts once")
            @RequestHeader(name = MessagePosting.IDEMPOTENCY_HEADER, required = false) String idempotencyKey) {
        Caller caller = access.caller(ChatAccess.WRITERS);
        if (wait != null && (wait < 0 || wait > ReplyWaiter.MAX_WAIT.toSeconds())) {
            throw ApiException.invalidParameter("wait", "must be between 0 and " + ReplyWaiter.MAX_WAIT.toSeconds()
                    + " seconds");
        }
        ConversationView conversation = access.conversation(caller, conversationId, true);
        // a wait holds a place under the stream limits, taken before posting so that a refusal posts nothing
        AutoCloseable place = wait == null ? null : limits.acquire(caller.tenantId(), caller.userId());
        try {
            Posted posted = postAndAwaitReply(caller, conversation, request, idempotencyKey);
            ReplyView reply = chats.reply(caller.tenantId(), posted.replyId()).orElse(null);
            if (wait == null) {
                return CompletableFuture.completedFuture(ResponseEntity.status(HttpStatus.ACCEPTED)
                        .body(new MessageAccepted(posted.messageId(), posted.replyId(),
                                reply == null ? ReplyStatus.PENDING : reply.status())));
            }
            if (reply != null && (wait == 0 || ReplyWaiter.settled(reply.status()))) {
                release(place);
                return CompletableFuture.completedFuture(ResponseEntity.ok(reply));
            }
            return waiter.settledReply(caller.tenantId(), posted.replyId(), reply == null ? 1 : reply.attempt(),
                            Duration.ofSeconds(wait))
                    .whenComplete((view, failure) -> release(place))
                    .thenApply(ResponseEntity::ok);
        } catch (RuntimeException e) {
            release(place);
            throw e;
        }
    }

    /**
     * The same post with {@code Accept: text/event-stream}: the response is the reply's stream from its beginning, as
     * {@code GET /replies/{id}/stream} gives it — one request instead of two. Refusals come before the stream, as
     * Problem Details, and post nothing; the reply's id is in {@code Location} and {@code X-Reply-Id}, for resuming
     * with {@code Last-Event-ID} on the reply's own stream. {@code ?wait} is for JSON answers and refused here.
     */
    @PostMapping(path = "/{conversationId}/messages", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Post a message and receive its reply's stream in the response (Accept: text/event-stream)")
    public ResponseEntity<SseEmitter> postStreamed(
            @PathVariable String conversationId, @Valid @RequestBody PostMessageRequest request,
            @RequestParam(required = false) Integer wait,
            @RequestHeader(name = MessagePosting.IDEMPOTENCY_HEADER, required = false) String idempotencyKey) {
        Caller caller = access.caller(ChatAccess.WRITERS);
        if (wait != null) {
            throw ApiException.invalidParameter("wait", "answers with JSON; with Accept: text/event-stream the reply "
                    + "streams in the response");
        }
        ConversationView conversation = access.conversation(caller, conversationId, true);
        return streams.start(replyStreams,
                        () -> postAndAwaitReply(caller, conversation, request, idempotencyKey).replyId())
                .response("/api/v1/replies/", REPLY_ID_HEADER);
    }

    /** Posts the message; the reply can be polled and streamed at once after (read-your-writes). */
    private Posted postAndAwaitReply(Caller caller, ConversationView conversation, PostMessageRequest request,
                                     String idempotencyKey) {
        Posted posted = posting.post(caller, conversation, request, idempotencyKey);
        catchUp.await("reply " + posted.replyId(), () -> chats.reply(caller.tenantId(), posted.replyId())
                .isPresent());
        return posted;
    }

    private static void release(AutoCloseable place) {
        if (place != null) {
            try {
                place.close();
            } catch (Exception ignored) {
                // giving a place back cannot fail in a way that matters here
            }
        }
    }

    @DeleteMapping("/{conversationId}/messages")
    @Operation(summary = "Clear: the memory starts afresh and the history is hidden from the user; the events stay")
    public ResponseEntity<Void> clear(@PathVariable String conversationId) {
        Caller caller = access.caller(ChatAccess.WRITERS);
        ConversationView conversation = access.conversation(caller, conversationId, true);
        boolean empty = chats.messages(caller.tenantId(), conversationId, null, 1).messages().isEmpty();
        Instant clearedBefore = conversation.clearedAt();
        commands.sendAndWait(new ClearConversation(conversationId, caller.tenantId(), caller.userId()));
        if (!empty) {
            catchUp.await("clear of " + conversationId, () -> chats.conversation(caller.tenantId(), conversationId)
                    .map(view -> view.clearedAt() != null && !Objects.equals(view.clearedAt(), clearedBefore))
                    .orElse(false));
        }
        return ResponseEntity.noContent().build();
    }

    private static int pageSize(Integer limit) {
        if (limit == null) {
            return 20;
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiException.invalidParameter("limit", "must be between 1 and " + MAX_PAGE);
        }
        return limit;
    }

    private static String cursor(String before) {
        if (before != null && !PAGE_CURSOR.matcher(before).matches()) {
            throw ApiException.invalidParameter("before", ChatRequests.ID_MESSAGE);
        }
        return before;
    }
}
