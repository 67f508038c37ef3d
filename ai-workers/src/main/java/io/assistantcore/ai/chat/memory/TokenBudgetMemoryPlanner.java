package io.assistantcore.ai.chat.memory;

import io.assistantcore.ai.generation.TextGenerator;
import io.assistantcore.messages.chat.MemoryInput;
import io.assistantcore.messages.chat.MemoryInput.ProfileFact;
import io.assistantcore.messages.chat.MemoryInput.Turn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The memory policy by token budget.
 *
 * <p><b>Budget.</b> The memory (profile, running summary and the turns kept verbatim) may use
 * {@code min(share × window, maxTokens, window − system prompt − new message − output reserve)} tokens, where the
 * output reserve is {@code min(outputReserveTokens, window / 4)}. Of that, the summary may use
 * {@code min(summaryMaxTokens, summaryShare × budget)}. Tokens are counted as {@link ChatPromptAssembler} renders
 * the prompt ({@link io.assistantcore.ai.generation.TokenEstimator} plus the per-message overhead).
 *
 * <p><b>Turns.</b> If every turn fits beside the profile and the summary as it is, all are kept. Otherwise room for
 * the summary is set aside and the newest whole turns that fit the rest are kept — a turn is its user message, its
 * reply and the reply's tool calls with their results, never split; the first turn (from the newest) that does not
 * fit ends the kept ones, so the kept turns are always the most recent, without gaps. Every older turn is condensed
 * into the running summary by the {@link Summarizer}; if nothing new is condensed but the summary no longer fits
 * (the reply went to a model with a smaller window), the summary is condensed into its budget.
 *
 * <p><b>Never silent.</b> The plan says how many turns are kept and condensed and whether the summary had to be
 * cut ({@link MemoryPlan#truncated()}); the caller records it as an event. An empty memory (a new or cleared
 * conversation) gives an empty plan apart from what the new message states about the user.
 */
public final class TokenBudgetMemoryPlanner implements MemoryPlanner {

    /**
     * @param share               share of the context window the memory may use
     * @param maxTokens           the most tokens the memory may use whatever the window (each reply resends it)
     * @param outputReserveTokens room left for the reply (at most a quarter of the window)
     * @param summaryShare        share of the memory budget the running summary may use
     * @param summaryMaxTokens    the most tokens the running summary may have
     */
    public record Budget(double share, int maxTokens, int outputReserveTokens, double summaryShare,
                         int summaryMaxTokens) {

        public static final Budget DEFAULT = new Budget(0.5, 16_000, TextGenerator.DEFAULT_MAX_OUTPUT_TOKENS, 0.25,
                1_000);

        public Budget {
            if (!(share > 0 && share <= 1) || !(summaryShare > 0 && summaryShare < 1)) {
                throw new IllegalArgumentException("memory shares must be within (0, 1]: share=" + share
                        + ", summaryShare=" + summaryShare);
            }
            if (maxTokens < 1 || outputReserveTokens < 0 || summaryMaxTokens < 1) {
                throw new IllegalArgumentException("memory token limits must be positive");
            }
        }
    }

    private final Budget budget;
    private final ChatPromptAssembler assembler;
    private final Summarizer summarizer;
    private final ProfileExtractor profiles;

    public TokenBudgetMemoryPlanner(Budget budget, ChatPromptAssembler assembler, Summarizer summarizer,
                                    ProfileExtractor profiles) {
        this.budget = Objects.requireNonNull(budget, "budget");
        this.assembler = Objects.requireNonNull(assembler, "assembler");
        this.summarizer = Objects.requireNonNull(summarizer, "summarizer");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
    }

    @Override
    public MemoryPlan plan(MemoryInput memory, String newMessage, int contextWindowTokens) {
        return plan(memory, newMessage, contextWindowTokens, SummaryPolicy.OFFLINE_ONLY);
    }

    @Override
    public MemoryPlan plan(MemoryInput memory, String newMessage, int contextWindowTokens, SummaryPolicy policy) {
        MemoryInput input = memory == null ? MemoryInput.EMPTY : memory;
        String message = newMessage == null ? "" : newMessage;
        SummaryPolicy summaryPolicy = policy == null ? SummaryPolicy.OFFLINE_ONLY : policy;
        if (contextWindowTokens <= 0) {
            throw new IllegalArgumentException("the context window must be positive");
        }
        List<ProfileFact> profile = profiles.update(input.profile(), message);
        List<Turn> turns = input.turns();
        String summary = input.summary().strip();
        long memoryBudget = memoryBudget(contextWindowTokens, message);
        long profileTokens = assembler.memoryTokens(null, profile, "", 0, false);
        long room = memoryBudget - profileTokens;

        long[] turnTokens = new long[turns.size()];
        long allTurns = 0;
        for (int i = 0; i < turns.size(); i++) {
            turnTokens[i] = assembler.turnTokens(null, turns.get(i));
            allTurns += turnTokens[i];
        }
        long summaryTokens = summary.isEmpty() ? 0
                : assembler.memoryTokens(null, profile, summary, input.turnsCondensed(), false) - profileTokens;
        if (summaryTokens + allTurns <= room) {
            return new MemoryPlan(turns, summary, previousCondensedThrough(input), input.turnsCondensed(), false,
                    profile);
        }

        long summaryRoom = Math.max(0, Math.min(budget.summaryMaxTokens(),
                (long) Math.floor(memoryBudget * budget.summaryShare())));
        long turnRoom = room - summaryRoom;
        int firstKept = turns.size();
        long used = 0;
        while (firstKept > 0 && used + turnTokens[firstKept - 1] <= turnRoom) {
            used += turnTokens[firstKept - 1];
            firstKept--;
        }
        List<Turn> kept = turns.subList(firstKept, turns.size());
        List<Turn> condensing = new ArrayList<>(turns.subList(0, firstKept));
        int turnsCondensed = input.turnsCondensed() + condensing.size();
        // the summary may also use what the kept turns leave of the room, but never more than its own budget
        long summaryText = Math.min(summaryRoom, room - used) - summaryOverhead(profile, profileTokens, turnsCondensed);
        Condensation condensation = summarizer.summarize(summary, condensing,
                (int) Math.max(0, Math.min(Integer.MAX_VALUE, summaryText)), summaryPolicy);
        int condensedThrough = condensing.isEmpty() ? previousCondensedThrough(input)
                : condensing.get(condensing.size() - 1).number();
        return new MemoryPlan(kept, condensation.text(), condensedThrough, turnsCondensed, condensation.truncated(),
                profile, condensation.call());
    }

    /**
     * Tokens the memory may use for a message in a window: {@code min(share × window, maxTokens, window − system
     * prompt − message − output reserve)}, at least 0.
     */
    public long memoryBudget(int contextWindowTokens, String newMessage) {
        long output = Math.min(budget.outputReserveTokens(), contextWindowTokens / 4);
        long available = contextWindowTokens - assembler.systemTokens(null)
                - ChatPromptAssembler.messageTokens(newMessage == null ? "" : newMessage) - output;
        long byShare = (long) Math.floor(contextWindowTokens * budget.share());
        return Math.max(0, Math.min(Math.min(byShare, budget.maxTokens()), available));
    }

    /** Tokens the summary's heading (and the note that something was dropped) add around the summary's text. */
    private long summaryOverhead(List<ProfileFact> profile, long profileTokens, int turnsCondensed) {
        return assembler.memoryTokens(null, profile, "x", turnsCondensed, true) - profileTokens - 1;
    }

    /** With nothing newly condensed: the summary still stands for everything before the first verbatim turn. */
    private static int previousCondensedThrough(MemoryInput input) {
        if (input.turnsCondensed() == 0) {
            return 0;
        }
        return input.turns().isEmpty() ? input.turnsCondensed() : input.turns().get(0).number() - 1;
    }
}
