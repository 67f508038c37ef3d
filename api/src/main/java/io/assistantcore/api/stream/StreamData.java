package io.assistantcore.api.stream;

import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.common.Money;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Values as the data of stream events shows them, alike for every kind of stream, with their keys in a fixed order so
 * the same event serialises to the same text on every node and every run.
 */
public final class StreamData {

    private StreamData() {
    }

    public static Map<String, Object> usage(TokenUsage usage) {
        TokenUsage used = usage == null ? TokenUsage.NONE : usage;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("inputTokens", used.inputTokens());
        data.put("outputTokens", used.outputTokens());
        data.put("reportedByProvider", used.reportedByProvider());
        return data;
    }

    /** The terminal event of an attempt that failed, with a reason the user can read. */
    public static StreamKind.Event failed(int attempt, String reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reason", String.valueOf(reason));
        data.put("attempt", attempt);
        return new StreamKind.Event("failed", data);
    }

    /** The terminal event of an attempt the user stopped. */
    public static StreamKind.Event cancelled(int attempt) {
        return new StreamKind.Event("cancelled", Map.of("attempt", attempt));
    }

    /**
     * Null stays null (a model without a price). The amount is written in its shortest plain form, whatever scale it
     * was computed or stored with, so the live event and the one replayed from the history read alike ({@code 0},
     * {@code 0.00042}, {@code 12} — never {@code 0.00000000} on one and {@code 0} on the other).
     */
    public static Map<String, Object> money(Money money) {
        if (money == null) {
            return null;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("amount", plain(money.amount()));
        data.put("currency", money.currency());
        return data;
    }

    static BigDecimal plain(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
