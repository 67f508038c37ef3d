package io.assistantcore.ai.chat;

import io.assistantcore.ai.chat.memory.MemoryPlan;
import io.assistantcore.ai.generation.ChatPrompt;

/**
 * Assembles the messages of one reply: the versioned chat system prompt with the memory block (the plan's summary
 * and profile), the turns the plan keeps verbatim, then the new message.
 */
public interface ChatPromptBuilder {

    /**
     * @param promptVersion the version of the chat system prompt named in the reply's spec
     * @throws IllegalArgumentException for an unknown prompt version
     */
    ChatPrompt build(MemoryPlan plan, String newMessage, String promptVersion);

    /**
     * The instructions of the system prompt alone (without the memory block), which a reply must not reveal; the
     * output check compares replies with this, so a reply that repeats the user's own summary or profile is not
     * taken for a leak. Null: compare with the whole system message.
     */
    default String instructions(String promptVersion) {
        return null;
    }
}
