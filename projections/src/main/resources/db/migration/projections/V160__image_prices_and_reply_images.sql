-- Image models are priced per generated image (null for models that make none).
ALTER TABLE model_price_view ADD COLUMN per_image NUMERIC(19, 6);

-- The images of a reply, fed by the "chat-history" processing group. The bytes are kept encrypted by the platform
-- (stored_file); this table only names them. A regenerated reply loses the images of its earlier attempts.
CREATE TABLE chat_reply_image_view (
    image_id    VARCHAR(64)  NOT NULL PRIMARY KEY,
    tenant_id   VARCHAR(63)  NOT NULL,
    reply_id    VARCHAR(64)  NOT NULL,
    attempt     INT          NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX chat_reply_image_view_reply ON chat_reply_image_view (reply_id, created_at);
