-- Foundation: accounts, organisations, profiles, contacts, notifications.
-- Times are UTC instants in milliseconds since the Unix epoch (BIGINT on PostgreSQL).
-- Flags are nullable timestamps or text enums, so both backends read the same column types.
-- Folded sort and search keys use byte order ("C"), as SQLite's BINARY does: both backends
-- sort alike, and the indexes serve ORDER BY and prefix ranges.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE organisations (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL,
    name_key    TEXT COLLATE "C" NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    country     TEXT,
    city        TEXT NOT NULL DEFAULT '',
    website     TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    created_by  BIGINT,
    created_at  BIGINT NOT NULL
);

CREATE TABLE members (
    id                 BIGSERIAL PRIMARY KEY,
    email              TEXT NOT NULL UNIQUE,
    password_hash      TEXT NOT NULL,
    name               TEXT NOT NULL,
    role               TEXT NOT NULL DEFAULT 'member',
    status             TEXT NOT NULL DEFAULT 'active',
    email_confirmed_at BIGINT,
    position           TEXT NOT NULL DEFAULT '',
    organisation_id    BIGINT REFERENCES organisations(id) ON DELETE SET NULL,
    country            TEXT,
    city               TEXT NOT NULL DEFAULT '',
    bio                TEXT NOT NULL DEFAULT '',
    bio_html           TEXT NOT NULL DEFAULT '',
    photo              TEXT,
    timezone           TEXT NOT NULL DEFAULT 'UTC',
    locale             TEXT NOT NULL DEFAULT 'en',
    sort_name          TEXT COLLATE "C" NOT NULL DEFAULT '',
    created_at         BIGINT NOT NULL
);
CREATE INDEX members_directory ON members (status, sort_name, id);
CREATE INDEX members_organisation ON members (organisation_id);

-- The directory's search index: every word of a member's name, position, city, organisation,
-- expertise (all four languages) and bio, folded (lower case, ё as е). A query word matches
-- the terms it begins with, as a range scan of the primary key; byte order ("C") on both
-- backends keeps a prefix range contiguous.
CREATE TABLE member_terms (
    term      TEXT COLLATE "C" NOT NULL,
    member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    PRIMARY KEY (term, member_id)
);
CREATE INDEX member_terms_member ON member_terms (member_id);

CREATE TABLE expertise (
    id       BIGSERIAL PRIMARY KEY,
    slug     TEXT NOT NULL UNIQUE,
    name_en  TEXT NOT NULL,
    name_de  TEXT NOT NULL,
    name_ru  TEXT NOT NULL,
    name_kk  TEXT NOT NULL,
    position BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE member_expertise (
    member_id    BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    expertise_id BIGINT NOT NULL REFERENCES expertise(id) ON DELETE CASCADE,
    PRIMARY KEY (member_id, expertise_id)
);
CREATE INDEX member_expertise_by_expertise ON member_expertise (expertise_id, member_id);

CREATE TABLE member_languages (
    member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    language  TEXT NOT NULL,
    PRIMARY KEY (member_id, language)
);
CREATE INDEX member_languages_by_language ON member_languages (language, member_id);

CREATE TABLE member_contacts (
    member_id  BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    value      TEXT NOT NULL,
    visibility TEXT NOT NULL,
    PRIMARY KEY (member_id, kind)
);

CREATE TABLE sessions (
    id          BIGSERIAL PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    member_id   BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX sessions_member ON sessions (member_id);

CREATE TABLE one_time_tokens (
    token_hash TEXT PRIMARY KEY,
    member_id  BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);

CREATE TABLE contact_requests (
    id           BIGSERIAL PRIMARY KEY,
    from_id      BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    to_id        BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    message      TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'pending',
    created_at   BIGINT NOT NULL,
    responded_at BIGINT,
    UNIQUE (from_id, to_id)
);
CREATE INDEX contact_requests_to ON contact_requests (to_id, status);

CREATE TABLE notifications (
    id         BIGSERIAL PRIMARY KEY,
    member_id  BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    actor_id   BIGINT REFERENCES members(id) ON DELETE SET NULL,
    subject_id BIGINT,
    link       TEXT NOT NULL DEFAULT '',
    read_at    BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX notifications_member ON notifications (member_id, id);
CREATE INDEX notifications_unread ON notifications (member_id, read_at);

-- A row means: do not send this kind of notification by email to this member.
CREATE TABLE notification_email_off (
    member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,
    PRIMARY KEY (member_id, kind)
);
