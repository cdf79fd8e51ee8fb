//! Queries of events, sessions, registrations, calendar feeds and organiser messages.
//!
//! Seats: a session registration takes the session's row lock first (an `UPDATE` of the row,
//! which PostgreSQL locks and SQLite turns into the database's write lock), then counts and
//! inserts. Every transaction here writes before it reads: a SQLite transaction that read
//! first could not upgrade to writing once another connection had committed. Concurrent registrations therefore queue one behind the other and a session is
//! never over capacity; cancelling moves the first of the waiting list up in the same
//! transaction.

use sqlx::{Any, FromRow, Transaction};

use super::model::SeatStatus;
use crate::store::{Db, now_ms};

#[derive(Clone, Debug, FromRow)]
pub struct EventRow {
    pub id: i64,
    pub timezone: String,
    pub starts_on: String,
    pub ends_on: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub visibility: String,
    pub registration: String,
    pub default_locale: String,
    pub cover: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const EVENT_COLUMNS: &str = "id, timezone, starts_on, ends_on, starts_at, ends_at, visibility, registration, \
     default_locale, cover, created_by, created_at, updated_at";

#[derive(Clone, Debug, FromRow)]
pub struct TextRow {
    pub event_id: i64,
    pub locale: String,
    pub title: String,
    pub description: String,
    pub description_html: String,
}

pub struct EventWrite<'a> {
    pub timezone: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub visibility: &'a str,
    pub registration: &'a str,
    pub default_locale: &'a str,
}

