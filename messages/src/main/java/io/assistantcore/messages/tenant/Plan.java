package io.assistantcore.messages.tenant;

/** Commercial plan of a tenant; each plan brings default quotas (see the write model's plan defaults). */
public enum Plan {
    FREE,
    TEAM,
    BUSINESS,
    ENTERPRISE
}
