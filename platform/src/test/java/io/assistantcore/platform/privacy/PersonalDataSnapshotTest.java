package io.assistantcore.platform.privacy;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.messages.privacy.DataSubject;
import io.assistantcore.messages.privacy.DataSubjectOf;
import io.assistantcore.messages.privacy.PersonalData;
import io.assistantcore.testsupport.TestDatabase;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Aggregate snapshots are serialized by the event serializer: a class that Jackson stores by its fields has its
 * {@link PersonalData} fields encrypted with its {@link DataSubject}'s key like an event's, down through records,
 * classes, lists and maps, and reads as forgotten once the key is destroyed.
 */
class PersonalDataSnapshotTest {

    private static DataKeyStore keys;
    private static PersonalDataSerializer serializer;
    private static final JacksonSerializer plain = JacksonSerializer.defaultSerializer();
    private static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void database() {
        DataSource dataSource = TestDatabase.freshMigratedDatabase("classpath:db/migration/eventstore",
                "classpath:db/migration/privacy");
        keys = new DataKeyStore(dataSource, null, Duration.ZERO, Clock.systemUTC());
        serializer = new PersonalDataSerializer(plain,
                new PersonalDataProtection(keys, new JdbcTemplate(dataSource), json), json);
    }

    /** Fields that a superclass declares count as well. */
    @JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
            isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
    static class Document {
        @PersonalData
        String footer;
    }

    /** Stands for an aggregate stored by its fields. */
    @JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
            isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
    static class Notebook extends Document {
        @DataSubjectOf
        String notebookId;
        String tenantId;
        @DataSubject
        String ownerId;
        @PersonalData
        String title;
        @PersonalData
        List<String> lines;
        @PersonalData
        Map<String, Page> pages = new LinkedHashMap<>();
        @PersonalData
        Map<String, String> labels = new LinkedHashMap<>();
        @PersonalData
        Note pinned;
        @PersonalData
        @JsonProperty("archived")
        List<Note> oldNotes;
        String colour;
        int revision;
    }

    @JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
            isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
    static class Page {
        String number;
        @PersonalData
        String text;
    }

    record Note(String kind, @PersonalData String text) {
    }

    @JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
            isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
    static class Counter {
        String counterId;
        String tenantId;
        long count;
    }

    private static Notebook notebook(String tenant, String owner) {
        Notebook notebook = new Notebook();
        notebook.notebookId = "nb-" + owner;
        notebook.tenantId = tenant;
        notebook.ownerId = owner;
        notebook.footer = "written by Jane Roe";
        notebook.title = "Jane's diary";
        notebook.lines = List.of("call Jane at +44 20 7946 0958", "jane.roe@example.com");
        Page page = new Page();
        page.number = "p-7";
        page.text = "Jane Roe lives in Leeds";
        notebook.pages.put("p-7", page);
        notebook.labels.put("mood", "Jane is worried");
        notebook.pinned = new Note("todo", "remind Jane Roe");
        notebook.oldNotes = List.of(new Note("memo", "Jane's old address"));
        notebook.colour = "teal";
        notebook.revision = 42;
        return notebook;
    }

    @Test
    void personalFieldsAreStoredEncryptedAndReadBackAsTheyWere() throws Exception {
        Notebook notebook = notebook("snap-a", "jane");

        SerializedObject<byte[]> stored = serializer.serialize(notebook, byte[].class);

        assertThat(new String(stored.getData(), StandardCharsets.UTF_8)).doesNotContain("Jane", "jane.roe", "7946");
        JsonNode tree = json.readTree(stored.getData());
        assertThat(tree.get("title").asText()).startsWith("enc:v1:");
        assertThat(tree.get("footer").asText()).startsWith("enc:v1:");
        assertThat(tree.at("/lines/1").asText()).startsWith("enc:v1:");
        assertThat(tree.at("/pages/p-7/text").asText()).startsWith("enc:v1:");
        assertThat(tree.at("/labels/mood").asText()).startsWith("enc:v1:");
        assertThat(tree.at("/pinned/text").asText()).startsWith("enc:v1:");
        assertThat(tree.at("/archived/0/text").asText()).startsWith("enc:v1:");
        // what is not personal stays readable
        assertThat(tree.at("/pages/p-7/number").asText()).isEqualTo("p-7");
        assertThat(tree.at("/pinned/kind").asText()).isEqualTo("todo");
        assertThat(tree.get("colour").asText()).isEqualTo("teal");
        assertThat(tree.get("ownerId").asText()).isEqualTo("jane");
        assertThat(tree.get("revision").asInt()).isEqualTo(42);

        Notebook read = serializer.deserialize(stored);
        assertThat(read).usingRecursiveComparison().isEqualTo(notebook);
    }

    @Test
    void theOwnersKeyIsUsedAndItsDestructionForgetsTheSnapshotsTexts() throws Exception {
        Notebook notebook = notebook("snap-b", "jane");
        SerializedObject<byte[]> stored = serializer.serialize(notebook, byte[].class);
        String keyId = json.readTree(stored.getData()).get("title").asText().split(":")[2];
        assertThat(keys.activeKey(PersonalDataProtection.subject("snap-b", "jane")).keyId()).hasToString(keyId);

        keys.destroy(PersonalDataProtection.subject("snap-b", "jane"));
        Notebook read = serializer.deserialize(stored);

        assertThat(List.of(read.title, read.footer, read.lines.get(0), read.lines.get(1), read.pages.get("p-7").text,
                read.labels.get("mood"), read.pinned.text(), read.oldNotes.get(0).text()))
                .containsOnly(PersonalData.FORGOTTEN);
        assertThat(read.pages.get("p-7").number).isEqualTo("p-7");
        assertThat(read.colour).isEqualTo("teal");
        assertThat(read.revision).isEqualTo(42);
    }

    @Test
    void aSnapshotWithoutPersonalDataIsStoredAsJacksonWritesIt() {
        Counter counter = new Counter();
        counter.counterId = "c-1";
        counter.tenantId = "snap-c";
        counter.count = 7;

        assertThat(serializer.serialize(counter, byte[].class).getData())
                .isEqualTo(plain.serialize(counter, byte[].class).getData());
        Counter read = serializer.deserialize(serializer.serialize(counter, byte[].class));
        assertThat(read).usingRecursiveComparison().isEqualTo(counter);
    }
}
