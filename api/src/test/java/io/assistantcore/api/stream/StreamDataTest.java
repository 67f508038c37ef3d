package io.assistantcore.api.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.common.Money;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class StreamDataTest {

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.WRITE_BIGDECIMAL_AS_PLAIN);

    @Test
    void moneyIsWrittenInItsShortestPlainFormWhateverItsScale() throws Exception {
        assertThat(json.writeValueAsString(StreamData.money(new Money(new BigDecimal("0E-8"), "USD"))))
                .isEqualTo("{\"amount\":0,\"currency\":\"USD\"}");
        assertThat(StreamData.money(new Money(new BigDecimal("0.00000000"), "USD")).get("amount"))
                .isEqualTo(BigDecimal.ZERO);
        assertThat(StreamData.money(Money.of("0.00042000", "EUR")).get("amount").toString()).isEqualTo("0.00042");
        assertThat(StreamData.money(Money.of("1.2E+3", "EUR")).get("amount").toString()).isEqualTo("1200");
        assertThat(StreamData.money(Money.of("12.50", "EUR")).get("amount").toString()).isEqualTo("12.5");
        assertThat(json.writeValueAsString(StreamData.money(Money.of("0.00000100", "USD"))))
                .contains("\"amount\":0.000001");
    }

    @Test
    void usageAndTerminalEventsKeepTheirKeysInOneOrder() throws Exception {
        assertThat(json.writeValueAsString(StreamData.usage(new TokenUsage(120, 4, true))))
                .isEqualTo("{\"inputTokens\":120,\"outputTokens\":4,\"reportedByProvider\":true}");
        assertThat(json.writeValueAsString(StreamData.usage(null)))
                .isEqualTo("{\"inputTokens\":0,\"outputTokens\":0,\"reportedByProvider\":false}");
        assertThat(json.writeValueAsString(StreamData.failed(2, "provider unavailable").data()))
                .isEqualTo("{\"reason\":\"provider unavailable\",\"attempt\":2}");
    }

    @Test
    void noPriceStaysNull() {
        assertThat(StreamData.money(null)).isNull();
    }
}
