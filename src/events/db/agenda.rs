//! Queries of a member's agenda and calendar feed, and of messages to an event's
//! participants.

use sqlx::FromRow;

use crate::store::{Db, now_ms};

#[derive(Clone, Debug, FromRow)]
pub struct AgendaRow {
    pub session_id: i64,
    pub status: String,
    pub event_id: i64,
    pub event_timezone: String,
    pub event_default_locale: String,
    pub kind: String,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub join_url: String,
    pub recording_url: String,
    pub description: String,
    pub updated_at: i64,
}

/// Every session the member registered for or waits for, from `since` on, by start.
pub async fn agenda(db: &Db, member_id: i64, since: i64) -> sqlx::Result<Vec<AgendaRow>> {
    sqlx::query_as(
        "SELECT r.session_id, r.status, s.event_id, e.timezone AS event_timezone,
                e.default_locale AS event_default_locale, s.kind, s.title, s.starts_at, s.ends_at,
                s.join_url, s.recording_url, s.description, s.updated_at
         FROM session_registrations r
         JOIN event_sessions s ON s.id = r.session_id
         JOIN events e ON e.id = s.event_id
         WHERE r.member_id = $1 AND s.ends_at > $2
         ORDER BY s.starts_at, s.ends_at, s.id",
    )
    .bind(member_id)
    .bind(since)
    .fetch_all(&db.pool)
    .await
}

pub async fn feed_token(db: &Db, member_id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT token FROM calendar_feeds WHERE member_id = $1")
        .bind(member_id)
        .fetch_optional(&db.pool)
        .await
}

pub async fn put_feed_token(db: &Db, member_id: i64, token: &str) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO calendar_feeds (member_id, token, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (member_id) DO UPDATE SET token = excluded.token, created_at = excluded.created_at",
    )
    .bind(member_id)
    .bind(token)
    .bind(now_ms())
    .execute(&db.pool)
    .await
    .map(drop)
}

pub async fn delete_feed_token(db: &Db, member_id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM calendar_feeds WHERE member_id = $1")
        .bind(member_id)
        .execute(&db.pool)
        .await
        .map(drop)
}

/// The active member whose feed this is.
pub async fn feed_owner(db: &Db, token: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT f.member_id FROM calendar_feeds f JOIN members m ON m.id = f.member_id
         WHERE f.token = $1 AND m.status = 'active'",
    )
    .bind(token)
    .fetch_optional(&db.pool)
    .await
}

#[derive(Clone, Debug, FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub author: Option<String>,
    pub subject: String,
    pub body_html: String,
    pub recipients: i64,
    pub created_at: i64,
}

pub async fn insert_message(
    db: &Db,
    event_id: i64,
    author_id: i64,
    subject: &str,
    body: &str,
    body_html: &str,
    recipients: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO event_messages (event_id, author_id, subject, body, body_html, recipients, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(event_id)
    .bind(author_id)
    .bind(subject)
    .bind(body)
    .bind(body_html)
    .bind(recipients)
    .bind(now_ms())
    .fetch_one(&db.pool)
    .await
}

pub async fn messages(db: &Db, event_id: i64) -> sqlx::Result<Vec<MessageRow>> {
    sqlx::query_as(
        "SELECT g.id, m.name AS author, g.subject, g.body_html, g.recipients, g.created_at
         FROM event_messages g LEFT JOIN members m ON m.id = g.author_id
         WHERE g.event_id = $1 ORDER BY g.id DESC",
    )
    .bind(event_id)
    .fetch_all(&db.pool)
    .await
}
