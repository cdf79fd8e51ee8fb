//! JSON API of accounts: register, issue and revoke bearer tokens.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use super::{AuthVia, CurrentMember, Role, Status};
use crate::app::AppState;
use crate::web::error::AppError;
use crate::web::i18n::{I18n, Locale};
use crate::web::{ApiJson, client_ip};

#[derive(OpenApi)]
#[openapi(paths(register, create_token, revoke_token))]
pub struct ApiDoc;

#[derive(Deserialize, ToSchema)]
pub struct RegisterRequest {
    email: String,
    password: String,
    name: String,
    /// Language for mail: en, de, ru or kk (default: the request's language).
    locale: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct RegisteredMember {
    id: i64,
    email: String,
    name: String,
    role: Role,
    status: Status,
}

/// Registers a member: 201 when active at once, 202 when an admin must approve.
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "accounts", request_body = RegisterRequest,
    responses((status = 201, body = RegisteredMember), (status = 202, body = RegisteredMember),
              (status = 409, description = "email_taken"), (status = 422, description = "invalid input")))]
pub async fn register(
    State(state): State<AppState>,
    i18n: I18n,
    ApiJson(input): ApiJson<RegisterRequest>,
) -> Result<(StatusCode, Json<RegisteredMember>), AppError> {
    let locale = input
        .locale
        .as_deref()
        .and_then(Locale::parse)
        .unwrap_or(i18n.locale);
    let registered =
        super::register(&state, &input.email, &input.password, &input.name, locale).await?;
    let status = if registered.status == Status::Pending {
        StatusCode::ACCEPTED
    } else {
        StatusCode::CREATED
    };
    Ok((
        status,
        Json(RegisteredMember {
            id: registered.id,
            email: input.email.trim().to_lowercase(),
            name: input.name.split_whitespace().collect::<Vec<_>>().join(" "),
            role: registered.role,
            status: registered.status,
        }),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    email: String,
    password: String,
    /// What the token is for, shown in the account settings.
    label: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <token>`.
    token: String,
    member_id: i64,
}

/// Issues a bearer token for the API (rate-limited like the login form).
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "accounts", request_body = TokenRequest,
    responses((status = 200, body = TokenResponse), (status = 401, description = "invalid_credentials"),
              (status = 403, description = "account_pending or account_blocked"),
              (status = 429, description = "too_many_requests, with Retry-After")))]
pub async fn create_token(
    State(state): State<AppState>,
    ConnectInfo(address): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    ApiJson(input): ApiJson<TokenRequest>,
) -> Result<Json<TokenResponse>, AppError> {
    let account = super::authenticate(
        &state,
        &input.email,
        &input.password,
        client_ip(&headers, address, state.config.trust_proxy),
    )
    .await?;
    let label = input.label.as_deref().unwrap_or("API");
    let token = super::start_session(&state, account.id, AuthVia::Bearer, label).await?;
    Ok(Json(TokenResponse {
        token,
        member_id: account.id,
    }))
}

/// Revokes the bearer token this request is made with.
#[utoipa::path(delete, path = "/api/v1/auth/token", tag = "accounts", security(("bearer" = [])),
    responses((status = 204), (status = 401, description = "unauthenticated")))]
pub async fn revoke_token(
    State(state): State<AppState>,
    member: CurrentMember,
) -> Result<StatusCode, AppError> {
    if member.via != AuthVia::Bearer {
        return Err(AppError::bad_request("bearer_token_required"));
    }
    super::end_session(&state, &member).await?;
    Ok(StatusCode::NO_CONTENT)
}
