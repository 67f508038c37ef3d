-- The secret each tenant's tool calls are signed with (Standard Webhooks, whsec_...). One current secret per
-- tenant, made on first use; rotating replaces it (ToolSecrets). The host application verifies calls with it.
CREATE TABLE tool_secret (
    tenant_id   VARCHAR(200)             PRIMARY KEY,
    secret      VARCHAR(200)             NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
