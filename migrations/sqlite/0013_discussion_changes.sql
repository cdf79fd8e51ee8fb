-- Discussions for a large forum: the change feed that search indexes and list caches follow,
-- and indexes that keep every list and page from scanning all posts.

-- Every change to what a topic shows (title, labels, category, state, posts) appends an entry;
-- topic_id 0 stands for a change of the categories. Each instance follows the feed.
CREATE TABLE discussion_changes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    topic_id   INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);

-- Only posts waiting for approval (the moderators' queue): an index on `pending` alone made
-- the planner read every post for `pending = 0`.
DROP INDEX discussion_posts_pending;
CREATE INDEX discussion_posts_pending ON discussion_posts (created_at) WHERE pending = 1;

-- A member's own topics that wait for approval, counted into the lists they see.
CREATE INDEX discussion_topics_waiting ON discussion_topics (author_id) WHERE pending = 1;

-- Pinned topics, read apart from the others on a list's first page.
CREATE INDEX discussion_topics_pinned ON discussion_topics (last_post_at) WHERE pinned_at IS NOT NULL;

-- Every feed records how far it was pruned in `settings` (`feed_pruned.<table>`): the
-- library's own table for it goes.
INSERT INTO settings (key, value)
    SELECT 'feed_pruned.library_changes', CAST(up_to AS TEXT) FROM library_feed_pruned WHERE id = 1;
DROP TABLE library_feed_pruned;
