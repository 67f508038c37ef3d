package io.assistantcore.ai.chat;

import io.assistantcore.ai.chat.guardrails.InputScreen;
import io.assistantcore.ai.chat.guardrails.OutputCheck;
import io.assistantcore.ai.chat.guardrails.TopicGuard;
import io.assistantcore.ai.chat.memory.ContextWindows;
import io.assistantcore.ai.chat.memory.MemoryPlanner;
import io.assistantcore.ai.chat.routing.MessageRouter;

import java.util.ArrayList;
import java.util.List;

/**
 * The steps a reply goes through besides the provider call: input screen, blocked topics, router, memory policy,
 * prompt assembly and output check, and the context windows the memory is planned for. A node that lacks one of them
 * fails replies with a reason instead of answering unguarded.
 */
public record ChatReplyParts(InputScreen screen, TopicGuard topics, MessageRouter router, MemoryPlanner memory,
                             ChatPromptBuilder prompts, OutputCheck output, ContextWindows windows) {

    /** With the built-in context windows. */
    public ChatReplyParts(InputScreen screen, TopicGuard topics, MessageRouter router, MemoryPlanner memory,
                          ChatPromptBuilder prompts, OutputCheck output) {
        this(screen, topics, router, memory, prompts, output, new ContextWindows());
    }

    /** The names of the parts this node lacks (empty: complete). */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (screen == null) {
            missing.add("input screen");
        }
        if (topics == null) {
            missing.add("topic guard");
        }
        if (router == null) {
            missing.add("router");
        }
        if (memory == null) {
            missing.add("memory planner");
        }
        if (prompts == null) {
            missing.add("prompt builder");
        }
        if (output == null) {
            missing.add("output check");
        }
        if (windows == null) {
            missing.add("context windows");
        }
        return missing;
    }
}
