//! Sessions of an event: parsing the form or the API body (speakers, materials, seats),
//! adding, changing and deleting them, and telling those registered.

use jiff::Timestamp;

use super::model::{
    SessionKind, parse_capacity, parse_description, parse_https_url, parse_languages,
    parse_optional_url, parse_title,
};
use crate::notifications::{self, Kind};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

use super::*;

#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct SpeakerInput {
    /// A member who speaks …
    pub member_id: Option<i64>,
    /// … or a guest, by name, with a short bio.
    pub name: Option<String>,
    pub bio: Option<String>,
}

#[derive(Clone, Debug, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct MaterialInput {
    pub title: String,
    /// An https link (a library document's page, slides, a report).
    pub url: String,
}

/// `Some(None)` for an explicit `null` (clear), `None` when the field is left out.
fn double_option<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(d).map(Some)
}

/// A session to add, or changes to one (fields left out stay as they are).
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct SessionInput {
    pub title: Option<String>,
    /// Markdown.
    pub description: Option<String>,
    pub kind: Option<SessionKind>,
    /// A track by name (created when new); empty for none.
    pub track: Option<String>,
    /// A room by name (created when new); empty for none.
    pub room: Option<String>,
    /// RFC 3339 with offset, or a local `YYYY-MM-DDTHH:MM` in the event's zone.
    pub starts_at: Option<String>,
    pub ends_at: Option<String>,
    /// Spoken languages (ISO 639-1).
    pub languages: Option<Vec<String>>,
    /// Languages interpreted into.
    pub interpretation: Option<Vec<String>>,
    /// The virtual room: an https link.
    pub join_url: Option<String>,
    /// The recording, afterwards: an https link.
    pub recording_url: Option<String>,
    /// Seats; `null` for unlimited.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub capacity: Option<Option<i64>>,
    pub speakers: Option<Vec<SpeakerInput>>,
    pub materials: Option<Vec<MaterialInput>>,
}

struct ParsedSession {
    kind: SessionKind,
    title: String,
    description: String,
    description_html: String,
    track: String,
    room: String,
    starts_at: i64,
    ends_at: i64,
    languages: String,
    interpretation: String,
    join_url: String,
    recording_url: String,
    capacity: Option<i64>,
    speakers: Option<Vec<(Option<i64>, String, String)>>,
    materials: Option<Vec<(String, String)>>,
}

