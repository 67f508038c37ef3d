package io.assistantcore.command.tool;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.tool.BuiltInTools;
import io.assistantcore.messages.tool.ToolDefinition;
import io.assistantcore.messages.tool.ToolEndpoint;
import io.assistantcore.messages.tool.ToolSchemas;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.assistantcore.messages.common.CommandRejectedException.invalid;

/** Value rules of tool definitions and tool calls; each failure names the field and what would be accepted. */
final class ToolRules {

    static final int MAX_TOOLS = 200;
    static final int MAX_DESCRIPTION = 2_000;
    static final int MAX_URL = 2_000;
    static final int MAX_TIMEOUT_SECONDS = 120;
    static final int MAX_REASON = 1_000;
    static final int MAX_RESULT = 100_000;
    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern CONTROL_IN_TEXT = Pattern.compile("[\\p{Cc}&&[^\\n\\r\\t]]");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

    private ToolRules() {
    }

    /** A tenant's tool as registered: everything bounded, the schema of the supported kind, an http(s) endpoint. */
    static void checkDefinition(ToolDefinition tool) {
        if (tool == null) {
            throw invalid("tool", "a tool definition is required");
        }
        if (tool.name() == null || !NAME.matcher(tool.name()).matches()) {
            throw invalid("name", "tool names are lower-case words of letters, digits, '_' and '-', starting with a "
                    + "letter (at most 64 characters)");
        }
        if (BuiltInTools.isBuiltIn(tool.name()) || tool.builtIn()) {
            throw invalid("name", "'" + tool.name() + "' is a built-in tool's name; choose another");
        }
        checkText("description", tool.description(), MAX_DESCRIPTION, true);
        List<String> problems = ToolSchemas.schemaProblems(tool.parameters());
        if (!problems.isEmpty()) {
            throw invalid("parameters", String.join("; ", problems.subList(0, Math.min(5, problems.size()))));
        }
        checkEndpoint(tool.endpoint(), tool.parameters());
        for (Role role : tool.requiredRoles()) {
            if (role == null || !role.grantableWithinTenant()) {
                throw invalid("requiredRoles", "required roles are tenant roles: TENANT_ADMIN, MEMBER, AUDITOR");
            }
        }
        if (tool.timeoutSeconds() < 1 || tool.timeoutSeconds() > MAX_TIMEOUT_SECONDS) {
            throw invalid("timeoutSeconds", "timeoutSeconds must be between 1 and " + MAX_TIMEOUT_SECONDS);
        }
    }

    private static void checkEndpoint(ToolEndpoint endpoint, String parameters) {
        if (endpoint == null || endpoint.method() == null || endpoint.url() == null) {
            throw invalid("endpoint", "endpoint {method, url} is required");
        }
        if (!METHODS.contains(endpoint.method())) {
            throw invalid("endpoint.method", "method must be one of " + METHODS);
        }
        String url = endpoint.url();
        if (url.length() > MAX_URL || CONTROL.matcher(url).find()) {
            throw invalid("endpoint.url", "url must be one line of at most " + MAX_URL + " characters");
        }
        // arguments named in the path or query ({project}) are filled in when the call is made: the URL is checked
        // with them standing for a plain word, and each must name a parameter
        JsonNode properties = ToolSchemas.parse(parameters).path("properties");
        Matcher named = ToolEndpoint.ARGUMENT.matcher(url);
        while (named.find()) {
            if (!properties.has(named.group(1))) {
                throw invalid("endpoint.url", "url names {" + named.group(1) + "}, which is not one of the tool's "
                        + "parameters");
            }
        }
        URI uri;
        try {
            uri = new URI(ToolEndpoint.ARGUMENT.matcher(url).replaceAll("argument"));
        } catch (URISyntaxException e) {
            throw invalid("endpoint.url", "url is not a valid URL");
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getUserInfo() != null || uri.getFragment() != null) {
            throw invalid("endpoint.url", "url must be an absolute http(s) URL with a host, without user "
                    + "information or fragment");
        }
        int authorityEnd = url.indexOf("//") + 2;
        while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        if (url.substring(0, authorityEnd).contains("{")) {
            // the model's arguments never choose where a call goes
            throw invalid("endpoint.url", "arguments ({name}) may stand in the URL's path or query, not in its host");
        }
    }

    static void checkId(String field, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw invalid(field, field + " must be 1-128 letters, digits, '.', '_', ':' or '-', starting with a "
                    + "letter or digit");
        }
    }

    static void checkText(String field, String text, int max, boolean required) {
        if (text == null || text.isBlank()) {
            if (required) {
                throw invalid(field, field + " must not be blank");
            }
            return;
        }
        if (text.length() > max) {
            throw invalid(field, field + " has " + text.length() + " characters; at most " + max + " are accepted");
        }
        if (CONTROL_IN_TEXT.matcher(text).find()) {
            throw invalid(field, field + " must not contain control characters other than line breaks and tabs");
        }
    }

    static void checkArguments(ToolDefinition tool, String arguments) {
        List<String> problems = ToolSchemas.argumentProblems(tool.parameters(), arguments);
        if (!problems.isEmpty()) {
            throw invalid("arguments", String.join("; ", problems.subList(0, Math.min(5, problems.size()))));
        }
    }
}
