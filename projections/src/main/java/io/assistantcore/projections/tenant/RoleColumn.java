package io.assistantcore.projections.tenant;

import io.assistantcore.messages.common.Role;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Roles are stored as a sorted, comma-separated list: readable in SQL and stable for comparisons. Public for the
 * readers of the table in query-side.
 */
public final class RoleColumn {

    private RoleColumn() {
    }

    public static String write(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
    }

    public static Set<Role> read(String column) {
        if (column == null || column.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(column.split(",")).map(Role::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
    }
}
