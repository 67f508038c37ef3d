package io.assistantcore.ai.generation;

import io.assistantcore.messages.chat.MemoryInput.ProfileFact;

import java.util.List;

/**
 * The messages of one chat reply as a model receives them: the versioned system prompt (with the memory block of
 * summary and profile), then the kept turns and the new user message, oldest first. {@code profile} repeats the
 * profile facts for the offline engine, which answers from them without a model. {@code tools} are the tools the
 * model may call; {@code toolRounds} the rounds of tool calls already done in this reply, with their results.
 */
public record ChatPrompt(String systemMessage, List<Message> messages, List<ProfileFact> profile, String version,
                         List<ToolSpec> tools, List<ToolRound> toolRounds) {

    public ChatPrompt {
        messages = List.copyOf(messages);
        profile = profile == null ? List.of() : List.copyOf(profile);
        tools = tools == null ? List.of() : List.copyOf(tools);
        toolRounds = toolRounds == null ? List.of() : List.copyOf(toolRounds);
        if (messages.isEmpty() || messages.get(messages.size() - 1).role() != Role.USER) {
            throw new IllegalArgumentException("a chat prompt ends with the user's message");
        }
    }

    /** A prompt without tools. */
    public ChatPrompt(String systemMessage, List<Message> messages, List<ProfileFact> profile, String version) {
        this(systemMessage, messages, profile, version, List.of(), List.of());
    }

    /** The same prompt offering {@code tools}, after the tool rounds done so far. */
    public ChatPrompt withTools(List<ToolSpec> offered, List<ToolRound> rounds) {
        return new ChatPrompt(systemMessage, messages, profile, version, offered, rounds);
    }

    /** The message the reply answers. */
    public String latestUserMessage() {
        return messages.get(messages.size() - 1).text();
    }

    public enum Role { USER, ASSISTANT }

    public record Message(Role role, String text) {
    }
}
