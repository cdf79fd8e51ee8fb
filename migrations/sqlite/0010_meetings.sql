-- B2B meetings: an event's B2B programme (settings and time windows), cooperation profiles
-- with offers and requests, availability, "must meet" / "no thanks" marks, meeting requests,
-- meetings with their virtual rooms, and feedback after them.
--
-- Slots are not stored: they follow from the settings (windows, meeting length, break), and a
-- slot is named by its start instant (UTC milliseconds). Nobody is booked twice because every
-- scheduled meeting holds one `b2b_busy` row per side, keyed by (member, slot start); a second
-- booking of the same member at the same start fails on the key, on both databases, also
-- under concurrent accepts.

CREATE TABLE b2b_settings (
    event_id          INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    enabled           INTEGER NOT NULL DEFAULT 1,
    meeting_minutes   INTEGER NOT NULL,
    break_minutes     INTEGER NOT NULL,
    -- JSON: [{"date": "2031-03-25", "from": "14:00", "to": "17:00"}, …] in the event's zone.
    windows           TEXT NOT NULL,
    max_meetings      INTEGER NOT NULL,
    -- 'everyone' or 'groups' (requests only between group 'a' and group 'b').
    rule              TEXT NOT NULL DEFAULT 'everyone',
    group_a           TEXT NOT NULL DEFAULT '',
    group_b           TEXT NOT NULL DEFAULT '',
    request_deadline  INTEGER,
    request_ttl_minutes INTEGER,
    max_pending       INTEGER NOT NULL,
    -- 'self' (participants pick slots) or 'auto' (organisers run the scheduler).
    mode              TEXT NOT NULL DEFAULT 'self',
    -- 'link' (base + random room) or 'jitsi_jwt' (the same, entered with a signed token).
    room_kind         TEXT NOT NULL DEFAULT 'link',
    room_base         TEXT NOT NULL DEFAULT '',
    jitsi_app_id      TEXT NOT NULL DEFAULT '',
    jitsi_secret      TEXT NOT NULL DEFAULT '',
    published_at      INTEGER,
    -- The quality figures of the last draft (JSON), shown until the next run.
    draft_quality     TEXT NOT NULL DEFAULT '',
    updated_at        INTEGER NOT NULL
);

CREATE TABLE b2b_profiles (
    event_id          INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    member_id         INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    organisation      TEXT NOT NULL DEFAULT '',
    pitch             TEXT NOT NULL DEFAULT '',
    -- Space-separated language codes.
    languages         TEXT NOT NULL DEFAULT '',
    -- '' or the group ('a', 'b') when requests run between two groups.
    side              TEXT NOT NULL DEFAULT '',
    -- 0 until the participant saves availability: then every slot counts as available.
    availability_set  INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    PRIMARY KEY (event_id, member_id)
);

CREATE TABLE b2b_items (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    -- 'offer' or 'request'.
    direction   TEXT NOT NULL,
    -- product, service, technology, partnership, investment, expertise.
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- Space-separated taxonomy slugs and ISO 3166 country codes.
    topics      TEXT NOT NULL DEFAULT '',
    countries   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX b2b_items_member ON b2b_items (event_id, member_id, position);

-- Folded words of a profile (organisation, pitch, items, name) for the marketplace search.
CREATE TABLE b2b_terms (
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    term      TEXT NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, term, member_id)
);

CREATE TABLE b2b_availability (
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    starts_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, member_id, starts_at)
);

-- 'must_meet' or 'no_thanks', said by member_id about other_id.
CREATE TABLE b2b_preferences (
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    other_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,
    PRIMARY KEY (event_id, member_id, other_id)
);

-- status: pending, accepted, declined, cancelled, expired.
CREATE TABLE b2b_requests (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    from_id     INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    to_id       INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    -- "low:high" member ids: one open request per pair, whoever asked.
    pair        TEXT NOT NULL,
    message     TEXT NOT NULL DEFAULT '',
    priority    INTEGER NOT NULL DEFAULT 2,
    status      TEXT NOT NULL DEFAULT 'pending',
    reason      TEXT NOT NULL DEFAULT '',
    expires_at  INTEGER,
    created_at  INTEGER NOT NULL,
    answered_at INTEGER
);
CREATE UNIQUE INDEX b2b_requests_open_pair ON b2b_requests (event_id, pair)
    WHERE status IN ('pending', 'accepted');
CREATE INDEX b2b_requests_from ON b2b_requests (event_id, from_id, status);
CREATE INDEX b2b_requests_to ON b2b_requests (event_id, to_id, status);
CREATE INDEX b2b_requests_expiry ON b2b_requests (status, expires_at);

-- state: draft (the scheduler's proposal, seen by organisers), scheduled, cancelled.
CREATE TABLE b2b_meetings (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id           INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    request_id         INTEGER NOT NULL REFERENCES b2b_requests(id) ON DELETE CASCADE,
    a_id               INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    b_id               INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    starts_at          INTEGER NOT NULL,
    ends_at            INTEGER NOT NULL,
    state              TEXT NOT NULL,
    locked             INTEGER NOT NULL DEFAULT 0,
    -- 128 random bits: the room's name at the video server.
    room               TEXT NOT NULL,
    proposed_starts_at INTEGER,
    proposed_by        INTEGER,
    reminded_at        INTEGER,
    -- Raised on every change the calendars must take (RFC 5545 SEQUENCE).
    sequence           INTEGER NOT NULL DEFAULT 0,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);
CREATE UNIQUE INDEX b2b_meetings_request ON b2b_meetings (request_id) WHERE state <> 'cancelled';
CREATE INDEX b2b_meetings_event ON b2b_meetings (event_id, state, starts_at);
CREATE INDEX b2b_meetings_a ON b2b_meetings (a_id, starts_at);
CREATE INDEX b2b_meetings_b ON b2b_meetings (b_id, starts_at);
CREATE INDEX b2b_meetings_reminder ON b2b_meetings (state, reminded_at, starts_at);

CREATE TABLE b2b_busy (
    member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    starts_at  INTEGER NOT NULL,
    meeting_id INTEGER NOT NULL REFERENCES b2b_meetings(id) ON DELETE CASCADE,
    PRIMARY KEY (member_id, starts_at)
);
CREATE INDEX b2b_busy_meeting ON b2b_busy (meeting_id);

CREATE TABLE b2b_feedback (
    meeting_id  INTEGER NOT NULL REFERENCES b2b_meetings(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    took_place  INTEGER NOT NULL,
    usefulness  INTEGER,
    follow_up   INTEGER NOT NULL DEFAULT 0,
    comment     TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, member_id)
);
