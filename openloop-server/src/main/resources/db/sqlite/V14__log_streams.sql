-- The streams a node has in flight, by log, so that a node starting again marks the ones it left
-- running incomplete. They were found through a partial index of logs (node_id WHERE status =
-- 'streaming'); the table is the same in both stores, for PostgreSQL's sake (see its V14): there
-- the index made every completion of a stream as costly as an insert. No foreign key: a row left
-- for a deleted log is removed when its node starts again.
CREATE TABLE log_streams (
    log_id  TEXT PRIMARY KEY,
    node_id TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO log_streams (log_id, node_id)
SELECT id, node_id FROM logs WHERE status = 'streaming' AND node_id IS NOT NULL;

DROP INDEX logs_streaming;
