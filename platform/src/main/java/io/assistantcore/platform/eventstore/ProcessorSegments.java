package io.assistantcore.platform.eventstore;

/**
 * How many segments a pooled streaming processor starts with when the token store holds none for it yet. Every
 * event is offered to each segment's work package (a handler match per segment), and each segment stores its own
 * token, so segments cost work per event even when nothing handles it. Processors whose handlers return quickly
 * (projections, workers that hand the work to threads of their own) start with
 * {@code assistant.processors.initial-segments} (default 2); those whose handlers wait on a remote party (a
 * provider's answer, a host application's tool, a webhook receiver) start with {@link #FOR_WAITING_HANDLERS}, so
 * that one slow call does not hold up the others. A processor that already has tokens keeps its segments (see
 * docs/operations.md for splitting and merging them).
 */
public final class ProcessorSegments {

    /** For processors whose handlers wait on remote calls. */
    public static final int FOR_WAITING_HANDLERS = 8;

    private ProcessorSegments() {
    }
}
