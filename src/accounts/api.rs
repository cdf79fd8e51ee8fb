//! JSON API of accounts: register, issue and revoke bearer tokens.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use super::{AuthVia, CurrentMember, Registration, Role};
use crate::state::AppState;
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

/// Where a registration stands.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    /// The first account on an empty platform: an administrator, active at once.
    Active,
    /// A mail went to the address; signing in waits until its link is followed. The answer is
    /// the same whether or not the address already had an account (its owner is told instead).
    ConfirmationSent,
}

#[derive(Serialize, ToSchema)]
pub struct RegistrationAnswer {
    email: String,
    name: String,
    status: RegistrationStatus,
    /// Only for the first account.
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<i64>,
    /// Only for the first account.
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<Role>,
}

/// Registers a member: 201 for the first account (an administrator, active at once), else 202
/// and a mail to the address, whether or not it had an account. Limited per client address.
#[utoipa::path(post, operation_id = "register_account", path = "/api/v1/auth/register", tag = "accounts", request_body = RegisterRequest,
    responses((status = 201, body = RegistrationAnswer), (status = 202, body = RegistrationAnswer),
              (status = 422, description = "invalid input"), (status = 429, description = "too_many_requests")))]
pub async fn register(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    i18n: I18n,
    ApiJson(input): ApiJson<RegisterRequest>,
) -> Result<(StatusCode, Json<RegistrationAnswer>), AppError> {
    let locale = input
        .locale
        .as_deref()
        .and_then(Locale::parse)
        .unwrap_or(i18n.locale);
    let address = client_ip(&headers, peer, state.config.trust_proxy);
    let registration = super::register(
        &state,
        &input.email,
        &input.password,
        &input.name,
        locale,
        address,
    )
    .await?;
    let email = input.email.trim().to_lowercase();
    let name = input.name.split_whitespace().collect::<Vec<_>>().join(" ");
    Ok(match registration {
        Registration::FirstAdmin(registered) => (
            StatusCode::CREATED,
            Json(RegistrationAnswer {
                email,
                name,
                status: RegistrationStatus::Active,
                id: Some(registered.id),
                role: Some(registered.role),
            }),
        ),
        Registration::MailSent => (
            StatusCode::ACCEPTED,
            Json(RegistrationAnswer {
                email,
                name,
                status: RegistrationStatus::ConfirmationSent,
                id: None,
                role: None,
            }),
        ),
    })
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
              (status = 403, description = "account_pending, account_blocked, or email_unconfirmed (a new confirmation link was mailed)"),
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
