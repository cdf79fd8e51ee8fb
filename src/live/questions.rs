//! Questions to the speakers: asking (while the session takes questions, optionally without
//! one's name), reading them ordered by votes or by time, voting and withdrawing a vote, and
//! moderation (approve, hide, mark answered, pin the one being answered now).
//!
//! An anonymous question's author is never shown — not to other participants, speakers or
//! organisers, on no page, in no API answer, export or live frame. Only an admin may look,
//! for moderation, and each look is recorded in the audit log ([`reveal_author`]).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::access::{self, LiveSession};
use super::db::{self, NewQuestion, QuestionRow};
use super::model::{QuestionOrder, QuestionState, parse_question};
use super::{TOPIC, changed};
use crate::state::AppState;
use crate::store::{audit, now_ms};
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// Questions one member may ask in one session.
pub const QUESTIONS_PER_MEMBER: i64 = 20;

/// A question as a reader sees it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct QuestionOut {
    pub id: i64,
    pub session_id: i64,
    pub body: String,
    /// Null when the question was asked anonymously (or the account is gone).
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub anonymous: bool,
    pub state: QuestionState,
    /// The question being answered now (one per session).
    pub pinned: bool,
    pub votes: i64,
    /// Whether the reader voted for it (not in live frames, which are the same for everyone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voted: Option<bool>,
    /// Whether the reader asked it (not in live frames).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mine: Option<bool>,
    /// Milliseconds since the Unix epoch, UTC.
    pub created_at: i64,
}

impl QuestionOut {
    /// The question as everyone may see it; `reader` adds what is theirs.
    pub fn from_row(row: QuestionRow, reader: Option<i64>) -> QuestionOut {
        let anonymous = row.anonymous != 0;
        let named = row.author_id.filter(|_| !anonymous);
        QuestionOut {
            id: row.id,
            session_id: row.session_id,
            author_name: named.map(|_| row.author_name.clone()),
            author_id: named,
            anonymous,
            state: QuestionState::from_db(&row.state),
            pinned: row.pinned != 0,
            votes: row.votes,
            voted: reader.map(|_| row.voted != 0),
            mine: reader.map(|r| row.author_id == Some(r)),
            created_at: row.created_at,
            body: row.body,
        }
    }
}

/// Whether a reader sees a question: public ones everyone, pending ones their author too,
/// all of them the moderators.
fn sees(live: &LiveSession, member: &CurrentMember, row: &QuestionRow) -> bool {
    let state = QuestionState::from_db(&row.state);
    live.moderator
        || state.is_public()
        || (state == QuestionState::Pending && row.author_id == Some(member.id))
}

/// The questions of a session the member sees, pinned first, then the open ones in `order`,
/// then those answered, then (for moderators) those hidden.
pub async fn list(
    state: &AppState,
    live: &LiveSession,
    member: &CurrentMember,
    order: QuestionOrder,
) -> Result<Vec<QuestionOut>, AppError> {
    let rows = db::questions(&state.db, live.session_id, member.id).await?;
    let mut out: Vec<QuestionOut> = rows
        .into_iter()
        .filter(|row| sees(live, member, row))
        .map(|row| QuestionOut::from_row(row, Some(member.id)))
        .collect();
    sort(&mut out, order);
    Ok(out)
}

