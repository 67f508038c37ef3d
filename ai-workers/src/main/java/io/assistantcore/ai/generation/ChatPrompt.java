package io.assistantcore.ai.generation;

import io.assistantcore.messages.chat.MemoryInput.ProfileFact;

import java.util.List;

/**
 * The messages of one chat reply as a model receives them: the versioned system prompt (with the memory block of
 * summary and profile), then the kept turns and the new user message, oldest first. {@code profile} repeats the
 * profile facts for the offline engine, which answers from them without a model.
 */
public record ChatPrompt(String systemMessage, List<Message> messages, List<ProfileFact> profile, String version) {

    public ChatPrompt {
        messages = List.copyOf(messages);
        profile = profile == null ? List.of() : List.copyOf(profile);
        if (messages.isEmpty() || messages.get(messages.size() - 1).role() != Role.USER) {
            throw new IllegalArgumentException("a chat prompt ends with the user's message");
        }
    }

    /** The message the reply answers. */
    public String latestUserMessage() {
        return messages.get(messages.size() - 1).text();
    }

    public enum Role { USER, ASSISTANT }

    public record Message(Role role, String text) {
    }
}
