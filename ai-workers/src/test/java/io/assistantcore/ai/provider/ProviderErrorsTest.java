package io.assistantcore.ai.provider;

import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderErrorsTest {

    private static HttpHeaders headers(Map<String, List<String>> map) {
        return HttpHeaders.of(map, (name, value) -> true);
    }

    @Test
    void readsRetryAfterInSecondsMillisecondsOrAsDate() {
        assertThat(ProviderErrors.retryAfter(headers(Map.of("retry-after", List.of("3"))))).isEqualTo(Duration.ofSeconds(3));
        assertThat(ProviderErrors.retryAfter(headers(Map.of("Retry-After", List.of("1.5")))))
                .isEqualTo(Duration.ofMillis(1500));
        assertThat(ProviderErrors.retryAfter(headers(Map.of("retry-after-ms", List.of("250"), "retry-after",
                List.of("1"))))).isEqualTo(Duration.ofMillis(250));
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
        assertThat(ProviderErrors.retryAfter(headers(Map.of("retry-after", List.of(inTenSeconds)))))
                .isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
        assertThat(ProviderErrors.retryAfter(headers(Map.of("retry-after", List.of("soon"))))).isNull();
        assertThat(ProviderErrors.retryAfter(headers(Map.of()))).isNull();
        assertThat(ProviderErrors.retryAfter(null)).isNull();
    }

    @Test
    void extractsTheMessageOfEachProvidersErrorBody() {
        assertThat(ProviderErrors.providerMessage(
                "{\"error\":{\"message\":\"Incorrect API key \\\"sk-1\\\"\",\"type\":\"invalid_request_error\"}}"))
                .isEqualTo("Incorrect API key \"sk-1\"");
        assertThat(ProviderErrors.providerMessage(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"))
                .isEqualTo("Overloaded");
        assertThat(ProviderErrors.providerMessage("{\"error\":\"model \\\"x\\\" not found\"}"))
                .isEqualTo("model \"x\" not found");
        assertThat(ProviderErrors.providerMessage("<html>502 Bad Gateway</html>")).isNull();
        assertThat(ProviderErrors.providerMessage("")).isNull();
    }

    @Test
    void formatsDurationsForPeople() {
        assertThat(ProviderErrors.seconds(Duration.ofSeconds(30))).isEqualTo("30 s");
        assertThat(ProviderErrors.seconds(Duration.ofMillis(1500))).isEqualTo("1.5 s");
    }
}
