package io.assistantcore.api.knowledge;

import io.assistantcore.api.knowledge.KnowledgeRequests.DocumentResponse;
import io.assistantcore.api.knowledge.KnowledgeRequests.DocumentsResponse;
import io.assistantcore.api.knowledge.KnowledgeRequests.SearchRequest;
import io.assistantcore.api.knowledge.KnowledgeRequests.SearchResponse;
import io.assistantcore.api.security.Caller;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.knowledge.FileScope;
import io.assistantcore.messages.knowledge.KnowledgeCommands.DeleteDocument;
import io.assistantcore.messages.knowledge.KnowledgeQueries.FileView;
import io.assistantcore.messages.knowledge.KnowledgeQueries.SearchHits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.regex.Pattern;

/** The tenant's documents, their deletion and hit testing (API.md "Files and knowledge"). */
@RestController
@RequestMapping("/api/v1/knowledge")
@Tag(name = "Files and knowledge", description = "Uploads, the tenant's documents and hit testing")
public class KnowledgeController {

    static final int DEFAULT_TOP_K = 5;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private final KnowledgeAccess access;
    private final CommandGateway commands;

    KnowledgeController(KnowledgeAccess access, CommandGateway commands) {
        this.access = access;
        this.commands = commands;
    }

    @GetMapping("/documents")
    @Operation(summary = "The tenant's knowledge documents with their status, pages and chunks, newest first")
    public DocumentsResponse documents(@RequestParam(required = false) Integer limit) {
        Caller caller = access.caller(KnowledgeAccess.READERS);
        if (limit != null && (limit < 1 || limit > 1000)) {
            throw ApiException.invalidParameter("limit", "must be between 1 and 1000");
        }
        return new DocumentsResponse(access.documents(caller.tenantId(), limit == null ? 100 : limit).stream()
                .map(DocumentResponse::of).toList());
    }

    @DeleteMapping("/documents/{documentId}")
    @Operation(summary = "Delete a document: its chunks and vectors are removed and its stored bytes made unreadable")
    public ResponseEntity<Void> delete(@PathVariable String documentId) {
        Caller caller = access.caller(Role.TENANT_ADMIN);
        if (!ID.matcher(documentId).matches()) {
            throw ApiException.notFound("Document '" + documentId + "' does not exist");
        }
        // a conversation's attachment is not one of the tenant's documents: this endpoint does not see it
        FileView file = access.file(caller.tenantId(), documentId)
                .filter(found -> found.scope() == FileScope.KNOWLEDGE)
                .orElseThrow(() -> ApiException.notFound("Document '" + documentId + "' does not exist"));
        commands.sendAndWait(new DeleteDocument(file.fileId(), caller.tenantId(), caller.userId()));
        access.await("deletion of " + documentId, () -> access.file(caller.tenantId(), documentId).isEmpty());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/search")
    @Operation(summary = "Hit testing: the chunks of the tenant's documents that retrieval finds for a query")
    public SearchResponse search(@Valid @RequestBody SearchRequest request) {
        Caller caller = access.caller(KnowledgeAccess.READERS);
        SearchHits hits = access.search(caller.tenantId(), request.query().strip(),
                request.topK() == null ? DEFAULT_TOP_K : request.topK(),
                request.minScore() == null ? 0.0 : request.minScore());
        return new SearchResponse(hits.hits(), hits.embeddingModel());
    }
}
