package io.assistantcore.ai.chat.guardrails;

import io.assistantcore.messages.chat.ScreeningVerdict;

/**
 * A guardrail verdict.
 *
 * @param category what was found ({@code none}, {@code prompt_injection}, {@code system_prompt_extraction}, …)
 * @param score    0..1, how strongly the message looks like an attack
 * @param reason   a reason the user can read (no message text in it)
 */
public record Screening(ScreeningVerdict verdict, String category, double score, String reason) {
}
