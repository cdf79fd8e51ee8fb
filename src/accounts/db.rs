//! Account queries, written once for SQLite and PostgreSQL (see `store`).

use sqlx::FromRow;

use crate::store::{Db, now_ms};
use crate::web::identity::{Role, Status};

#[derive(Clone, Debug, FromRow)]
pub struct AccountRow {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub name: String,
    pub role: String,
    pub status: String,
    pub locale: String,
    pub email_confirmed_at: Option<i64>,
}

impl AccountRow {
    pub fn role(&self) -> Role {
        Role::from_db(&self.role)
    }

    pub fn status(&self) -> Status {
        Status::from_db(&self.status)
    }
}

const ACCOUNT_COLUMNS: &str =
    "id, email, password_hash, name, role, status, locale, email_confirmed_at";

pub async fn find_by_email(db: &Db, email: &str) -> sqlx::Result<Option<AccountRow>> {
    sqlx::query_as(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM members WHERE email = $1"
    ))
    .bind(email)
    .fetch_optional(&db.pool)
    .await
}

pub async fn find_by_id(db: &Db, id: i64) -> sqlx::Result<Option<AccountRow>> {
    sqlx::query_as(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM members WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

pub struct NewAccount<'a> {
    pub email: &'a str,
    pub password_hash: &'a str,
    pub name: &'a str,
    pub locale: &'a str,
    pub role: Option<Role>,
    pub approval_needed: bool,
}

/// Inserts an account. The first account of an empty database becomes an active admin; the
/// check and the insert run in one transaction (SQLite serialises writers; on PostgreSQL a
/// race between two first registrations can at worst make both admins, which is harmless).
pub async fn insert_account(db: &Db, new: &NewAccount<'_>) -> sqlx::Result<(i64, Role, Status)> {
    let mut tx = db.pool.begin().await?;
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM members")
        .fetch_one(&mut *tx)
        .await?;
    let (role, status) = if existing == 0 {
        (Role::Admin, Status::Active)
    } else if new.approval_needed {
        (new.role.unwrap_or(Role::Member), Status::Pending)
    } else {
        (new.role.unwrap_or(Role::Member), Status::Active)
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO members (email, password_hash, name, role, status, locale, sort_name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(new.email)
    .bind(new.password_hash)
    .bind(new.name)
    .bind(role.as_str())
    .bind(status.as_str())
    .bind(new.locale)
    .bind(crate::store::fold(new.name))
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok((id, role, status))
}

pub async fn set_password_hash(db: &Db, member_id: i64, hash: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE members SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(member_id)
        .execute(&db.pool)
        .await
        .map(drop)
}

pub async fn set_role(db: &Db, member_id: i64, role: Role) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE members SET role = $1 WHERE id = $2")
        .bind(role.as_str())
        .bind(member_id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_status(db: &Db, member_id: i64, status: Status) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE members SET status = $1 WHERE id = $2")
        .bind(status.as_str())
        .bind(member_id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn count_admins(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM members WHERE role = 'admin' AND status = 'active'")
        .fetch_one(&db.pool)
        .await
}

pub async fn admin_ids(db: &Db) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT id FROM members WHERE role = 'admin' AND status = 'active'")
        .fetch_all(&db.pool)
        .await
}

pub async fn confirm_email(db: &Db, member_id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE members SET email_confirmed_at = $1 WHERE id = $2 AND email_confirmed_at IS NULL",
    )
    .bind(now_ms())
    .bind(member_id)
    .execute(&db.pool)
    .await
    .map(drop)
}

// Sessions (browser cookies) and API tokens share one table; `kind` tells them apart.

pub async fn insert_session(
    db: &Db,
    member_id: i64,
    token_hash: &str,
    kind: &str,
    label: &str,
    expires_at: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO sessions (token_hash, member_id, kind, label, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(token_hash)
    .bind(member_id)
    .bind(kind)
    .bind(label)
    .bind(now_ms())
    .bind(expires_at)
    .fetch_one(&db.pool)
    .await
}

pub async fn delete_session(db: &Db, session_id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE id = $1")
        .bind(session_id)
        .execute(&db.pool)
        .await
        .map(drop)
}

/// Ends every session and token of a member except `keep`.
pub async fn delete_sessions_except(db: &Db, member_id: i64, keep: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE member_id = $1 AND id <> $2")
        .bind(member_id)
        .bind(keep)
        .execute(&db.pool)
        .await
        .map(drop)
}

#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct TokenInfo {
    pub id: i64,
    pub label: String,
    pub created_at: i64,
    pub expires_at: i64,
}

pub async fn api_tokens(db: &Db, member_id: i64) -> sqlx::Result<Vec<TokenInfo>> {
    sqlx::query_as(
        "SELECT id, label, created_at, expires_at FROM sessions
         WHERE member_id = $1 AND kind = 'api' ORDER BY id DESC",
    )
    .bind(member_id)
    .fetch_all(&db.pool)
    .await
}

pub async fn delete_api_token(db: &Db, member_id: i64, token_id: i64) -> sqlx::Result<bool> {
    let done =
        sqlx::query("DELETE FROM sessions WHERE id = $1 AND member_id = $2 AND kind = 'api'")
            .bind(token_id)
            .bind(member_id)
            .execute(&db.pool)
            .await?;
    Ok(done.rows_affected() == 1)
}

// One-time tokens: email confirmation and password reset links.

pub async fn insert_one_time_token(
    db: &Db,
    member_id: i64,
    token_hash: &str,
    purpose: &str,
    expires_at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO one_time_tokens (token_hash, member_id, purpose, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(member_id)
    .bind(purpose)
    .bind(expires_at)
    .execute(&db.pool)
    .await
    .map(drop)
}

/// Marks a valid, unused token as used and returns its member; `None` when it is not valid.
pub async fn use_one_time_token(
    db: &Db,
    token_hash: &str,
    purpose: &str,
) -> sqlx::Result<Option<i64>> {
    let now = now_ms();
    sqlx::query_scalar(
        "UPDATE one_time_tokens SET used_at = $1
         WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1
         RETURNING member_id",
    )
    .bind(now)
    .bind(token_hash)
    .bind(purpose)
    .fetch_optional(&db.pool)
    .await
}

/// The member of a valid, unused token, without using it up.
pub async fn one_time_token_member(
    db: &Db,
    token_hash: &str,
    purpose: &str,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT member_id FROM one_time_tokens
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(token_hash)
    .bind(purpose)
    .bind(now_ms())
    .fetch_optional(&db.pool)
    .await
}

/// Deletes expired sessions and tokens, and one-time links a day after they expired.
pub async fn delete_expired(db: &Db) -> sqlx::Result<u64> {
    let now = now_ms();
    let sessions = sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
        .bind(now)
        .execute(&db.pool)
        .await?;
    let links = sqlx::query("DELETE FROM one_time_tokens WHERE expires_at < $1")
        .bind(now - 24 * 60 * 60 * 1000)
        .execute(&db.pool)
        .await?;
    Ok(sessions.rows_affected() + links.rows_affected())
}

pub async fn setting(db: &Db, key: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
        .bind(key)
        .fetch_optional(&db.pool)
        .await
}

pub async fn set_setting(db: &Db, key: &str, value: &str) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(&db.pool)
    .await
    .map(drop)
}

#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct AccountSummary {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: String,
    pub status: String,
    pub email_confirmed_at: Option<i64>,
    pub created_at: i64,
}

/// Accounts for the admin list, newest first, optionally by status and matching words.
pub async fn list_accounts(
    db: &Db,
    status: Option<&str>,
    words: &[String],
    limit: i64,
) -> sqlx::Result<Vec<AccountSummary>> {
    let mut sql = crate::store::Sql::new(
        "SELECT id, email, name, role, status, email_confirmed_at, created_at FROM members WHERE 1 = 1",
    );
    if let Some(status) = status {
        sql.push(" AND status = ").push_bind(status);
    }
    for word in words {
        let pattern = crate::store::like_pattern(&crate::store::fold(word));
        sql.push(" AND (sort_name LIKE ")
            .push_bind(&pattern)
            .push(" ESCAPE '\\' OR email LIKE ");
        sql.push_bind(&pattern).push(" ESCAPE '\\')");
    }
    sql.push(" ORDER BY id DESC LIMIT ").push_bind(limit);
    sql.query_as::<AccountSummary>().fetch_all(&db.pool).await
}

/// How many accounts there are in each status.
pub async fn count_by_status(db: &Db) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as("SELECT status, COUNT(*) FROM members GROUP BY status ORDER BY status")
        .fetch_all(&db.pool)
        .await
}
