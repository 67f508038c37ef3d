package io.assistantcore.ai.chat.memory;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import io.assistantcore.ai.generation.TokenEstimator;
import io.assistantcore.ai.privacy.PiiMasker;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.chat.MemoryInput.ToolExchange;
import io.assistantcore.messages.chat.MemoryInput.Turn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;

/**
 * Condenses turns with a remote model (one non-streaming call), when the {@link SummaryPolicy} lets the turns leave
 * the platform and a configured model is allowed by it; otherwise, and whenever the call fails or answers nothing
 * usable, the {@code fallback} (the {@link ExtractiveSummarizer}) writes the summary offline.
 *
 * <p>The model receives the versioned instructions ({@code prompts/chat/<version>/summarize.txt}, asking for at most
 * {@link #wordsFor(int)} words) and the previous summary with the turns to add, tool results shortened to
 * {@link #TOOL_RESULT_MAX_CHARS} characters. E-mail addresses, phone and card numbers are masked on the way out when
 * the policy says so and restored in the answer. The input is limited to half the model's context window; more
 * falls back to the offline summary. An answer longer than {@code maxTokens} (or one the model had to stop early) is
 * cut at a word boundary and reported as truncated. The call's usage (as the provider reported it, else estimated)
 * is returned for billing.
 */
public final class ModelSummarizer implements Summarizer {

    private static final Logger log = LoggerFactory.getLogger(ModelSummarizer.class);

    /** Below this budget a model call is not worth it; the offline summary serves. */
    static final int MIN_MODEL_TOKENS = 48;
    static final int TOOL_RESULT_MAX_CHARS = 1_000;

    /** A configured remote model the summarizer may call. */
    public record Target(String provider, String model, ChatModel chatModel) {
        public Target {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(chatModel, "chatModel");
        }
    }

    private final List<Target> targets;
    private final Summarizer fallback;
    private final ChatPromptTemplates templates;
    private final ContextWindows windows;
    private final PiiMasker masker = new PiiMasker();

    /**
     * @param targets  the configured remote models in preference order (the first one the policy allows is used)
     * @param fallback writes the summary when no model may or can
     */
    public ModelSummarizer(List<Target> targets, Summarizer fallback, ChatPromptTemplates templates,
                           ContextWindows windows) {
        this.targets = List.copyOf(targets);
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.templates = Objects.requireNonNull(templates, "templates");
        this.windows = Objects.requireNonNull(windows, "windows");
    }

    @Override
    public Condensation summarize(String previousSummary, List<Turn> turns, int maxTokens, SummaryPolicy policy) {
        String previous = previousSummary == null ? "" : previousSummary.strip();
        List<Turn> condensing = turns == null ? List.of() : turns;
        SummaryPolicy allowed = policy == null ? SummaryPolicy.OFFLINE_ONLY : policy;
        if (condensing.isEmpty() && TokenEstimator.count(previous) <= maxTokens) {
            return Condensation.offline(previous, false);
        }
        Target target = targets.stream().filter(t -> allowed.allows(t.provider(), t.model())).findFirst().orElse(null);
        if (target == null || maxTokens < MIN_MODEL_TOKENS) {
            return fallback.summarize(previous, condensing, maxTokens, allowed);
        }
        ChatPromptTemplates.Version version = templates.version(null);
        PiiMasker.Masked masked = masker.newRequest();
        String input = version.summarizeInput(previous.isEmpty() ? "(none)" : previous, render(version, condensing));
        if (allowed.maskPii()) {
            input = masker.mask(input, masked);
        }
        String instructions = version.summarizeInstructions(wordsFor(maxTokens));
        long inputTokens = TokenEstimator.count(instructions) + TokenEstimator.count(input);
        if (inputTokens > windows.forModel(target.model()) / 2) {
            return fallback.summarize(previous, condensing, maxTokens, allowed);
        }
        ChatResponse response;
        try {
            response = target.chatModel().chat(ChatRequest.builder()
                    .messages(SystemMessage.from(instructions), UserMessage.from(input))
                    .build());
        } catch (RuntimeException e) {
            // no text of the conversation in the log: only which provider failed and how
            log.warn("Condensing turns with {} failed ({}); writing the summary offline", target.provider(),
                    e.getClass().getSimpleName());
            return fallback.summarize(previous, condensing, maxTokens, allowed);
        }
        String text = response == null || response.aiMessage() == null || response.aiMessage().text() == null
                ? "" : response.aiMessage().text().strip();
        if (text.isEmpty()) {
            log.warn("{} returned no summary; writing the summary offline", target.provider());
            return fallback.summarize(previous, condensing, maxTokens, allowed);
        }
        text = masked.restore(text);
        boolean truncated = response.finishReason() == FinishReason.LENGTH;
        if (TokenEstimator.count(text) > maxTokens) {
            text = ExtractiveSummarizer.cutToTokens(text, maxTokens);
            truncated = true;
        }
        return new Condensation(text, truncated, new SummaryCall(target.provider(), target.model(),
                usage(response, instructions, input)));
    }

    /** Words asked for: about three quarters of a token each, kept a little under the budget. */
    static int wordsFor(int maxTokens) {
        return Math.max(20, (int) Math.floor(maxTokens * 0.6));
    }

    private static TokenUsage usage(ChatResponse response, String instructions, String input) {
        dev.langchain4j.model.output.TokenUsage reported = response.tokenUsage();
        if (reported != null && reported.inputTokenCount() != null && reported.outputTokenCount() != null) {
            return new TokenUsage(reported.inputTokenCount(), reported.outputTokenCount(), true);
        }
        String output = response.aiMessage() == null ? "" : response.aiMessage().text();
        return new TokenUsage(TokenEstimator.count(instructions) + TokenEstimator.count(input),
                TokenEstimator.count(output), false);
    }

    private static String render(ChatPromptTemplates.Version version, List<Turn> turns) {
        StringBuilder out = new StringBuilder();
        for (Turn turn : turns) {
            if (!out.isEmpty()) {
                out.append("\n\n");
            }
            out.append("Turn ").append(turn.number()).append("\nUser: ")
                    .append(turn.userText() == null ? "" : turn.userText().strip());
            Turn shortened = new Turn(turn.number(), turn.userText(), turn.replyText(), turn.toolCalls().stream()
                    .map(call -> new ToolExchange(call.tool(), call.arguments(), shorten(call.result())))
                    .toList());
            out.append("\nAssistant: ").append(ChatPromptAssembler.assistantText(version, shortened));
        }
        return out.toString();
    }

    private static String shorten(String text) {
        if (text == null || text.length() <= TOOL_RESULT_MAX_CHARS) {
            return text;
        }
        return text.substring(0, TOOL_RESULT_MAX_CHARS) + "…";
    }
}
