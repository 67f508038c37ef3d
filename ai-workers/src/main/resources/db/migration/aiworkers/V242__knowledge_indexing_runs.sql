-- Uploads whose indexing a node took on (KnowledgeWorkers.Indexing) and has not finished: written in the same
-- transaction that moves the indexer's token past the upload, removed when the run ends (indexed, failed or stopped).
-- A row whose node's lease expired is an interrupted run: KnowledgeIndexingRecovery takes it over, indexes an upload
-- that was never started, and fails one that stopped half-way (its document says why).
CREATE TABLE knowledge_indexing_run (
    file_id    TEXT        PRIMARY KEY,
    tenant_id  TEXT        NOT NULL,
    node_id    TEXT        NOT NULL,
    taken_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX knowledge_indexing_run_node ON knowledge_indexing_run (node_id);
