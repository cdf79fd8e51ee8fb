//! Meetings once booked: the member's list, moving (the other side confirms; organisers move
//! directly), locking, cancelling, joining the room in its window, feedback afterwards, and
//! the reminder before each meeting.

use std::time::Duration;

use serde::Deserialize;
use utoipa::ToSchema;

use super::db::{self, Booked, FeedbackRow, MeetingRow};
use super::model::{self, MeetingState, Slot};
use super::programme::Programme;
use super::{About, access, notify, profiles, rooms};
use crate::notifications::Kind;
use crate::state::AppState;
use crate::store::now_ms;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// The member's meetings (all events) that end after `since`, scheduled and cancelled.
pub async fn mine(
    state: &AppState,
    member: &CurrentMember,
    since: i64,
) -> Result<Vec<MeetingRow>, AppError> {
    Ok(db::meetings_of(&state.db, member.id, since).await?)
}

/// A change to a meeting (`PATCH /api/v1/b2b/meetings/{id}`).
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct MeetingChange {
    /// A new start (RFC 3339), one of the programme's slots. From organisers: moves the
    /// meeting. From a side: proposes the move to the other side.
    #[serde(default)]
    pub starts_at: Option<String>,
    /// The other side's answer to a proposed move.
    #[serde(default)]
    pub confirm_move: Option<bool>,
    /// Organisers: keep this meeting where it is when the scheduler runs again.
    #[serde(default)]
    pub locked: Option<bool>,
    /// `cancelled` cancels the meeting (either side or organisers).
    #[serde(default)]
    pub state: Option<MeetingState>,
}

pub fn parse_instant(text: &str, field: &'static str) -> Result<i64, AppError> {
    let text = text.trim();
    if let Ok(ms) = text.parse::<i64>() {
        return Ok(ms);
    }
    text.parse::<jiff::Timestamp>()
        .map(|t| t.as_millisecond())
        .map_err(|_| AppError::invalid(field, "datetime_invalid"))
}

/// Applies a change; answers the meeting as it now stands.
pub async fn change(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
    change: MeetingChange,
) -> Result<MeetingRow, AppError> {
    let (programme, meeting) = access::meeting(state, member, id).await?;
    let organiser = access::organises(&programme, member);
    let side = meeting.involves(member.id) && meeting.state != "draft";
    if meeting.state == "cancelled" {
        return Err(AppError::conflict("b2b_meeting_cancelled"));
    }
    if change.state == Some(MeetingState::Cancelled) {
        cancel(state, member, id).await?;
        return fresh(state, id).await;
    }
    if let Some(locked) = change.locked {
        if !organiser {
            return Err(AppError::forbidden());
        }
        db::set_locked(&state.db, id, locked).await?;
    }
    if let Some(start) = change.starts_at.as_deref() {
        let start = parse_instant(start, "starts_at")?;
        let slot = programme
            .slot_at(start)
            .ok_or_else(|| AppError::invalid("starts_at", "b2b_slot_outside_windows"))?;
        if organiser {
            move_to(state, &programme, &meeting, slot, member, true).await?;
        } else if side {
            propose(state, &programme, &meeting, slot, member).await?;
        } else {
            return Err(AppError::forbidden());
        }
    }
    if let Some(confirm) = change.confirm_move {
        let proposed = meeting
            .proposed_starts_at
            .ok_or_else(|| AppError::conflict("b2b_no_move_proposed"))?;
        if !side || meeting.proposed_by == Some(member.id) {
            return Err(AppError::forbidden_code("b2b_not_other_side"));
        }
        if confirm {
            let slot = programme
                .slot_at(proposed)
                .ok_or_else(|| AppError::conflict("b2b_slot_taken"))?;
            move_to(state, &programme, &meeting, slot, member, false).await?;
        } else {
            db::propose(&state.db, id, None, None).await?;
        }
    }
    fresh(state, id).await
}

async fn fresh(state: &AppState, id: i64) -> Result<MeetingRow, AppError> {
    db::meeting(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)
}

/// A side proposes another slot free for both; the other side is asked.
async fn propose(
    state: &AppState,
    programme: &Programme,
    meeting: &MeetingRow,
    slot: Slot,
    member: &CurrentMember,
) -> Result<(), AppError> {
    let free = profiles::common_free_slots(state, programme, meeting.a_id, meeting.b_id).await?;
    if !free.contains(&slot) {
        return Err(AppError::conflict("b2b_slot_taken"));
    }
    db::propose(&state.db, meeting.id, Some(slot.starts_at), Some(member.id)).await?;
    let kind = Kind::MeetingMoveProposed;
    tell_sides(state, programme, meeting, member, kind, slot.starts_at).await
}

/// Moves the meeting (organisers, or a confirmed proposal); both sides are told.
async fn move_to(
    state: &AppState,
    programme: &Programme,
    meeting: &MeetingRow,
    slot: Slot,
    member: &CurrentMember,
    lock: bool,
) -> Result<(), AppError> {
    if slot.starts_at == meeting.starts_at {
        return Ok(());
    }
    match db::reschedule(&state.db, meeting, slot.starts_at, slot.ends_at, lock).await? {
        Booked::Taken => Err(AppError::conflict("b2b_slot_taken")),
        Booked::Done(_) if meeting.state == "draft" => Ok(()),
        Booked::Done(_) => {
            tell_sides(
                state,
                programme,
                meeting,
                member,
                Kind::MeetingMoved,
                slot.starts_at,
            )
            .await
        }
    }
}