async fn parse_session(
    state: &AppState,
    schedule: &Schedule,
    current: Option<&SessionFull>,
    input: SessionInput,
) -> Result<ParsedSession, AppError> {
    let cur = current.map(|c| &c.row);
    let title = match (&input.title, cur) {
        (Some(t), _) => parse_title(t, "title", model::TITLE_MAX)?,
        (None, Some(c)) => c.title.clone(),
        (None, None) => return Err(AppError::invalid("title", "field_required")),
    };
    let (description, description_html) = match (&input.description, cur) {
        (Some(d), _) => parse_description(d, "description")?,
        (None, Some(c)) => (c.description.clone(), c.description_html.clone()),
        (None, None) => (String::new(), String::new()),
    };
    let kind = input
        .kind
        .or_else(|| cur.map(|c| SessionKind::from_db(&c.kind)))
        .unwrap_or(SessionKind::Talk);
    let name = |new: &Option<String>, old: Option<&str>, field| -> Result<String, AppError> {
        match new {
            Some(n) if n.trim().is_empty() => Ok(String::new()),
            Some(n) => parse_title(n, field, model::NAME_MAX),
            None => Ok(old.unwrap_or_default().to_string()),
        }
    };
    let track = name(
        &input.track,
        cur.and_then(|c| schedule.track_name(c.track_id)),
        "track",
    )?;
    let room = name(
        &input.room,
        cur.and_then(|c| schedule.room_name(c.room_id)),
        "room",
    )?;
    let instant = |new: &Option<String>, old: Option<i64>, field| -> Result<i64, AppError> {
        match (new, old) {
            (Some(v), _) => Ok(model::parse_instant(v, &schedule.zone, field)?.as_millisecond()),
            (None, Some(old)) => Ok(old),
            (None, None) => Err(AppError::invalid(field, "field_required")),
        }
    };
    let starts_at = instant(&input.starts_at, cur.map(|c| c.starts_at), "starts_at")?;
    let ends_at = instant(&input.ends_at, cur.map(|c| c.ends_at), "ends_at")?;
    let ts = |ms| Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH);
    model::check_session_times(
        ts(starts_at),
        ts(ends_at),
        (ts(schedule.event.starts_at), ts(schedule.event.ends_at)),
    )?;
    let list =
        |new: &Option<Vec<String>>, old: Option<&String>, field| -> Result<String, AppError> {
            match new {
                Some(codes) => Ok(parse_languages(codes, field)?.join(",")),
                None => Ok(old.cloned().unwrap_or_default()),
            }
        };
    let languages = list(&input.languages, cur.map(|c| &c.languages), "languages")?;
    let interpretation = list(
        &input.interpretation,
        cur.map(|c| &c.interpretation),
        "interpretation",
    )?;
    let url = |new: &Option<String>, old: Option<&String>, field| -> Result<String, AppError> {
        match new {
            Some(v) => parse_optional_url(v, field),
            None => Ok(old.cloned().unwrap_or_default()),
        }
    };
    let join_url = url(&input.join_url, cur.map(|c| &c.join_url), "join_url")?;
    let recording_url = url(
        &input.recording_url,
        cur.map(|c| &c.recording_url),
        "recording_url",
    )?;
    let capacity = match input.capacity {
        Some(value) => parse_capacity(value)?,
        None => cur.and_then(|c| c.capacity),
    };
    let speakers = match input.speakers {
        Some(list) => Some(parse_speakers(state, &list).await?),
        None => None,
    };
    let materials = match input.materials {
        Some(list) => {
            if list.len() > model::MATERIALS_MAX {
                return Err(AppError::invalid("materials", "too_many_items"));
            }
            let mut out = Vec::new();
            for m in list {
                out.push((
                    parse_title(&m.title, "materials", model::TITLE_MAX)?,
                    parse_https_url(&m.url, "materials")?,
                ));
            }
            Some(out)
        }
        None => None,
    };
    Ok(ParsedSession {
        kind,
        title,
        description,
        description_html,
        track,
        room,
        starts_at,
        ends_at,
        languages,
        interpretation,
        join_url,
        recording_url,
        capacity,
        speakers,
        materials,
    })
}

async fn parse_speakers(
    state: &AppState,
    list: &[SpeakerInput],
) -> Result<Vec<(Option<i64>, String, String)>, AppError> {
    if list.len() > model::SPEAKERS_MAX {
        return Err(AppError::invalid("speakers", "too_many_items"));
    }
    let member_ids: Vec<i64> = list.iter().filter_map(|s| s.member_id).collect();
    let active = db::active_members(&state.db, &member_ids).await?;
    let mut out = Vec::new();
    for speaker in list {
        let bio = match &speaker.bio {
            Some(b) if !b.trim().is_empty() => {
                let b = b.trim();
                if b.chars().count() > 1_000 {
                    return Err(AppError::invalid("speakers", "text_too_long"));
                }
                b.to_string()
            }
            _ => String::new(),
        };
        match (speaker.member_id, &speaker.name) {
            (Some(id), _) => {
                if !active.contains(&id) {
                    return Err(AppError::invalid("speakers", "member_unknown"));
                }
                out.push((Some(id), String::new(), bio));
            }
            (None, Some(name)) => {
                out.push((None, parse_title(name, "speakers", model::NAME_MAX)?, bio));
            }
            (None, None) => return Err(AppError::invalid("speakers", "field_required")),
        }
    }
    Ok(out)
}

async fn session_write_ids(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    event_id: i64,
    parsed: &ParsedSession,
) -> Result<(Option<i64>, Option<i64>), AppError> {
    let track = if parsed.track.is_empty() {
        None
    } else {
        Some(db::named_id(tx, "event_tracks", event_id, &parsed.track).await?)
    };
    let room = if parsed.room.is_empty() {
        None
    } else {
        Some(db::named_id(tx, "event_rooms", event_id, &parsed.room).await?)
    };
    Ok((track, room))
}

