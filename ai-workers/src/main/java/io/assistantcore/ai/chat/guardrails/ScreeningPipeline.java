package io.assistantcore.ai.chat.guardrails;

import io.assistantcore.ai.assist.ProviderChain;

import io.assistantcore.messages.chat.ScreeningVerdict;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The input guardrail as the chat uses it: the local screen first, whose BLOCK and ALLOW are final, so a clear
 * attack never reaches any model and an ordinary message costs no call. Only a FLAG is shown to the
 * {@link LlmInjectionJudge}, when one is configured: an attack it is at least {@code judgeConfidence} sure of becomes
 * a BLOCK; anything else (not an attack, unsure, no answer) stays a FLAG. The caller passes the text that may leave
 * the platform (PII already masked when the tenant asks for it).
 */
public final class ScreeningPipeline implements InputScreen {

    private final InputScreen local;
    private final LlmInjectionJudge judge;
    private final double judgeConfidence;

    /**
     * @param judge           null when no remote provider is configured (the local verdict is final)
     * @param judgeConfidence the judge's confidence from which its "attack" blocks a flagged message
     */
    public ScreeningPipeline(InputScreen local, LlmInjectionJudge judge, double judgeConfidence) {
        this.local = Objects.requireNonNull(local, "local");
        this.judge = judge;
        if (!(judgeConfidence > 0 && judgeConfidence <= 1)) {
            throw new IllegalArgumentException("judgeConfidence must be in (0, 1]");
        }
        this.judgeConfidence = judgeConfidence;
    }

    /** Whether flagged messages get a second opinion. */
    public boolean judged() {
        return judge != null;
    }

    @Override
    public Screening screen(String text) {
        return screen(text, Set.of());
    }

    @Override
    public Screening screen(String text, Set<String> allowedModels) {
        Screening screening = local.screen(text);
        if (screening.verdict() != ScreeningVerdict.FLAG || judge == null
                || !ProviderChain.allows(allowedModels == null ? Set.of() : allowedModels, judge.providerId(),
                judge.model())) {
            return screening;
        }
        Optional<LlmInjectionJudge.Opinion> opinion = judge.judge(text);
        if (opinion.isEmpty()) {
            return screening;
        }
        LlmInjectionJudge.Opinion answer = opinion.get();
        if (answer.attack() && answer.confidence() >= judgeConfidence) {
            String category = InjectionDetector.NONE.equals(screening.category())
                    ? InjectionRules.Category.PROMPT_INJECTION.wireName() : screening.category();
            return new Screening(ScreeningVerdict.BLOCK, category, Math.max(screening.score(), answer.confidence()),
                    "The message looks like an attempt to change or reveal the assistant's instructions, and a second "
                            + "check confirmed it, so it is not answered. Please rephrase your request.");
        }
        return new Screening(ScreeningVerdict.FLAG, screening.category(), screening.score(),
                "Parts of the message resemble attempts to change or reveal the assistant's instructions; a second "
                        + "check did not confirm an attack, so it is answered, and the check is recorded.");
    }
}
