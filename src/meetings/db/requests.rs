//! Queries of meeting requests. One open request per pair is kept by a unique index on the
//! pair over the open states, so two people asking each other at the same moment get one
//! request and one clear conflict.

use sqlx::FromRow;

use crate::meetings::model::pair_key;
use crate::store::{Db, now_ms};

#[derive(Clone, Debug, FromRow)]
pub struct RequestRow {
    pub id: i64,
    pub event_id: i64,
    pub from_id: i64,
    pub from_name: String,
    pub to_id: i64,
    pub to_name: String,
    pub message: String,
    pub priority: i64,
    pub status: String,
    pub reason: String,
    pub expires_at: Option<i64>,
    pub created_at: i64,
    pub answered_at: Option<i64>,
}

const REQUESTS: &str = "SELECT r.id, r.event_id, r.from_id, f.name AS from_name, r.to_id, t.name AS to_name, r.message,
        r.priority, r.status, r.reason, r.expires_at, r.created_at, r.answered_at
     FROM b2b_requests r JOIN members f ON f.id = r.from_id JOIN members t ON t.id = r.to_id";

/// Marks pending requests whose time ran out as expired; answers how many.
pub async fn expire(db: &Db, now: i64) -> sqlx::Result<u64> {
    sqlx::query(
        "UPDATE b2b_requests SET status = 'expired', answered_at = $1
         WHERE status = 'pending' AND expires_at IS NOT NULL AND expires_at <= $1",
    )
    .bind(now)
    .execute(&db.pool)
    .await
    .map(|r| r.rows_affected())
}

pub async fn request(db: &Db, id: i64) -> sqlx::Result<Option<RequestRow>> {
    sqlx::query_as(&format!("{REQUESTS} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// The member's requests in the event, sent and received, newest first.
pub async fn requests_of(db: &Db, event_id: i64, member_id: i64) -> sqlx::Result<Vec<RequestRow>> {
    sqlx::query_as(&format!(
        "{REQUESTS} WHERE r.event_id = $1 AND (r.from_id = $2 OR r.to_id = $2) ORDER BY r.id DESC"
    ))
    .bind(event_id)
    .bind(member_id)
    .fetch_all(&db.pool)
    .await
}

/// Every request of the event (organisers' dashboard, the scheduler).
pub async fn requests_in(db: &Db, event_id: i64) -> sqlx::Result<Vec<RequestRow>> {
    sqlx::query_as(&format!("{REQUESTS} WHERE r.event_id = $1 ORDER BY r.id"))
        .bind(event_id)
        .fetch_all(&db.pool)
        .await
}

/// Whether the two have a pending or accepted request between them, whoever asked.
pub async fn open_between(db: &Db, event_id: i64, a: i64, b: i64) -> sqlx::Result<bool> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM b2b_requests WHERE event_id = $1 AND pair = $2 AND status IN ('pending', 'accepted')",
    )
    .bind(event_id)
    .bind(pair_key(a, b))
    .fetch_one(&db.pool)
    .await?;
    Ok(count > 0)
}

/// How many requests the member sent that wait for an answer.
pub async fn pending_sent(db: &Db, event_id: i64, member_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM b2b_requests WHERE event_id = $1 AND from_id = $2 AND status = 'pending'",
    )
    .bind(event_id)
    .bind(member_id)
    .fetch_one(&db.pool)
    .await
}

pub struct NewRequest<'a> {
    pub event_id: i64,
    pub from_id: i64,
    pub to_id: i64,
    pub message: &'a str,
    pub priority: i64,
    pub expires_at: Option<i64>,
}

/// Inserts a pending request; a unique violation means the pair has an open one.
pub async fn insert_request(db: &Db, new: &NewRequest<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO b2b_requests (event_id, from_id, to_id, pair, message, priority, status, expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8) RETURNING id",
    )
    .bind(new.event_id)
    .bind(new.from_id)
    .bind(new.to_id)
    .bind(pair_key(new.from_id, new.to_id))
    .bind(new.message)
    .bind(new.priority)
    .bind(new.expires_at)
    .bind(now_ms())
    .fetch_one(&db.pool)
    .await
}

/// Moves a request from `from` to `to` status; false when it was no longer in `from`.
pub async fn set_status(
    db: &Db,
    id: i64,
    from: &str,
    to: &str,
    reason: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE b2b_requests SET status = $3, reason = $4, answered_at = $5 WHERE id = $1 AND status = $2",
    )
    .bind(id)
    .bind(from)
    .bind(to)
    .bind(reason)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Counts of the event's requests by status.
pub async fn request_counts(db: &Db, event_id: i64) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as(
        "SELECT status, COUNT(*) FROM b2b_requests WHERE event_id = $1 GROUP BY status ORDER BY status",
    )
    .bind(event_id)
    .fetch_all(&db.pool)
    .await
}