fn session_write<'a>(
    parsed: &'a ParsedSession,
    ids: (Option<i64>, Option<i64>),
) -> db::SessionWrite<'a> {
    db::SessionWrite {
        track_id: ids.0,
        room_id: ids.1,
        kind: parsed.kind.as_str(),
        title: &parsed.title,
        description: &parsed.description,
        description_html: &parsed.description_html,
        starts_at: parsed.starts_at,
        ends_at: parsed.ends_at,
        languages: &parsed.languages,
        interpretation: &parsed.interpretation,
        join_url: &parsed.join_url,
        recording_url: &parsed.recording_url,
        capacity: parsed.capacity,
    }
}

/// Adds a session to an event; only its organisers may.
pub async fn add_session(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
    input: SessionInput,
) -> Result<i64, AppError> {
    let schedule = organised(state, member, event_id).await?;
    let parsed = parse_session(state, &schedule, None, input).await?;
    let mut tx = state.db.pool.begin().await?;
    let ids = session_write_ids(&mut tx, event_id, &parsed).await?;
    let id = db::insert_session(&mut tx, event_id, &session_write(&parsed, ids)).await?;
    if let Some(speakers) = &parsed.speakers {
        db::set_speakers(&mut tx, id, speakers).await?;
    }
    if let Some(materials) = &parsed.materials {
        db::set_materials(&mut tx, id, materials).await?;
    }
    tx.commit().await?;
    changed(state, event_id);
    Ok(id)
}

/// Changes a session. A capacity below the seats already taken is refused; a larger one
/// moves the waiting list up.
pub async fn update_session(
    state: &AppState,
    member: &CurrentMember,
    session_id: i64,
    input: SessionInput,
) -> Result<i64, AppError> {
    let schedule = organised_session(state, member, session_id).await?;
    let current = schedule
        .session(session_id)
        .ok_or_else(AppError::not_found)?;
    let parsed = parse_session(state, &schedule, Some(current), input).await?;
    let mut tx = state.db.pool.begin().await?;
    db::lock_session(&mut tx, session_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let taken = db::seats_taken(&mut tx, session_id).await?;
    if parsed.capacity.is_some_and(|c| c < taken) {
        return Err(AppError::invalid(
            "capacity",
            "capacity_below_registrations",
        ));
    }
    let ids = session_write_ids(&mut tx, schedule.event.id, &parsed).await?;
    db::update_session(&mut tx, session_id, &session_write(&parsed, ids)).await?;
    if let Some(speakers) = &parsed.speakers {
        db::set_speakers(&mut tx, session_id, speakers).await?;
    }
    if let Some(materials) = &parsed.materials {
        db::set_materials(&mut tx, session_id, materials).await?;
    }
    let free = parsed.capacity.map_or(i64::MAX, |c| c - taken);
    let promoted = db::promote(&mut tx, session_id, free).await?;
    tx.commit().await?;
    changed(state, schedule.event.id);
    notify_seats(state, &promoted, session_id, &parsed.title).await?;
    Ok(schedule.event.id)
}

/// Deletes a session; those registered hear of it.
pub async fn delete_session(
    state: &AppState,
    member: &CurrentMember,
    session_id: i64,
) -> Result<i64, AppError> {
    let schedule = organised_session(state, member, session_id).await?;
    let title = schedule
        .session(session_id)
        .map(|s| s.row.title.clone())
        .unwrap_or_default();
    let holders: Vec<i64> =
        sqlx::query_scalar("SELECT member_id FROM session_registrations WHERE session_id = $1")
            .bind(session_id)
            .fetch_all(&state.db.pool)
            .await?;
    db::delete_session(&state.db, session_id).await?;
    changed(state, schedule.event.id);
    let link = format!("/events/{}", schedule.event.id);
    for id in holders {
        notifications::notify_about(
            state,
            id,
            Kind::SessionCancelled,
            Some(member.id),
            &link,
            &title,
            None,
        )
        .await?;
    }
    Ok(schedule.event.id)
}

pub(super) async fn notify_seats(
    state: &AppState,
    members: &[i64],
    session_id: i64,
    title: &str,
) -> Result<(), AppError> {
    let link = format!("/sessions/{session_id}");
    for id in members {
        notifications::notify_about(state, *id, Kind::SeatConfirmed, None, &link, title, None)
            .await?;
    }
    Ok(())
}
