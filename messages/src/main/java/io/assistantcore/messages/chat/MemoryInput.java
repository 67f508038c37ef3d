package io.assistantcore.messages.chat;

import io.assistantcore.messages.privacy.PersonalData;

import java.util.List;

/**
 * The conversation's memory as the aggregate holds it when a reply is requested: the running summary of turns
 * condensed earlier, the profile facts the user stated, and the turns since then, verbatim and oldest first. Turns
 * are numbered from 1 since the conversation (or its last clear) began.
 *
 * @param summary         running summary of the condensed turns ("" when none were condensed)
 * @param profile         facts the user stated about themselves
 * @param turns           the turns not condensed yet, oldest first (only completed replies; the new message is not
 *                        a turn yet)
 * @param turnsCondensed  how many turns the summary stands for
 */
public record MemoryInput(@PersonalData String summary, @PersonalData List<ProfileFact> profile,
                          @PersonalData List<Turn> turns, int turnsCondensed) {

    public static final MemoryInput EMPTY = new MemoryInput("", List.of(), List.of(), 0);

    public MemoryInput {
        summary = summary == null ? "" : summary;
        profile = profile == null ? List.of() : List.copyOf(profile);
        turns = turns == null ? List.of() : List.copyOf(turns);
    }

    /**
     * One exchange: the user's message and the reply that answered it. {@code toolCalls} holds the tool calls of
     * the reply with their results, so a call is never kept or dropped without its result.
     */
    public record Turn(int number, @PersonalData String userText, @PersonalData String replyText,
                       @PersonalData List<ToolExchange> toolCalls) {

        public Turn {
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        }

        public Turn(int number, String userText, String replyText) {
            this(number, userText, replyText, List.of());
        }
    }

    /** A tool call of a reply and its result, kept together. */
    public record ToolExchange(String tool, @PersonalData String arguments, @PersonalData String result) {
    }

    /** A fact the user stated about themselves ({@code name}, {@code role}, {@code company}, {@code preference}). */
    public record ProfileFact(String key, @PersonalData String value) {
    }
}
