//! Meetings: read, change (move, confirm a move, lock, cancel), join, feedback, the member's
//! list.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use super::{MeetingView, meeting_view};
use crate::meetings::access;
use crate::meetings::bookings::{self, FeedbackInput, MeetingChange};
use crate::state::AppState;
use crate::store::now_ms;
use crate::web::ApiJson;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// One meeting (its two sides, and the organisers of its event).
#[utoipa::path(get, operation_id = "get_b2b_meeting", path = "/api/v1/b2b/meetings/{id}", tag = "meetings", security(("bearer" = [])),
    responses((status = 200, body = MeetingView), (status = 404, description = "not_found")))]
pub async fn get_meeting(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Json<MeetingView>, AppError> {
    let (_, meeting) = access::meeting(&state, &member, id).await?;
    Ok(Json(meeting_view(&meeting)))
}

/// Moves (organisers directly; a side proposes and the other confirms), locks or cancels a
/// meeting.
#[utoipa::path(patch, operation_id = "change_b2b_meeting", path = "/api/v1/b2b/meetings/{id}", tag = "meetings", security(("bearer" = [])), request_body = MeetingChange,
    responses((status = 200, body = MeetingView),
              (status = 403, description = "forbidden, b2b_not_other_side"),
              (status = 409, description = "b2b_slot_taken, b2b_meeting_cancelled, b2b_no_move_proposed"),
              (status = 422, description = "b2b_slot_outside_windows, datetime_invalid")))]
pub async fn change_meeting(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(change): ApiJson<MeetingChange>,
) -> Result<Json<MeetingView>, AppError> {
    let meeting = bookings::change(&state, &member, id, change).await?;
    Ok(Json(meeting_view(&meeting)))
}

/// Feedback after the meeting: did it take place, how useful, interest in following up.
#[utoipa::path(post, operation_id = "b2b_meeting_feedback", path = "/api/v1/b2b/meetings/{id}/feedback", tag = "meetings", security(("bearer" = [])), request_body = FeedbackInput,
    responses((status = 204), (status = 403, description = "b2b_not_your_meeting"),
              (status = 409, description = "b2b_meeting_not_started, b2b_meeting_cancelled"), (status = 422, description = "number_out_of_range")))]
pub async fn feedback(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<FeedbackInput>,
) -> Result<StatusCode, AppError> {
    bookings::feedback(&state, &member, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct JoinLink {
    /// The room's address, with a signed token when the video server asks for one.
    url: String,
}

/// The room's address, for the two sides only and only from shortly before the start to
/// the end.
#[utoipa::path(get, operation_id = "join_b2b_meeting", path = "/api/v1/b2b/meetings/{id}/join", tag = "meetings", security(("bearer" = [])),
    responses((status = 200, body = JoinLink), (status = 403, description = "b2b_not_your_meeting"),
              (status = 404, description = "not_found"), (status = 409, description = "b2b_join_closed, b2b_meeting_cancelled, b2b_no_video_server")))]
pub async fn join_api(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Json<JoinLink>, AppError> {
    let url = bookings::join(&state, &member, id).await?;
    Ok(Json(JoinLink { url }))
}

/// The "join" link of pages and calendars: a redirect into the room.
pub async fn join(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let url = bookings::join(&state, &member, id).await?;
    Ok((
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, url),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
    )
        .into_response())
}

/// The member's meetings in every event, from a day ago on (scheduled and cancelled).
#[utoipa::path(get, operation_id = "my_b2b_meetings", path = "/api/v1/me/meetings", tag = "meetings", security(("bearer" = [])),
    responses((status = 200, body = Vec<MeetingView>)))]
pub async fn my_meetings(
    State(state): State<AppState>,
    member: CurrentMember,
) -> Result<Json<Vec<MeetingView>>, AppError> {
    let rows = bookings::mine(&state, &member, now_ms() - 24 * 3_600_000).await?;
    Ok(Json(rows.iter().map(meeting_view).collect()))
}
