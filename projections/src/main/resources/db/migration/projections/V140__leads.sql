-- Lead read model, fed by the "leads" processing group: one row per lead, its workflow history (one row per event,
-- no personal text in it), and each tenant's lead settings.

CREATE TABLE lead_view (
    lead_id            VARCHAR(128) NOT NULL PRIMARY KEY,
    tenant_id          VARCHAR(63)  NOT NULL,
    source             VARCHAR(32)  NOT NULL,
    external_event_id  VARCHAR(200),
    message            TEXT         NOT NULL,
    status             VARCHAR(16)  NOT NULL,
    intent             VARCHAR(16),
    confidence         DOUBLE PRECISION,
    decided_by         VARCHAR(16),
    intent_reason      TEXT,
    low_confidence     BOOLEAN      NOT NULL DEFAULT FALSE,
    name               TEXT,
    email              TEXT,
    phone              TEXT,
    company            TEXT,
    budget_amount      NUMERIC(19, 2),
    budget_currency    VARCHAR(3),
    score              INTEGER,
    score_reasons      JSONB        NOT NULL DEFAULT '[]'::jsonb,
    draft_session_id   VARCHAR(128),
    draft_suggestion_id VARCHAR(128),
    draft_status       VARCHAR(16),
    draft_text         TEXT,
    final_text         TEXT,
    edited             BOOLEAN,
    created_at         TIMESTAMPTZ  NOT NULL,
    updated_at         TIMESTAMPTZ  NOT NULL
);
CREATE INDEX lead_view_tenant_idx ON lead_view (tenant_id, created_at DESC, lead_id DESC);
CREATE INDEX lead_view_tenant_status_idx ON lead_view (tenant_id, status, created_at DESC);

CREATE TABLE lead_history_view (
    lead_id   VARCHAR(128) NOT NULL,
    seq       BIGINT       NOT NULL,
    tenant_id VARCHAR(63)  NOT NULL,
    type      VARCHAR(64)  NOT NULL,
    at        TIMESTAMPTZ  NOT NULL,
    detail    TEXT,
    PRIMARY KEY (lead_id, seq)
);

CREATE TABLE lead_settings_view (
    tenant_id       VARCHAR(63)      NOT NULL PRIMARY KEY,
    review_below    DOUBLE PRECISION NOT NULL,
    scoring         JSONB            NOT NULL,
    -- the inbound webhook secrets, readable only by the webhook receiver's query
    inbound_secrets JSONB            NOT NULL DEFAULT '[]'::jsonb,
    updated_at      TIMESTAMPTZ      NOT NULL
);

CREATE TABLE webhook_endpoint_view (
    endpoint_id     VARCHAR(64)  NOT NULL PRIMARY KEY,
    tenant_id       VARCHAR(63)  NOT NULL,
    url             TEXT         NOT NULL,
    event_types     JSONB        NOT NULL,
    enabled         BOOLEAN      NOT NULL,
    disabled_reason TEXT,
    -- the signing secret, readable only by the delivery worker's query
    secret          TEXT         NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL
);
CREATE INDEX webhook_endpoint_view_tenant_idx ON webhook_endpoint_view (tenant_id);
