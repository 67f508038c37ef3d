-- Uploaded files, encrypted with the uploader's data key (AES-256-GCM; the key id travels with the bytes). The
-- storage key is random and names nothing a client sends; nothing serves these bytes back. Deleting a document
-- deletes its row; forgetting the uploader destroys the key, after which the bytes cannot be decrypted.
CREATE TABLE stored_file (
    storage_key  TEXT         PRIMARY KEY,
    tenant_id    TEXT         NOT NULL,
    key_id       UUID         NOT NULL,
    sealed       BYTEA        NOT NULL,
    size_bytes   BIGINT       NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);
