//! JSON API of registration: for the event (with answers) and for sessions' seats, and, for
//! the organisers, the participants and messages to them.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::utc;
use crate::events::{Seat, db};
use crate::state::AppState;
use crate::web::ApiJson;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

#[derive(Deserialize, Default, ToSchema)]
pub struct RegistrationInput {
    /// Answers by question id.
    #[serde(default)]
    answers: HashMap<i64, String>,
}

#[derive(Serialize, ToSchema)]
pub struct Registration {
    registered: bool,
}

/// Registers for the event, answering its questions (again: updates the answers).
#[utoipa::path(post, operation_id = "register_for_event", path = "/api/v1/events/{id}/registration", tag = "events", security(("bearer" = [])), request_body = RegistrationInput,
    responses((status = 201, body = Registration), (status = 200, body = Registration, description = "answers updated"),
              (status = 409, description = "registration_closed, event_over"), (status = 422, description = "answer_required")))]
pub async fn register(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<Registration>), AppError> {
    // The body is optional: an event without questions needs none.
    let input: RegistrationInput = if body.iter().all(u8::is_ascii_whitespace) {
        RegistrationInput::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|_| AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "json_invalid"))?
    };
    let new = crate::events::register(&state, &member, id, &input.answers).await?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(Registration { registered: true })))
}

/// Cancels the registration for the event and every seat in its sessions.
#[utoipa::path(delete, path = "/api/v1/events/{id}/registration", tag = "events", security(("bearer" = [])), responses((status = 204)))]
pub async fn unregister(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    crate::events::unregister(&state, &member, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Takes a seat in a session, or a place on its waiting list when it is full.
#[utoipa::path(post, path = "/api/v1/sessions/{id}/registration", tag = "events", security(("bearer" = [])),
    responses((status = 201, body = Seat), (status = 200, body = Seat, description = "already held"),
              (status = 409, description = "session_over, registration_closed, event_registration_required")))]
pub async fn take_seat(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<Seat>), AppError> {
    let seat = crate::events::take_seat(&state, &member, id).await?;
    let status = if seat.new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(seat)))
}

/// Gives up a seat or a place on the waiting list; the next in line moves up.
#[utoipa::path(delete, path = "/api/v1/sessions/{id}/registration", tag = "events", security(("bearer" = [])), responses((status = 204)))]
pub async fn leave_seat(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    crate::events::leave_seat(&state, &member, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct Participant {
    member_id: i64,
    name: String,
    /// The email addresses the participant lets the caller see in their contact details
    /// (by their own visibility settings), comma-separated; empty when none. Never the
    /// participant's login address.
    email: String,
    organisation: Option<String>,
    country: Option<String>,
    registered_at: String,
    /// Answers by question id.
    answers: HashMap<i64, String>,
    /// Session ids with a seat, and with a place on the waiting list.
    sessions: Vec<i64>,
    waiting: Vec<i64>,
}

/// Everyone registered, with answers and sessions (the event's organisers).
#[utoipa::path(get, path = "/api/v1/events/{id}/participants", tag = "events", security(("bearer" = [])), responses((status = 200, body = Vec<Participant>)))]
pub async fn participants(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Participant>>, AppError> {
    crate::events::access::organised(&state, &member, id).await?;
    let (answers, seats) = tokio::try_join!(
        db::answers(&state.db, id),
        db::seats_of_event(&state.db, id),
    )?;
    let rows = crate::events::people::participants(&state, &member, id).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| Participant {
                answers: answers
                    .iter()
                    .filter(|a| a.0 == r.member_id)
                    .map(|a| (a.1, a.2.clone()))
                    .collect(),
                sessions: seats
                    .iter()
                    .filter(|s| s.member_id == r.member_id && s.status == "registered")
                    .map(|s| s.session_id)
                    .collect(),
                waiting: seats
                    .iter()
                    .filter(|s| s.member_id == r.member_id && s.status == "waiting")
                    .map(|s| s.session_id)
                    .collect(),
                member_id: r.member_id,
                name: r.name,
                email: r.email,
                organisation: r.organisation,
                country: r.country,
                registered_at: utc(r.registered_at),
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct MessageInput {
    subject: String,
    /// Markdown.
    body: String,
}

#[derive(Serialize, ToSchema)]
pub struct MessageSent {
    recipients: i64,
}

/// Sends a message to everyone registered (in the app; by email when mail is on).
#[utoipa::path(post, path = "/api/v1/events/{id}/messages", tag = "events", security(("bearer" = [])), request_body = MessageInput,
    responses((status = 201, body = MessageSent)))]
pub async fn send_message(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<MessageInput>,
) -> Result<(StatusCode, Json<MessageSent>), AppError> {
    let recipients =
        crate::events::message_participants(&state, &member, id, &input.subject, &input.body)
            .await?;
    Ok((StatusCode::CREATED, Json(MessageSent { recipients })))
}
