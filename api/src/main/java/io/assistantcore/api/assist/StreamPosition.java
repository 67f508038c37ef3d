package io.assistantcore.api.assist;

/**
 * The id of one event of a suggestion stream, and the point a client resumes after.
 * <ul>
 *   <li>{@code <attempt>.<seq>} — chunk {@code seq} (1, 2, …) of attempt {@code attempt};</li>
 *   <li>{@code <attempt>.end} — the terminal event ({@code completed}, {@code failed}, {@code cancelled}) of that
 *       attempt, which comes after all of its chunks.</li>
 * </ul>
 * Ids order by attempt, then chunk, with {@code end} last; they are unique within a suggestion's stream across all of
 * its attempts. A bare number {@code n} (the form ids had before they named the attempt) is still accepted: it means
 * chunk {@code n} of whatever attempt is the latest when the client resumes, and cannot tell attempts apart.
 *
 * @param attempt the attempt, or null for a bare legacy number
 * @param seq     the last chunk of that attempt the client has (0: none)
 * @param end     whether the client has the attempt's terminal event
 */
record StreamPosition(Integer attempt, int seq, boolean end) {

    private static final String END = "end";

    /** A client that has nothing yet. */
    static final StreamPosition START = new StreamPosition(null, 0, false);

    static StreamPosition token(int attempt, int seq) {
        return new StreamPosition(attempt, seq, false);
    }

    static StreamPosition terminal(int attempt, int lastSeq) {
        return new StreamPosition(attempt, lastSeq, true);
    }

    /** A bare chunk number as sent before ids named their attempt. */
    static StreamPosition legacy(int seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("a chunk number is 0 or more");
        }
        return new StreamPosition(null, seq, false);
    }

    /**
     * Reads an id this server sent; null or blank means {@link #START}.
     *
     * @throws IllegalArgumentException when {@code id} is neither {@code <attempt>.<seq>}, {@code <attempt>.end} nor a
     *                                  bare number
     */
    static StreamPosition parse(String id) {
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
                return new StreamPosition(attempt, 0, true);
            }
            int seq = Integer.parseInt(position);
            if (seq < 0) {
                throw new IllegalArgumentException("a chunk number is 0 or more");
            }
            return token(attempt, seq);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a stream event id: '" + id + "'", e);
        }
    }

    /** The id as sent on the wire. */
    String id() {
        if (attempt == null) {
            return Integer.toString(seq);
        }
        return attempt + "." + (end ? END : Integer.toString(seq));
    }

    @Override
    public String toString() {
        return id();
    }
}
