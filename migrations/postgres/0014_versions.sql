-- Versions of what caches hold: one counter per area of data (members, events, …), raised
-- after every change to it; every instance follows them (see src/store/versions.rs).
CREATE TABLE versions (
    area TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
