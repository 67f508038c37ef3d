package io.assistantcore.messages.tenant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.common.Money;
import io.assistantcore.messages.tenant.TenantEvents.TenantAiPolicySet;
import io.assistantcore.messages.tenant.TenantEvents.TenantCreated;
import io.assistantcore.messages.tenant.TenantEvents.TenantQuotasSet;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stored events are read as the event store reads them: the stored bytes become an {@link InitialEventRepresentation},
 * go through the {@link EventUpcasterChain} and are deserialized by the {@link JacksonSerializer}.
 */
class AiPolicyCacheFlagsUpcasterTest {

    /**
     * A revision-1 policy as the serializer stored it: the record's components without the cache flags, the sets
     * sorted (enums in declaration order).
     */
    private static final String POLICY_V1 = "{\"enabledActions\":[\"SUMMARIZE\",\"FIX_GRAMMAR\"],"
            + "\"allowedModels\":[\"local\"],\"allowedContextKinds\":[\"*\"],\"maskPii\":true}";
    private static final String AI_POLICY_SET_V1 = "{\"tenantId\":\"acme\",\"policy\":" + POLICY_V1 + "}";
    private static final String TENANT_CREATED_V1 = "{\"tenantId\":\"acme\",\"name\":\"Acme\",\"plan\":\"TEAM\","
            + "\"quotas\":{\"monthlyBudget\":{\"amount\":50.00,\"currency\":\"USD\"},\"requestsPerMinutePerUser\":20,"
            + "\"tokensPerMinutePerTenant\":100000},\"policy\":" + POLICY_V1 + "}";

    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    private final EventUpcasterChain chain = new EventUpcasterChain(new AiPolicyCacheFlagsUpcaster());

    private static GenericDomainEventEntry<byte[]> stored(Class<?> type, String revision, String json) {
        return new GenericDomainEventEntry<>("Tenant", "acme", 0, "event-1", Instant.parse("2026-01-05T10:00:00Z"),
                type.getName(), revision, json.getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8));
    }

    private IntermediateEventRepresentation upcast(GenericDomainEventEntry<byte[]> entry) {
        List<IntermediateEventRepresentation> result = chain.upcast(
                Stream.of(new InitialEventRepresentation(entry, serializer))).toList();
        assertThat(result).hasSize(1);
        return result.get(0);
    }

    /** What an event processor reading the store gets: upcast, then deserialized. */
    private Object read(GenericDomainEventEntry<byte[]> entry) {
        List<TrackedEventMessage<?>> messages = EventUtils.upcastAndDeserializeTrackedEvents(
                Stream.of(new TrackedDomainEventData<>(new GlobalSequenceTrackingToken(1), entry)), serializer, chain)
                .toList();
        assertThat(messages).hasSize(1);
        return messages.get(0).getPayload();
    }

    private static AiPolicy policy(boolean exactCache, boolean semanticCache) {
        return new AiPolicy(EnumSet.of(AiAction.FIX_GRAMMAR, AiAction.SUMMARIZE), Set.of("local"), Set.of("*"), true,
                exactCache, semanticCache);
    }

    @Test
    void theStoredJsonIsWhatTheSerializerWroteBeforeTheFlags() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode written = (ObjectNode) mapper.readTree(serializer.serialize(
                new TenantAiPolicySet("acme", policy(true, false)), String.class).getData());
        ((ObjectNode) written.get("policy")).remove(List.of("exactCache", "semanticCache"));

        assertThat(written).isEqualTo(mapper.readTree(AI_POLICY_SET_V1));
    }

    @Test
    void aRevisionOnePolicySetIsReadAsRevisionTwoWithExactCacheOnAndSemanticCacheOff() {
        GenericDomainEventEntry<byte[]> entry = stored(TenantAiPolicySet.class, "1", AI_POLICY_SET_V1);

        IntermediateEventRepresentation upcast = upcast(entry);
        assertThat(upcast.getType().getName()).isEqualTo(TenantAiPolicySet.class.getName());
        assertThat(upcast.getType().getRevision()).isEqualTo("2");
        assertThat(read(entry)).isEqualTo(new TenantAiPolicySet("acme", policy(true, false)));
    }

    @Test
    void aRevisionOneTenantCreatedIsReadAsRevisionTwoWithTheDefaultFlags() {
        GenericDomainEventEntry<byte[]> entry = stored(TenantCreated.class, "1", TENANT_CREATED_V1);

        assertThat(upcast(entry).getType().getRevision()).isEqualTo("2");
        TenantCreated created = (TenantCreated) read(entry);
        assertThat(created.policy()).isEqualTo(policy(true, false));
        // An upcast payload is read through a JsonNode, where Jackson keeps 50.00 as the double 50.0: the amount
        // arrives equal in value but with scale 1, so the comparison here is by value.
        assertThat(created).usingRecursiveComparison()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(new TenantCreated("acme", "Acme", Plan.TEAM, new Quotas(Money.of("50.00", "USD"), 20,
                        100000), policy(true, false)));
    }

    @Test
    void aRevisionTwoPayloadIsLeftAlone() {
        String json = serializer.serialize(new TenantAiPolicySet("acme", policy(false, true)), String.class)
                .getData();
        GenericDomainEventEntry<byte[]> entry = stored(TenantAiPolicySet.class, "2", json);

        IntermediateEventRepresentation upcast = upcast(entry);
        assertThat(upcast.getType().getRevision()).isEqualTo("2");
        assertThat(upcast.getData(String.class).getData()).isEqualTo(json);
        assertThat(read(entry)).isEqualTo(new TenantAiPolicySet("acme", policy(false, true)));
    }

    @Test
    void flagsARevisionOnePayloadAlreadyCarriesAreKept() {
        String json = AI_POLICY_SET_V1.replace("\"maskPii\":true", "\"maskPii\":true,\"exactCache\":false");

        assertThat(read(stored(TenantAiPolicySet.class, "1", json)))
                .isEqualTo(new TenantAiPolicySet("acme", policy(false, false)));
    }

    @Test
    void anUnrelatedTypeIsLeftAlone() {
        String json = "{\"tenantId\":\"acme\",\"quotas\":{\"monthlyBudget\":{\"amount\":50.00,\"currency\":\"USD\"},"
                + "\"requestsPerMinutePerUser\":20,\"tokensPerMinutePerTenant\":100000}}";
        GenericDomainEventEntry<byte[]> entry = stored(TenantQuotasSet.class, "1", json);

        IntermediateEventRepresentation upcast = upcast(entry);
        assertThat(upcast.getType().getName()).isEqualTo(TenantQuotasSet.class.getName());
        assertThat(upcast.getType().getRevision()).isEqualTo("1");
        assertThat(upcast.getData(String.class).getData()).isEqualTo(json);
        assertThat(read(entry)).isEqualTo(new TenantQuotasSet("acme", new Quotas(Money.of("50.00", "USD"), 20,
                100000)));
    }
}
