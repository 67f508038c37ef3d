-- Idempotency-Key headers a client sent with a request that must not take effect twice (platform.idempotency).
-- A row is claimed before the request's command is sent and marked completed after it; rows expire after the
-- retention (assistant.idempotency.retention) and are swept.
CREATE TABLE idempotency_key (
    scope       VARCHAR(400)             NOT NULL,
    idem_key    VARCHAR(255)             NOT NULL,
    fingerprint VARCHAR(64)              NOT NULL,
    result      VARCHAR(2000)            NOT NULL,
    completed   BOOLEAN                  NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (scope, idem_key)
);

CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);
