-- Chat: channels, memberships with read markers, messages, their search terms, reports and
-- attachments. See src/chat/mod.rs and src/chat/hub.rs.

-- kind: 'public' (topic, anyone may join), 'private' (by invitation), 'direct' (2–10 people,
-- one channel per set: direct_key is the sorted member ids), 'context' (owned by another
-- capability, e.g. an event: context = 'event:42').
CREATE TABLE chat_channels (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    topic        TEXT NOT NULL DEFAULT '',
    direct_key   TEXT UNIQUE,
    context      TEXT UNIQUE,
    created_by   INTEGER REFERENCES members(id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    last_post_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX chat_channels_kind ON chat_channels (kind, title);

-- role: 'member' or 'moderator'. last_read_id: the newest message the member has read.
-- muted_at: the member muted the channel (no unread badge, no mention mail).
-- silenced_at: a moderator muted the member here (they may read, not post).
CREATE TABLE chat_memberships (
    channel_id   INTEGER NOT NULL REFERENCES chat_channels(id) ON DELETE CASCADE,
    member_id    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    role         TEXT NOT NULL DEFAULT 'member',
    last_read_id INTEGER NOT NULL DEFAULT 0,
    muted_at     INTEGER,
    silenced_at  INTEGER,
    joined_at    INTEGER NOT NULL,
    PRIMARY KEY (channel_id, member_id)
);
CREATE INDEX chat_memberships_member ON chat_memberships (member_id, channel_id);

-- client_id makes a send idempotent: a resend with the same (author, client_id) returns the
-- stored message. Within a channel, ids grow in commit order (see db::insert_message).
CREATE TABLE chat_messages (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    channel_id    INTEGER NOT NULL REFERENCES chat_channels(id) ON DELETE CASCADE,
    author_id     INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    client_id     TEXT,
    body          TEXT NOT NULL,
    body_html     TEXT NOT NULL,
    attachment_id INTEGER,
    created_at    INTEGER NOT NULL,
    edited_at     INTEGER,
    deleted_at    INTEGER,
    hidden_at     INTEGER,
    hidden_by     INTEGER REFERENCES members(id) ON DELETE SET NULL
);
CREATE INDEX chat_messages_channel ON chat_messages (channel_id, id);
CREATE UNIQUE INDEX chat_messages_client ON chat_messages (author_id, client_id);

CREATE TABLE chat_message_terms (
    term       TEXT NOT NULL,
    message_id INTEGER NOT NULL REFERENCES chat_messages(id) ON DELETE CASCADE,
    PRIMARY KEY (term, message_id)
);
CREATE INDEX chat_message_terms_message ON chat_message_terms (message_id);

CREATE TABLE chat_reports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id  INTEGER NOT NULL REFERENCES chat_messages(id) ON DELETE CASCADE,
    reporter_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    reason      TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    UNIQUE (message_id, reporter_id)
);

-- An uploaded file; its bytes are in the blob store under `blob`.
CREATE TABLE chat_attachments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    channel_id   INTEGER NOT NULL REFERENCES chat_channels(id) ON DELETE CASCADE,
    owner_id     INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    blob         TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    created_at   INTEGER NOT NULL
);
