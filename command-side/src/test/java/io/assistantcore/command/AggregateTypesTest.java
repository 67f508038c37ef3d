package io.assistantcore.command;

import io.assistantcore.command.apikey.ApiKey;
import io.assistantcore.command.assist.AssistSession;
import io.assistantcore.command.chat.Conversation;
import io.assistantcore.command.knowledge.KnowledgeDocument;
import io.assistantcore.command.lead.Lead;
import io.assistantcore.command.tool.ToolCall;
import io.assistantcore.messages.common.AggregateTypes;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The type names readers check (AggregateTypes) are the ones Axon stores for these aggregates. */
class AggregateTypesTest {

    @Test
    void readersNameTheAggregateTypesAsTheEventStoreRecordsThem() {
        assertThat(typeOf(AssistSession.class)).isEqualTo(AggregateTypes.ASSIST_SESSION);
        assertThat(typeOf(Conversation.class)).isEqualTo(AggregateTypes.CONVERSATION);
        assertThat(typeOf(KnowledgeDocument.class)).isEqualTo(AggregateTypes.KNOWLEDGE_DOCUMENT);
        assertThat(typeOf(Lead.class)).isEqualTo(AggregateTypes.LEAD);
        assertThat(typeOf(ToolCall.class)).isEqualTo(AggregateTypes.TOOL_CALL);
        assertThat(typeOf(ApiKey.class)).isEqualTo(AggregateTypes.API_KEY);
    }

    private static String typeOf(Class<?> aggregate) {
        return AnnotatedAggregateMetaModelFactory.inspectAggregate(aggregate).type();
    }
}
