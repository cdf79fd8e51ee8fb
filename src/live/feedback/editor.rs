//! The survey's editor for organisers (`/events/{id}/survey/edit`): the title and the
//! questions in the four languages side by side, the times in the event's zone, and a usual
//! first survey to adapt when the event has none. Works without JavaScript.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::model::{AnswerKind, QUESTIONS_MAX, SurveyInput, SurveyQuestionInput, default_times};
use super::survey;
use crate::live::pages::options_by_line;
use crate::state::AppState;
use crate::web::csrf::CsrfForm;
use crate::web::error::AppError;
use crate::web::form::Fields;
use crate::web::i18n::{I18n, Locale};
use crate::web::identity::CurrentMember;
use crate::web::layout::Page;
use crate::web::{FormError, render};

/// Text in each language: code, language name, value.
type LanguageTexts = Vec<(&'static str, &'static str, String)>;

pub struct RowForm {
    pub n: usize,
    pub id: String,
    pub kind: String,
    pub required: bool,
    pub labels: LanguageTexts,
    pub options: LanguageTexts,
}

#[derive(Template)]
#[template(path = "live/survey_edit.html")]
struct EditTemplate {
    page: Page,
    event_id: i64,
    event_title: String,
    zone: String,
    titles: LanguageTexts,
    opens_at: String,
    remind_at: String,
    closes_at: String,
    answered: bool,
    rows: Vec<RowForm>,
    error: Option<FormError>,
}

/// Blank rows offered after the questions, for new ones.
const BLANK_ROWS: usize = 3;

fn texts_of(f: impl Fn(Locale) -> String) -> LanguageTexts {
    Locale::ALL
        .iter()
        .map(|l| (l.code(), l.endonym(), f(*l)))
        .collect()
}

fn blank_row(n: usize) -> RowForm {
    RowForm {
        n,
        id: String::new(),
        kind: "rating".into(),
        required: false,
        labels: texts_of(|_| String::new()),
        options: texts_of(|_| String::new()),
    }
}

/// What the editor shows for an event without a survey: a usual first survey in the four
/// languages, to adapt.
fn default_rows() -> (LanguageTexts, Vec<RowForm>) {
    let t = |key: &'static str| move |l: Locale| I18n::new(l).t(key);
    let options = |l: Locale| {
        let i18n = I18n::new(l);
        ["yes", "maybe", "no"]
            .map(|k| i18n.t(&format!("live-survey-default-{k}")))
            .join("\n")
    };
    let row = |n, kind: &str, label: &'static str, options: LanguageTexts, required| RowForm {
        n,
        id: String::new(),
        kind: kind.into(),
        required,
        labels: texts_of(t(label)),
        options,
    };
    let rows = vec![
        row(
            0,
            "rating",
            "live-survey-default-overall",
            texts_of(|_| String::new()),
            true,
        ),
        row(
            1,
            "choice",
            "live-survey-default-again",
            texts_of(options),
            false,
        ),
        row(
            2,
            "text",
            "live-survey-default-improve",
            texts_of(|_| String::new()),
            false,
        ),
    ];
    (texts_of(t("live-survey-default-title")), rows)
}

