package io.assistantcore.ai.generation;

import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.assist.Tone;

import java.util.List;

/**
 * What one generation must do, as a provider sees it: either an assist action (with its tone or instruction), the
 * text to work on and the context items that may leave the platform, or a chat reply ({@code chat}: the system
 * message and the conversation's messages, sent as they are instead of the assist templates). Text, context and chat
 * messages are already PII-masked when the tenant asks for it.
 *
 * @param tone          set with {@link AiAction#CHANGE_TONE}, else null
 * @param instruction   set with {@link AiAction#FREE_PROMPT}, else null
 * @param promptVersion version of the prompt templates to render (see {@code PromptTemplates}), or of the chat
 *                      system prompt
 * @param model         the model to use, or null for the provider's configured default
 * @param chat          the messages of a chat reply, or null for an assist action
 */
public record GenerationRequest(AiAction action, Tone tone, String instruction, String text,
                                List<ContextItem> context, String promptVersion, String model, ChatPrompt chat) {

    public GenerationRequest {
        context = context == null ? List.of() : List.copyOf(context);
    }

    /** An assist action. */
    public GenerationRequest(AiAction action, Tone tone, String instruction, String text, List<ContextItem> context,
                             String promptVersion, String model) {
        this(action, tone, instruction, text, context, promptVersion, model, null);
    }

    /** A chat reply on {@code model} (null: the provider's default); {@code text} is the message it answers. */
    public static GenerationRequest chat(ChatPrompt prompt, String model) {
        return new GenerationRequest(null, null, null, prompt.latestUserMessage(), List.of(), prompt.version(), model,
                prompt);
    }

    public boolean isChat() {
        return chat != null;
    }
}
