package io.assistantcore.ai.chat.memory;

import io.assistantcore.messages.chat.MemoryInput;

/**
 * The memory policy: decides which turns of a conversation go into a reply's prompt verbatim, which are condensed
 * into the running summary, and what the user's profile now holds.
 */
public interface MemoryPlanner {

    /**
     * Plans with the summary written offline ({@link SummaryPolicy#OFFLINE_ONLY}): nothing leaves the platform.
     *
     * @param memory              the conversation's memory as the aggregate holds it
     * @param newMessage          the user's new message
     * @param contextWindowTokens the context window of the model the reply was routed to
     */
    MemoryPlan plan(MemoryInput memory, String newMessage, int contextWindowTokens);

    /**
     * Plans with the summary written as {@code policy} allows (a remote model when the tenant's AI policy permits
     * one and one is configured). The default ignores the policy and writes the summary offline.
     */
    default MemoryPlan plan(MemoryInput memory, String newMessage, int contextWindowTokens, SummaryPolicy policy) {
        return plan(memory, newMessage, contextWindowTokens);
    }
}
