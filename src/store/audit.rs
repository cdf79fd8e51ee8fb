//! The audit log: what organisers and admins did that must be accountable — who, what, about
//! what, when and why. Capabilities record into it; admins read it.

use super::{Db, now_ms};

/// Records that `actor_id` did `action` (a stable snake_case name, such as
/// `live_reveal_author`) about `subject` (such as `question:12`), for `reason`.
pub async fn record(
    db: &Db,
    actor_id: i64,
    action: &str,
    subject: &str,
    reason: &str,
) -> sqlx::Result<()> {
    record_at(db, actor_id, action, subject, reason, now_ms()).await
}

/// Like [`record`], at a given moment (example content written after the fact).
pub async fn record_at(
    db: &Db,
    actor_id: i64,
    action: &str,
    subject: &str,
    reason: &str,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (actor_id, action, subject, reason, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(actor_id)
    .bind(action)
    .bind(subject)
    .bind(reason)
    .bind(at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Which entries to read: by actor, by action, from a moment, up to a number (newest first).
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub actor_id: Option<i64>,
    pub action: Option<String>,
    pub since: Option<i64>,
    pub limit: i64,
}

/// An entry, with the actor's current name (empty when the account is gone).
#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Entry {
    pub id: i64,
    /// None when the account is gone.
    pub actor_id: Option<i64>,
    pub actor_name: String,
    /// A stable name, such as `member_role` or `chat_hide_message`.
    pub action: String,
    /// What it was about, such as `member:12` or `chat_message:40`.
    pub subject: String,
    /// Why, or what changed.
    pub reason: String,
    /// Milliseconds since the epoch, UTC.
    pub created_at: i64,
}

/// The entries that match, newest first.
pub async fn list(db: &Db, filter: &Filter) -> sqlx::Result<Vec<Entry>> {
    let mut sql = super::Sql::new(
        "SELECT a.id, a.actor_id, COALESCE(m.name, '') AS actor_name, a.action, a.subject, a.reason, a.created_at
         FROM audit_log a LEFT JOIN members m ON m.id = a.actor_id WHERE 1 = 1",
    );
    if let Some(actor) = filter.actor_id {
        sql.push(" AND a.actor_id = ").push_bind(actor);
    }
    if let Some(action) = &filter.action {
        sql.push(" AND a.action = ").push_bind(action.clone());
    }
    if let Some(since) = filter.since {
        sql.push(" AND a.created_at >= ").push_bind(since);
    }
    sql.push(" ORDER BY a.id DESC LIMIT ")
        .push_bind(filter.limit);
    sql.query_as().fetch_all(&db.pool).await
}

/// The actions recorded so far, for a filter's choices.
pub async fn actions(db: &Db) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("SELECT DISTINCT action FROM audit_log ORDER BY action")
        .fetch_all(&db.pool)
        .await
}
