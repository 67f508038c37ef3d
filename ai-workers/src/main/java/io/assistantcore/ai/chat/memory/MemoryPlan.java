package io.assistantcore.ai.chat.memory;

import io.assistantcore.messages.chat.MemoryInput.ProfileFact;
import io.assistantcore.messages.chat.MemoryInput.Turn;

import java.util.List;

/**
 * What the memory policy decided for one reply.
 *
 * @param kept                 the turns that go into the prompt verbatim, oldest first
 * @param summary              the running summary after this plan (condensing every turn up to
 *                             {@code condensedThroughTurn})
 * @param condensedThroughTurn the last turn the summary stands for (0: none)
 * @param turnsCondensed       how many turns the summary stands for in total
 * @param truncated            something was dropped without being condensed (the summary itself was cut)
 * @param profile              the profile facts after this message (earlier facts plus what it states)
 * @param summaryCall          the model call that wrote the summary, to be billed like any other; null when no
 *                             model was called (nothing condensed, or condensed offline)
 */
public record MemoryPlan(List<Turn> kept, String summary, int condensedThroughTurn, int turnsCondensed,
                         boolean truncated, List<ProfileFact> profile, SummaryCall summaryCall) {

    public MemoryPlan {
        kept = List.copyOf(kept);
        profile = List.copyOf(profile);
        summary = summary == null ? "" : summary;
    }

    /** A plan whose summary took no model call. */
    public MemoryPlan(List<Turn> kept, String summary, int condensedThroughTurn, int turnsCondensed,
                      boolean truncated, List<ProfileFact> profile) {
        this(kept, summary, condensedThroughTurn, turnsCondensed, truncated, profile, null);
    }

    public int turnsKept() {
        return kept.size();
    }
}
