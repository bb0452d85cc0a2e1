-- GET /logs?search= looks through the values of a log (its inputs and metadata values, the text of
-- its messages, its output), case-folded by the writer, one a line: log_search.body
-- (chatlog/SearchText). It is matched as a substring, through an FTS5 trigram index kept in step
-- with log_search by the triggers below. The index reads the text from log_search (external
-- content) by log_search.id: an INTEGER PRIMARY KEY, which VACUUM never renumbers, unlike the
-- implicit rowid of a table keyed by text.
CREATE TABLE log_search (
    id     INTEGER PRIMARY KEY,
    log_id TEXT NOT NULL UNIQUE REFERENCES logs (id) ON DELETE CASCADE,
    body   TEXT NOT NULL
);

CREATE VIRTUAL TABLE log_search_index USING fts5(
    body, content = 'log_search', content_rowid = 'id', tokenize = 'trigram case_sensitive 1');

CREATE TRIGGER log_search_added AFTER INSERT ON log_search BEGIN
    INSERT INTO log_search_index (rowid, body) VALUES (new.id, new.body);
END;

CREATE TRIGGER log_search_removed AFTER DELETE ON log_search BEGIN
    INSERT INTO log_search_index (log_search_index, rowid, body) VALUES ('delete', old.id, old.body);
END;

CREATE TRIGGER log_search_changed AFTER UPDATE ON log_search BEGIN
    INSERT INTO log_search_index (log_search_index, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO log_search_index (rowid, body) VALUES (new.id, new.body);
END;
