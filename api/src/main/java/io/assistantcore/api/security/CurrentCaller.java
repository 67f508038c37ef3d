package io.assistantcore.api.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.Optional;

/** The {@link Caller} of the current request thread, if authenticated. */
public final class CurrentCaller {

    private CurrentCaller() {
    }

    public static Optional<Caller> get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof CallerAuthenticationConverter.CallerAuthentication callerAuthentication) {
            return Optional.of(callerAuthentication.caller());
        }
        return Optional.empty();
    }
}
