-- Vector storage for databases without the pgvector extension (TableVectorIndex): one row per entry, the vector as
-- little-endian float32 bytes, the similarity computed in the JVM. With pgvector, PgVectorIndex keeps its own tables.
CREATE TABLE vector_fallback_entry (
    collection  VARCHAR(40)  NOT NULL,
    tenant_id   TEXT         NOT NULL,
    id          TEXT         NOT NULL,
    dimension   INTEGER      NOT NULL,
    vector      BYTEA        NOT NULL,
    attributes  JSONB        NOT NULL DEFAULT '{}'::jsonb,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    -- a search reads the rows of one collection and tenant: the key's prefix finds them
    PRIMARY KEY (collection, tenant_id, id)
);
