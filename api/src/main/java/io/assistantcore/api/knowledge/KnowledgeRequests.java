package io.assistantcore.api.knowledge;

import io.assistantcore.api.web.input.FreeText;
import io.assistantcore.messages.knowledge.KnowledgeQueries.FileView;
import io.assistantcore.messages.knowledge.KnowledgeQueries.Progress;
import io.assistantcore.messages.knowledge.KnowledgeQueries.SearchHit;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** Request and response bodies of the file and knowledge endpoints. */
final class KnowledgeRequests {

    private KnowledgeRequests() {
    }

    record FileAccepted(String fileId, String documentId, String status, String duplicateOf) {
    }

    /** A file's metadata and processing status; the bytes are never served back. */
    record FileResponse(String fileId, String documentId, String scope, String conversationId, String name,
                        String mediaType, long sizeBytes, String contentHash, String status, Progress progress,
                        String error, Integer pages, Integer chunks, String embeddingModel, String duplicateOf,
                        Instant createdAt, Instant updatedAt) {

        static FileResponse of(FileView view) {
            return new FileResponse(view.fileId(), view.documentId(), view.scope() == null ? null
                    : view.scope().name().toLowerCase(java.util.Locale.ROOT), view.conversationId(), view.title(),
                    view.mediaType(), view.sizeBytes(), view.contentHash(), view.status(), view.progress(),
                    view.error(), view.pages(), view.chunks(), view.embeddingModel(), view.duplicateOf(),
                    view.createdAt(), view.updatedAt());
        }
    }

    record DocumentResponse(String documentId, String fileId, String title, String status, Progress progress,
                            Integer pages, Integer chunks, String mediaType, long sizeBytes, String embeddingModel,
                            String error, Instant createdAt, Instant updatedAt) {

        static DocumentResponse of(FileView view) {
            return new DocumentResponse(view.documentId(), view.fileId(), view.title(), view.status(),
                    view.progress(), view.pages(), view.chunks(), view.mediaType(), view.sizeBytes(),
                    view.embeddingModel(), view.error(), view.createdAt(), view.updatedAt());
        }
    }

    record DocumentsResponse(List<DocumentResponse> documents) {
    }

    record SearchRequest(@NotBlank @Size(max = 2_000) @FreeText String query,
                         @Min(1) @Max(20) Integer topK,
                         @DecimalMin("-1.0") @DecimalMax("1.0") Double minScore) {
    }

    record SearchResponse(List<SearchHit> hits, String embeddingModel) {
    }
}
