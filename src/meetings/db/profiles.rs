//! Queries of settings, profiles, availability and marks.

use sqlx::FromRow;

use crate::meetings::model::{Profile, Settings};
use crate::store::{Db, Sql, now_ms};

#[derive(Clone, Debug, FromRow)]
pub struct SettingsRow {
    pub event_id: i64,
    pub enabled: i64,
    pub meeting_minutes: i64,
    pub break_minutes: i64,
    pub windows: String,
    pub max_meetings: i64,
    pub rule: String,
    pub group_a: String,
    pub group_b: String,
    pub request_deadline: Option<i64>,
    pub request_ttl_minutes: Option<i64>,
    pub max_pending: i64,
    pub mode: String,
    pub room_kind: String,
    pub room_base: String,
    pub jitsi_app_id: String,
    pub jitsi_secret: String,
    pub published_at: Option<i64>,
    pub draft_quality: String,
}

const SETTINGS: &str = "SELECT event_id, enabled, meeting_minutes, break_minutes, windows, max_meetings, rule, group_a, group_b,
        request_deadline, request_ttl_minutes, max_pending, mode, room_kind, room_base, jitsi_app_id, jitsi_secret, published_at, draft_quality
     FROM b2b_settings";

pub async fn settings(db: &Db, event_id: i64) -> sqlx::Result<Option<SettingsRow>> {
    sqlx::query_as(&format!("{SETTINGS} WHERE event_id = $1"))
        .bind(event_id)
        .fetch_optional(&db.pool)
        .await
}

pub async fn put_settings(db: &Db, event_id: i64, s: &Settings) -> sqlx::Result<()> {
    let windows = serde_json::to_string(&s.windows).unwrap_or_else(|_| "[]".into());
    sqlx::query(
        "INSERT INTO b2b_settings (event_id, enabled, meeting_minutes, break_minutes, windows, max_meetings, rule, group_a, group_b,
             request_deadline, request_ttl_minutes, max_pending, mode, room_kind, room_base, jitsi_app_id, jitsi_secret, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
         ON CONFLICT (event_id) DO UPDATE SET enabled = $2, meeting_minutes = $3, break_minutes = $4, windows = $5,
             max_meetings = $6, rule = $7, group_a = $8, group_b = $9, request_deadline = $10, request_ttl_minutes = $11,
             max_pending = $12, mode = $13, room_kind = $14, room_base = $15, jitsi_app_id = $16, jitsi_secret = $17, updated_at = $18",
    )
    .bind(event_id)
    .bind(i64::from(s.enabled))
    .bind(s.meeting_minutes)
    .bind(s.break_minutes)
    .bind(windows)
    .bind(s.max_meetings)
    .bind(s.rule.as_str())
    .bind(&s.group_a)
    .bind(&s.group_b)
    .bind(s.request_deadline)
    .bind(s.request_ttl_minutes)
    .bind(s.max_pending)
    .bind(s.mode.as_str())
    .bind(s.room_kind.as_str())
    .bind(&s.room_base)
    .bind(&s.jitsi_app_id)
    .bind(&s.jitsi_secret)
    .bind(now_ms())
    .execute(&db.pool)
    .await
    .map(drop)
}

pub async fn set_draft_quality(db: &Db, event_id: i64, quality: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE b2b_settings SET draft_quality = $2 WHERE event_id = $1")
        .bind(event_id)
        .bind(quality)
        .execute(&db.pool)
        .await
        .map(drop)
}

pub async fn set_published(db: &Db, event_id: i64, at: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE b2b_settings SET published_at = $2 WHERE event_id = $1")
        .bind(event_id)
        .bind(at)
        .execute(&db.pool)
        .await
        .map(drop)
}

#[derive(Clone, Debug, FromRow)]
pub struct ProfileRow {
    pub event_id: i64,
    pub member_id: i64,
    pub name: String,
    pub timezone: String,
    pub organisation: String,
    pub pitch: String,
    pub languages: String,
    pub side: String,
    pub availability_set: i64,
    pub updated_at: i64,
}

