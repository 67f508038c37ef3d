package io.assistantcore.api.tool;

import com.fasterxml.jackson.databind.JsonNode;
import io.assistantcore.api.web.input.FreeText;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.tool.ApprovalMode;
import io.assistantcore.messages.tool.ToolDefinition;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Set;

/** Request and response bodies of the tool endpoints; the write model checks the same rules again. */
final class ToolRequests {

    private ToolRequests() {
    }

    record ToolRequest(
            @NotBlank @Size(max = 2_000) @FreeText String description,
            @NotNull JsonNode parameters,
            @NotNull @Valid EndpointRequest endpoint,
            @Size(max = 3) Set<@NotNull Role> requiredRoles,
            ApprovalMode approval,
            @Min(1) @Max(120) Integer timeoutSeconds) {
    }

    record EndpointRequest(
            @NotNull @Pattern(regexp = "GET|POST|PUT|PATCH|DELETE", message = "must be GET, POST, PUT, PATCH or "
                    + "DELETE") String method,
            @NotBlank @Size(max = 2_000) String url) {
    }

    /** A tool as the API shows it: the parameters as a JSON Schema object. */
    record ToolView(String name, String description, JsonNode parameters, EndpointView endpoint,
                    Set<Role> requiredRoles, ApprovalMode approval, int timeoutSeconds, boolean builtIn) {
    }

    record EndpointView(String method, String url) {
    }

    record ToolsView(List<ToolView> tools) {
    }

    record ImportResult(List<ToolView> tools, List<String> notes) {
    }

    /** @param arguments edited arguments (a JSON object), or absent to approve them as proposed */
    record ApproveRequest(JsonNode arguments) {
    }

    record DenyRequest(@NotBlank @Size(max = 1_000) @FreeText String reason) {
    }

    static ToolView view(ToolDefinition tool, JsonNode parameters) {
        return new ToolView(tool.name(), tool.description(), parameters, tool.endpoint() == null ? null
                : new EndpointView(tool.endpoint().method(), tool.endpoint().url()), tool.requiredRoles(),
                tool.approval(), tool.timeoutSeconds(), tool.builtIn());
    }
}
