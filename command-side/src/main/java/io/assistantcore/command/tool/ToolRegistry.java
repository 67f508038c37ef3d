package io.assistantcore.command.tool;

import io.assistantcore.messages.tool.ToolCommands;
import io.assistantcore.messages.tool.ToolCommands.RegisterTool;
import io.assistantcore.messages.tool.ToolCommands.RegisterTools;
import io.assistantcore.messages.tool.ToolCommands.RemoveTool;
import io.assistantcore.messages.tool.ToolDefinition;
import io.assistantcore.messages.tool.ToolEvents.ToolRegistered;
import io.assistantcore.messages.tool.ToolEvents.ToolRemoved;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static io.assistantcore.messages.common.CommandRejectedException.invalid;
import static io.assistantcore.messages.common.CommandRejectedException.notFound;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A tenant's tools: data kept as events (each change audited and replayable). Registering a name again replaces
 * the tool; re-registering it unchanged records nothing. Commands answer the registry's version, so a caller can wait
 * for the read model to catch up.
 */
@Aggregate
public class ToolRegistry {

    @AggregateIdentifier
    private String registryId;
    private String tenantId;
    private final Map<String, ToolDefinition> tools = new LinkedHashMap<>();

    protected ToolRegistry() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public long handle(RegisterTool command) {
        register(command.registryId(), command.tenantId(), java.util.List.of(command.tool()));
        return currentVersion();
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public long handle(RegisterTools command) {
        if (command.tools().isEmpty()) {
            throw invalid("tools", "there is no tool to register");
        }
        register(command.registryId(), command.tenantId(), command.tools());
        return currentVersion();
    }

    @CommandHandler
    public long handle(RemoveTool command) {
        requireTenant(command.tenantId());
        if (!tools.containsKey(command.name())) {
            throw notFound("tool-not-found", "Tool '" + command.name() + "' does not exist");
        }
        apply(new ToolRemoved(registryId, tenantId, command.name()));
        return currentVersion();
    }

    private void register(String id, String tenant, java.util.List<ToolDefinition> definitions) {
        if (tenant == null || tenant.isBlank() || !ToolCommands.registryId(tenant).equals(id)) {
            throw invalid("tenantId", "a tool registry belongs to one tenant");
        }
        if (tenantId != null) {
            requireTenant(tenant);
        }
        Set<String> names = new HashSet<>();
        for (ToolDefinition tool : definitions) {
            ToolRules.checkDefinition(tool);
            if (!names.add(tool.name())) {
                throw invalid("tools", "tool '" + tool.name() + "' is named twice");
            }
        }
        long added = names.stream().filter(name -> !tools.containsKey(name)).count();
        if (tools.size() + added > ToolRules.MAX_TOOLS) {
            throw invalid("tools", "a tenant may have at most " + ToolRules.MAX_TOOLS + " tools");
        }
        for (ToolDefinition tool : definitions) {
            if (!tool.equals(tools.get(tool.name()))) {
                apply(new ToolRegistered(id, tenant, tool));
            }
        }
    }

    private void requireTenant(String tenant) {
        if (!tenantId.equals(tenant)) {
            throw notFound("tool-not-found", "No such tool registry");
        }
    }

    /** The registry's version after this command, so an API can wait for the read model to catch up with it. */
    private static long currentVersion() {
        Long version = AggregateLifecycle.getVersion();
        return version == null ? -1 : version;
    }

    @EventSourcingHandler
    void on(ToolRegistered event) {
        registryId = event.registryId();
        tenantId = event.tenantId();
        tools.put(event.tool().name(), event.tool());
    }

    @EventSourcingHandler
    void on(ToolRemoved event) {
        tools.remove(event.name());
    }
}
