-- Rate limits every instance counts alike (src/store/rate.rs): per key, the theoretical
-- arrival time of the next attempt (GCRA), in milliseconds since the epoch. Keys are hashes.
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    tat BIGINT NOT NULL
);
CREATE INDEX rate_limits_tat ON rate_limits (tat);
