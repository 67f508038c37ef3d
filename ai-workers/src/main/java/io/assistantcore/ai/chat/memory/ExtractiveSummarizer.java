package io.assistantcore.ai.chat.memory;

import io.assistantcore.ai.generation.TokenEstimator;
import io.assistantcore.ai.offline.OfflineTextEngine;
import io.assistantcore.messages.chat.MemoryInput.ToolExchange;
import io.assistantcore.messages.chat.MemoryInput.Turn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Condenses turns offline, with the offline engine's sentence selection; nothing leaves the platform.
 *
 * <p>Each condensed turn becomes one line, {@code - (turn 3) User: … Assistant: …}: for the user's message and for
 * the reply, the most central sentences as {@link OfflineTextEngine#summarize(String)} chooses them (verbatim; one
 * sentence for a text of up to three), each side at most {@link #SIDE_MAX_TOKENS} tokens; the reply's tools are named
 * ({@code [tools: search_knowledge]}), their results are not repeated. The new lines follow the lines of the
 * previous summary. If all of it fits {@code maxTokens} that is the summary. Otherwise the lines are ranked by
 * centrality ({@link OfflineTextEngine#centralityOrder(List)}) and the most central that fit are kept, in their
 * original order.
 *
 * <p>{@link Condensation#truncated()} is set when something had to be cut to fit: a line dropped at the end, a
 * side cut in the middle of a sentence because even its chosen sentences were too long, or a side of more than
 * {@link #SIDE_MAX_SENTENCES} sentences (a pasted document) of which only the beginning was condensed. Choosing
 * the central sentences of a turn is what condensing means and is not counted as truncation.
 */
public final class ExtractiveSummarizer implements Summarizer {

    /** The most tokens one side (user or assistant) of a condensed turn keeps. */
    public static final int SIDE_MAX_TOKENS = 120;

    /** The most sentences of one side that are ranked; the rest of a longer text is not condensed. */
    public static final int SIDE_MAX_SENTENCES = 40;

    private static final String ELLIPSIS = "…";

    private final OfflineTextEngine engine;

    public ExtractiveSummarizer(OfflineTextEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    @Override
    public Condensation summarize(String previousSummary, List<Turn> turns, int maxTokens, SummaryPolicy policy) {
        String previous = previousSummary == null ? "" : previousSummary.strip();
        List<Turn> condensing = turns == null ? List.of() : turns;
        if (previous.isEmpty() && condensing.isEmpty()) {
            return Condensation.offline("", false);
        }
        if (maxTokens <= 0) {
            return Condensation.offline("", true);
        }
        List<String> lines = new ArrayList<>();
        boolean cut = false;
        for (String line : previous.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            if (TokenEstimator.count(line) > 2 * SIDE_MAX_TOKENS) {
                // a paragraph (as a model writes it) is ranked sentence by sentence
                lines.addAll(engine.sentences(line.strip()));
            } else {
                lines.add(line.strip());
            }
        }
        for (Turn turn : condensing) {
            Line line = line(turn);
            lines.add(line.text());
            cut |= line.cut();
        }
        String all = String.join("\n", lines);
        if (TokenEstimator.count(all) <= maxTokens) {
            return Condensation.offline(all, cut);
        }
        List<Integer> order = engine.centralityOrder(lines);
        List<Integer> chosen = new ArrayList<>();
        long used = 0;
        for (int index : order) {
            long tokens = TokenEstimator.count(lines.get(index)) + 1;
            if (used + tokens <= maxTokens) {
                chosen.add(index);
                used += tokens;
            }
        }
        if (chosen.isEmpty()) {
            return Condensation.offline(cutToTokens(lines.get(order.get(0)), maxTokens), true);
        }
        chosen.sort(Comparator.naturalOrder());
        return Condensation.offline(chosen.stream().map(lines::get).collect(Collectors.joining("\n")), true);
    }

    private record Line(String text, boolean cut) {
    }

    private Line line(Turn turn) {
        Side user = side(turn.userText());
        Side reply = side(turn.replyText());
        StringBuilder text = new StringBuilder("- (turn ").append(turn.number()).append(") User: ").append(user.text());
        if (!reply.text().isEmpty()) {
            text.append(" Assistant: ").append(reply.text());
        }
        if (!turn.toolCalls().isEmpty()) {
            text.append(" [tools: ").append(turn.toolCalls().stream().map(ToolExchange::tool)
                    .filter(Objects::nonNull).distinct().collect(Collectors.joining(", "))).append(']');
        }
        return new Line(text.toString(), user.cut() || reply.cut());
    }

    private record Side(String text, boolean cut) {
    }

    private Side side(String text) {
        if (text == null || text.isBlank()) {
            return new Side("", false);
        }
        String considered = text.strip();
        boolean cut = false;
        List<String> sentences = engine.sentences(considered);
        if (sentences.size() > SIDE_MAX_SENTENCES) {
            // ranking is quadratic in the sentences: a pasted document is condensed from its beginning only
            considered = String.join(" ", sentences.subList(0, SIDE_MAX_SENTENCES));
            cut = true;
        }
        String oneLine = engine.summarize(considered).replaceAll("\\s+", " ").strip();
        if (TokenEstimator.count(oneLine) <= SIDE_MAX_TOKENS) {
            return new Side(oneLine, cut);
        }
        return new Side(cutToTokens(oneLine, SIDE_MAX_TOKENS), true);
    }

    /** The longest start of {@code text} ending at a word, that with an ellipsis has at most {@code max} tokens. */
    static String cutToTokens(String text, int max) {
        if (TokenEstimator.count(text) <= max) {
            return text;
        }
        String[] words = text.split(" ");
        int low = 0;
        int high = words.length;
        while (low < high) {
            int mid = (low + high + 1) / 2;
            String candidate = String.join(" ", java.util.Arrays.copyOf(words, mid)) + ELLIPSIS;
            if (TokenEstimator.count(candidate) <= max) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low == 0 ? "" : String.join(" ", java.util.Arrays.copyOf(words, low)) + ELLIPSIS;
    }
}
