//! Flags, the moderators' queue, and the settings of discussions.

use sqlx::FromRow;

use crate::store::{Db, now_ms};

/// Flags a post; `false` when the member had flagged it already.
pub async fn insert_flag(db: &Db, post: i64, member: i64, reason: &str) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO discussion_flags (post_id, member_id, reason, created_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(post)
    .bind(member)
    .bind(reason)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A post in the moderation queue: flagged, or waiting for approval.
#[derive(Clone, Debug, FromRow)]
pub struct QueueRow {
    pub post_id: i64,
    pub topic_id: i64,
    pub topic_title: String,
    pub number: i64,
    pub author_name: Option<String>,
    pub body: String,
    pub pending: i64,
    pub hidden_at: Option<i64>,
    pub flags: i64,
    /// The flags' reasons, comma-separated.
    pub reasons: Option<String>,
    pub created_at: i64,
}

/// Open work for moderators, oldest first.
pub async fn queue(db: &Db) -> sqlx::Result<Vec<QueueRow>> {
    let reasons = match db.backend {
        crate::store::Backend::Postgres => "STRING_AGG(f.reason, ',')",
        crate::store::Backend::Sqlite => "GROUP_CONCAT(f.reason, ',')",
    };
    sqlx::query_as(&format!(
        "SELECT p.id AS post_id, p.topic_id, t.title AS topic_title, p.number,
                a.name AS author_name, p.body, p.pending, p.hidden_at,
                COUNT(f.id) AS flags, {reasons} AS reasons, p.created_at
         FROM discussion_posts p
         JOIN discussion_topics t ON t.id = p.topic_id
         LEFT JOIN members a ON a.id = p.author_id
         LEFT JOIN discussion_flags f ON f.post_id = p.id AND f.resolved_at IS NULL
         WHERE p.deleted_at IS NULL
           AND p.id IN (SELECT id FROM discussion_posts WHERE pending = 1
                        UNION SELECT post_id FROM discussion_flags WHERE resolved_at IS NULL)
         GROUP BY p.id, p.topic_id, t.title, p.number, a.name, p.body, p.pending, p.hidden_at, p.created_at
         ORDER BY p.created_at LIMIT 200"
    ))
    .fetch_all(&db.pool)
    .await
}

/// How many posts [`queue`] holds.
pub async fn queue_size(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM discussion_posts p
         WHERE p.deleted_at IS NULL
           AND p.id IN (SELECT id FROM discussion_posts WHERE pending = 1
                        UNION SELECT post_id FROM discussion_flags WHERE resolved_at IS NULL)",
    )
    .fetch_one(&db.pool)
    .await
}

/// Closes a post's open flags with the moderator's outcome (`hidden` or `kept`).
pub async fn resolve_flags(db: &Db, post: i64, by: i64, outcome: &str) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE discussion_flags SET resolved_at = $2, resolved_by = $3, outcome = $4
         WHERE post_id = $1 AND resolved_at IS NULL",
    )
    .bind(post)
    .bind(now_ms())
    .bind(by)
    .bind(outcome)
    .execute(&db.pool)
    .await?
    .rows_affected())
}

/// A setting of discussions (the `settings` table, key `discussions.<name>`).
pub async fn setting(db: &Db, name: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
        .bind(format!("discussions.{name}"))
        .fetch_optional(&db.pool)
        .await
}

pub async fn set_setting(db: &Db, name: &str, value: &str) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(format!("discussions.{name}"))
    .bind(value)
    .execute(&db.pool)
    .await?;
    Ok(())
}
