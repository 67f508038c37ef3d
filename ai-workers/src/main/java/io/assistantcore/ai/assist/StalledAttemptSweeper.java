package io.assistantcore.ai.assist;

import io.assistantcore.ai.billing.PriceBook;
import io.assistantcore.ai.generation.TokenEstimator;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.common.CommandRejectedException;
import io.assistantcore.messages.common.Money;
import io.assistantcore.platform.nodes.NodeLeases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Restarts attempts whose worker vanished, as a new attempt, for every kind of work that streams from a model
 * ("Enhance with AI" suggestions, chat replies; each a {@link Kind}). Two ways to notice:
 * <ul>
 *     <li>the attempt streams on a node whose lease expired ({@link NodeLeases}: the node was killed, froze or lost
 *     the database) — noticed within the lease timeout plus one sweep, seconds after the crash;</li>
 *     <li>a running attempt showed no sign of life — no chunk, no state change — for {@code silence}: a hung
 *     provider stream on a live node, or a request no worker ever started.</li>
 * </ul>
 * Attempts running on this node are left alone. Every node sweeps; the aggregate accepts one restart per attempt.
 * One kind failing to answer does not keep the others from being swept.
 * <p>
 * An attempt that had begun streaming consumed something: the restart carries an estimate — the prompt's tokens as
 * its worker counted them when it started, plus the chunks stored for the attempt counted with the same tokenizer —
 * priced with the price list. The aggregate records it once, marked as estimated, and the budget settlement charges
 * it to the request's reservation like any other usage.
 */
public class StalledAttemptSweeper {

    private static final Logger log = LoggerFactory.getLogger(StalledAttemptSweeper.class);
    private static final int BATCH = 50;

    /**
     * A running attempt to take over: the aggregate it belongs to ({@code ownerId}: an assist session, a
     * conversation), what it produces ({@code id}: a suggestion, a reply) and, for one that began streaming, the
     * provider, model, worker node and prompt tokens it started with (null when unknown).
     */
    public record Stalled(String ownerId, String id, int attempt, String tenantId, boolean streaming,
                          String provider, String model, String workerNode, Long promptTokens) {
    }

    /** One kind of work the sweeper restarts, reached only through messages. */
    public interface Kind {

        /** What the logs call one piece of this work ("suggestion", "reply"). */
        String noun();

        /** Running attempts silent since {@code silentSince}, or streaming on a node not among {@code liveNodes}. */
        List<Stalled> stalled(Instant silentSince, int limit, Set<String> liveNodes);

        /** The text stored for the attempt so far. */
        String streamedText(Stalled attempt);

        /**
         * Asks the aggregate to restart the attempt.
         *
         * @throws CommandRejectedException when the attempt moved on meanwhile
         */
        void restart(Stalled attempt, String reason, TokenUsage abandonedUsage, Money abandonedCost);
    }

    private final List<Kind> kinds;
    private final RunningAttempts running;
    private final Duration silence;
    private final Clock clock;
    private final NodeLeases nodes;
    private final Duration leaseTimeout;
    private final PriceBook prices;

    /**
     * @param nodes        the live nodes, or null to rely on {@code silence} alone
     * @param leaseTimeout a node whose lease is older is gone
     * @param prices       prices the estimate of an abandoned attempt; null leaves it unpriced
     */
    public StalledAttemptSweeper(List<Kind> kinds, RunningAttempts running, Duration silence, Clock clock,
                                 NodeLeases nodes, Duration leaseTimeout, PriceBook prices) {
        this.kinds = List.copyOf(kinds);
        this.running = running;
        this.silence = silence;
        this.clock = clock;
        this.nodes = nodes;
        this.leaseTimeout = leaseTimeout;
        this.prices = prices;
    }

    /** One sweep over every kind; answers how many attempts it restarted. */
    public int sweep() {
        Set<String> liveNodes = nodes == null ? null : nodes.liveNodes(leaseTimeout);
        Instant silentSince = clock.instant().minus(silence);
        int restarted = 0;
        for (Kind kind : kinds) {
            try {
                restarted += sweep(kind, silentSince, liveNodes);
            } catch (RuntimeException e) {
                log.warn("Sweeping stalled {} attempts failed: {}", kind.noun(), e.toString());
            }
        }
        return restarted;
    }

    private int sweep(Kind kind, Instant silentSince, Set<String> liveNodes) {
        int restarted = 0;
        for (Stalled attempt : kind.stalled(silentSince, BATCH, liveNodes)) {
            if (running.runsHere(attempt.id())) {
                continue;
            }
            boolean nodeGone = liveNodes != null && attempt.workerNode() != null
                    && !liveNodes.contains(attempt.workerNode());
            String reason = nodeGone ? "its worker's node stopped" : "no sign of its worker for "
                    + silence.toSeconds() + " s";
            try {
                TokenUsage usage = null;
                Money cost = null;
                if (attempt.streaming()) {
                    usage = estimate(kind, attempt);
                    cost = price(kind, attempt, usage);
                }
                kind.restart(attempt, reason, usage, cost);
                restarted++;
                log.info("Restarted {} {} after attempt {}: {}", kind.noun(), attempt.id(), attempt.attempt(),
                        reason);
            } catch (CommandRejectedException alreadyMovedOn) {
                log.debug("The {} {} moved on: {}", kind.noun(), attempt.id(), alreadyMovedOn.getMessage());
            }
        }
        return restarted;
    }

    /** The abandoned attempt's prompt plus what it streamed, counted like the worker counts. */
    private static TokenUsage estimate(Kind kind, Stalled attempt) {
        long output = attempt.tenantId() == null ? 0 : TokenEstimator.count(kind.streamedText(attempt));
        long input = attempt.promptTokens() == null ? 0 : attempt.promptTokens();
        return new TokenUsage(input, output, false);
    }

    private Money price(Kind kind, Stalled attempt, TokenUsage usage) {
        if (prices == null || attempt.provider() == null) {
            return null;
        }
        try {
            return prices.cost(attempt.provider(), attempt.model(), attempt.model(), usage).orElse(null);
        } catch (RuntimeException e) {
            log.warn("Pricing the abandoned attempt of {} {} failed: {}", kind.noun(), attempt.id(), e.toString());
            return null;
        }
    }
}
