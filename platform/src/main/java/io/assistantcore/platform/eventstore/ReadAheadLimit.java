package io.assistantcore.platform.eventstore;

import org.axonframework.common.AxonThreadFactory;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * How far a pooled processor's coordinator may read ahead of its work packages. Axon 4.13's coordinator hands each
 * event it reads to a work package's queue and, before reading the next, checks that the queue holds fewer than 1,024
 * events — with {@code ConcurrentLinkedQueue.size()}, which walks the queue. While the work packages are the slower
 * side (a replay, a processor behind under load) the queue stays near 1,024 and every event read costs a walk of a
 * thousand nodes: a quarter of the JVM's CPU in the history replay's profile. Axon has no setting for that bound.
 * <p>
 * This holds the coordinator back earlier: its stream ({@link EventAvailability}) answers "nothing available" once
 * {@code limit} events it handed over are not yet covered by a token the processor stored, and the processor's next
 * stored token that brings the backlog down to half the limit wakes the coordinator again. The work packages always
 * have up to {@code limit} events queued (several batches), so they never wait for the coordinator; the queue walks
 * become {@code limit} nodes long instead of 1,024. Nothing is skipped or reordered: the stream only says "later".
 * <p>
 * A stream learns which processor reads it from the thread that opens it: the coordinator threads made by
 * {@link #coordinatorExecutor(String)} carry their processor's backlog. Streams opened on any other thread (tracking
 * processors, the node's tail, replays' own reads) are not limited. The backlog counts events, not positions, so an
 * event store with gaps or a processor that leaves most events out is held back by what it actually has queued.
 */
public final class ReadAheadLimit {

    private static final ThreadLocal<Backlog> COORDINATOR_OF = new ThreadLocal<>();

    private final int limit;
    private final Map<String, Backlog> backlogs = new ConcurrentHashMap<>();

    /** @param limit events a coordinator may hand over beyond its processor's last stored token; 0 for no limit */
    public ReadAheadLimit(int limit) {
        if (limit != 0 && limit < 2) {
            throw new IllegalArgumentException("a read-ahead limit is 0 (none) or at least 2");
        }
        this.limit = limit;
    }

    /**
     * The coordinator executor of {@code processorName}, as Axon's default makes it (one thread, named
     * {@code Coordinator[name]-n}), whose thread tells the streams it opens which processor reads them.
     */
    public ScheduledExecutorService coordinatorExecutor(String processorName) {
        AxonThreadFactory names = new AxonThreadFactory("Coordinator[" + processorName + "]");
        Backlog backlog = limit == 0 ? null : backlog(processorName);
        return Executors.newScheduledThreadPool(1, task -> names.newThread(() -> {
            COORDINATOR_OF.set(backlog);
            task.run();
        }));
    }

    /** {@code delegate}, telling this limit of every token a processor stores. */
    public TokenStore observing(TokenStore delegate) {
        return limit == 0 ? delegate : new ObservingTokenStore(delegate, this);
    }

    /** The backlog of the processor whose coordinator runs on this thread; null when none (or no limit). */
    static Backlog ofCurrentThread() {
        return COORDINATOR_OF.get();
    }

    Backlog backlog(String processorName) {
        return backlogs.computeIfAbsent(processorName, name -> new Backlog(limit));
    }

    private void stored(String processorName, TrackingToken token) {
        if (token == null) {
            return;
        }
        Backlog backlog = backlogs.get(processorName);
        OptionalLong position = token.position();
        if (backlog != null && position.isPresent()) {
            backlog.stored(position.getAsLong());
        }
    }

    /**
     * The positions of the events a coordinator handed over that no stored token covers yet, oldest first. The
     * coordinator adds; the work packages' token stores remove; both under this object's lock, a few nanoseconds
     * uncontended against the queue walk it saves.
     */
    static final class Backlog {

        private final int limit;
        private long[] positions;
        private int head;
        private int size;
        private Runnable waiting;
        private long wakes;

        Backlog(int limit) {
            this.limit = limit;
            this.positions = new long[Math.max(16, Integer.highestOneBit(limit) * 2)];
        }

        /** A new stream starts from the processor's stored token: nothing is handed over yet. */
        synchronized void reset() {
            head = 0;
            size = 0;
            waiting = null;
        }

        /** True when the coordinator may read on; otherwise {@code wake} runs once the backlog is down to half. */
        synchronized boolean admit(Runnable wake) {
            if (size < limit) {
                return true;
            }
            waiting = wake;
            return false;
        }

        synchronized void handed(long position) {
            if (size == positions.length) {
                long[] larger = new long[positions.length * 2];
                for (int i = 0; i < size; i++) {
                    larger[i] = positions[(head + i) % positions.length];
                }
                positions = larger;
                head = 0;
            }
            positions[(head + size) % positions.length] = position;
            size++;
        }

        void stored(long position) {
            Runnable wake = null;
            synchronized (this) {
                while (size > 0 && positions[head] <= position) {
                    head = (head + 1) % positions.length;
                    size--;
                }
                if (waiting != null && size <= limit / 2) {
                    wake = waiting;
                    waiting = null;
                    wakes++;
                }
            }
            if (wake != null) {
                wake.run(); // schedules the coordinator; never blocks
            }
        }

        synchronized int size() {
            return size;
        }

        /** How often a stored token woke the coordinator it had held back. */
        synchronized long wakes() {
            return wakes;
        }
    }

    /** A token store that tells the limit of each stored token and otherwise does what its delegate does. */
    private static final class ObservingTokenStore implements TokenStore {

        private final TokenStore delegate;
        private final ReadAheadLimit limit;

        ObservingTokenStore(TokenStore delegate, ReadAheadLimit limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        @Override
        public void storeToken(TrackingToken token, String processorName, int segment)
                throws UnableToClaimTokenException {
            delegate.storeToken(token, processorName, segment);
            limit.stored(processorName, token);
        }

        @Override
        public void initializeTokenSegments(String processorName, int segmentCount) {
            delegate.initializeTokenSegments(processorName, segmentCount);
        }

        @Override
        public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken) {
            delegate.initializeTokenSegments(processorName, segmentCount, initialToken);
        }

        @Override
        public TrackingToken fetchToken(String processorName, int segment) throws UnableToClaimTokenException {
            return delegate.fetchToken(processorName, segment);
        }

        @Override
        public TrackingToken fetchToken(String processorName, Segment segment) throws UnableToClaimTokenException {
            return delegate.fetchToken(processorName, segment);
        }

        @Override
        public void extendClaim(String processorName, int segment) throws UnableToClaimTokenException {
            delegate.extendClaim(processorName, segment);
        }

        @Override
        public void releaseClaim(String processorName, int segment) {
            delegate.releaseClaim(processorName, segment);
        }

        @Override
        public void initializeSegment(TrackingToken token, String processorName, int segment)
                throws UnableToInitializeTokenException {
            delegate.initializeSegment(token, processorName, segment);
        }

        @Override
        public void deleteToken(String processorName, int segment) throws UnableToClaimTokenException {
            delegate.deleteToken(processorName, segment);
        }

        @Override
        public boolean requiresExplicitSegmentInitialization() {
            return delegate.requiresExplicitSegmentInitialization();
        }

        @Override
        public int[] fetchSegments(String processorName) {
            return delegate.fetchSegments(processorName);
        }

        @Override
        public List<Segment> fetchAvailableSegments(String processorName) {
            return delegate.fetchAvailableSegments(processorName);
        }

        @Override
        public Optional<String> retrieveStorageIdentifier() {
            return delegate.retrieveStorageIdentifier();
        }
    }
}
