-- Projects' own settings.
ALTER TABLE projects ADD COLUMN directory_id TEXT;
ALTER TABLE projects ADD COLUMN positive_labels TEXT;           -- JSON array of {type, value}

-- Environments deployments target. The default one is created at start when none exists.
CREATE TABLE environments (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    is_default BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL
);

-- A project's own feedback types (the five v4 defaults exist without rows).
CREATE TABLE feedback_types (
    project_id     TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    type           TEXT NOT NULL,
    label_values   TEXT,                                     -- JSON array of {value, sentiment}
    feedback_class TEXT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (project_id, type)
);

CREATE TABLE experiments (
    id              TEXT PRIMARY KEY,
    project_id      TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    positive_labels TEXT NOT NULL,                           -- JSON array of {type, value}
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    UNIQUE (project_id, name)
);

-- The configs of an experiment and the counts of its trials' outcomes: successes are trials whose
-- latest feedback matches a positive label, failures trials with other feedback of those types.
-- The counts change in the same transaction as the feedback that changes them.
CREATE TABLE experiment_configs (
    experiment_id TEXT NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
    config_id     TEXT NOT NULL REFERENCES model_configs (id),
    active        BOOLEAN NOT NULL,
    successes     BIGINT NOT NULL,
    failures      BIGINT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (experiment_id, config_id)
);

-- Draws handed out by "sample" endpoints, so a later POST /logs can name its trial.
CREATE TABLE trials (
    id             TEXT PRIMARY KEY,
    experiment_id  TEXT NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
    config_id      TEXT NOT NULL REFERENCES model_configs (id),
    environment_id TEXT,
    created_at     BIGINT NOT NULL
);

-- What a project has deployed to each environment: a config or an experiment.
CREATE TABLE deployments (
    project_id     TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    environment_id TEXT NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
    config_id      TEXT REFERENCES model_configs (id),
    experiment_id  TEXT REFERENCES experiments (id) ON DELETE CASCADE,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (project_id, environment_id)
);

CREATE TABLE feedback (
    id          TEXT PRIMARY KEY,
    log_id      TEXT NOT NULL REFERENCES logs (id) ON DELETE CASCADE,
    type        TEXT NOT NULL,
    value       TEXT,
    unset       BOOLEAN NOT NULL,
    end_user    TEXT,
    created_at  BIGINT NOT NULL,
    recorded_at BIGINT NOT NULL                              -- orders feedback given in the same millisecond
);
CREATE INDEX feedback_log_type ON feedback (log_id, type, created_at);

ALTER TABLE logs ADD COLUMN trial_outcome TEXT;             -- success | failure | NULL: counted how
ALTER TABLE logs ADD COLUMN duration DOUBLE PRECISION;       -- seconds, as the caller gave it
CREATE INDEX logs_experiment ON logs (experiment_id, config_id);
CREATE INDEX logs_project_config ON logs (project_id, config_id, created_at);
