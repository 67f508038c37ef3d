package io.assistantcore.ai.offline;

import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.lead.LeadIntent;
import io.assistantcore.messages.lead.LeadReplyDraft;

import java.util.List;
import java.util.Locale;

/**
 * The offline engine's reply draft to a lead: a template per intent filled from the lead's fields (the context items
 * of {@link LeadReplyDraft}), never from its message beyond naming its topic, so it invents nothing. It is plainly a
 * draft: it signs with {@link LeadReplyDraft#PLACEHOLDER}, which a person replaces (a draft still holding it is not
 * approved), and it promises only a reply.
 */
final class LeadReplyTemplate {

    private LeadReplyTemplate() {
    }

    /** Whether a free prompt is the lead reply draft's instruction. */
    static boolean isLeadDraft(String instruction) {
        return LeadReplyDraft.INSTRUCTION.equals(instruction);
    }

    static String draft(List<ContextItem> context) {
        LeadIntent intent = LeadIntent.fromWire(value(context, "intent"));
        String name = value(context, "name");
        String company = value(context, "company");
        String budget = value(context, "budget");
        String first = name == null ? null : name.strip().split("\\s+")[0];
        StringBuilder text = new StringBuilder();
        text.append(first == null ? "Hello" : "Dear " + first).append(",\n\n");
        switch (intent == null ? LeadIntent.OTHER : intent) {
            case SALES -> {
                text.append("Thank you for your interest in our offer").append(company == null ? "" : " for " + company)
                        .append(". We would be glad to prepare a proposal that fits your needs");
                text.append(budget == null ? "." : " and your budget of " + budget + ".");
                text.append(" Could we arrange a short call to go through your requirements? Please let us know a "
                        + "few times that suit you.");
            }
            case SUPPORT -> text.append("Thank you for contacting us, and we are sorry for the trouble. We have "
                    + "passed your request to our support team, who will get back to you. If you can, reply to this "
                    + "message with any error messages, screenshots or steps that show the problem.");
            case PARTNERSHIP -> text.append("Thank you for your proposal")
                    .append(company == null ? "" : " on behalf of " + company)
                    .append(". We will review it with the right people and come back to you to arrange a "
                            + "conversation about working together.");
            case OTHER -> text.append("Thank you for your message. We have received it and will get back to you "
                    + "as soon as we can.");
        }
        text.append("\n\nBest regards,\n").append(LeadReplyDraft.PLACEHOLDER);
        return text.toString();
    }

    private static String value(List<ContextItem> context, String label) {
        for (ContextItem item : context) {
            if (LeadReplyDraft.CONTEXT_KIND.equals(item.kind()) && item.label() != null
                    && item.label().toLowerCase(Locale.ROOT).equals(label) && item.text() != null
                    && !item.text().isBlank()) {
                return item.text().strip();
            }
        }
        return null;
    }
}
