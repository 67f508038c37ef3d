package io.assistantcore.messages.knowledge;

/** What an uploaded file is for: the tenant's knowledge, or one conversation (an attachment). */
public enum FileScope {
    KNOWLEDGE,
    CONVERSATION
}
