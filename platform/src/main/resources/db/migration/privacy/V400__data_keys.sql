-- One data key per data subject (a user of a tenant, "<tenantId>/<userId>"). Personal texts in events are encrypted
-- with it; forgetting the user deletes the key material (the row stays as a record that it was destroyed), so those
-- texts can no longer be read anywhere. A user who is active again after being forgotten gets a new key.
CREATE TABLE data_key (
    key_id       UUID         NOT NULL PRIMARY KEY,
    subject_id   VARCHAR(320) NOT NULL,
    key_material BYTEA,                     -- NULL once destroyed; wrapped with the master key when one is set
    wrapped      BOOLEAN      NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    destroyed_at TIMESTAMPTZ,
    CHECK ((key_material IS NULL) = (destroyed_at IS NOT NULL))
);
CREATE UNIQUE INDEX data_key_active_subject_idx ON data_key (subject_id) WHERE destroyed_at IS NULL;
