package io.assistantcore.platform.outbound;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static io.assistantcore.platform.outbound.StandardWebhooks.Verification.BAD_SIGNATURE;
import static io.assistantcore.platform.outbound.StandardWebhooks.Verification.MISSING_HEADERS;
import static io.assistantcore.platform.outbound.StandardWebhooks.Verification.TIMESTAMP_OUT_OF_WINDOW;
import static io.assistantcore.platform.outbound.StandardWebhooks.Verification.VALID;
import static org.assertj.core.api.Assertions.assertThat;

class HubSpotSignaturesTest {

    static final String SECRET = "hubspot-client-secret-0001";
    static final String URI = "https://platform.example/api/v1/webhooks/inbound/acme/hubspot";
    static final byte[] BODY = "[{\"eventId\":1}]".getBytes(StandardCharsets.UTF_8);
    static final Duration WINDOW = Duration.ofMinutes(5);

    @Test
    void aSignatureOverMethodUriBodyAndTimestampVerifies() {
        Instant now = Instant.parse("2026-11-30T10:00:00Z");
        long ts = now.toEpochMilli() - 1_000;
        String signature = HubSpotSignatures.signature(SECRET, "POST", URI, BODY, ts);
        assertThat(HubSpotSignatures.verify(SECRET, "POST", URI, Long.toString(ts), signature, BODY, now, WINDOW))
                .isEqualTo(VALID);
        byte[] changed = "[{\"eventId\":2}]".getBytes(StandardCharsets.UTF_8);
        assertThat(HubSpotSignatures.verify(SECRET, "POST", URI, Long.toString(ts), signature, changed, now, WINDOW))
                .isEqualTo(BAD_SIGNATURE);
        assertThat(HubSpotSignatures.verify("other-secret-000000", "POST", URI, Long.toString(ts), signature, BODY,
                now, WINDOW)).isEqualTo(BAD_SIGNATURE);
        assertThat(HubSpotSignatures.verify(SECRET, "POST", URI, null, signature, BODY, now, WINDOW))
                .isEqualTo(MISSING_HEADERS);
    }

    @Test
    void anOldRequestIsRefusedEvenWhenSigned() {
        Instant now = Instant.parse("2026-11-30T10:00:00Z");
        long old = now.minus(Duration.ofMinutes(6)).toEpochMilli();
        String signature = HubSpotSignatures.signature(SECRET, "POST", URI, BODY, old);
        assertThat(HubSpotSignatures.verify(SECRET, "POST", URI, Long.toString(old), signature, BODY, now, WINDOW))
                .isEqualTo(TIMESTAMP_OUT_OF_WINDOW);
    }
}
