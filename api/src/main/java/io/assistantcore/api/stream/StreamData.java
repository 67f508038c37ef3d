package io.assistantcore.api.stream;

import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.common.Money;

import java.util.Map;

/** Values as the data of stream events shows them, alike for every kind of stream. */
public final class StreamData {

    private StreamData() {
    }

    public static Map<String, Object> usage(TokenUsage usage) {
        TokenUsage used = usage == null ? TokenUsage.NONE : usage;
        return Map.of("inputTokens", used.inputTokens(), "outputTokens", used.outputTokens(),
                "reportedByProvider", used.reportedByProvider());
    }

    /** The terminal event of an attempt that failed, with a reason the user can read. */
    public static StreamKind.Event failed(int attempt, String reason) {
        return new StreamKind.Event("failed", Map.of("reason", String.valueOf(reason), "attempt", attempt));
    }

    /** The terminal event of an attempt the user stopped. */
    public static StreamKind.Event cancelled(int attempt) {
        return new StreamKind.Event("cancelled", Map.of("attempt", attempt));
    }

    /** Null stays null (a model without a price). */
    public static Map<String, Object> money(Money money) {
        return money == null ? null : Map.of("amount", money.amount(), "currency", money.currency());
    }
}
