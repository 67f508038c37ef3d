package io.assistantcore.ai.assist;

import io.assistantcore.ai.generation.GenerationHandle;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attempts this node is starting or streaming, so a cancellation can close the provider connection. A cancel
 * that arrives while an attempt is still starting (no provider call yet) is applied as soon as the call begins.
 */
public final class RunningAttempts {

    private record Key(String suggestionId, int attempt) {
    }

    private static final class Entry {
        private GenerationHandle handle;
        private boolean cancelled;
    }

    private final Map<Key, Entry> attempts = new ConcurrentHashMap<>();

    /** An attempt starts on this node. */
    public void begin(String suggestionId, int attempt) {
        attempts.put(new Key(suggestionId, attempt), new Entry());
    }

    /**
     * The provider call of a begun attempt is running.
     *
     * @return false when the attempt was cancelled meanwhile (the handle has then been cancelled)
     */
    public boolean attach(String suggestionId, int attempt, GenerationHandle handle) {
        Entry entry = attempts.get(new Key(suggestionId, attempt));
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

    public void end(String suggestionId, int attempt) {
        attempts.remove(new Key(suggestionId, attempt));
    }

    /** Cancels the attempt if this node runs it; answers whether it did. */
    public boolean cancel(String suggestionId, int attempt) {
        Entry entry = attempts.get(new Key(suggestionId, attempt));
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

    public boolean isCancelled(String suggestionId, int attempt) {
        Entry entry = attempts.get(new Key(suggestionId, attempt));
        return entry != null && entry.cancelled;
    }

    public boolean runsHere(String suggestionId) {
        return attempts.keySet().stream().anyMatch(key -> key.suggestionId().equals(suggestionId));
    }
}
