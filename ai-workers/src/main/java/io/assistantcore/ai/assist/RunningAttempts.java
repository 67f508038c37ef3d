package io.assistantcore.ai.assist;

import io.assistantcore.ai.generation.GenerationHandle;
import io.assistantcore.messages.common.MetaDataKeys;
import io.micrometer.observation.Observation;
import org.slf4j.MDC;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The attempts this node is starting or streaming, so a cancellation can close the provider connection. A cancel
 * that arrives while an attempt is still starting (no provider call yet) is applied as soon as the call begins.
 * Attempts are named by the id of what they produce — a suggestion or a chat reply (the ids are unique across both)
 * — and their number.
 */
public final class RunningAttempts {

    private record Key(String id, int attempt) {
    }

    private static final class Entry {
        private GenerationHandle handle;
        private boolean cancelled;
        private Observation observation;
    }

    private final Map<Key, Entry> attempts = new ConcurrentHashMap<>();
    private final AttemptObservability observability;

    public RunningAttempts() {
        this(AttemptObservability.NONE);
    }

    /** @param observability observes every attempt begun with its kind and metadata, from its start to its end */
    public RunningAttempts(AttemptObservability observability) {
        this.observability = observability;
    }

    public AttemptObservability observability() {
        return observability;
    }

    /**
     * Begins the attempt under an observation ({@link AttemptObservability#startAttempt}) that continues the trace
     * named in {@code metaData}, and runs {@code work} on {@code executor} within it; returns at once. The
     * observation stops when the attempt {@linkplain #end ends}.
     */
    public void run(String id, int attempt, String kind, Map<String, Object> metaData, Executor executor,
                    Runnable work) {
        Observation observation = observability.startAttempt(kind, metaData);
        Entry entry = new Entry();
        entry.observation = observation;
        attempts.put(new Key(id, attempt), entry);
        try {
            executor.execute(() -> {
                // the log context of the request that asked for the attempt (ids only, never text)
                putLogContext(metaData);
                try (Observation.Scope ignored = observation.openScope()) {
                    work.run();
                } finally {
                    MDC.remove(MetaDataKeys.TENANT_ID);
                    MDC.remove(MetaDataKeys.REQUEST_ID);
                }
            });
        } catch (RuntimeException rejected) {
            end(id, attempt);
            throw rejected;
        }
    }

    private static void putLogContext(Map<String, Object> metaData) {
        if (metaData == null) {
            return;
        }
        if (metaData.get(MetaDataKeys.TENANT_ID) instanceof String tenant) {
            MDC.put(MetaDataKeys.TENANT_ID, tenant);
        }
        if (metaData.get(MetaDataKeys.REQUEST_ID) instanceof String request) {
            MDC.put(MetaDataKeys.REQUEST_ID, request);
        }
    }

    /** The observation of a running attempt (null: none, or it is not running here). */
    public Observation observation(String id, int attempt) {
        Entry entry = attempts.get(new Key(id, attempt));
        if (entry == null) {
            return null;
        }
        synchronized (entry) {
            return entry.observation;
        }
    }

    /**
     * Begins the attempt and runs {@code work} on {@code executor}; returns at once. When the executor refuses the
     * work, the attempt ends here again and the refusal is thrown.
     */
    public void run(String id, int attempt, Executor executor, Runnable work) {
        begin(id, attempt);
        try {
            executor.execute(work);
        } catch (RuntimeException rejected) {
            end(id, attempt);
            throw rejected;
        }
    }

    /** An attempt starts on this node. */
    public void begin(String id, int attempt) {
        attempts.put(new Key(id, attempt), new Entry());
    }

    /**
     * The provider call of a begun attempt is running.
     *
     * @return false when the attempt was cancelled meanwhile (the handle has then been cancelled)
     */
    public boolean attach(String id, int attempt, GenerationHandle handle) {
        Entry entry = attempts.get(new Key(id, attempt));
        if (entry == null) {
            handle.cancel();
            return false;
        }
        synchronized (entry) {
            entry.handle = handle;
            if (entry.cancelled) {
                handle.cancel();
                return false;
            }
        }
        return true;
    }

    public void end(String id, int attempt) {
        Entry entry = attempts.remove(new Key(id, attempt));
        if (entry != null) {
            Observation observation;
            synchronized (entry) {
                observation = entry.observation;
                entry.observation = null;
            }
            if (observation != null) {
                observation.stop();
            }
        }
    }

    /** Cancels the attempt if this node runs it; answers whether it did. */
    public boolean cancel(String id, int attempt) {
        Entry entry = attempts.get(new Key(id, attempt));
        if (entry == null) {
            return false;
        }
        GenerationHandle handle;
        synchronized (entry) {
            entry.cancelled = true;
            handle = entry.handle;
        }
        if (handle != null) {
            handle.cancel();
        }
        return true;
    }

    public boolean isCancelled(String id, int attempt) {
        Entry entry = attempts.get(new Key(id, attempt));
        return entry != null && entry.cancelled;
    }

    public boolean runsHere(String id) {
        return attempts.keySet().stream().anyMatch(key -> key.id().equals(id));
    }
}
