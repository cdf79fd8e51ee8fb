//! JSON API of live sessions: questions, votes and moderation; polls and ballots; the event's
//! question settings. Times are milliseconds since the Unix epoch, UTC, as on the socket.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use super::access;
use super::db::{self, Settings};
use super::model::QuestionOrder;
use super::polls::{self, BallotInput, PollInput, PollOut, PollPatch};
use super::questions::{self, AskInput, AuthorOut, ModerateInput, QuestionOut, VotesOut};
use crate::state::AppState;
use crate::web::ApiJson;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

#[derive(OpenApi)]
#[openapi(paths(
    list_questions,
    ask,
    vote,
    unvote,
    moderate,
    reveal_author,
    list_polls,
    create_poll,
    get_poll,
    change_poll,
    put_ballot,
    get_settings,
    put_settings
))]
pub struct ApiDoc;

#[derive(Deserialize, ToSchema)]
pub struct OrderParam {
    /// `votes` (default: most votes first) or `recent` (newest first); the pinned question
    /// comes first either way, answered ones after the open ones.
    #[serde(default)]
    order: QuestionOrder,
}

#[derive(Serialize, ToSchema)]
pub struct QuestionsOut {
    session_id: i64,
    /// Whether the session takes questions now.
    open: bool,
    /// When it takes them (milliseconds since the epoch, UTC).
    opens_at: i64,
    closes_at: i64,
    /// Whether the reader moderates the session.
    moderator: bool,
    /// Whether new questions wait for approval.
    approval: bool,
    questions: Vec<QuestionOut>,
}

/// The session's questions the caller sees: public ones, their own awaiting approval, and
/// (for moderators) all.
#[utoipa::path(get, operation_id = "list_session_questions", path = "/api/v1/sessions/{id}/questions", tag = "live", security(("bearer" = [])),
    params(("order" = Option<String>, Query, description = "votes (default) or recent")),
    responses((status = 200, body = QuestionsOut), (status = 401, description = "unauthenticated"), (status = 404, description = "not_found")))]
pub async fn list_questions(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    Query(param): Query<OrderParam>,
) -> Result<Json<QuestionsOut>, AppError> {
    let live = access::session(&state, &member, id).await?;
    let questions = questions::list(&state, &live, &member, param.order).await?;
    let (opens_at, closes_at) = live.window();
    Ok(Json(QuestionsOut {
        session_id: id,
        open: live.takes_questions(crate::store::now_ms()),
        opens_at,
        closes_at,
        moderator: live.moderator,
        approval: live.settings.approve_first != 0,
        questions,
    }))
}

/// Asks a question while the session takes questions.
#[utoipa::path(post, operation_id = "ask_session_question", path = "/api/v1/sessions/{id}/questions", tag = "live", security(("bearer" = [])), request_body = AskInput,
    responses((status = 201, body = QuestionOut), (status = 404, description = "not_found"),
              (status = 409, description = "live_questions_closed"),
              (status = 422, description = "live_question_empty, live_question_too_long"),
              (status = 429, description = "live_question_limit")))]
pub async fn ask(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<AskInput>,
) -> Result<(StatusCode, Json<QuestionOut>), AppError> {
    let question = questions::ask(&state, &member, id, input).await?;
    Ok((StatusCode::CREATED, Json(question)))
}

/// Votes for a question (one vote per member).
#[utoipa::path(post, operation_id = "vote_question", path = "/api/v1/questions/{id}/vote", tag = "live", security(("bearer" = [])),
    responses((status = 200, body = VotesOut), (status = 404, description = "not_found"),
              (status = 409, description = "live_vote_twice, live_question_not_open, live_questions_closed")))]
pub async fn vote(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Json<VotesOut>, AppError> {
    Ok(Json(questions::vote(&state, &member, id).await?))
}

/// Withdraws the caller's vote.
#[utoipa::path(delete, operation_id = "unvote_question", path = "/api/v1/questions/{id}/vote", tag = "live", security(("bearer" = [])),
    responses((status = 200, body = VotesOut), (status = 404, description = "not_found"),
              (status = 409, description = "live_not_voted, live_questions_closed")))]
pub async fn unvote(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Json<VotesOut>, AppError> {
    Ok(Json(questions::unvote(&state, &member, id).await?))
}

/// Moderates a question (the session's speakers and the event's organisers): `state`
/// visible (approve or show again), hidden or answered; `pinned` marks the one being
/// answered now (pinning one unpins the others).
#[utoipa::path(patch, operation_id = "moderate_question", path = "/api/v1/questions/{id}", tag = "live", security(("bearer" = [])), request_body = ModerateInput,
    responses((status = 200, body = QuestionOut), (status = 403, description = "forbidden"), (status = 404, description = "not_found"),
              (status = 409, description = "live_question_not_open"), (status = 422, description = "live_state_invalid, json_invalid")))]
