//! Who may do what in a B2B programme: this module is the one place that decides it.
//!
//! - **Organisers** of the event (the rule of `events::organised`: listed organisers by their
//!   current role, and admins) set the programme up, see every request and meeting, run the
//!   scheduler, publish, move, lock and cancel meetings, and read the dashboard.
//! - **Participants** are members registered for the event, while its B2B programme is on.
//!   They write their own profile and availability, browse the marketplace, send, answer
//!   and cancel their own requests, and see, move, cancel, join and rate their own meetings.
//! - **Anyone else** learns nothing: a request or meeting of others is 404, the same answer
//!   as one that does not exist, so ids cannot be probed.

use super::db::{self, MeetingRow, RequestRow};
use super::programme::{self, Programme};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// The programme of an event the member may see, switched on (404 `b2b_not_enabled` when it
/// is not).
pub async fn programme(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
) -> Result<Programme, AppError> {
    let event = crate::events::visible(state, Some(member), event_id).await?;
    match programme::load(state, event).await? {
        Some(p) if p.settings.enabled => Ok(p),
        _ => Err(AppError::new(
            axum::http::StatusCode::NOT_FOUND,
            "b2b_not_enabled",
        )),
    }
}

/// The programme, if the member organises the event (403 when they may only see it).
pub async fn organiser(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
) -> Result<Programme, AppError> {
    let event = crate::events::organised(state, member, event_id).await?;
    programme::load(state, event)
        .await?
        .ok_or_else(|| AppError::new(axum::http::StatusCode::NOT_FOUND, "b2b_not_enabled"))
}

/// Whether the member organises the programme's event.
pub fn organises(programme: &Programme, member: &CurrentMember) -> bool {
    programme.event.is_organiser(member)
}

/// The programme, if the member takes part: registered for the event (403
/// `b2b_registration_required` otherwise).
pub async fn participant(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
) -> Result<Programme, AppError> {
    let programme = programme(state, member, event_id).await?;
    if !crate::events::is_registered(state, event_id, member.id).await? {
        return Err(AppError::forbidden_code("b2b_registration_required"));
    }
    Ok(programme)
}

/// A request the member sent or received (or organises): 404 for anyone else.
pub async fn request(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
) -> Result<(Programme, RequestRow), AppError> {
    db::expire(&state.db, crate::store::now_ms()).await?;
    let request = db::request(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let programme = programme(state, member, request.event_id).await?;
    let own = request.from_id == member.id || request.to_id == member.id;
    if !own && !organises(&programme, member) {
        return Err(AppError::not_found());
    }
    Ok((programme, request))
}

/// A meeting of the member (scheduled or cancelled; drafts are the organisers'), or any
/// meeting of an event they organise: 404 for anyone else.
pub async fn meeting(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
) -> Result<(Programme, MeetingRow), AppError> {
    let meeting = db::meeting(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let programme = programme(state, member, meeting.event_id).await?;
    let own = meeting.involves(member.id) && meeting.state != "draft";
    if !own && !organises(&programme, member) {
        return Err(AppError::not_found());
    }
    Ok((programme, meeting))
}
