package io.assistantcore.ai.generation;

import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.assist.Tone;

import java.util.List;

/**
 * What one generation must do, as a provider sees it: the action (with its tone or instruction), the text to work
 * on and the context items that may leave the platform. Text and context are already PII-masked when the tenant
 * asks for it.
 *
 * @param tone          set with {@link AiAction#CHANGE_TONE}, else null
 * @param instruction   set with {@link AiAction#FREE_PROMPT}, else null
 * @param promptVersion version of the prompt templates to render (see {@code PromptTemplates})
 * @param model         the model to use, or null for the provider's configured default
 */
public record GenerationRequest(AiAction action, Tone tone, String instruction, String text,
                                List<ContextItem> context, String promptVersion, String model) {

    public GenerationRequest {
        context = context == null ? List.of() : List.copyOf(context);
    }
}
