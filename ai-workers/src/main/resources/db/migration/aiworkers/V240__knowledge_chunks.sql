-- Chunks of the tenants' documents (KnowledgeIndex): text, where it came from (page, section), the embedding as
-- little-endian float32 bytes (searched exactly in the JVM when the database has no pgvector; see V241), and a
-- full-text vector for keyword search. A chunk is searchable only once its whole document is indexed (ready), so a
-- document that fails half-way leaves nothing searchable; its rows are then deleted.
CREATE TABLE knowledge_chunk (
    chunk_id         TEXT         PRIMARY KEY,
    tenant_id        TEXT         NOT NULL,
    file_id          TEXT         NOT NULL,
    scope            TEXT         NOT NULL,
    conversation_id  TEXT,
    ordinal          INTEGER      NOT NULL,
    title            TEXT         NOT NULL,
    section          TEXT,
    page             INTEGER,
    text             TEXT         NOT NULL,
    embedding_model  TEXT         NOT NULL,
    dimension        INTEGER      NOT NULL,
    embedding        BYTEA        NOT NULL,
    ready            BOOLEAN      NOT NULL DEFAULT false,
    tsv              TSVECTOR     GENERATED ALWAYS AS
                         (to_tsvector('english', coalesce(section, '') || ' ' || text)) STORED
);
CREATE INDEX knowledge_chunk_tenant_file ON knowledge_chunk (tenant_id, file_id);
CREATE INDEX knowledge_chunk_tsv ON knowledge_chunk USING gin (tsv);
