//! The pages of feedback: the feedback part of a session's live page (built here, drawn by
//! `live/pages.rs`), the event's survey for participants (`/events/{id}/survey`) and the
//! results with charts (`/events/{id}/survey/results`); the survey's editor is in
//! `editor.rs`. All work without JavaScript.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::model::{AnswerInput, AnswerKind, RatingSummary};
use super::results::{self, QuestionResult};
use super::session::{self, FeedbackInput};
use super::survey::{self, AnswersInput, SurveyOut};
use crate::live::access::LiveSession;
use crate::state::AppState;
use crate::store::now_ms;
use crate::web::charts::{BarChart, BarInput};
use crate::web::csrf::CsrfForm;
use crate::web::error::AppError;
use crate::web::form::Fields;
use crate::web::i18n::I18n;
use crate::web::identity::CurrentMember;
use crate::web::layout::Page;
use crate::web::{FormError, render};

/// A rating's choices for a form: value, label, whether it is the one given.
fn rating_choices(i18n: I18n, given: Option<i64>) -> Vec<(i64, String, bool)> {
    (1..=5)
        .map(|n| (n, i18n.t(&format!("live-rating-{n}")), given == Some(n)))
        .collect()
}

/// Ratings as a chart: a bar for each of 5 down to 1, with their shares and the mean.
fn rating_chart(id: String, title: String, r: &RatingSummary, i18n: I18n) -> BarChart {
    let bars = (1..=5)
        .rev()
        .map(|n| {
            let count = r.distribution[n as usize - 1];
            BarInput {
                label: i18n.t(&format!("live-rating-{n}")),
                value: count as f64,
                shown: i18n.number(count),
                share: Some(crate::live::model::percent(count, r.count)),
            }
        })
        .collect();
    let headings = (i18n.t("live-chart-rating"), i18n.t("live-chart-answers"));
    BarChart::new(id, title, headings, bars, 0.0).with_note(average_note(r, i18n))
}

fn average_note(r: &RatingSummary, i18n: I18n) -> String {
    match r.average {
        Some(average) => i18n.t_args(
            "live-rating-average",
            &[
                ("average", &i18n.decimal(average)),
                ("count", &i18n.number(r.count)),
            ],
        ),
        None => i18n.t("live-no-ratings"),
    }
}

// ---- the live page's part --------------------------------------------------------------

/// The feedback part of a session's live page.
pub struct FeedbackPart {
    /// Whether the member may rate the session now.
    pub open: bool,
    /// Why not, or until when.
    pub note: String,
    pub given: bool,
    pub ratings: Vec<(i64, String, bool)>,
    pub comment: String,
    /// For moderators: the ratings so far, and the comments.
    pub chart: Option<BarChart>,
    pub comments: Vec<String>,
}

/// What a member typed into the feedback form, kept when the page is drawn again.
pub struct Typed {
    pub rating: Option<i64>,
    pub comment: String,
}

pub async fn session_part(
    state: &AppState,
    live: &LiveSession,
    member: &CurrentMember,
    i18n: I18n,
    typed: Option<Typed>,
) -> Result<FeedbackPart, AppError> {
    let own = session::own(state, live, member).await?;
    let time = |ms: i64| i18n.stored_datetime(ms, &member.timezone);
    let now = now_ms();
    let note = if !own.participant {
        i18n.t("live-feedback-not-participant")
    } else if now < own.opens_at {
        i18n.t_args("live-feedback-from", &[("time", &time(own.opens_at))])
    } else if now < own.closes_at {
        i18n.t_args("live-feedback-until", &[("time", &time(own.closes_at))])
    } else {
        i18n.t("live-feedback-closed")
    };
    let (chart, comments) = if live.moderator {
        let r = session::ratings(state, live).await?;
        let chart = rating_chart(
            format!("ratings-{}", live.session_id),
            i18n.t("live-feedback-results"),
            &r.ratings,
            i18n,
        );
        (Some(chart), r.comments)
    } else {
        (None, Vec::new())
    };
    let typed = typed.unwrap_or(Typed {
        rating: own.rating,
        comment: own.comment.clone().unwrap_or_default(),
    });
    Ok(FeedbackPart {
        open: own.open,
        note,
        given: own.rating.is_some(),
        ratings: rating_choices(i18n, typed.rating),
        comment: typed.comment,
        chart,
        comments,
    })
}

