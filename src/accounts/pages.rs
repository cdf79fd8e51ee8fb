//! HTML pages of accounts: register, log in and out, forgotten password, settings.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{Registration, db};
use crate::state::AppState;
use crate::web::csrf::CsrfForm;
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::identity::{AuthVia, CurrentMember, OptionalMember};
use crate::web::layout::Page;
use crate::web::{FormError, client_ip, local_path, render};

fn session_cookie(state: &AppState, token: &str, max_age_secs: i64) -> HeaderValue {
    let secure = if state.config.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{}={token}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Lax{secure}",
        crate::web::identity::SESSION_COOKIE
    );
    HeaderValue::from_str(&cookie).expect("cookie is ASCII")
}

fn redirect_with_cookie(to: &str, cookie: HeaderValue) -> Response {
    let mut response = Redirect::to(to).into_response();
    response.headers_mut().append(header::SET_COOKIE, cookie);
    response
}

#[derive(Template)]
#[template(path = "accounts/register.html")]
struct RegisterPage {
    page: Page,
    name: String,
    email: String,
    error: Option<FormError>,
}

impl RegisterPage {
    fn error_on(&self, field: &str) -> bool {
        FormError::is_on(&self.error, field)
    }
}

pub async fn register_form(page: Page) -> Result<Response, AppError> {
    render(
        StatusCode::OK,
        &RegisterPage {
            page,
            name: String::new(),
            email: String::new(),
            error: None,
        },
    )
}

