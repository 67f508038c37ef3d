package io.assistantcore.platform.privacy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.assistantcore.messages.privacy.DataSubject;
import io.assistantcore.messages.privacy.DataSubjectOf;
import io.assistantcore.messages.privacy.PersonalData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Encrypts and decrypts the {@link PersonalData} of event payloads in their JSON form. Each personal text becomes
 * {@code enc:v1:<keyId>:<base64(iv | AES-256-GCM ciphertext)>} under the data key of the event's data subject
 * ({@link DataSubject}, or the subject of the aggregate named by {@link DataSubjectOf}); reading it back needs that
 * key, and once the key is destroyed the text reads as {@link PersonalData#FORGOTTEN}. The structure of the payload is
 * unchanged (a text stays a text), so everything else in the event — ids, counts, costs, times — stays readable.
 * <p>
 * Payloads are records (events) or classes that Jackson stores by their fields (aggregate snapshots, e.g. a
 * conversation with its memory): the annotations are read from record components or from fields alike, and a
 * personal component may be a text, a record or such a class, or a collection or map of them.
 */
public class PersonalDataProtection {

    static final String PREFIX = "enc:v1:";
    /** What a ciphertext reads as when it does not decrypt with its key (altered), as opposed to a destroyed key. */
    static final String UNREADABLE = "[unreadable]";

    private static final Logger log = LoggerFactory.getLogger(PersonalDataProtection.class);
    private static final int IV_BYTES = 12;
    private static final String UNKNOWN_USER = "(unknown)";
    /** Sessions whose owner a node keeps in memory; an older one is looked up again (one query) when it is needed. */
    private static final int SUBJECTS_REMEMBERED = 50_000;
    /** The parts of each payload type, as {@link #members} finds them. */
    private static final Map<Class<?>, List<Member>> MEMBERS = new ConcurrentHashMap<>();

    private final DataKeyStore keys;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final SecureRandom random = new SecureRandom();
    private final Map<Class<?>, Boolean> personal = new ConcurrentHashMap<>();
    /** Aggregate id → data subject, learned from the aggregate's first event; the most recently used ones only. */
    private final Map<String, String> subjectOfAggregate = Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > SUBJECTS_REMEMBERED;
                }
            });

    public PersonalDataProtection(DataKeyStore keys, JdbcTemplate jdbc, ObjectMapper json) {
        this.keys = keys;
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Whether payloads of this type carry personal data at all. */
    public boolean protects(Class<?> type) {
        return type != null && personal.computeIfAbsent(type, PersonalDataProtection::hasPersonalData);
    }

    /** Encrypts the personal texts of {@code tree}, a payload of {@code type}, in place. */
    public void seal(Class<?> type, JsonNode tree) {
        String subject = subjectOf(type, tree);
        DataKeyStore.DataKey key = keys.activeKey(subject);
        UnaryOperator<String> sealing = text -> encrypt(text, key);
        transform(type, tree, sealing, sealing);
    }

    /** Decrypts the personal texts of {@code tree} in place; texts of destroyed keys read as forgotten. */
    public void open(Class<?> type, JsonNode tree) {
        transform(type, tree, this::decrypt, this::decrypt);
    }

    /**
     * As {@link #open}, for people reading stored events (the audit export): credentials are not decrypted but read
     * as {@link PersonalData#WITHHELD}.
     */
    public void openForReaders(Class<?> type, JsonNode tree) {
        transform(type, tree, this::decrypt, stored -> PersonalData.WITHHELD);
    }

    /** The data subject of a user of a tenant. */
    public static String subject(String tenantId, String userId) {
        return tenantId + "/" + (userId == null || userId.isBlank() ? UNKNOWN_USER : userId);
    }

    private String subjectOf(Class<?> type, JsonNode tree) {
        String aggregateId = null;
        for (Member member : members(type)) {
            if (member.has(DataSubject.class)) {
                String subject = subject(tree.path("tenantId").asText(null), tree.path(member.name()).asText(null));
                for (Member other : members(type)) {
                    if (other.has(DataSubjectOf.class)) {
                        subjectOfAggregate.put(tree.path(other.name()).asText(), subject);
                    }
                }
                return subject;
            }
            if (member.has(DataSubjectOf.class)) {
                aggregateId = tree.path(member.name()).asText(null);
            }
        }
        if (aggregateId != null) {
            String known = subjectOfAggregate.get(aggregateId);
            if (known != null) {
                return known;
            }
            Optional<String> found = subjectFromFirstEvent(aggregateId);
            if (found.isPresent()) {
                subjectOfAggregate.put(aggregateId, found.get());
                return found.get();
            }
        }
        // No subject to be found: the tenant's texts are kept under a key of the tenant's unknown user.
        log.warn("No data subject for a {} event (aggregate {}); its personal texts use the tenant's fallback key",
                type.getSimpleName(), aggregateId);
        return subject(tree.path("tenantId").asText(null), null);
    }

    /** The subject named in the first stored event of an aggregate (whose subject fields are never encrypted). */
    private Optional<String> subjectFromFirstEvent(String aggregateId) {
        List<String[]> first = jdbc.query("SELECT payload_type, convert_from(payload, 'UTF8') FROM domain_event_entry "
                        + "WHERE aggregate_identifier = ? ORDER BY sequence_number LIMIT 1",
                (rs, row) -> new String[]{rs.getString(1), rs.getString(2)}, aggregateId);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        try {
            Class<?> type = Class.forName(first.get(0)[0]);
            JsonNode payload = json.readTree(first.get(0)[1]);
            for (Member member : members(type)) {
                if (member.has(DataSubject.class)) {
                    return Optional.of(subject(payload.path("tenantId").asText(null),
                            payload.path(member.name()).asText(null)));
                }
            }
        } catch (ClassNotFoundException | IOException e) {
            log.warn("First event of {} is not readable for its data subject: {}", aggregateId, e.toString());
        }
        return Optional.empty();
    }

    /**
     * One AES-GCM cipher per thread, initialised afresh (key and IV) for every text: looking the algorithm up among
     * the security providers for each text cost about as much as the decryption itself in a replay.
     */
    private static final ThreadLocal<Cipher> AES_GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available", e);
        }
    });

    private String encrypt(String plaintext, DataKeyStore.DataKey key) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = AES_GCM.get();
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.material(), "AES"), new GCMParameterSpec(128, iv));
            cipher.updateAAD(key.keyId().toString().getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return PREFIX + key.keyId() + ":" + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encrypting personal data failed", e);
        }
    }

    /** Plain texts (stored before encryption existed) are returned as they are. */
    private String decrypt(String stored) {
        if (!stored.startsWith(PREFIX)) {
            return stored;
        }
        int colon = stored.indexOf(':', PREFIX.length());
        if (colon < 0) {
            return UNREADABLE;
        }
        UUID keyId;
        try {
            keyId = UUID.fromString(stored.substring(PREFIX.length(), colon));
        } catch (IllegalArgumentException e) {
            return UNREADABLE;
        }
        Optional<byte[]> key = keys.key(keyId);
        if (key.isEmpty()) {
            return PersonalData.FORGOTTEN;
        }
        try {
            byte[] sealed = Base64.getDecoder().decode(stored.substring(colon + 1));
            Cipher cipher = AES_GCM.get();
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.get(), "AES"),
                    new GCMParameterSpec(128, sealed, 0, IV_BYTES));
            cipher.updateAAD(keyId.toString().getBytes(StandardCharsets.US_ASCII));
            return new String(cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            log.warn("A personal text under key {} does not decrypt (altered?)", keyId);
            return UNREADABLE;
        }
    }

    /**
     * Applies {@code change} to every personal text of {@code node}, a JSON form of {@code type}, and
     * {@code credentialChange} to those marked {@link PersonalData#credential()}.
     */
    private static void transform(Class<?> type, JsonNode node, UnaryOperator<String> change,
                                  UnaryOperator<String> credentialChange) {
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        for (Member member : members(type)) {
            PersonalData marked = member.element().getAnnotation(PersonalData.class);
            if (marked == null) {
                continue;
            }
            UnaryOperator<String> own = marked.credential() ? credentialChange : change;
            JsonNode value = object.get(member.name());
            if (value == null || value.isNull()) {
                continue;
            }
            Class<?> valueType = member.type();
            if (valueType == String.class) {
                if (value.isTextual()) {
                    object.set(member.name(), TextNode.valueOf(own.apply(value.asText())));
                }
            } else if (Collection.class.isAssignableFrom(valueType) && value instanceof ArrayNode array) {
                Class<?> element = typeArgument(member.genericType(), 0);
                for (int i = 0; i < array.size(); i++) {
                    JsonNode item = array.get(i);
                    if (element == String.class && item.isTextual()) {
                        array.set(i, TextNode.valueOf(own.apply(item.asText())));
                    } else if (element != null) {
                        transform(element, item, change, credentialChange);
                    }
                }
            } else if (Map.class.isAssignableFrom(valueType) && value instanceof ObjectNode map) {
                Class<?> element = typeArgument(member.genericType(), 1);
                for (String key : map.properties().stream().map(Map.Entry::getKey).toList()) {
                    JsonNode item = map.get(key);
                    if (element == String.class && item.isTextual()) {
                        map.set(key, TextNode.valueOf(own.apply(item.asText())));
                    } else if (element != null) {
                        transform(element, item, change, credentialChange);
                    }
                }
            } else {
                transform(valueType, value, change, credentialChange);
            }
        }
    }

    private static Class<?> typeArgument(Type generic, int index) {
        if (generic instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments().length > index
                && parameterized.getActualTypeArguments()[index] instanceof Class<?> argument) {
            return argument;
        }
        return null;
    }

    private static boolean hasPersonalData(Class<?> type) {
        return members(type).stream().anyMatch(member -> member.has(PersonalData.class));
    }

    /**
     * The parts of a type as its JSON holds them: a record's components, else the instance fields of the class and
     * its superclasses (named as Jackson names them), for classes stored by their fields.
     */
    private static List<Member> members(Class<?> type) {
        return MEMBERS.computeIfAbsent(type, PersonalDataProtection::findMembers);
    }

    private static List<Member> findMembers(Class<?> type) {
        if (type.isRecord()) {
            return Arrays.stream(type.getRecordComponents())
                    .map(component -> new Member(component.getName(), component, component.getType(),
                            component.getGenericType()))
                    .toList();
        }
        if (type.isPrimitive() || type.isArray() || type.isInterface() || type.getName().startsWith("java.")) {
            return List.of();
        }
        List<Member> fields = new ArrayList<>();
        for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
            for (Field field : current.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || Modifier.isTransient(field.getModifiers())) {
                    continue;
                }
                JsonProperty renamed = field.getAnnotation(JsonProperty.class);
                String name = renamed != null && !renamed.value().isEmpty() ? renamed.value() : field.getName();
                fields.add(new Member(name, field, field.getType(), field.getGenericType()));
            }
        }
        return List.copyOf(fields);
    }

    /** A record component or a field: its JSON name, where its annotations are, its type. */
    private record Member(String name, AnnotatedElement element, Class<?> type, Type genericType) {

        boolean has(Class<? extends Annotation> annotation) {
            return element.isAnnotationPresent(annotation);
        }
    }
}
