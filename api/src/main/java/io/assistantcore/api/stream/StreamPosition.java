package io.assistantcore.api.stream;

import java.util.List;

/**
 * The id of one event of a stream (a suggestion's or a reply's), and the point a client resumes after.
 * <ul>
 *   <li>{@code <attempt>.<stage>} — a reply's step before its first chunk: {@code screened}, {@code routed},
 *       {@code memory}, {@code sources}, in that order (see {@link #STAGES});</li>
 *   <li>{@code <attempt>.<seq>} — chunk {@code seq} (1, 2, …) of attempt {@code attempt};</li>
 *   <li>{@code <attempt>.end} — the terminal event ({@code completed}, {@code refused}, {@code failed},
 *       {@code cancelled}) of that attempt, which comes after all of its chunks.</li>
 * </ul>
 * Ids order by attempt, then stage, then chunk, with {@code end} last; they are unique within a stream across all of
 * its attempts. A bare number {@code n} (the form ids had before they named the attempt) is still accepted: it means
 * chunk {@code n} of whatever attempt is the latest when the client resumes, and cannot tell attempts apart.
 *
 * @param attempt the attempt, or null for a bare legacy number
 * @param stage   the last stage of that attempt the client has (0: none; {@code seq > 0} implies all of them)
 * @param seq     the last chunk of that attempt the client has (0: none)
 * @param end     whether the client has the attempt's terminal event
 */
public record StreamPosition(Integer attempt, int stage, int seq, boolean end) {

    /** The steps of a reply before its first chunk, in the order they happen; a stage's number is its index + 1. */
    public static final List<String> STAGES = List.of("screened", "routed", "memory", "sources");
    /** Past every stage: the position of a client that has a chunk or the end. */
    static final int AFTER_STAGES = STAGES.size() + 1;

    private static final String END = "end";

    /** A client that has nothing yet. */
    public static final StreamPosition START = new StreamPosition(null, 0, 0, false);

    public static StreamPosition token(int attempt, int seq) {
        return new StreamPosition(attempt, AFTER_STAGES, seq, false);
    }

    public static StreamPosition terminal(int attempt, int lastSeq) {
        return new StreamPosition(attempt, AFTER_STAGES, lastSeq, true);
    }

    /** The event of stage {@code name} (one of {@link #STAGES}) of {@code attempt}. */
    public static StreamPosition stage(int attempt, String name) {
        int stage = stageNumber(name);
        if (stage == 0) {
            throw new IllegalArgumentException("not a stage: " + name);
        }
        return new StreamPosition(attempt, stage, 0, false);
    }

    /** The number of stage {@code name}, or 0 when it names none. */
    public static int stageNumber(String name) {
        return STAGES.indexOf(name) + 1;
    }

    /** A bare chunk number as sent before ids named their attempt. */
    public static StreamPosition legacy(int seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("a chunk number is 0 or more");
        }
        return new StreamPosition(null, seq > 0 ? AFTER_STAGES : 0, seq, false);
    }

    /**
     * Reads an id this server sent; null or blank means {@link #START}.
     *
     * @throws IllegalArgumentException when {@code id} is neither {@code <attempt>.<stage>},
     *                                  {@code <attempt>.<seq>}, {@code <attempt>.end} nor a bare number
     */
    public static StreamPosition parse(String id) {
        if (id == null || id.isBlank()) {
            return START;
        }
        String text = id.strip();
        int dot = text.indexOf('.');
        try {
            if (dot < 0) {
                return legacy(Integer.parseInt(text));
            }
            int attempt = Integer.parseInt(text.substring(0, dot));
            String position = text.substring(dot + 1);
            if (attempt < 1) {
                throw new IllegalArgumentException("attempts count from 1");
            }
            if (END.equals(position)) {
                return terminal(attempt, 0);
            }
            if (stageNumber(position) > 0) {
                return stage(attempt, position);
            }
            int seq = Integer.parseInt(position);
            if (seq < 0) {
                throw new IllegalArgumentException("a chunk number is 0 or more");
            }
            return seq == 0 ? new StreamPosition(attempt, 0, 0, false) : token(attempt, seq);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a stream event id: '" + id + "'", e);
        }
    }

    /** The id as sent on the wire. */
    public String id() {
        if (attempt == null) {
            return Integer.toString(seq);
        }
        if (end) {
            return attempt + "." + END;
        }
        if (seq == 0 && stage > 0 && stage < AFTER_STAGES) {
            return attempt + "." + STAGES.get(stage - 1);
        }
        return attempt + "." + seq;
    }

    @Override
    public String toString() {
        return id();
    }
}
