-- Chat attachments are addressed by an unguessable key (128 random bits), never by their
-- sequential id. Existing files get a random key; their old addresses stop working.
ALTER TABLE chat_attachments ADD COLUMN access_key TEXT;
UPDATE chat_attachments SET access_key = lower(hex(randomblob(16))) WHERE access_key IS NULL;
CREATE UNIQUE INDEX chat_attachments_key ON chat_attachments (access_key);
-- The message that carries an attachment, found from the attachment.
CREATE INDEX IF NOT EXISTS chat_messages_attachment ON chat_messages (attachment_id);
