package io.assistantcore.ai.chat;

import io.assistantcore.ai.assist.StalledAttemptSweeper;
import io.assistantcore.ai.assist.StalledAttemptSweeper.Stalled;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.chat.ChatCommands.RestartReplyAttempt;
import io.assistantcore.messages.chat.ChatQueries.ReplyChunkPage;
import io.assistantcore.messages.chat.ChatQueries.ReplyChunkView;
import io.assistantcore.messages.chat.ChatQueries.ReplyChunksQuery;
import io.assistantcore.messages.chat.ChatQueries.StalledReplies;
import io.assistantcore.messages.chat.ChatQueries.StalledRepliesQuery;
import io.assistantcore.messages.chat.ReplyStatus;
import io.assistantcore.messages.common.Money;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Chat reply attempts for the {@link StalledAttemptSweeper}: found in the chat history, restarted by their
 * conversation, so a reply whose worker vanished still ends in a terminal event.
 */
public class StalledReplyAttempts implements StalledAttemptSweeper.Kind {

    private final QueryGateway queries;
    private final CommandGateway commands;

    public StalledReplyAttempts(QueryGateway queries, CommandGateway commands) {
        this.queries = queries;
        this.commands = commands;
    }

    @Override
    public String noun() {
        return "reply";
    }

    @Override
    public List<Stalled> stalled(Instant silentSince, int limit, Set<String> liveNodes) {
        StalledReplies found = queries.query(new StalledRepliesQuery(silentSince, limit, liveNodes),
                ResponseTypes.instanceOf(StalledReplies.class)).join();
        return found.replies().stream().map(reply -> new Stalled(reply.conversationId(), reply.replyId(),
                reply.attempt(), reply.tenantId(), reply.status() == ReplyStatus.STREAMING, reply.provider(),
                reply.model(), reply.workerNode(), reply.promptTokens())).toList();
    }

    @Override
    public String streamedText(Stalled attempt) {
        ReplyChunkPage page = queries.query(new ReplyChunksQuery(attempt.tenantId(), attempt.id(), attempt.attempt(),
                0), ResponseTypes.instanceOf(ReplyChunkPage.class)).join();
        return page.chunks().stream().map(ReplyChunkView::text).collect(Collectors.joining());
    }

    @Override
    public void restart(Stalled attempt, String reason, TokenUsage abandonedUsage, Money abandonedCost) {
        commands.sendAndWait(new RestartReplyAttempt(attempt.ownerId(), attempt.id(), attempt.attempt(), reason,
                abandonedUsage, abandonedCost));
    }
}
