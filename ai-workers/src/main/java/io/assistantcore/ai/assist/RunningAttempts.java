package io.assistantcore.ai.assist;

import io.assistantcore.ai.generation.GenerationHandle;

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
    }

    private final Map<Key, Entry> attempts = new ConcurrentHashMap<>();

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
        attempts.remove(new Key(id, attempt));
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
