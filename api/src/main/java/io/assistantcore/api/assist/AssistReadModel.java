package io.assistantcore.api.assist;

import io.assistantcore.messages.assist.AssistQueries.ChunkPage;
import io.assistantcore.messages.assist.AssistQueries.ChunkView;
import io.assistantcore.messages.assist.AssistQueries.SessionQuery;
import io.assistantcore.messages.assist.AssistQueries.SessionView;
import io.assistantcore.messages.assist.AssistQueries.SuggestionChunksQuery;
import io.assistantcore.messages.assist.AssistQueries.SuggestionQuery;
import io.assistantcore.messages.assist.AssistQueries.SuggestionView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * The assist history as the query side answers it (through the query bus): what the endpoints, the SSE and
 * WebSocket streams and the read-your-writes waits read. Every call asks again, so a wait sees the read model move.
 */
@Component
public class AssistReadModel {

    private final QueryGateway queries;

    public AssistReadModel(QueryGateway queries) {
        this.queries = queries;
    }

    public Optional<SessionView> session(String tenantId, String sessionId) {
        return queries.query(new SessionQuery(tenantId, sessionId),
                ResponseTypes.optionalInstanceOf(SessionView.class)).join();
    }

    public Optional<SuggestionView> suggestion(String tenantId, String suggestionId) {
        return queries.query(new SuggestionQuery(tenantId, suggestionId),
                ResponseTypes.optionalInstanceOf(SuggestionView.class)).join();
    }

    /** The stored chunks of one attempt after {@code afterSeq}, in order. */
    public List<ChunkView> chunks(String tenantId, String suggestionId, int attempt, int afterSeq) {
        return queries.query(new SuggestionChunksQuery(tenantId, suggestionId, attempt, afterSeq), ChunkPage.class)
                .join().chunks();
    }
}
