//! Queries of sessions: their rows, writes, the session's row lock and seats taken (see the
//! module doc of `db`), speakers and materials.

use sqlx::{Any, FromRow, Transaction};

use crate::events::model::ParsedSpeaker;
use crate::store::{Db, now_ms};

#[derive(Clone, Debug, FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub event_id: i64,
    pub track_id: Option<i64>,
    pub room_id: Option<i64>,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub description_html: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub languages: String,
    pub interpretation: String,
    pub join_url: String,
    pub recording_url: String,
    pub capacity: Option<i64>,
    pub updated_at: i64,
    pub registered: i64,
    pub waiting: i64,
}

const SESSION_SELECT: &str = "SELECT s.id, s.event_id, s.track_id, s.room_id, s.kind, s.title, s.description,
        s.description_html, s.starts_at, s.ends_at, s.languages, s.interpretation, s.join_url,
        s.recording_url, s.capacity, s.updated_at,
        (SELECT COUNT(*) FROM session_registrations r WHERE r.session_id = s.id AND r.status = 'registered') AS registered,
        (SELECT COUNT(*) FROM session_registrations r WHERE r.session_id = s.id AND r.status = 'waiting') AS waiting
     FROM event_sessions s";

pub async fn sessions(db: &Db, event_id: i64) -> sqlx::Result<Vec<SessionRow>> {
    sqlx::query_as(&format!(
        "{SESSION_SELECT} WHERE s.event_id = $1 ORDER BY s.starts_at, s.ends_at, s.id"
    ))
    .bind(event_id)
    .fetch_all(&db.pool)
    .await
}

pub async fn session(db: &Db, id: i64) -> sqlx::Result<Option<SessionRow>> {
    sqlx::query_as(&format!("{SESSION_SELECT} WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

pub struct SessionWrite<'a> {
    pub track_id: Option<i64>,
    pub room_id: Option<i64>,
    pub kind: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub description_html: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub languages: &'a str,
    pub interpretation: &'a str,
    pub join_url: &'a str,
    pub recording_url: &'a str,
    pub capacity: Option<i64>,
}

/// Binds a session's columns as `$2`…`$15` (in the order of [`SessionWrite`], then the time of
/// the change) after `$1`.
fn bind_session<'q>(
    query: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
    w: &'q SessionWrite<'q>,
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>> {
    query
        .bind(w.track_id)
        .bind(w.room_id)
        .bind(w.kind)
        .bind(w.title)
        .bind(w.description)
        .bind(w.description_html)
        .bind(w.starts_at)
        .bind(w.ends_at)
        .bind(w.languages)
        .bind(w.interpretation)
        .bind(w.join_url)
        .bind(w.recording_url)
        .bind(w.capacity)
        .bind(now_ms())
}

pub async fn insert_session(
    tx: &mut Transaction<'_, Any>,
    event_id: i64,
    w: &SessionWrite<'_>,
) -> sqlx::Result<i64> {
    use sqlx::Row;
    let query = sqlx::query(
        "INSERT INTO event_sessions (event_id, track_id, room_id, kind, title, description, description_html,
                starts_at, ends_at, languages, interpretation, join_url, recording_url, capacity,
                created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id",
    )
    .bind(event_id);
    bind_session(query, w)
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)
}

pub async fn update_session(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    w: &SessionWrite<'_>,
) -> sqlx::Result<()> {
    let query = sqlx::query(
        "UPDATE event_sessions SET track_id = $2, room_id = $3, kind = $4, title = $5, description = $6,
                description_html = $7, starts_at = $8, ends_at = $9, languages = $10,
                interpretation = $11, join_url = $12, recording_url = $13, capacity = $14,
                updated_at = $15
         WHERE id = $1",
    )
    .bind(id);
    bind_session(query, w).execute(&mut **tx).await.map(drop)
}

pub async fn delete_session(db: &Db, id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM event_sessions WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await
        .map(drop)
}

/// Takes the session's row lock for the rest of the transaction (see the module doc) and
/// reads its capacity: `None` when there is no such session, `Some(None)` when unlimited.
pub async fn lock_session(
    tx: &mut Transaction<'_, Any>,
    id: i64,
) -> sqlx::Result<Option<Option<i64>>> {
    let row: Option<(Option<i64>,)> = sqlx::query_as(
        "UPDATE event_sessions SET updated_at = updated_at WHERE id = $1 RETURNING capacity",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| r.0))
}

pub async fn seats_taken(tx: &mut Transaction<'_, Any>, session_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM session_registrations WHERE session_id = $1 AND status = 'registered'",
    )
    .bind(session_id)
    .fetch_one(&mut **tx)
    .await
}

/// A session's speaker as shown.
#[derive(Clone, Debug, FromRow)]
pub struct SpeakerRow {
    pub session_id: i64,
    /// The member who speaks; `None` for a guest.
    pub member_id: Option<i64>,
    /// The member's current name, or the guest's.
    pub name: String,
    /// A short bio; empty for none.
    pub bio: String,
}

pub async fn speakers(db: &Db, event_id: i64) -> sqlx::Result<Vec<SpeakerRow>> {
    sqlx::query_as(
        "SELECT sp.session_id, sp.member_id, COALESCE(m.name, sp.name) AS name, sp.bio
         FROM session_speakers sp JOIN event_sessions s ON s.id = sp.session_id
         LEFT JOIN members m ON m.id = sp.member_id
         WHERE s.event_id = $1 ORDER BY sp.session_id, sp.position",
    )
    .bind(event_id)
    .fetch_all(&db.pool)
    .await
}

pub async fn set_speakers(
    tx: &mut Transaction<'_, Any>,
    session_id: i64,
    speakers: &[ParsedSpeaker],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM session_speakers WHERE session_id = $1")
        .bind(session_id)
        .execute(&mut **tx)
        .await?;
    for (
        position,
        ParsedSpeaker {
            member_id,
            name,
            bio,
        },
    ) in speakers.iter().enumerate()
    {
        sqlx::query(
            "INSERT INTO session_speakers (session_id, position, member_id, name, bio) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(session_id)
        .bind(position as i64)
        .bind(*member_id)
        .bind(name)
        .bind(bio)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

#[derive(Clone, Debug, FromRow)]
pub struct MaterialRow {
    pub session_id: i64,
    pub title: String,
    pub url: String,
}

pub async fn materials(db: &Db, event_id: i64) -> sqlx::Result<Vec<MaterialRow>> {
    sqlx::query_as(
        "SELECT mt.session_id, mt.title, mt.url FROM session_materials mt
         JOIN event_sessions s ON s.id = mt.session_id
         WHERE s.event_id = $1 ORDER BY mt.session_id, mt.position",
    )
    .bind(event_id)
    .fetch_all(&db.pool)
    .await
}

pub async fn set_materials(
    tx: &mut Transaction<'_, Any>,
    session_id: i64,
    materials: &[(String, String)],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM session_materials WHERE session_id = $1")
        .bind(session_id)
        .execute(&mut **tx)
        .await?;
    for (position, (title, url)) in materials.iter().enumerate() {
        sqlx::query(
            "INSERT INTO session_materials (session_id, position, title, url) VALUES ($1, $2, $3, $4)",
        )
        .bind(session_id)
        .bind(position as i64)
        .bind(title)
        .bind(url)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
