package io.assistantcore.command.chat;

import io.assistantcore.messages.chat.ChatCommands.StartConversation;
import io.assistantcore.messages.chat.ChatEvents.ConversationSeeded;
import io.assistantcore.messages.chat.ChatEvents.ConversationStarted;
import io.assistantcore.messages.chat.ChatEvents.ReplyRequested;
import io.assistantcore.messages.chat.ChatEvents.UserMessagePosted;
import io.assistantcore.messages.chat.MemoryInput;
import io.assistantcore.messages.chat.MemoryInput.Turn;
import io.assistantcore.messages.chat.ReplySpec;
import io.assistantcore.messages.common.CommandRejectedException.Kind;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.assistantcore.command.Rejections.rejected;
import static io.assistantcore.command.chat.ConversationTest.C;
import static io.assistantcore.command.chat.ConversationTest.RULES;
import static io.assistantcore.command.chat.ConversationTest.T;
import static io.assistantcore.command.chat.ConversationTest.U;
import static io.assistantcore.command.chat.ConversationTest.post;

/** A conversation started with a memory a client brought along (the OpenAI-compatible surface's earlier messages). */
class ConversationSeedTest {

    private static final MemoryInput SEED = new MemoryInput("Instructions from the client application:\nBe brief.",
            List.of(), List.of(new Turn(1, "We open offices in Lisbon and Porto.", "Noted.")), 0);
    private static final ConversationStarted STARTED = new ConversationStarted(C, T, U, "OpenAI-compatible request",
            "none", List.of());

    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Conversation.class);
    }

    @Test
    void aSeedIsRecordedAfterTheStart() {
        fixture.givenNoPriorActivity()
                .when(new StartConversation(C, T, U, "OpenAI-compatible request", null, List.of(), SEED))
                .expectEvents(STARTED, new ConversationSeeded(C, T, SEED));
    }

    @Test
    void anEmptySeedRecordsNothing() {
        fixture.givenNoPriorActivity()
                .when(new StartConversation(C, T, U, "OpenAI-compatible request", null, List.of(), MemoryInput.EMPTY))
                .expectEvents(STARTED);
    }

    @Test
    void theFirstMessageIsAnsweredWithTheSeedAsItsMemoryAndFollowsTheSeededTurns() {
        fixture.given(STARTED, new ConversationSeeded(C, T, SEED))
                .when(post(1, "Which office goes live first?"))
                .expectEvents(new UserMessagePosted(C, T, U, "m1", "r1", 2, "Which office goes live first?", List.of()),
                        new ReplyRequested(C, T, "r1", "m1", 1, new ReplySpec("Which office goes live first?",
                                List.of(), null, SEED, true, Set.of("local"), RULES, "chat-v1", "none", List.of()),
                                U, null, null));
    }

    @Test
    void seededTurnsAreNumberedFromOneAndCarryBothTexts() {
        MemoryInput misnumbered = new MemoryInput("", List.of(), List.of(new Turn(2, "a", "b")), 0);
        fixture.givenNoPriorActivity()
                .when(new StartConversation(C, T, U, null, null, List.of(), misnumbered))
                .expectException(rejected(Kind.INVALID, "seed"));
        MemoryInput blank = new MemoryInput("", List.of(), List.of(new Turn(1, "a", " ")), 0);
        fixture.givenNoPriorActivity()
                .when(new StartConversation(C, T, U, null, null, List.of(), blank))
                .expectException(rejected(Kind.INVALID, "seed.replyText"));
        MemoryInput control = new MemoryInput("do \u0007 this", List.of(), List.of(), 0);
        fixture.givenNoPriorActivity()
                .when(new StartConversation(C, T, U, null, null, List.of(), control))
                .expectException(rejected(Kind.INVALID, "seed.summary"));
    }
}
