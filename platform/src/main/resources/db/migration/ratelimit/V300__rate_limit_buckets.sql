-- Token buckets of the rate limits (Bucket4j's PostgreSQL proxy manager, select-for-update flavour).
-- One row per bucket: a user's requests per minute ("user:<tenant>:<user>") or a tenant's tokens per minute
-- ("tokens:<tenant>"). state is Bucket4j's serialized bucket (tokens, last refill, configuration and its version);
-- expires_at (epoch millis) is when the bucket is full again and the row may be deleted: a missing row is a full
-- bucket.
CREATE TABLE rate_limit_bucket (
    id         text PRIMARY KEY,
    state      bytea,
    expires_at bigint
);

CREATE INDEX rate_limit_bucket_expires_at ON rate_limit_bucket (expires_at);
