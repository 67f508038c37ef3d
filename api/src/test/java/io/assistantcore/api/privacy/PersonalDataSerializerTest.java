package io.assistantcore.api.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.api.support.ApiIntegrationTest;
import io.assistantcore.messages.assist.AssistEvents.AssistSessionStarted;
import io.assistantcore.messages.assist.AssistEvents.SuggestionCompleted;
import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.assist.FieldRef;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.tenant.TenantEvents.MemberRemoved;
import io.assistantcore.platform.privacy.DataKeyStore;
import io.assistantcore.platform.privacy.PersonalDataProtection;
import io.assistantcore.platform.privacy.PersonalDataSerializer;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The event serializer with personal data encryption, on the application's own beans and database. */
class PersonalDataSerializerTest extends ApiIntegrationTest {

    @Autowired
    PersonalDataSerializer serializer;
    @Autowired
    DataKeyStore keys;
    @Autowired
    JdbcTemplate jdbc;

    private final ObjectMapper json = new ObjectMapper();

    private static AssistSessionStarted started(String tenant, String user) {
        return new AssistSessionStarted("s-" + UUID.randomUUID(), tenant, user, new FieldRef("Lead", "1", "notes"),
                "call Jane Roe at home", List.of(new ContextItem("record", "Jane Roe", "jane@example.com")));
    }

    private JsonNode stored(SerializedObject<byte[]> serialized) throws Exception {
        return json.readTree(serialized.getData());
    }

    @Test
    void personalTextsAreStoredEncryptedAndReadBackAsTheyWere() throws Exception {
        String tenant = uniqueTenantId("pd");
        AssistSessionStarted event = started(tenant, "jane");

        SerializedObject<byte[]> serialized = serializer.serialize(event, byte[].class);
        JsonNode payload = stored(serialized);

        assertThat(new String(serialized.getData(), StandardCharsets.UTF_8)).doesNotContain("Jane", "jane@");
        assertThat(payload.get("originalText").asText()).startsWith("enc:v1:");
        assertThat(payload.at("/context/0/label").asText()).startsWith("enc:v1:");
        assertThat(payload.at("/context/0/kind").asText()).isEqualTo("record");
        assertThat(payload.get("userId").asText()).isEqualTo("jane");
        assertThat(payload.get("tenantId").asText()).isEqualTo(tenant);
        AssistSessionStarted read = serializer.deserialize(serialized);
        assertThat(read).isEqualTo(event);

        // the same text twice gives different ciphertexts (random IVs)
        assertThat(stored(serializer.serialize(event, byte[].class)).get("originalText").asText())
                .isNotEqualTo(payload.get("originalText").asText());
    }

    @Test
    void eventsOfASessionUseTheSessionOwnersKeyAndReadAsForgottenOnceItIsDestroyed() throws Exception {
        String tenant = uniqueTenantId("pd");
        AssistSessionStarted started = started(tenant, "owner");
        serializer.serialize(started, byte[].class);
        SuggestionCompleted completed = new SuggestionCompleted(started.sessionId(), tenant, "g1", 1,
                "Call Jane Roe at home.", new TokenUsage(5, 6, false), "local", "offline", 10, 2);
        SerializedObject<byte[]> serialized = serializer.serialize(completed, byte[].class);
        String keyId = stored(serialized).get("text").asText().split(":")[2];
        assertThat(jdbc.queryForObject("SELECT subject_id FROM data_key WHERE key_id = ?::uuid", String.class, keyId))
                .isEqualTo(tenant + "/owner");

        assertThat(keys.destroy(PersonalDataProtection.subject(tenant, "owner"))).isEqualTo(1);

        SuggestionCompleted forgotten = serializer.deserialize(serialized);
        assertThat(forgotten.text()).isEqualTo("[forgotten]");
        assertThat(forgotten.usage()).isEqualTo(completed.usage());
        assertThat(forgotten.latencyMillis()).isEqualTo(10);
        assertThat(jdbc.queryForObject("SELECT key_material IS NULL AND destroyed_at IS NOT NULL FROM data_key "
                + "WHERE key_id = ?::uuid", Boolean.class, keyId)).isTrue();
    }

    @Test
    void anAlteredCiphertextReadsAsUnreadableAndPayloadsWithoutPersonalDataPassUntouched() throws Exception {
        String tenant = uniqueTenantId("pd");
        SerializedObject<byte[]> serialized = serializer.serialize(started(tenant, "eve"), byte[].class);
        String stored = new String(serialized.getData(), StandardCharsets.UTF_8);
        String envelope = stored(serialized).get("originalText").asText();
        byte[] sealed = Base64.getDecoder().decode(envelope.substring(envelope.lastIndexOf(':') + 1));
        sealed[sealed.length - 1] ^= 1;
        String altered = stored.replace(envelope, envelope.substring(0, envelope.lastIndexOf(':') + 1)
                + Base64.getEncoder().encodeToString(sealed));
        AssistSessionStarted read = serializer.deserialize(new SimpleSerializedObject<>(
                altered.getBytes(StandardCharsets.UTF_8), byte[].class, serialized.getType()));
        assertThat(read.originalText()).isEqualTo("[unreadable]");

        MemberRemoved plain = new MemberRemoved(tenant, "eve");
        assertThat(new String(serializer.serialize(plain, byte[].class).getData(), StandardCharsets.UTF_8))
                .contains("\"userId\":\"eve\"").doesNotContain("enc:v1:");
    }

    @Test
    void withAMasterKeyDataKeysAreStoredWrapped() {
        byte[] master = new byte[32];
        new java.security.SecureRandom().nextBytes(master);
        DataKeyStore wrapped = new DataKeyStore(jdbc.getDataSource(), master, Duration.ZERO, Clock.systemUTC());
        String subject = uniqueTenantId("pd") + "/wrapped";
        DataKeyStore.DataKey key = wrapped.activeKey(subject);
        byte[] storedMaterial = jdbc.queryForObject("SELECT key_material FROM data_key WHERE key_id = ?",
                byte[].class, key.keyId());
        assertThat(storedMaterial).isNotEqualTo(key.material()).hasSizeGreaterThan(key.material().length);
        assertThat(wrapped.key(key.keyId())).get().isEqualTo(key.material());
        assertThat(wrapped.activeKey(subject).keyId()).isEqualTo(key.keyId());
    }
}
