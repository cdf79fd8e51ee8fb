//! Security headers on every response.
//!
//! The Content-Security-Policy allows scripts, styles and images from the site itself only:
//! no inline script, no inline style, no framing. Handlers that serve user files set a
//! stricter policy of their own, which these layers leave in place.
//!
//! Nothing personal is stored by a browser or a proxy: an answer to a request that carries
//! credentials (a session cookie or an `Authorization` header), every answer of the JSON API,
//! and every answer that sets a cookie get `Cache-Control: no-store`, unless the handler chose
//! a policy itself (the public, immutable photos and static files do).

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::set_header::SetResponseHeaderLayer;

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
    style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
    form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Adds the security headers to every response of `router` that does not set them itself.
pub fn apply<S: Clone + Send + Sync + 'static>(router: Router<S>, https: bool) -> Router<S> {
    let set = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    let hsts = if https {
        "max-age=31536000; includeSubDomains"
    } else {
        "max-age=0"
    };
    router
        .layer(set(
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY,
        ))
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(header::X_FRAME_OPTIONS, "DENY"))
        .layer(set(header::REFERRER_POLICY, "same-origin"))
        .layer(set(
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        ))
        .layer(set(header::STRICT_TRANSPORT_SECURITY, hsts))
        .layer(middleware::from_fn(no_store_when_personal))
}

/// See the module doc: `no-store` on whatever may be personal.
async fn no_store_when_personal(request: Request, next: Next) -> Response {
    let personal = request.uri().path().starts_with("/api/")
        || request.headers().contains_key(header::AUTHORIZATION)
        || has_session_cookie(request.headers());
    let mut response = next.run(request).await;
    let sets_cookie = response.headers().contains_key(header::SET_COOKIE);
    if (personal || sets_cookie) && !response.headers().contains_key(header::CACHE_CONTROL) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

fn has_session_cookie(headers: &axum::http::HeaderMap) -> bool {
    let name = crate::web::identity::SESSION_COOKIE;
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|pair| pair.trim().split_once('=').is_some_and(|(n, _)| n == name))
}
