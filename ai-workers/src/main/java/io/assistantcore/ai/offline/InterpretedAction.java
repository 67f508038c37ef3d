package io.assistantcore.ai.offline;

import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.Tone;

import java.util.Objects;

/**
 * A free instruction understood as one of the engine's own actions.
 *
 * @param action the action; never {@link AiAction#FREE_PROMPT}
 * @param tone   the target tone when {@code action} is {@link AiAction#CHANGE_TONE}, else null
 */
public record InterpretedAction(AiAction action, Tone tone) {

    public InterpretedAction {
        Objects.requireNonNull(action, "action");
        if (action == AiAction.FREE_PROMPT) {
            throw new IllegalArgumentException("A free prompt is not an interpreted action");
        }
        if ((action == AiAction.CHANGE_TONE) != (tone != null)) {
            throw new IllegalArgumentException("A tone goes with CHANGE_TONE and only with it");
        }
    }
}
