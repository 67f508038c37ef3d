package io.assistantcore.ai.assist;

import io.assistantcore.messages.assist.AssistCommands.CompleteSuggestion;
import io.assistantcore.messages.assist.AssistCommands.FailOverSuggestion;
import io.assistantcore.messages.assist.AssistCommands.FailSuggestion;
import io.assistantcore.messages.assist.AssistCommands.RecordCancelledOutput;
import io.assistantcore.messages.chat.ChatCommands.AwaitToolCalls;
import io.assistantcore.messages.chat.ChatCommands.CompleteReply;
import io.assistantcore.messages.chat.ChatCommands.FailOverReply;
import io.assistantcore.messages.chat.ChatCommands.FailReply;
import io.assistantcore.messages.chat.ChatCommands.RecordCancelledReplyOutput;
import io.assistantcore.messages.chat.ChatCommands.RefuseReply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;

import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the workers record of each attempt (docs/observability.md):
 * <ul>
 *     <li>an observation {@code assistant.attempt} from the moment a worker takes the attempt up until it ends — with
 *     tracing on, a span that continues the trace of the request that asked for it: its W3C {@code traceparent}
 *     travels in the event's metadata across the asynchronous hop from the API to the worker;</li>
 *     <li>observations of the steps inside it ({@code assistant.chat.routing}, {@code assistant.chat.retrieval}) and
 *     of the command that ends it ({@code assistant.attempt.end});</li>
 *     <li>the counter {@code assistant.ai.attempts} by kind (suggestion, reply) and outcome.</li>
 * </ul>
 * Tags are bounded: kind and outcome only.
 */
public final class AttemptObservability {

    public static final String ATTEMPT = "assistant.attempt";
    public static final String ATTEMPT_END = "assistant.attempt.end";
    public static final String ATTEMPTS = "assistant.ai.attempts";
    public static final String SUGGESTION = "suggestion";
    public static final String REPLY = "reply";

    /** Observes nothing (tests and tools that run attempts without a registry). */
    public static final AttemptObservability NONE = new AttemptObservability(ObservationRegistry.NOOP,
            new SimpleMeterRegistry());

    private record Ending(String kind, String outcome, Counter counter) {
    }

    private final ObservationRegistry observations;
    private final Map<Class<?>, Ending> endings;

    public AttemptObservability(ObservationRegistry observations, MeterRegistry meters) {
        this.observations = observations;
        this.endings = Map.of(
                CompleteSuggestion.class, ending(meters, SUGGESTION, "completed"),
                FailSuggestion.class, ending(meters, SUGGESTION, "failed"),
                FailOverSuggestion.class, ending(meters, SUGGESTION, "failed_over"),
                RecordCancelledOutput.class, ending(meters, SUGGESTION, "cancelled"),
                CompleteReply.class, ending(meters, REPLY, "completed"),
                FailReply.class, ending(meters, REPLY, "failed"),
                FailOverReply.class, ending(meters, REPLY, "failed_over"),
                RecordCancelledReplyOutput.class, ending(meters, REPLY, "cancelled"),
                RefuseReply.class, ending(meters, REPLY, "refused"),
                AwaitToolCalls.class, ending(meters, REPLY, "awaiting_tools"));
    }

    private static Ending ending(MeterRegistry meters, String kind, String outcome) {
        return new Ending(kind, outcome, Counter.builder(ATTEMPTS)
                .description("Attempts of suggestions and chat replies by how the worker ended them")
                .tag("kind", kind).tag("outcome", outcome).register(meters));
    }

    /**
     * Starts the observation of an attempt, as a child of the trace context in the metadata of the event that asked
     * for it (a {@code traceparent} entry), or of nothing.
     */
    public Observation startAttempt(String kind, Map<String, Object> metaData) {
        ReceiverContext<Map<String, Object>> context = new ReceiverContext<>(
                (carrier, key) -> carrier.get(key) instanceof String value ? value : null);
        context.setCarrier(metaData == null ? Map.of() : metaData);
        context.setRemoteServiceName("assistant-core");
        return Observation.createNotStarted(ATTEMPT, () -> context, observations)
                .contextualName(kind + " attempt")
                .lowCardinalityKeyValue("kind", kind)
                .start();
    }

    /** Runs a step of an attempt (routing, retrieval) as an observation under it. */
    public <T> T step(String name, Observation attempt, Supplier<T> step) {
        return Observation.createNotStarted(name, observations).parentObservation(attempt).observe(step);
    }

    /**
     * Sends a worker's command: the one that ends an attempt is observed under the attempt and counted by outcome
     * when the write model took it; any other is just sent.
     */
    boolean send(Object command, Observation attempt, BooleanSupplier send) {
        Ending ending = endings.get(command.getClass());
        if (ending == null) {
            return send.getAsBoolean();
        }
        Observation end = Observation.createNotStarted(ATTEMPT_END, observations)
                .parentObservation(attempt)
                .contextualName(ending.kind() + " " + ending.outcome())
                .lowCardinalityKeyValue("kind", ending.kind())
                .lowCardinalityKeyValue("outcome", ending.outcome())
                .start();
        try (Observation.Scope ignored = end.openScope()) {
            boolean sent = send.getAsBoolean();
            if (sent) {
                ending.counter().increment();
            }
            return sent;
        } catch (RuntimeException e) {
            end.error(new Failed(e));
            throw e;
        } finally {
            end.stop();
        }
    }

    /** What a failed observation records: the failure's class, never its message (it may quote personal text). */
    public static final class Failed extends RuntimeException {
        public Failed(Throwable failure) {
            super(failure.getClass().getName(), null, false, false);
        }
    }
}