const PROFILES: &str = "SELECT p.event_id, p.member_id, m.name, m.timezone, p.organisation, p.pitch, p.languages, p.side,
        p.availability_set, p.updated_at
     FROM b2b_profiles p JOIN members m ON m.id = p.member_id";

pub async fn profile(db: &Db, event_id: i64, member_id: i64) -> sqlx::Result<Option<ProfileRow>> {
    sqlx::query_as(&format!(
        "{PROFILES} WHERE p.event_id = $1 AND p.member_id = $2"
    ))
    .bind(event_id)
    .bind(member_id)
    .fetch_optional(&db.pool)
    .await
}

/// Profiles of active members, by name; `ids` narrows to those members.
pub async fn profiles(
    db: &Db,
    event_id: i64,
    ids: Option<&[i64]>,
) -> sqlx::Result<Vec<ProfileRow>> {
    let mut sql = Sql::new(PROFILES);
    sql.push(" WHERE m.status = 'active' AND p.event_id = ")
        .push_bind(event_id);
    if let Some(ids) = ids {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        sql.push(" AND p.member_id IN ").push_list(ids);
    }
    sql.push(" ORDER BY m.name, p.member_id");
    sql.query_as().fetch_all(&db.pool).await
}

/// Stores a profile with its items and search words, replacing the previous one.
pub async fn put_profile(
    db: &Db,
    event_id: i64,
    member_id: i64,
    profile: &Profile,
    terms: &[String],
) -> sqlx::Result<bool> {
    let now = now_ms();
    let mut tx = db.pool.begin().await?;
    let existed: Option<i64> = sqlx::query_scalar(
        "SELECT member_id FROM b2b_profiles WHERE event_id = $1 AND member_id = $2",
    )
    .bind(event_id)
    .bind(member_id)
    .fetch_optional(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO b2b_profiles (event_id, member_id, organisation, pitch, languages, side, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
         ON CONFLICT (event_id, member_id) DO UPDATE SET organisation = $3, pitch = $4, languages = $5, side = $6, updated_at = $7",
    )
    .bind(event_id)
    .bind(member_id)
    .bind(&profile.organisation)
    .bind(&profile.pitch)
    .bind(profile.languages.join(" "))
    .bind(&profile.side)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    for table in ["b2b_items", "b2b_terms"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE event_id = $1 AND member_id = $2"
        ))
        .bind(event_id)
        .bind(member_id)
        .execute(&mut *tx)
        .await?;
    }
    for (position, item) in profile.items.iter().enumerate() {
        sqlx::query(
            "INSERT INTO b2b_items (event_id, member_id, position, direction, kind, title, description, topics, countries)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(event_id)
        .bind(member_id)
        .bind(position as i64)
        .bind(item.direction.as_str())
        .bind(item.kind.as_str())
        .bind(&item.title)
        .bind(&item.description)
        .bind(item.topics.join(" "))
        .bind(item.countries.join(" "))
        .execute(&mut *tx)
        .await?;
    }
    for term in terms {
        sqlx::query("INSERT INTO b2b_terms (event_id, term, member_id) VALUES ($1, $2, $3)")
            .bind(event_id)
            .bind(term)
            .bind(member_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(existed.is_none())
}

#[derive(Clone, Debug, FromRow)]
pub struct ItemRow {
    pub member_id: i64,
    pub direction: String,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub topics: String,
    pub countries: String,
}

pub async fn items(db: &Db, event_id: i64, ids: Option<&[i64]>) -> sqlx::Result<Vec<ItemRow>> {
    let mut sql = Sql::new(
        "SELECT member_id, direction, kind, title, description, topics, countries FROM b2b_items WHERE event_id = ",
    );
    sql.push_bind(event_id);
    if let Some(ids) = ids {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        sql.push(" AND member_id IN ").push_list(ids);
    }
    sql.push(" ORDER BY member_id, position");
    sql.query_as().fetch_all(&db.pool).await
}

/// Members whose profile has a word starting with each of `prefixes` (all must match).
pub async fn search_terms(db: &Db, event_id: i64, prefixes: &[String]) -> sqlx::Result<Vec<i64>> {
    let mut found: Option<Vec<i64>> = None;
    for prefix in prefixes {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT member_id FROM b2b_terms WHERE event_id = $1 AND term >= $2 AND term < $3",
        )
        .bind(event_id)
        .bind(prefix)
        .bind(crate::store::prefix_end(prefix))
        .fetch_all(&db.pool)
        .await?;
        found = Some(match found {
            None => ids,
            Some(before) => before.into_iter().filter(|id| ids.contains(id)).collect(),
        });
    }
    Ok(found.unwrap_or_default())
}

/// Slot starts the member marked available.
pub async fn availability(db: &Db, event_id: i64, member_id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT starts_at FROM b2b_availability WHERE event_id = $1 AND member_id = $2 ORDER BY starts_at",
    )
    .bind(event_id)
    .bind(member_id)
    .fetch_all(&db.pool)
    .await
}

