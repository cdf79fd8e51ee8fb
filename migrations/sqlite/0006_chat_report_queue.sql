-- Chat: the moderators' queue of reports. A report is open until a moderator dismisses it or
-- hides its message (resolved_at, resolved_by).
ALTER TABLE chat_reports ADD COLUMN resolved_at BIGINT;
ALTER TABLE chat_reports ADD COLUMN resolved_by BIGINT REFERENCES members(id) ON DELETE SET NULL;
CREATE INDEX chat_reports_open ON chat_reports (resolved_at, message_id);
