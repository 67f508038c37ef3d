package io.assistantcore.messages.common;

/** The roles of API.md. {@link #PLATFORM_ADMIN} is a platform role: it comes from the token, never from a tenant. */
public enum Role {
    PLATFORM_ADMIN,
    TENANT_ADMIN,
    MEMBER,
    AUDITOR;

    public boolean grantableWithinTenant() {
        return this != PLATFORM_ADMIN;
    }
}
