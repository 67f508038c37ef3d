package io.assistantcore.messages.assist;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.assist.AssistEvents.SuggestionStreamStarted;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamStartedWorkerUpcasterTest {

    @Test
    void aRevisionOneStreamStartReadsWithAnUnknownNodeAndPrompt() throws Exception {
        String stored = "{\"sessionId\":\"s\",\"tenantId\":\"t\",\"suggestionId\":\"g\",\"attempt\":2,"
                + "\"provider\":\"openai\",\"model\":\"gpt-4o-mini\"}";
        String upcast = StreamStartedWorkerUpcaster.addUnknownWorker(stored);
        assertThat(new ObjectMapper().readTree(upcast).has("workerNode")).isTrue();
        SuggestionStreamStarted event = new ObjectMapper().readValue(upcast, SuggestionStreamStarted.class);
        assertThat(event).isEqualTo(new SuggestionStreamStarted("s", "t", "g", 2, "openai", "gpt-4o-mini"));
    }

    @Test
    void knownValuesAreKept() {
        String stored = "{\"sessionId\":\"s\",\"workerNode\":\"node-a\",\"promptTokens\":40}";
        assertThat(StreamStartedWorkerUpcaster.addUnknownWorker(stored)).contains("\"workerNode\":\"node-a\"")
                .contains("\"promptTokens\":40");
    }
}
