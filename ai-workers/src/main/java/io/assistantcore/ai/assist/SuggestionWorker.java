package io.assistantcore.ai.assist;

import io.assistantcore.messages.assist.AssistEvents.ProviderFailedOver;
import io.assistantcore.messages.assist.AssistEvents.SuggestionAttemptRestarted;
import io.assistantcore.messages.assist.AssistEvents.SuggestionCancelled;
import io.assistantcore.messages.assist.AssistEvents.SuggestionRegenerated;
import io.assistantcore.messages.assist.AssistEvents.SuggestionRequested;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;

import java.util.HashMap;
import java.util.Map;

/**
 * Reacts to every event that starts an attempt by running it. Never replayed: a replay must not call a model again.
 * Its processor starts at the head of the event store, so a new deployment does not re-run old requests.
 */
@ProcessingGroup(SuggestionWorker.PROCESSING_GROUP)
@DisallowReplay
public class SuggestionWorker {

    public static final String PROCESSING_GROUP = "assist-worker";

    private final AttemptRunner runner;
    private final RunningAttempts running;

    public SuggestionWorker(AttemptRunner runner, RunningAttempts running) {
        this.runner = runner;
        this.running = running;
    }

    @EventHandler
    void on(SuggestionRequested event, MetaData metaData) {
        runner.start(new AttemptJob(event.sessionId(), event.tenantId(), event.suggestionId(), event.attempt(),
                event.spec(), null, correlation(metaData), true, event.refinedFromSuggestionId() == null));
    }

    @EventHandler
    void on(SuggestionRegenerated event, MetaData metaData) {
        runner.start(new AttemptJob(event.sessionId(), event.tenantId(), event.suggestionId(), event.attempt(),
                event.spec(), null, correlation(metaData), false, false));
    }

    @EventHandler
    void on(ProviderFailedOver event, MetaData metaData) {
        runner.start(new AttemptJob(event.sessionId(), event.tenantId(), event.suggestionId(), event.nextAttempt(),
                event.spec(), event.nextProvider(), correlation(metaData), false, false));
    }

    @EventHandler
    void on(SuggestionAttemptRestarted event, MetaData metaData) {
        runner.start(new AttemptJob(event.sessionId(), event.tenantId(), event.suggestionId(), event.attempt(),
                event.spec(), null, correlation(metaData), false, false));
    }

    /** A second path to cancellation besides {@link CancellationWatcher}; cancelling twice is harmless. */
    @EventHandler
    void on(SuggestionCancelled event) {
        running.cancel(event.suggestionId(), event.attempt());
    }

    private static Map<String, Object> correlation(MetaData metaData) {
        return new HashMap<>(metaData);
    }
}
