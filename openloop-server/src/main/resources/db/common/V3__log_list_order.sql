-- A project's logs are listed newest first, ties broken by id, a page at a time: with the id in
-- the index, one index range scan serves the filter, the order and the page, with no sort.
DROP INDEX logs_project_created;
CREATE INDEX logs_project_created ON logs (project_id, created_at, id);
