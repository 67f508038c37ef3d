package io.assistantcore.platform.deadletter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's default for handlers without a dead-letter queue (log and go on), counted
 * ({@code assistant.handler.failures}) and with a log line that holds no data: the event's id and type and the
 * {@link ScrubbedFailure scrubbed} failure, never its message or the payload.
 */
class ScrubbedLoggingErrorHandler implements ListenerInvocationErrorHandler {

    static final String METRIC = "assistant.handler.failures";
    private static final Logger log = LoggerFactory.getLogger(ScrubbedLoggingErrorHandler.class);

    private final MeterRegistry meters;

    ScrubbedLoggingErrorHandler(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void onError(Exception exception, EventMessage<?> event, EventMessageHandler eventHandler) {
        String handler = eventHandler.getTargetType().getSimpleName();
        Counter.builder(METRIC)
                .description("Event handler failures of processors without a dead-letter queue (the event was skipped)")
                .tag("handler", handler)
                .register(meters)
                .increment();
        log.error("Handler {} failed on event {} ({}) and went on without it: {}", handler, event.getIdentifier(),
                event.getPayloadType().getSimpleName(), ScrubbedFailure.describe(exception));
    }
}
