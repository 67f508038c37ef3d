package io.assistantcore.api.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assistantcore.messages.tool.ApprovalMode;
import io.assistantcore.messages.tool.ToolDefinition;
import io.assistantcore.messages.tool.ToolEndpoint;
import io.assistantcore.messages.tool.ToolSchemas;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Makes tools from an OpenAPI 3 document: one tool per operation. The tool's name is the operation's
 * {@code operationId} in snake case (else method and path); its description the summary (else the description); its
 * parameters the operation's path and query parameters and the properties of its JSON request body; its endpoint the
 * first server's URL plus the path (path parameters stay as {@code {name}} and are filled from the arguments).
 * Operations that change data (POST, PUT, PATCH, DELETE) need an administrator's approval, reading ones (GET) none.
 * <p>
 * Only local references ({@code #/components/schemas/...}) are followed, never remote ones. Schema keywords outside
 * the subset tools support ({@link ToolSchemas}) are left out and reported, so what is kept is enforced in full.
 * Written over Jackson rather than with a full OpenAPI parser: the import needs this one walk over paths, and a
 * parser would resolve remote references the platform must not fetch.
 */
final class OpenApiToolImport {

    static final int MAX_OPERATIONS = 100;
    static final int DEFAULT_TIMEOUT_SECONDS = 30;
    /** How deep nested objects and lists are kept; deeper ones become strings. */
    private static final int MAX_NESTING = 4;
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final Map<String, Set<String>> KEPT = Map.of(
            "object", Set.of("type", "description", "properties", "required", "additionalProperties"),
            "string", Set.of("type", "description", "enum", "minLength", "maxLength", "format"),
            "integer", Set.of("type", "description", "minimum", "maximum", "enum"),
            "number", Set.of("type", "description", "minimum", "maximum"),
            "boolean", Set.of("type", "description"),
            "array", Set.of("type", "description", "items", "maxItems", "minItems"));

    /** The tools, and what was left out (keywords, operations) and why. */
    record Result(List<ToolDefinition> tools, List<String> notes) {
    }

    private final JsonNode document;
    private final List<String> notes = new ArrayList<>();

    private OpenApiToolImport(JsonNode document) {
        this.document = document;
    }

    static Result tools(JsonNode document, String baseUrlOverride) {
        return new OpenApiToolImport(document).run(baseUrlOverride);
    }

    private Result run(String baseUrlOverride) {
        if (document == null || !document.isObject() || !document.path("openapi").asText("").startsWith("3.")) {
            throw new IllegalArgumentException("the document is not an OpenAPI 3 document (no 'openapi: 3.x')");
        }
        String base = baseUrlOverride != null ? baseUrlOverride : document.path("servers").path(0).path("url")
                .asText(null);
        if (base == null || !(base.startsWith("https://") || base.startsWith("http://"))) {
            throw new IllegalArgumentException("the document names no absolute server URL (servers[0].url); give "
                    + "one with ?baseUrl=");
        }
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        List<ToolDefinition> tools = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = operations.next();
                String method = operation.getKey().toLowerCase(Locale.ROOT);
                if (!METHODS.contains(method)) {
                    continue;
                }
                if (tools.size() == MAX_OPERATIONS) {
                    throw new IllegalArgumentException("the document has more than " + MAX_OPERATIONS
                            + " operations; import it in parts");
                }
                tools.add(tool(base, path.getKey(), method, operation.getValue(), path.getValue()));
            }
        }
        if (tools.isEmpty()) {
            throw new IllegalArgumentException("the document has no operation (paths with get, post, put, patch or "
                    + "delete)");
        }
        return new Result(tools, notes);
    }

    private ToolDefinition tool(String base, String path, String method, JsonNode operation, JsonNode pathItem) {
        String name = name(operation.path("operationId").asText(null), method, path);
        String description = operation.path("summary").asText(operation.path("description").asText(""));
        if (description.isBlank()) {
            description = method.toUpperCase(Locale.ROOT) + " " + path;
        }
        description = description.strip();
        if (description.length() > 2000) {
            description = description.substring(0, 2000);
        }
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        Set<String> required = new LinkedHashSet<>();
        List<JsonNode> parameters = new ArrayList<>();
        pathItem.path("parameters").forEach(parameters::add);
        operation.path("parameters").forEach(parameters::add);
        for (JsonNode parameter : parameters) {
            JsonNode resolved = resolve(parameter, 0);
            String in = resolved.path("in").asText();
            if (!"path".equals(in) && !"query".equals(in)) {
                continue;
            }
            String parameterName = resolved.path("name").asText();
            ObjectNode parameterSchema = keep(name + "." + parameterName, resolve(resolved.path("schema"), 0), 0);
            if (resolved.has("description") && !parameterSchema.has("description")) {
                parameterSchema.put("description", resolved.get("description").asText());
            }
            properties.set(parameterName, parameterSchema);
            if ("path".equals(in) || resolved.path("required").asBoolean(false)) {
                required.add(parameterName);
            }
        }
        JsonNode body = resolve(operation.path("requestBody"), 0).path("content").path("application/json")
                .path("schema");
        if (!body.isMissingNode()) {
            JsonNode bodySchema = resolve(body, 0);
            ObjectNode kept = keep(name + ".body", bodySchema, 0);
            kept.path("properties").fields().forEachRemaining(field -> properties.set(field.getKey(),
                    field.getValue()));
            kept.path("required").forEach(field -> required.add(field.asText()));
        }
        if (!required.isEmpty()) {
            ArrayNode list = schema.putArray("required");
            required.forEach(list::add);
        }
        schema.put("additionalProperties", false);
        ApprovalMode approval = "get".equals(method) ? ApprovalMode.NONE : ApprovalMode.ADMIN;
        return new ToolDefinition(name, description, ToolSchemas.write(schema),
                new ToolEndpoint(method.toUpperCase(Locale.ROOT), base + path), Set.of(), approval,
                DEFAULT_TIMEOUT_SECONDS, false);
    }

    /** The schema with only the keywords tools support; nested schemas likewise. */
    private ObjectNode keep(String at, JsonNode schema, int depth) {
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        if (depth > MAX_NESTING) {
            // a schema that refers to itself (a list of lists of …) ends here instead of recursing without end
            notes.add(at + ": nested deeper than " + MAX_NESTING + " levels; kept as string");
            return kept.put("type", "string");
        }
        String type = schema.path("type").asText("string");
        if (!KEPT.containsKey(type)) {
            notes.add(at + ": type '" + type + "' is not supported; kept as string");
            type = "string";
        }
        Set<String> allowed = KEPT.get(type);
        kept.put("type", type);
        for (Iterator<String> names = schema.fieldNames(); names.hasNext(); ) {
            String keyword = names.next();
            if ("type".equals(keyword)) {
                continue;
            }
            if (!allowed.contains(keyword) || ("format".equals(keyword)
                    && !Set.of("email", "date").contains(schema.get(keyword).asText()))) {
                notes.add(at + ": '" + keyword + "' left out");
                continue;
            }
            switch (keyword) {
                case "properties" -> {
                    ObjectNode nested = kept.putObject("properties");
                    schema.get(keyword).fields().forEachRemaining(field -> nested.set(field.getKey(),
                            depth >= MAX_NESTING ? JsonNodeFactory.instance.objectNode().put("type", "string")
                                    : keep(at + "." + field.getKey(), resolve(field.getValue(), 0), depth + 1)));
                }
                case "items" -> kept.set("items", keep(at + "[]", resolve(schema.get(keyword), 0), depth + 1));
                case "additionalProperties" -> {
                    if (schema.get(keyword).isBoolean()) {
                        kept.set(keyword, schema.get(keyword));
                    }
                }
                default -> kept.set(keyword, schema.get(keyword));
            }
        }
        return kept;
    }

    /** Follows a local {@code $ref}; a remote one is refused. */
    private JsonNode resolve(JsonNode node, int depth) {
        if (node == null || !node.has("$ref")) {
            return node == null ? JsonNodeFactory.instance.objectNode() : node;
        }
        String ref = node.get("$ref").asText();
        if (!ref.startsWith("#/") || depth > 10) {
            throw new IllegalArgumentException("only local references (#/components/...) are followed, not '"
                    + (ref.length() > 100 ? ref.substring(0, 100) : ref) + "'");
        }
        JsonNode target = document.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new IllegalArgumentException("the reference '" + ref + "' points nowhere");
        }
        return resolve(target, depth + 1);
    }

    /** operationId in snake case, else method_path; a valid tool name. */
    static String name(String operationId, String method, String path) {
        String raw = operationId != null && !operationId.isBlank() ? operationId : method + "_" + path;
        String snake = raw.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_-]+", "_").replaceAll("_+", "_").replaceAll("^[^a-z]+|_+$", "");
        if (snake.isEmpty()) {
            snake = "operation";
        }
        return snake.length() > 64 ? snake.substring(0, 64) : snake;
    }
}
