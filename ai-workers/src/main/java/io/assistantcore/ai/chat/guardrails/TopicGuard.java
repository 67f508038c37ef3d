package io.assistantcore.ai.chat.guardrails;

import java.util.List;
import java.util.Optional;

/** Finds whether a message is about one of a tenant's blocked topics. */
public interface TopicGuard {

    /** The blocked topic the message is about, if any. */
    Optional<String> blockedTopic(String text, List<String> blockedTopics);
}
