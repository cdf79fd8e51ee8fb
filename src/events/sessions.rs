//! Sessions of an event: adding, changing and deleting them, and telling those registered.
//! The form or API body is parsed in `model/session.rs`; the lookups that parsing needs (which
//! speakers are active members, the ids of tracks and rooms) are made here.

use super::model::{ParsedSession, speaker_members};
use crate::notifications::{self, Kind};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

use super::*;

/// Parses `input` (see [`model::parse_session`]) after looking up which of the member
/// speakers are active. A list of too many speakers is not looked up: parsing refuses it.
async fn parse_session(
    state: &AppState,
    schedule: &Schedule,
    current: Option<&SessionFull>,
    input: SessionInput,
) -> Result<ParsedSession, AppError> {
    let active = match &input.speakers {
        Some(list) if list.len() <= model::SPEAKERS_MAX => {
            db::active_members(&state.db, &speaker_members(list)).await?
        }
        _ => Vec::new(),
    };
    model::parse_session(schedule, current.map(|c| &c.row), input, &active)
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
    changed(state, event_id).await?;
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
    changed(state, schedule.event.id).await?;
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
    changed(state, schedule.event.id).await?;
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
