package io.assistantcore.ai.assist;

import io.assistantcore.ai.assist.StalledAttemptSweeper.Stalled;
import io.assistantcore.messages.assist.AssistCommands.RestartSuggestionAttempt;
import io.assistantcore.messages.assist.AssistQueries.ChunkPage;
import io.assistantcore.messages.assist.AssistQueries.ChunkView;
import io.assistantcore.messages.assist.AssistQueries.StalledSuggestions;
import io.assistantcore.messages.assist.AssistQueries.StalledSuggestionsQuery;
import io.assistantcore.messages.assist.AssistQueries.SuggestionChunksQuery;
import io.assistantcore.messages.assist.SuggestionStatus;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.common.Money;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Suggestion attempts for the {@link StalledAttemptSweeper}: found in the assist history, restarted by their
 * session.
 */
public class StalledSuggestionAttempts implements StalledAttemptSweeper.Kind {

    private final QueryGateway queries;
    private final CommandGateway commands;

    public StalledSuggestionAttempts(QueryGateway queries, CommandGateway commands) {
        this.queries = queries;
        this.commands = commands;
    }

    @Override
    public String noun() {
        return "suggestion";
    }

    @Override
    public List<Stalled> stalled(Instant silentSince, int limit, Set<String> liveNodes) {
        return queries.query(new StalledSuggestionsQuery(silentSince, limit, liveNodes),
                        ResponseTypes.instanceOf(StalledSuggestions.class)).join().suggestions().stream()
                .map(found -> new Stalled(found.sessionId(), found.suggestionId(), found.attempt(), found.tenantId(),
                        found.status() == SuggestionStatus.STREAMING, found.provider(), found.model(),
                        found.workerNode(), found.promptTokens()))
                .toList();
    }

    @Override
    public String streamedText(Stalled attempt) {
        return queries.query(new SuggestionChunksQuery(attempt.tenantId(), attempt.id(), attempt.attempt(), 0),
                        ResponseTypes.instanceOf(ChunkPage.class)).join().chunks().stream()
                .map(ChunkView::text).collect(Collectors.joining());
    }

    @Override
    public void restart(Stalled attempt, String reason, TokenUsage abandonedUsage, Money abandonedCost) {
        commands.sendAndWait(new RestartSuggestionAttempt(attempt.ownerId(), attempt.id(), attempt.attempt(), reason,
                abandonedUsage, abandonedCost));
    }
}
