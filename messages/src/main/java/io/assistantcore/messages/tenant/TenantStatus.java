package io.assistantcore.messages.tenant;

public enum TenantStatus {
    ACTIVE,
    DEACTIVATED
}
