package io.assistantcore.platform.outbound;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.assistantcore.platform.outbound.StandardWebhooks.Verification.BAD_SIGNATURE;
import static io.assistantcore.platform.outbound.StandardWebhooks.Verification.MISSING_HEADERS;
import static io.assistantcore.platform.outbound.StandardWebhooks.Verification.TIMESTAMP_OUT_OF_WINDOW;
import static io.assistantcore.platform.outbound.StandardWebhooks.Verification.VALID;
import static org.assertj.core.api.Assertions.assertThat;

class StandardWebhooksTest {

    // the test vector published with the Standard Webhooks reference libraries
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsLikeTheReferenceImplementation() {
        assertThat(StandardWebhooks.signature(SECRET, ID, TIMESTAMP, BODY))
                .isEqualTo("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        Map<String, String> headers = StandardWebhooks.headers(SECRET, ID, Instant.ofEpochSecond(TIMESTAMP), BODY);
        assertThat(headers).containsEntry("webhook-id", ID).containsEntry("webhook-timestamp", "1614265330")
                .containsEntry("webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void verifiesWithinTheWindowAndAnyOfSeveralSignatures() {
        Instant now = Instant.ofEpochSecond(TIMESTAMP + 60);
        String header = "v1,bm90IHRoaXMgb25l v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
        assertThat(StandardWebhooks.verify(SECRET, ID, "1614265330", header, BODY, now, Duration.ofMinutes(5)))
                .isEqualTo(VALID);
    }

    @Test
    void refusesChangedBodiesOldTimestampsAndMissingHeaders() {
        Instant now = Instant.ofEpochSecond(TIMESTAMP);
        String header = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
        byte[] changed = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertThat(StandardWebhooks.verify(SECRET, ID, "1614265330", header, changed, now, Duration.ofMinutes(5)))
                .isEqualTo(BAD_SIGNATURE);
        assertThat(StandardWebhooks.verify(SECRET, ID, "1614265330", "v2," + header.substring(3), BODY, now,
                Duration.ofMinutes(5))).isEqualTo(BAD_SIGNATURE);
        assertThat(StandardWebhooks.verify(SECRET, ID, "1614265330", header, BODY, now.plusSeconds(301),
                Duration.ofMinutes(5))).isEqualTo(TIMESTAMP_OUT_OF_WINDOW);
        assertThat(StandardWebhooks.verify(SECRET, ID, null, header, BODY, now, Duration.ofMinutes(5)))
                .isEqualTo(MISSING_HEADERS);
    }

    @Test
    void newSecretsAreUsable() {
        String secret = StandardWebhooks.newSecret();
        assertThat(secret).startsWith("whsec_").isNotEqualTo(StandardWebhooks.newSecret());
        Map<String, String> headers = StandardWebhooks.headers(secret, "msg_1", Instant.ofEpochSecond(100), BODY);
        assertThat(StandardWebhooks.verify(secret, "msg_1", headers.get("webhook-timestamp"),
                headers.get("webhook-signature"), BODY, Instant.ofEpochSecond(100), Duration.ofMinutes(5)))
                .isEqualTo(VALID);
    }
}