pub async fn moderate(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ModerateInput>,
) -> Result<Json<QuestionOut>, AppError> {
    Ok(Json(questions::moderate(&state, &member, id, input).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct RevealInput {
    /// Why the admin looks (recorded in the audit log).
    reason: String,
}

/// Who asked a question, anonymous or not (admins, for moderation; each look is recorded in
/// the audit log with its reason).
#[utoipa::path(post, operation_id = "reveal_question_author", path = "/api/v1/questions/{id}/author", tag = "live", security(("bearer" = [])), request_body = RevealInput,
    responses((status = 200, body = AuthorOut), (status = 403, description = "forbidden"), (status = 404, description = "not_found"),
              (status = 422, description = "field_required, text_too_long")))]
pub async fn reveal_author(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<RevealInput>,
) -> Result<Json<AuthorOut>, AppError> {
    Ok(Json(
        questions::reveal_author(&state, &member, id, &input.reason).await?,
    ))
}

/// The session's polls the caller sees (drafts: moderators only), with their ballot and the
/// results where they may see them.
#[utoipa::path(get, operation_id = "list_session_polls", path = "/api/v1/sessions/{id}/polls", tag = "live", security(("bearer" = [])),
    responses((status = 200, body = Vec<PollOut>), (status = 404, description = "not_found")))]
pub async fn list_polls(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Json<Vec<PollOut>>, AppError> {
    let live = access::session(&state, &member, id).await?;
    Ok(Json(polls::list(&state, &live, &member).await?))
}

/// Prepares a poll (moderators); it is a draft until opened.
#[utoipa::path(post, operation_id = "create_session_poll", path = "/api/v1/sessions/{id}/polls", tag = "live", security(("bearer" = [])), request_body = PollInput,
    responses((status = 201, body = PollOut), (status = 403, description = "forbidden"), (status = 404, description = "not_found"),
              (status = 422, description = "live_options_count, locale_unknown, field_required, text_too_long, json_invalid")))]
pub async fn create_poll(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<PollInput>,
) -> Result<(StatusCode, Json<PollOut>), AppError> {
    let poll = polls::create(&state, &member, id, input).await?;
    Ok((StatusCode::CREATED, Json(poll)))
}

/// A poll, with the caller's ballot and the results as the poll allows.
#[utoipa::path(get, operation_id = "get_poll", path = "/api/v1/polls/{id}", tag = "live", security(("bearer" = [])),
    responses((status = 200, body = PollOut), (status = 404, description = "not_found")))]
pub async fn get_poll(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Json<PollOut>, AppError> {
    Ok(Json(polls::get(&state, &member, id).await?))
}

/// Opens a draft or closes an open poll (moderators).
#[utoipa::path(patch, operation_id = "change_poll", path = "/api/v1/polls/{id}", tag = "live", security(("bearer" = [])), request_body = PollPatch,
    responses((status = 200, body = PollOut), (status = 403, description = "forbidden"), (status = 404, description = "not_found"),
              (status = 409, description = "live_poll_state"), (status = 422, description = "live_state_invalid, json_invalid")))]
pub async fn change_poll(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(patch): ApiJson<PollPatch>,
) -> Result<Json<PollOut>, AppError> {
    Ok(Json(polls::set_state(&state, &member, id, patch).await?))
}

/// Votes in an open poll, replacing the caller's earlier ballot.
#[utoipa::path(put, operation_id = "vote_poll", path = "/api/v1/polls/{id}/vote", tag = "live", security(("bearer" = [])), request_body = BallotInput,
    responses((status = 200, body = PollOut), (status = 404, description = "not_found"),
              (status = 409, description = "live_poll_closed"),
              (status = 422, description = "live_vote_empty, live_vote_single, live_option_unknown, json_invalid")))]
pub async fn put_ballot(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<BallotInput>,
) -> Result<Json<PollOut>, AppError> {
    Ok(Json(polls::vote(&state, &member, id, input).await?))
}

/// How an event's sessions take questions.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct SettingsBody {
    /// Minutes before a session starts that questions open (0 to 10,080).
    open_before_minutes: i64,
    /// Minutes after it ends that they close (0 to 10,080).
    close_after_minutes: i64,
    /// New questions wait for a moderator's approval.
    approval: bool,
}

impl From<Settings> for SettingsBody {
    fn from(s: Settings) -> SettingsBody {
        SettingsBody {
            open_before_minutes: s.open_before,
            close_after_minutes: s.close_after,
            approval: s.approve_first != 0,
        }
    }
}

/// The event's question settings (its organisers).
#[utoipa::path(get, operation_id = "get_live_settings", path = "/api/v1/events/{id}/live-settings", tag = "live", security(("bearer" = [])),
    responses((status = 200, body = SettingsBody), (status = 403, description = "forbidden"), (status = 404, description = "not_found")))]
pub async fn get_settings(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Json<SettingsBody>, AppError> {
    crate::events::organised(&state, &member, id).await?;
    Ok(Json(db::settings(&state.db, id).await?.into()))
}

/// Changes the event's question settings (its organisers).
#[utoipa::path(put, operation_id = "put_live_settings", path = "/api/v1/events/{id}/live-settings", tag = "live", security(("bearer" = [])), request_body = SettingsBody,
    responses((status = 200, body = SettingsBody), (status = 403, description = "forbidden"), (status = 404, description = "not_found"),
              (status = 422, description = "live_window_invalid, json_invalid")))]
pub async fn put_settings(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<SettingsBody>,
) -> Result<Json<SettingsBody>, AppError> {
    let settings = super::set_settings(
        &state,
        &member,
        id,
        input.open_before_minutes,
        input.close_after_minutes,
        input.approval,
    )
    .await?;
    Ok(Json(settings.into()))
}
