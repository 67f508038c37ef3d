package io.assistantcore.api.chat;

import io.assistantcore.messages.chat.ChatQueries.ConversationMessagesQuery;
import io.assistantcore.messages.chat.ChatQueries.ConversationPage;
import io.assistantcore.messages.chat.ChatQueries.ConversationQuery;
import io.assistantcore.messages.chat.ChatQueries.ConversationView;
import io.assistantcore.messages.chat.ChatQueries.ConversationsQuery;
import io.assistantcore.messages.chat.ChatQueries.FeedbackAnalyticsQuery;
import io.assistantcore.messages.chat.ChatQueries.FeedbackCounts;
import io.assistantcore.messages.chat.ChatQueries.MemoryView;
import io.assistantcore.messages.chat.ChatQueries.MessagePage;
import io.assistantcore.messages.chat.ChatQueries.MessageView;
import io.assistantcore.messages.chat.ChatQueries.ReplyChunkPage;
import io.assistantcore.messages.chat.ChatQueries.ReplyChunkView;
import io.assistantcore.messages.chat.ChatQueries.ReplyChunksQuery;
import io.assistantcore.messages.chat.ChatQueries.ReplyQuery;
import io.assistantcore.messages.chat.ChatQueries.ReplyView;
import io.assistantcore.messages.chat.MemoryInput;
import io.assistantcore.messages.chat.MemoryInput.Turn;
import io.assistantcore.messages.chat.ReplyStatus;
import io.assistantcore.messages.tenant.RoutingRules;
import io.assistantcore.messages.tenant.TenantQueries.RoutingRulesQuery;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Conversations and replies as the query side answers them (through the query bus): what the chat endpoints, the
 * reply streams and the read-your-writes waits read. Every call asks again, so a wait sees the read model move.
 */
@Component
public class ChatReadModel {

    /** The most turns an estimate reads back (a page of the history read model). */
    static final int MAX_MEMORY_TURNS = 200;

    private final QueryGateway queries;

    public ChatReadModel(QueryGateway queries) {
        this.queries = queries;
    }

    public Optional<ConversationView> conversation(String tenantId, String conversationId) {
        return queries.query(new ConversationQuery(tenantId, conversationId),
                ResponseTypes.optionalInstanceOf(ConversationView.class)).join();
    }

    public ConversationPage conversations(String tenantId, String userId, int limit, String before) {
        return queries.query(new ConversationsQuery(tenantId, userId, limit, before), ConversationPage.class).join();
    }

    public MessagePage messages(String tenantId, String conversationId, String before, int limit) {
        return queries.query(new ConversationMessagesQuery(tenantId, conversationId, before, limit),
                MessagePage.class).join();
    }

    public Optional<ReplyView> reply(String tenantId, String replyId) {
        return queries.query(new ReplyQuery(tenantId, replyId), ResponseTypes.optionalInstanceOf(ReplyView.class))
                .join();
    }

    /** The stored chunks of one attempt after {@code afterSeq}, in order. */
    public List<ReplyChunkView> chunks(String tenantId, String replyId, int attempt, int afterSeq) {
        return queries.query(new ReplyChunksQuery(tenantId, replyId, attempt, afterSeq), ReplyChunkPage.class)
                .join().chunks();
    }

    public FeedbackCounts feedback(String tenantId, String groupBy, Instant from, Instant to) {
        return queries.query(new FeedbackAnalyticsQuery(tenantId, groupBy, from, to), FeedbackCounts.class).join();
    }

    public RoutingRules routingRules(String tenantId) {
        return queries.query(new RoutingRulesQuery(tenantId), RoutingRules.class).join();
    }

    /**
     * The memory a new message of the conversation would be answered with, as the read model shows it: the running
     * summary, the profile, and the answered turns the summary does not stand for yet, oldest first. It is what cost
     * estimates count; the write model holds the memory a reply is actually asked with.
     */
    public MemoryInput memory(ConversationView conversation) {
        MemoryView memory = conversation.memory();
        int condensed = memory == null ? 0 : memory.turnsCondensed();
        List<Turn> turns = new ArrayList<>();
        int open = conversation.messageCount() - condensed;
        if (open > 0) {
            MessagePage page = messages(conversation.tenantId(), conversation.conversationId(), null,
                    Math.min(open, MAX_MEMORY_TURNS));
            for (MessageView message : page.messages()) {
                ReplyView reply = message.reply();
                if (message.turn() > condensed && reply != null && reply.status() == ReplyStatus.COMPLETED) {
                    turns.add(new Turn(message.turn(), message.text(), reply.text()));
                }
            }
        }
        return memory == null ? new MemoryInput("", List.of(), turns, condensed)
                : new MemoryInput(memory.summary(), memory.profile(), turns, condensed);
    }
}