pub async fn insert_event(
    tx: &mut Transaction<'_, Any>,
    write: &EventWrite<'_>,
    created_by: i64,
) -> sqlx::Result<i64> {
    let now = now_ms();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO events (timezone, starts_on, ends_on, starts_at, ends_at, visibility, registration,
                             default_locale, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(write.timezone)
    .bind(write.starts_on)
    .bind(write.ends_on)
    .bind(write.starts_at)
    .bind(write.ends_at)
    .bind(write.visibility)
    .bind(write.registration)
    .bind(write.default_locale)
    .bind(created_by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("INSERT INTO event_organisers (event_id, member_id) VALUES ($1, $2)")
        .bind(id)
        .bind(created_by)
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

pub async fn update_event(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    write: &EventWrite<'_>,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE events SET timezone = $2, starts_on = $3, ends_on = $4, starts_at = $5, ends_at = $6,
                visibility = $7, registration = $8, default_locale = $9, updated_at = $10
         WHERE id = $1",
    )
    .bind(id)
    .bind(write.timezone)
    .bind(write.starts_on)
    .bind(write.ends_on)
    .bind(write.starts_at)
    .bind(write.ends_at)
    .bind(write.visibility)
    .bind(write.registration)
    .bind(write.default_locale)
    .bind(now_ms())
    .execute(&mut **tx)
    .await
    .map(drop)
}

pub async fn set_cover(db: &Db, id: i64, cover: Option<&str>) -> sqlx::Result<()> {
    sqlx::query("UPDATE events SET cover = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(cover)
        .bind(now_ms())
        .execute(&db.pool)
        .await
        .map(drop)
}

/// The event whose cover this blob is.
pub async fn event_with_cover(db: &Db, blob: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM events WHERE cover = $1")
        .bind(blob)
        .fetch_optional(&db.pool)
        .await
}

pub async fn put_text(
    tx: &mut Transaction<'_, Any>,
    event_id: i64,
    locale: &str,
    title: &str,
    description: &str,
    description_html: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO event_texts (event_id, locale, title, description, description_html)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (event_id, locale) DO UPDATE SET title = excluded.title,
            description = excluded.description, description_html = excluded.description_html",
    )
    .bind(event_id)
    .bind(locale)
    .bind(title)
    .bind(description)
    .bind(description_html)
    .execute(&mut **tx)
    .await
    .map(drop)
}

pub async fn delete_text(
    tx: &mut Transaction<'_, Any>,
    event_id: i64,
    locale: &str,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM event_texts WHERE event_id = $1 AND locale = $2")
        .bind(event_id)
        .bind(locale)
        .execute(&mut **tx)
        .await
        .map(drop)
}

pub async fn event(db: &Db, id: i64) -> sqlx::Result<Option<EventRow>> {
    sqlx::query_as(&format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

pub async fn texts(db: &Db, event_id: i64) -> sqlx::Result<Vec<TextRow>> {
    sqlx::query_as(
        "SELECT event_id, locale, title, description, description_html FROM event_texts
         WHERE event_id = $1 ORDER BY locale",
    )
    .bind(event_id)
    .fetch_all(&db.pool)
    .await
}

/// Events a viewer may list, soonest first: those not yet over, then (with `past`) the rest,
/// most recent first.
pub async fn list_events(
    db: &Db,
    members_too: bool,
    past: bool,
    now: i64,
) -> sqlx::Result<Vec<EventRow>> {
    let visibility = if members_too {
        ""
    } else {
        " AND visibility = 'public'"
    };
    let sql = if past {
        format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE ends_at <= $1{visibility} ORDER BY starts_at DESC, id DESC LIMIT 200"
        )
    } else {
        format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE ends_at > $1{visibility} ORDER BY starts_at, id LIMIT 200"
        )
    };
    sqlx::query_as(&sql).bind(now).fetch_all(&db.pool).await
}

pub async fn texts_of(db: &Db, event_ids: &[i64]) -> sqlx::Result<Vec<TextRow>> {
    if event_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = crate::store::Sql::new(
        "SELECT event_id, locale, title, description, description_html FROM event_texts WHERE event_id IN ",
    );
    sql.push_list(event_ids);
    sql.query_as().fetch_all(&db.pool).await
}

#[derive(Clone, Debug, FromRow)]
pub struct PersonRow {
    pub id: i64,
    pub name: String,
}

pub async fn organisers(db: &Db, event_id: i64) -> sqlx::Result<Vec<PersonRow>> {
    sqlx::query_as(
        "SELECT m.id, m.name FROM event_organisers o JOIN members m ON m.id = o.member_id
         WHERE o.event_id = $1 ORDER BY m.sort_name, m.id",
    )
    .bind(event_id)
    .fetch_all(&db.pool)
    .await
}

pub async fn set_organisers(
    tx: &mut Transaction<'_, Any>,
    event_id: i64,
    member_ids: &[i64],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM event_organisers WHERE event_id = $1")
        .bind(event_id)
        .execute(&mut **tx)
        .await?;
    for id in member_ids {
        sqlx::query("INSERT INTO event_organisers (event_id, member_id) VALUES ($1, $2)")
            .bind(event_id)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Ids among `ids` of active members.
pub async fn active_members(db: &Db, ids: &[i64]) -> sqlx::Result<Vec<i64>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql =
        crate::store::Sql::new("SELECT id FROM members WHERE status = 'active' AND id IN ");
    sql.push_list(ids);
    sql.query_scalar().fetch_all(&db.pool).await
}

/// Those of `ids` who are active members with the organiser or admin role.
pub async fn organisers_by_role(db: &Db, ids: &[i64]) -> sqlx::Result<Vec<i64>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = crate::store::Sql::new(
        "SELECT id FROM members WHERE status = 'active' AND role IN ('organiser', 'admin') AND id IN ",
    );
    sql.push_list(ids);
    sql.query_scalar().fetch_all(&db.pool).await
}

/// Active members by id, with their names (in no particular order).
pub async fn active_people(db: &Db, ids: &[i64]) -> sqlx::Result<Vec<PersonRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql =
        crate::store::Sql::new("SELECT id, name FROM members WHERE status = 'active' AND id IN ");
    sql.push_list(ids);
    sql.query_as().fetch_all(&db.pool).await
}

#[derive(Clone, Debug, FromRow)]
pub struct NamedRow {
    pub id: i64,
    pub name: String,
    pub position: i64,
}

pub async fn tracks(db: &Db, event_id: i64) -> sqlx::Result<Vec<NamedRow>> {
    sqlx::query_as(
        "SELECT id, name, position FROM event_tracks WHERE event_id = $1 ORDER BY position, id",
    )
    .bind(event_id)
    .fetch_all(&db.pool)
    .await
}

pub async fn rooms(db: &Db, event_id: i64) -> sqlx::Result<Vec<NamedRow>> {
    sqlx::query_as(
        "SELECT id, name, position FROM event_rooms WHERE event_id = $1 ORDER BY position, id",
    )
    .bind(event_id)
    .fetch_all(&db.pool)
    .await
}

/// The id of the event's track (`table` = "event_tracks") or room (`"event_rooms"`) with this
/// name, created at the end of the list when new. Writes first, so that a SQLite transaction
/// takes the write lock before it reads.
pub async fn named_id(
    tx: &mut Transaction<'_, Any>,
    table: &'static str,
    event_id: i64,
    name: &str,
) -> sqlx::Result<i64> {
    sqlx::query(&format!(
        "INSERT INTO {table} (event_id, name, position)
         VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM {table} WHERE event_id = $1))
         ON CONFLICT (event_id, name) DO NOTHING"
    ))
    .bind(event_id)
    .bind(name)
    .execute(&mut **tx)
    .await?;
    sqlx::query_scalar(&format!(
        "SELECT id FROM {table} WHERE event_id = $1 AND name = $2"
    ))
    .bind(event_id)
    .bind(name)
    .fetch_one(&mut **tx)
    .await
}

