-- Tool secrets are kept sealed (AES-256-GCM under the tenant's key for secrets, "sec:v1:<keyId>:<base64>"), which is
-- longer than the secret itself. Rows an earlier version stored in clear are sealed by the application at start-up
-- (ToolSecrets.sealClearSecrets): the key is not in the database, so SQL cannot do it.
ALTER TABLE tool_secret ALTER COLUMN secret TYPE TEXT;
