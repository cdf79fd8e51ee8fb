//! The one error type of the web layer, and how errors become responses.
//!
//! Handlers return `Result<_, AppError>`. An [`AppError`] carries a status, a stable snake_case
//! code (part of the API: clients match on it) and, for validation errors, the offending field.
//! Its message is the Fluent message `error-<code>` (underscores as dashes) in the user's
//! language. Because `IntoResponse` cannot see the request, an error first becomes a bodiless
//! response carrying an [`ErrorReport`]; the [`render_errors`] middleware, which knows the
//! request's language and path, writes the body: JSON `{"error", "message", "field"?}` under
//! `/api/`, an HTML page elsewhere, or a redirect to the login page for `unauthenticated`.
//! Responses that axum or tower produce on their own (404, 405, 413, rejected JSON) pass
//! through the same middleware, so every error reads alike.
//!
//! Unexpected errors (database, I/O) are logged with their cause and answered with a generic
//! message: internal text never reaches a client. A unique-constraint violation that a handler
//! did not anticipate is a 409 `conflict`, not a 500.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use super::i18n::{I18n, request_locale};
use crate::state::AppState;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// An expected failure the user can act on.
    #[error("{code} ({status})")]
    Client {
        status: StatusCode,
        code: &'static str,
        field: Option<&'static str>,
        retry_after: Option<u64>,
    },
    /// Anything else: logged, answered with a generic 500.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn new(status: StatusCode, code: &'static str) -> AppError {
        AppError::Client {
            status,
            code,
            field: None,
            retry_after: None,
        }
    }

    /// Input that does not pass validation: 422 with the field it concerns.
    pub fn invalid(field: &'static str, code: &'static str) -> AppError {
        AppError::Client {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code,
            field: Some(field),
            retry_after: None,
        }
    }

    pub fn bad_request(code: &'static str) -> AppError {
        AppError::new(StatusCode::BAD_REQUEST, code)
    }

    pub fn not_found() -> AppError {
        AppError::new(StatusCode::NOT_FOUND, "not_found")
    }

    pub fn forbidden() -> AppError {
        AppError::new(StatusCode::FORBIDDEN, "forbidden")
    }

    pub fn forbidden_code(code: &'static str) -> AppError {
        AppError::new(StatusCode::FORBIDDEN, code)
    }

    pub fn unauthenticated() -> AppError {
        AppError::new(StatusCode::UNAUTHORIZED, "unauthenticated")
    }

    pub fn conflict(code: &'static str) -> AppError {
        AppError::new(StatusCode::CONFLICT, code)
    }

    pub fn too_many_requests(retry_after_secs: u64) -> AppError {
        AppError::too_many("too_many_requests", retry_after_secs)
    }

    /// A 429 with a code of its own, answered with `Retry-After` (at least one second).
    pub fn too_many(code: &'static str, retry_after_secs: u64) -> AppError {
        AppError::Client {
            status: StatusCode::TOO_MANY_REQUESTS,
            code,
            field: None,
            retry_after: Some(retry_after_secs.max(1)),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Client { status, .. } => *status,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::Client { code, .. } => code,
            AppError::Internal(_) => "internal",
        }
    }

    pub fn field(&self) -> Option<&'static str> {
        match self {
            AppError::Client { field, .. } => *field,
            AppError::Internal(_) => None,
        }
    }

    /// Seconds to wait before trying again, for `too_many_requests`.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::Client { retry_after, .. } => *retry_after,
            AppError::Internal(_) => None,
        }
    }

    /// The message for the user, in their language.
    pub fn message(&self, i18n: I18n) -> String {
        message_for(self.code(), i18n)
    }
}

fn message_for(code: &str, i18n: I18n) -> String {
    let key = format!("error-{}", code.replace('_', "-"));
    i18n.try_t(&key).unwrap_or_else(|| i18n.t("error-internal"))
}

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> AppError {
        if crate::store::is_unique_violation(&err) {
            return AppError::conflict("conflict");
        }
        AppError::Internal(err.into())
    }
}

impl From<askama::Error> for AppError {
    fn from(err: askama::Error) -> AppError {
        AppError::Internal(err.into())
    }
}

/// What the [`render_errors`] middleware needs to write an error's body.
#[derive(Clone, Debug)]
pub struct ErrorReport {
    pub code: &'static str,
    pub field: Option<&'static str>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(err) = &self {
            tracing::error!(error = ?err, "request failed");
        }
        let mut response = self.status().into_response();
        if let AppError::Client {
            retry_after: Some(secs),
            ..
        } = &self
        {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(*secs));
        }
        response.extensions_mut().insert(ErrorReport {
            code: self.code(),
            field: self.field(),
        });
        response
    }
}

