-- A config's fallbacks (an OpenLoop extension): JSON, not part of the config's id, replaced when
-- the config is registered again with others.
ALTER TABLE model_configs ADD COLUMN fallbacks TEXT;

-- Every provider attempt a log's answer took (JSON: config, provider, model, outcome, latency),
-- and the config the call asked for when another one (a fallback) answered.
ALTER TABLE logs ADD COLUMN attempts TEXT;
ALTER TABLE logs ADD COLUMN requested_config_id TEXT;
