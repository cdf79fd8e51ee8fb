//! Who is asking: session cookies, bearer tokens, and the extractors handlers use.
//!
//! A browser carries a `session` cookie; an API client sends `Authorization: Bearer <token>`.
//! Both are random secrets whose SHA-256 is stored in `sessions`, joined to the member on every
//! request, so blocking a member or revoking a token takes effect at the next request.
//! The lookup is cached in the request's extensions: a handler and the page layout share it.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Method, header};
use axum_extra::extract::CookieJar;

use super::db;
use super::model::{Role, Status, token_hash};
use crate::app::AppState;
use crate::web::csrf;
use crate::web::error::AppError;
use crate::web::i18n::Locale;

pub const SESSION_COOKIE: &str = "session";
pub const SESSION_DAYS: i64 = 30;
pub const API_TOKEN_DAYS: i64 = 365;

/// How the current request was authenticated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthVia {
    Cookie,
    Bearer,
}

/// The signed-in member making the request.
#[derive(Clone, Debug)]
pub struct CurrentMember {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub locale: Locale,
    pub timezone: String,
    pub session_id: i64,
    pub via: AuthVia,
}

impl CurrentMember {
    pub fn require_admin(&self) -> Result<(), AppError> {
        if self.role.is_admin() {
            Ok(())
        } else {
            Err(AppError::forbidden())
        }
    }

    pub fn require_organiser(&self) -> Result<(), AppError> {
        if self.role.is_organiser() {
            Ok(())
        } else {
            Err(AppError::forbidden())
        }
    }
}

/// The member if signed in, else `None`.
pub struct OptionalMember(pub Option<CurrentMember>);

#[derive(Clone)]
struct ViewerCache(Option<CurrentMember>);

/// Resolves the request's member once per request (see the module doc).
///
/// An invalid bearer token is an error (the client meant to authenticate); an invalid or
/// expired cookie just means "not signed in".
pub async fn viewer(
    parts: &mut Parts,
    state: &AppState,
) -> Result<Option<CurrentMember>, AppError> {
    if let Some(ViewerCache(cached)) = parts.extensions.get::<ViewerCache>() {
        return Ok(cached.clone());
    }
    let bearer = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(|v| match v.split_once(' ') {
            // The scheme name is case-insensitive (RFC 9110).
            Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => {
                Some(token.trim().to_string())
            }
            _ => None,
        });
    let found = match bearer {
        Some(Some(token)) => {
            let member = lookup(state, &token, "api", AuthVia::Bearer).await?;
            Some(member.ok_or_else(AppError::unauthenticated)?)
        }
        Some(None) => return Err(AppError::unauthenticated()),
        None => {
            let jar = CookieJar::from_headers(&parts.headers);
            match jar.get(SESSION_COOKIE) {
                Some(cookie) => {
                    let member = lookup(state, cookie.value(), "session", AuthVia::Cookie).await?;
                    let unsafe_api = parts.uri.path().starts_with("/api/")
                        && !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
                    if member.is_some() && unsafe_api {
                        csrf::check_header(parts)?;
                    }
                    member
                }
                None => None,
            }
        }
    };
    parts.extensions.insert(ViewerCache(found.clone()));
    Ok(found)
}

async fn lookup(
    state: &AppState,
    token: &str,
    kind: &str,
    via: AuthVia,
) -> Result<Option<CurrentMember>, AppError> {
    if token.len() != 43 {
        return Ok(None);
    }
    let row = db::session_member(&state.db, &token_hash(token), kind).await?;
    Ok(active_member(row, via))
}

fn active_member(row: Option<db::SessionMember>, via: AuthVia) -> Option<CurrentMember> {
    row.filter(|row| Status::from_db(&row.status) == Status::Active)
        .map(|row| CurrentMember {
            id: row.id,
            role: Role::from_db(&row.role),
            locale: Locale::parse(&row.locale).unwrap_or(Locale::En),
            email: row.email,
            name: row.name,
            timezone: row.timezone,
            session_id: row.session_id,
            via,
        })
}

/// The member of an already authenticated connection, as of now: `None` once its session
/// or token ended or expired or the account was blocked. For long-lived connections (the
/// chat socket), which authenticate once.
pub async fn recheck(
    state: &AppState,
    member: &CurrentMember,
) -> Result<Option<CurrentMember>, AppError> {
    let row = db::session_member_by_id(&state.db, member.session_id).await?;
    Ok(active_member(row, member.via))
}

impl FromRequestParts<AppState> for CurrentMember {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<CurrentMember, AppError> {
        viewer(parts, state)
            .await?
            .ok_or_else(AppError::unauthenticated)
    }
}

impl FromRequestParts<AppState> for OptionalMember {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<OptionalMember, AppError> {
        Ok(OptionalMember(viewer(parts, state).await?))
    }
}
