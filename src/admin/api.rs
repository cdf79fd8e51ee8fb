//! JSON API of administration.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use crate::accounts::AccountSummary;
use crate::accounts::{self, RegistrationMode};
use crate::members::{self, ExpertiseInput};
use crate::state::AppState;
use crate::web::ApiJson;
use crate::web::error::AppError;
use crate::web::identity::{CurrentMember, Role, Status};

#[derive(OpenApi)]
#[openapi(paths(
    members,
    update_member,
    settings,
    save_settings,
    save_expertise,
    delete_expertise,
    super::audit::list,
    super::audit::csv
))]
pub struct ApiDoc;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct MembersQuery {
    /// pending, active or blocked
    status: Option<String>,
    /// Words in name, organisation or email.
    q: Option<String>,
}

/// Accounts, newest first (at most 500).
#[utoipa::path(get, path = "/api/v1/admin/members", tag = "admin", security(("bearer" = [])), params(MembersQuery),
    responses((status = 200, body = Vec<AccountSummary>), (status = 403)))]
pub async fn members(
    State(state): State<AppState>,
    member: CurrentMember,
    Query(query): Query<MembersQuery>,
) -> Result<Json<Vec<AccountSummary>>, AppError> {
    member.require_admin()?;
    let status = match query.status.as_deref() {
        None | Some("") => None,
        Some(s @ ("pending" | "active" | "blocked")) => Some(s),
        Some(_) => return Err(AppError::invalid("status", "status_invalid")),
    };
    let words: Vec<String> = query
        .q
        .unwrap_or_default()
        .split_whitespace()
        .take(8)
        .map(str::to_string)
        .collect();
    Ok(Json(
        accounts::list_accounts(&state.db, status, &words, 500).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct MemberUpdate {
    role: Option<Role>,
    /// active (approve or unblock) or blocked
    status: Option<Status>,
}

/// Changes a member's role or status. Blocking ends their sessions and tokens at once.
#[utoipa::path(patch, path = "/api/v1/admin/members/{id}", tag = "admin", security(("bearer" = [])), request_body = MemberUpdate,
    responses((status = 204), (status = 403), (status = 404), (status = 409, description = "last_admin or cannot_block_self")))]
pub async fn update_member(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<MemberUpdate>,
) -> Result<StatusCode, AppError> {
    member.require_admin()?;
    // Refuse what cannot be done before changing anything.
    if input.status == Some(Status::Pending) {
        return Err(AppError::invalid("status", "status_invalid"));
    }
    if id == member.id && input.status == Some(Status::Blocked) {
        return Err(AppError::conflict("cannot_block_self"));
    }
    if let Some(role) = input.role {
        accounts::set_role(&state, &member, id, role).await?;
    }
    if let Some(status) = input.status {
        accounts::set_status(&state, &member, id, status).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct Settings {
    /// open or approval
    registration_mode: String,
}

/// Site settings.
#[utoipa::path(get, operation_id = "admin_settings", path = "/api/v1/admin/settings", tag = "admin", security(("bearer" = [])), responses((status = 200, body = Settings)))]
pub async fn settings(
    State(state): State<AppState>,
    member: CurrentMember,
) -> Result<Json<Settings>, AppError> {
    member.require_admin()?;
    let mode = accounts::registration_mode(&state).await?;
    Ok(Json(Settings {
        registration_mode: mode.as_str().into(),
    }))
}

/// Changes site settings.
#[utoipa::path(put, operation_id = "save_admin_settings", path = "/api/v1/admin/settings", tag = "admin", security(("bearer" = [])), request_body = Settings,
    responses((status = 200, body = Settings), (status = 422)))]
pub async fn save_settings(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(input): ApiJson<Settings>,
) -> Result<Json<Settings>, AppError> {
    member.require_admin()?;
    let mode = RegistrationMode::parse(&input.registration_mode)
        .ok_or_else(|| AppError::invalid("registration_mode", "registration_mode_invalid"))?;
    accounts::set_registration_mode(&state, &member, mode).await?;
    Ok(Json(input))
}

#[derive(Serialize, ToSchema)]
pub struct Saved {
    id: i64,
}

/// Creates or renames an expertise area (names in all four languages are required).
#[utoipa::path(post, path = "/api/v1/admin/expertise", tag = "admin", security(("bearer" = [])), request_body = ExpertiseInput,
    responses((status = 200, body = Saved), (status = 422)))]
pub async fn save_expertise(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(input): ApiJson<ExpertiseInput>,
) -> Result<Json<Saved>, AppError> {
    member.require_admin()?;
    let id = members::save_expertise(&state, &member, input).await?;
    Ok(Json(Saved { id }))
}

/// Removes an expertise area.
#[utoipa::path(delete, path = "/api/v1/admin/expertise/{slug}", tag = "admin", security(("bearer" = [])), responses((status = 204), (status = 404)))]
pub async fn delete_expertise(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(slug): Path<String>,
) -> Result<StatusCode, AppError> {
    member.require_admin()?;
    let id = members::taxonomy(&state)
        .await?
        .iter()
        .find(|x| x.slug == slug)
        .map(|x| x.id)
        .ok_or_else(AppError::not_found)?;
    members::delete_expertise(&state, &member, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
