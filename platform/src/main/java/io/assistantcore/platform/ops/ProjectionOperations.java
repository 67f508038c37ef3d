package io.assistantcore.platform.ops;

import io.assistantcore.platform.ops.ReplayRefusedException.Reason;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.MergedTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Lists every event processor with its position and replays the ones that build read models: shut the processor
 * down, reset its tokens (Axon calls its {@code @ResetHandler}s, which clear the read models) and start it again.
 * The replay runs on the processor's own threads while the platform keeps serving; a watcher logs its progress.
 * Processors with side effects ({@code @DisallowReplay}: model calls, commands, cache writes) do not support a reset
 * and are refused. It also changes how many segments a running processor has, by Axon's merge and split of the
 * segments this node holds: the configured counts apply only to processors without tokens, so a store created with
 * more (or fewer) keeps them until an operator changes them here.
 */
@Component
public class ProjectionOperations implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProjectionOperations.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);
    /** How long one merge or split may take: the processor's coordinator makes it between two batches. */
    private static final Duration SEGMENT_STEP_WAIT = Duration.ofSeconds(30);
    /** How long a merge waits for the two segments to be at the same position. */
    private static final Duration SAME_POSITION_WAIT = Duration.ofSeconds(10);
    /** The most segments a processor may be given (as {@code assistant.events.processor-segments}). */
    public static final int MAX_SEGMENTS = 64;

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final JdbcTemplate jdbc;
    private final Serializer tokenSerializer;
    private final ReplayedEvents replayedEvents;
    /** Replays being set up on this node (between the request and the processor's restart). */
    private final Set<String> starting = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "replay-watcher");
        thread.setDaemon(true);
        return thread;
    });

    public ProjectionOperations(EventProcessingConfiguration processing, EventStore eventStore, JdbcTemplate jdbc,
                                org.axonframework.config.Configuration axon, ReplayedEvents replayedEvents) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.jdbc = jdbc;
        this.tokenSerializer = axon.serializer();
        this.replayedEvents = replayedEvents;
    }

    /** Every event processor, by name. */
    public List<ProjectionStatus> list() {
        long head = headPosition();
        return processing.eventProcessors().values().stream()
                .sorted(Comparator.comparing(EventProcessor::getName))
                .map(processor -> status(processor, head))
                .toList();
    }

    /**
     * Starts a replay of {@code name} and answers its status right after the restart.
     *
     * @throws ReplayRefusedException for an unknown processor, one with side effects and one that already replays
     */
    public ProjectionStatus replay(String name) {
        EventProcessor found = processing.eventProcessors().get(name);
        if (found == null) {
            throw new ReplayRefusedException(Reason.UNKNOWN_PROCESSOR, noSuchProcessor(name));
        }
        if (!(found instanceof StreamingEventProcessor processor)) {
            throw new ReplayRefusedException(Reason.NOT_REPLAYABLE, "Event processor '" + name
                    + "' handles events in the transaction that stores them (subscribing) and keeps no position; "
                    + "the read model it writes to is rebuilt by replaying its tracking processor");
        }
        if (!processor.supportsReset()) {
            throw new ReplayRefusedException(Reason.NOT_REPLAYABLE, "Event processor '" + name
                    + "' has side effects: its handlers are @DisallowReplay because they call AI models, send "
                    + "commands or change caches. Replaying it would call models, charge budgets or send those "
                    + "commands again, so it is never replayed. Only processors that build read models are.");
        }
        if (!starting.add(name)) {
            throw alreadyReplaying(name);
        }
        try {
            if (replaying(processor)) {
                throw alreadyReplaying(name);
            }
            long startedAt = System.nanoTime();
            log.info("Replay of {} requested: shutting the processor down", name);
            processor.shutdownAsync().get(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            replayedEvents.reset(name);
            try {
                processor.resetTokens();
            } catch (RuntimeException e) {
                processor.start();
                log.warn("Replay of {} could not reset its tokens: {}", name, e.toString());
                throw new ReplayRefusedException(Reason.NOT_REPLAYABLE, "The tokens of '"
                        + name + "' could not be reset (" + e.getMessage() + "). Another node may still run this "
                        + "processor: stop it there, or replay from the node that holds its segments.");
            }
            processor.start();
            ProjectionStatus status = status(processor, headPosition());
            log.info("Replay of {} started: replaying up to position {} (head {})", name, resetTarget(processor),
                    status.headPosition());
            watch(processor, startedAt);
            return status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping " + name, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            processor.start();
            throw new IllegalStateException("Event processor " + name + " did not stop within " + SHUTDOWN_WAIT, e);
        } finally {
            starting.remove(name);
        }
    }

    /**
     * Merges or splits the segments of a running processor until it has {@code count}, one step at a time, each
     * through the processor's own coordinator. Merging takes the smallest segments first, each with its sibling once
     * both are at the same position (no event is delivered twice), and is refused for processors with side effects;
     * splitting takes the largest (both halves go on from the parent's position). Answers the status once the count
     * is reached.
     *
     * @throws SegmentChangeRefusedException for an unknown processor, one that keeps no segments, is not running or
     *                                       replays, a merge of one with side effects, and when a step does not
     *                                       succeed (another node holds a segment, the halves stay apart)
     */
    public ProjectionStatus changeSegments(String name, int count) {
        if (count < 1 || count > MAX_SEGMENTS) {
            throw new IllegalArgumentException("segments must be between 1 and " + MAX_SEGMENTS);
        }
        EventProcessor found = processing.eventProcessors().get(name);
        if (found == null) {
            throw new SegmentChangeRefusedException(SegmentChangeRefusedException.Reason.UNKNOWN_PROCESSOR,
                    noSuchProcessor(name));
        }
        if (!(found instanceof StreamingEventProcessor processor)) {
            throw notPossible("Event processor '" + name + "' handles events in the transaction that stores them "
                    + "(subscribing): it has no segments");
        }
        if (!processor.isRunning() || processor.isError()) {
            throw notPossible("Event processor '" + name + "' is not running on this node; segments are merged and "
                    + "split by the running processor");
        }
        if (starting.contains(name) || replaying(processor)) {
            throw notPossible("A replay of '" + name + "' is running; change its segments when it has finished");
        }
        int before = segmentIds(name).length;
        if (count < before && !processor.supportsReset()) {
            throw notPossible("Event processor '" + name + "' has side effects (it calls AI models, sends commands "
                    + "or changes caches): merging segments can deliver events a second time to the half that had "
                    + "handled them already, so its segments are only ever split");
        }
        try {
            for (int step = 0; step < 2 * MAX_SEGMENTS; step++) {
                int[] ids = segmentIds(name);
                if (ids.length == count) {
                    if (before != count) {
                        log.info("Segments of {} changed from {} to {}", name, before, count);
                    }
                    return status(processor, headPosition());
                }
                Segment[] segments = Segment.computeSegments(ids);
                boolean merge = ids.length > count;
                // merge the smallest share (highest mask) with its sibling; split the largest share (lowest mask)
                Comparator<Segment> largestShareFirst = Comparator.comparingInt(Segment::getMask)
                        .thenComparingInt(Segment::getSegmentId);
                Segment chosen = Arrays.stream(segments)
                        .min(merge ? largestShareFirst.reversed() : largestShareFirst)
                        .orElseThrow();
                if (merge) {
                    awaitSamePosition(processor, chosen.getSegmentId(), chosen.mergeableSegmentId());
                }
                boolean done = (merge ? processor.mergeSegment(chosen.getSegmentId())
                        : processor.splitSegment(chosen.getSegmentId()))
                        .get(SEGMENT_STEP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (!done) {
                    throw notPossible("Event processor '" + name + "' could not " + (merge ? "merge" : "split")
                            + " segment " + chosen.getSegmentId() + " (it has " + ids.length + " segments now): "
                            + "another node may hold it. Run one node, or change the segments on the node that "
                            + "holds them");
                }
            }
            throw notPossible("Event processor '" + name + "' did not reach " + count + " segments");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while changing the segments of " + name, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw notPossible("Event processor '" + name + "' did not finish a merge or split within "
                    + SEGMENT_STEP_WAIT.toSeconds() + " s (" + e.getClass().getSimpleName() + "); it has "
                    + segmentIds(name).length + " segments now");
        }
    }

    /**
     * Waits until two segments of this node are at the same position. Axon's merge goes on from the lower of the two
     * positions, so every event between them would be delivered again to the half that had handled it; at the same
     * position nothing is (live, both halves reach the head within a batch or two).
     */
    private void awaitSamePosition(StreamingEventProcessor processor, int segment, int sibling)
            throws InterruptedException {
        long deadline = System.nanoTime() + SAME_POSITION_WAIT.toNanos();
        while (true) {
            Map<Integer, EventTrackerStatus> status = processor.processingStatus();
            EventTrackerStatus one = status.get(segment);
            EventTrackerStatus other = status.get(sibling);
            boolean held = one != null && other != null;
            TrackingToken a = held ? one.getTrackingToken() : null;
            TrackingToken b = held ? other.getTrackingToken() : null;
            if (a != null && b != null && a.covers(b) && b.covers(a)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                // right after a step the coordinator claims the new segment within moments; still missing: elsewhere
                throw notPossible("Event processor '" + processor.getName() + "' could not merge segment " + segment
                        + " with segment " + sibling + (held ? ": they did not reach the same position within "
                        + SAME_POSITION_WAIT.toSeconds() + " s (events keep arriving, or one of them is behind). "
                        + "Merging them apart would deliver events a second time; try again at a quieter moment"
                        : ": this node does not hold both. Run one node, or change the segments on the node that "
                        + "holds them"));
            }
            Thread.sleep(20);
        }
    }

    private static String noSuchProcessor(String name) {
        return "There is no event processor '" + name + "'; the list at GET /api/v1/admin/projections names them all";
    }

    private static SegmentChangeRefusedException notPossible(String message) {
        return new SegmentChangeRefusedException(SegmentChangeRefusedException.Reason.NOT_POSSIBLE, message);
    }

    /** The segments the token store holds for a processor. */
    private int[] segmentIds(String processorName) {
        return jdbc.queryForList("SELECT segment FROM token_entry WHERE processor_name = ? ORDER BY segment",
                Integer.class, processorName).stream().mapToInt(Integer::intValue).toArray();
    }

    private static ReplayRefusedException alreadyReplaying(String name) {
        return new ReplayRefusedException(Reason.ALREADY_REPLAYING, "A replay of '" + name
                + "' is already running; its progress is in GET /api/v1/admin/projections");
    }

    private ProjectionStatus status(EventProcessor processor, long head) {
        StreamingEventProcessor streaming = processor instanceof StreamingEventProcessor s ? s : null;
        boolean replayable = streaming != null && streaming.supportsReset();
        List<SegmentProgress> segments = streaming != null ? segments(streaming) : List.of();
        // a subscribing processor handles events in the transaction that stores them: never behind the head
        Long position = streaming != null
                ? segments.stream().map(SegmentProgress::position).min(Long::compare).orElse(null) : Long.valueOf(head);
        boolean replaying = starting.contains(processor.getName()) || segments.stream().anyMatch(SegmentProgress::replaying);
        boolean error = processor.isError() || segments.stream().anyMatch(SegmentProgress::error);
        String state = error ? "error" : processor.isRunning() ? "running" : "stopped";
        int progress;
        if (replaying) {
            long target = segments.stream().map(SegmentProgress::resetPosition).filter(p -> p != null)
                    .max(Long::compare).orElse(0L);
            progress = target <= 0 || position == null ? 0 : percent(position, target, 99);
        } else {
            progress = head <= 0 ? 100 : position == null ? 0 : percent(position, head, 100);
        }
        return new ProjectionStatus(processor.getName(), state, position, head, progress, replaying, replayable,
                streaming != null ? segments.size() : 0);
    }

    private static int percent(long position, long target, int ceiling) {
        return (int) Math.max(0, Math.min(ceiling, position * 100 / target));
    }

    private boolean replaying(StreamingEventProcessor processor) {
        return segments(processor).stream().anyMatch(SegmentProgress::replaying);
    }

    private Long resetTarget(StreamingEventProcessor processor) {
        return segments(processor).stream().map(SegmentProgress::resetPosition).filter(p -> p != null)
                .max(Long::compare).orElse(null);
    }

    /**
     * The segments of a processor: what this node's workers report, else what the token store holds (segments
     * claimed by other nodes, or all of them while the processor is stopped).
     */
    private List<SegmentProgress> segments(StreamingEventProcessor processor) {
        Map<Integer, SegmentProgress> segments = new HashMap<>(storedSegments(processor.getName()));
        for (Map.Entry<Integer, EventTrackerStatus> entry : processor.processingStatus().entrySet()) {
            EventTrackerStatus tracker = entry.getValue();
            segments.put(entry.getKey(), new SegmentProgress(positionOf(tracker.getTrackingToken()), boxed(
                    tracker.getResetPosition()), tracker.isReplaying(), tracker.isErrorState()));
        }
        return new ArrayList<>(segments.values());
    }

    private Map<Integer, SegmentProgress> storedSegments(String processorName) {
        Map<Integer, SegmentProgress> segments = new HashMap<>();
        jdbc.query("SELECT segment, token, token_type FROM token_entry WHERE processor_name = ?", rs -> {
            int segment = rs.getInt("segment");
            byte[] bytes = rs.getBytes("token");
            String type = rs.getString("token_type");
            TrackingToken token = bytes == null || type == null ? null : tokenSerializer.deserialize(
                    new SimpleSerializedObject<>(bytes, byte[].class, type, null));
            segments.put(segment, token == null ? new SegmentProgress(0, null, false, false)
                    : new SegmentProgress(positionOf(token), boxed(ReplayToken.getTokenAtReset(token)),
                    ReplayToken.isReplay(token), false));
        }, processorName);
        return segments;
    }

    private long headPosition() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? 0 : orZero(head.position());
    }

    private void watch(StreamingEventProcessor processor, long startedAt) {
        String name = processor.getName();
        int[] logged = {-1};
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        task[0] = watcher.scheduleWithFixedDelay(() -> {
            try {
                ProjectionStatus status = status(processor, headPosition());
                long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
                if (!status.replaying()) {
                    log.info("Replay of {} finished: {} events replayed in {} ms, now at position {} of {}", name,
                            replayedEvents.count(name), elapsed, status.position(), status.headPosition());
                    task[0].cancel(false);
                    return;
                }
                int step = status.progress() / 10;
                if (step > logged[0]) {
                    logged[0] = step;
                    log.info("Replay of {}: {}% ({} events replayed, position {}, {} ms)", name, status.progress(),
                            replayedEvents.count(name), status.position(), elapsed);
                }
                if (status.status().equals("error")) {
                    log.warn("Replay of {} is in error at position {}", name, status.position());
                }
            } catch (RuntimeException e) {
                log.warn("Watching the replay of {} failed: {}", name, e.toString());
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        watcher.shutdownNow();
    }

    /**
     * How far a token has come (0 before the first event). A merge in progress whose half has no token yet counts
     * that half as not started: Axon's {@code MergedTrackingToken.position()} fails on it, and a status read right
     * after a merge of a running processor met exactly that.
     */
    static long positionOf(TrackingToken token) {
        if (token == null) {
            return 0;
        }
        if (token instanceof ReplayToken replay) {
            return positionOf(replay.getCurrentToken());
        }
        if (token instanceof MergedTrackingToken merged) {
            return Math.min(positionOf(merged.lowerSegmentToken()), positionOf(merged.upperSegmentToken()));
        }
        return orZero(token.position());
    }

    private static long orZero(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : 0;
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    /**
     * One segment. Axon keeps a segment's token marked as a replay until it sees an event beyond the position of the
     * reset; the event there was replayed already, so a segment that reached that position counts as done.
     */
    private record SegmentProgress(long position, Long resetPosition, boolean replaying, boolean error) {

        SegmentProgress {
            replaying = replaying && resetPosition != null && position < resetPosition;
        }
    }
}
