package io.assistantcore.ai.lead;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.assistantcore.messages.lead.Budget;
import io.assistantcore.messages.lead.IntentDecider;
import io.assistantcore.messages.lead.LeadIntent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The provider's structured answer is validated field by field; what fails is dropped (the rules fill it). */
class LlmLeadAnalyzerTest {

    static final String LEAD = "We want a quote for 40 seats, budget $25k. Call (415) 555-0132. jane@initech.com";

    private final AtomicReference<ChatRequest> asked = new AtomicReference<>();

    private LlmLeadAnalyzer answering(String json) {
        ChatModel model = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                asked.set(request);
                return ChatResponse.builder().aiMessage(AiMessage.from(json)).build();
            }
        };
        return new LlmLeadAnalyzer(model, "US");
    }

    @Test
    void aValidAnswerIsTakenWithItsFieldsNormalised() {
        var answer = answering("""
                {"intent":"Sales","confidence":0.93,"reason":"asks for a quote","name":"Jane Roe",
                 "email":"jane@initech.com","phone":"(415) 555-0132","company":"Initech","budgetAmount":25000.0,
                 "budgetCurrency":"usd"}""").analyse(LEAD).orElseThrow();
        assertThat(answer.intent().intent()).isEqualTo(LeadIntent.SALES);
        assertThat(answer.intent().decidedBy()).isEqualTo(IntentDecider.LLM);
        assertThat(answer.fields().phone()).isEqualTo("+14155550132");
        assertThat(answer.fields().budget()).isEqualTo(new Budget(new BigDecimal("25000"), "USD"));
        assertThat(asked.get().responseFormat().jsonSchema()).isEqualTo(LlmLeadAnalyzer.SCHEMA);
    }

    @Test
    void invalidFieldsAreDroppedOneByOne() {
        var answer = answering("""
                {"intent":"Sales","confidence":0.8,"reason":"r","name":"Jane","email":"ceo@invented.example",
                 "phone":"12","company":"","budgetAmount":-1,"budgetCurrency":"XXQ"}""").analyse(LEAD).orElseThrow();
        assertThat(answer.fields().email()).as("not in the lead's text").isNull();
        assertThat(answer.fields().phone()).isNull();
        assertThat(answer.fields().company()).isNull();
        assertThat(answer.fields().budget()).isNull();
        assertThat(answer.fields().name()).isEqualTo("Jane");
    }

    @Test
    void anAnswerOutsideTheSchemaLeavesItToTheOfflineEngine() {
        assertThat(answering("not json").analyse(LEAD)).isEmpty();
        assertThat(answering("{\"intent\":\"Buying\",\"confidence\":0.9}").analyse(LEAD)).isEmpty();
        assertThat(answering("{\"intent\":\"Sales\",\"confidence\":7}").analyse(LEAD)).isEmpty();
    }
}
