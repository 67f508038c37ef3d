-- A tenant's registered tools (ToolRegistered / ToolRemoved), and the registry's version for read-your-writes.
CREATE TABLE tool_definition_view (
    tenant_id   TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    definition  JSONB       NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, name)
);

CREATE TABLE tool_registry_view (
    tenant_id   TEXT        PRIMARY KEY,
    version     BIGINT      NOT NULL
);

-- Tool calls: the approvals inbox and the calls shown with each reply. Arguments, results and reasons are the
-- requester's personal texts (blanked when the requester is forgotten).
CREATE TABLE tool_call_view (
    tool_call_id    TEXT        PRIMARY KEY,
    tenant_id       TEXT        NOT NULL,
    conversation_id TEXT        NOT NULL,
    reply_id        TEXT        NOT NULL,
    user_id         TEXT        NOT NULL,
    tool            TEXT        NOT NULL,
    arguments       TEXT,
    status          TEXT        NOT NULL,
    approval        TEXT        NOT NULL,
    approver_roles  TEXT        NOT NULL DEFAULT '',
    expires_at      TIMESTAMPTZ,
    decided_by      TEXT,
    reason          TEXT,
    http_status     INTEGER,
    result          TEXT,
    version         BIGINT      NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

CREATE INDEX tool_call_view_inbox ON tool_call_view (tenant_id, status, created_at DESC);
CREATE INDEX tool_call_view_reply ON tool_call_view (tenant_id, reply_id, created_at);
CREATE INDEX tool_call_view_expiry ON tool_call_view (expires_at) WHERE status = 'AWAITING_APPROVAL';
