package io.assistantcore.command.assist;

import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.assist.FieldRef;

import java.util.List;
import java.util.regex.Pattern;

import static io.assistantcore.messages.common.CommandRejectedException.invalid;

/** Value rules of assist commands; each failure names the field and what would be accepted. */
final class AssistRules {

    static final int MAX_TEXT = 20_000;
    static final int MAX_CONTEXT_ITEMS = 20;
    static final int MAX_INSTRUCTION = 2_000;
    static final Pattern CONTEXT_KIND = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    private AssistRules() {
    }

    static void checkField(FieldRef field) {
        if (field == null) {
            throw invalid("field", "field with entityType, entityId and fieldName is required");
        }
        checkPart("field.entityType", field.entityType());
        checkPart("field.entityId", field.entityId());
        checkPart("field.fieldName", field.fieldName());
    }

    private static void checkPart(String name, String value) {
        if (value == null || value.isBlank() || value.length() > 200) {
            throw invalid(name, name + " must be non-blank and at most 200 characters");
        }
    }

    static void checkText(String name, String text) {
        if (text == null || text.isBlank()) {
            throw invalid(name, name + " must not be blank");
        }
        if (text.length() > MAX_TEXT) {
            throw invalid(name, name + " has " + text.length() + " characters; at most " + MAX_TEXT + " are accepted");
        }
    }

    static void checkContext(List<ContextItem> context) {
        if (context.size() > MAX_CONTEXT_ITEMS) {
            throw invalid("context", "at most " + MAX_CONTEXT_ITEMS + " context items are accepted, got " + context.size());
        }
        for (int i = 0; i < context.size(); i++) {
            ContextItem item = context.get(i);
            String at = "context[" + i + "]";
            if (item == null || item.kind() == null || !CONTEXT_KIND.matcher(item.kind()).matches()) {
                throw invalid(at + ".kind", at + ".kind must be a lower-case word of letters, digits, '_' and '-'");
            }
            if (item.label() != null && item.label().length() > 200) {
                throw invalid(at + ".label", at + ".label may have at most 200 characters");
            }
            checkText(at + ".text", item.text());
        }
    }
}
