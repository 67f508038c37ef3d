package io.assistantcore.ai.offline;

import io.assistantcore.messages.assist.AiAction;

import java.util.List;
import java.util.Objects;

/**
 * What a free instruction was understood as: one or more steps carried out in order ("fix typos and shorten" is
 * fix, then shorten). A step is one of the engine's actions, or a form: a bullet list, one sentence, or at most N
 * words.
 */
public record FreePromptPlan(List<Step> steps) {

    public FreePromptPlan {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("A plan has at least one step");
        }
    }

    /** The forms a step can have besides an action. */
    public enum Form { ACTION, BULLETS, ONE_SENTENCE, WORD_LIMIT }

    /**
     * One step.
     *
     * @param form   ACTION, or the form asked for
     * @param action the action when {@code form} is ACTION, else null
     * @param words  the word limit for WORD_LIMIT, else 0
     */
    public record Step(Form form, InterpretedAction action, int words) {

        public Step {
            Objects.requireNonNull(form, "form");
            if ((form == Form.ACTION) != (action != null)) {
                throw new IllegalArgumentException("An action goes with the ACTION form and only with it");
            }
            if ((form == Form.WORD_LIMIT) != (words > 0)) {
                throw new IllegalArgumentException("A word limit goes with the WORD_LIMIT form and only with it");
            }
        }

        static Step of(InterpretedAction action) {
            return new Step(Form.ACTION, action, 0);
        }

        /** "FIX_GRAMMAR", "CHANGE_TONE:FORMAL", "BULLETS", "ONE_SENTENCE", "WORD_LIMIT:50". */
        public String label() {
            return switch (form) {
                case ACTION -> action.action() == AiAction.CHANGE_TONE
                        ? "CHANGE_TONE:" + action.tone() : action.action().name();
                case WORD_LIMIT -> "WORD_LIMIT:" + words;
                default -> form.name();
            };
        }
    }

    /** The single action of a one-step plan without a form, else null. */
    InterpretedAction singleAction() {
        return steps.size() == 1 && steps.get(0).form() == Form.ACTION ? steps.get(0).action() : null;
    }
}
