-- What a log cost and who asked for it (cost/, chatlog). The cost is a whole number of
-- picodollars (10^-12 USD): exact, and summed exactly by SQL on both stores. Null: unknown (no price
-- for the model, or a log written before costs were kept), never 0 for that.
ALTER TABLE logs ADD COLUMN provider TEXT;                 -- the provider that answered, as v4 names it, and its model:
ALTER TABLE logs ADD COLUMN model TEXT;                    -- what the cost is priced by and the spend is told by
ALTER TABLE logs ADD COLUMN api_key_id TEXT;               -- key_..., the API key of the call; null when none (POST /logs, console)
ALTER TABLE logs ADD COLUMN cached_input_tokens INTEGER;   -- part of prompt_tokens read from the provider's cache
ALTER TABLE logs ADD COLUMN cache_write_tokens INTEGER;    -- part of prompt_tokens written to the provider's cache
ALTER TABLE logs ADD COLUMN reasoning_tokens INTEGER;      -- part of output_tokens spent on hidden reasoning
ALTER TABLE logs ADD COLUMN cost_pico_usd BIGINT;
ALTER TABLE logs ADD COLUMN cost_estimated BOOLEAN;        -- priced on estimated tokens (a stream cut before its usage)

-- The spend report reads a time range across projects.
CREATE INDEX logs_created ON logs (created_at);
