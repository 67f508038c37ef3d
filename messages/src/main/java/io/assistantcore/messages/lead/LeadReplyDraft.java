package io.assistantcore.messages.lead;

import io.assistantcore.messages.assist.ContextItem;

import java.util.ArrayList;
import java.util.List;

/**
 * How a lead's reply draft is asked for: a {@code FREE_PROMPT} suggestion with {@link #INSTRUCTION} over the lead's
 * message, the lead's intent and known fields given as context items of kind {@link #CONTEXT_KIND} (labels
 * {@code intent}, {@code name}, {@code company}, {@code budget}). A remote model reads them as context; the offline
 * engine, which cannot follow free instructions, recognises the instruction and writes a templated draft from them,
 * with {@link #PLACEHOLDER} where a person must complete it.
 */
public final class LeadReplyDraft {

    public static final String INSTRUCTION = "Write a short, friendly reply e-mail to this inbound lead on behalf of "
            + "our company. Answer what they ask, propose one clear next step, and do not invent prices, dates or "
            + "promises.";
    public static final String CONTEXT_KIND = "lead-field";
    /** Left in a templated draft where the sender signs: a draft still holding it is not approved. */
    public static final String PLACEHOLDER = "[Your name]";

    private LeadReplyDraft() {
    }

    /** The context items of a draft: the intent and the lead's known fields (null ones left out). */
    public static List<ContextItem> context(LeadIntent intent, String name, String company, String budget) {
        List<ContextItem> items = new ArrayList<>();
        add(items, "intent", intent == null ? null : intent.wireName());
        add(items, "name", name);
        add(items, "company", company);
        add(items, "budget", budget);
        return List.copyOf(items);
    }

    private static void add(List<ContextItem> items, String label, String value) {
        if (value != null && !value.isBlank()) {
            items.add(new ContextItem(CONTEXT_KIND, label, value.strip()));
        }
    }
}
