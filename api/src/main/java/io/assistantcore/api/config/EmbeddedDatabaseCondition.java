package io.assistantcore.api.config;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * True when no database is configured, so the platform runs its embedded PostgreSQL. Evaluated when beans are
 * defined, so it sees every property source, including those that tests add.
 */
public class EmbeddedDatabaseCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return isEmbedded(context.getEnvironment());
    }

    public static boolean isEmbedded(Environment environment) {
        return isBlank(environment.getProperty("spring.datasource.url"))
                && isBlank(environment.getProperty("DATABASE_URL"));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
