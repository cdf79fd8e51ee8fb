//! The event's survey: its organisers define the questions (rating, choice, free text, in up
//! to four languages) and when it opens, reminds and closes; it goes out to the event's
//! participants when it opens (`sending.rs`), and each participant answers once and may
//! change their answers until it closes. Answers are shown to organisers without names.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::db::{self, AnswersRefused, QuestionRow, SurveyRow};
use super::model::{
    AnswerInput, AnswerKind, SurveyInput, check_change, parse_answers, parse_survey,
};
use crate::events::Schedule;
use crate::live::model::Texts;
use crate::state::AppState;
use crate::store::now_ms;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SurveyQuestionOut {
    pub id: i64,
    pub kind: AnswerKind,
    /// By language; show the reader's, else English, else the first.
    #[schema(value_type = std::collections::BTreeMap<String, String>)]
    pub label: Texts,
    /// A choice question's options, each by language; answers name them by position.
    #[schema(value_type = Vec<std::collections::BTreeMap<String, String>>)]
    pub options: Vec<Texts>,
    pub required: bool,
}

/// The survey as the reader sees it: the questions, whether it takes answers, and the reader's
/// own answers.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SurveyOut {
    pub event_id: i64,
    #[schema(value_type = std::collections::BTreeMap<String, String>)]
    pub title: Texts,
    /// When it goes out, reminds and closes (milliseconds since the epoch, UTC).
    pub opens_at: i64,
    pub remind_at: i64,
    pub closes_at: i64,
    /// When it went out and when the reminder did (none: not yet).
    pub sent_at: Option<i64>,
    pub reminded_at: Option<i64>,
    /// Whether it takes answers now.
    pub open: bool,
    /// Whether the reader takes part in the event (only participants answer).
    pub participant: bool,
    /// Whether the reader organises the event (and may change the survey and see results).
    pub organiser: bool,
    pub questions: Vec<SurveyQuestionOut>,
    /// The reader's answers, empty before they answered.
    pub my_answers: Vec<AnswerInput>,
    /// When the reader last answered.
    pub answered_at: Option<i64>,
    /// How many have answered (organisers only).
    pub responses: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AnswersInput {
    /// One entry per question answered; a question left out is not answered.
    pub answers: Vec<AnswerInput>,
}

impl QuestionRow {
    pub fn out(&self) -> SurveyQuestionOut {
        SurveyQuestionOut {
            id: self.id,
            kind: AnswerKind::from_db(&self.kind),
            label: Texts::from_json(&self.label),
            options: serde_json::from_str::<Vec<std::collections::BTreeMap<String, String>>>(
                &self.options,
            )
            .unwrap_or_default()
            .into_iter()
            .map(Texts)
            .collect(),
            required: self.required != 0,
        }
    }
}

/// The event and its survey, if the member may see it: organisers always, others once it has
/// opened (404 before, and for an event without a survey).
pub async fn find(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
) -> Result<(Arc<Schedule>, SurveyRow), AppError> {
    let schedule = crate::events::visible(state, Some(member), event_id).await?;
    let survey = db::survey(&state.db, event_id)
        .await?
        .ok_or_else(|| AppError::new(axum::http::StatusCode::NOT_FOUND, "live_survey_none"))?;
    if !schedule.is_organiser(member) && now_ms() < survey.opens_at {
        return Err(AppError::new(
            axum::http::StatusCode::NOT_FOUND,
            "live_survey_none",
        ));
    }
    Ok((schedule, survey))
}

/// When the event's survey opens, if it has one (for a page that tells a participant to come
/// back), with the event if the member may see it.
pub async fn opening(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
) -> Result<(Arc<Schedule>, Option<i64>), AppError> {
    let schedule = crate::events::visible(state, Some(member), event_id).await?;
    let survey = db::survey(&state.db, event_id).await?;
    Ok((schedule, survey.map(|s| s.opens_at)))
}

/// The survey for the member (see [`find`]).
pub async fn get(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
) -> Result<SurveyOut, AppError> {
    let (schedule, survey) = find(state, member, event_id).await?;
    view(state, &schedule, survey, member).await
}

async fn view(
    state: &AppState,
    schedule: &Schedule,
    survey: SurveyRow,
    member: &CurrentMember,
) -> Result<SurveyOut, AppError> {
    let questions = db::questions(&state.db, survey.event_id).await?;
    let participant = crate::events::is_registered(state, survey.event_id, member.id).await?;
    let my_answers = db::answers(&state.db, survey.event_id, Some(member.id))
        .await?
        .into_iter()
        .map(|a| AnswerInput {
            question_id: a.question_id,
            rating: a.rating,
            choice: a.choice,
            text: a.text,
        })
        .collect();
    let now = now_ms();
    let organiser = schedule.is_organiser(member);
    Ok(SurveyOut {
        event_id: survey.event_id,
        title: Texts::from_json(&survey.title),
        opens_at: survey.opens_at,
        remind_at: survey.remind_at,
        closes_at: survey.closes_at,
        sent_at: survey.sent_at,
        reminded_at: survey.reminded_at,
        open: (survey.opens_at..survey.closes_at).contains(&now),
        participant,
        organiser,
        questions: questions.iter().map(QuestionRow::out).collect(),
        my_answers,
        answered_at: db::answered_at(&state.db, survey.event_id, member.id).await?,
        responses: match organiser {
            true => Some(db::responses(&state.db, survey.event_id).await?),
            false => None,
        },
    })
}

/// Defines or changes the event's survey (its organisers). Once answers are in, questions may
/// be reworded and added, but not removed or changed in kind (`model::check_change`).
pub async fn define(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
    input: SurveyInput,
) -> Result<SurveyOut, AppError> {
    let schedule = crate::events::organised(state, member, event_id).await?;
    let survey = parse_survey(&input, schedule.event.ends_at)?;
    let check = |stored: &[_], answered| check_change(stored, &survey.questions, answered);
    db::put_survey(&state.db, event_id, &survey, now_ms(), check).await??;
    // The event's page links to the survey.
    crate::events::changed(state, event_id).await?;
    let row = db::survey(&state.db, event_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    view(state, &schedule, row, member).await
}

/// Stores the member's answers (participants, while the survey is open), replacing theirs.
pub async fn answer(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
    input: AnswersInput,
) -> Result<SurveyOut, AppError> {
    let (schedule, survey) = find(state, member, event_id).await?;
    if !crate::events::is_registered(state, event_id, member.id).await? {
        return Err(AppError::forbidden_code("live_not_participant"));
    }
    let now = now_ms();
    if now < survey.opens_at {
        return Err(AppError::conflict("live_survey_not_open"));
    }
    let parse = |rows: &[QuestionRow]| {
        let shapes: Vec<_> = rows.iter().map(QuestionRow::shape).collect();
        let required: Vec<i64> = rows
            .iter()
            .filter(|q| q.required != 0)
            .map(|q| q.id)
            .collect();
        parse_answers(&shapes, &required, &input.answers)
    };
    match db::put_answers(&state.db, event_id, member.id, now, parse).await? {
        Ok(()) => {}
        Err(AnswersRefused::Closed) => return Err(AppError::conflict("live_survey_closed")),
        Err(AnswersRefused::Invalid(e)) => return Err(e),
    }
    let row = db::survey(&state.db, event_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    view(state, &schedule, row, member).await
}