#[derive(Deserialize)]
pub struct RegisterInput {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

pub async fn register(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    page: Page,
    CsrfForm(input): CsrfForm<RegisterInput>,
) -> Result<Response, AppError> {
    let registration = match super::register(
        &state,
        &input.email,
        &input.password,
        &input.name,
        page.i18n.locale,
        client_ip(&headers, peer, state.config.trust_proxy),
    )
    .await
    {
        Ok(registration) => registration,
        Err(err) => {
            let (error, status, retry_after) = failed_form(err, page.i18n)?;
            let form = RegisterPage {
                page,
                name: input.name,
                email: input.email,
                error: Some(error),
            };
            return with_retry_after(render(status, &form)?, retry_after);
        }
    };
    match registration {
        Registration::FirstAdmin(registered) => {
            let token = super::start_session(&state, registered.id, AuthVia::Cookie, "").await?;
            let cookie = session_cookie(&state, &token, super::SESSION_DAYS * 86400);
            Ok(redirect_with_cookie("/profile/edit?notice=welcome", cookie))
        }
        // The same page whether or not the address had an account.
        Registration::MailSent => {
            let mut text = page.t("register-sent-text");
            if super::registration_mode(&state).await? == super::RegistrationMode::Approval {
                text = format!("{text} {}", page.t("register-pending-text"));
            }
            render(
                StatusCode::ACCEPTED,
                &MessagePage {
                    title: page.t("register-sent-title"),
                    text,
                    link: "/login".into(),
                    link_text: page.t("nav-login"),
                    page,
                },
            )
        }
    }
}

/// A refused submission of the login or registration form, as the form shows it again: every
/// client error, "too many attempts" included (with its wait, unlike [`FormError::from_error`]);
/// anything else stays an error.
fn failed_form(
    err: AppError,
    i18n: I18n,
) -> Result<(FormError, StatusCode, Option<u64>), AppError> {
    if matches!(err, AppError::Internal(_)) {
        return Err(err);
    }
    let error = FormError {
        field: err.field(),
        message: err.message(i18n),
    };
    Ok((error, err.status(), err.retry_after()))
}

fn with_retry_after(
    mut response: Response,
    retry_after: Option<u64>,
) -> Result<Response, AppError> {
    if let Some(secs) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    Ok(response)
}

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginPage {
    page: Page,
    email: String,
    next: String,
    error: Option<FormError>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn login_form(page: Page, Query(query): Query<NextQuery>) -> Result<Response, AppError> {
    render(
        StatusCode::OK,
        &LoginPage {
            page,
            email: String::new(),
            next: local_path(query.next.as_deref()),
            error: None,
        },
    )
}

#[derive(Deserialize)]
pub struct LoginInput {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(address): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    page: Page,
    CsrfForm(input): CsrfForm<LoginInput>,
) -> Result<Response, AppError> {
    let next = local_path(input.next.as_deref());
    match super::authenticate(
        &state,
        &input.email,
        &input.password,
        client_ip(&headers, address, state.config.trust_proxy),
    )
    .await
    {
        Ok(account) => {
            let token = super::start_session(&state, account.id, AuthVia::Cookie, "").await?;
            let cookie = session_cookie(&state, &token, super::SESSION_DAYS * 86400);
            Ok(redirect_with_cookie(&next, cookie))
        }
        Err(err) => {
            let (error, status, retry_after) = failed_form(err, page.i18n)?;
            let form = LoginPage {
                page,
                email: input.email,
                next,
                error: Some(error),
            };
            with_retry_after(render(status, &form)?, retry_after)
        }
    }
}

#[derive(Deserialize)]
pub struct CsrfOnly {}

pub async fn logout(
    State(state): State<AppState>,
    OptionalMember(member): OptionalMember,
    CsrfForm(_): CsrfForm<CsrfOnly>,
) -> Result<Response, AppError> {
    if let Some(member) = member {
        super::end_session(&state, &member).await?;
    }
    Ok(redirect_with_cookie("/", session_cookie(&state, "", 0)))
}

#[derive(Template)]
#[template(path = "accounts/forgot.html")]
struct ForgotPage {
    page: Page,
    sent: bool,
}

pub async fn forgot_form(page: Page) -> Result<Response, AppError> {
    render(StatusCode::OK, &ForgotPage { page, sent: false })
}

#[derive(Deserialize)]
pub struct EmailInput {
    #[serde(default)]
    email: String,
}

pub async fn forgot(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    page: Page,
    CsrfForm(input): CsrfForm<EmailInput>,
) -> Result<Response, AppError> {
    let address = client_ip(&headers, peer, state.config.trust_proxy);
    super::request_password_reset(&state, &input.email, address).await?;
    render(StatusCode::OK, &ForgotPage { page, sent: true })
}

#[derive(Template)]
#[template(path = "accounts/reset.html")]
struct ResetPage {
    page: Page,
    token: String,
    valid: bool,
    error: Option<FormError>,
}

fn clean_token(token: String) -> String {
    token
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(64)
        .collect()
}

pub async fn reset_form(
    State(state): State<AppState>,
    page: Page,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let token = clean_token(token);
    let valid = super::reset_link_valid(&state, &token).await?;
    let status = if valid {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    render(
        status,
        &ResetPage {
            page,
            token,
            valid,
            error: None,
        },
    )
}

#[derive(Deserialize)]
pub struct PasswordInput {
    #[serde(default)]
    password: String,
}

pub async fn reset(
    State(state): State<AppState>,
    page: Page,
    Path(token): Path<String>,
    CsrfForm(input): CsrfForm<PasswordInput>,
) -> Result<Response, AppError> {
    let token = clean_token(token);
    match super::reset_password(&state, &token, &input.password).await {
        Ok(()) => Ok(Redirect::to("/login?notice=password-changed").into_response()),
        Err(err) => {
            let valid = err.code() != "link_invalid";
            let (error, status) = FormError::from_error(err, page.i18n)?;
            render(
                status,
                &ResetPage {
                    page,
                    token,
                    valid,
                    error: Some(error),
                },
            )
        }
    }
}

#[derive(Template)]
#[template(path = "accounts/message.html")]
struct MessagePage {
    page: Page,
    title: String,
    text: String,
    link: String,
    link_text: String,
}

pub async fn confirm(
    State(state): State<AppState>,
    page: Page,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let (status, text) = match super::confirm_email(&state, &clean_token(token)).await {
        Ok(()) => (StatusCode::OK, page.t("confirm-done")),
        Err(err) if err.code() == "link_invalid" => {
            (StatusCode::BAD_REQUEST, err.message(page.i18n))
        }
        Err(err) => return Err(err),
    };
    render(
        status,
        &MessagePage {
            title: page.t("confirm-title"),
            text,
            // A newcomer's first stop after signing in: their profile.
            link: "/login?next=%2Fprofile%2Fedit%3Fnotice%3Dwelcome".into(),
            link_text: page.t("nav-login"),
            page,
        },
    )
}

pub struct TokenRow {
    id: i64,
    label: String,
    created: String,
}

#[derive(Template)]
#[template(path = "accounts/settings.html")]
struct SettingsPage {
    page: Page,
    tokens: Vec<TokenRow>,
    new_token: Option<String>,
    error: Option<FormError>,
}

async fn settings_page(
    state: &AppState,
    page: Page,
    member: &CurrentMember,
    new_token: Option<String>,
    error: Option<FormError>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let tokens = db::api_tokens(&state.db, member.id)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            label: t.label,
            created: page.i18n.stored_datetime(t.created_at, &member.timezone),
        })
        .collect();
    render(
        status,
        &SettingsPage {
            page,
            tokens,
            new_token,
            error,
        },
    )
}

pub async fn settings(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
) -> Result<Response, AppError> {
    settings_page(&state, page, &member, None, None, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct ChangePasswordInput {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    CsrfForm(input): CsrfForm<ChangePasswordInput>,
) -> Result<Response, AppError> {
    match super::change_password(
        &state,
        &member,
        &input.current_password,
        &input.new_password,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to("/settings/account?notice=password-changed").into_response()),
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            settings_page(&state, page, &member, None, Some(error), status).await
        }
    }
}

#[derive(Deserialize)]
pub struct LabelInput {
    #[serde(default)]
    label: String,
}

pub async fn create_token(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    CsrfForm(input): CsrfForm<LabelInput>,
) -> Result<Response, AppError> {
    let token =
        super::start_session(&state, member.id, AuthVia::Bearer, input.label.trim()).await?;
    settings_page(
        &state,
        page,
        &member,
        Some(token),
        None,
        StatusCode::CREATED,
    )
    .await
}

pub async fn revoke_token(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<CsrfOnly>,
) -> Result<Response, AppError> {
    if !super::revoke_token(&state, &member, id).await? {
        return Err(AppError::not_found());
    }
    Ok(Redirect::to("/settings/account?notice=token-revoked").into_response())
}
