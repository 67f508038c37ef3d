package io.assistantcore.api.chat;

import io.assistantcore.api.chat.ChatRequests.RouteRequest;
import io.assistantcore.api.chat.ChatRequests.RoutingRulesRequest;
import io.assistantcore.api.security.TenantAccess;
import io.assistantcore.api.tenant.TenantReadModel;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.common.Role;
import io.assistantcore.messages.tenant.RoutingRules;
import io.assistantcore.messages.tenant.RoutingRules.Route;
import io.assistantcore.messages.tenant.TenantCommands.SetRoutingRules;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A tenant's chat routing rules (data, kept as events on the tenant): which provider and model answers each category,
 * which one classifies messages, the topics the tenant refuses and whether earlier answers may be reused.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/routing")
@Tag(name = "Tenants")
public class RoutingRulesController {

    private static final String ROUTABLE = Arrays.stream(RouteCategory.values()).filter(RouteCategory::routable)
            .map(RouteCategory::wireName).collect(Collectors.joining(", "));
    /** What a key must look like to be named back in a problem. */
    private static final Pattern CATEGORY_NAME = Pattern.compile("[A-Za-z_]{1,40}");

    private final CommandGateway commands;
    private final TenantAccess access;
    private final TenantReadModel tenants;
    private final ChatReadModel chats;

    RoutingRulesController(CommandGateway commands, TenantAccess access, TenantReadModel tenants,
                           ChatReadModel chats) {
        this.commands = commands;
        this.access = access;
        this.tenants = tenants;
        this.chats = chats;
    }

    @GetMapping
    @Operation(summary = "The tenant's chat routing rules now (TENANT_ADMIN, AUDITOR)")
    public RoutingRules get(@PathVariable String tenantId) {
        access.require(tenantId, Role.TENANT_ADMIN, Role.AUDITOR);
        return chats.routingRules(tenantId);
    }

    @PutMapping
    @Operation(summary = "Replace the tenant's chat routing rules: routes by category (general, creative, code, "
            + "reasoning, long_context, safety_sensitive), router, blocked topics, answer reuse (TENANT_ADMIN)")
    public RoutingRules set(@PathVariable String tenantId, @Valid @RequestBody RoutingRulesRequest request) {
        access.require(tenantId, Role.TENANT_ADMIN);
        RoutingRules rules = new RoutingRules(routes(request.routes()), route(request.router()),
                request.blockedTopics(), Boolean.TRUE.equals(request.answerReuse()));
        Object version = commands.sendAndWait(new SetRoutingRules(tenantId, rules));
        if (version instanceof Number number) {
            tenants.awaitVersion(tenantId, number.longValue());
        }
        return chats.routingRules(tenantId);
    }

    /** Routes by category; an unknown or unroutable category is named in the problem ({@code routes.<name>}). */
    private static Map<RouteCategory, Route> routes(Map<String, RouteRequest> requested) {
        Map<RouteCategory, Route> routes = new EnumMap<>(RouteCategory.class);
        if (requested == null) {
            return routes;
        }
        requested.forEach((name, route) -> {
            if (!CATEGORY_NAME.matcher(name).matches()) {
                // not quoted back: it is what was refused
                throw ApiException.invalidParameter("routes", "keys must be categories: " + ROUTABLE);
            }
            RouteCategory category = category(name);
            if (category == null || !category.routable()) {
                throw ApiException.invalidParameter("routes." + name, "is not a category a route can be set for; "
                        + "categories are " + ROUTABLE + " (lower-case)");
            }
            routes.put(category, route(route));
        });
        return routes;
    }

    /** The category of a lower-case wire name, or null. */
    private static RouteCategory category(String name) {
        for (RouteCategory category : RouteCategory.values()) {
            if (category.wireName().equals(name)) {
                return category;
            }
        }
        return null;
    }

    private static Route route(RouteRequest route) {
        return route == null ? null : new Route(route.provider(), route.model());
    }
}
