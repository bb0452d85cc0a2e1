-- Each log's current feedback of each type: the latest piece of that type (by created_at, then
-- recorded_at, then id), unless that piece is an unset. It stands beside the log's project and
-- time, which never change, so that the logs listing's feedback filter reads the newest logs with
-- a value from one index range, in the listing's order, instead of finding every log with that
-- value and sorting them. Written in the transaction of every piece of feedback, the log locked;
-- a log's rows go with it, and with its project.
CREATE TABLE log_current_feedback (
    log_id         TEXT NOT NULL REFERENCES logs (id) ON DELETE CASCADE,
    type           TEXT NOT NULL,
    value          TEXT NOT NULL,
    project_id     TEXT,            -- the log's
    log_created_at BIGINT NOT NULL, -- the log's created_at
    PRIMARY KEY (log_id, type)
);
CREATE INDEX log_current_feedback_listing
    ON log_current_feedback (project_id, type, value, log_created_at DESC, log_id DESC);

-- The feedback stored before this version.
INSERT INTO log_current_feedback (log_id, type, value, project_id, log_created_at)
SELECT f.log_id, f.type, f.value, l.project_id, l.created_at
FROM feedback f JOIN logs l ON l.id = f.log_id
WHERE NOT f.unset AND f.value IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM feedback g WHERE g.log_id = f.log_id AND g.type = f.type
    AND (g.created_at > f.created_at
      OR (g.created_at = f.created_at AND g.recorded_at > f.recorded_at)
      OR (g.created_at = f.created_at AND g.recorded_at = f.recorded_at AND g.id > f.id)));
