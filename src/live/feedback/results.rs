//! What organisers see after the event: the survey's answers counted per question, the
//! sessions' ratings, and both as files (CSV and an Excel workbook). Nothing here names who
//! answered: free texts and comments are listed on their own, and a workbook's responses
//! are numbered.

use serde::Serialize;
use utoipa::ToSchema;

use super::db::{self, AnswerRow, QuestionRow};
use super::model::{AnswerKind, RatingSummary};
use super::survey::SurveyQuestionOut;
use crate::events::Schedule;
use crate::live::model::{Texts, percent};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::identity::CurrentMember;
use crate::web::tables::{self, Sheet};

/// An option of a choice question, counted.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct OptionCount {
    #[schema(value_type = std::collections::BTreeMap<String, String>)]
    pub label: Texts,
    pub count: i64,
    /// Share of those who answered the question, in whole percent.
    pub percent: i64,
}

/// One survey question's answers counted.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct QuestionResult {
    pub id: i64,
    pub kind: AnswerKind,
    #[schema(value_type = std::collections::BTreeMap<String, String>)]
    pub label: Texts,
    /// How many answered it.
    pub answers: i64,
    /// For a rating question.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratings: Option<RatingSummary>,
    /// For a choice question.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<OptionCount>,
    /// For a text question: the answers, without names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub texts: Vec<String>,
}

/// One session's ratings.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SessionResult {
    pub session_id: i64,
    pub title: String,
    pub starts_at: i64,
    pub ratings: RatingSummary,
    /// The comments given with the ratings, without names.
    pub comments: Vec<String>,
}

/// The event's feedback for its organisers.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ResultsOut {
    pub event_id: i64,
    /// Members registered for the event.
    pub participants: i64,
    /// Participants who answered the survey (0 without a survey).
    pub responses: i64,
    /// Whether the event has a survey.
    pub survey: bool,
    pub questions: Vec<QuestionResult>,
    /// Every session of the event, in schedule order, rated or not.
    pub sessions: Vec<SessionResult>,
}

/// The results, with the questions and the raw answers the files are made of.
pub struct Results {
    pub schedule: std::sync::Arc<Schedule>,
    pub out: ResultsOut,
    questions: Vec<SurveyQuestionOut>,
    answers: Vec<AnswerRow>,
}

/// The event's results, for its organisers (403 for others).
pub async fn results(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
) -> Result<Results, AppError> {
    let schedule = crate::events::organised(state, member, event_id).await?;
    let survey = db::survey(&state.db, event_id).await?;
    let (rows, answers, ratings, participants) = tokio::try_join!(
        db::questions(&state.db, event_id),
        db::answers(&state.db, event_id, None),
        db::ratings(&state.db, event_id, None),
        db::participants(&state.db, event_id, false),
    )?;
    let questions: Vec<SurveyQuestionOut> = rows.iter().map(QuestionRow::out).collect();
    let counted = questions.iter().map(|q| count(q, &answers)).collect();
    let sessions = schedule
        .sessions
        .iter()
        .map(|s| {
            let mine = ratings.iter().filter(|r| r.session_id == s.row.id);
            SessionResult {
                session_id: s.row.id,
                title: s.row.title.clone(),
                starts_at: s.row.starts_at,
                ratings: RatingSummary::from_ratings(mine.clone().map(|r| r.rating)),
                comments: mine
                    .filter(|r| !r.comment.is_empty())
                    .map(|r| r.comment.clone())
                    .collect(),
            }
        })
        .collect();
    let out = ResultsOut {
        event_id,
        participants: participants.len() as i64,
        responses: db::responses(&state.db, event_id).await?,
        survey: survey.is_some(),
        questions: counted,
        sessions,
    };
    Ok(Results {
        schedule,
        out,
        questions,
        answers,
    })
}

fn count(question: &SurveyQuestionOut, answers: &[AnswerRow]) -> QuestionResult {
    let mine: Vec<&AnswerRow> = answers
        .iter()
        .filter(|a| a.question_id == question.id)
        .collect();
    let answered = mine.len() as i64;
    let mut result = QuestionResult {
        id: question.id,
        kind: question.kind,
        label: question.label.clone(),
        answers: answered,
        ratings: None,
        options: Vec::new(),
        texts: Vec::new(),
    };
    match question.kind {
        AnswerKind::Rating => {
            result.ratings = Some(RatingSummary::from_ratings(
                mine.iter().filter_map(|a| a.rating),
            ));
        }
        AnswerKind::Choice => {
            result.options = question
                .options
                .iter()
                .enumerate()
                .map(|(i, label)| {
                    let n = mine.iter().filter(|a| a.choice == Some(i as i64)).count() as i64;
                    OptionCount {
                        label: label.clone(),
                        count: n,
                        percent: percent(n, answered),
                    }
                })
                .collect();
        }
        AnswerKind::Text => {
            result.texts = mine.iter().filter_map(|a| a.text.clone()).collect();
        }
    }
    result
}

