package io.assistantcore.platform.ops;

import io.assistantcore.platform.ops.ReplayRefusedException.Reason;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.ReplayToken;
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
 * and are refused.
 */
@Component
public class ProjectionOperations implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProjectionOperations.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

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
            throw new ReplayRefusedException(Reason.UNKNOWN_PROCESSOR, "There is no event processor '" + name
                    + "'; the list at "
                    + "GET /api/v1/admin/projections names them all");
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

    private static ReplayRefusedException alreadyReplaying(String name) {
        return new ReplayRefusedException(Reason.ALREADY_REPLAYING, "A replay of '" + name
                + "' is already running; its progress is in GET /api/v1/admin/projections");
    }

    private ProjectionStatus status(EventProcessor processor, long head) {
        StreamingEventProcessor streaming = processor instanceof StreamingEventProcessor s ? s : null;
        boolean replayable = streaming != null && streaming.supportsReset();
        List<Segment> segments = streaming != null ? segments(streaming) : List.of();
        // a subscribing processor handles events in the transaction that stores them: never behind the head
        Long position = streaming != null
                ? segments.stream().map(Segment::position).min(Long::compare).orElse(null) : Long.valueOf(head);
        boolean replaying = starting.contains(processor.getName()) || segments.stream().anyMatch(Segment::replaying);
        boolean error = processor.isError() || segments.stream().anyMatch(Segment::error);
        String state = error ? "error" : processor.isRunning() ? "running" : "stopped";
        int progress;
        if (replaying) {
            long target = segments.stream().map(Segment::resetPosition).filter(p -> p != null)
                    .max(Long::compare).orElse(0L);
            progress = target <= 0 || position == null ? 0 : percent(position, target, 99);
        } else {
            progress = head <= 0 ? 100 : position == null ? 0 : percent(position, head, 100);
        }
        return new ProjectionStatus(processor.getName(), state, position, head, progress, replaying, replayable);
    }

    private static int percent(long position, long target, int ceiling) {
        return (int) Math.max(0, Math.min(ceiling, position * 100 / target));
    }

    private boolean replaying(StreamingEventProcessor processor) {
        return segments(processor).stream().anyMatch(Segment::replaying);
    }

    private Long resetTarget(StreamingEventProcessor processor) {
        return segments(processor).stream().map(Segment::resetPosition).filter(p -> p != null)
                .max(Long::compare).orElse(null);
    }

    /**
     * The segments of a processor: what this node's workers report, else what the token store holds (segments
     * claimed by other nodes, or all of them while the processor is stopped).
     */
    private List<Segment> segments(StreamingEventProcessor processor) {
        Map<Integer, Segment> segments = new HashMap<>(storedSegments(processor.getName()));
        for (Map.Entry<Integer, EventTrackerStatus> entry : processor.processingStatus().entrySet()) {
            EventTrackerStatus tracker = entry.getValue();
            segments.put(entry.getKey(), new Segment(orZero(tracker.getCurrentPosition()), boxed(
                    tracker.getResetPosition()), tracker.isReplaying(), tracker.isErrorState()));
        }
        return new ArrayList<>(segments.values());
    }

    private Map<Integer, Segment> storedSegments(String processorName) {
        Map<Integer, Segment> segments = new HashMap<>();
        jdbc.query("SELECT segment, token, token_type FROM token_entry WHERE processor_name = ?", rs -> {
            int segment = rs.getInt("segment");
            byte[] bytes = rs.getBytes("token");
            String type = rs.getString("token_type");
            TrackingToken token = bytes == null || type == null ? null : tokenSerializer.deserialize(
                    new SimpleSerializedObject<>(bytes, byte[].class, type, null));
            segments.put(segment, token == null ? new Segment(0, null, false, false)
                    : new Segment(orZero(token.position()), boxed(ReplayToken.getTokenAtReset(token)),
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
    private record Segment(long position, Long resetPosition, boolean replaying, boolean error) {

        Segment {
            replaying = replaying && resetPosition != null && position < resetPosition;
        }
    }
}
