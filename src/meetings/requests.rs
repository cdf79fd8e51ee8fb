//! Meeting requests: send, accept (booking a slot in self-scheduling), decline, cancel, and
//! expiry.
//!
//! A pending request never blocks a slot: slots are taken only by meetings. It expires after
//! the programme's lifetime for requests ([`db::expire`] runs before every read that depends
//! on it), which also frees the sender's budget of outstanding requests.

use serde::Serialize;
use utoipa::ToSchema;

use super::db::{self, Booked, NewMeeting, NewRequest, RequestRow};
use super::model::{self, Mode, RequestStatus, Slot};
use super::programme::Programme;
use super::{About, access, notify, profiles};
use crate::notifications::Kind;
use crate::state::AppState;
use crate::store::now_ms;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// What a participant sends.
#[derive(Clone, Debug, serde::Deserialize, ToSchema)]
pub struct RequestInput {
    /// The member to meet.
    pub to: i64,
    #[serde(default)]
    pub message: String,
    /// 1 (nice to have) to 3 (important); 2 when left out.
    #[serde(default)]
    pub priority: Option<i64>,
}

/// Sends a meeting request; answers its id.
pub async fn send(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
    input: RequestInput,
) -> Result<i64, AppError> {
    let programme = access::participant(state, member, event_id).await?;
    let message = model::parse_text(&input.message, "message", model::MESSAGE_MAX)?;
    let priority = model::parse_priority(input.priority)?;
    if input.to == member.id {
        return Err(AppError::invalid("to", "b2b_not_yourself"));
    }
    let now = now_ms();
    if programme.settings.request_deadline.is_some_and(|d| now > d) {
        return Err(AppError::conflict("b2b_deadline_passed"));
    }
    let Some(mine) = db::profile(&state.db, event_id, member.id).await? else {
        return Err(AppError::conflict("b2b_profile_required"));
    };
    let theirs = db::profile(&state.db, event_id, input.to)
        .await?
        .ok_or_else(|| AppError::invalid("to", "b2b_participant_unknown"))?;
    if !programme.settings.may_meet(&mine.side, &theirs.side) {
        return Err(AppError::forbidden_code("b2b_rule_excludes"));
    }
    if db::vetoed(&state.db, event_id, member.id, input.to).await? {
        return Err(AppError::conflict("b2b_no_thanks"));
    }
    db::expire(&state.db, now).await?;
    if db::open_between(&state.db, event_id, member.id, input.to).await? {
        return Err(AppError::conflict("b2b_request_exists"));
    }
    if db::pending_sent(&state.db, event_id, member.id).await? >= programme.settings.max_pending {
        return Err(AppError::conflict("b2b_too_many_pending"));
    }
    let new = NewRequest {
        event_id,
        from_id: member.id,
        to_id: input.to,
        message: &message,
        priority,
        expires_at: model::expiry(now, programme.settings.request_ttl_minutes),
    };
    let id = match db::insert_request(&state.db, &new).await {
        Ok(id) => id,
        Err(e) if crate::store::is_unique_violation(&e) => {
            return Err(AppError::conflict("b2b_request_exists"));
        }
        Err(e) => return Err(e.into()),
    };
    notify(
        state,
        input.to,
        Kind::MeetingRequest,
        member.id,
        &format!("/events/{event_id}/b2b/requests#request-{id}"),
        About::event(&programme.event),
        (!message.is_empty()).then_some(message.as_str()),
    )
    .await?;
    Ok(id)
}

/// How an accept went.
#[derive(Debug, Serialize, ToSchema)]
pub struct Accepted {
    pub request_id: i64,
    /// The booked meeting (self-scheduling); none when organisers schedule.
    pub meeting_id: Option<i64>,
}

/// Meetings a member has (scheduled or drafted) or is promised (accepted, waiting for the
/// scheduler) in the event.
async fn commitments(state: &AppState, event_id: i64, member_id: i64) -> Result<i64, AppError> {
    let requests = db::requests_of(&state.db, event_id, member_id).await?;
    Ok(requests.iter().filter(|r| r.status == "accepted").count() as i64)
}

/// Accepts a request addressed to the member. In self-scheduling, books `slot` (a start;
/// the earliest slot free for both when none is given).
pub async fn accept(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
    slot: Option<i64>,
) -> Result<Accepted, AppError> {
    let (programme, request) = access::request(state, member, id).await?;
    if request.to_id != member.id {
        return Err(AppError::forbidden_code("b2b_not_recipient"));
    }
    check_pending(&request)?;
    let limit = programme.settings.max_meetings;
    for side in [request.from_id, request.to_id] {
        if commitments(state, programme.id(), side).await? >= limit {
            return Err(AppError::conflict("b2b_meeting_limit"));
        }
    }
    let slot = match programme.settings.mode {
        Mode::Auto => None,
        Mode::SelfService => Some(choose_slot(state, &programme, &request, slot).await?),
    };
    if !db::set_status(&state.db, id, "pending", "accepted", "").await? {
        return Err(AppError::conflict("b2b_request_answered"));
    }
    let meeting_id = match slot {
        None => None,
        Some(slot) => match book(state, &programme, &request, slot).await? {
            Booked::Done(meeting) => Some(meeting),
            Booked::Taken => {
                db::set_status(&state.db, id, "accepted", "pending", "").await?;
                return Err(AppError::conflict("b2b_slot_taken"));
            }
        },
    };
    let link = match meeting_id {
        Some(meeting) => format!("/b2b/meetings/{meeting}"),
        None => format!("/events/{}/b2b/requests#request-{id}", programme.id()),
    };
    notify(
        state,
        request.from_id,
        Kind::MeetingAccepted,
        member.id,
        &link,
        About::event(&programme.event),
        None,
    )
    .await?;
    Ok(Accepted {
        request_id: id,
        meeting_id,
    })
}

