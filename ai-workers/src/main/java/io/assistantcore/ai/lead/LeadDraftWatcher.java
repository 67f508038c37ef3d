package io.assistantcore.ai.lead;

import io.assistantcore.messages.assist.AssistEvents.SuggestionCancelled;
import io.assistantcore.messages.assist.AssistEvents.SuggestionCompleted;
import io.assistantcore.messages.assist.AssistEvents.SuggestionFailed;
import io.assistantcore.messages.lead.LeadCommands.FailLeadReplyDraft;
import io.assistantcore.messages.lead.LeadCommands.RecordLeadReplyDraft;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;

/**
 * Tells a lead that its reply draft — a suggestion of the assist session {@code lead-reply.<…>.<leadId>} — completed,
 * failed or was cancelled. A processor of its own, with one segment: the end of every suggestion passes through it,
 * and {@link LeadWorker}'s processor has a segment per lead analysed at once, each of which would be offered every one
 * of those events (docs/performance.md). The steps go through the lead worker's retries and dead-letter queue rules.
 * It starts at the tail of the event store: the lead refuses any suggestion but its running draft, so only a draft
 * still waiting is told. Never replayed (a reset would only send refused commands).
 */
@ProcessingGroup(LeadDraftWatcher.PROCESSING_GROUP)
@DisallowReplay
public class LeadDraftWatcher {

    public static final String PROCESSING_GROUP = "lead-drafts";

    private final LeadWorker steps;

    public LeadDraftWatcher(LeadWorker steps) {
        this.steps = steps;
    }

    @EventHandler
    public void on(SuggestionCompleted event) {
        String leadId = LeadWorker.leadOf(event.sessionId());
        if (leadId != null) {
            steps.step("record draft", new RecordLeadReplyDraft(leadId, event.suggestionId(), event.text()));
        }
    }

    @EventHandler
    public void on(SuggestionFailed event) {
        String leadId = LeadWorker.leadOf(event.sessionId());
        if (leadId != null) {
            steps.step("fail draft", new FailLeadReplyDraft(leadId, event.suggestionId(), "The draft failed: "
                    + event.reason()));
        }
    }

    @EventHandler
    public void on(SuggestionCancelled event) {
        String leadId = LeadWorker.leadOf(event.sessionId());
        if (leadId != null) {
            steps.step("cancel draft", new FailLeadReplyDraft(leadId, event.suggestionId(), "The draft was cancelled"));
        }
    }

}
