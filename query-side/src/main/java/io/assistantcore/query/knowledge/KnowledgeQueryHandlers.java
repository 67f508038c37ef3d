package io.assistantcore.query.knowledge;

import io.assistantcore.messages.knowledge.KnowledgeQueries.DocumentList;
import io.assistantcore.messages.knowledge.KnowledgeQueries.DocumentListQuery;
import io.assistantcore.messages.knowledge.KnowledgeQueries.DuplicateCheck;
import io.assistantcore.messages.knowledge.KnowledgeQueries.DuplicateCheckQuery;
import io.assistantcore.messages.knowledge.KnowledgeQueries.FileQuery;
import io.assistantcore.messages.knowledge.KnowledgeQueries.FileView;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Answers file and document queries from the knowledge document view. */
@Component
public class KnowledgeQueryHandlers {

    private final KnowledgeDocuments documents;

    public KnowledgeQueryHandlers(KnowledgeDocuments documents) {
        this.documents = documents;
    }

    @QueryHandler
    public Optional<FileView> handle(FileQuery query) {
        return documents.file(query.tenantId(), query.fileId());
    }

    @QueryHandler
    public DocumentList handle(DocumentListQuery query) {
        return new DocumentList(documents.documents(query.tenantId(), query.limit()));
    }

    @QueryHandler
    public DuplicateCheck handle(DuplicateCheckQuery query) {
        return new DuplicateCheck(documents.sameContent(query.tenantId(), query.contentHash()).orElse(null),
                query.title() == null ? null : documents.sameTitle(query.tenantId(), query.title()).orElse(null));
    }
}
