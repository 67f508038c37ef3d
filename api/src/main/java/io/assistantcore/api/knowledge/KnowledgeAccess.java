package io.assistantcore.api.knowledge;

import io.assistantcore.messages.common.AggregateTypes;
import io.assistantcore.api.security.Caller;
import io.assistantcore.api.security.TenantAccess;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.api.web.ReadModelCatchUp;
import io.assistantcore.messages.chat.ChatQueries.ConversationQuery;
import io.assistantcore.messages.chat.ChatQueries.ConversationView;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.knowledge.KnowledgeQueries.DocumentList;
import io.assistantcore.messages.knowledge.KnowledgeQueries.DocumentListQuery;
import io.assistantcore.messages.knowledge.KnowledgeQueries.DuplicateCheck;
import io.assistantcore.messages.knowledge.KnowledgeQueries.DuplicateCheckQuery;
import io.assistantcore.messages.knowledge.KnowledgeQueries.FileQuery;
import io.assistantcore.messages.knowledge.KnowledgeQueries.FileView;
import io.assistantcore.messages.knowledge.KnowledgeQueries.KnowledgeSearchQuery;
import io.assistantcore.messages.knowledge.KnowledgeQueries.SearchHits;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * Who may see which file, and the reads of the file and knowledge endpoints (through the query bus). A file is
 * visible to its uploader and to the tenant's admins and auditors; a knowledge document to every member of the
 * tenant. Anything else, another tenant's above all, is "not found".
 */
@Component
public class KnowledgeAccess {

    static final Role[] READERS = TenantAccess.READERS;
    static final Role[] WRITERS = TenantAccess.WRITERS;

    private final TenantAccess access;
    private final QueryGateway queries;
    private final ReadModelCatchUp catchUp;

    KnowledgeAccess(TenantAccess access, QueryGateway queries, ReadModelCatchUp catchUp) {
        this.access = access;
        this.queries = queries;
        this.catchUp = catchUp;
    }

    /** The caller, in its own tenant, with one of {@code roles}. */
    Caller caller(Role... roles) {
        return access.requireOwnTenant("Files belong to a tenant; your token names none", roles);
    }

    Optional<FileView> file(String tenantId, String fileId) {
        return queries.query(new FileQuery(tenantId, fileId), ResponseTypes.optionalInstanceOf(FileView.class))
                .join();
    }

    /**
     * The tenant's file, whoever uploaded it; one uploaded just now is waited for (bounded), so a request right after
     * an upload finds it (see {@link ReadModelCatchUp#findCreated}).
     */
    public Optional<FileView> createdFile(String tenantId, String fileId) {
        return catchUp.findCreated("file " + fileId, AggregateTypes.KNOWLEDGE_DOCUMENT, tenantId, fileId,
                () -> file(tenantId, fileId));
    }

    /** The file if the caller may see it; a file uploaded just now is waited for. */
    FileView visibleFile(Caller caller, String fileId) {
        return createdFile(caller.tenantId(), fileId)
                .filter(view -> view.documentId() != null || TenantAccess.mayReadOwnedBy(caller, view.userId()))
                .orElseThrow(() -> ApiException.notFound("File '" + fileId + "' does not exist"));
    }

    /** The conversation the caller owns (attachments go only to one's own conversations). */
    ConversationView ownConversation(Caller caller, String conversationId) {
        return catchUp.findCreated("conversation " + conversationId, AggregateTypes.CONVERSATION, caller.tenantId(),
                        conversationId,
                        () -> queries.query(new ConversationQuery(caller.tenantId(), conversationId),
                                ResponseTypes.optionalInstanceOf(ConversationView.class)).join())
                .filter(view -> caller.userId().equals(view.userId()))
                .orElseThrow(() -> ApiException.notFound("Conversation '" + conversationId + "' does not exist"));
    }

    DuplicateCheck duplicates(String tenantId, String contentHash, String title) {
        return queries.query(new DuplicateCheckQuery(tenantId, contentHash, title), DuplicateCheck.class).join();
    }

    List<FileView> documents(String tenantId, int limit) {
        return queries.query(new DocumentListQuery(tenantId, limit), DocumentList.class).join().documents();
    }

    SearchHits search(String tenantId, String query, int topK, double minScore) {
        return queries.query(new KnowledgeSearchQuery(tenantId, query, topK, minScore, List.of()), SearchHits.class)
                .join();
    }

    boolean await(String what, java.util.function.BooleanSupplier caughtUp) {
        return catchUp.await(what, caughtUp);
    }
}
