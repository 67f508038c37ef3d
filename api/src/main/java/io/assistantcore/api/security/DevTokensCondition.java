package io.assistantcore.api.security;

import io.assistantcore.api.config.EmbeddedDatabaseCondition;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The development token endpoint exists when tokens are signed locally and either
 * {@code assistant.security.dev-tokens.enabled} says so or, when that is not set, the database is embedded.
 */
public class DevTokensCondition implements Condition {

    public static final String PROPERTY = "assistant.security.dev-tokens.enabled";

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        if (!new LocalTokensCondition().matches(context, metadata)) {
            return false;
        }
        String explicit = context.getEnvironment().getProperty(PROPERTY);
        return explicit == null || explicit.isBlank()
                ? EmbeddedDatabaseCondition.isEmbedded(context.getEnvironment())
                : Boolean.parseBoolean(explicit.strip());
    }
}
