-- API keys get a name (who or what a key is for) and can be revoked. A revoked key keeps its row,
-- so a node still configured with it refuses to start instead of making it valid again.
ALTER TABLE api_keys ADD COLUMN name TEXT;
ALTER TABLE api_keys ADD COLUMN revoked_at BIGINT;

-- A session's logs are read oldest first and newest first (its first inputs, its last output):
-- with created_at and id in the index, each is one probe of the index instead of a sort of all
-- the session's logs. It serves the lookups by session_id alone too, so logs_session goes.
DROP INDEX logs_session;
CREATE INDEX logs_session_created ON logs (session_id, created_at, id);
