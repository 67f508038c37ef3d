package io.assistantcore.query.chat;

import io.assistantcore.messages.chat.ChatQueries.ConversationMessagesQuery;
import io.assistantcore.messages.chat.ChatQueries.ConversationPage;
import io.assistantcore.messages.chat.ChatQueries.ConversationQuery;
import io.assistantcore.messages.chat.ChatQueries.ConversationView;
import io.assistantcore.messages.chat.ChatQueries.ConversationsQuery;
import io.assistantcore.messages.chat.ChatQueries.FeedbackAnalyticsQuery;
import io.assistantcore.messages.chat.ChatQueries.FeedbackCounts;
import io.assistantcore.messages.chat.ChatQueries.MessagePage;
import io.assistantcore.messages.chat.ChatQueries.ReplyChunkPage;
import io.assistantcore.messages.chat.ChatQueries.ReplyChunksQuery;
import io.assistantcore.messages.chat.ChatQueries.ReplyQuery;
import io.assistantcore.messages.chat.ChatQueries.ReplyView;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Answers conversation and reply queries from the chat history read model. */
@Component
public class ChatQueryHandlers {

    private final ChatHistory history;

    public ChatQueryHandlers(ChatHistory history) {
        this.history = history;
    }

    @QueryHandler
    public Optional<ConversationView> handle(ConversationQuery query) {
        return history.conversation(query.tenantId(), query.conversationId());
    }

    @QueryHandler
    public ConversationPage handle(ConversationsQuery query) {
        return history.conversations(query.tenantId(), query.userId(), query.limit(), query.before());
    }

    @QueryHandler
    public MessagePage handle(ConversationMessagesQuery query) {
        return history.messages(query.tenantId(), query.conversationId(), query.before(), query.limit());
    }

    @QueryHandler
    public Optional<ReplyView> handle(ReplyQuery query) {
        return history.reply(query.tenantId(), query.replyId());
    }

    @QueryHandler
    public ReplyChunkPage handle(ReplyChunksQuery query) {
        return new ReplyChunkPage(history.chunks(query.tenantId(), query.replyId(), query.attempt(),
                query.afterSeq()));
    }

    /** @throws IllegalArgumentException for a {@code groupBy} other than model, category or day */
    @QueryHandler
    public FeedbackCounts handle(FeedbackAnalyticsQuery query) {
        return new FeedbackCounts(history.feedback(query.tenantId(), query.groupBy(), query.from(), query.to()));
    }
}
