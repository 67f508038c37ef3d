package io.assistantcore.messages.common;

/**
 * Marks the event after which its aggregate no longer exists for readers (its read model hides it). A read that
 * misses an aggregate whose last event is a deletion is answered "not found" at once; one that misses an aggregate
 * the event store holds otherwise is a read model still behind (see the API's read-your-writes).
 */
public interface Deletion {
}
