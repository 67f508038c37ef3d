-- Assist history read model, fed by the "assist-history" processing group.
CREATE TABLE assist_session_view (
    session_id    VARCHAR(64)  NOT NULL PRIMARY KEY,
    tenant_id     VARCHAR(63)  NOT NULL,
    user_id       VARCHAR(255),
    entity_type   VARCHAR(200) NOT NULL,
    entity_id     VARCHAR(200) NOT NULL,
    field_name    VARCHAR(200) NOT NULL,
    original_text TEXT         NOT NULL,
    context       JSONB        NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL
);
CREATE INDEX assist_session_view_tenant_idx ON assist_session_view (tenant_id, created_at);

CREATE TABLE suggestion_view (
    suggestion_id  VARCHAR(64) NOT NULL PRIMARY KEY,
    session_id     VARCHAR(64) NOT NULL,
    tenant_id      VARCHAR(63) NOT NULL,
    user_id        VARCHAR(255),
    action         VARCHAR(32) NOT NULL,
    tone           VARCHAR(32),
    instruction    TEXT,
    refined_from   VARCHAR(64),
    prompt_version VARCHAR(32),
    status         VARCHAR(16) NOT NULL,
    attempt        INTEGER     NOT NULL,
    text           TEXT,
    final_text     TEXT,
    edited         BOOLEAN     NOT NULL DEFAULT FALSE,
    provider       VARCHAR(64),
    model          VARCHAR(200),
    input_tokens   BIGINT,
    output_tokens  BIGINT,
    usage_reported BOOLEAN,
    latency_ms     BIGINT,
    failure_reason TEXT,
    copies         INTEGER     NOT NULL DEFAULT 0,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX suggestion_view_session_idx ON suggestion_view (session_id, created_at);
CREATE INDEX suggestion_view_running_idx ON suggestion_view (updated_at) WHERE status IN ('REQUESTED', 'STREAMING');

CREATE TABLE suggestion_attempt_view (
    suggestion_id  VARCHAR(64) NOT NULL,
    attempt        INTEGER     NOT NULL,
    status         VARCHAR(16) NOT NULL,
    provider       VARCHAR(64),
    model          VARCHAR(200),
    text           TEXT,
    input_tokens   BIGINT,
    output_tokens  BIGINT,
    usage_reported BOOLEAN,
    latency_ms     BIGINT,
    failure_reason TEXT,
    chunks         INTEGER     NOT NULL DEFAULT 0,
    started_at     TIMESTAMPTZ NOT NULL,
    ended_at       TIMESTAMPTZ,
    PRIMARY KEY (suggestion_id, attempt)
);

CREATE TABLE suggestion_chunk_view (
    suggestion_id VARCHAR(64) NOT NULL,
    attempt       INTEGER     NOT NULL,
    seq           INTEGER     NOT NULL,
    text          TEXT        NOT NULL,
    PRIMARY KEY (suggestion_id, attempt, seq)
);
