package io.assistantcore.ai.chat.offline;

import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.messages.tool.ApprovalMode;
import io.assistantcore.messages.tool.ToolDefinition;
import io.assistantcore.messages.tool.ToolEndpoint;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The offline engine's tool proposals, with the real in-jar embedding model. */
class OfflineToolProposerTest {

    private static final OfflineTextEngine ENGINE = new OfflineTextEngine();
    private static final ToolDefinition CREATE_TRACK = tool("create_track", "Create a learning track in a project", """
            {"type":"object","properties":{"project":{"type":"string","maxLength":100},
             "level":{"type":"string","enum":["beginner","advanced"]}},
             "required":["project","level"],"additionalProperties":false}""");
    private static final ToolDefinition INVITE = tool("invite_user", "Invite a person to the organisation by e-mail",
            """
            {"type":"object","properties":{"email":{"type":"string","format":"email"},
             "role":{"type":"string","enum":["member","admin"]}},"required":["email"],"additionalProperties":false}""");
    private static final ToolDefinition BOOK = tool("book_meeting_room", "Book a meeting room for a day", """
            {"type":"object","properties":{"room":{"type":"string"},"date":{"type":"string","format":"date"},
             "attendees":{"type":"integer","minimum":1,"maximum":50}},"required":["room","date"],
             "additionalProperties":false}""");
    private static final List<ToolDefinition> TOOLS = List.of(CREATE_TRACK, INVITE, BOOK);

    private final OfflineToolProposer proposer = new OfflineToolProposer(ENGINE::embeddingModel,
            OfflineToolProposer.DEFAULT_THRESHOLD, OfflineToolProposer.DEFAULT_MARGIN);

    private static com.fasterxml.jackson.databind.JsonNode tree(String json) {
        return io.assistantcore.messages.tool.ToolSchemas.parse(json);
    }

    private static ToolDefinition tool(String name, String description, String schema) {
        return new ToolDefinition(name, description, schema.replace("\n", ""),
                new ToolEndpoint("POST", "https://app.example.com/" + name), Set.of(), ApprovalMode.ADMIN, 30, false);
    }

    @Test
    void aClearMessageWithEveryArgumentBecomesAProposal() {
        OfflineToolProposer.Decision decision = proposer.decide(
                "Create a beginner track in the \"Data Science\" project", TOOLS);
        assertThat(decision).isInstanceOfSatisfying(OfflineToolProposer.Propose.class, propose -> {
            assertThat(propose.tool().name()).isEqualTo("create_track");
            assertThat(tree(propose.arguments()))
                    .isEqualTo(tree("{\"project\":\"Data Science\",\"level\":\"beginner\"}"));
        });
        assertThat(proposer.decide("Book room \"Atlas\" on 12 April 2026 for 8 attendees", TOOLS))
                .isInstanceOfSatisfying(OfflineToolProposer.Propose.class,
                        propose -> assertThat(tree(propose.arguments()))
                        .isEqualTo(tree("{\"room\":\"Atlas\",\"date\":\"2026-04-12\",\"attendees\":8}")));
        assertThat(proposer.decide("Please invite ana@example.com as an admin", TOOLS))
                .isInstanceOfSatisfying(OfflineToolProposer.Propose.class,
                        propose -> assertThat(tree(propose.arguments()))
                        .isEqualTo(tree("{\"email\":\"ana@example.com\",\"role\":\"admin\"}")));
    }

    @Test
    void quotedTextIsAValueNotWhatIsAskedFor() {
        ToolDefinition ticket = tool("create_ticket", "Create a support ticket", """
                {"type":"object","properties":{"title":{"type":"string"},
                 "priority":{"type":"string","enum":["low","high"]}},"required":["title"]}""");
        assertThat(proposer.decide("Please create a ticket titled \"Printer on floor 3 is broken\" with priority "
                + "high", List.of(ticket)))
                .isInstanceOfSatisfying(OfflineToolProposer.Propose.class, propose -> assertThat(
                        tree(propose.arguments()))
                        .isEqualTo(tree("{\"title\":\"Printer on floor 3 is broken\",\"priority\":\"high\"}")));
        // a pasted sentence about a meeting room is not a request to book one
        assertThat(proposer.decide("Fix the grammar of: \"we was going to the meeting room but it were booked\"",
                TOOLS)).isInstanceOf(OfflineToolProposer.NoTool.class);
        assertThat(OfflineToolProposer.withoutQuotes("Remind me \"to call Bo\" on Friday, it's late"))
                .isEqualTo("Remind me on Friday, it's late");
        assertThat(OfflineToolProposer.withoutQuotes("\"only a quote\"")).isEqualTo("\"only a quote\"");
    }

    @Test
    void aMissingArgumentIsAskedForNotGuessed() {
        OfflineToolProposer.Decision decision = proposer.decide("Create a beginner track for our new hires", TOOLS);
        assertThat(decision).isInstanceOfSatisfying(OfflineToolProposer.AskFor.class, ask -> {
            assertThat(ask.tool().name()).isEqualTo("create_track");
            assertThat(ask.missing()).containsExactly("project");
            assertThat(ask.question()).contains("project").contains("in quotes");
        });
        assertThat(proposer.decide("Make a learning track in the \"Onboarding\" project", TOOLS))
                .isInstanceOfSatisfying(OfflineToolProposer.AskFor.class, ask -> {
                    assertThat(ask.missing()).containsExactly("level");
                    assertThat(ask.question()).contains("one of beginner, advanced");
                });
    }

    @Test
    void anUnrelatedMessageProposesNothing() {
        assertThat(proposer.decide("What is the capital of Australia?", TOOLS))
                .isInstanceOf(OfflineToolProposer.NoTool.class);
        assertThat(proposer.decide("Write a short poem about autumn", TOOLS))
                .isInstanceOf(OfflineToolProposer.NoTool.class);
    }

    @Test
    void valuesOutsideTheSchemaAreNotTaken() {
        // 80 attendees is above the maximum of 50: not taken, and attendees is optional, so the booking goes ahead
        assertThat(proposer.decide("Book room \"Atlas\" on 2026-04-12 for 80 attendees", TOOLS))
                .isInstanceOfSatisfying(OfflineToolProposer.Propose.class,
                        propose -> assertThat(tree(propose.arguments()))
                        .isEqualTo(tree("{\"room\":\"Atlas\",\"date\":\"2026-04-12\"}")));
        // two levels named: ambiguous, so asked for
        assertThat(proposer.decide("Create a beginner or advanced track in the \"Sales\" project", TOOLS))
                .isInstanceOfSatisfying(OfflineToolProposer.AskFor.class,
                        ask -> assertThat(ask.missing()).containsExactly("level"));
    }
}