/// The live page's feedback form, posted: rates the session.
pub async fn give_feedback(
    state: &AppState,
    member: &CurrentMember,
    session_id: i64,
    fields: &Fields,
) -> Result<(), AppError> {
    let input = FeedbackInput {
        rating: fields
            .number("rating")
            .ok()
            .flatten()
            .ok_or_else(|| AppError::invalid("rating", "live_rating_invalid"))?,
        comment: fields.get("comment").to_string(),
    };
    session::give(state, member, session_id, input)
        .await
        .map(drop)
}

// ---- the survey, for participants ------------------------------------------------------

pub struct QuestionForm {
    pub id: i64,
    pub kind: &'static str,
    pub label: String,
    pub required: bool,
    pub ratings: Vec<(i64, String, bool)>,
    pub options: Vec<(i64, String, bool)>,
    pub text: String,
}

#[derive(Template)]
#[template(path = "live/survey.html")]
struct SurveyTemplate {
    page: Page,
    event_id: i64,
    event_title: String,
    title: String,
    note: String,
    open: bool,
    organiser: bool,
    answered: bool,
    questions: Vec<QuestionForm>,
    error: Option<FormError>,
}

fn question_forms(out: &SurveyOut, answers: &[AnswerInput], i18n: I18n) -> Vec<QuestionForm> {
    let locale = i18n.locale;
    out.questions
        .iter()
        .map(|q| {
            let given = answers.iter().find(|a| a.question_id == q.id);
            QuestionForm {
                id: q.id,
                kind: q.kind.as_str(),
                label: q.label.pick(locale).to_string(),
                required: q.required,
                ratings: rating_choices(i18n, given.and_then(|a| a.rating)),
                options: q
                    .options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| {
                        let i = i as i64;
                        (
                            i,
                            o.pick(locale).to_string(),
                            given.and_then(|a| a.choice) == Some(i),
                        )
                    })
                    .collect(),
                text: given.and_then(|a| a.text.clone()).unwrap_or_default(),
            }
        })
        .collect()
}

async fn draw_survey(
    state: &AppState,
    page: Page,
    member: &CurrentMember,
    event_id: i64,
    typed: Option<Vec<AnswerInput>>,
    error: Option<FormError>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let i18n = page.i18n;
    let time = |ms: i64| i18n.stored_datetime(ms, &member.timezone);
    let out = match survey::get(state, member, event_id).await {
        Ok(out) => out,
        Err(err) if err.code() == "live_survey_none" => {
            let (schedule, opens) = survey::opening(state, member, event_id).await?;
            let note = match opens {
                Some(at) => i18n.t_args("live-survey-opens", &[("time", &time(at))]),
                None => i18n.t("live-survey-none"),
            };
            let template = SurveyTemplate {
                event_id,
                event_title: schedule.title(i18n.locale).to_string(),
                title: i18n.t("live-survey"),
                note,
                open: false,
                organiser: schedule.is_organiser(member),
                answered: false,
                questions: Vec::new(),
                error: None,
                page,
            };
            return render(StatusCode::OK, &template);
        }
        Err(err) => return Err(err),
    };
    let schedule = crate::events::visible(state, Some(member), event_id).await?;
    let now = now_ms();
    let note = if !out.participant && !out.organiser {
        i18n.t("live-survey-not-participant")
    } else if now < out.opens_at {
        i18n.t_args("live-survey-opens", &[("time", &time(out.opens_at))])
    } else if out.open {
        i18n.t_args("live-survey-closes", &[("time", &time(out.closes_at))])
    } else {
        i18n.t("live-survey-closed")
    };
    let answers = typed.unwrap_or_else(|| out.my_answers.clone());
    let template = SurveyTemplate {
        event_id,
        event_title: schedule.title(i18n.locale).to_string(),
        title: out.title.pick(i18n.locale).to_string(),
        note,
        open: out.open && out.participant,
        organiser: out.organiser,
        answered: out.answered_at.is_some(),
        questions: question_forms(&out, &answers, i18n),
        error,
        page,
    };
    render(status, &template)
}

/// `GET /events/{id}/survey`: the survey to answer.
pub async fn survey_page(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    draw_survey(&state, page, &member, id, None, None, StatusCode::OK).await
}

