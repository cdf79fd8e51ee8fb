//! Shared HTTP pieces: errors, CSRF, languages, page layout, security headers, static files.

pub mod charts;
pub mod csrf;
pub mod error;
pub mod form;
pub mod i18n;
pub mod identity;
pub mod images;
pub mod layout;
pub mod limits;
pub mod metrics;
pub mod redirect;
pub mod related;
pub mod render_cache;
pub mod security;
pub mod server;
pub mod tables;
pub mod text;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use self::error::AppError;
use self::i18n::{I18n, LANG_COOKIE, Locale};
pub use self::redirect::local_path;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/lang/{code}", get(switch_language))
        .route("/static/{file}", get(static_file))
        .route("/favicon.ico", get(favicon))
        .route("/metrics", get(metrics::scrape))
}

/// 200 when the database answers, 503 otherwise.
async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(err) => {
            tracing::warn!(error = %err, "health check: database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

#[derive(serde::Deserialize)]
struct Next {
    next: Option<String>,
}

/// Remembers the chosen language in a cookie and goes back to the page it was chosen on.
async fn switch_language(
    Path(code): Path<String>,
    Query(next): Query<Next>,
) -> Result<Response, AppError> {
    let locale = Locale::parse(&code).ok_or_else(AppError::not_found)?;
    let target = local_path(next.next.as_deref());
    let mut response = Redirect::to(&target).into_response();
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        locale.code()
    );
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(anyhow::Error::from)?,
    );
    Ok(response)
}

/// The client's address: the peer's, or behind a trusted local proxy the last address that
/// proxy appended to `X-Forwarded-For` (earlier entries come from the client and prove nothing).
pub fn client_ip(
    headers: &axum::http::HeaderMap,
    peer: std::net::SocketAddr,
    trust_proxy: bool,
) -> std::net::IpAddr {
    if trust_proxy && peer.ip().is_loopback() {
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<std::net::IpAddr>().ok())
            .next_back();
        if let Some(address) = forwarded {
            return address;
        }
    }
    peer.ip()
}

/// The project's own CSS and JS, compiled into the binary.
async fn static_file(Path(file): Path<String>) -> Result<Response, AppError> {
    let (body, content_type): (&'static str, &str) = match file.as_str() {
        "circula.css" => (
            include_str!("../../static/circula.css"),
            "text/css; charset=utf-8",
        ),
        "events.js" => (
            include_str!("../../static/events.js"),
            "text/javascript; charset=utf-8",
        ),
        "circula.js" => (
            include_str!("../../static/circula.js"),
            "text/javascript; charset=utf-8",
        ),
        "library.js" => (
            include_str!("../../static/library.js"),
            "text/javascript; charset=utf-8",
        ),
        "live.js" => (
            include_str!("../../static/live.js"),
            "text/javascript; charset=utf-8",
        ),
        "chat.js" => (
            include_str!("../../static/chat.js"),
            "text/javascript; charset=utf-8",
        ),
        "favicon.svg" => (include_str!("../../static/favicon.svg"), "image/svg+xml"),
        _ => return Err(AppError::not_found()),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response())
}

/// The icon, for browsers and feed readers that ask for it by its old name without reading
/// the page's `<link rel="icon">`.
async fn favicon() -> Result<Response, AppError> {
    static_file(Path("favicon.svg".to_owned())).await
}

/// A stored JPEG (a photo, a cover): cached for good (its id changes with its content) and
/// locked down, so that it can never run as a page.
pub fn jpeg_response(bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; sandbox",
            ),
        ],
        bytes,
    )
        .into_response()
}

/// A JSON request body; malformed or mistyped JSON becomes a clear API error.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> axum::extract::FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(
        request: axum::extract::Request,
        state: &S,
    ) -> Result<ApiJson<T>, AppError> {
        use axum::extract::rejection::JsonRejection;
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(AppError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "json_expected",
            )),
            Err(JsonRejection::JsonDataError(_)) => Err(AppError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "json_invalid",
            )),
            Err(JsonRejection::BytesRejection(_)) => Err(AppError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
            )),
            Err(_) => Err(AppError::bad_request("json_invalid")),
        }
    }
}

/// An error shown in a form, with the field it concerns.
#[derive(Clone, Debug)]
pub struct FormError {
    pub field: Option<&'static str>,
    pub message: String,
}

impl FormError {
    /// Turns a client error into a form message; anything else stays an error.
    pub fn from_error(err: AppError, i18n: I18n) -> Result<(FormError, StatusCode), AppError> {
        match err {
            AppError::Client { status, .. } if status != StatusCode::TOO_MANY_REQUESTS => Ok((
                FormError {
                    field: err.field(),
                    message: err.message(i18n),
                },
                status,
            )),
            other => Err(other),
        }
    }

    pub fn is_on(error: &Option<FormError>, field: &str) -> bool {
        error.as_ref().is_some_and(|e| e.field == Some(field))
    }
}

/// Renders a template into a response with the given status.
pub fn render(status: StatusCode, template: &impl askama::Template) -> Result<Response, AppError> {
    let html = template.render()?;
    Ok((status, axum::response::Html(html)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_ip_trusts_only_a_local_proxy() {
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            "203.0.113.9, 198.51.100.7".parse().unwrap(),
        );
        let local: std::net::SocketAddr = "127.0.0.1:5000".parse().unwrap();
        let remote: std::net::SocketAddr = "192.0.2.1:5000".parse().unwrap();
        assert_eq!(client_ip(&headers, local, true).to_string(), "198.51.100.7");
        assert_eq!(client_ip(&headers, local, false), local.ip());
        assert_eq!(client_ip(&headers, remote, true), remote.ip());
        assert_eq!(
            client_ip(&axum::http::HeaderMap::new(), local, true),
            local.ip()
        );
    }
}
