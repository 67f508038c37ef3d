package io.assistantcore.ai.chat;

import io.assistantcore.ai.assist.RunningAttempts;
import io.assistantcore.ai.assist.StalledAttemptSweeper;
import io.assistantcore.ai.assist.StalledSuggestionAttempts;
import io.assistantcore.ai.billing.PriceBook;
import io.assistantcore.ai.generation.TokenEstimator;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.billing.PriceMessages.ModelPrice;
import io.assistantcore.messages.chat.ChatCommands.RestartReplyAttempt;
import io.assistantcore.messages.chat.ChatQueries.ReplyChunkPage;
import io.assistantcore.messages.chat.ChatQueries.ReplyChunkView;
import io.assistantcore.messages.chat.ChatQueries.ReplyChunksQuery;
import io.assistantcore.messages.chat.ChatQueries.StalledReplies;
import io.assistantcore.messages.chat.ChatQueries.StalledRepliesQuery;
import io.assistantcore.messages.chat.ChatQueries.StalledReply;
import io.assistantcore.messages.chat.ReplyStatus;
import io.assistantcore.messages.common.CommandRejectedException;
import io.assistantcore.platform.nodes.NodeLeases;
import io.assistantcore.testsupport.TestDatabase;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stalled-attempt sweeper on chat replies: the live nodes from real leases in PostgreSQL, the read model and the
 * Conversation aggregate reached over a real query bus and command bus, answered here as the query side and the
 * aggregate would. Suggestions are swept by the same sweeper; their query has no handler here, which must not keep
 * the replies from being swept.
 */
class StalledReplySweepTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration SILENCE = Duration.ofSeconds(60);
    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final ModelPrice PRICE = new ModelPrice("openai", "gpt-4o-mini", new BigDecimal("0.15"),
            new BigDecimal("0.60"), "USD", null);

    private static DataSource database;

    private final List<StalledRepliesQuery> asked = new CopyOnWriteArrayList<>();
    private final List<RestartReplyAttempt> restarts = new CopyOnWriteArrayList<>();
    private final RunningAttempts running = new RunningAttempts();

    @BeforeAll
    static void leases() {
        database = TestDatabase.freshMigratedDatabase("classpath:db/migration/nodes");
        new NodeLeases(database, "node-b").renew();
    }

    private StalledAttemptSweeper sweeper(List<StalledReply> stalled, String movedOn) {
        SimpleQueryBus queryBus = SimpleQueryBus.builder().build();
        queryBus.subscribe(StalledRepliesQuery.class.getName(), StalledReplies.class, query -> {
            asked.add((StalledRepliesQuery) query.getPayload());
            return new StalledReplies(stalled);
        });
        queryBus.subscribe(ReplyChunksQuery.class.getName(), ReplyChunkPage.class, query -> {
            ReplyChunksQuery chunks = (ReplyChunksQuery) query.getPayload();
            return new ReplyChunkPage(chunks.tenantId().equals("acme") && chunks.attempt() == 1
                    ? List.of(new ReplyChunkView(1, 1, "Pack light layers"), new ReplyChunkView(1, 2, " and shoes."))
                    : List.of());
        });
        SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
        commandBus.subscribe(RestartReplyAttempt.class.getName(), command -> {
            RestartReplyAttempt restart = (RestartReplyAttempt) command.getPayload();
            if (restart.replyId().equals(movedOn)) {
                throw CommandRejectedException.conflict("stale-attempt", "Attempt 1 is superseded");
            }
            restarts.add(restart);
            return restart.expectedAttempt() + 1;
        });
        QueryGateway queries = DefaultQueryGateway.builder().queryBus(queryBus).build();
        DefaultCommandGateway commands = DefaultCommandGateway.builder().commandBus(commandBus).build();
        PriceBook prices = new PriceBook(() -> List.of(PRICE), Duration.ofHours(1), Clock.systemUTC());
        return new StalledAttemptSweeper(List.of(new StalledSuggestionAttempts(queries, commands),
                new StalledReplyAttempts(queries, commands)), running, SILENCE, Clock.fixed(NOW, ZoneOffset.UTC),
                new NodeLeases(database, "node-a"), LEASE, prices);
    }

    @Test
    void aReplyStreamingOnANodeThatIsGoneIsRestartedWithItsConsumptionEstimatedAndPriced() {
        StalledReply onGoneNode = new StalledReply("conv-1", "r-1", 1, "acme", ReplyStatus.STREAMING, "openai",
                "gpt-4o-mini", "node-gone", 120L);

        assertThat(sweeper(List.of(onGoneNode), null).sweep()).isEqualTo(1);

        assertThat(asked).singleElement().satisfies(query -> {
            assertThat(query.silentSince()).isEqualTo(NOW.minus(SILENCE));
            assertThat(query.liveNodes()).as("this node and node-b hold leases").containsExactlyInAnyOrder("node-a",
                    "node-b");
        });
        long streamed = TokenEstimator.count("Pack light layers and shoes.");
        TokenUsage estimate = new TokenUsage(120, streamed, false);
        assertThat(restarts).containsExactly(new RestartReplyAttempt("conv-1", "r-1", 1, "its worker's node stopped",
                estimate, PriceBook.cost(PRICE, 120, streamed)));
        assertThat(streamed).as("the stored chunks were counted").isPositive();
    }

    @Test
    void aSilentReplyNoWorkerStartedIsRestartedWithoutUsage() {
        StalledReply pending = new StalledReply("conv-2", "r-2", 1, "acme", ReplyStatus.PENDING, null, null, null,
                null);

        assertThat(sweeper(List.of(pending), null).sweep()).isEqualTo(1);

        assertThat(restarts).containsExactly(new RestartReplyAttempt("conv-2", "r-2", 1,
                "no sign of its worker for 60 s", null, null));
    }

    @Test
    void repliesRunningHereAndRepliesThatMovedOnAreNotCounted() {
        running.begin("r-3", 1);
        StalledReply here = new StalledReply("conv-3", "r-3", 1, "acme", ReplyStatus.STREAMING, "openai",
                "gpt-4o-mini", "node-a", 40L);
        StalledReply movedOn = new StalledReply("conv-4", "r-4", 1, "acme", ReplyStatus.ROUTING, null, null, null,
                null);

        assertThat(sweeper(List.of(here, movedOn), "r-4").sweep()).isZero();

        assertThat(restarts).isEmpty();
    }
}
