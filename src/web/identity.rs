//! Who is asking: the signed-in member, their role and status, and the extractors handlers
//! use. Accounts create and end sessions; this module only recognises them, so that every
//! floor above `web/` can ask who is asking without depending on accounts.
//!
//! A browser carries a `session` cookie; an API client sends `Authorization: Bearer <token>`.
//! Both are random secrets ([`random_token`]) whose SHA-256 ([`token_hash`]) is stored in
//! `sessions`, joined to the member on every request, so blocking a member or revoking a token
//! takes effect at the next request. The lookup is cached in the request's extensions: a
//! handler and the page layout share it.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Method, header};
use axum_extra::extract::CookieJar;
use base64::Engine;
use rand::Rng;
use sha2::{Digest, Sha256};
use sqlx::FromRow;

use super::csrf;
use super::error::AppError;
use super::i18n::Locale;
use crate::state::AppState;
use crate::store::{Db, now_ms};

pub const SESSION_COOKIE: &str = "session";

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

    /// The member with this address, acting outside a request (the command line, the
    /// example content): their current role, name and zone, no session.
    pub async fn acting_as(db: &Db, email: &str) -> sqlx::Result<Option<CurrentMember>> {
        let row: Option<(i64, String, String, String, String)> =
            sqlx::query_as("SELECT id, email, name, role, timezone FROM members WHERE email = $1")
                .bind(email.trim())
                .fetch_optional(&db.pool)
                .await?;
        Ok(row.map(|(id, email, name, role, timezone)| CurrentMember {
            id,
            email,
            name,
            role: Role::from_db(&role),
            locale: Locale::En,
            timezone,
            session_id: 0,
            via: AuthVia::Cookie,
        }))
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
    let row = session_member(&state.db, &token_hash(token), kind).await?;
    Ok(active_member(row, via))
}

fn active_member(row: Option<SessionMember>, via: AuthVia) -> Option<CurrentMember> {
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
    let row = session_member_by_id(&state.db, member.session_id).await?;
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

/// What a member may do beyond the basics.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Member,
    Organiser,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Member, Role::Organiser, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Organiser => "organiser",
            Role::Admin => "admin",
        }
    }

    pub fn parse(input: &str) -> Result<Role, AppError> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == input.trim().to_lowercase())
            .ok_or_else(|| AppError::invalid("role", "role_invalid"))
    }

    /// A stored role; an unknown value reads as the least privileged role.
    pub fn from_db(value: &str) -> Role {
        Role::parse(value).unwrap_or(Role::Member)
    }

    pub fn is_admin(self) -> bool {
        self == Role::Admin
    }

    /// Organisers and admins run events and moderate.
    pub fn is_organiser(self) -> bool {
        self >= Role::Organiser
    }
}

/// Where an account stands.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Registered while registration needs approval; cannot log in yet.
    Pending,
    Active,
    /// Stopped by an admin: cannot log in, sessions and tokens no longer work.
    Blocked,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Active => "active",
            Status::Blocked => "blocked",
        }
    }

    pub fn from_db(value: &str) -> Status {
        match value {
            "pending" => Status::Pending,
            "blocked" => Status::Blocked,
            _ => Status::Active,
        }
    }
}

/// A new random secret: 32 bytes, URL-safe base64 (43 characters).
pub fn random_token() -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::rng().random::<[u8; 32]>())
}

/// How a secret token is stored: its SHA-256, so a database leak gives away no session.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[derive(Clone, Debug, FromRow)]
pub struct SessionMember {
    pub session_id: i64,
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: String,
    pub status: String,
    pub locale: String,
    pub timezone: String,
}

/// A session's member, for [`SessionMember`]; the query adds which session.
const SESSION_MEMBER: &str = "SELECT s.id AS session_id, m.id, m.email, m.name, m.role, \
    m.status, m.locale, m.timezone FROM sessions s JOIN members m ON m.id = s.member_id";

pub async fn session_member(
    db: &Db,
    token_hash: &str,
    kind: &str,
) -> sqlx::Result<Option<SessionMember>> {
    sqlx::query_as(&format!(
        "{SESSION_MEMBER} WHERE s.token_hash = $1 AND s.kind = $2 AND s.expires_at > $3"
    ))
    .bind(token_hash)
    .bind(kind)
    .bind(now_ms())
    .fetch_optional(&db.pool)
    .await
}

/// The member of a session by its id, if the session has not ended or expired.
pub async fn session_member_by_id(db: &Db, session_id: i64) -> sqlx::Result<Option<SessionMember>> {
    sqlx::query_as(&format!(
        "{SESSION_MEMBER} WHERE s.id = $1 AND s.expires_at > $2"
    ))
    .bind(session_id)
    .bind(now_ms())
    .fetch_optional(&db.pool)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_order_and_parse() {
        assert!(Role::Admin.is_organiser());
        assert!(!Role::Member.is_organiser());
        assert_eq!(Role::parse("Organiser").unwrap(), Role::Organiser);
        assert!(Role::parse("root").is_err());
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = random_token();
        assert_eq!(a.len(), 43);
        assert_ne!(a, random_token());
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }
}
