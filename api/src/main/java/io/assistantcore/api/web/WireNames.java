package io.assistantcore.api.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.assistantcore.messages.chat.RouteCategory;

import java.io.IOException;

/**
 * Values the API writes in their wire form rather than as Java names: route categories lower-case
 * ({@code long_context}), as values and as map keys. Only HTTP responses use this (the stored events keep their own
 * form).
 */
public final class WireNames {

    private WireNames() {
    }

    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("wire-names");
        module.addSerializer(RouteCategory.class, new JsonSerializer<>() {
            @Override
            public void serialize(RouteCategory value, JsonGenerator out, SerializerProvider serializers)
                    throws IOException {
                out.writeString(value.wireName());
            }
        });
        module.addKeySerializer(RouteCategory.class, new JsonSerializer<>() {
            @Override
            public void serialize(RouteCategory value, JsonGenerator out, SerializerProvider serializers)
                    throws IOException {
                out.writeFieldName(value.wireName());
            }
        });
        return module;
    }
}
