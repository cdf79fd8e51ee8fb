//! Organisers: the participants and the messages to them.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::events::{access, db};
use crate::state::AppState;
use crate::web::csrf::CsrfForm;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;
use crate::web::layout::Page;
use crate::web::{FormError, render};

pub struct ParticipantLine {
    member_id: i64,
    name: String,
    email: String,
    organisation: String,
    registered_at: String,
    answers: Vec<String>,
}

pub struct SessionSeats {
    id: i64,
    title: String,
    time: String,
    seats: String,
    registered: Vec<String>,
    waiting: Vec<String>,
}

#[derive(Template)]
#[template(path = "events/participants.html")]
struct ParticipantsTemplate {
    page: Page,
    id: i64,
    title: String,
    questions: Vec<String>,
    participants: Vec<ParticipantLine>,
    sessions: Vec<SessionSeats>,
}

pub async fn participants(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let s = access::organised(&state, &member, id).await?;
    let i18n = page.i18n;
    let (answers, seats) = tokio::try_join!(
        db::answers(&state.db, id),
        db::seats_of_event(&state.db, id),
    )?;
    let rows = crate::events::people::participants(&state, &member, id).await?;
    let participants = rows
        .into_iter()
        .map(|r| ParticipantLine {
            answers: s
                .questions
                .iter()
                .map(|q| {
                    answers
                        .iter()
                        .find(|a| a.0 == r.member_id && a.1 == q.id)
                        .map(|a| a.2.clone())
                        .unwrap_or_default()
                })
                .collect(),
            member_id: r.member_id,
            name: r.name,
            email: r.email,
            organisation: r.organisation.unwrap_or_default(),
            registered_at: i18n.stored_datetime(r.registered_at, &s.event.timezone),
        })
        .collect();
    let sessions = s
        .sessions
        .iter()
        .map(|x| {
            let names = |status: &str| {
                seats
                    .iter()
                    .filter(|r| r.session_id == x.row.id && r.status == status)
                    .map(|r| r.name.clone())
                    .collect::<Vec<_>>()
            };
            let registered = names("registered");
            SessionSeats {
                id: x.row.id,
                title: x.row.title.clone(),
                time: i18n.stored_datetime(x.row.starts_at, &s.event.timezone),
                seats: match x.row.capacity {
                    Some(c) => format!("{} / {c}", registered.len()),
                    None => registered.len().to_string(),
                },
                registered,
                waiting: names("waiting"),
            }
        })
        .collect();
    let template = ParticipantsTemplate {
        id,
        title: s.title(i18n.locale).to_string(),
        questions: s.questions.iter().map(|q| q.label.clone()).collect(),
        participants,
        sessions,
        page,
    };
    render(StatusCode::OK, &template)
}

pub struct MessageItem {
    id: i64,
    author: String,
    subject: String,
    body_html: String,
    sent: String,
    recipients: String,
}

#[derive(Template)]
#[template(path = "events/messages.html")]
struct MessagesTemplate {
    page: Page,
    id: i64,
    title: String,
    organiser: bool,
    messages: Vec<MessageItem>,
    subject: String,
    body: String,
    error: Option<FormError>,
}

impl MessagesTemplate {
    fn error_on(&self, field: &str) -> bool {
        FormError::is_on(&self.error, field)
    }
}

async fn messages_page(
    state: &AppState,
    page: Page,
    member: &CurrentMember,
    id: i64,
    form: (String, String, Option<FormError>, StatusCode),
) -> Result<Response, AppError> {
    let s = crate::events::visible(state, Some(member), id).await?;
    let organiser = s.is_organiser(member);
    // Messages are for the participants and the organisers.
    if !organiser && !db::is_registered(&state.db, id, member.id).await? {
        return Err(AppError::forbidden());
    }
    let i18n = page.i18n;
    let messages = db::messages(&state.db, id)
        .await?
        .into_iter()
        .map(|m| MessageItem {
            id: m.id,
            author: m.author.unwrap_or_default(),
            subject: m.subject,
            body_html: m.body_html,
            sent: i18n.stored_datetime(m.created_at, &member.timezone),
            recipients: i18n.count("event-message-recipients", m.recipients),
        })
        .collect();
    let template = MessagesTemplate {
        id,
        title: s.title(i18n.locale).to_string(),
        organiser,
        messages,
        subject: form.0,
        body: form.1,
        error: form.2,
        page,
    };
    render(form.3, &template)
}

pub async fn messages(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    messages_page(
        &state,
        page,
        &member,
        id,
        (String::new(), String::new(), None, StatusCode::OK),
    )
    .await
}

#[derive(Deserialize)]
pub struct MessageForm {
    subject: String,
    body: String,
}

pub async fn send_message(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<MessageForm>,
) -> Result<Response, AppError> {
    match crate::events::message_participants(&state, &member, id, &form.subject, &form.body).await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("/events/{id}/messages?notice=message-sent")).into_response())
        }
        Err(err) if matches!(err.status(), StatusCode::FORBIDDEN | StatusCode::NOT_FOUND) => {
            Err(err)
        }
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            messages_page(
                &state,
                page,
                &member,
                id,
                (form.subject, form.body, Some(error), status),
            )
            .await
        }
    }
}
