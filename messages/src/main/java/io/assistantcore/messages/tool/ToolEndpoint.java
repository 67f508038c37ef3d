package io.assistantcore.messages.tool;

import java.util.regex.Pattern;

/**
 * Where a tenant's tool runs: an HTTP method and an absolute URL in the host application. The URL's path and query may
 * name arguments ({@code {project}}), filled in (URL-encoded) when the call is made.
 */
public record ToolEndpoint(String method, String url) {

    /** An argument named in the URL; group 1 is its name. */
    public static final Pattern ARGUMENT = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");
}
