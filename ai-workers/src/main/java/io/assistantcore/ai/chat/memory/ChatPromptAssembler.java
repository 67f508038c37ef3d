package io.assistantcore.ai.chat.memory;

import io.assistantcore.ai.chat.ChatPromptBuilder;
import io.assistantcore.ai.generation.ChatPrompt;
import io.assistantcore.ai.generation.ChatPrompt.Message;
import io.assistantcore.ai.generation.ChatPrompt.Role;
import io.assistantcore.ai.generation.TokenEstimator;
import io.assistantcore.messages.chat.MemoryInput.ProfileFact;
import io.assistantcore.messages.chat.MemoryInput.ToolExchange;
import io.assistantcore.messages.chat.MemoryInput.Turn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a reply's {@link ChatPrompt} from the memory plan and the new message: the versioned system prompt, followed
 * in the same system message by the memory block (profile facts, running summary, and a note when something was
 * dropped); then every kept turn as a user message and an assistant message (the reply's tool calls and their
 * results rendered at the start of the assistant message, each call right before its result); then the new message.
 *
 * <p>It also measures what it renders, so that {@link TokenBudgetMemoryPlanner} budgets exactly the text the model
 * will receive: {@link TokenEstimator} tokens plus {@link #MESSAGE_OVERHEAD_TOKENS} per message for the role markup.
 */
public final class ChatPromptAssembler implements ChatPromptBuilder {

    /** Tokens a chat API adds around every message (role and separators); an upper estimate across providers. */
    public static final int MESSAGE_OVERHEAD_TOKENS = 4;

    private final ChatPromptTemplates templates;

    public ChatPromptAssembler() {
        this(new ChatPromptTemplates());
    }

    public ChatPromptAssembler(ChatPromptTemplates templates) {
        this.templates = Objects.requireNonNull(templates, "templates");
    }

    public ChatPromptTemplates templates() {
        return templates;
    }

    /** With the {@link ChatPromptTemplates#CURRENT_VERSION current} system prompt. */
    public ChatPrompt assemble(MemoryPlan plan, String newMessage) {
        return assemble(plan, newMessage, null);
    }

    /**
     * @param promptVersion the chat prompt version the reply was requested with (null: the current one)
     * @throws IllegalArgumentException for an unknown version or a blank message
     */
    public ChatPrompt assemble(MemoryPlan plan, String newMessage, String promptVersion) {
        Objects.requireNonNull(plan, "plan");
        if (newMessage == null || newMessage.isBlank()) {
            throw new IllegalArgumentException("a chat prompt needs the user's message");
        }
        ChatPromptTemplates.Version version = templates.version(promptVersion);
        String memory = memoryBlock(version, plan.profile(), plan.summary(), plan.turnsCondensed(), plan.truncated());
        String system = memory.isEmpty() ? version.system() : version.system() + "\n\n" + memory;
        List<Message> messages = new ArrayList<>();
        for (Turn turn : plan.kept()) {
            messages.add(new Message(Role.USER, turn.userText()));
            messages.add(new Message(Role.ASSISTANT, assistantText(version, turn)));
        }
        messages.add(new Message(Role.USER, newMessage));
        return new ChatPrompt(system, messages, plan.profile(), version.name());
    }

    /** The chat worker's {@link ChatPromptBuilder}: {@link #assemble(MemoryPlan, String, String)}. */
    @Override
    public ChatPrompt build(MemoryPlan plan, String newMessage, String promptVersion) {
        return assemble(plan, newMessage, promptVersion);
    }

    @Override
    public String instructions(String promptVersion) {
        return templates.version(promptVersion).system();
    }

    /** Tokens of the system prompt of {@code promptVersion} without memory, with its message overhead. */
    public long systemTokens(String promptVersion) {
        return TokenEstimator.count(templates.version(promptVersion).system()) + MESSAGE_OVERHEAD_TOKENS;
    }

    /** Tokens the memory block adds to the system message (0 when it is empty). */
    public long memoryTokens(String promptVersion, List<ProfileFact> profile, String summary, int turnsCondensed,
                             boolean truncated) {
        String block = memoryBlock(templates.version(promptVersion), profile, summary, turnsCondensed, truncated);
        return block.isEmpty() ? 0 : TokenEstimator.count("\n\n" + block);
    }

    /** Tokens of a turn as it is rendered: its user message and its assistant message. */
    public long turnTokens(String promptVersion, Turn turn) {
        ChatPromptTemplates.Version version = templates.version(promptVersion);
        return messageTokens(turn.userText()) + messageTokens(assistantText(version, turn));
    }

    /** Tokens of one message of the given text. */
    public static long messageTokens(String text) {
        return TokenEstimator.count(text) + MESSAGE_OVERHEAD_TOKENS;
    }

    /** The assistant message of a turn: its tool calls, each followed by its result, then the reply's text. */
    public String assistantText(Turn turn) {
        return assistantText(templates.version(null), turn);
    }

    /** The tool records and the reply's text of a turn, as the prompt of {@code promptVersion} shows them. */
    static String assistantText(ChatPromptTemplates.Version version, Turn turn) {
        StringBuilder text = new StringBuilder();
        for (ToolExchange exchange : turn.toolCalls()) {
            String tool = nullToEmpty(exchange.tool());
            text.append(version.memory("tool.call", Map.of("tool", tool,
                    "arguments", nullToEmpty(exchange.arguments())))).append('\n');
            text.append(version.memory("tool.result", Map.of("tool", tool,
                    "result", nullToEmpty(exchange.result())))).append('\n');
        }
        String reply = turn.replyText() == null ? "" : turn.replyText();
        if (reply.isBlank()) {
            reply = turn.toolCalls().isEmpty() ? version.memory("empty.reply", Map.of()) : "";
        } else if (!turn.toolCalls().isEmpty()) {
            text.append('\n');
        }
        return text.append(reply).toString().stripTrailing();
    }

    static String memoryBlock(ChatPromptTemplates.Version version, List<ProfileFact> profile, String summary,
                              int turnsCondensed, boolean truncated) {
        boolean hasProfile = profile != null && !profile.isEmpty();
        boolean hasSummary = summary != null && !summary.isBlank();
        if (!hasProfile && !hasSummary && !truncated) {
            return "";
        }
        StringBuilder block = new StringBuilder(version.memory("heading", Map.of()));
        if (hasProfile) {
            block.append("\n\n").append(version.memory("profile.heading", Map.of()));
            for (ProfileFact fact : profile) {
                block.append('\n').append(version.memory("profile.item",
                        Map.of("label", version.factLabel(fact.key()), "value", fact.value())));
            }
        }
        if (hasSummary) {
            block.append("\n\n").append(version.memory("summary.heading",
                    Map.of("turns", Integer.toString(turnsCondensed)))).append('\n').append(summary.strip());
        }
        if (truncated) {
            block.append("\n\n").append(version.memory("truncated", Map.of()));
        }
        return block.toString();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
