-- The audit trail: one record per stored event (token chunks excepted, see docs/audit.md), in one hash chain over
-- all tenants. seq is gapless and assigned by the audit-trail projection, which runs in one segment.
CREATE TABLE audit_record (
    seq                BIGINT       NOT NULL PRIMARY KEY,
    global_index       BIGINT,
    event_id           VARCHAR(255) NOT NULL,
    timestamp          TIMESTAMPTZ  NOT NULL,
    tenant_id          VARCHAR(63),
    actor              VARCHAR(255),
    type               VARCHAR(200) NOT NULL,
    aggregate_type     VARCHAR(255),
    aggregate_id       VARCHAR(255),
    aggregate_sequence BIGINT,
    payload            JSONB,
    payload_type       VARCHAR(255),          -- the payload's class, for reading encrypted personal fields; not hashed
    outcome            VARCHAR(16)  NOT NULL,
    prev_hash          CHAR(64)     NOT NULL,
    hash               CHAR(64)     NOT NULL
);
CREATE UNIQUE INDEX audit_record_event_idx ON audit_record (event_id);
CREATE INDEX audit_record_tenant_idx ON audit_record (tenant_id, seq);
CREATE INDEX audit_record_aggregate_idx ON audit_record (aggregate_id, seq);
CREATE INDEX audit_record_type_idx ON audit_record (type, seq);
CREATE INDEX audit_record_time_idx ON audit_record (timestamp);
