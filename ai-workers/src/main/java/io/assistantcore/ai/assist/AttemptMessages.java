package io.assistantcore.ai.assist;

import io.assistantcore.messages.common.CommandRejectedException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Sends a worker's commands and publishes its chunk events, each with the correlation data of the event that asked
 * for the attempt, so everything the attempt causes names the request that caused it.
 */
public final class AttemptMessages {

    private static final Logger log = LoggerFactory.getLogger(AttemptMessages.class);

    private final CommandGateway commands;
    private final EventGateway events;
    private final RunningAttempts running;

    public AttemptMessages(CommandGateway commands, EventGateway events) {
        this(commands, events, null);
    }

    /** @param running the attempts whose ending commands are observed under their attempt (null: none are) */
    public AttemptMessages(CommandGateway commands, EventGateway events, RunningAttempts running) {
        this.commands = commands;
        this.events = events;
        this.running = running;
    }

    /**
     * Sends a command and waits for it to be handled; answers false when the write model refused it (the attempt is
     * stale or finished — not an error for a worker, which then stops).
     *
     * @param id      the suggestion's or reply's id, for the log
     */
    public boolean send(Object command, Map<String, Object> metaData, String id, int attempt) {
        return sendFor(command, metaData, id, attempt) == Sent.HANDLED;
    }

    /** What became of a command a worker sent. */
    public enum Sent {
        HANDLED,
        /** Refused because the user cancelled the attempt: the worker records its cancelled output instead. */
        CANCELLED,
        /** Refused otherwise (the attempt is stale or finished). */
        REFUSED
    }

    /** Like {@link #send}, telling a refusal because the attempt was cancelled from the others. */
    public Sent sendFor(Object command, Map<String, Object> metaData, String id, int attempt) {
        if (running == null) {
            return dispatch(command, metaData, id, attempt);
        }
        Sent[] sent = {Sent.REFUSED};
        running.observability().send(command, running.observation(id, attempt), () -> {
            sent[0] = dispatch(command, metaData, id, attempt);
            return sent[0] == Sent.HANDLED;
        });
        return sent[0];
    }

    private Sent dispatch(Object command, Map<String, Object> metaData, String id, int attempt) {
        try {
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
            return Sent.HANDLED;
        } catch (CommandRejectedException rejected) {
            log.debug("Attempt {} of {}: {} refused: {}", attempt, id, command.getClass().getSimpleName(),
                    rejected.getMessage());
            return CommandRejectedException.ATTEMPT_CANCELLED.equals(rejected.code()) ? Sent.CANCELLED
                    : Sent.REFUSED;
        }
    }

    /** Publishes an event (a chunk of streamed text) straight to the event bus. */
    public void publish(Object event, Map<String, Object> metaData) {
        events.publish(GenericEventMessage.asEventMessage(event).andMetaData(metaData));
    }
}
