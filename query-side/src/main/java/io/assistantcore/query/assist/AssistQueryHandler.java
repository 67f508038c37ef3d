package io.assistantcore.query.assist;

import io.assistantcore.messages.assist.AssistQueries.ChunkPage;
import io.assistantcore.messages.assist.AssistQueries.SessionQuery;
import io.assistantcore.messages.assist.AssistQueries.SessionView;
import io.assistantcore.messages.assist.AssistQueries.StalledSuggestions;
import io.assistantcore.messages.assist.AssistQueries.StalledSuggestionsQuery;
import io.assistantcore.messages.assist.AssistQueries.SuggestionChunksQuery;
import io.assistantcore.messages.assist.AssistQueries.SuggestionQuery;
import io.assistantcore.messages.assist.AssistQueries.SuggestionView;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Answers assist history queries from the history read model. */
@Component
public class AssistQueryHandler {

    private final AssistHistory history;

    public AssistQueryHandler(AssistHistory history) {
        this.history = history;
    }

    @QueryHandler
    public Optional<SessionView> handle(SessionQuery query) {
        return history.session(query.tenantId(), query.sessionId());
    }

    @QueryHandler
    public Optional<SuggestionView> handle(SuggestionQuery query) {
        return history.suggestion(query.tenantId(), query.suggestionId());
    }

    @QueryHandler
    public ChunkPage handle(SuggestionChunksQuery query) {
        return new ChunkPage(history.chunks(query.tenantId(), query.suggestionId(), query.attempt(), query.afterSeq()));
    }

    @QueryHandler
    public StalledSuggestions handle(StalledSuggestionsQuery query) {
        return new StalledSuggestions(history.stalled(query.silentSince(), query.limit(), query.liveNodes()));
    }
}
