package io.assistantcore.platform.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The event serializer: Axon's Jackson serializer, with the {@code PersonalData} of every payload encrypted on the
 * way into the event store (and into anything else events are serialized for: dead letters, the audit copy) and
 * decrypted on the way out. Payloads without personal data pass through untouched.
 */
public class PersonalDataSerializer implements Serializer, StoredPayloads {

    private final Serializer delegate;
    private final PersonalDataProtection protection;
    private final ObjectMapper json;

    public PersonalDataSerializer(Serializer delegate, PersonalDataProtection protection, ObjectMapper json) {
        this.delegate = delegate;
        this.protection = protection;
        this.json = json;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        if (object == null || !protection.protects(object.getClass())) {
            return delegate.serialize(object, expectedRepresentation);
        }
        SerializedObject<byte[]> plain = delegate.serialize(object, byte[].class);
        try {
            JsonNode tree = json.readTree(plain.getData());
            protection.seal(object.getClass(), tree);
            byte[] sealed = json.writeValueAsBytes(tree);
            return new SimpleSerializedObject<>(getConverter().convert(sealed, byte[].class, expectedRepresentation),
                    expectedRepresentation, plain.getType());
        } catch (IOException e) {
            throw new UncheckedIOException("Sealing the personal data of a " + object.getClass().getSimpleName()
                    + " failed", e);
        }
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        Class<?> type = classForTypeOrNull(serializedObject.getType());
        if (type == null || !protection.protects(type)) {
            return delegate.deserialize(serializedObject);
        }
        byte[] bytes = getConverter().convert(serializedObject.getData(), serializedObject.getContentType(),
                byte[].class);
        try {
            JsonNode tree = json.readTree(bytes);
            protection.open(type, tree);
            if (delegate instanceof JacksonSerializer) {
                // Jackson reads the opened tree as it is: no second round of writing and parsing it
                return delegate.deserialize(new SimpleSerializedObject<>(tree, JsonNode.class,
                        serializedObject.getType()));
            }
            return delegate.deserialize(new SimpleSerializedObject<>(json.writeValueAsBytes(tree), byte[].class,
                    serializedObject.getType()));
        } catch (IOException e) {
            throw new UncheckedIOException("Opening the personal data of a " + type.getSimpleName() + " failed", e);
        }
    }

    /** A stored payload (JSON) as a reader may see it: personal texts decrypted, or forgotten; credentials withheld. */
    @Override
    public JsonNode readable(String payloadType, JsonNode stored) {
        Class<?> type = classForTypeOrNull(new org.axonframework.serialization.SimpleSerializedType(payloadType, null));
        if (type == null || !protection.protects(type)) {
            return stored;
        }
        JsonNode copy = stored.deepCopy();
        protection.openForReaders(type, copy);
        return copy;
    }

    private Class<?> classForTypeOrNull(SerializedType type) {
        Class<?> resolved = delegate.classForType(type);
        return resolved == UnknownSerializedType.class ? null : resolved;
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    public Class classForType(SerializedType type) {
        return delegate.classForType(type);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }
}
