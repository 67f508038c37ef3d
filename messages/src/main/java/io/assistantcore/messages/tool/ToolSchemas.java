package io.assistantcore.messages.tool;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JSON Schemas of tool parameters and the arguments checked against them, shared by the writer (a schema is
 * checked when a tool is registered; approved arguments, edited or not, are checked before a call runs) and the
 * workers (the model's and the offline engine's arguments).
 * <p>
 * A tool's parameters are a small, closed subset of JSON Schema: an object whose properties are strings (with
 * {@code enum}, {@code minLength}/{@code maxLength}, {@code format} {@code email} or {@code date}), integers and
 * numbers ({@code minimum}/{@code maximum}), booleans and arrays of those ({@code items}, {@code maxItems}), nested
 * objects of the same kind, {@code required}, {@code additionalProperties}, {@code description} and {@code title}.
 * A schema using any other keyword ({@code $ref}, {@code oneOf}, {@code pattern}, …) is refused when it is
 * registered, so arguments are never checked more loosely than the tool's author meant: every keyword a tool states
 * is enforced. That subset is what model providers' tool calling supports well, and what the offline engine can
 * read from a message; a general validator would bring {@code $ref} resolution (and remote fetches) the platform
 * must not do.
 */
public final class ToolSchemas {

    /** Largest schema and largest arguments document accepted, in characters. */
    public static final int MAX_SCHEMA_CHARS = 20_000;
    public static final int MAX_ARGUMENTS_CHARS = 20_000;
    private static final int MAX_DEPTH = 5;
    private static final int MAX_PROPERTIES = 50;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build());
    }

    private static final Set<String> COMMON = Set.of("type", "description", "title");
    private static final Map<String, Set<String>> KEYWORDS = Map.of(
            "object", Set.of("properties", "required", "additionalProperties"),
            "string", Set.of("enum", "minLength", "maxLength", "format"),
            "integer", Set.of("minimum", "maximum", "enum"),
            "number", Set.of("minimum", "maximum"),
            "boolean", Set.of(),
            "array", Set.of("items", "maxItems", "minItems"));
    private static final Set<String> FORMATS = Set.of("email", "date");
    private static final Pattern EMAIL = Pattern.compile("[^\\s@]{1,64}@[^\\s@]{1,255}\\.[^\\s@]{1,63}");

    private ToolSchemas() {
    }

    /** Parses JSON text strictly (duplicate keys refused), or throws {@link IllegalArgumentException}. */
    public static JsonNode parse(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null) {
                throw new IllegalArgumentException("is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("is not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    /** Compact JSON text of a tree. */
    public static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The problems of a tool's parameter schema (empty: acceptable), each naming where it is. */
    public static List<String> schemaProblems(String schema) {
        List<String> problems = new ArrayList<>();
        if (schema == null || schema.isBlank()) {
            problems.add("parameters: a JSON Schema of type object is required");
            return problems;
        }
        if (schema.length() > MAX_SCHEMA_CHARS) {
            problems.add("parameters: at most " + MAX_SCHEMA_CHARS + " characters are accepted");
            return problems;
        }
        JsonNode root;
        try {
            root = parse(schema);
        } catch (IllegalArgumentException e) {
            problems.add("parameters: " + e.getMessage());
            return problems;
        }
        if (!"object".equals(root.path("type").asText())) {
            problems.add("parameters: the schema must be of type object");
            return problems;
        }
        checkSchema("parameters", root, 0, problems);
        return problems;
    }

    private static void checkSchema(String at, JsonNode schema, int depth, List<String> problems) {
        if (!schema.isObject()) {
            problems.add(at + ": must be a schema object");
            return;
        }
        if (depth > MAX_DEPTH) {
            problems.add(at + ": nested more than " + MAX_DEPTH + " levels deep");
            return;
        }
        String type = schema.path("type").asText(null);
        Set<String> allowed = type == null ? null : KEYWORDS.get(type);
        if (allowed == null) {
            problems.add(at + ": type must be one of object, string, integer, number, boolean, array");
            return;
        }
        for (Iterator<String> names = schema.fieldNames(); names.hasNext(); ) {
            String keyword = names.next();
            if (!COMMON.contains(keyword) && !allowed.contains(keyword)) {
                problems.add(at + ": keyword '" + keyword + "' is not supported for type " + type);
            }
        }
        if (schema.has("description") && !schema.get("description").isTextual()) {
            problems.add(at + ".description: must be text");
        }
        for (String bound : List.of("minLength", "maxLength", "maxItems", "minItems")) {
            if (schema.has(bound) && !(schema.get(bound).canConvertToInt() && schema.get(bound).asInt() >= 0)) {
                problems.add(at + "." + bound + ": must be a non-negative integer");
            }
        }
        for (String bound : List.of("minimum", "maximum")) {
            if (schema.has(bound) && !schema.get(bound).isNumber()) {
                problems.add(at + "." + bound + ": must be a number");
            }
        }
        if (schema.has("format") && !FORMATS.contains(schema.get("format").asText())) {
            problems.add(at + ".format: must be 'email' or 'date'");
        }
        if (schema.has("enum")) {
            JsonNode values = schema.get("enum");
            if (!values.isArray() || values.isEmpty()) {
                problems.add(at + ".enum: must be a non-empty list");
            } else {
                for (JsonNode value : values) {
                    if ("string".equals(type) ? !value.isTextual() : !value.canConvertToLong()) {
                        problems.add(at + ".enum: every value must be of type " + type);
                        break;
                    }
                }
            }
        }
        switch (type) {
            case "object" -> {
                JsonNode properties = schema.path("properties");
                if (schema.has("properties") && !properties.isObject()) {
                    problems.add(at + ".properties: must be an object");
                    return;
                }
                if (properties.size() > MAX_PROPERTIES) {
                    problems.add(at + ".properties: at most " + MAX_PROPERTIES + " are accepted");
                }
                properties.fields().forEachRemaining(property ->
                        checkSchema(at + "." + property.getKey(), property.getValue(), depth + 1, problems));
                if (schema.has("required")) {
                    JsonNode required = schema.get("required");
                    if (!required.isArray()) {
                        problems.add(at + ".required: must be a list of property names");
                    } else {
                        for (JsonNode name : required) {
                            if (!name.isTextual() || !properties.has(name.asText())) {
                                problems.add(at + ".required: '" + name.asText() + "' is not a property");
                            }
                        }
                    }
                }
                if (schema.has("additionalProperties") && !schema.get("additionalProperties").isBoolean()) {
                    problems.add(at + ".additionalProperties: must be true or false");
                }
            }
            case "array" -> {
                if (!schema.has("items")) {
                    problems.add(at + ".items: an array states the schema of its items");
                } else {
                    checkSchema(at + "[]", schema.get("items"), depth + 1, problems);
                }
            }
            default -> {
            }
        }
    }

    /**
     * The problems of arguments (JSON text) against a schema that passed {@link #schemaProblems} (empty: valid),
     * each naming the argument.
     */
    public static List<String> argumentProblems(String schema, String arguments) {
        List<String> problems = new ArrayList<>();
        if (arguments == null || arguments.isBlank()) {
            problems.add("arguments: a JSON object is required");
            return problems;
        }
        if (arguments.length() > MAX_ARGUMENTS_CHARS) {
            problems.add("arguments: at most " + MAX_ARGUMENTS_CHARS + " characters are accepted");
            return problems;
        }
        JsonNode value;
        try {
            value = parse(arguments);
        } catch (IllegalArgumentException e) {
            problems.add("arguments: " + e.getMessage());
            return problems;
        }
        check("arguments", parse(schema), value, problems);
        return problems;
    }

    private static void check(String at, JsonNode schema, JsonNode value, List<String> problems) {
        String type = schema.path("type").asText();
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(at + ": must be an object");
                    return;
                }
                JsonNode properties = schema.path("properties");
                for (JsonNode name : schema.path("required")) {
                    if (!value.has(name.asText()) || value.get(name.asText()).isNull()) {
                        problems.add(at + "." + name.asText() + ": is required");
                    }
                }
                boolean closed = schema.has("additionalProperties") && !schema.get("additionalProperties").asBoolean();
                value.fields().forEachRemaining(field -> {
                    JsonNode propertySchema = properties.get(field.getKey());
                    if (propertySchema == null) {
                        if (closed) {
                            problems.add(at + "." + field.getKey() + ": is not a parameter of this tool");
                        }
                    } else if (!field.getValue().isNull()) {
                        check(at + "." + field.getKey(), propertySchema, field.getValue(), problems);
                    }
                });
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(at + ": must be text");
                    return;
                }
                String text = value.asText();
                if (schema.has("minLength") && text.length() < schema.get("minLength").asInt()) {
                    problems.add(at + ": must have at least " + schema.get("minLength").asInt() + " characters");
                }
                if (schema.has("maxLength") && text.length() > schema.get("maxLength").asInt()) {
                    problems.add(at + ": must have at most " + schema.get("maxLength").asInt() + " characters");
                }
                if (schema.has("enum") && !contains(schema.get("enum"), value)) {
                    problems.add(at + ": must be one of " + schema.get("enum"));
                }
                String format = schema.path("format").asText("");
                if ("email".equals(format) && !EMAIL.matcher(text).matches()) {
                    problems.add(at + ": must be an e-mail address");
                }
                if ("date".equals(format)) {
                    try {
                        LocalDate.parse(text);
                    } catch (DateTimeParseException e) {
                        problems.add(at + ": must be a date (YYYY-MM-DD)");
                    }
                }
            }
            case "integer", "number" -> {
                boolean ok = "integer".equals(type) ? value.isIntegralNumber()
                        || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0)
                        : value.isNumber();
                if (!ok) {
                    problems.add(at + ": must be " + ("integer".equals(type) ? "a whole number" : "a number"));
                    return;
                }
                if (schema.has("minimum") && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
                    problems.add(at + ": must be at least " + schema.get("minimum").asText());
                }
                if (schema.has("maximum") && value.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
                    problems.add(at + ": must be at most " + schema.get("maximum").asText());
                }
                if (schema.has("enum") && !contains(schema.get("enum"), value)) {
                    problems.add(at + ": must be one of " + schema.get("enum"));
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(at + ": must be true or false");
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(at + ": must be a list");
                    return;
                }
                if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                    problems.add(at + ": must have at most " + schema.get("maxItems").asInt() + " items");
                }
                if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                    problems.add(at + ": must have at least " + schema.get("minItems").asInt() + " items");
                }
                int index = 0;
                for (JsonNode item : value) {
                    check(at + "[" + index++ + "]", schema.get("items"), item, problems);
                }
            }
            default -> problems.add(at + ": the schema's type '" + type + "' is not supported");
        }
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode candidate : values) {
            if (candidate.equals(value) || (candidate.isNumber() && value.isNumber()
                    && candidate.decimalValue().compareTo(value.decimalValue()) == 0)) {
                return true;
            }
        }
        return false;
    }
}
