-- Rate limits and budgets, per API key ('key:<key id>') or per project ('project:<project id>').
-- Each limit is optional (NULL: none). Spend is in micro-dollars (USD × 1,000,000), as costs are
-- counted, so that a budget is compared with exact sums.
CREATE TABLE limits (
    subject TEXT PRIMARY KEY,
    requests_per_minute BIGINT,
    tokens_per_minute BIGINT,
    spend_per_day_micros BIGINT,
    spend_per_month_micros BIGINT,
    updated_at BIGINT NOT NULL
);