fn local_input(ms: i64, zone: &jiff::tz::TimeZone) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| {
            t.to_zoned(zone.clone())
                .strftime("%Y-%m-%dT%H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

async fn draw_edit(
    state: &AppState,
    page: Page,
    member: &CurrentMember,
    event_id: i64,
    posted: Option<&Fields>,
    error: Option<FormError>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let i18n = page.i18n;
    let schedule = crate::events::organised(state, member, event_id).await?;
    let zone = &schedule.zone;
    let stored = match survey::get(state, member, event_id).await {
        Ok(out) => Some(out),
        Err(err) if err.code() == "live_survey_none" => None,
        Err(err) => return Err(err),
    };
    let answered = stored
        .as_ref()
        .is_some_and(|s| s.responses.unwrap_or(0) > 0);
    let (titles, rows, times) = match (posted, &stored) {
        (Some(fields), _) => {
            let rows = (0..row_count(fields))
                .map(|n| RowForm {
                    n,
                    id: fields.get(&format!("q{n}_id")).to_string(),
                    kind: fields.get(&format!("q{n}_kind")).to_string(),
                    required: fields.has(&format!("q{n}_required")),
                    labels: texts_of(|l| {
                        fields.get(&format!("q{n}_label_{}", l.code())).to_string()
                    }),
                    options: texts_of(|l| {
                        fields
                            .get(&format!("q{n}_options_{}", l.code()))
                            .to_string()
                    }),
                })
                .collect();
            let times = ["opens_at", "remind_at", "closes_at"].map(|f| fields.get(f).to_string());
            (
                texts_of(|l| fields.get(&format!("title_{}", l.code())).to_string()),
                rows,
                times,
            )
        }
        (None, Some(out)) => {
            let mut rows: Vec<RowForm> = out
                .questions
                .iter()
                .enumerate()
                .map(|(n, q)| RowForm {
                    n,
                    id: q.id.to_string(),
                    kind: q.kind.as_str().into(),
                    required: q.required,
                    labels: texts_of(|l| q.label.0.get(l.code()).cloned().unwrap_or_default()),
                    options: texts_of(|l| {
                        q.options
                            .iter()
                            .map(|o| o.0.get(l.code()).cloned().unwrap_or_default())
                            .collect::<Vec<_>>()
                            .join("\n")
                    }),
                })
                .collect();
            let first = rows.len();
            rows.extend((first..first + BLANK_ROWS).map(blank_row));
            let times = [out.opens_at, out.remind_at, out.closes_at].map(|t| local_input(t, zone));
            (
                texts_of(|l| out.title.0.get(l.code()).cloned().unwrap_or_default()),
                rows,
                times,
            )
        }
        (None, None) => {
            let (titles, mut rows) = default_rows();
            let first = rows.len();
            rows.extend((first..first + BLANK_ROWS).map(blank_row));
            let opens = schedule.event.ends_at;
            let (remind, close) = default_times(opens);
            let times = [opens, remind, close].map(|t| local_input(t, zone));
            (titles, rows, times)
        }
    };
    let [opens_at, remind_at, closes_at] = times;
    let template = EditTemplate {
        event_id,
        event_title: schedule.title(i18n.locale).to_string(),
        zone: schedule.event.timezone.clone(),
        titles,
        opens_at,
        remind_at,
        closes_at,
        answered,
        rows,
        error,
        page,
    };
    render(status, &template)
}

fn row_count(fields: &Fields) -> usize {
    fields
        .get("rows")
        .parse::<usize>()
        .unwrap_or(0)
        .min(QUESTIONS_MAX + BLANK_ROWS)
}

/// `GET /events/{id}/survey/edit` (organisers).
pub async fn edit(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    draw_edit(&state, page, &member, id, None, None, StatusCode::OK).await
}

/// The survey from the editor's form: rows without any label are left out (a kept question
/// emptied is removed); options are one per line in each language, the n-th lines together.
fn survey_input(fields: &Fields, zone: &jiff::tz::TimeZone) -> Result<SurveyInput, AppError> {
    let texts = |prefix: &str| -> BTreeMap<String, String> {
        Locale::ALL
            .iter()
            .map(|l| {
                (
                    l.code().to_string(),
                    fields.get(&format!("{prefix}{}", l.code())).to_string(),
                )
            })
            .collect()
    };
    let time = |field: &'static str| -> Result<Option<i64>, AppError> {
        match fields.get(field).trim() {
            "" => Ok(None),
            value => Ok(Some(
                crate::events::parse_instant(value, zone, field)?.as_millisecond(),
            )),
        }
    };
    let mut questions = Vec::new();
    for n in 0..row_count(fields) {
        let label = texts(&format!("q{n}_label_"));
        if label.values().all(|v| v.trim().is_empty()) {
            continue;
        }
        let kind = match fields.get(&format!("q{n}_kind")) {
            "choice" => AnswerKind::Choice,
            "text" => AnswerKind::Text,
            _ => AnswerKind::Rating,
        };
        let options = match kind {
            AnswerKind::Choice => options_by_line(fields, &format!("q{n}_options_")),
            _ => Vec::new(),
        };
        questions.push(SurveyQuestionInput {
            id: fields.get(&format!("q{n}_id")).parse().ok(),
            kind,
            label,
            options,
            required: fields.has(&format!("q{n}_required")),
        });
    }
    Ok(SurveyInput {
        title: texts("title_"),
        opens_at: time("opens_at")?,
        remind_at: time("remind_at")?,
        closes_at: time("closes_at")?,
        questions,
    })
}

/// `POST /events/{id}/survey/edit`: saves the survey.
pub async fn save(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(posted): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(posted);
    let schedule = crate::events::organised(&state, &member, id).await?;
    let saved = match survey_input(&fields, &schedule.zone) {
        Ok(input) => survey::define(&state, &member, id, input).await.map(drop),
        Err(err) => Err(err),
    };
    match saved {
        Ok(()) => Ok(Redirect::to(&format!(
            "/events/{id}/survey/edit?notice=live-survey-defined"
        ))
        .into_response()),
        Err(err)
            if matches!(err.status(), StatusCode::NOT_FOUND | StatusCode::FORBIDDEN)
                || matches!(err, AppError::Internal(_)) =>
        {
            Err(err)
        }
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            draw_edit(
                &state,
                page,
                &member,
                id,
                Some(&fields),
                Some(error),
                status,
            )
            .await
        }
    }
}
