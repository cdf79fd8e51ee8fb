//! Cross-site request forgery protection for forms (double-submit token).
//!
//! Every visitor gets a random token in the `csrf` cookie (HttpOnly, SameSite=Lax), set by
//! [`ensure_cookie`] on their first request. Each form carries the same token in a hidden
//! `csrf` field, and [`CsrfForm`] refuses a submission whose field does not match the cookie:
//! another site can make a browser send the cookie but can neither read it nor the page's
//! field. JSON API calls authenticated by the session cookie must send the token in an
//! `X-CSRF-Token` header instead; bearer-token calls need none.

use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use serde::de::DeserializeOwned;

use super::error::AppError;
use crate::state::AppState;

pub const CSRF_COOKIE: &str = "csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The visitor's CSRF token, to put into forms.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

/// Makes sure the visitor has a CSRF cookie, and exposes the token to handlers.
pub async fn ensure_cookie(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let existing = CookieJar::from_headers(request.headers())
        .get(CSRF_COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| v.len() == 43);
    let (token, fresh) = match existing {
        Some(token) => (token, false),
        None => (crate::web::identity::random_token(), true),
    };
    request.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(request).await;
    if fresh {
        let secure = if state.config.secure_cookies() {
            "; Secure"
        } else {
            ""
        };
        let cookie = format!("{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{secure}");
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

impl<S: Send + Sync> FromRequestParts<S> for CsrfToken {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<CsrfToken, AppError> {
        parts
            .extensions
            .get::<CsrfToken>()
            .cloned()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("CSRF middleware missing")))
    }
}

/// True when `submitted` matches the visitor's token, compared in constant time.
pub fn matches(token: &CsrfToken, submitted: &str) -> bool {
    let (a, b) = (token.0.as_bytes(), submitted.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Checks the `X-CSRF-Token` header of a cookie-authenticated API call.
pub fn check_header(parts: &Parts) -> Result<(), AppError> {
    let token = parts.extensions.get::<CsrfToken>();
    let submitted = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    match (token, submitted) {
        (Some(token), Some(submitted)) if matches(token, submitted) => Ok(()),
        _ => Err(AppError::new(
            axum::http::StatusCode::FORBIDDEN,
            "csrf_failed",
        )),
    }
}

#[derive(serde::Deserialize)]
struct CsrfField {
    #[serde(default)]
    csrf: String,
}

/// A URL-encoded form whose `csrf` field must match the visitor's token.
pub struct CsrfForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for CsrfForm<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<CsrfForm<T>, AppError> {
        let token = request.extensions().get::<CsrfToken>().cloned();
        let bytes = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(|_| AppError::bad_request("bad_request"))?;
        let field: CsrfField = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| AppError::bad_request("bad_request"))?;
        match token {
            Some(token) if matches(&token, &field.csrf) => {}
            _ => {
                return Err(AppError::new(
                    axum::http::StatusCode::FORBIDDEN,
                    "csrf_failed",
                ));
            }
        }
        let value = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| AppError::bad_request("bad_request"))?;
        Ok(CsrfForm(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_comparison() {
        let token = CsrfToken("a".repeat(43));
        assert!(matches(&token, &"a".repeat(43)));
        assert!(!matches(&token, &"b".repeat(43)));
        assert!(!matches(&token, ""));
    }
}
