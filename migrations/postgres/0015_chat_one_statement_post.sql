-- A message is stored with one statement (src/chat/db.rs, insert_message), so that a post is
-- one round trip to the database: the statement commits on its own, and its notification
-- (src/chat/hub) goes out with that commit.

-- A channel's last activity is its newest message (read through chat_messages_channel), no
-- longer a column that every post updates: that update made concurrent posts to one channel
-- wait for each other's commit. (Posts to one channel still take the channel row's lock, for
-- their order; see insert_message.)
ALTER TABLE chat_channels DROP COLUMN last_post_at;

-- The message's search terms as a JSON array, never stored: the trigger below moves them
-- into chat_message_terms before the row is written.
ALTER TABLE chat_messages ADD COLUMN terms TEXT;

-- The terms are inserted before their message row (in its BEFORE trigger): their reference
-- to it is checked at commit.
ALTER TABLE chat_message_terms ALTER CONSTRAINT chat_message_terms_message_id_fkey
    DEFERRABLE INITIALLY DEFERRED;

-- What storing a message implies, in the same statement: its search terms, its author has
-- read it, and every instance's hub hears of it on commit (the payload is the hub's
-- Event::Message).
CREATE FUNCTION chat_message_stored() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO chat_message_terms (term, message_id)
        SELECT value, NEW.id FROM json_array_elements_text(COALESCE(NEW.terms, '[]')::json);
    NEW.terms := NULL;
    UPDATE chat_memberships SET last_read_id = NEW.id
        WHERE channel_id = NEW.channel_id AND member_id = NEW.author_id AND last_read_id < NEW.id;
    PERFORM pg_notify('circula_chat', json_build_object('k', 'message', 'id', NEW.id)::text);
    RETURN NEW;
END
$$;
CREATE TRIGGER chat_message_stored BEFORE INSERT ON chat_messages
    FOR EACH ROW EXECUTE FUNCTION chat_message_stored();
