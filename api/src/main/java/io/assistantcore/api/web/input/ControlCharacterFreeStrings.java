package io.assistantcore.api.web.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.io.IOException;

/**
 * Every string read from a request body is checked here, so no field can carry what a read model cannot store or a
 * log line should not hold: control characters (U+0000-U+001F, U+007F-U+009F) are refused, except tab, line feed and
 * carriage return in fields marked {@link FreeText}; unpaired surrogates are refused everywhere. The failure names
 * the field through Jackson's path, and the API answers 400 with it.
 */
public final class ControlCharacterFreeStrings {

    private ControlCharacterFreeStrings() {
    }

    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("control-character-free-strings");
        module.addDeserializer(String.class, new Checked(false));
        return module;
    }

    /**
     * The first character a field may not hold, or -1: a control character (tab and line breaks allowed in free text)
     * or an unpaired surrogate.
     */
    public static int firstRefused(String value, boolean freeText) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                if (freeText && (c == '\t' || c == '\n' || c == '\r')) {
                    continue;
                }
                return i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    static final class Checked extends StdScalarDeserializer<String> implements ContextualDeserializer {

        private final boolean freeText;

        Checked(boolean freeText) {
            super(String.class);
            this.freeText = freeText;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
            boolean free = property != null && property.getAnnotation(FreeText.class) != null;
            return free == freeText ? this : new Checked(free);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (value != null) {
                int at = firstRefused(value, freeText);
                if (at >= 0) {
                    // the value itself is not quoted back: it is what was refused
                    throw MismatchedInputException.from(parser, String.class, String.format(
                            "must not contain control characters%s (found U+%04X at position %d)",
                            freeText ? " other than tab, line feed and carriage return" : "",
                            (int) value.charAt(at), at));
                }
            }
            return value;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }

        @Override
        public Object getEmptyValue(DeserializationContext context) {
            return "";
        }
    }
}
