//! Meeting requests: list, send, accept, decline, cancel.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::utc;
use crate::meetings::db::RequestRow;
use crate::meetings::requests::{self, Accepted, RequestInput};
use crate::state::AppState;
use crate::web::ApiJson;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

#[derive(Serialize, ToSchema)]
pub struct Person {
    member_id: i64,
    name: String,
}

#[derive(Serialize, ToSchema)]
pub struct RequestView {
    id: i64,
    event_id: i64,
    from: Person,
    to: Person,
    message: String,
    priority: i64,
    /// pending, accepted, declined, cancelled or expired.
    status: String,
    /// The reason given with a decline, if any.
    reason: String,
    expires_at: Option<String>,
    created_at: String,
}

fn view(r: &RequestRow) -> RequestView {
    RequestView {
        id: r.id,
        event_id: r.event_id,
        from: Person {
            member_id: r.from_id,
            name: r.from_name.clone(),
        },
        to: Person {
            member_id: r.to_id,
            name: r.to_name.clone(),
        },
        message: r.message.clone(),
        priority: r.priority,
        status: r.status.clone(),
        reason: r.reason.clone(),
        expires_at: r.expires_at.map(utc),
        created_at: utc(r.created_at),
    }
}

/// The member's requests in the event, sent and received, newest first.
#[utoipa::path(get, operation_id = "list_b2b_requests", path = "/api/v1/events/{id}/b2b/requests", tag = "meetings", security(("bearer" = [])),
    responses((status = 200, body = Vec<RequestView>)))]
pub async fn list_requests(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Json<Vec<RequestView>>, AppError> {
    let (_, rows) = requests::mine(&state, &member, id).await?;
    Ok(Json(rows.iter().map(view).collect()))
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    id: i64,
}

/// Sends a meeting request.
#[utoipa::path(post, operation_id = "send_b2b_request", path = "/api/v1/events/{id}/b2b/requests", tag = "meetings", security(("bearer" = [])), request_body = RequestInput,
    responses((status = 201, body = Created),
              (status = 403, description = "b2b_registration_required, b2b_rule_excludes"),
              (status = 409, description = "b2b_request_exists, b2b_deadline_passed, b2b_too_many_pending, b2b_no_thanks, b2b_profile_required"),
              (status = 422, description = "b2b_not_yourself, b2b_participant_unknown, number_out_of_range, text_too_long")))]
pub async fn send_request(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<RequestInput>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let id = requests::send(&state, &member, id, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Deserialize, Default, ToSchema)]
pub struct AcceptInput {
    /// In self-scheduling: the slot to book (RFC 3339 start); the earliest free for both
    /// when left out.
    #[serde(default)]
    slot: Option<String>,
}

/// Accepts a request addressed to the member; in self-scheduling, books a slot.
#[utoipa::path(post, operation_id = "accept_b2b_request", path = "/api/v1/b2b/requests/{id}/accept", tag = "meetings", security(("bearer" = [])), request_body = AcceptInput,
    responses((status = 200, body = Accepted), (status = 403, description = "b2b_not_recipient"),
              (status = 409, description = "b2b_request_expired, b2b_request_answered, b2b_slot_taken, b2b_no_common_slot, b2b_meeting_limit"),
              (status = 422, description = "b2b_slot_outside_windows")))]
pub async fn accept(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Json<Accepted>, AppError> {
    let input: AcceptInput = if body.iter().all(u8::is_ascii_whitespace) {
        AcceptInput::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|_| AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "json_invalid"))?
    };
    let slot = input
        .slot
        .as_deref()
        .map(|s| crate::meetings::bookings::parse_instant(s, "slot"))
        .transpose()?;
    Ok(Json(requests::accept(&state, &member, id, slot).await?))
}

#[derive(Deserialize, Default, ToSchema)]
pub struct DeclineInput {
    #[serde(default)]
    reason: String,
}

/// Declines a request addressed to the member, with an optional reason.
#[utoipa::path(post, operation_id = "decline_b2b_request", path = "/api/v1/b2b/requests/{id}/decline", tag = "meetings", security(("bearer" = [])), request_body = DeclineInput,
    responses((status = 204), (status = 403, description = "b2b_not_recipient"), (status = 409, description = "b2b_request_expired, b2b_request_answered")))]
pub async fn decline(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<StatusCode, AppError> {
    let input: DeclineInput = if body.iter().all(u8::is_ascii_whitespace) {
        DeclineInput::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|_| AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "json_invalid"))?
    };
    requests::decline(&state, &member, id, &input.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Withdraws a request (the sender while pending; either side once accepted, which cancels
/// its meeting).
#[utoipa::path(post, operation_id = "cancel_b2b_request", path = "/api/v1/b2b/requests/{id}/cancel", tag = "meetings", security(("bearer" = [])),
    responses((status = 204), (status = 403, description = "b2b_not_sender"), (status = 409, description = "b2b_request_expired, b2b_request_answered")))]
pub async fn cancel(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    requests::cancel(&state, &member, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
