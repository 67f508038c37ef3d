package io.assistantcore.ai.assist;

import io.assistantcore.ai.billing.PriceBook;
import io.assistantcore.ai.generation.TokenEstimator;
import io.assistantcore.messages.assist.AssistCommands.RestartSuggestionAttempt;
import io.assistantcore.messages.assist.AssistQueries.ChunkPage;
import io.assistantcore.messages.assist.AssistQueries.ChunkView;
import io.assistantcore.messages.assist.AssistQueries.StalledSuggestion;
import io.assistantcore.messages.assist.AssistQueries.StalledSuggestions;
import io.assistantcore.messages.assist.AssistQueries.StalledSuggestionsQuery;
import io.assistantcore.messages.assist.AssistQueries.SuggestionChunksQuery;
import io.assistantcore.messages.assist.SuggestionStatus;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.common.CommandRejectedException;
import io.assistantcore.messages.common.Money;
import io.assistantcore.platform.nodes.NodeLeases;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * Restarts attempts whose worker vanished, as a new attempt. Two ways to notice:
 * <ul>
 *     <li>the attempt streams on a node whose lease expired ({@link NodeLeases}: the node was killed, froze or lost
 *     the database) — noticed within the lease timeout plus one sweep, seconds after the crash;</li>
 *     <li>a running attempt showed no sign of life — no chunk, no state change — for {@code silence}: a hung
 *     provider stream on a live node, or a request no worker ever started.</li>
 * </ul>
 * Attempts running on this node are left alone. Every node sweeps; the aggregate accepts one restart per attempt.
 * <p>
 * An attempt that had begun streaming consumed something: the restart carries an estimate — the prompt's tokens as
 * its worker counted them when it started, plus the chunks stored for the attempt counted with the same tokenizer —
 * priced with the price list. The session records it once, marked as estimated, and the budget settlement charges
 * it to the request's reservation like any other usage.
 */
public class StalledAttemptSweeper {

    private static final Logger log = LoggerFactory.getLogger(StalledAttemptSweeper.class);

    private final QueryGateway queries;
    private final CommandGateway commands;
    private final RunningAttempts running;
    private final Duration silence;
    private final Clock clock;
    private final NodeLeases nodes;
    private final Duration leaseTimeout;
    private final PriceBook prices;

    public StalledAttemptSweeper(QueryGateway queries, CommandGateway commands, RunningAttempts running,
                                 Duration silence, Clock clock) {
        this(queries, commands, running, silence, clock, null, null, null);
    }

    /**
     * @param nodes        the live nodes, or null to rely on {@code silence} alone
     * @param leaseTimeout a node whose lease is older is gone
     * @param prices       prices the estimate of an abandoned attempt; null leaves it unpriced
     */
    public StalledAttemptSweeper(QueryGateway queries, CommandGateway commands, RunningAttempts running,
                                 Duration silence, Clock clock, NodeLeases nodes, Duration leaseTimeout,
                                 PriceBook prices) {
        this.queries = queries;
        this.commands = commands;
        this.running = running;
        this.silence = silence;
        this.clock = clock;
        this.nodes = nodes;
        this.leaseTimeout = leaseTimeout;
        this.prices = prices;
    }

    /** One sweep; answers how many attempts it restarted. */
    public int sweep() {
        Set<String> liveNodes = nodes == null ? null : nodes.liveNodes(leaseTimeout);
        StalledSuggestions stalled = queries.query(new StalledSuggestionsQuery(clock.instant().minus(silence), 50,
                liveNodes), ResponseTypes.instanceOf(StalledSuggestions.class)).join();
        int restarted = 0;
        for (StalledSuggestion suggestion : stalled.suggestions()) {
            if (running.runsHere(suggestion.suggestionId())) {
                continue;
            }
            boolean nodeGone = liveNodes != null && suggestion.workerNode() != null
                    && !liveNodes.contains(suggestion.workerNode());
            String reason = nodeGone ? "its worker's node stopped" : "no sign of its worker for "
                    + silence.toSeconds() + " s";
            try {
                TokenUsage usage = null;
                Money cost = null;
                if (suggestion.status() == SuggestionStatus.STREAMING) {
                    usage = estimate(suggestion);
                    cost = price(suggestion, usage);
                }
                commands.sendAndWait(new RestartSuggestionAttempt(suggestion.sessionId(), suggestion.suggestionId(),
                        suggestion.attempt(), reason, usage, cost));
                restarted++;
                log.info("Restarted suggestion {} after attempt {}: {}", suggestion.suggestionId(),
                        suggestion.attempt(), reason);
            } catch (CommandRejectedException alreadyMovedOn) {
                log.debug("Suggestion {} moved on: {}", suggestion.suggestionId(), alreadyMovedOn.getMessage());
            }
        }
        return restarted;
    }

    /** The abandoned attempt's prompt plus what it streamed, counted like the worker counts. */
    private TokenUsage estimate(StalledSuggestion suggestion) {
        long output = 0;
        if (suggestion.tenantId() != null) {
            ChunkPage page = queries.query(new SuggestionChunksQuery(suggestion.tenantId(), suggestion.suggestionId(),
                    suggestion.attempt(), 0), ResponseTypes.instanceOf(ChunkPage.class)).join();
            StringBuilder streamed = new StringBuilder();
            for (ChunkView chunk : page.chunks()) {
                streamed.append(chunk.text());
            }
            output = TokenEstimator.count(streamed.toString());
        }
        long input = suggestion.promptTokens() == null ? 0 : suggestion.promptTokens();
        return new TokenUsage(input, output, false);
    }

    private Money price(StalledSuggestion suggestion, TokenUsage usage) {
        if (prices == null || suggestion.provider() == null) {
            return null;
        }
        try {
            return prices.cost(suggestion.provider(), suggestion.model(), suggestion.model(), usage).orElse(null);
        } catch (RuntimeException e) {
            log.warn("Pricing the abandoned attempt of suggestion {} failed: {}", suggestion.suggestionId(),
                    e.toString());
            return null;
        }
    }
}
