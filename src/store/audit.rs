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
    sqlx::query(
        "INSERT INTO audit_log (actor_id, action, subject, reason, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(actor_id)
    .bind(action)
    .bind(subject)
    .bind(reason)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}
