//! Who may change an event or a session: this module is the one place that decides it.
//!
//! **The rule** ([`may_organise`]): an admin organises every event; an organiser organises
//! the events that list them. Both are read from the member's *current* role, which the
//! request's [`CurrentMember`] carries fresh from the database: a member listed on an event
//! who has since been demoted to member has no rights over it (promoted again, they have).
//! Creating an event needs the organiser role ([`may_create`]); a co-organiser added to an
//! event must hold it too (`check_organisers` in the module's face).
//!
//! **The order**: every handler that changes an event or a session, or shows what only its
//! organisers see (edit forms, participants, exports, messages), calls [`organised`],
//! [`organised_session`] or [`may_create`] *first*, before it parses its input or looks up
//! anything whose answer depends on what exists (a member by name or id). A member who may
//! not edit gets 403 and nothing else: no form, and no hint whether a person exists.
//! (An event they may not see at all stays 404, or 401 for a visitor.)

use std::sync::Arc;

use super::Schedule;
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// Whether `member` organises the event (see the module doc).
pub fn may_organise(schedule: &Schedule, member: &CurrentMember) -> bool {
    member.role.is_admin()
        || (member.role.is_organiser() && schedule.organisers.iter().any(|o| o.id == member.id))
}

/// Whether `member` may create events: organisers and admins.
pub fn may_create(member: &CurrentMember) -> Result<(), AppError> {
    member.require_organiser()
}

/// The event, if the member organises it: 404/401 when they may not see it, 403 when they
/// may see but not organise it.
pub async fn organised(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
) -> Result<Arc<Schedule>, AppError> {
    let found = super::visible(state, Some(member), event_id).await?;
    if !may_organise(&found, member) {
        return Err(AppError::forbidden());
    }
    Ok(found)
}

/// The event of a session, if the member organises it (as [`organised`]; 404 for a session
/// that does not exist or that they may not see).
pub async fn organised_session(
    state: &AppState,
    member: &CurrentMember,
    session_id: i64,
) -> Result<Arc<Schedule>, AppError> {
    let found = super::session_event(state, Some(member), session_id).await?;
    if !may_organise(&found, member) {
        return Err(AppError::forbidden());
    }
    Ok(found)
}
