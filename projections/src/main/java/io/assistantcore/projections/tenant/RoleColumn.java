package io.assistantcore.projections.tenant;

import io.assistantcore.messages.common.Role;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Roles are stored as a sorted, comma-separated list: readable in SQL and stable for comparisons. */
final class RoleColumn {

    private RoleColumn() {
    }

    static String write(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
    }

    static Set<Role> read(String column) {
        if (column == null || column.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(column.split(",")).map(Role::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
    }
}
