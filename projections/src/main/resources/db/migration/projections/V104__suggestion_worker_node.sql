-- The node that streams a suggestion's running attempt and the prompt's tokens, from SuggestionStreamStarted: a
-- streaming attempt whose node is gone is restarted without waiting for the stall timeout, and what it consumed is
-- estimated from its prompt and stored chunks.
ALTER TABLE suggestion_view ADD COLUMN worker_node VARCHAR(64);
ALTER TABLE suggestion_view ADD COLUMN prompt_tokens BIGINT;
CREATE INDEX suggestion_view_streaming_node_idx ON suggestion_view (worker_node) WHERE status = 'STREAMING';
