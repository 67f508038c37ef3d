package io.assistantcore.ai.offline;

import io.assistantcore.ai.generation.GenerationException;
import io.assistantcore.ai.generation.GenerationListener;
import io.assistantcore.ai.generation.GenerationOutcome;
import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.lead.LeadIntent;
import io.assistantcore.messages.lead.LeadReplyDraft;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The offline engine's reply draft to a lead: a template per intent, filled from the lead's fields. */
class LeadReplyTemplateTest {

    @Test
    void aSalesLeadGetsAProposalAndACallAddressedByFirstName() {
        String draft = LeadReplyTemplate.draft(LeadReplyDraft.context(LeadIntent.SALES, "Jane Roe", "Initech",
                "25000 USD"));
        assertThat(draft).isEqualTo("""
                Dear Jane,

                Thank you for your interest in our offer for Initech. We would be glad to prepare a proposal that \
                fits your needs and your budget of 25000 USD. Could we arrange a short call to go through your \
                requirements? Please let us know a few times that suit you.

                Best regards,
                [Your name]""");
    }

    @Test
    void eachIntentHasItsOwnDraftAndMissingFieldsAreLeftOut() {
        String support = LeadReplyTemplate.draft(LeadReplyDraft.context(LeadIntent.SUPPORT, null, null, null));
        assertThat(support).startsWith("Hello,").contains("support team").contains("error messages")
                .doesNotContain("null").endsWith(LeadReplyDraft.PLACEHOLDER);
        String partnership = LeadReplyTemplate.draft(LeadReplyDraft.context(LeadIntent.PARTNERSHIP, "Ana", "Globex",
                null));
        assertThat(partnership).startsWith("Dear Ana,").contains("proposal on behalf of Globex")
                .contains("working together");
        String other = LeadReplyTemplate.draft(List.of());
        assertThat(other).startsWith("Hello,").contains("received it").doesNotContain("proposal");
        // items of other kinds are not the lead's fields
        assertThat(LeadReplyTemplate.draft(List.of(new ContextItem("record", "name", "Mallory"),
                new ContextItem(LeadReplyDraft.CONTEXT_KIND, "intent", "Sales")))).startsWith("Hello,")
                .contains("proposal");
    }

    @Test
    void theOfflineGeneratorWritesTheTemplateForTheDraftInstructionOnly() throws Exception {
        var executor = Executors.newSingleThreadExecutor();
        try {
            OfflineTextGenerator generator = new OfflineTextGenerator(new OfflineTextEngine(1), executor,
                    Duration.ZERO);
            List<ContextItem> context = LeadReplyDraft.context(LeadIntent.SALES, "Jane Roe", "Initech", null);
            String text = run(generator, new GenerationRequest(AiAction.FREE_PROMPT, null, LeadReplyDraft.INSTRUCTION,
                    "Hi, we need a quote for 40 seats. Jane", context, "v1", null));
            assertThat(text).startsWith("Dear Jane,").contains("offer for Initech").endsWith("[Your name]");
            // another free instruction is still beyond the offline engine
            assertThat(run(generator, new GenerationRequest(AiAction.FREE_PROMPT, null, "Write a poem about it",
                    "Hi, we need a quote for 40 seats.", context, "v1", null)))
                    .startsWith("failed:");
        } finally {
            executor.shutdownNow();
        }
    }

    private static String run(OfflineTextGenerator generator, GenerationRequest request) throws Exception {
        CompletableFuture<String> result = new CompletableFuture<>();
        StringBuilder streamed = new StringBuilder();
        generator.generate(request, new GenerationListener() {
            @Override
            public void onToken(String token) {
                streamed.append(token);
            }

            @Override
            public void onComplete(GenerationOutcome outcome) {
                result.complete(streamed.toString());
            }

            @Override
            public void onError(GenerationException error) {
                result.complete("failed: " + error.getMessage());
            }
        });
        return result.get(60, TimeUnit.SECONDS);
    }
}
