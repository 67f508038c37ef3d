package io.assistantcore.api.stream;

import io.assistantcore.api.security.Caller;
import io.assistantcore.platform.stream.StreamChunk;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One kind of stream a client may follow over SSE or the WebSocket ({@code suggestion}, {@code reply}): where its
 * stored state is read and how its live events become stream events. {@link EventStream} does the rest the same way
 * for every kind: chunks as {@code token} events, new attempts, resuming, gaps, the end.
 */
public interface StreamKind {

    /** The name clients use: the WebSocket message's {@code stream}. */
    String name();

    /**
     * Whether {@code caller} may follow stream {@code id}; one it may not (another tenant's, or for a member another
     * user's) is answered as if it did not exist.
     */
    boolean readable(Caller caller, String id);

    /** What the stream shows now, from the read model; empty when the tenant has no such stream. */
    Optional<Snapshot> snapshot(String tenantId, String id);

    /** The stored chunks of one attempt after {@code afterSeq}, in order. */
    List<StreamChunk> storedChunks(String tenantId, String id, int attempt, int afterSeq);

    /** A translator of one stream's live events (it may remember what it saw, such as an attempt's cost). */
    Relay relay();

    /** One event as a client receives it: its type ({@code completed}, {@code routed}, …) and its data. */
    record Event(String type, Map<String, Object> data) {
    }

    /**
     * @param attempt the latest attempt
     * @param stages  that attempt's events before its first chunk, in stage order, each named by its stage (see
     *                {@link StreamPosition#STAGES})
     * @param end     that attempt's terminal event, or null while it runs
     */
    record Snapshot(int attempt, List<Event> stages, Event end, List<Event> notices) {

        public Snapshot {
            stages = List.copyOf(stages);
            notices = notices == null ? List.of() : List.copyOf(notices);
        }

        public Snapshot(int attempt, List<Event> stages, Event end) {
            this(attempt, stages, end, List.of());
        }
    }

    /** Turns the live events of one stream that are neither chunks nor attempt starts into stream events. */
    interface Relay {

        /** What {@code event} means for the stream, or null when it is nothing a client receives. */
        Step step(Object event);
    }

    /** A live event, translated. */
    sealed interface Step permits Stage, Notice, End {
    }

    /** A step of {@code attempt} before its first chunk; {@code event}'s type names the stage. */
    record Stage(int attempt, Event event) implements Step {
    }

    /**
     * Something that happened during {@code attempt} (0: whatever attempt is current) that is neither a stage, a
     * chunk nor the end — a tool call's progress, an image. Sent as it happens, with the id of the position the client
     * has reached (so resuming after it goes on from there); not replayed to a client that resumes, except that a
     * finished stream replays its {@link Snapshot#notices()} before its end.
     */
    record Notice(int attempt, Event event) implements Step {
    }

    /**
     * The end of {@code attempt}; the chunks up to {@code untilSeq} are sent first (0: none are awaited,
     * {@link Integer#MAX_VALUE}: whatever the store holds).
     */
    record End(int attempt, int untilSeq, Event event) implements Step {
    }
}
