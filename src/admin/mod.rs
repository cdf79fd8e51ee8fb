//! Administration: accounts (approve, block, roles), registration mode, the expertise taxonomy,
//! and the audit log (`audit.rs`).
//!
//! Every handler here starts by checking that the member is an admin; the functions it calls
//! in `accounts` and `members` check again, so no path reaches them without the role.

mod api;
mod audit;
mod pages;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub(crate) use api::ApiDoc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(pages::dashboard))
        .route("/admin/settings", post(pages::save_settings))
        .route("/admin/discussions", post(pages::save_discussions))
        .route("/admin/members", get(pages::members))
        .route("/admin/members/{id}/role", post(pages::set_role))
        .route("/admin/members/{id}/status", post(pages::set_status))
        .route(
            "/admin/expertise",
            get(pages::expertise).post(pages::save_expertise),
        )
        .route(
            "/admin/expertise/{id}/delete",
            post(pages::delete_expertise),
        )
        .route("/admin/audit", get(audit::page))
        .route("/api/v1/admin/audit", get(audit::list))
        .route("/api/v1/admin/audit.csv", get(audit::csv))
        .route("/api/v1/admin/members", get(api::members))
        .route(
            "/api/v1/admin/members/{id}",
            axum::routing::patch(api::update_member),
        )
        .route(
            "/api/v1/admin/settings",
            get(api::settings).put(api::save_settings),
        )
        .route("/api/v1/admin/expertise", post(api::save_expertise))
        .route(
            "/api/v1/admin/expertise/{slug}",
            axum::routing::delete(api::delete_expertise),
        )
}
