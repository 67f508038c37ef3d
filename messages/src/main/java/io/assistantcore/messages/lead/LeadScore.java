package io.assistantcore.messages.lead;

import java.util.List;

/** A lead's score from 0 to 100 and the reasons, one per part of the weights. */
public record LeadScore(int value, List<String> reasons) {
    public LeadScore {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
}
