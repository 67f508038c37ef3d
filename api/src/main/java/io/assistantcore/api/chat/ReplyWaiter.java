package io.assistantcore.api.chat;

import io.assistantcore.api.web.ApiException;
import io.assistantcore.api.web.ReadModelCatchUp;
import io.assistantcore.messages.chat.ChatEvents.ReplyCancelled;
import io.assistantcore.messages.chat.ChatEvents.ReplyCompleted;
import io.assistantcore.messages.chat.ChatEvents.ReplyFailed;
import io.assistantcore.messages.chat.ChatEvents.ReplyRefused;
import io.assistantcore.messages.chat.ChatQueries.ReplyView;
import io.assistantcore.messages.chat.ReplyStatus;
import io.assistantcore.platform.stream.LiveStreamFeed;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a reply to finish, for clients that cannot follow a stream ({@code ?wait=N}): the answer comes when the
 * reply is terminal or awaiting an approval, or after the wait with its state then. No thread waits: the node's live
 * feed wakes the request when the reply's end passes its event-store tail (on whichever node the reply ran), and only
 * then is the read model read — after it has caught up with that end (bounded by the read-model wait).
 */
@Component
class ReplyWaiter {

    /** The longest wait a client may ask for. */
    static final Duration MAX_WAIT = Duration.ofSeconds(60);
    private static final Object TIMED_OUT = new Object();

    private final LiveStreamFeed feed;
    private final ChatReadModel chats;
    private final ReadModelCatchUp catchUp;
    private final ExecutorService executor;

    ReplyWaiter(LiveStreamFeed feed, ChatReadModel chats, ReadModelCatchUp catchUp,
                @Qualifier("streamExecutor") ExecutorService executor) {
        this.feed = feed;
        this.chats = chats;
        this.catchUp = catchUp;
        this.executor = executor;
    }

    /** Whether a client waiting for the reply has its answer. */
    static boolean settled(ReplyStatus status) {
        return status.terminal() || status == ReplyStatus.AWAITING_APPROVAL;
    }

    /**
     * The reply as the read model shows it once attempt {@code attempt} (or a later one) has settled, or after
     * {@code atMost} with its state then.
     */
    CompletableFuture<ReplyView> settledReply(String tenantId, String replyId, int attempt, Duration atMost) {
        CompletableFuture<Object> woken = new CompletableFuture<>();
        // the feed hands over what it saw of the reply lately first, so an end that passed already wakes at once
        AutoCloseable subscription = feed.subscribe(replyId, event -> {
            if (endedAttempt(event) >= attempt) {
                woken.complete(event);
            }
        });
        return woken.completeOnTimeout(TIMED_OUT, atMost.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((how, failure) -> close(subscription))
                .thenApplyAsync(how -> {
                    if (how != TIMED_OUT) {
                        catchUp.await("the end of reply " + replyId, () -> chats.reply(tenantId, replyId)
                                .map(view -> settled(view.status())).orElse(false));
                    }
                    return chats.reply(tenantId, replyId).orElseThrow(() -> ApiException.notFound(
                            "Reply '" + replyId + "' does not exist"));
                }, executor);
    }

    /** The attempt {@code event} ends (completed, refused, failed or cancelled), or 0 when it ends none. */
    private static int endedAttempt(Object event) {
        if (event instanceof ReplyCompleted e) {
            return e.attempt();
        } else if (event instanceof ReplyRefused e) {
            return e.attempt();
        } else if (event instanceof ReplyFailed e) {
            return e.attempt();
        } else if (event instanceof ReplyCancelled e) {
            return e.attempt();
        }
        return 0;
    }

    private static void close(AutoCloseable subscription) {
        try {
            subscription.close();
        } catch (Exception ignored) {
            // unsubscribing cannot fail in a way that matters here
        }
    }

    /** The reply now, if it has settled already: no wait needed. */
    Optional<ReplyView> settledNow(String tenantId, String replyId) {
        return chats.reply(tenantId, replyId).filter(view -> settled(view.status()));
    }
}
