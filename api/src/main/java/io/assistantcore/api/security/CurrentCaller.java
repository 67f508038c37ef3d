package io.assistantcore.api.security;

import org.springframework.security.core.context.SecurityContextHolder;

import java.util.Optional;

/** The {@link Caller} of the current request thread, if authenticated. */
public final class CurrentCaller {

    private CurrentCaller() {
    }

    public static Optional<Caller> get() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    /** The {@link Caller} of an authentication by JWT or by API key (such as a WebSocket session's principal). */
    public static Optional<Caller> of(Object authentication) {
        if (authentication instanceof CallerAuthenticationConverter.CallerAuthentication callerAuthentication) {
            return Optional.of(callerAuthentication.caller());
        }
        if (authentication instanceof ApiKeyAuthentication apiKey) {
            return Optional.of(apiKey.caller());
        }
        return Optional.empty();
    }
}
