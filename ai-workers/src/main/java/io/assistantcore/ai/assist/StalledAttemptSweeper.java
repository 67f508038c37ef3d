package io.assistantcore.ai.assist;

import io.assistantcore.messages.assist.AssistCommands.RestartSuggestionAttempt;
import io.assistantcore.messages.assist.AssistQueries.StalledSuggestion;
import io.assistantcore.messages.assist.AssistQueries.StalledSuggestions;
import io.assistantcore.messages.assist.AssistQueries.StalledSuggestionsQuery;
import io.assistantcore.messages.common.CommandRejectedException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Restarts attempts whose worker vanished (a node killed mid-stream, or before it began): a running suggestion that
 * showed no sign of life — no chunk, no state change — for {@code silence} and does not run on this node gets a new
 * attempt. Every node sweeps; the aggregate accepts one restart per attempt.
 */
public class StalledAttemptSweeper {

    private static final Logger log = LoggerFactory.getLogger(StalledAttemptSweeper.class);

    private final QueryGateway queries;
    private final CommandGateway commands;
    private final RunningAttempts running;
    private final Duration silence;
    private final Clock clock;

    public StalledAttemptSweeper(QueryGateway queries, CommandGateway commands, RunningAttempts running,
                                 Duration silence, Clock clock) {
        this.queries = queries;
        this.commands = commands;
        this.running = running;
        this.silence = silence;
        this.clock = clock;
    }

    /** One sweep; answers how many attempts it restarted. */
    public int sweep() {
        StalledSuggestions stalled = queries.query(new StalledSuggestionsQuery(clock.instant().minus(silence), 50),
                ResponseTypes.instanceOf(StalledSuggestions.class)).join();
        int restarted = 0;
        for (StalledSuggestion suggestion : stalled.suggestions()) {
            if (running.runsHere(suggestion.suggestionId())) {
                continue;
            }
            try {
                commands.sendAndWait(new RestartSuggestionAttempt(suggestion.sessionId(), suggestion.suggestionId(),
                        suggestion.attempt(), "no sign of its worker for " + silence.toSeconds() + " s"));
                restarted++;
                log.info("Restarted suggestion {} after attempt {} went silent", suggestion.suggestionId(),
                        suggestion.attempt());
            } catch (CommandRejectedException alreadyMovedOn) {
                log.debug("Suggestion {} moved on: {}", suggestion.suggestionId(), alreadyMovedOn.getMessage());
            }
        }
        return restarted;
    }
}
