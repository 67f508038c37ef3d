package io.assistantcore.api.security;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** True when no identity provider is configured, so the platform signs and checks its own tokens. */
public class LocalTokensCondition implements Condition {

    static final String ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";
    static final String JWK_SET_URI = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri";

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return isBlank(context.getEnvironment().getProperty(ISSUER_URI))
                && isBlank(context.getEnvironment().getProperty(JWK_SET_URI));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