/// Every (member, slot start) of the event's availability.
pub async fn all_availability(db: &Db, event_id: i64) -> sqlx::Result<Vec<(i64, i64)>> {
    sqlx::query_as("SELECT member_id, starts_at FROM b2b_availability WHERE event_id = $1")
        .bind(event_id)
        .fetch_all(&db.pool)
        .await
}

pub async fn put_availability(
    db: &Db,
    event_id: i64,
    member_id: i64,
    starts: &[i64],
) -> sqlx::Result<()> {
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM b2b_availability WHERE event_id = $1 AND member_id = $2")
        .bind(event_id)
        .bind(member_id)
        .execute(&mut *tx)
        .await?;
    for start in starts {
        sqlx::query(
            "INSERT INTO b2b_availability (event_id, member_id, starts_at) VALUES ($1, $2, $3)",
        )
        .bind(event_id)
        .bind(member_id)
        .bind(start)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "UPDATE b2b_profiles SET availability_set = 1, updated_at = $3 WHERE event_id = $1 AND member_id = $2",
    )
    .bind(event_id)
    .bind(member_id)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// What `member_id` said about others: (other, kind).
pub async fn preferences(
    db: &Db,
    event_id: i64,
    member_id: i64,
) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT other_id, kind FROM b2b_preferences WHERE event_id = $1 AND member_id = $2",
    )
    .bind(event_id)
    .bind(member_id)
    .fetch_all(&db.pool)
    .await
}

/// Every mark of the event: (member, other, kind).
pub async fn all_preferences(db: &Db, event_id: i64) -> sqlx::Result<Vec<(i64, i64, String)>> {
    sqlx::query_as("SELECT member_id, other_id, kind FROM b2b_preferences WHERE event_id = $1")
        .bind(event_id)
        .fetch_all(&db.pool)
        .await
}

/// Whether either of the two said "no thanks" to the other.
pub async fn vetoed(db: &Db, event_id: i64, a: i64, b: i64) -> sqlx::Result<bool> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM b2b_preferences WHERE event_id = $1 AND kind = 'no_thanks'
           AND ((member_id = $2 AND other_id = $3) OR (member_id = $3 AND other_id = $2))",
    )
    .bind(event_id)
    .bind(a)
    .bind(b)
    .fetch_one(&db.pool)
    .await?;
    Ok(count > 0)
}

pub async fn put_preference(
    db: &Db,
    event_id: i64,
    member_id: i64,
    other_id: i64,
    kind: Option<&str>,
) -> sqlx::Result<()> {
    match kind {
        None => sqlx::query(
            "DELETE FROM b2b_preferences WHERE event_id = $1 AND member_id = $2 AND other_id = $3",
        )
        .bind(event_id)
        .bind(member_id)
        .bind(other_id)
        .execute(&db.pool)
        .await
        .map(drop),
        Some(kind) => sqlx::query(
            "INSERT INTO b2b_preferences (event_id, member_id, other_id, kind) VALUES ($1, $2, $3, $4)
             ON CONFLICT (event_id, member_id, other_id) DO UPDATE SET kind = $4",
        )
        .bind(event_id)
        .bind(member_id)
        .bind(other_id)
        .bind(kind)
        .execute(&db.pool)
        .await
        .map(drop),
    }
}
