//! Registering for an event, with its questions, and unregistering.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::events::model::QuestionKind;
use crate::events::{Schedule, db};
use crate::state::AppState;
use crate::web::csrf::CsrfForm;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;
use crate::web::layout::Page;
use crate::web::{FormError, render};

use super::*;

pub struct QuestionField {
    id: i64,
    label: String,
    choice: bool,
    options: Vec<Choice>,
    required: bool,
    answer: String,
}

#[derive(Template)]
#[template(path = "events/register.html")]
struct RegisterTemplate {
    page: Page,
    id: i64,
    title: String,
    questions: Vec<QuestionField>,
    registered: bool,
    session: Option<i64>,
    error: Option<FormError>,
}

impl RegisterTemplate {
    fn error_on(&self, field: &str) -> bool {
        FormError::is_on(&self.error, field)
    }
}

#[derive(Deserialize, Default)]
pub struct RegisterQuery {
    session: Option<i64>,
}

fn question_fields(s: &Schedule, answers: &HashMap<i64, String>) -> Vec<QuestionField> {
    s.questions
        .iter()
        .map(|q| {
            let answer = answers.get(&q.id).cloned().unwrap_or_default();
            QuestionField {
                id: q.id,
                label: q.label.clone(),
                choice: QuestionKind::from_db(&q.kind) == QuestionKind::Choice,
                options: q
                    .options
                    .lines()
                    .filter(|o| !o.is_empty())
                    .map(|o| Choice {
                        value: o.to_string(),
                        label: o.to_string(),
                        selected: o == answer,
                    })
                    .collect(),
                required: q.required != 0,
                answer,
            }
        })
        .collect()
}

pub async fn register_form(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
    Query(query): Query<RegisterQuery>,
) -> Result<Response, AppError> {
    let s = crate::events::visible(&state, Some(&member), id).await?;
    let answers: HashMap<i64, String> = db::answers(&state.db, id)
        .await?
        .into_iter()
        .filter(|a| a.0 == member.id)
        .map(|a| (a.1, a.2))
        .collect();
    let template = RegisterTemplate {
        id,
        title: s.title(page.i18n.locale).to_string(),
        questions: question_fields(&s, &answers),
        registered: db::is_registered(&state.db, id, member.id).await?,
        session: query.session,
        error: None,
        page,
    };
    render(StatusCode::OK, &template)
}

pub async fn register(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let answers: HashMap<i64, String> = form
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("q")
                .and_then(|n| n.parse().ok())
                .map(|n| (n, v.clone()))
        })
        .collect();
    let session: Option<i64> = form
        .iter()
        .find(|(k, _)| k == "session")
        .and_then(|(_, v)| v.parse().ok());
    match crate::events::register(&state, &member, id, &answers).await {
        Ok(_) => match session {
            Some(session_id) => {
                crate::events::take_seat(&state, &member, session_id).await?;
                Ok(
                    Redirect::to(&format!("/sessions/{session_id}?notice=seat-taken"))
                        .into_response(),
                )
            }
            None => {
                Ok(Redirect::to(&format!("/events/{id}?notice=event-registered")).into_response())
            }
        },
        Err(err)
            if matches!(
                err.status(),
                StatusCode::FORBIDDEN | StatusCode::NOT_FOUND | StatusCode::UNAUTHORIZED
            ) =>
        {
            Err(err)
        }
        Err(err) => {
            let s = crate::events::visible(&state, Some(&member), id).await?;
            let (error, status) = FormError::from_error(err, page.i18n)?;
            let template = RegisterTemplate {
                id,
                title: s.title(page.i18n.locale).to_string(),
                questions: question_fields(&s, &answers),
                registered: db::is_registered(&state.db, id, member.id).await?,
                session,
                error: Some(error),
                page,
            };
            render(status, &template)
        }
    }
}

pub async fn unregister(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<BackForm>,
) -> Result<Response, AppError> {
    crate::events::unregister(&state, &member, id).await?;
    Ok(Redirect::to(&format!("/events/{id}?notice=event-unregistered")).into_response())
}
