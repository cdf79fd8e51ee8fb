//! Who may do what in a session's live part: this module is the one place that decides it.
//!
//! - **Seeing** a session's questions, polls and feedback form: a signed-in member who may see
//!   the session's event (`events::session_event`). Visitors are asked to sign in.
//! - **Moderating** (approving, hiding, answering and pinning questions; preparing, opening and
//!   closing polls): the session's speakers who are members, and whoever organises the event
//!   (its organisers by their current role, and admins), read fresh with each request.
//! - **Asking and voting on questions**: any member who may see it, while the session takes
//!   questions ([`LiveSession::takes_questions`]).
//! - **Reading an anonymous question's author**: admins only, and each look is recorded in the
//!   audit log (`questions::reveal_author`).
//!
//! Every handler asks [`session`] or [`moderated`] first, before it parses its input.

use std::collections::HashSet;
use std::sync::Arc;

use super::db::{self, Settings};
use super::model::question_window;
use crate::events::{Schedule, SessionFull};
use crate::state::AppState;
use crate::store::Db;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// A session as its live part needs it, for one member.
pub struct LiveSession {
    pub schedule: Arc<Schedule>,
    pub session_id: i64,
    /// Whether the member moderates it.
    pub moderator: bool,
    pub settings: Settings,
}

impl LiveSession {
    pub fn session(&self) -> &SessionFull {
        self.schedule
            .session(self.session_id)
            .expect("the schedule holds the session it was found by")
    }

    pub fn event_id(&self) -> i64 {
        self.schedule.event.id
    }

    /// When the session takes questions, in milliseconds since the epoch.
    pub fn window(&self) -> (i64, i64) {
        let row = &self.session().row;
        question_window(
            row.starts_at,
            row.ends_at,
            self.settings.open_before,
            self.settings.close_after,
        )
    }

    pub fn takes_questions(&self, now: i64) -> bool {
        let (from, until) = self.window();
        (from..=until).contains(&now)
    }

    pub fn require_moderator(&self) -> Result<(), AppError> {
        if self.moderator {
            Ok(())
        } else {
            Err(AppError::forbidden())
        }
    }
}

/// Whether `member` moderates the session: a speaker of it, or an organiser of its event.
pub fn is_moderator(schedule: &Schedule, session: &SessionFull, member: &CurrentMember) -> bool {
    schedule.is_organiser(member)
        || session
            .speakers
            .iter()
            .any(|s| s.member_id == Some(member.id))
}

/// The session, if the member may see it: 404 for one that does not exist or that they may
/// not see.
pub async fn session(
    state: &AppState,
    member: &CurrentMember,
    session_id: i64,
) -> Result<LiveSession, AppError> {
    let schedule = crate::events::session_event(state, Some(member), session_id).await?;
    let found = schedule
        .session(session_id)
        .ok_or_else(AppError::not_found)?;
    let moderator = is_moderator(&schedule, found, member);
    let settings = db::settings(&state.db, schedule.event.id).await?;
    Ok(LiveSession {
        schedule,
        session_id,
        moderator,
        settings,
    })
}

/// The session, if the member moderates it (403 when they may only see it).
pub async fn moderated(
    state: &AppState,
    member: &CurrentMember,
    session_id: i64,
) -> Result<LiveSession, AppError> {
    let found = session(state, member, session_id).await?;
    found.require_moderator()?;
    Ok(found)
}

/// The members who moderate a session, as the database says now (for live frames, which
/// reach moderators only): its speakers who are members, the organisers of its event who
/// still hold the role, and the admins.
pub async fn moderator_ids(db: &Db, session_id: i64) -> sqlx::Result<HashSet<i64>> {
    Ok(db::moderator_ids(db, session_id)
        .await?
        .into_iter()
        .collect())
}