/// The stable code for an error response that did not come from an [`AppError`].
fn code_for_status(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "unauthenticated",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "invalid_input",
        StatusCode::TOO_MANY_REQUESTS => "too_many_requests",
        s if s.is_client_error() => "bad_request",
        _ => "internal",
    }
}

#[derive(askama::Template)]
#[template(path = "error.html")]
struct ErrorPage {
    page: super::layout::Page,
    message: String,
    status: u16,
}

/// Writes the body of every error response, in the request's language (see the module doc).
pub async fn render_errors(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let i18n = I18n::new(request_locale(&parts));
    let path = parts.uri.path().to_string();
    let path_and_query = parts
        .uri
        .path_and_query()
        .map_or_else(|| path.clone(), |pq| pq.to_string());
    // `/metrics` answers a scraper, not a person: its errors are JSON too.
    let is_api = path.starts_with("/api/") || path == "/metrics";
    let mut page_parts = parts.clone();
    let response = next.run(Request::from_parts(parts, body)).await;

    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let report = match response.extensions().get::<ErrorReport>() {
        Some(report) => report.clone(),
        None => {
            // Produced by axum or tower itself: replace only plain-text or empty bodies.
            let plain = response
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_none_or(|ct| ct.starts_with("text/plain"));
            if !plain {
                return response;
            }
            ErrorReport {
                code: code_for_status(status),
                field: None,
            }
        }
    };
    let message = message_for(report.code, i18n);
    let retry_after = response.headers().get(header::RETRY_AFTER).cloned();

    let mut out = if is_api {
        let mut body = serde_json::json!({ "error": report.code, "message": message });
        if let Some(field) = report.field {
            body["field"] = field.into();
        }
        (status, axum::Json(body)).into_response()
    } else if report.code == "unauthenticated" {
        let next =
            url::form_urlencoded::byte_serialize(path_and_query.as_bytes()).collect::<String>();
        Redirect::to(&format!("/login?next={next}")).into_response()
    } else {
        let page = super::layout::Page::build(&mut page_parts, &state).await;
        let html = ErrorPage {
            page,
            message,
            status: status.as_u16(),
        };
        match askama::Template::render(&html) {
            Ok(html) => (status, axum::response::Html(html)).into_response(),
            Err(err) => {
                tracing::error!(error = ?err, "error page failed to render");
                status.into_response()
            }
        }
    };
    if let Some(value) = retry_after {
        out.headers_mut().insert(header::RETRY_AFTER, value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::Locale;

    #[test]
    fn status_mapping() {
        assert_eq!(AppError::not_found().status(), StatusCode::NOT_FOUND);
        assert_eq!(
            AppError::invalid("email", "email_invalid").status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            AppError::too_many_requests(0).status(),
            StatusCode::TOO_MANY_REQUESTS
        );
        let internal = AppError::Internal(anyhow::anyhow!("disk on fire"));
        assert_eq!(internal.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(internal.code(), "internal");
        assert_eq!(
            code_for_status(StatusCode::METHOD_NOT_ALLOWED),
            "method_not_allowed"
        );
        assert_eq!(
            code_for_status(StatusCode::PAYLOAD_TOO_LARGE),
            "payload_too_large"
        );
    }

    #[test]
    fn internal_text_never_reaches_the_message() {
        let internal = AppError::Internal(anyhow::anyhow!("password=hunter2"));
        let message = internal.message(I18n::new(Locale::En));
        assert!(!message.contains("hunter2"));
        assert!(!message.is_empty());
    }

    #[test]
    fn retry_after_header_is_set() {
        let response = AppError::too_many_requests(30).into_response();
        assert_eq!(response.headers()[header::RETRY_AFTER], "30");
        assert_eq!(
            response.extensions().get::<ErrorReport>().unwrap().code,
            "too_many_requests"
        );
    }

    #[test]
    fn messages_are_translated() {
        let err = AppError::invalid("email", "email_invalid");
        let en = err.message(I18n::new(Locale::En));
        let ru = err.message(I18n::new(Locale::Ru));
        assert_ne!(en, ru);
        assert_ne!(en, I18n::new(Locale::En).t("error-internal"));
    }
}
