-- What each suggestion and attempt cost (from AttemptUsageRecorded), shown in the history.
ALTER TABLE suggestion_view ADD COLUMN cost_amount NUMERIC(24, 8), ADD COLUMN cost_currency CHAR(3),
    ADD COLUMN cached_from VARCHAR(120);
ALTER TABLE suggestion_attempt_view ADD COLUMN cost_amount NUMERIC(24, 8), ADD COLUMN cost_currency CHAR(3),
    ADD COLUMN cached_from VARCHAR(120);

-- Billing read model, fed by the "billing" processing group: one row per recorded model call or cache hit.
CREATE TABLE usage_record (
    tenant_id      VARCHAR(63)    NOT NULL,
    suggestion_id  VARCHAR(64)    NOT NULL,
    attempt        INTEGER        NOT NULL,
    session_id     VARCHAR(64)    NOT NULL,
    user_id        VARCHAR(255),
    provider       VARCHAR(200)   NOT NULL,
    model          VARCHAR(200),
    outcome        VARCHAR(16)    NOT NULL,
    input_tokens   BIGINT         NOT NULL,
    output_tokens  BIGINT         NOT NULL,
    usage_reported BOOLEAN        NOT NULL,
    cost           NUMERIC(24, 8),
    currency       CHAR(3),
    cached_from    VARCHAR(120),
    saved_cost     NUMERIC(24, 8),
    recorded_at    TIMESTAMPTZ    NOT NULL,
    usage_day      DATE           NOT NULL,
    PRIMARY KEY (tenant_id, suggestion_id, attempt)
);
CREATE INDEX usage_record_day_idx ON usage_record (tenant_id, usage_day);

-- Month-to-date per tenant ledger, and the open reservations in it.
CREATE TABLE budget_ledger_view (
    ledger_id  VARCHAR(120)   NOT NULL PRIMARY KEY,
    tenant_id  VARCHAR(63)    NOT NULL,
    period     CHAR(7)        NOT NULL,
    currency   CHAR(3)        NOT NULL,
    budget     NUMERIC(24, 8) NOT NULL,
    spent      NUMERIC(24, 8) NOT NULL DEFAULT 0,
    reserved   NUMERIC(24, 8) NOT NULL DEFAULT 0,
    updated_at TIMESTAMPTZ    NOT NULL
);
CREATE UNIQUE INDEX budget_ledger_view_period_idx ON budget_ledger_view (tenant_id, period);

CREATE TABLE budget_reservation_view (
    ledger_id      VARCHAR(120)   NOT NULL,
    reservation_id VARCHAR(64)    NOT NULL,
    remaining      NUMERIC(24, 8) NOT NULL,
    PRIMARY KEY (ledger_id, reservation_id)
);

-- Policies stored before the cache flags existed read as the upcaster reads their events: exact cache on, semantic off.
UPDATE tenant_view SET ai_policy = ai_policy || '{"exactCache": true, "semanticCache": false}'::jsonb
WHERE NOT ai_policy ? 'exactCache';
