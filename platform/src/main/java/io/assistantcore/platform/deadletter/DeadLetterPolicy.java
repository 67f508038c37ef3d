package io.assistantcore.platform.deadletter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An event a projection (or another dead-lettering processor) cannot handle is set aside in the dead-letter queue,
 * so the processor goes on with every other sequence (aggregate). It is counted ({@code assistant.dead.letters}) and logged with its id and type only;
 * the cause kept with it is {@link ScrubbedFailure scrubbed}, because the queue is listed over the API.
 */
class DeadLetterPolicy implements EnqueuePolicy<EventMessage<?>> {

    static final String METRIC = "assistant.dead.letters";
    private static final Logger log = LoggerFactory.getLogger(DeadLetterPolicy.class);

    private final String processingGroup;
    private final MeterRegistry meters;

    DeadLetterPolicy(String processingGroup, MeterRegistry meters) {
        this.processingGroup = processingGroup;
        this.meters = meters;
    }

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        if (cause instanceof BatchSavepoints.RedoFailedException redoFailed) {
            // not this event's fault: its batch could not be kept in part, so the batch fails and is taken again
            throw redoFailed;
        }
        EventMessage<?> event = letter.message();
        String eventType = event.getPayloadType().getSimpleName();
        ScrubbedFailure scrubbed = ScrubbedFailure.of(cause);
        Counter.builder(METRIC)
                .description("Events a processor could not handle, set aside in the dead-letter queue")
                .tag("processing_group", processingGroup)
                .tag("event_type", eventType)
                .register(meters)
                .increment();
        log.error("Processor {} could not handle event {} ({}); it and later events of its sequence wait in the "
                        + "dead-letter queue (GET /api/v1/admin/dead-letters): {}",
                processingGroup, event.getIdentifier(), eventType, scrubbed.getMessage());
        return Decisions.enqueue(scrubbed);
    }
}
