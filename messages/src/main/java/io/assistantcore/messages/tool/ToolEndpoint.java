package io.assistantcore.messages.tool;

/** Where a tenant's tool runs: an HTTP method and an absolute URL in the host application. */
public record ToolEndpoint(String method, String url) {
}
