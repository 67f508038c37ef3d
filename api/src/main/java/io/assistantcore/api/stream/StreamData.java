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

    /** Null stays null (a model without a price). */
    public static Map<String, Object> money(Money money) {
        return money == null ? null : Map.of("amount", money.amount(), "currency", money.currency());
    }
}
