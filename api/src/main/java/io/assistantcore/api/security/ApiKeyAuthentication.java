package io.assistantcore.api.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authentication by tenant API key whose principal is the {@link Caller} the key acts as. */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final Caller caller;
    private final String keyId;
    private final String keyHash;

    ApiKeyAuthentication(Caller caller, String keyId, String keyHash) {
        super(caller.roles().stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role.name())).toList());
        this.caller = caller;
        this.keyId = keyId;
        this.keyHash = keyHash;
        setAuthenticated(true);
    }

    public Caller caller() {
        return caller;
    }

    public String keyId() {
        return keyId;
    }

    /** The SHA-256 of the presented key (as stored in the read model), to look the key up again. */
    String keyHash() {
        return keyHash;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return caller.userId();
    }

    @Override
    public String getName() {
        return caller.userId();
    }
}