/// The reading order (see [`list`]).
pub fn sort(questions: &mut [QuestionOut], order: QuestionOrder) {
    let group = |q: &QuestionOut| match (q.pinned, q.state) {
        (true, _) => 0,
        (_, QuestionState::Pending) => 1,
        (_, QuestionState::Visible) => 2,
        (_, QuestionState::Answered) => 3,
        (_, QuestionState::Hidden) => 4,
    };
    questions.sort_by(|a, b| {
        group(a).cmp(&group(b)).then_with(|| match order {
            QuestionOrder::Votes => b.votes.cmp(&a.votes).then(a.id.cmp(&b.id)),
            QuestionOrder::Recent => b.id.cmp(&a.id),
        })
    });
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AskInput {
    /// 1 to 500 characters, in any language.
    pub body: String,
    /// Asked without showing one's name to anyone but admins.
    #[serde(default)]
    pub anonymous: bool,
}

/// Asks a question; it waits for approval when the event says so (unless a moderator asks).
pub async fn ask(
    state: &AppState,
    member: &CurrentMember,
    session_id: i64,
    input: AskInput,
) -> Result<QuestionOut, AppError> {
    let live = access::session(state, member, session_id).await?;
    let body = parse_question(&input.body)?;
    let now = now_ms();
    if !live.takes_questions(now) {
        return Err(AppError::conflict("live_questions_closed"));
    }
    if db::asked_by(&state.db, session_id, member.id).await? >= QUESTIONS_PER_MEMBER {
        return Err(AppError::too_many("live_question_limit", 60));
    }
    let pending = live.settings.approve_first != 0 && !live.moderator;
    let q = NewQuestion {
        session_id,
        author_id: member.id,
        anonymous: input.anonymous,
        body: &body,
        state: if pending {
            QuestionState::Pending.as_str()
        } else {
            QuestionState::Visible.as_str()
        },
    };
    let id = db::insert_question(&state.db, q, now).await?;
    changed(state, session_id, serde_json::json!({ "question": id })).await;
    let row = db::question(&state.db, id, member.id)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(QuestionOut::from_row(row, Some(member.id)))
}

/// A question the member may see, with its session (404 otherwise).
async fn seen(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
) -> Result<(LiveSession, QuestionRow), AppError> {
    let row = db::question(&state.db, id, member.id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let live = access::session(state, member, row.session_id).await?;
    if !sees(&live, member, &row) {
        return Err(AppError::not_found());
    }
    Ok((live, row))
}

/// The vote count after a vote or a withdrawal.
#[derive(Debug, Serialize, ToSchema)]
pub struct VotesOut {
    pub question_id: i64,
    pub votes: i64,
    pub voted: bool,
}

/// Votes for a question (once per member), while the session takes questions.
pub async fn vote(state: &AppState, member: &CurrentMember, id: i64) -> Result<VotesOut, AppError> {
    let (live, row) = seen(state, member, id).await?;
    if !QuestionState::from_db(&row.state).is_public() {
        return Err(AppError::conflict("live_question_not_open"));
    }
    if !live.takes_questions(now_ms()) {
        return Err(AppError::conflict("live_questions_closed"));
    }
    if !db::vote(&state.db, id, member.id, now_ms()).await? {
        return Err(match db::question(&state.db, id, member.id).await? {
            Some(q) if q.voted != 0 => AppError::conflict("live_vote_twice"),
            _ => AppError::conflict("live_question_not_open"),
        });
    }
    changed(state, row.session_id, serde_json::json!({ "votes": id })).await;
    Ok(VotesOut {
        question_id: id,
        votes: db::votes(&state.db, id).await?,
        voted: true,
    })
}

/// Withdraws the member's vote.
pub async fn unvote(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
) -> Result<VotesOut, AppError> {
    let (live, row) = seen(state, member, id).await?;
    if !live.takes_questions(now_ms()) {
        return Err(AppError::conflict("live_questions_closed"));
    }
    if !db::unvote(&state.db, id, member.id).await? {
        return Err(AppError::conflict("live_not_voted"));
    }
    changed(state, row.session_id, serde_json::json!({ "votes": id })).await;
    Ok(VotesOut {
        question_id: id,
        votes: db::votes(&state.db, id).await?,
        voted: false,
    })
}

/// A moderator's change: the state (`visible` approves or shows again, `hidden`, `answered`)
/// and whether it is the question being answered now.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ModerateInput {
    pub state: Option<QuestionState>,
    pub pinned: Option<bool>,
}

pub async fn moderate(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
    input: ModerateInput,
) -> Result<QuestionOut, AppError> {
    let row = db::question(&state.db, id, member.id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let live = access::session(state, member, row.session_id).await?;
    if !live.moderator {
        // A question the member may not even see does not exist for them.
        return Err(if sees(&live, member, &row) {
            AppError::forbidden()
        } else {
            AppError::not_found()
        });
    }
    if input.state == Some(QuestionState::Pending) {
        return Err(AppError::invalid("state", "live_state_invalid"));
    }
    let next = input
        .state
        .unwrap_or_else(|| QuestionState::from_db(&row.state));
    let pinned = if next.is_public() {
        input.pinned
    } else if input.pinned == Some(true) {
        return Err(AppError::conflict("live_question_not_open"));
    } else {
        // A question leaving the list leaves the pin too.
        Some(false)
    };
    let unpinned = db::moderate_question(
        &state.db,
        id,
        input.state.map(QuestionState::as_str),
        pinned,
        now_ms(),
    )
    .await?;
    let what = [
        input.state.map(|s| format!("state={}", s.as_str())),
        pinned.map(|p| format!("pinned={p}")),
    ];
    let what: Vec<String> = what.into_iter().flatten().collect();
    let subject = format!("question:{id}");
    audit::record(
        &state.db,
        member.id,
        "live_question_moderate",
        &subject,
        &what.join(" "),
    )
    .await?;
    for other in unpinned {
        changed(
            state,
            row.session_id,
            serde_json::json!({ "question": other }),
        )
        .await;
    }
    changed(state, row.session_id, serde_json::json!({ "question": id })).await;
    let row = db::question(&state.db, id, member.id)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(QuestionOut::from_row(row, Some(member.id)))
}

/// The author of a question, for an admin, who must give a reason; the look is recorded in
/// the audit log.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuthorOut {
    pub question_id: i64,
    pub author_id: Option<i64>,
    pub author_name: String,
}

pub async fn reveal_author(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
    reason: &str,
) -> Result<AuthorOut, AppError> {
    member.require_admin()?;
    let row = db::question(&state.db, id, member.id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let reason = crate::web::text::parse_line(reason, "reason", 300)?;
    if reason.is_empty() {
        return Err(AppError::invalid("reason", "field_required"));
    }
    audit::record(
        &state.db,
        member.id,
        "live_reveal_author",
        &format!("question:{id}"),
        &reason,
    )
    .await?;
    Ok(AuthorOut {
        question_id: id,
        author_id: row.author_id,
        author_name: row.author_name,
    })
}

/// The topic of the session's live updates, for pages that follow it.
pub fn topic(session_id: i64) -> String {
    format!("{TOPIC}:{session_id}")
}
