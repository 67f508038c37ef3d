-- Chat history read model, fed by the "chat-history" processing group: conversations, user messages, replies with
-- every attempt, the streamed chunks (for stream resumes) and one feedback row per rated reply attempt (analytics).

CREATE TABLE chat_conversation_view (
    conversation_id VARCHAR(64)  NOT NULL PRIMARY KEY,
    tenant_id       VARCHAR(63)  NOT NULL,
    user_id         VARCHAR(255) NOT NULL,
    title           TEXT,
    knowledge       VARCHAR(16)  NOT NULL,
    tools           JSONB        NOT NULL DEFAULT '[]'::jsonb,
    -- the memory as the latest reply applied it (emptied by a clear)
    summary         TEXT         NOT NULL DEFAULT '',
    profile         JSONB        NOT NULL DEFAULT '[]'::jsonb,
    turns_kept      INTEGER      NOT NULL DEFAULT 0,
    turns_condensed INTEGER      NOT NULL DEFAULT 0,
    -- the turn of the message whose reply applied the memory above: an older reply (regenerated) does not roll it back
    memory_turn     INTEGER      NOT NULL DEFAULT 0,
    -- messages and replies since the last clear
    message_count   INTEGER      NOT NULL DEFAULT 0,
    reply_count     INTEGER      NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL,
    cleared_at      TIMESTAMPTZ
);
CREATE INDEX chat_conversation_view_user_idx
    ON chat_conversation_view (tenant_id, user_id, created_at DESC, conversation_id DESC);
CREATE INDEX chat_conversation_view_tenant_idx
    ON chat_conversation_view (tenant_id, created_at DESC, conversation_id DESC);

CREATE TABLE chat_message_view (
    message_id      VARCHAR(64) NOT NULL PRIMARY KEY,
    conversation_id VARCHAR(64) NOT NULL,
    tenant_id       VARCHAR(63) NOT NULL,
    reply_id        VARCHAR(64) NOT NULL,
    -- the event's sequence number in the conversation: the order of the messages, also across clears
    position        BIGINT      NOT NULL,
    turn            INTEGER     NOT NULL,
    text            TEXT        NOT NULL,
    attachments     JSONB       NOT NULL DEFAULT '[]'::jsonb,
    posted_at       TIMESTAMPTZ NOT NULL,
    -- posted before the conversation's last clear: kept for auditors, not shown to the user
    hidden          BOOLEAN     NOT NULL DEFAULT FALSE
);
CREATE INDEX chat_message_view_conversation_idx ON chat_message_view (conversation_id, position);

CREATE TABLE chat_reply_view (
    reply_id               VARCHAR(64)  NOT NULL PRIMARY KEY,
    message_id             VARCHAR(64)  NOT NULL,
    conversation_id        VARCHAR(64)  NOT NULL,
    tenant_id              VARCHAR(63)  NOT NULL,
    user_id                VARCHAR(255),
    knowledge              VARCHAR(16),
    prompt_version         VARCHAR(32),
    attempt                INTEGER      NOT NULL,
    status                 VARCHAR(24)  NOT NULL,
    text                   TEXT,
    screening_verdict      VARCHAR(8),
    screening_category     VARCHAR(64),
    screening_score        DOUBLE PRECISION,
    screening_reason       TEXT,
    route_category         VARCHAR(24),
    route_confidence       DOUBLE PRECISION,
    route_provider         VARCHAR(64),
    route_model            VARCHAR(200),
    route_reason           TEXT,
    route_decided_by       VARCHAR(16),
    memory_turns_kept      INTEGER,
    memory_turns_condensed INTEGER,
    memory_truncated       BOOLEAN,
    refusal_kind           VARCHAR(24),
    refusal_reason         TEXT,
    -- the provider and model that actually served the current attempt
    provider               VARCHAR(64),
    model                  VARCHAR(200),
    worker_node            VARCHAR(64),
    input_tokens           BIGINT,
    output_tokens          BIGINT,
    usage_reported         BOOLEAN,
    cost_amount            NUMERIC(24, 8),
    cost_currency          CHAR(3),
    latency_ms             BIGINT,
    chunk_count            INTEGER,
    failure_reason         TEXT,
    reused_from            VARCHAR(64),
    feedback_rating        VARCHAR(8),
    feedback_comment       TEXT,
    feedback_at            TIMESTAMPTZ,
    created_at             TIMESTAMPTZ  NOT NULL,
    updated_at             TIMESTAMPTZ  NOT NULL
);
CREATE INDEX chat_reply_view_conversation_idx ON chat_reply_view (conversation_id);
CREATE INDEX chat_reply_view_running_idx ON chat_reply_view (updated_at)
    WHERE status NOT IN ('COMPLETED', 'REFUSED', 'FAILED', 'CANCELLED');

CREATE TABLE chat_reply_attempt_view (
    reply_id       VARCHAR(64)  NOT NULL,
    attempt        INTEGER      NOT NULL,
    status         VARCHAR(24)  NOT NULL,
    provider       VARCHAR(64),
    model          VARCHAR(200),
    text           TEXT,
    input_tokens   BIGINT,
    output_tokens  BIGINT,
    usage_reported BOOLEAN,
    cost_amount    NUMERIC(24, 8),
    cost_currency  CHAR(3),
    failure_reason TEXT,
    chunks         INTEGER      NOT NULL DEFAULT 0,
    started_at     TIMESTAMPTZ  NOT NULL,
    ended_at       TIMESTAMPTZ,
    PRIMARY KEY (reply_id, attempt)
);

CREATE TABLE chat_reply_chunk_view (
    reply_id VARCHAR(64) NOT NULL,
    attempt  INTEGER     NOT NULL,
    seq      INTEGER     NOT NULL,
    text     TEXT        NOT NULL,
    PRIMARY KEY (reply_id, attempt, seq)
);

-- One row per rated reply attempt; a changed rating replaces the row. No texts: analytics only.
CREATE TABLE chat_feedback_view (
    reply_id        VARCHAR(64)  NOT NULL,
    attempt         INTEGER      NOT NULL,
    tenant_id       VARCHAR(63)  NOT NULL,
    conversation_id VARCHAR(64)  NOT NULL,
    user_id         VARCHAR(255),
    model           VARCHAR(200),
    category        VARCHAR(24),
    rating          VARCHAR(8)   NOT NULL,
    given_at        TIMESTAMPTZ  NOT NULL,
    feedback_day    DATE         NOT NULL,
    PRIMARY KEY (reply_id, attempt)
);
CREATE INDEX chat_feedback_view_tenant_idx ON chat_feedback_view (tenant_id, given_at);
