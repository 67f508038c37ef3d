package io.assistantcore.api.chat;

import io.assistantcore.api.admission.AiRequestAdmission;
import io.assistantcore.api.chat.ChatRequests.PostMessageRequest;
import io.assistantcore.api.config.AssistantProperties;
import io.assistantcore.api.knowledge.KnowledgeAccess;
import io.assistantcore.api.security.Caller;
import io.assistantcore.api.tenant.TenantReadModel;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.messages.assist.AssistCommands.Funding;
import io.assistantcore.messages.billing.CostEstimates.ChatEstimatedRequest;
import io.assistantcore.messages.chat.ChatCommands;
import io.assistantcore.messages.chat.ChatCommands.PostUserMessage;
import io.assistantcore.messages.chat.ChatCommands.RegenerateReply;
import io.assistantcore.messages.chat.ChatQueries.ConversationView;
import io.assistantcore.messages.chat.ChatQueries.MessageView;
import io.assistantcore.messages.chat.ChatQueries.ReplyView;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.knowledge.FileScope;
import io.assistantcore.messages.knowledge.KnowledgeQueries.FileView;
import io.assistantcore.messages.tenant.AiPolicy;
import io.assistantcore.messages.tenant.RoutingRules;
import io.assistantcore.messages.tenant.TenantQueries.TenantView;
import io.assistantcore.platform.idempotency.IdempotencyKeys;
import io.assistantcore.platform.idempotency.IdempotencyKeys.Existing;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Posts a user message, or regenerates a reply, through the one admission path of AI requests: the reply's cost is
 * estimated from the message and the conversation's memory, rate limits checked, the estimate reserved, and the
 * command — filled with the tenant's AI policy and routing rules now in force — sent with that reservation.
 * <p>
 * A message posted with an {@code Idempotency-Key} claims the key for the caller's conversation first (see
 * {@link IdempotencyKeys}): a repeat with the same key and the same message answers the first one's ids without
 * posting again; the same key with another message is refused (422), and a repeat while the first is still being
 * posted is asked to retry (409). A post that fails gives the key up.
 */
@Component
class MessagePosting {

    /** Keys as clients make them (UUIDs, ULIDs, random tokens): visible ASCII, no spaces. */
    static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    private final AiRequestAdmission admission;
    private final TenantReadModel tenants;
    private final ChatReadModel chats;
    private final IdempotencyKeys keys;
    private final KnowledgeAccess files;
    private final String promptVersion;

    MessagePosting(AiRequestAdmission admission, TenantReadModel tenants, ChatReadModel chats, IdempotencyKeys keys,
                   KnowledgeAccess files, AssistantProperties properties) {
        this.admission = admission;
        this.tenants = tenants;
        this.chats = chats;
        this.keys = keys;
        this.files = files;
        this.promptVersion = properties.ai().promptVersion();
    }

    /** @param repeated whether an earlier request with the same idempotency key posted it */
    record Posted(String messageId, String replyId, boolean repeated) {
    }

    /** @param idempotencyKey the client's {@code Idempotency-Key}, or null */
    Posted post(Caller caller, ConversationView conversation, PostMessageRequest request, String idempotencyKey) {
        String messageId = UUID.randomUUID().toString();
        String replyId = UUID.randomUUID().toString();
        String scope = null;
        if (idempotencyKey != null) {
            if (!IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
                throw ApiException.invalidParameter(IDEMPOTENCY_HEADER, "must be 1-255 visible ASCII characters "
                        + "without spaces, such as a UUID");
            }
            scope = caller.tenantId() + "/" + caller.userId() + "/conversation/" + conversation.conversationId();
            String fingerprint = fingerprint(request);
            Optional<Existing> earlier = keys.claim(scope, idempotencyKey, fingerprint, messageId + " " + replyId);
            if (earlier.isPresent()) {
                return repeat(earlier.get(), fingerprint);
            }
        }
        try {
            send(caller, conversation, request, messageId, replyId);
        } catch (RuntimeException refused) {
            if (scope != null) {
                keys.release(scope, idempotencyKey);
            }
            throw refused;
        }
        if (scope != null) {
            keys.complete(scope, idempotencyKey);
        }
        return new Posted(messageId, replyId, false);
    }

