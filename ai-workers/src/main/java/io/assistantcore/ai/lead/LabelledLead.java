package io.assistantcore.ai.lead;

import io.assistantcore.messages.lead.LeadIntent;

/** A labelled example of the classifier: a lead's text and its intent, with its embedding (unit length). */
public record LabelledLead(LeadIntent intent, String text, float[] vector) {
}
