-- Events: an event week with tracks, rooms and sessions, registration with questions, a waiting
-- list per session, personal calendar feeds and messages from the organisers.
-- An event's days are civil dates in its IANA time zone; sessions start and end at UTC instants
-- (milliseconds). Session registrations are 'registered' or 'waiting'; the waiting list is the
-- order of ids.

CREATE TABLE events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    timezone       TEXT NOT NULL,
    starts_on      TEXT NOT NULL,
    ends_on        TEXT NOT NULL,
    -- The first and the last instant of the event's days, for listing and sorting.
    starts_at      INTEGER NOT NULL,
    ends_at        INTEGER NOT NULL,
    visibility     TEXT NOT NULL DEFAULT 'public',
    registration   TEXT NOT NULL DEFAULT 'open',
    default_locale TEXT NOT NULL DEFAULT 'en',
    cover          TEXT,
    created_by     INTEGER REFERENCES members(id) ON DELETE SET NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX events_starts ON events (starts_at, id);

CREATE TABLE event_texts (
    event_id         INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    locale           TEXT NOT NULL,
    title            TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    description_html TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (event_id, locale)
);

CREATE TABLE event_organisers (
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, member_id)
);
CREATE INDEX event_organisers_member ON event_organisers (member_id);

CREATE TABLE event_tracks (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    UNIQUE (event_id, name)
);
CREATE INDEX event_tracks_event ON event_tracks (event_id, position);

CREATE TABLE event_rooms (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    UNIQUE (event_id, name)
);
CREATE INDEX event_rooms_event ON event_rooms (event_id, position);

CREATE TABLE event_sessions (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id         INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    track_id         INTEGER REFERENCES event_tracks(id) ON DELETE SET NULL,
    room_id          INTEGER REFERENCES event_rooms(id) ON DELETE SET NULL,
    kind             TEXT NOT NULL,
    title            TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    description_html TEXT NOT NULL DEFAULT '',
    starts_at        INTEGER NOT NULL,
    ends_at          INTEGER NOT NULL,
    languages        TEXT NOT NULL DEFAULT '',
    interpretation   TEXT NOT NULL DEFAULT '',
    join_url         TEXT NOT NULL DEFAULT '',
    recording_url    TEXT NOT NULL DEFAULT '',
    capacity         INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX event_sessions_event ON event_sessions (event_id, starts_at);

-- A speaker is a member (name from the profile) or a guest with a short bio.
CREATE TABLE session_speakers (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    member_id  INTEGER REFERENCES members(id) ON DELETE CASCADE,
    name       TEXT NOT NULL DEFAULT '',
    bio        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX session_speakers_session ON session_speakers (session_id, position);

-- Materials are links: to a library document or to an outside resource.
CREATE TABLE session_materials (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    title      TEXT NOT NULL,
    url        TEXT NOT NULL
);
CREATE INDEX session_materials_session ON session_materials (session_id, position);

CREATE TABLE event_questions (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label    TEXT NOT NULL,
    kind     TEXT NOT NULL DEFAULT 'text',
    options  TEXT NOT NULL DEFAULT '',
    required INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX event_questions_event ON event_questions (event_id, position);

CREATE TABLE event_registrations (
    event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, member_id)
);
CREATE INDEX event_registrations_member ON event_registrations (member_id);

CREATE TABLE event_answers (
    event_id    INTEGER NOT NULL,
    member_id   INTEGER NOT NULL,
    question_id INTEGER NOT NULL REFERENCES event_questions(id) ON DELETE CASCADE,
    answer      TEXT NOT NULL,
    PRIMARY KEY (event_id, member_id, question_id),
    FOREIGN KEY (event_id, member_id) REFERENCES event_registrations(event_id, member_id) ON DELETE CASCADE
);

CREATE TABLE session_registrations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    status     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (session_id, member_id)
);
CREATE INDEX session_registrations_queue ON session_registrations (session_id, status, id);
CREATE INDEX session_registrations_member ON session_registrations (member_id);

-- The secret of a member's personal calendar feed (read-only, revocable by replacing it).
CREATE TABLE calendar_feeds (
    member_id  INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    token      TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE TABLE event_messages (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    author_id  INTEGER REFERENCES members(id) ON DELETE SET NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    body_html  TEXT NOT NULL,
    recipients INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX event_messages_event ON event_messages (event_id, id);

-- Notifications may name what they are about (an event's title, a session's title).
ALTER TABLE notifications ADD COLUMN detail TEXT NOT NULL DEFAULT '';
