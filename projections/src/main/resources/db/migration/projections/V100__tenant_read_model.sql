-- Tenant directory read model, fed by the "tenant-directory" processing group.
-- Versions V100-V199 belong to the projections module; the event store owns V1-V99.
CREATE TABLE tenant_view (
    tenant_id                    VARCHAR(63)    NOT NULL PRIMARY KEY,
    name                         VARCHAR(200)   NOT NULL,
    plan                         VARCHAR(32)    NOT NULL,
    status                       VARCHAR(32)    NOT NULL,
    budget_amount                NUMERIC(19, 4) NOT NULL,
    budget_currency              CHAR(3)        NOT NULL,
    requests_per_minute_per_user INTEGER        NOT NULL,
    tokens_per_minute_per_tenant BIGINT         NOT NULL,
    ai_policy                    JSONB          NOT NULL,
    version                      BIGINT         NOT NULL,
    created_at                   TIMESTAMPTZ    NOT NULL,
    updated_at                   TIMESTAMPTZ    NOT NULL
);

CREATE TABLE tenant_member_view (
    tenant_id  VARCHAR(63)  NOT NULL REFERENCES tenant_view (tenant_id) ON DELETE CASCADE,
    user_id    VARCHAR(255) NOT NULL,
    roles      VARCHAR(200) NOT NULL,
    granted_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);
