package io.assistantcore.ai.chat;

import io.assistantcore.ai.generation.ChatPrompt;

/**
 * How the offline engine (provider {@code local}) answers a chat message without a model: from the prompt's latest
 * message, its kept turns and the profile facts. Deterministic, no network. An answer the engine cannot give is
 * said plainly in the returned text (never invented).
 */
public interface OfflineChatAnswers {

    /** The reply to {@link ChatPrompt#latestUserMessage()}; never blank. */
    String respond(ChatPrompt prompt);
}