    /**
     * Admits a new attempt of {@code reply} and sends it.
     *
     * @return the new attempt's number
     */
    int regenerate(Caller caller, ConversationView conversation, ReplyView reply) {
        TenantView tenant = tenants.tenant(caller.tenantId());
        // the write model regenerates only the reply to the latest message, so its text is on the newest page
        String text = chats.messages(caller.tenantId(), conversation.conversationId(), null, 1).messages().stream()
                .filter(message -> message.messageId().equals(reply.messageId())).map(MessageView::text)
                .findFirst().orElse("");
        ChatEstimatedRequest input = new ChatEstimatedRequest(text, chats.memory(conversation), null,
                chats.routingRules(caller.tenantId()), promptVersion);
        Object attempt = admission.send(caller, tenant, input, funding -> new RegenerateReply(
                conversation.conversationId(), caller.tenantId(), caller.userId(), reply.replyId(), chat(funding)));
        return attempt instanceof Number number ? number.intValue() : reply.attempt() + 1;
    }

    private void send(Caller caller, ConversationView conversation, PostMessageRequest request, String messageId,
                      String replyId) {
        checkAttachments(caller.tenantId(), conversation.conversationId(), request.attachmentIds());
        TenantView tenant = tenants.tenant(caller.tenantId());
        AiPolicy policy = tenant.aiPolicy();
        RoutingRules rules = chats.routingRules(caller.tenantId());
        RouteCategory route = request.route() == null ? null : RouteCategory.fromWire(request.route());
        ChatEstimatedRequest input = new ChatEstimatedRequest(request.text(), chats.memory(conversation), route, rules,
                promptVersion);
        admission.send(caller, tenant, input, funding -> new PostUserMessage(conversation.conversationId(),
                caller.tenantId(), caller.userId(), messageId, replyId, request.text(), request.attachmentIds(),
                route, policy.maskPii(), policy.allowedModels(), rules, promptVersion, chat(funding)));
    }

    /**
     * Every attachment must be a file uploaded to this conversation ({@code scope: conversation:{id}}) that did not
     * fail: an unknown id, another conversation's file or a tenant document would otherwise be left out of the
     * answer without a word. A file uploaded a moment ago is waited for (bounded), as every read after a create is
     * ({@link KnowledgeAccess#createdFile}).
     */
    private void checkAttachments(String tenantId, String conversationId, List<String> attachmentIds) {
        for (String fileId : attachmentIds) {
            Optional<FileView> file = files.createdFile(tenantId, fileId);
            if (file.isEmpty() || file.get().scope() != FileScope.CONVERSATION
                    || !conversationId.equals(file.get().conversationId())) {
                throw ApiException.invalidParameter("attachments", "names '" + fileId + "', which is not a file "
                        + "uploaded to this conversation (POST /api/v1/files with scope conversation:" + conversationId
                        + ")");
            }
            if ("FAILED".equals(file.get().status())) {
                throw ApiException.invalidParameter("attachments", "names '" + fileId + "', which could not be "
                        + "read; GET /api/v1/files/" + fileId + " says why");
            }
        }
    }

    private static Posted repeat(Existing earlier, String fingerprint) {
        if (!earlier.fingerprint().equals(fingerprint)) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused",
                    "Idempotency-Key reused", "This Idempotency-Key was sent before with a different message in this "
                    + "conversation; use a new key for a new message");
        }
        if (!earlier.completed()) {
            throw new ApiException(HttpStatus.CONFLICT, "idempotency-key-in-use", "Request in progress",
                    "A request with this Idempotency-Key is still being handled; retry in a moment to get its answer")
                    .withRetryAfter(1);
        }
        String[] ids = earlier.result().split(" ");
        return new Posted(ids[0], ids[1], true);
    }

    /** What makes two posts the same message: text, attachments and route. */
    private static String fingerprint(PostMessageRequest request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : List.of(request.text(), String.join("\n", request.attachmentIds()),
                    String.valueOf(request.route()))) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static ChatCommands.Funding chat(Funding funding) {
        return new ChatCommands.Funding(funding.ledgerId(), funding.reservationId());
    }

}
