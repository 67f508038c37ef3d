package io.assistantcore.api.lead;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.messages.lead.LeadFields;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a CRM's webhook body to a lead. Accepted shapes: an object, or an array of objects (HubSpot sends batches; the
 * first event is taken), whose lead fields are at the top, under {@code properties} (HubSpot), {@code data},
 * {@code contact} or {@code lead}; a property may be a value or an object with {@code value} (HubSpot's older form).
 * Names are matched without case: e-mail ({@code email}, {@code e_mail}), phone ({@code phone},
 * {@code phone_number}, {@code mobilephone}), name ({@code name}, {@code full_name}, or {@code firstname} +
 * {@code lastname}), company ({@code company}, {@code company_name}), message ({@code message}, {@code body},
 * {@code description}, {@code notes}, {@code hs_content}, {@code text}) and the event id ({@code eventId},
 * {@code event_id}, {@code id}).
 */
final class InboundLeadMapping {

    record Mapped(String eventId, LeadFields stated, String message) {
    }

    private static final List<String> CONTAINERS = List.of("properties", "data", "contact", "lead", "object");

    private InboundLeadMapping() {
    }

    static Mapped map(JsonNode body) {
        JsonNode event = body.isArray() ? (body.isEmpty() ? null : body.get(0)) : body;
        if (event == null || !event.isObject()) {
            return new Mapped(null, LeadFields.EMPTY, null);
        }
        String eventId = text(event, "eventid", "event_id", "id");
        String first = find(event, "firstname", "first_name");
        String last = find(event, "lastname", "last_name");
        String name = find(event, "name", "full_name", "fullname");
        if (name == null && (first != null || last != null)) {
            name = ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
        }
        LeadFields fields = new LeadFields(limit(name, 200), limit(find(event, "email", "e_mail", "emailaddress"), 254),
                limit(find(event, "phone", "phone_number", "phonenumber", "mobilephone"), 40),
                limit(find(event, "company", "company_name", "companyname", "organization"), 200), null);
        String message = find(event, "message", "body", "description", "notes", "hs_content", "text",
                "comments", "inquiry");
        return new Mapped(eventId, fields, message);
    }

    private static String find(JsonNode event, String... names) {
        String found = text(event, names);
        if (found != null) {
            return found;
        }
        for (String container : CONTAINERS) {
            JsonNode inner = child(event, container);
            if (inner != null && inner.isObject()) {
                found = text(inner, names);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String text(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = child(node, name);
            if (value != null && value.isObject() && value.has("value")) {
                value = value.get("value");
            }
            if (value != null && (value.isTextual() || value.isNumber()) && !value.asText().isBlank()) {
                return value.asText().strip();
            }
        }
        return null;
    }

    private static JsonNode child(JsonNode node, String name) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (field.getKey().toLowerCase(Locale.ROOT).equals(name)) {
                return field.getValue();
            }
        }
        return null;
    }

    private static String limit(String value, int max) {
        return value == null || value.length() <= max ? value : null;
    }
}
