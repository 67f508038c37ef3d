package io.assistantcore.messages.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.webhook.WebhookMessages.WebhookEndpointConfigured;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookEndpointScopeUpcasterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Revision 1, stored when endpoint ids were global (its aggregate is the bare endpoint id). */
    private static final String REVISION_ONE = "{\"endpointId\":\"crm\",\"tenantId\":\"acme\","
            + "\"keyOwner\":\"webhook-secrets\",\"userId\":\"alice\",\"url\":\"https://crm.example.com/hook\","
            + "\"eventTypes\":[\"lead.classified\"],\"enabled\":true,\"secret\":\"enc:v1:k:c2VhbGVk\"}";

    @Test
    void aRevisionOneEventNamesTheBareEndpointIdAsItsAggregate() throws Exception {
        String upcast = WebhookEndpointScopeUpcaster.addLegacyAggregateId(REVISION_ONE);
        assertThat(JSON.readTree(upcast).path("aggregateId").asText()).isEqualTo("crm");
        WebhookEndpointConfigured event = JSON.readValue(upcast, WebhookEndpointConfigured.class);
        assertThat(event).isEqualTo(new WebhookEndpointConfigured("crm", "acme", WebhookMessages.KEY_OWNER, "alice",
                "https://crm.example.com/hook", List.of("lead.classified"), true, "enc:v1:k:c2VhbGVk", "crm"));
    }

    @Test
    void aRevisionOnePayloadReadWithoutTheUpcasterIsTheSameEvent() throws Exception {
        assertThat(JSON.readValue(REVISION_ONE, WebhookEndpointConfigured.class).aggregateId()).isEqualTo("crm");
    }

    @Test
    void aScopedAggregateIdIsKept() throws Exception {
        String current = JSON.writeValueAsString(new WebhookEndpointConfigured("crm", "acme",
                WebhookMessages.KEY_OWNER, "alice", "https://crm.example.com/hook", List.of("lead.classified"), true,
                null, WebhookMessages.aggregateId("acme", "crm")));
        assertThat(JSON.readTree(WebhookEndpointScopeUpcaster.addLegacyAggregateId(current)).path("aggregateId")
                .asText()).isEqualTo("acme/crm");
        assertThat(JSON.readValue(current, WebhookEndpointConfigured.class).aggregateId()).isEqualTo("acme/crm");
    }
}
