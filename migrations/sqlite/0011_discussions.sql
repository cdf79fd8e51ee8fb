-- Discussions: categories (texts in four languages), topics, posts (the opening post is
-- number 1, replies follow), the history of edits, reactions, follows, flags, and the
-- documents, events and members a post links.

CREATE TABLE discussion_categories (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    slug         TEXT NOT NULL UNIQUE,
    position     INTEGER NOT NULL DEFAULT 0,
    members_only INTEGER NOT NULL DEFAULT 0,
    -- The event whose questions to speakers it holds.
    event_id     INTEGER REFERENCES events(id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX discussion_categories_event ON discussion_categories (event_id)
    WHERE event_id IS NOT NULL;

CREATE TABLE discussion_category_texts (
    category_id INTEGER NOT NULL REFERENCES discussion_categories(id) ON DELETE CASCADE,
    locale      TEXT NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (category_id, locale)
);

-- A topic is listed when it is neither pending (held for approval) nor hidden.
CREATE TABLE discussion_topics (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    category_id      INTEGER NOT NULL REFERENCES discussion_categories(id),
    author_id        INTEGER REFERENCES members(id) ON DELETE SET NULL,
    title            TEXT NOT NULL,
    pending          INTEGER NOT NULL DEFAULT 0,
    closed_at        INTEGER,
    hidden_at        INTEGER,
    pinned_at        INTEGER,
    accepted_post_id INTEGER,
    -- Posts numbered so far (the next post takes post_count + 1).
    post_count       INTEGER NOT NULL DEFAULT 0,
    -- Visible replies, kept by every change to the topic's posts.
    reply_count      INTEGER NOT NULL DEFAULT 0,
    last_post_at     INTEGER NOT NULL,
    last_author_id   INTEGER REFERENCES members(id) ON DELETE SET NULL,
    created_at       INTEGER NOT NULL
);
CREATE INDEX discussion_topics_latest ON discussion_topics (last_post_at);
CREATE INDEX discussion_topics_category ON discussion_topics (category_id, last_post_at);
CREATE INDEX discussion_topics_author ON discussion_topics (author_id, created_at);

-- kind: tag (free, folded) or topic (from the sector taxonomy).
CREATE TABLE discussion_topic_labels (
    topic_id INTEGER NOT NULL REFERENCES discussion_topics(id) ON DELETE CASCADE,
    kind     TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (kind, value, topic_id)
);
CREATE INDEX discussion_topic_labels_topic ON discussion_topic_labels (topic_id);

CREATE TABLE discussion_posts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    topic_id    INTEGER NOT NULL REFERENCES discussion_topics(id) ON DELETE CASCADE,
    author_id   INTEGER REFERENCES members(id) ON DELETE SET NULL,
    number      INTEGER NOT NULL,
    reply_to_id INTEGER REFERENCES discussion_posts(id) ON DELETE SET NULL,
    body        TEXT NOT NULL,
    body_html   TEXT NOT NULL,
    pending     INTEGER NOT NULL DEFAULT 0,
    hidden_at   INTEGER,
    deleted_at  INTEGER,
    edited_at   INTEGER,
    created_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX discussion_posts_number ON discussion_posts (topic_id, number);
CREATE INDEX discussion_posts_author ON discussion_posts (author_id, created_at);
CREATE INDEX discussion_posts_pending ON discussion_posts (pending, created_at);

-- The text a post had before each edit.
CREATE TABLE discussion_post_edits (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id   INTEGER NOT NULL REFERENCES discussion_posts(id) ON DELETE CASCADE,
    title     TEXT,
    body      TEXT NOT NULL,
    edited_by INTEGER REFERENCES members(id) ON DELETE SET NULL,
    edited_at INTEGER NOT NULL
);
CREATE INDEX discussion_post_edits_post ON discussion_post_edits (post_id, id);

CREATE TABLE discussion_reactions (
    post_id    INTEGER NOT NULL REFERENCES discussion_posts(id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    reaction   TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (post_id, member_id, reaction)
);

-- target: 'category' or 'topic'; level: all, new_topics, mentions, muted.
CREATE TABLE discussion_follows (
    target     TEXT NOT NULL,
    target_id  INTEGER NOT NULL,
    member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    level      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (target, target_id, member_id)
);
CREATE INDEX discussion_follows_member ON discussion_follows (member_id);

-- outcome (when resolved): hidden, kept.
CREATE TABLE discussion_flags (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id     INTEGER NOT NULL REFERENCES discussion_posts(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    reason      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    resolved_at INTEGER,
    resolved_by INTEGER REFERENCES members(id) ON DELETE SET NULL,
    outcome     TEXT
);
CREATE UNIQUE INDEX discussion_flags_once ON discussion_flags (post_id, member_id);
CREATE INDEX discussion_flags_open ON discussion_flags (resolved_at, created_at);

-- kind: document, event, member.
CREATE TABLE discussion_links (
    kind      TEXT NOT NULL,
    target_id INTEGER NOT NULL,
    post_id   INTEGER NOT NULL REFERENCES discussion_posts(id) ON DELETE CASCADE,
    PRIMARY KEY (kind, target_id, post_id)
);
CREATE INDEX discussion_links_post ON discussion_links (post_id);
