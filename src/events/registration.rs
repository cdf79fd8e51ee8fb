//! Registering for an event (with its questions) and for sessions' seats, with waiting
//! lists that move up.

use std::collections::HashMap;

use super::model::SeatStatus;
use crate::state::AppState;
use crate::store::now_ms;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

use super::editing::join_event_channel;
use super::sessions::notify_seats;
use super::*;

/// Registers the member for the event with answers to its questions (question id → answer);
/// registering again updates the answers. Returns whether the registration is new.
pub async fn register(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
    answers: &HashMap<i64, String>,
) -> Result<bool, AppError> {
    let schedule = visible(state, Some(member), event_id).await?;
    let already = db::is_registered(&state.db, event_id, member.id).await?;
    if !already && !schedule.registration_open() {
        return Err(AppError::conflict("registration_closed"));
    }
    if !already && schedule.event.ends_at <= now_ms() {
        return Err(AppError::conflict("event_over"));
    }
    let parsed = model::parse_answers(&schedule.questions, answers)?;
    let mut tx = state.db.pool.begin().await?;
    db::register_event(&mut tx, event_id, member.id, &parsed).await?;
    tx.commit().await?;
    join_event_channel(state, &schedule, member.id).await?;
    Ok(!already)
}

/// Cancels the member's registration for the event and their seats in its sessions.
pub async fn unregister(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
) -> Result<(), AppError> {
    let schedule = visible(state, Some(member), event_id).await?;
    let mut tx = state.db.pool.begin().await?;
    db::lock_event(&mut tx, event_id).await?;
    let mut seats = db::seats_in_event(&mut tx, event_id, member.id).await?;
    seats.sort_unstable(); // lock in one order: no deadlock with another cancelling member
    let mut promoted = Vec::new();
    for session_id in seats {
        let moved = release_seat(&mut tx, session_id, member.id)
            .await?
            .unwrap_or_default();
        promoted.push((session_id, moved));
    }
    let existed = db::unregister_event(&mut tx, event_id, member.id).await?;
    tx.commit().await?;
    if !existed {
        return Err(AppError::not_found());
    }
    changed(state, event_id).await?;
    if !schedule.is_organiser(member) {
        let channel = event_channel(state, &schedule).await?;
        crate::chat::remove_context_member(state, channel, member.id).await?;
    }
    for (session_id, members) in promoted {
        let title = schedule
            .session(session_id)
            .map(|s| s.row.title.as_str())
            .unwrap_or("");
        notify_seats(state, &members, session_id, title).await?;
    }
    Ok(())
}

/// Frees the member's seat (or place in the queue), taking the session's lock first; returns
/// who moved up, or `None` when the member held nothing.
async fn release_seat(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    session_id: i64,
    member_id: i64,
) -> Result<Option<Vec<i64>>, AppError> {
    let capacity = db::lock_session(tx, session_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let Some(status) = db::seat(tx, session_id, member_id).await? else {
        return Ok(None);
    };
    db::delete_seat(tx, session_id, member_id).await?;
    if status != SeatStatus::Registered {
        return Ok(Some(Vec::new()));
    }
    let taken = db::seats_taken(tx, session_id).await?;
    let free = capacity.map_or(i64::MAX, |c| c - taken);
    Ok(Some(db::promote(tx, session_id, free).await?))
}

/// What a registration for a session gave.
#[derive(Clone, Copy, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Seat {
    pub status: SeatStatus,
    /// Place on the waiting list (1 = next), when waiting.
    pub waiting_position: Option<i64>,
    /// False when the member already held this seat or place.
    pub new: bool,
}

/// Takes a seat in a session, or a place on its waiting list when it is full. Registers for
/// the event too when it asks no required questions.
pub async fn take_seat(
    state: &AppState,
    member: &CurrentMember,
    session_id: i64,
) -> Result<Seat, AppError> {
    let schedule = session_event(state, Some(member), session_id).await?;
    let session = schedule
        .session(session_id)
        .ok_or_else(AppError::not_found)?;
    if session.row.ends_at <= now_ms() {
        return Err(AppError::conflict("session_over"));
    }
    let event_id = schedule.event.id;
    let registered = db::is_registered(&state.db, event_id, member.id).await?;
    if !registered {
        if !schedule.registration_open() {
            return Err(AppError::conflict("registration_closed"));
        }
        if schedule.has_required_questions() {
            return Err(AppError::conflict("event_registration_required"));
        }
    }
    let mut tx = state.db.pool.begin().await?;
    let capacity = db::lock_session(&mut tx, session_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if !registered {
        db::register_event(&mut tx, event_id, member.id, &[]).await?;
    }
    let (status, new) = match db::seat(&mut tx, session_id, member.id).await? {
        Some(status) => (status, false),
        None => {
            let taken = db::seats_taken(&mut tx, session_id).await?;
            let status = match capacity {
                Some(c) if taken >= c => SeatStatus::Waiting,
                _ => SeatStatus::Registered,
            };
            db::insert_seat(&mut tx, session_id, member.id, status).await?;
            (status, true)
        }
    };
    let waiting_position = if status == SeatStatus::Waiting {
        Some(
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM session_registrations WHERE session_id = $1 AND status = 'waiting'
                 AND id <= (SELECT id FROM session_registrations WHERE session_id = $1 AND member_id = $2)",
            )
            .bind(session_id)
            .bind(member.id)
            .fetch_one(&mut *tx)
            .await?,
        )
    } else {
        None
    };
    tx.commit().await?;
    changed(state, event_id).await?;
    if !registered {
        join_event_channel(state, &schedule, member.id).await?;
    }
    Ok(Seat {
        status,
        waiting_position,
        new,
    })
}

/// Gives up a seat or a place on the waiting list.
pub async fn leave_seat(
    state: &AppState,
    member: &CurrentMember,
    session_id: i64,
) -> Result<i64, AppError> {
    let schedule = session_event(state, Some(member), session_id).await?;
    let mut tx = state.db.pool.begin().await?;
    let released = release_seat(&mut tx, session_id, member.id).await?;
    tx.commit().await?;
    let Some(promoted) = released else {
        return Err(AppError::not_found());
    };
    changed(state, schedule.event.id).await?;
    let title = schedule
        .session(session_id)
        .map(|s| s.row.title.as_str())
        .unwrap_or("");
    notify_seats(state, &promoted, session_id, title).await?;
    Ok(schedule.event.id)
}
