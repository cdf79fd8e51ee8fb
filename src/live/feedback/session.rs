//! Feedback on a session: once it has ended, each of its participants (registered for the
//! event and, when the session has seats, holding one) rates it from 1 to 5 with an optional
//! comment, and may change that for 30 days (`model::FEEDBACK_DAYS`). The session's moderators (its
//! speakers and the event's organisers) see the ratings counted and the comments, never who
//! gave them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::db;
use super::model::{RatingSummary, feedback_window, parse_comment, parse_rating};
use crate::live::access::{self, LiveSession};
use crate::state::AppState;
use crate::store::now_ms;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

#[derive(Debug, Deserialize, ToSchema)]
pub struct FeedbackInput {
    /// 1 (poor) to 5 (excellent).
    pub rating: i64,
    /// Optional, up to 2,000 characters.
    #[serde(default)]
    pub comment: String,
}

/// The member's feedback on a session, and whether they may give it now.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct FeedbackOut {
    pub session_id: i64,
    /// Whether the member takes part in the session (only participants give feedback).
    pub participant: bool,
    /// Whether feedback is taken now.
    pub open: bool,
    /// When it is taken: from the session's end for 30 days (milliseconds since the epoch).
    pub opens_at: i64,
    pub closes_at: i64,
    /// The member's rating, none before they gave one.
    pub rating: Option<i64>,
    pub comment: Option<String>,
    pub updated_at: Option<i64>,
}

/// The ratings of a session counted, and its comments (newest last, without names).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SessionRatings {
    pub session_id: i64,
    pub ratings: RatingSummary,
    pub comments: Vec<String>,
}

/// Whether the member takes part in the live session.
pub async fn takes_part(
    state: &AppState,
    live: &LiveSession,
    member_id: i64,
) -> Result<bool, AppError> {
    let seated = live.session().row.capacity.is_some();
    Ok(db::takes_part(
        &state.db,
        live.event_id(),
        live.session_id,
        member_id,
        seated,
    )
    .await?)
}

/// The member's own feedback on the session.
pub async fn own(
    state: &AppState,
    live: &LiveSession,
    member: &CurrentMember,
) -> Result<FeedbackOut, AppError> {
    let (opens_at, closes_at) = feedback_window(live.session().row.ends_at);
    let participant = takes_part(state, live, member.id).await?;
    let given = db::feedback(&state.db, live.session_id, member.id).await?;
    let now = now_ms();
    Ok(FeedbackOut {
        session_id: live.session_id,
        participant,
        open: participant && (opens_at..closes_at).contains(&now),
        opens_at,
        closes_at,
        rating: given.as_ref().map(|f| f.rating),
        comment: given.as_ref().map(|f| f.comment.clone()),
        updated_at: given.map(|f| f.updated_at),
    })
}

/// Gives (or changes) the member's feedback on a session that has ended.
pub async fn give(
    state: &AppState,
    member: &CurrentMember,
    session_id: i64,
    input: FeedbackInput,
) -> Result<FeedbackOut, AppError> {
    let live = access::session(state, member, session_id).await?;
    if !takes_part(state, &live, member.id).await? {
        return Err(AppError::forbidden_code("live_not_participant"));
    }
    let (opens_at, closes_at) = feedback_window(live.session().row.ends_at);
    let now = now_ms();
    if now < opens_at {
        return Err(AppError::conflict("live_feedback_not_yet"));
    }
    if now >= closes_at {
        return Err(AppError::conflict("live_feedback_closed"));
    }
    let rating = parse_rating(input.rating, "rating")?;
    let comment = parse_comment(&input.comment, "comment")?;
    db::put_feedback(&state.db, session_id, member.id, rating, &comment, now).await?;
    own(state, &live, member).await
}

/// The session's ratings, for its moderators (403 for others).
pub async fn ratings(state: &AppState, live: &LiveSession) -> Result<SessionRatings, AppError> {
    live.require_moderator()?;
    let rows = db::ratings(&state.db, live.event_id(), Some(live.session_id)).await?;
    Ok(SessionRatings {
        session_id: live.session_id,
        ratings: RatingSummary::from_ratings(rows.iter().map(|r| r.rating)),
        comments: rows
            .into_iter()
            .map(|r| r.comment)
            .filter(|c| !c.is_empty())
            .collect(),
    })
}
