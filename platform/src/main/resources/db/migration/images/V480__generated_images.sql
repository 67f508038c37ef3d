-- Generated images: the bytes are in stored_file, encrypted with the requesting user's data key (forgetting the user
-- makes them unreadable); this table names them by a random image id and remembers whose tenant they are.
CREATE TABLE generated_image (
    image_id     VARCHAR(64)              PRIMARY KEY,
    tenant_id    VARCHAR(200)             NOT NULL,
    storage_key  VARCHAR(64)              NOT NULL,
    content_type VARCHAR(40)              NOT NULL,
    size_bytes   BIGINT                   NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The key image links are signed with when assistant.images.link-secret is not set: one row, made on first use and
-- shared by every node.
CREATE TABLE image_link_secret (
    id          SMALLINT                 PRIMARY KEY CHECK (id = 1),
    secret      BYTEA                    NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
