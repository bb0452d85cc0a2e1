-- Timestamps are epoch milliseconds (BIGINT) in both dialects; JSON is stored as text.

CREATE TABLE api_keys (
    key_hash   TEXT PRIMARY KEY,          -- SHA-256 of the key, hex; the key itself is never stored
    created_at BIGINT NOT NULL
);

CREATE TABLE projects (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- A config version. Its id is derived from its parameters, so it is never updated.
CREATE TABLE model_configs (
    id         TEXT PRIMARY KEY,
    body       TEXT NOT NULL,             -- the config as JSON, defaults applied
    created_at BIGINT NOT NULL
);

CREATE TABLE project_configs (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    config_id  TEXT NOT NULL REFERENCES model_configs (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (project_id, config_id)
);

CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    reference_id TEXT UNIQUE,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

CREATE TABLE logs (
    id                  TEXT PRIMARY KEY,
    project_id          TEXT REFERENCES projects (id) ON DELETE CASCADE,
    session_id          TEXT REFERENCES sessions (id),
    parent_id           TEXT,
    reference_id        TEXT UNIQUE,
    config_id           TEXT REFERENCES model_configs (id),
    experiment_id       TEXT,
    trial_id            TEXT,
    environment_id      TEXT,
    status              TEXT NOT NULL,    -- complete | streaming | incomplete
    node_id             TEXT,             -- the node streaming it, while status = streaming
    source              TEXT,
    end_user            TEXT,
    metadata            TEXT,
    inputs              TEXT,
    messages            TEXT,
    output              TEXT,
    raw_output          TEXT,
    output_message      TEXT,
    tool_choice         TEXT,
    finish_reason       TEXT,
    prompt_tokens       INTEGER,
    output_tokens       INTEGER,
    provider_latency    DOUBLE PRECISION, -- seconds
    error               TEXT,
    provider_request    TEXT,
    provider_response   TEXT,
    source_datapoint_id TEXT,
    saved               BOOLEAN NOT NULL,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);

CREATE INDEX logs_project_created ON logs (project_id, created_at);
CREATE INDEX logs_session ON logs (session_id);
CREATE INDEX logs_streaming ON logs (node_id) WHERE status = 'streaming';
