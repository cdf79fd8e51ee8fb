//! The OpenAPI document of the JSON API, assembled from each capability's `ApiDoc`.

use std::sync::LazyLock;

use axum::Json;
use axum::response::IntoResponse;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Circula API", version = "1", description = "JSON API of Circula. Errors are `{\"error\": code, \"message\": text}` with a stable snake_case code and a message in the request's language (Accept-Language)."),
    modifiers(&BearerAuth)
)]
struct Root;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// The whole document.
pub fn spec() -> utoipa::openapi::OpenApi {
    let mut doc = Root::openapi();
    doc.merge(crate::accounts::ApiDoc::openapi());
    doc.merge(crate::members::ApiDoc::openapi());
    doc.merge(crate::notifications::ApiDoc::openapi());
    doc.merge(crate::admin::ApiDoc::openapi());
    doc
}

pub async fn document() -> impl IntoResponse {
    static SPEC: LazyLock<serde_json::Value> =
        LazyLock::new(|| serde_json::to_value(spec()).expect("the OpenAPI document serialises"));
    Json(SPEC.clone())
}
