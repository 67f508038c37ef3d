-- Uploaded files and the documents made from them (KnowledgeDocumentProjection): status and progress while the
-- pipeline runs, the counts once it is done. Titles are the uploaders' display text; a deleted document keeps only
-- its id and status.
CREATE TABLE knowledge_document_view (
    file_id          TEXT         PRIMARY KEY,
    tenant_id        TEXT         NOT NULL,
    user_id          TEXT         NOT NULL,
    scope            TEXT         NOT NULL,
    conversation_id  TEXT,
    title            TEXT,
    media_type       TEXT         NOT NULL,
    size_bytes       BIGINT       NOT NULL,
    content_hash     TEXT,
    status           TEXT         NOT NULL,
    progress_done    INTEGER      NOT NULL DEFAULT 0,
    progress_total   INTEGER      NOT NULL DEFAULT 0,
    error            TEXT,
    pages            INTEGER,
    chunks           INTEGER,
    embedding_model  TEXT,
    duplicate_of     TEXT,
    indexing_millis  BIGINT,
    created_at       TIMESTAMPTZ  NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL
);
CREATE INDEX knowledge_document_view_tenant ON knowledge_document_view (tenant_id, scope, created_at DESC);
CREATE INDEX knowledge_document_view_hash ON knowledge_document_view (tenant_id, content_hash);
