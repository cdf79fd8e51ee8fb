//! JSON API of feedback: a member's rating of a session, the event's survey (organisers
//! define it, participants answer it) and its results for organisers, also as CSV and XLSX.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use utoipa::OpenApi;

use super::model::{RatingSummary, SurveyInput};
use super::results::{self, ResultsOut};
use super::session::{self, FeedbackInput, FeedbackOut, SessionRatings};
use super::survey::{self, AnswersInput, SurveyOut};
use crate::live::access;
use crate::state::AppState;
use crate::web::ApiJson;
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::identity::CurrentMember;

#[derive(OpenApi)]
#[openapi(
    paths(
        get_feedback,
        put_feedback,
        session_ratings,
        get_survey,
        put_survey,
        answer_survey,
        survey_results,
        survey_results_csv,
        survey_results_xlsx
    ),
    components(schemas(RatingSummary))
)]
pub struct ApiDoc;

/// The caller's feedback on a session, and whether they may give it now.
#[utoipa::path(get, operation_id = "get_session_feedback", path = "/api/v1/sessions/{id}/feedback", tag = "live", security(("bearer" = [])),
    responses((status = 200, body = FeedbackOut), (status = 401, description = "unauthenticated"), (status = 404, description = "not_found")))]
pub async fn get_feedback(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Json<FeedbackOut>, AppError> {
    let live = access::session(&state, &member, id).await?;
    Ok(Json(session::own(&state, &live, &member).await?))
}

/// Rates a session that has ended (its participants, for 30 days after its end); replaces
/// the caller's earlier rating.
#[utoipa::path(put, operation_id = "put_session_feedback", path = "/api/v1/sessions/{id}/feedback", tag = "live", security(("bearer" = [])), request_body = FeedbackInput,
    responses((status = 200, body = FeedbackOut), (status = 403, description = "live_not_participant"), (status = 404, description = "not_found"),
              (status = 409, description = "live_feedback_not_yet, live_feedback_closed"),
              (status = 422, description = "live_rating_invalid, live_comment_too_long")))]
pub async fn put_feedback(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<FeedbackInput>,
) -> Result<Json<FeedbackOut>, AppError> {
    Ok(Json(session::give(&state, &member, id, input).await?))
}

/// A session's ratings counted and its comments, without names (its speakers and the
/// event's organisers).
#[utoipa::path(get, operation_id = "get_session_ratings", path = "/api/v1/sessions/{id}/feedback/results", tag = "live", security(("bearer" = [])),
    responses((status = 200, body = SessionRatings), (status = 403, description = "forbidden"), (status = 404, description = "not_found")))]
pub async fn session_ratings(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Json<SessionRatings>, AppError> {
    let live = access::session(&state, &member, id).await?;
    Ok(Json(session::ratings(&state, &live).await?))
}

/// The event's survey: for organisers always, for others once it has opened; with the
/// caller's own answers.
#[utoipa::path(get, operation_id = "get_event_survey", path = "/api/v1/events/{id}/survey", tag = "live", security(("bearer" = [])),
    responses((status = 200, body = SurveyOut), (status = 401, description = "unauthenticated"), (status = 404, description = "not_found, live_survey_none")))]
pub async fn get_survey(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Json<SurveyOut>, AppError> {
    Ok(Json(survey::get(&state, &member, id).await?))
}

/// Defines or changes the event's survey (its organisers). Questions keep their `id`; once
/// answers are in, questions may be reworded and added but not removed or changed in kind.
#[utoipa::path(put, operation_id = "put_event_survey", path = "/api/v1/events/{id}/survey", tag = "live", security(("bearer" = [])), request_body = SurveyInput,
    responses((status = 200, body = SurveyOut), (status = 403, description = "forbidden"), (status = 404, description = "not_found"),
              (status = 409, description = "live_survey_answered"),
              (status = 422, description = "field_required, text_too_long, locale_unknown, live_choice_count, live_survey_options_unexpected, live_survey_times, live_survey_too_many, live_survey_question_unknown")))]
pub async fn put_survey(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<SurveyInput>,
) -> Result<Json<SurveyOut>, AppError> {
    Ok(Json(survey::define(&state, &member, id, input).await?))
}

/// Answers the survey (the event's participants, while it is open), replacing the caller's
/// earlier answers.
#[utoipa::path(put, operation_id = "answer_event_survey", path = "/api/v1/events/{id}/survey/answer", tag = "live", security(("bearer" = [])), request_body = AnswersInput,
    responses((status = 200, body = SurveyOut), (status = 403, description = "live_not_participant"), (status = 404, description = "not_found, live_survey_none"),
              (status = 409, description = "live_survey_not_open, live_survey_closed"),
              (status = 422, description = "live_rating_invalid, live_choice_unknown, live_comment_too_long, live_survey_question_unknown, live_survey_answer_required")))]
pub async fn answer_survey(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<AnswersInput>,
) -> Result<Json<SurveyOut>, AppError> {
    Ok(Json(survey::answer(&state, &member, id, input).await?))
}

/// The event's feedback for its organisers: the survey's answers counted per question and
/// every session's ratings, without names.
#[utoipa::path(get, operation_id = "get_survey_results", path = "/api/v1/events/{id}/survey/results", tag = "live", security(("bearer" = [])),
    responses((status = 200, body = ResultsOut), (status = 403, description = "forbidden"), (status = 404, description = "not_found")))]
pub async fn survey_results(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Json<ResultsOut>, AppError> {
    Ok(Json(results::results(&state, &member, id).await?.out))
}

/// The results as CSV (UTF-8 with a byte-order mark): one row per rating, option, text and
/// comment with its count, headings in the caller's language.
#[utoipa::path(get, operation_id = "get_survey_results_csv", path = "/api/v1/events/{id}/survey/results.csv", tag = "live", security(("bearer" = [])),
    responses((status = 200, description = "the results", content_type = "text/csv", body = String), (status = 403, description = "forbidden"), (status = 404, description = "not_found")))]
pub async fn survey_results_csv(
    State(state): State<AppState>,
    member: CurrentMember,
    i18n: I18n,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    results::results(&state, &member, id).await?.csv(i18n)
}

/// The results as an Excel workbook: the summary, the responses numbered (not named), and
/// the sessions' ratings.
#[utoipa::path(get, operation_id = "get_survey_results_xlsx", path = "/api/v1/events/{id}/survey/results.xlsx", tag = "live", security(("bearer" = [])),
    responses((status = 200, description = "the workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
              (status = 403, description = "forbidden"), (status = 404, description = "not_found")))]
pub async fn survey_results_xlsx(
    State(state): State<AppState>,
    member: CurrentMember,
    i18n: I18n,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    results::results(&state, &member, id).await?.xlsx(i18n)
}
