package io.assistantcore.api.security;

import io.assistantcore.api.web.DatabaseUnavailable;
import org.springframework.security.core.AuthenticationException;

/**
 * The token was valid but the caller's roles could not be read from the member list. Not an
 * {@code AuthenticationServiceException}, which Spring Security rethrows past the entry point (a bare 500): this one
 * reaches {@link ProblemSecurityHandlers}, which answers 503 Problem Details when the database is unreachable and
 * 500 Problem Details otherwise — never 401, since the token itself was fine.
 */
public class MemberLookupFailedException extends AuthenticationException {

    private final boolean databaseUnavailable;

    public MemberLookupFailedException(Throwable cause) {
        super("The caller's roles could not be read", cause);
        this.databaseUnavailable = DatabaseUnavailable.causedBy(cause);
    }

    public boolean databaseUnavailable() {
        return databaseUnavailable;
    }
}
