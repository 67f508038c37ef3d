package io.assistantcore.projections.assist;

import io.assistantcore.messages.assist.AssistEvents.AssistSessionStarted;
import io.assistantcore.messages.assist.AssistEvents.SuggestionRegenerated;
import io.assistantcore.messages.assist.AssistEvents.SuggestionRequested;
import io.assistantcore.messages.common.MetaDataKeys;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Read-your-writes for the "Enhance with AI" panel without waiting: the rows a new session, a new suggestion and a
 * new attempt start with are written in the same transaction as the events themselves (a subscribing processor, run
 * by the command that stores them), so the request after a 201 or 202 reads them at once on any node, however far
 * behind the history's tracking processor is. The history projection writes the same rows again when it gets there
 * (its inserts do nothing for a row that exists, a restart sets what this one set) and keeps everything else — and a
 * replay rebuilds all of it. Each write runs in a savepoint: one that fails is undone and logged (type and id only),
 * the command is not failed by it, and the row comes from the history as before (the read waits for it, bounded).
 * See docs/decisions/0011-inline-rows-for-read-your-writes.md.
 */
@Component
@ProcessingGroup(AssistSessionInlineProjection.PROCESSING_GROUP)
public class AssistSessionInlineProjection {

    public static final String PROCESSING_GROUP = "assist-history-inline";
    private static final Logger log = LoggerFactory.getLogger(AssistSessionInlineProjection.class);

    private final AssistHistoryProjection history;
    private final TransactionTemplate savepoint;

    public AssistSessionInlineProjection(AssistHistoryProjection history, PlatformTransactionManager transactions) {
        this.history = history;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    @EventHandler
    void on(AssistSessionStarted event, @Timestamp Instant at) {
        inSavepoint("session " + event.sessionId(), () -> history.on(event, stored(at)));
    }

    @EventHandler
    void on(SuggestionRequested event, @MetaDataValue(MetaDataKeys.USER_ID) String userId, @Timestamp Instant at) {
        inSavepoint("suggestion " + event.suggestionId(), () -> history.on(event, userId, stored(at)));
    }

    @EventHandler
    void on(SuggestionRegenerated event, @Timestamp Instant at) {
        inSavepoint("suggestion " + event.suggestionId(), () -> history.on(event, stored(at)));
    }

    /**
     * The event's time as the event store keeps it (milliseconds): what the history projection reads back, so an inline
     * row and the same row rebuilt by a replay are identical.
     */
    private static Instant stored(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS);
    }

    private void inSavepoint(String what, Runnable write) {
        try {
            savepoint.executeWithoutResult(status -> write.run());
        } catch (RuntimeException e) {
            // the history projection writes the row when it gets there (or sets the event aside)
            log.warn("Inline row of {} not written ({}); the history projection will write it", what,
                    e.getClass().getSimpleName());
        }
    }
}
