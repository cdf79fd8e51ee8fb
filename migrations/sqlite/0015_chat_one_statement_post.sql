-- A message is stored with one statement (src/chat/db.rs, insert_message), so that a post is
-- one round trip to the database and holds the writers' lock for no more than that.

-- A channel's last activity is its newest message (read through chat_messages_channel), no
-- longer a column that every post updates.
ALTER TABLE chat_channels DROP COLUMN last_post_at;

-- The message's search terms as a JSON array, present only while the row is inserted: the
-- trigger below moves them into chat_message_terms.
ALTER TABLE chat_messages ADD COLUMN terms TEXT;

-- What storing a message implies, in the same statement: its search terms, and its author
-- has read it.
CREATE TRIGGER chat_message_stored AFTER INSERT ON chat_messages
BEGIN
    INSERT INTO chat_message_terms (term, message_id)
        SELECT value, NEW.id FROM json_each(COALESCE(NEW.terms, '[]'));
    UPDATE chat_messages SET terms = NULL WHERE id = NEW.id AND NEW.terms IS NOT NULL;
    UPDATE chat_memberships SET last_read_id = NEW.id
        WHERE channel_id = NEW.channel_id AND member_id = NEW.author_id AND last_read_id < NEW.id;
END;
