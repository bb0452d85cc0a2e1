-- A key has a role (admin, write, read) and may be limited to some projects: a JSON array of
-- project ids, null when it reaches every project. Every key made before roles existed was a
-- master key, so it becomes an admin key reaching every project.
ALTER TABLE api_keys ADD COLUMN role TEXT NOT NULL DEFAULT 'admin';
ALTER TABLE api_keys ADD COLUMN projects TEXT;