/// Takes the event's row lock for the rest of the transaction: cancelling a registration
/// holds it while it frees the member's seats.
pub async fn lock_event(tx: &mut Transaction<'_, Any>, id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE events SET updated_at = updated_at WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() > 0)
}

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

#[derive(Clone, Debug, FromRow)]
pub struct SpeakerRow {
    pub session_id: i64,
    pub member_id: Option<i64>,
    pub name: String,
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
    speakers: &[(Option<i64>, String, String)],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM session_speakers WHERE session_id = $1")
        .bind(session_id)
        .execute(&mut **tx)
        .await?;
    for (position, (member_id, name, bio)) in speakers.iter().enumerate() {
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

#[derive(Clone, Debug, FromRow)]
pub struct QuestionRow {
    pub id: i64,
    pub label: String,
    pub kind: String,
    pub options: String,
    pub required: i64,
}

pub async fn questions(db: &Db, event_id: i64) -> sqlx::Result<Vec<QuestionRow>> {
    sqlx::query_as(
        "SELECT id, label, kind, options, required FROM event_questions WHERE event_id = $1 ORDER BY position, id",
    )
    .bind(event_id)
    .fetch_all(&db.pool)
    .await
}

/// Replaces the questions. Existing answers stay with questions whose id is kept.
pub async fn set_questions(
    tx: &mut Transaction<'_, Any>,
    event_id: i64,
    questions: &[(Option<i64>, String, String, String, bool)],
) -> sqlx::Result<()> {
    let keep: Vec<i64> = questions.iter().filter_map(|q| q.0).collect();
    let mut sql = crate::store::Sql::new("DELETE FROM event_questions WHERE event_id = ");
    sql.push_bind(event_id);
    if !keep.is_empty() {
        sql.push(" AND id NOT IN ").push_list(&keep);
    }
    sql.query().execute(&mut **tx).await?;
    for (position, (id, label, kind, options, required)) in questions.iter().enumerate() {
        let required = i64::from(*required);
        match id {
            Some(id) => {
                sqlx::query(
                    "UPDATE event_questions SET position = $3, label = $4, kind = $5, options = $6, required = $7
                     WHERE id = $1 AND event_id = $2",
                )
                .bind(*id)
                .bind(event_id)
                .bind(position as i64)
                .bind(label)
                .bind(kind)
                .bind(options)
                .bind(required)
                .execute(&mut **tx)
                .await?;
            }
            None => {
                sqlx::query(
                    "INSERT INTO event_questions (event_id, position, label, kind, options, required)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(event_id)
                .bind(position as i64)
                .bind(label)
                .bind(kind)
                .bind(options)
                .bind(required)
                .execute(&mut **tx)
                .await?;
            }
        }
    }
    Ok(())
}

pub async fn is_registered(db: &Db, event_id: i64, member_id: i64) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND member_id = $2",
    )
    .bind(event_id)
    .bind(member_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(n > 0)
}

/// Registers for the event (or updates the answers of an existing registration).
pub async fn register_event(
    tx: &mut Transaction<'_, Any>,
    event_id: i64,
    member_id: i64,
    answers: &[(i64, String)],
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO event_registrations (event_id, member_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (event_id, member_id) DO NOTHING",
    )
    .bind(event_id)
    .bind(member_id)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM event_answers WHERE event_id = $1 AND member_id = $2")
        .bind(event_id)
        .bind(member_id)
        .execute(&mut **tx)
        .await?;
    for (question_id, answer) in answers {
        sqlx::query(
            "INSERT INTO event_answers (event_id, member_id, question_id, answer) VALUES ($1, $2, $3, $4)",
        )
        .bind(event_id)
        .bind(member_id)
        .bind(question_id)
        .bind(answer)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub async fn unregister_event(
    tx: &mut Transaction<'_, Any>,
    event_id: i64,
    member_id: i64,
) -> sqlx::Result<bool> {
    let done =
        sqlx::query("DELETE FROM event_registrations WHERE event_id = $1 AND member_id = $2")
            .bind(event_id)
            .bind(member_id)
            .execute(&mut **tx)
            .await?;
    Ok(done.rows_affected() > 0)
}

/// The member's seat in a session, if any (inside a transaction).
pub async fn seat(
    tx: &mut Transaction<'_, Any>,
    session_id: i64,
    member_id: i64,
) -> sqlx::Result<Option<SeatStatus>> {
    let status: Option<String> = sqlx::query_scalar(
        "SELECT status FROM session_registrations WHERE session_id = $1 AND member_id = $2",
    )
    .bind(session_id)
    .bind(member_id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(status.as_deref().map(SeatStatus::from_db))
}

pub async fn insert_seat(
    tx: &mut Transaction<'_, Any>,
    session_id: i64,
    member_id: i64,
    status: SeatStatus,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO session_registrations (session_id, member_id, status, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(session_id)
    .bind(member_id)
    .bind(status.as_str())
    .bind(now_ms())
    .execute(&mut **tx)
    .await
    .map(drop)
}

pub async fn delete_seat(
    tx: &mut Transaction<'_, Any>,
    session_id: i64,
    member_id: i64,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM session_registrations WHERE session_id = $1 AND member_id = $2")
        .bind(session_id)
        .bind(member_id)
        .execute(&mut **tx)
        .await
        .map(drop)
}

/// Moves the first `n` of the waiting list up; returns who moved.
pub async fn promote(
    tx: &mut Transaction<'_, Any>,
    session_id: i64,
    n: i64,
) -> sqlx::Result<Vec<i64>> {
    if n <= 0 {
        return Ok(Vec::new());
    }
    let ids: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, member_id FROM session_registrations WHERE session_id = $1 AND status = 'waiting'
         ORDER BY id LIMIT $2",
    )
    .bind(session_id)
    .bind(n)
    .fetch_all(&mut **tx)
    .await?;
    for (id, _) in &ids {
        sqlx::query("UPDATE session_registrations SET status = 'registered' WHERE id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(ids.into_iter().map(|(_, m)| m).collect())
}

/// Session ids in `event_id` where the member holds a seat or waits.
pub async fn seats_in_event(
    tx: &mut Transaction<'_, Any>,
    event_id: i64,
    member_id: i64,
) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT r.session_id FROM session_registrations r JOIN event_sessions s ON s.id = r.session_id
         WHERE s.event_id = $1 AND r.member_id = $2",
    )
    .bind(event_id)
    .bind(member_id)
    .fetch_all(&mut **tx)
    .await
}

/// The member's seats in one event: (session id, status).
pub async fn my_seats(db: &Db, event_id: i64, member_id: i64) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT r.session_id, r.status FROM session_registrations r JOIN event_sessions s ON s.id = r.session_id
         WHERE s.event_id = $1 AND r.member_id = $2",
    )
    .bind(event_id)
    .bind(member_id)
    .fetch_all(&db.pool)
    .await
}

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

#[derive(Clone, Debug, FromRow)]
pub struct ParticipantRow {
    pub member_id: i64,
    pub name: String,
    /// Filled by `people::participants` with what the viewer may see; never the login address.
    #[sqlx(skip)]
    pub email: String,
    pub position: String,
    pub organisation: Option<String>,
    pub country: Option<String>,
    pub registered_at: i64,
}

pub async fn participants(db: &Db, event_id: i64) -> sqlx::Result<Vec<ParticipantRow>> {
    sqlx::query_as(
        "SELECT m.id AS member_id, m.name, m.position, o.name AS organisation, m.country,
                r.created_at AS registered_at
         FROM event_registrations r JOIN members m ON m.id = r.member_id
         LEFT JOIN organisations o ON o.id = m.organisation_id
         WHERE r.event_id = $1 ORDER BY m.sort_name, m.id",
    )
    .bind(event_id)
    .fetch_all(&db.pool)
    .await
}

/// (member id, question id, answer) for every registration of the event.
pub async fn answers(db: &Db, event_id: i64) -> sqlx::Result<Vec<(i64, i64, String)>> {
    sqlx::query_as("SELECT member_id, question_id, answer FROM event_answers WHERE event_id = $1")
        .bind(event_id)
        .fetch_all(&db.pool)
        .await
}

#[derive(Clone, Debug, FromRow)]
pub struct SeatRow {
    pub session_id: i64,
    pub member_id: i64,
    pub name: String,
    pub status: String,
}

/// Every session registration of the event, by session and place in the queue.
pub async fn seats_of_event(db: &Db, event_id: i64) -> sqlx::Result<Vec<SeatRow>> {
    sqlx::query_as(
        "SELECT r.session_id, r.member_id, m.name, r.status
         FROM session_registrations r JOIN event_sessions s ON s.id = r.session_id
         JOIN members m ON m.id = r.member_id
         WHERE s.event_id = $1 ORDER BY r.session_id, r.id",
    )
    .bind(event_id)
    .fetch_all(&db.pool)
    .await
}

/// Members registered for the event and still active.
pub async fn participant_ids(db: &Db, event_id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT r.member_id FROM event_registrations r JOIN members m ON m.id = r.member_id
         WHERE r.event_id = $1 AND m.status = 'active'",
    )
    .bind(event_id)
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
