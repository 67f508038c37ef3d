-- The prompt's tokens of a reply's streaming attempt, from ReplyStreamStarted (the worker node is recorded already):
-- a streaming attempt whose node is gone is restarted without waiting for the stall timeout, and what it consumed
-- is estimated from its prompt and stored chunks.
ALTER TABLE chat_reply_view ADD COLUMN prompt_tokens BIGINT;
CREATE INDEX chat_reply_view_streaming_node_idx ON chat_reply_view (worker_node) WHERE status = 'STREAMING';