/// `POST /events/{id}/survey`: the answers.
pub async fn answer(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(posted): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(posted);
    let out = survey::get(&state, &member, id).await?;
    let mut answers = Vec::new();
    for q in &out.questions {
        let value = fields.get(&format!("q{}", q.id)).trim();
        let number = || value.parse::<i64>().ok();
        let mut a = AnswerInput {
            question_id: q.id,
            ..AnswerInput::default()
        };
        match q.kind {
            AnswerKind::Rating => a.rating = number(),
            AnswerKind::Choice => a.choice = number(),
            AnswerKind::Text => a.text = Some(value.to_string()),
        }
        answers.push(a);
    }
    let typed = answers.clone();
    match survey::answer(&state, &member, id, AnswersInput { answers }).await {
        Ok(_) => Ok(
            Redirect::to(&format!("/events/{id}/survey?notice=live-survey-saved")).into_response(),
        ),
        Err(err)
            if err.status() == StatusCode::NOT_FOUND || matches!(err, AppError::Internal(_)) =>
        {
            Err(err)
        }
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            draw_survey(&state, page, &member, id, Some(typed), Some(error), status).await
        }
    }
}

// ---- results, for organisers ----------------------------------------------------------

pub struct QuestionBlock {
    pub label: String,
    pub chart: Option<BarChart>,
    pub texts: Vec<String>,
    pub note: String,
}

pub struct SessionBlock {
    pub title: String,
    pub count: i64,
    pub average: String,
    pub comments: Vec<String>,
}

#[derive(Template)]
#[template(path = "live/survey_results.html")]
struct ResultsTemplate {
    page: Page,
    event_id: i64,
    event_title: String,
    summary: String,
    has_survey: bool,
    blocks: Vec<QuestionBlock>,
    sessions_chart: Option<BarChart>,
    sessions: Vec<SessionBlock>,
}

fn question_block(q: &QuestionResult, i18n: I18n) -> QuestionBlock {
    let label = q.label.pick(i18n.locale).to_string();
    let id = format!("q{}", q.id);
    let note = i18n.t_args(
        "live-results-answers",
        &[("count", &i18n.number(q.answers))],
    );
    let chart = match (&q.ratings, q.kind) {
        (Some(r), _) => Some(rating_chart(id, label.clone(), r, i18n)),
        (None, AnswerKind::Choice) => {
            let bars = q
                .options
                .iter()
                .map(|o| BarInput {
                    label: o.label.pick(i18n.locale).to_string(),
                    value: o.count as f64,
                    shown: i18n.number(o.count),
                    share: Some(o.percent),
                })
                .collect();
            let headings = (i18n.t("live-chart-option"), i18n.t("live-chart-answers"));
            Some(BarChart::new(id, label.clone(), headings, bars, 0.0).with_note(note.clone()))
        }
        _ => None,
    };
    QuestionBlock {
        label,
        chart,
        texts: q.texts.clone(),
        note,
    }
}

/// `GET /events/{id}/survey/results` (organisers).
pub async fn results_page(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let i18n = page.i18n;
    let found = results::results(&state, &member, id).await?;
    let out = &found.out;
    let rated: Vec<_> = out
        .sessions
        .iter()
        .filter(|s| s.ratings.count > 0)
        .collect();
    let sessions_chart = (!rated.is_empty()).then(|| {
        let bars = rated
            .iter()
            .map(|s| {
                let average = s.ratings.average.unwrap_or(0.0);
                BarInput {
                    label: s.title.clone(),
                    value: average,
                    shown: format!(
                        "{} ({})",
                        i18n.decimal(average),
                        i18n.number(s.ratings.count)
                    ),
                    share: None,
                }
            })
            .collect();
        let headings = (
            i18n.t("live-results-session-col"),
            i18n.t("live-results-average-col"),
        );
        BarChart::new(
            "sessions",
            i18n.t("live-results-sessions-chart"),
            headings,
            bars,
            5.0,
        )
    });
    let template = ResultsTemplate {
        event_id: id,
        event_title: found.schedule.title(i18n.locale).to_string(),
        summary: i18n.t_args(
            "live-results-summary",
            &[
                ("participants", &i18n.number(out.participants)),
                ("responses", &i18n.number(out.responses)),
            ],
        ),
        has_survey: out.survey,
        blocks: out
            .questions
            .iter()
            .map(|q| question_block(q, i18n))
            .collect(),
        sessions_chart,
        sessions: out
            .sessions
            .iter()
            .map(|s| SessionBlock {
                title: s.title.clone(),
                count: s.ratings.count,
                average: s
                    .ratings
                    .average
                    .map_or_else(|| "–".into(), |a| i18n.decimal(a)),
                comments: s.comments.clone(),
            })
            .collect(),
        page,
    };
    render(StatusCode::OK, &template)
}
