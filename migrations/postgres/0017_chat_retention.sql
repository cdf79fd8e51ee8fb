-- How long a channel keeps its messages, in days; NULL keeps them for ever (the default).
-- The retention job (src/chat/retention.rs) deletes older messages with their files.
ALTER TABLE chat_channels ADD COLUMN retention_days BIGINT;
CREATE INDEX chat_messages_channel_time ON chat_messages (channel_id, created_at);
