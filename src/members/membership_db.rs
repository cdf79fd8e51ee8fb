//! Queries of organisation membership: requests to join, their answers, and the history of
//! what was changed on an organisation and by whom (see `access` for who may do what).

use sqlx::FromRow;

use crate::store::{Db, Sql, now_ms};

/// What became of a member's last request to join an organisation.
#[derive(Clone, Debug, FromRow)]
pub struct MembershipRequestRow {
    pub status: String,
    pub answered_at: Option<i64>,
    pub notified_at: Option<i64>,
}

pub async fn membership_request(
    db: &Db,
    organisation: i64,
    member: i64,
) -> sqlx::Result<Option<MembershipRequestRow>> {
    sqlx::query_as(
        "SELECT status, answered_at, notified_at FROM organisation_requests
         WHERE organisation_id = $1 AND member_id = $2",
    )
    .bind(organisation)
    .bind(member)
    .fetch_optional(&db.pool)
    .await
}

/// How many organisations `member` told of a request since `since` (ms).
pub async fn membership_requests_notified_since(
    db: &Db,
    member: i64,
    since: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM organisation_requests WHERE member_id = $1 AND notified_at >= $2",
    )
    .bind(member)
    .bind(since)
    .fetch_one(&db.pool)
    .await
}

/// Withdraws the member's pending request, if any (a member waits for one at a time).
pub async fn withdraw_membership_requests(db: &Db, member: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE organisation_requests SET status = 'withdrawn'
         WHERE member_id = $1 AND status = 'pending'",
    )
    .bind(member)
    .execute(&db.pool)
    .await
    .map(drop)
}

/// Opens (or reopens) the member's request to join an organisation, withdrawing any other.
pub async fn open_membership_request(
    db: &Db,
    organisation: i64,
    member: i64,
    notified: bool,
) -> sqlx::Result<()> {
    let now = now_ms();
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "UPDATE organisation_requests SET status = 'withdrawn'
         WHERE member_id = $1 AND status = 'pending' AND organisation_id <> $2",
    )
    .bind(member)
    .bind(organisation)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO organisation_requests (organisation_id, member_id, status, created_at, notified_at)
         VALUES ($1, $2, 'pending', $3, $4)
         ON CONFLICT (organisation_id, member_id) DO UPDATE SET status = 'pending',
            created_at = excluded.created_at, answered_at = NULL, answered_by = NULL,
            notified_at = COALESCE(excluded.notified_at, organisation_requests.notified_at)",
    )
    .bind(organisation)
    .bind(member)
    .bind(now)
    .bind(notified.then_some(now))
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// Answers a pending request (`approved` or `declined`); false when there is none. Approving
/// makes the member a confirmed member of the organisation (leaving any other).
pub async fn answer_membership_request(
    db: &Db,
    organisation: i64,
    member: i64,
    status: &str,
    by: i64,
) -> sqlx::Result<bool> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE organisation_requests SET status = $1, answered_at = $2, answered_by = $3
         WHERE organisation_id = $4 AND member_id = $5 AND status = 'pending'",
    )
    .bind(status)
    .bind(now_ms())
    .bind(by)
    .bind(organisation)
    .bind(member)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    if status == "approved" {
        sqlx::query("UPDATE members SET organisation_id = $1 WHERE id = $2")
            .bind(organisation)
            .bind(member)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Ends a confirmed membership; false when `member` was not a member of `organisation`.
pub async fn remove_from_organisation(
    db: &Db,
    organisation: i64,
    member: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE members SET organisation_id = NULL WHERE id = $1 AND organisation_id = $2",
    )
    .bind(member)
    .bind(organisation)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The member leaves their organisation and withdraws any request.
pub async fn leave_organisation(db: &Db, member: i64) -> sqlx::Result<()> {
    withdraw_membership_requests(db, member).await?;
    sqlx::query("UPDATE members SET organisation_id = NULL WHERE id = $1")
        .bind(member)
        .execute(&db.pool)
        .await
        .map(drop)
}

/// Makes `member` a confirmed member of `organisation` at once (see `access`).
pub async fn join_organisation(db: &Db, organisation: i64, member: i64) -> sqlx::Result<()> {
    withdraw_membership_requests(db, member).await?;
    sqlx::query("UPDATE members SET organisation_id = $1 WHERE id = $2")
        .bind(organisation)
        .bind(member)
        .execute(&db.pool)
        .await
        .map(drop)
}

/// A request waiting for an answer, or the organisation a member waits for.
#[derive(Clone, Debug, FromRow)]
pub struct PendingRow {
    pub organisation_id: i64,
    pub organisation_name: String,
    pub organisation_kind: String,
    pub member_id: i64,
    pub member_name: String,
    pub created_at: i64,
}

const PENDING_SELECT: &str = "SELECT r.organisation_id, o.name AS organisation_name,
        o.kind AS organisation_kind, r.member_id, m.name AS member_name, r.created_at
     FROM organisation_requests r JOIN organisations o ON o.id = r.organisation_id
     JOIN members m ON m.id = r.member_id
     WHERE r.status = 'pending' AND m.status = 'active'";

/// The pending requests to join an organisation, oldest first.
pub async fn pending_requests(db: &Db, organisation: i64) -> sqlx::Result<Vec<PendingRow>> {
    let mut sql = Sql::new(PENDING_SELECT);
    sql.push(" AND r.organisation_id = ")
        .push_bind(organisation)
        .push(" ORDER BY r.created_at, r.id LIMIT 500");
    sql.query_as::<PendingRow>().fetch_all(&db.pool).await
}

/// The organisation a member asked to join and waits for, if any.
pub async fn pending_request_of(db: &Db, member: i64) -> sqlx::Result<Option<PendingRow>> {
    let mut sql = Sql::new(PENDING_SELECT);
    sql.push(" AND r.member_id = ").push_bind(member);
    sql.query_as::<PendingRow>().fetch_optional(&db.pool).await
}

/// The active members that hear of requests to join an organisation.
pub async fn confirmed_active_members(db: &Db, organisation: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT id FROM members WHERE organisation_id = $1 AND status = 'active' ORDER BY id",
    )
    .bind(organisation)
    .fetch_all(&db.pool)
    .await
}

pub async fn record_history(
    db: &Db,
    organisation: i64,
    actor: i64,
    action: &str,
    subject: Option<i64>,
    fields: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO organisation_history (organisation_id, actor_id, action, subject_id, fields, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(organisation)
    .bind(actor)
    .bind(action)
    .bind(subject)
    .bind(fields)
    .bind(now_ms())
    .execute(&db.pool)
    .await
    .map(drop)
}

#[derive(Clone, Debug, FromRow)]
pub struct HistoryRow {
    pub action: String,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub subject_id: Option<i64>,
    pub subject_name: Option<String>,
    pub fields: String,
    pub created_at: i64,
}

/// An organisation's latest history, newest first.
pub async fn history(db: &Db, organisation: i64, limit: i64) -> sqlx::Result<Vec<HistoryRow>> {
    sqlx::query_as(
        "SELECT h.action, h.actor_id, a.name AS actor_name, h.subject_id, s.name AS subject_name,
                h.fields, h.created_at
         FROM organisation_history h LEFT JOIN members a ON a.id = h.actor_id
         LEFT JOIN members s ON s.id = h.subject_id
         WHERE h.organisation_id = $1 ORDER BY h.id DESC LIMIT $2",
    )
    .bind(organisation)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}