impl Results {
    /// The results as one long table: what was asked (a survey question or a session), the
    /// answer (a rating, an option, a text, a comment) and how many gave it.
    pub fn summary(&self, i18n: I18n) -> Vec<Vec<String>> {
        let locale = i18n.locale;
        let mut rows = vec![vec![
            i18n.t("live-export-part"),
            i18n.t("live-export-item"),
            i18n.t("live-export-answer"),
            i18n.t("live-export-count"),
            i18n.t("live-export-percent"),
        ]];
        let survey = i18n.t("live-export-survey");
        let session = i18n.t("live-export-session");
        let comment = i18n.t("live-export-comment");
        let ratings = |rows: &mut Vec<Vec<String>>, part: &str, item: &str, r: &RatingSummary| {
            for (i, n) in r.distribution.iter().enumerate() {
                rows.push(vec![
                    part.into(),
                    item.into(),
                    (i + 1).to_string(),
                    n.to_string(),
                    percent(*n, r.count).to_string(),
                ]);
            }
        };
        for q in &self.out.questions {
            let item = q.label.pick(locale);
            if let Some(r) = &q.ratings {
                ratings(&mut rows, &survey, item, r);
            }
            for o in &q.options {
                rows.push(vec![
                    survey.clone(),
                    item.into(),
                    o.label.pick(locale).into(),
                    o.count.to_string(),
                    o.percent.to_string(),
                ]);
            }
            for t in &q.texts {
                rows.push(vec![
                    survey.clone(),
                    item.into(),
                    t.clone(),
                    "1".into(),
                    String::new(),
                ]);
            }
        }
        for s in &self.out.sessions {
            ratings(&mut rows, &session, &s.title, &s.ratings);
            for c in &s.comments {
                rows.push(vec![
                    session.clone(),
                    s.title.clone(),
                    format!("{comment}: {c}"),
                    "1".into(),
                    String::new(),
                ]);
            }
        }
        rows
    }

    /// One row per response, numbered (not named), one column per question.
    fn responses(&self, i18n: I18n) -> Vec<Vec<String>> {
        let locale = i18n.locale;
        let mut heading = vec![i18n.t("live-export-response")];
        heading.extend(
            self.questions
                .iter()
                .map(|q| q.label.pick(locale).to_string()),
        );
        let mut rows = vec![heading];
        let mut members: Vec<i64> = self.answers.iter().map(|a| a.member_id).collect();
        members.dedup();
        for (n, member) in members.into_iter().enumerate() {
            let mut line = vec![(n + 1).to_string()];
            for q in &self.questions {
                let a = self
                    .answers
                    .iter()
                    .find(|a| a.member_id == member && a.question_id == q.id);
                line.push(match a {
                    Some(AnswerRow {
                        rating: Some(r), ..
                    }) => r.to_string(),
                    Some(AnswerRow {
                        choice: Some(c), ..
                    }) => usize::try_from(*c)
                        .ok()
                        .and_then(|c| q.options.get(c))
                        .map_or_else(String::new, |o| o.pick(locale).to_string()),
                    Some(AnswerRow { text: Some(t), .. }) => t.clone(),
                    _ => String::new(),
                });
            }
            rows.push(line);
        }
        rows
    }

    /// Each session with its ratings counted.
    fn sessions(&self, i18n: I18n) -> Vec<Vec<String>> {
        let zone = &self.schedule.event.timezone;
        let mut rows = vec![vec![
            i18n.t("live-export-session"),
            i18n.t("live-export-start"),
            i18n.t("live-export-ratings"),
            i18n.t("live-export-average"),
            "1".into(),
            "2".into(),
            "3".into(),
            "4".into(),
            "5".into(),
        ]];
        for s in &self.out.sessions {
            let mut line = vec![
                s.title.clone(),
                i18n.stored_datetime(s.starts_at, zone),
                s.ratings.count.to_string(),
                s.ratings
                    .average
                    .map_or_else(String::new, |a| format!("{a:.2}")),
            ];
            line.extend(s.ratings.distribution.iter().map(i64::to_string));
            rows.push(line);
        }
        rows
    }

    fn file_name(&self) -> String {
        format!("feedback-event-{}", self.out.event_id)
    }

    pub fn csv(&self, i18n: I18n) -> Result<axum::response::Response, AppError> {
        tables::csv_file(&self.file_name(), &self.summary(i18n))
    }

    pub fn xlsx(&self, i18n: I18n) -> Result<axum::response::Response, AppError> {
        let sheets = [
            Sheet {
                name: i18n.t("live-export-summary"),
                rows: self.summary(i18n),
            },
            Sheet {
                name: i18n.t("live-export-responses"),
                rows: self.responses(i18n),
            },
            Sheet {
                name: i18n.t("live-export-sessions"),
                rows: self.sessions(i18n),
            },
        ];
        tables::xlsx_file(&self.file_name(), &sheets)
    }
}
