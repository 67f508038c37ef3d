-- Tool secrets are kept encrypted (AES-GCM under a data key of the tenant, wrapped by the privacy master key when one
-- is configured). A secret stored before this migration is sealed on its next read.
ALTER TABLE tool_secret ADD COLUMN key_id UUID;
ALTER TABLE tool_secret ADD COLUMN sealed BYTEA;
ALTER TABLE tool_secret ALTER COLUMN secret DROP NOT NULL;
