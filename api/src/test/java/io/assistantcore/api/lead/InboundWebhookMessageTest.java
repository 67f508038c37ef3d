package io.assistantcore.api.lead;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A CRM's message is made acceptable to the write model before the webhook is answered 202. */
class InboundWebhookMessageTest {

    @Test
    void controlCharactersBecomeSpacesLineBreaksAndTabsStay() {
        assertThat(InboundWebhookController.receivable("a\u000bb\u0000c\u0085d\u007fe\n\tf\r\n"))
                .isEqualTo("a b c d e\n\tf\r\n");
    }

    @Test
    void unpairedSurrogatesAreDroppedAndPairsKept() {
        assertThat(InboundWebhookController.receivable("x\uD800y\uDC00z \uD83D\uDE00"))
                .isEqualTo("xyz \uD83D\uDE00");
    }

    @Test
    void longTextIsCutAtTheLimitNeverInsideACharacter() {
        String text = "a".repeat(LeadRequests.MAX_MESSAGE - 1) + "\uD83D\uDE00" + "tail";
        String kept = InboundWebhookController.receivable(text);
        assertThat(kept).hasSize(LeadRequests.MAX_MESSAGE - 1);
        assertThat(InboundWebhookController.receivable("b".repeat(LeadRequests.MAX_MESSAGE + 10)))
                .hasSize(LeadRequests.MAX_MESSAGE);
    }

    @Test
    void nothingLeftIsNoMessage() {
        assertThat(InboundWebhookController.receivable("\u000b\u0001 ")).isNull();
        assertThat(InboundWebhookController.receivable(null)).isNull();
    }
}
