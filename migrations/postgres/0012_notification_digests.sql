-- How a member wants the mail of kinds that can wait (discussions): one mail each
-- ('each', the default when there is no row), or a 'daily' or 'weekly' digest.
CREATE TABLE notification_digests (
    member_id    BIGINT PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    frequency    TEXT NOT NULL,
    last_sent_at BIGINT NOT NULL
);
