-- Labelled examples the tenant's reviewers made (a lead whose intent a reviewer corrected): only the embedding of
-- the lead's text is kept, never the text. Read only with the tenant's id.
CREATE TABLE lead_example (
    tenant_id  VARCHAR(63)  NOT NULL,
    lead_id    VARCHAR(128) NOT NULL,
    intent     VARCHAR(16)  NOT NULL,
    vector     REAL[]       NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (tenant_id, lead_id)
);

-- Outbound webhook deliveries: one row per (event, endpoint), its attempts in webhook_delivery_attempt.
-- status: PENDING (due at next_attempt_at), DELIVERED, DEAD_LETTERED (last try failed), CANCELLED (endpoint gone).
CREATE TABLE webhook_delivery (
    delivery_id     VARCHAR(64)  NOT NULL PRIMARY KEY,
    tenant_id       VARCHAR(63)  NOT NULL,
    endpoint_id     VARCHAR(64)  NOT NULL,
    url             TEXT         NOT NULL,
    event_type      VARCHAR(64)  NOT NULL,
    event_id        VARCHAR(128) NOT NULL,
    -- the Standard Webhooks message id (webhook-id): the same on every try, so a receiver can deduplicate
    message_id      VARCHAR(64)  NOT NULL,
    payload         TEXT         NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    attempts        INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    created_at      TIMESTAMPTZ  NOT NULL,
    delivered_at    TIMESTAMPTZ,
    lead_id         VARCHAR(128),
    UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_tenant_idx ON webhook_delivery (tenant_id, created_at DESC);

CREATE TABLE webhook_delivery_attempt (
    delivery_id VARCHAR(64) NOT NULL REFERENCES webhook_delivery (delivery_id) ON DELETE CASCADE,
    attempt     INTEGER     NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    status_code INTEGER,
    error       TEXT,
    PRIMARY KEY (delivery_id, attempt)
);
