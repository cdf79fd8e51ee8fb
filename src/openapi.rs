//! The OpenAPI document of the JSON API, assembled from each capability's `ApiDoc` (part of
//! the assembly: it names every capability), and served at `/api/v1/openapi.json`.

use std::sync::LazyLock;

use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/openapi.json", get(document))
}

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

/// The body of every error answer (see `web/error.rs`).
#[derive(serde::Serialize, utoipa::ToSchema)]
#[allow(dead_code)]
struct Error {
    /// Stable snake_case code, e.g. `email_taken`.
    error: String,
    /// What went wrong, in the request's language.
    message: String,
    /// The input field at fault, for validation errors.
    field: Option<String>,
}

/// The whole document. Every operation also documents a `default` answer: the error body,
/// which any operation may give (401, 403, 404, 413, 415, 422, 429, …).
pub fn spec() -> utoipa::openapi::OpenApi {
    use utoipa::openapi::{ContentBuilder, RefOr, ResponseBuilder};
    let mut doc = Root::openapi();
    doc.merge(crate::accounts::ApiDoc::openapi());
    doc.merge(crate::members::ApiDoc::openapi());
    doc.merge(crate::notifications::ApiDoc::openapi());
    doc.merge(crate::admin::ApiDoc::openapi());
    doc.merge(crate::events::ApiDoc::openapi());
    doc.merge(crate::meetings::ApiDoc::openapi());
    doc.merge(crate::discussions::ApiDoc::openapi());
    doc.merge(crate::live::ApiDoc::openapi());
    doc.merge(crate::live::FeedbackApiDoc::openapi());
    doc.merge(crate::library::ApiDoc::openapi());
    doc.merge(crate::chat::ApiDoc::openapi());
    let components = doc.components.get_or_insert_with(Default::default);
    components
        .schemas
        .insert("Error".into(), <Error as utoipa::PartialSchema>::schema());
    let error = ResponseBuilder::new()
        .description("An error: a stable code and a translated message")
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
                    "Error",
                ))))
                .build(),
        )
        .build();
    for item in doc.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            operation
                .responses
                .responses
                .entry("default".into())
                .or_insert_with(|| RefOr::T(error.clone()));
        }
    }
    doc
}

async fn document() -> impl IntoResponse {
    static SPEC: LazyLock<serde_json::Value> =
        LazyLock::new(|| serde_json::to_value(spec()).expect("the OpenAPI document serialises"));
    Json(SPEC.clone())
}
