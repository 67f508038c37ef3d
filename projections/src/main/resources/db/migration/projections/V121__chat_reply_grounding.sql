-- Grounded replies (knowledge): the passages a reply was given, its citations and its confidence.
ALTER TABLE chat_reply_view ADD COLUMN sources JSONB;
ALTER TABLE chat_reply_view ADD COLUMN citations JSONB;
ALTER TABLE chat_reply_view ADD COLUMN confidence_level TEXT;
ALTER TABLE chat_reply_view ADD COLUMN confidence_score DOUBLE PRECISION;
