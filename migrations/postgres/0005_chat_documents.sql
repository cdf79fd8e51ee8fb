-- Chat: a message may link a library document. No foreign key: a purged document leaves the
-- link behind, and the message then shows "document no longer available".
ALTER TABLE chat_messages ADD COLUMN document_id BIGINT;