fn check_pending(request: &RequestRow) -> Result<(), AppError> {
    match RequestStatus::parse(&request.status) {
        Some(RequestStatus::Pending) => Ok(()),
        Some(RequestStatus::Expired) => Err(AppError::conflict("b2b_request_expired")),
        _ => Err(AppError::conflict("b2b_request_answered")),
    }
}

async fn choose_slot(
    state: &AppState,
    programme: &Programme,
    request: &RequestRow,
    wanted: Option<i64>,
) -> Result<Slot, AppError> {
    let free =
        profiles::common_free_slots(state, programme, request.from_id, request.to_id).await?;
    match wanted {
        Some(start) => {
            if programme.slot_at(start).is_none() {
                return Err(AppError::invalid("slot", "b2b_slot_outside_windows"));
            }
            free.into_iter()
                .find(|s| s.starts_at == start)
                .ok_or_else(|| AppError::conflict("b2b_slot_taken"))
        }
        None => free
            .into_iter()
            .next()
            .ok_or_else(|| AppError::conflict("b2b_no_common_slot")),
    }
}

/// Books a scheduled meeting for an accepted request.
pub(super) async fn book(
    state: &AppState,
    programme: &Programme,
    request: &RequestRow,
    slot: Slot,
) -> Result<Booked, AppError> {
    let room = super::rooms::new_room();
    Ok(db::book(
        &state.db,
        &NewMeeting {
            event_id: programme.id(),
            request_id: request.id,
            a_id: request.from_id,
            b_id: request.to_id,
            starts_at: slot.starts_at,
            ends_at: slot.ends_at,
            room: &room,
        },
    )
    .await?)
}

/// Declines a request addressed to the member, with an optional reason.
pub async fn decline(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
    reason: &str,
) -> Result<(), AppError> {
    let (programme, request) = access::request(state, member, id).await?;
    if request.to_id != member.id {
        return Err(AppError::forbidden_code("b2b_not_recipient"));
    }
    check_pending(&request)?;
    let reason = model::parse_text(reason, "reason", model::REASON_MAX)?;
    if !db::set_status(&state.db, id, "pending", "declined", &reason).await? {
        return Err(AppError::conflict("b2b_request_answered"));
    }
    notify(
        state,
        request.from_id,
        Kind::MeetingDeclined,
        member.id,
        &format!("/events/{}/b2b/requests#request-{id}", programme.id()),
        About::event(&programme.event),
        (!reason.is_empty()).then_some(reason.as_str()),
    )
    .await?;
    Ok(())
}

/// Withdraws a request: the sender while it is pending; either side once accepted (its
/// meeting is cancelled with it, and the other side told).
pub async fn cancel(state: &AppState, member: &CurrentMember, id: i64) -> Result<(), AppError> {
    let (programme, request) = access::request(state, member, id).await?;
    let party = request.from_id == member.id || request.to_id == member.id;
    match RequestStatus::parse(&request.status) {
        Some(RequestStatus::Pending) if request.from_id == member.id => {
            if !db::set_status(&state.db, id, "pending", "cancelled", "").await? {
                return Err(AppError::conflict("b2b_request_answered"));
            }
            Ok(())
        }
        Some(RequestStatus::Pending) => Err(AppError::forbidden_code("b2b_not_sender")),
        Some(RequestStatus::Accepted) if party => {
            if let Some(meeting) = db::meeting_of_request(&state.db, id).await?
                && meeting.state == "scheduled"
            {
                // Cancels the request with it, and tells the other side.
                return super::bookings::cancel(state, member, meeting.id).await;
            }
            if let Some(draft) = db::meeting_of_request(&state.db, id).await? {
                db::cancel(&state.db, draft.id).await?;
            }
            db::set_status(&state.db, id, "accepted", "cancelled", "").await?;
            let other = if request.from_id == member.id {
                request.to_id
            } else {
                request.from_id
            };
            notify(
                state,
                other,
                Kind::MeetingCancelled,
                member.id,
                &format!("/events/{}/b2b/requests#request-{id}", programme.id()),
                About::event(&programme.event),
                None,
            )
            .await
        }
        Some(RequestStatus::Expired) => Err(AppError::conflict("b2b_request_expired")),
        _ => Err(AppError::conflict("b2b_request_answered")),
    }
}

/// The member's requests in the event, sent and received.
pub async fn mine(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
) -> Result<(Programme, Vec<RequestRow>), AppError> {
    let programme = access::participant(state, member, event_id).await?;
    db::expire(&state.db, now_ms()).await?;
    Ok((
        programme,
        db::requests_of(&state.db, event_id, member.id).await?,
    ))
}
