package io.assistantcore.ai.lead;

import io.assistantcore.messages.lead.IntentDecider;
import io.assistantcore.messages.lead.LeadIntent;

/** A classifier's answer: the intent, how sure (0..1), who decided and why (the reason never quotes the lead). */
public record IntentDecision(LeadIntent intent, double confidence, IntentDecider decidedBy, String reason) {
}