/// Tells each side of the meeting but `member` what happened, with the time in their zone.
async fn tell_sides(
    state: &AppState,
    programme: &Programme,
    meeting: &MeetingRow,
    member: &CurrentMember,
    kind: Kind,
    starts_at: i64,
) -> Result<(), AppError> {
    for (side, zone) in [
        (meeting.a_id, &meeting.a_timezone),
        (meeting.b_id, &meeting.b_timezone),
    ] {
        if side != member.id {
            notify(
                state,
                side,
                kind,
                member.id,
                &format!("/b2b/meetings/{}", meeting.id),
                About::meeting(&programme.event, starts_at, zone),
                None,
            )
            .await?;
        }
    }
    Ok(())
}

/// Cancels a meeting (a side or organisers) and its request; the others involved are told,
/// and the calendar entry turns `CANCELLED`.
pub async fn cancel(state: &AppState, member: &CurrentMember, id: i64) -> Result<(), AppError> {
    let (programme, meeting) = access::meeting(state, member, id).await?;
    if !db::cancel(&state.db, id).await? {
        return Err(AppError::conflict("b2b_meeting_cancelled"));
    }
    // The pair may ask each other again later.
    db::set_status(&state.db, meeting.request_id, "accepted", "cancelled", "").await?;
    if meeting.state == "draft" {
        return Ok(());
    }
    tell_sides(
        state,
        &programme,
        &meeting,
        member,
        Kind::MeetingCancelled,
        meeting.starts_at,
    )
    .await
}

/// Where a side enters the meeting's room: only the two sides, only from shortly before the
/// start to the end of the slot.
pub async fn join(state: &AppState, member: &CurrentMember, id: i64) -> Result<String, AppError> {
    let (programme, meeting) = access::meeting(state, member, id).await?;
    if !meeting.involves(member.id) {
        return Err(AppError::forbidden_code("b2b_not_your_meeting"));
    }
    if meeting.state != "scheduled" {
        return Err(AppError::conflict("b2b_meeting_cancelled"));
    }
    let slot = Slot {
        starts_at: meeting.starts_at,
        ends_at: meeting.ends_at,
    };
    if !model::join_window(slot, now_ms()) {
        return Err(AppError::conflict("b2b_join_closed"));
    }
    rooms::entry_url(
        &programme.settings,
        &meeting.room,
        slot,
        member.id,
        &member.name,
    )
    .ok_or_else(|| AppError::conflict("b2b_no_video_server"))
}

/// Feedback after a meeting.
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct FeedbackInput {
    pub took_place: bool,
    /// 1 (not useful) to 5 (very useful); only when it took place.
    #[serde(default)]
    pub usefulness: Option<i64>,
    #[serde(default)]
    pub follow_up: bool,
    #[serde(default)]
    pub comment: String,
}

/// Records a side's feedback once the meeting has started; a second answer replaces it.
pub async fn feedback(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
    input: FeedbackInput,
) -> Result<(), AppError> {
    let (_, meeting) = access::meeting(state, member, id).await?;
    if !meeting.involves(member.id) {
        return Err(AppError::forbidden_code("b2b_not_your_meeting"));
    }
    if meeting.state != "scheduled" {
        return Err(AppError::conflict("b2b_meeting_cancelled"));
    }
    if now_ms() < meeting.starts_at {
        return Err(AppError::conflict("b2b_meeting_not_started"));
    }
    let usefulness = match input.usefulness {
        Some(u @ 1..=5) => Some(u),
        Some(_) => return Err(AppError::invalid("usefulness", "number_out_of_range")),
        None => None,
    };
    let comment = model::parse_text(&input.comment, "comment", model::COMMENT_MAX)?;
    db::put_feedback(
        &state.db,
        &FeedbackRow {
            meeting_id: id,
            member_id: member.id,
            took_place: i64::from(input.took_place),
            usefulness: usefulness.filter(|_| input.took_place),
            follow_up: i64::from(input.follow_up),
            comment,
        },
    )
    .await?;
    Ok(())
}

/// Sends the reminders that are due at `now`; answers how many meetings were reminded.
pub async fn send_reminders(state: &AppState, now: i64) -> Result<usize, AppError> {
    let due =
        db::take_due_reminders(&state.db, now, now + model::REMINDER_MINUTES * 60_000).await?;
    for meeting in &due {
        let Some(event) = crate::events::schedule(state, meeting.event_id).await? else {
            continue;
        };
        for (side, other, zone) in [
            (meeting.a_id, meeting.b_id, &meeting.a_timezone),
            (meeting.b_id, meeting.a_id, &meeting.b_timezone),
        ] {
            notify(
                state,
                side,
                Kind::MeetingReminder,
                other,
                &format!("/b2b/meetings/{}", meeting.id),
                About::meeting(&event, meeting.starts_at, zone),
                None,
            )
            .await?;
        }
    }
    Ok(due.len())
}

/// Sends due reminders every minute, for the life of the server.
pub async fn reminders(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    loop {
        tick.tick().await;
        if let Err(e) = send_reminders(&state, now_ms()).await {
            tracing::warn!(error = %e, "B2B reminders failed");
        }
    }
}
