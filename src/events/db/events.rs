//! Queries of events: their rows and texts, listing, organisers and the people picked by
//! id, tracks and rooms, and the event's row lock.

use sqlx::{Any, FromRow, Transaction};

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
