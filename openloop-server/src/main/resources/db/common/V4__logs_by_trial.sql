-- The chat endpoints' draws are not recorded in trials: the log of each draw carries its trial id,
-- and POST /logs finds a trial by it. Only logs drawn from an experiment have one, so the index
-- holds those alone and costs the other logs nothing.
CREATE INDEX logs_trial ON logs (trial_id) WHERE trial_id IS NOT NULL;
