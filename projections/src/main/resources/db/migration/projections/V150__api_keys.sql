-- Tenant API keys, fed by the "api-keys" processing group. Keys are found by the SHA-256 of the presented key;
-- the key itself is stored nowhere.
CREATE TABLE api_key_view (
    key_id     VARCHAR(128) NOT NULL PRIMARY KEY,
    tenant_id  VARCHAR(63)  NOT NULL,
    name       VARCHAR(100) NOT NULL,
    roles      VARCHAR(200) NOT NULL,
    key_hash   VARCHAR(64)  NOT NULL UNIQUE,
    hint       VARCHAR(16)  NOT NULL,
    created_by VARCHAR(255),
    created_at TIMESTAMPTZ  NOT NULL,
    revoked_at TIMESTAMPTZ,
    revoked_by VARCHAR(255)
);

CREATE INDEX api_key_view_tenant ON api_key_view (tenant_id, created_at DESC);
