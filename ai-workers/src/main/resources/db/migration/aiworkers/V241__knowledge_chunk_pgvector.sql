-- Where the database has the pgvector extension (or lets us create it), chunks also keep their embedding as a
-- vector(384) column (the in-jar all-MiniLM-L6-v2's dimension) with an HNSW index for cosine distance; KnowledgeIndex
-- then searches there. Without the extension this does nothing and the exact search in the JVM is used.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
        RAISE NOTICE 'no vector extension: knowledge chunks are searched exactly in the JVM';
        RETURN;
    END IF;
    BEGIN
        EXECUTE 'CREATE EXTENSION IF NOT EXISTS vector';
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'the vector extension could not be created: knowledge chunks are searched exactly in the JVM';
        RETURN;
    END;
    EXECUTE 'ALTER TABLE knowledge_chunk ADD COLUMN embedding_vector vector(384)';
    EXECUTE 'CREATE INDEX knowledge_chunk_hnsw ON knowledge_chunk USING hnsw (embedding_vector vector_cosine_ops)';
END
$$;
