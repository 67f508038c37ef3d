package io.assistantcore.api.chat;

import io.assistantcore.messages.common.AggregateTypes;
import io.assistantcore.api.security.Caller;
import io.assistantcore.api.security.TenantAccess;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.api.web.ReadModelCatchUp;
import io.assistantcore.messages.chat.ChatQueries.ConversationView;
import io.assistantcore.messages.chat.ChatQueries.ReplyView;
import io.assistantcore.messages.common.Role;
import org.springframework.stereotype.Component;

/**
 * Who may see and change which conversation. A conversation and its replies belong to the user who started it: only
 * they post, clear, cancel, regenerate and rate; tenant admins and auditors may read every conversation of their
 * tenant. Whatever a caller may not see — another tenant's, or for a member another user's — is answered 404, as if
 * it did not exist; the write model refuses the same way.
 */
@Component
class ChatAccess {

    static final Role[] READERS = TenantAccess.READERS;
    static final Role[] WRITERS = TenantAccess.WRITERS;

    private final TenantAccess access;
    private final ChatReadModel chats;
    private final ReadModelCatchUp catchUp;

    ChatAccess(TenantAccess access, ChatReadModel chats, ReadModelCatchUp catchUp) {
        this.access = access;
        this.chats = chats;
        this.catchUp = catchUp;
    }

    /** The caller, in its own tenant, with one of {@code roles}. */
    Caller caller(Role... roles) {
        return access.requireOwnTenant("Conversations belong to a tenant; your token names none", roles);
    }

    /** Whether {@code caller} may read what {@code ownerId} owns. */
    static boolean mayRead(Caller caller, String ownerId) {
        return TenantAccess.mayReadOwnedBy(caller, ownerId);
    }

    /**
     * The conversation, if {@code caller} may read it ({@code write}: change it). One started just now is waited for
     * (see {@link ReadModelCatchUp#findCreated}).
     */
    ConversationView conversation(Caller caller, String conversationId, boolean write) {
        return catchUp.findCreated("conversation " + conversationId, AggregateTypes.CONVERSATION, caller.tenantId(),
                        conversationId,
                        () -> chats.conversation(caller.tenantId(), conversationId))
                .filter(view -> write ? caller.userId().equals(view.userId()) : mayRead(caller, view.userId()))
                .orElseThrow(() -> ApiException.notFound("Conversation '" + conversationId + "' does not exist"));
    }

    /** The reply, if {@code caller} may read it ({@code write}: act on it). */
    ReplyView reply(Caller caller, String replyId, boolean write) {
        return chats.reply(caller.tenantId(), replyId)
                .filter(view -> write ? caller.userId().equals(view.userId()) : mayRead(caller, view.userId()))
                .orElseThrow(() -> ApiException.notFound("Reply '" + replyId + "' does not exist"));
    }
}
