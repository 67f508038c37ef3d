-- A deleted knowledge document takes its snippets out of the sources of the replies that quoted it
-- (ChatHistoryProjection, DocumentDeleted): this index finds those replies by the document's id.
CREATE INDEX chat_reply_view_sources_idx ON chat_reply_view USING gin (sources jsonb_path_ops);
