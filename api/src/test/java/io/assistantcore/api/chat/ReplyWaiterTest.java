package io.assistantcore.api.chat;

import io.assistantcore.api.config.AssistantProperties;
import io.assistantcore.api.web.ReadModelCatchUp;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.chat.ChatEvents.ReplyCompleted;
import io.assistantcore.messages.chat.ChatEvents.ReplyRefused;
import io.assistantcore.messages.chat.ChatQueries.ReplyView;
import io.assistantcore.messages.chat.RefusalKind;
import io.assistantcore.messages.chat.ReplyStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.assistantcore.api.chat.LiveChatFixture.reply;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ?wait=}: the answer comes when the reply's end passes the live feed (and the read model shows it), or after
 * the wait with the reply as it is then. Waits that must end early are given a minute, so only a wake-up by the feed
 * can end them within the test's bound.
 */
class ReplyWaiterTest {

    private static final String TENANT = "acme";
    private static final Duration LONG = Duration.ofSeconds(60);

    private LiveChatFixture live;
    private ExecutorService executor;
    private ReplyWaiter waiter;
    private String id;

    @BeforeEach
    void start() throws Exception {
        live = new LiveChatFixture();
        executor = Executors.newCachedThreadPool();
        AssistantProperties properties = new AssistantProperties(null, null, null,
                new AssistantProperties.Consistency(Duration.ofSeconds(10)), null);
        waiter = new ReplyWaiter(live.feed, live.chats, new ReadModelCatchUp(properties, live.eventStore), executor);
        id = "r-" + UUID.randomUUID();
    }

    @AfterEach
    void stop() throws Exception {
        executor.shutdownNow();
        live.close();
    }

    @Test
    void theEndOfTheReplyWakesTheWaitAndTheAnswerIsTheFinishedReply() throws Exception {
        live.views.put(id, reply(TENANT, id, 1, ReplyStatus.STREAMING, "Lisbon"));
        CompletableFuture<ReplyView> answer = waiter.settledReply(TENANT, id, 1, LONG);

        live.views.put(id, reply(TENANT, id, 1, ReplyStatus.COMPLETED, "Lisbon goes first."));
        live.publish(completed(1));

        ReplyView view = answer.get(30, TimeUnit.SECONDS);
        assertThat(view.status()).isEqualTo(ReplyStatus.COMPLETED);
        assertThat(view.text()).isEqualTo("Lisbon goes first.");
    }

    @Test
    void anEndTheFeedSawBeforeTheReadModelIsAnsweredOnceTheReadModelShowsIt() throws Exception {
        live.views.put(id, reply(TENANT, id, 1, ReplyStatus.SCREENING, null));
        live.publish(new ReplyRefused("c-1", TENANT, id, 1, RefusalKind.INJECTION, "not answered"));
        live.awaitRelayed();

        CompletableFuture<ReplyView> answer = waiter.settledReply(TENANT, id, 1, LONG);
        live.views.put(id, reply(TENANT, id, 1, ReplyStatus.REFUSED, null));

        assertThat(answer.get(30, TimeUnit.SECONDS).status()).isEqualTo(ReplyStatus.REFUSED);
    }

    @Test
    void theEndOfAnEarlierAttemptDoesNotEndTheWaitForTheNewOne() throws Exception {
        live.views.put(id, reply(TENANT, id, 2, ReplyStatus.STREAMING, "half"));
        live.publish(completed(1));
        live.awaitRelayed();

        CompletableFuture<ReplyView> answer = waiter.settledReply(TENANT, id, 2, LONG);
        assertThat(live.feed.subscriberCount()).as("still waiting on the feed").isEqualTo(1);
        live.views.put(id, reply(TENANT, id, 2, ReplyStatus.COMPLETED, "Lisbon goes first."));
        live.publish(completed(2));

        assertThat(answer.get(30, TimeUnit.SECONDS).attempt()).isEqualTo(2);
        assertThat(answer.get().status()).isEqualTo(ReplyStatus.COMPLETED);
    }

    @Test
    void withoutAnEndTheWaitAnswersTheReplyAsItIsWhenItsTimeIsUp() throws Exception {
        live.views.put(id, reply(TENANT, id, 1, ReplyStatus.STREAMING, "half"));

        ReplyView view = waiter.settledReply(TENANT, id, 1, Duration.ofMillis(300)).get(30, TimeUnit.SECONDS);

        assertThat(view.status()).isEqualTo(ReplyStatus.STREAMING);
        assertThat(view.text()).isEqualTo("half");
        assertThat(live.feed.subscriberCount()).as("the wait gave its subscription back").isZero();
    }

    private ReplyCompleted completed(int attempt) {
        return new ReplyCompleted("c-1", TENANT, id, attempt, "Lisbon goes first.", TokenUsage.NONE, "local", "m", 1L,
                1, null);
    }
}
