//! JSON API of organisation membership: pending requests, their answers, admin removal of a
//! member, and the history. Who may do what: `access`. (Listed in `api::ApiDoc`.)

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

use super::organisations;
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// A member, by id and name.
#[derive(Serialize, ToSchema)]
pub struct MemberRef {
    id: i64,
    name: String,
}

/// A member's request to join an organisation, waiting for an answer.
#[derive(Serialize, ToSchema)]
pub struct MembershipRequestJson {
    member: MemberRef,
    /// When it was made, milliseconds since the Unix epoch.
    requested_at: i64,
}

#[derive(Serialize, ToSchema)]
pub struct MembershipRequestList {
    /// Oldest first.
    items: Vec<MembershipRequestJson>,
}

/// The pending requests to join an organisation (its confirmed members and admins only).
#[utoipa::path(get, path = "/api/v1/organisations/{id}/requests", tag = "members", security(("bearer" = [])),
    responses((status = 200, body = MembershipRequestList), (status = 403), (status = 404)))]
pub async fn pending_requests(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Json<MembershipRequestList>, AppError> {
    let items = organisations::pending_requests(&state, &member, id)
        .await?
        .into_iter()
        .map(|r| MembershipRequestJson {
            member: MemberRef {
                id: r.member_id,
                name: r.member_name,
            },
            requested_at: r.created_at,
        })
        .collect();
    Ok(Json(MembershipRequestList { items }))
}

/// Approves a member's request: they become a confirmed member (leaving any other
/// organisation). Its confirmed members and admins only.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/requests/{member_id}/approve", tag = "members",
    security(("bearer" = [])),
    responses((status = 204), (status = 403), (status = 404, description = "no such organisation or pending request")))]
pub async fn approve_request(
    State(state): State<AppState>,
    member: CurrentMember,
    Path((id, member_id)): Path<(i64, i64)>,
) -> Result<StatusCode, AppError> {
    organisations::answer_request(&state, &member, id, member_id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Declines a member's request; they may ask again 30 days later. Its confirmed members and
/// admins only.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/requests/{member_id}/decline", tag = "members",
    security(("bearer" = [])),
    responses((status = 204), (status = 403), (status = 404, description = "no such organisation or pending request")))]
pub async fn decline_request(
    State(state): State<AppState>,
    member: CurrentMember,
    Path((id, member_id)): Path<(i64, i64)>,
) -> Result<StatusCode, AppError> {
    organisations::answer_request(&state, &member, id, member_id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a confirmed member from an organisation (admins only).
#[utoipa::path(delete, operation_id = "remove_organisation_member", path = "/api/v1/organisations/{id}/members/{member_id}", tag = "members",
    security(("bearer" = [])),
    responses((status = 204), (status = 403), (status = 404, description = "no such organisation or member of it")))]
pub async fn remove_member(
    State(state): State<AppState>,
    member: CurrentMember,
    Path((id, member_id)): Path<(i64, i64)>,
) -> Result<StatusCode, AppError> {
    organisations::remove_member(&state, &member, id, member_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What an entry of an organisation's history records.
#[derive(Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HistoryAction {
    /// Its public face was edited (see `fields`).
    Edited,
    /// A request to join was approved (see `subject`).
    Approved,
    /// A request to join was declined.
    Declined,
    /// A member was removed by an admin.
    Removed,
}

#[derive(Serialize, ToSchema)]
pub struct HistoryEntry {
    action: HistoryAction,
    /// Who did it (absent when their account is gone).
    actor: Option<MemberRef>,
    /// Whom it concerned: the member approved, declined or removed.
    subject: Option<MemberRef>,
    /// For `edited`: the fields changed (name, kind, country, city, website, description).
    fields: Vec<String>,
    /// When, milliseconds since the Unix epoch.
    at: i64,
}

#[derive(Serialize, ToSchema)]
pub struct HistoryList {
    /// Newest first, at most 100.
    items: Vec<HistoryEntry>,
}

fn member_ref(id: Option<i64>, name: Option<String>) -> Option<MemberRef> {
    Some(MemberRef {
        id: id?,
        name: name.unwrap_or_default(),
    })
}

/// Who changed what on an organisation, and who approved, declined or removed whom (its
/// confirmed members and admins only).
#[utoipa::path(get, path = "/api/v1/organisations/{id}/history", tag = "members", security(("bearer" = [])),
    responses((status = 200, body = HistoryList), (status = 403), (status = 404)))]
pub async fn history(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Json<HistoryList>, AppError> {
    let items = organisations::history(&state, &member, id)
        .await?
        .into_iter()
        .filter_map(|row| {
            let action = match row.action.as_str() {
                "edited" => HistoryAction::Edited,
                "approved" => HistoryAction::Approved,
                "declined" => HistoryAction::Declined,
                "removed" => HistoryAction::Removed,
                _ => return None,
            };
            Some(HistoryEntry {
                action,
                actor: member_ref(row.actor_id, row.actor_name),
                subject: member_ref(row.subject_id, row.subject_name),
                fields: row
                    .fields
                    .split(',')
                    .filter(|f| !f.is_empty())
                    .map(str::to_string)
                    .collect(),
                at: row.created_at,
            })
        })
        .collect();
    Ok(Json(HistoryList { items }))
}
