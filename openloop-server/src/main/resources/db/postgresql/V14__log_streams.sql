-- The streams a node has in flight, by log, so that a node starting again marks the ones it left
-- running incomplete. They were found through a partial index of logs (node_id WHERE status =
-- 'streaming'), which made a stream's completion change an indexed column of its log: PostgreSQL
-- then wrote the completed row as a new row with an entry in every index of logs, as costly as an
-- insert. Kept here, the completion changes no indexed column of logs and can be a HOT update
-- (the new version in the same page, no index touched), which the free space below leaves room for.
-- No foreign key: its check would lock the log's row on every insert; a row left for a deleted log
-- is removed when its node starts again.
CREATE TABLE log_streams (
    log_id  TEXT PRIMARY KEY,
    node_id TEXT NOT NULL
);

INSERT INTO log_streams (log_id, node_id)
SELECT id, node_id FROM logs WHERE status = 'streaming' AND node_id IS NOT NULL;

DROP INDEX logs_streaming;

-- New pages of logs are filled to 75 % by inserts; the rest is for the completions of the streams
-- begun in them (docs/benchmarks.md, "Log writes"). Existing pages keep what they hold.
ALTER TABLE logs SET (fillfactor = 75);
