package io.assistantcore.ai.chat;

import io.assistantcore.ai.assist.CancellationWatcher;
import io.assistantcore.ai.assist.RunningAttempts;
import io.assistantcore.messages.chat.ChatEvents.ReplyAttemptRestarted;
import io.assistantcore.messages.chat.ChatEvents.ReplyCancelled;
import io.assistantcore.messages.chat.ChatEvents.ReplyFailedOver;
import io.assistantcore.messages.chat.ChatEvents.ReplyRegenerated;
import io.assistantcore.messages.chat.ChatEvents.ReplyRequested;
import io.assistantcore.messages.chat.ChatEvents.ReplyResumedAfterTools;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;

import java.util.HashMap;
import java.util.Map;

/**
 * Reacts to every event that starts a reply attempt by running it ({@link ChatReplyRunner}). Never replayed: a
 * replay must not call a model again. Its processor starts at the head of the event store, so a new deployment does
 * not re-run old requests.
 */
@ProcessingGroup(ChatReplyWorker.PROCESSING_GROUP)
@DisallowReplay
public class ChatReplyWorker {

    public static final String PROCESSING_GROUP = "chat-worker";

    private final ChatReplyRunner runner;
    private final RunningAttempts running;

    public ChatReplyWorker(ChatReplyRunner runner, RunningAttempts running) {
        this.runner = runner;
        this.running = running;
    }

    @EventHandler
    void on(ReplyRequested event, MetaData metaData) {
        runner.start(new ReplyJob(event.conversationId(), event.tenantId(), event.replyId(), event.attempt(),
                event.spec(), null, null, correlation(metaData), ReplyJob.Cause.REQUESTED));
    }

    @EventHandler
    void on(ReplyRegenerated event, MetaData metaData) {
        runner.start(new ReplyJob(event.conversationId(), event.tenantId(), event.replyId(), event.attempt(),
                event.spec(), null, null, correlation(metaData), ReplyJob.Cause.REGENERATED));
    }

    @EventHandler
    void on(ReplyFailedOver event, MetaData metaData) {
        runner.start(new ReplyJob(event.conversationId(), event.tenantId(), event.replyId(), event.nextAttempt(),
                event.spec(), event.nextProvider(), null, correlation(metaData), ReplyJob.Cause.FAILED_OVER));
    }

    /** The previous attempt's worker vanished (see {@code StalledAttemptSweeper}); this node may take over. */
    @EventHandler
    void on(ReplyAttemptRestarted event, MetaData metaData) {
        runner.start(new ReplyJob(event.conversationId(), event.tenantId(), event.replyId(), event.attempt(),
                event.spec(), event.routedProvider(), event.routedModel(), correlation(metaData),
                ReplyJob.Cause.RESTARTED));
    }

    /** Every tool call of the reply's latest round ended: the reply goes on with the recorded results. */
    @EventHandler
    void on(ReplyResumedAfterTools event, MetaData metaData) {
        runner.start(new ReplyJob(event.conversationId(), event.tenantId(), event.replyId(), event.attempt(),
                event.spec(), event.provider(), event.model(), correlation(metaData), ReplyJob.Cause.RESUMED,
                event.rounds(), event.userId(), event.requesterRoles()));
    }

    /** A second path to cancellation besides {@link CancellationWatcher}; cancelling twice is harmless. */
    @EventHandler
    void on(ReplyCancelled event) {
        running.cancel(event.replyId(), event.attempt());
    }

    private static Map<String, Object> correlation(MetaData metaData) {
        return new HashMap<>(metaData);
    }
}
