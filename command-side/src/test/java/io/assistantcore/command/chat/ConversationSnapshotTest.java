package io.assistantcore.command.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.assist.UsageOutcome;
import io.assistantcore.messages.chat.ChatEvents.ReplyCancelled;
import io.assistantcore.messages.chat.ChatEvents.ReplyFailedOver;
import io.assistantcore.messages.chat.ChatEvents.ReplyMemoryApplied;
import io.assistantcore.messages.chat.MemoryInput;
import io.assistantcore.messages.chat.MemoryInput.ProfileFact;
import io.assistantcore.messages.chat.MemoryInput.Turn;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.assistantcore.command.chat.ConversationTest.A1;
import static io.assistantcore.command.chat.ConversationTest.C;
import static io.assistantcore.command.chat.ConversationTest.Q1;
import static io.assistantcore.command.chat.ConversationTest.Q2;
import static io.assistantcore.command.chat.ConversationTest.Q3;
import static io.assistantcore.command.chat.ConversationTest.STARTED;
import static io.assistantcore.command.chat.ConversationTest.T;
import static io.assistantcore.command.chat.ConversationTest.USAGE;
import static io.assistantcore.command.chat.ConversationTest.completed;
import static io.assistantcore.command.chat.ConversationTest.funded;
import static io.assistantcore.command.chat.ConversationTest.posted;
import static io.assistantcore.command.chat.ConversationTest.r;
import static io.assistantcore.command.chat.ConversationTest.requested;
import static io.assistantcore.command.chat.ConversationTest.routed;
import static io.assistantcore.command.chat.ConversationTest.screened;
import static io.assistantcore.command.chat.ConversationTest.spec;
import static io.assistantcore.command.chat.ConversationTest.streaming;
import static io.assistantcore.command.chat.ConversationTest.usage;
import static io.assistantcore.command.chat.ConversationTest.window;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A conversation is snapshotted with Jackson; everything it decides with must survive the round trip. As for the
 * ledger, these tests drive the mappers Axon's {@code JacksonSerializer} delegates to: a default one and one
 * configured like the application's ({@code non_null} inclusion, unknown properties ignored). What the snapshot
 * stores in the event store, encrypted, is {@link ConversationSnapshotIntegrationTest}'s concern.
 */
class ConversationSnapshotTest {

    static final List<ProfileFact> ALICE = List.of(new ProfileFact("name", "Alice"));

    /**
     * Turn 1 answered, turn 2 cancelled while streaming (its output still to come), turn 3 streaming on its second
     * attempt after a failover; the memory condensed turn 1.
     */
    static Conversation conversationWithHistory() {
        Conversation conversation = new Conversation();
        conversation.on(STARTED);
        conversation.on(posted(1, 1, Q1));
        conversation.on(requested(1, Q1, MemoryInput.EMPTY));
        conversation.on(screened(1, 1));
        conversation.on(routed(1, 1));
        conversation.on(streaming(1, 1));
        conversation.on(usage(1, 1, UsageOutcome.COMPLETED, true));
        conversation.on(completed(1, 1, A1));
        conversation.on(posted(2, 2, Q2));
        conversation.on(funded(2, Q2, window(new Turn(1, Q1, A1)), "res-2"));
        conversation.on(screened(2, 1));
        conversation.on(routed(2, 1));
        conversation.on(new ReplyMemoryApplied(C, T, r(2), 1, 0, 1, false, "Alice plans a trip.", 1, ALICE));
        conversation.on(streaming(2, 1));
        conversation.on(new ReplyCancelled(C, T, r(2), 1));
        MemoryInput atThree = new MemoryInput("Alice plans a trip.", ALICE, List.of(), 1);
        conversation.on(posted(3, 3, Q3));
        conversation.on(funded(3, Q3, atThree, "res-3"));
        conversation.on(screened(3, 1));
        conversation.on(streaming(3, 1));
        conversation.on(usage(3, 1, UsageOutcome.FAILED_OVER, false));
        conversation.on(new ReplyFailedOver(C, T, r(3), 1, "local", "down", "", USAGE, "openai", 2,
                spec(Q3, atThree)));
        conversation.on(streaming(3, 2));
        return conversation;
    }

    private void assertRoundTrip(ObjectMapper mapper) throws Exception {
        Conversation original = conversationWithHistory();

        byte[] snapshot = mapper.writeValueAsBytes(original);
        Conversation restored = mapper.readerFor(Conversation.class).readValue(snapshot);

        assertThat(restored).isNotSameAs(original);
        assertThat(restored).usingRecursiveComparison().isEqualTo(original);
        assertThat(restored).extracting("lastTurn", "condensedThroughTurn", "latestReplyId")
                .containsExactly(3, 1, r(3));
        assertThat(mapper.readTree(mapper.writeValueAsBytes(restored))).isEqualTo(mapper.readTree(snapshot));
    }

    @Test
    void theStateSurvivesAJacksonRoundTrip() throws Exception {
        assertRoundTrip(new ObjectMapper());
    }

    @Test
    void theStateSurvivesARoundTripWithTheApplicationsMapperSettings() throws Exception {
        assertRoundTrip(new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false));
    }

    @Test
    void theSnapshotHoldsTheFieldsAndOnlyTheNewestRequest() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode snapshot = mapper.readTree(mapper.writeValueAsBytes(conversationWithHistory()));

        Iterable<String> names = snapshot::fieldNames;
        assertThat(names).containsExactlyInAnyOrder("conversationId", "tenantId", "userId", "knowledge", "tools",
                "clears", "lastTurn", "condensedThroughTurn", "memory", "replies", "latestReplyId");
        // a long conversation does not hold a copy of its memory per reply
        assertThat(snapshot.at("/replies/r1/spec").isNull()).isTrue();
        assertThat(snapshot.at("/replies/r2/spec").isNull()).isTrue();
        assertThat(snapshot.at("/replies/r3/spec/text").asText()).isEqualTo(Q3);
        // the message of a reply whose cancelled output may still join the memory is kept; an answered one is not
        assertThat(snapshot.at("/replies/r1/userText").isNull()).isTrue();
        assertThat(snapshot.at("/replies/r2/userText").asText()).isEqualTo(Q2);
    }
}
