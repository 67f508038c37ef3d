package io.assistantcore.messages.tool;

import io.assistantcore.messages.common.Role;

import java.util.Set;

/**
 * One tool the assistant may call.
 *
 * @param name           lower-case name the model calls it by, unique within the tenant
 * @param parameters     a JSON Schema (object) of the arguments, as JSON text (see {@link ToolSchemas})
 * @param endpoint       where it runs in the host application; null for a built-in tool
 * @param requiredRoles  roles the requesting user must all hold (empty: any member)
 * @param approval       who approves a call before it runs
 * @param timeoutSeconds how long the host application may take to answer
 * @param builtIn        a tool of the platform itself ({@code generate_image}, {@code search_knowledge})
 */
public record ToolDefinition(String name, String description, String parameters, ToolEndpoint endpoint,
                             Set<Role> requiredRoles, ApprovalMode approval, int timeoutSeconds, boolean builtIn) {

    public ToolDefinition {
        requiredRoles = requiredRoles == null ? Set.of() : Set.copyOf(requiredRoles);
        approval = approval == null ? ApprovalMode.NONE : approval;
    }

    /** The roles a user needs to ask for this tool are all held. A platform administrator holds no tenant role. */
    public boolean permits(Set<Role> roles) {
        return roles != null && roles.containsAll(requiredRoles);
    }
}
