//! Members: profiles of people and organisations, the directory, contact requests, the
//! expertise taxonomy and profile photos.
//!
//! Who may see what is decided in one place: [`Relation`] (anonymous, member, contact, the
//! member themself) and its `may_see` rule filter every contact detail, for pages and the API
//! alike (`profiles.rs`). Only active members appear in the directory or on profiles.
//!
//! Who may act for an organisation is decided in one place too: [`access`]. Belonging to an
//! organisation is confirmed, not declared: naming one on a profile (`editing.rs`) asks its
//! confirmed members (see [`organisations`]); `members.organisation_id` holds only confirmed
//! memberships.
//!
//! This face holds the routes, the re-exports other capabilities and the handlers use, the
//! signal subscription and the directory's cache invalidation. The rest lives by section:
//! `editing.rs` (changing one's profile), `profiles.rs` (a profile as a viewer sees it),
//! `directory.rs` (search, organisation member lists), `photos.rs`, `contacts.rs`,
//! `taxonomy.rs`.

pub mod access;
mod api;
pub mod cache;
mod contacts;
pub mod db;
mod directory;
mod editing;
pub mod membership_db;
pub mod model;
mod organisation_api;
mod organisation_pages;
pub mod organisations;
mod pages;
mod photos;
mod profiles;
mod taxonomy;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

pub use contacts::{ContactState, answer_contact, contact_state, request_contact};
pub use db::ExpertiseRow;
pub use directory::{
    DirectoryEntry, DirectoryPage, DirectoryParams, ORGANISATION_MEMBERS_MAX, directory,
    organisation_members,
};
pub use editing::{ContactInput, ProfileInput, update_profile};
pub use model::{OrgKind, Relation, Visibility};
pub use organisations::{
    OrganisationInput, admit, may_edit_organisation, pending_request_of, update_organisation,
};
pub use pages::read_photo_form as read_image_form;
pub use photos::{remove_photo, set_photo};
pub use profiles::{
    ContactView, MemberView, Named, OrganisationRef, photo_url, relation, view_member,
    visible_emails,
};
pub use taxonomy::{ExpertiseInput, delete_expertise, ensure_taxonomy, save_expertise, taxonomy};

use crate::signals::{Signal, Signals};
use crate::state::AppState;
use crate::store::versions::Area;
use crate::web::error::AppError;

pub(crate) use api::ApiDoc;

pub const PAGE_SIZE: i64 = 20;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/members", get(pages::directory))
        .route("/members/{id}", get(pages::profile))
        .route("/members/{id}/contact", post(pages::request_contact))
        .route("/profile", get(pages::my_profile))
        .route("/profile/edit", get(pages::edit_form).post(pages::edit))
        // Photos may be larger than axum's default 2 MB body limit: the site-wide request
        // limit (max_photo_bytes plus room for a form) bounds them, `set_photo` checks exactly.
        .route(
            "/profile/photo",
            post(pages::upload_photo).layer(DefaultBodyLimit::disable()),
        )
        .route("/profile/photo/delete", post(pages::delete_photo))
        .route("/organisations", get(organisation_pages::organisations))
        .route("/organisations/{id}", get(organisation_pages::organisation))
        .route(
            "/organisations/{id}/edit",
            get(organisation_pages::organisation_form).post(organisation_pages::edit_organisation),
        )
        .route(
            "/organisations/{id}/requests/{member_id}/approve",
            post(organisation_pages::approve_request),
        )
        .route(
            "/organisations/{id}/requests/{member_id}/decline",
            post(organisation_pages::decline_request),
        )
        .route(
            "/organisations/{id}/members/{member_id}/remove",
            post(organisation_pages::remove_member),
        )
        .route("/contacts", get(pages::contacts))
        .route("/contacts/{id}/accept", post(pages::accept_contact))
        .route("/contacts/{id}/decline", post(pages::decline_contact))
        .route("/contacts/remove/{member_id}", post(pages::remove_contact))
        .route("/media/photos/{id}", get(photos::serve))
        .route("/api/v1/me", get(api::me).patch(api::update_me))
        .route(
            "/api/v1/me/photo",
            axum::routing::put(api::put_photo)
                .delete(api::delete_photo)
                .layer(DefaultBodyLimit::disable()),
        )
        .route("/api/v1/members", get(api::directory))
        .route("/api/v1/members/{id}", get(api::member))
        .route(
            "/api/v1/organisations",
            get(api::organisations).post(api::create_organisation),
        )
        .route(
            "/api/v1/organisations/{id}",
            get(api::organisation).patch(api::update_organisation),
        )
        .route(
            "/api/v1/organisations/{id}/requests",
            get(organisation_api::pending_requests),
        )
        .route(
            "/api/v1/organisations/{id}/requests/{member_id}/approve",
            post(organisation_api::approve_request),
        )
        .route(
            "/api/v1/organisations/{id}/requests/{member_id}/decline",
            post(organisation_api::decline_request),
        )
        .route(
            "/api/v1/organisations/{id}/members/{member_id}",
            axum::routing::delete(organisation_api::remove_member),
        )
        .route(
            "/api/v1/organisations/{id}/history",
            get(organisation_api::history),
        )
        .route("/api/v1/expertise", get(api::expertise))
        .route(
            "/api/v1/contacts",
            get(api::contacts).post(api::request_contact),
        )
        .route("/api/v1/contacts/{id}/accept", post(api::accept_contact))
        .route("/api/v1/contacts/{id}/decline", post(api::decline_contact))
        .route(
            "/api/v1/contacts/members/{member_id}",
            axum::routing::delete(api::remove_contact),
        )
}

/// Listens for accounts (see `signals.rs`): a new account becomes findable in the directory
/// by what its profile says, and a member whose status or role changed is shown anew.
pub fn subscribe(signals: &Signals<AppState>) {
    signals.subscribe(|state: AppState, signal| async move {
        match signal {
            Signal::AccountCreated { member } => {
                if let Err(err) = db::refresh_search_terms(&state.db, member).await {
                    tracing::error!(error = %err, member, "members: cannot index a new account");
                }
                if let Err(err) = changed(&state).await {
                    tracing::error!(error = %err, member, "members: cannot record a new account");
                }
            }
            Signal::MemberChanged { member } => {
                if let Err(err) = changed(&state).await {
                    tracing::error!(error = %err, member, "members: cannot record a change");
                }
            }
        }
    });
}

/// The members' data, for caches on every instance (see `store/versions.rs`): profiles,
/// organisations, the taxonomy, and who may be shown at all.
pub const AREA: Area = Area("members");

/// The version of the members' data this instance knows, for caches of what shows it.
pub fn version(state: &AppState) -> i64 {
    state.versions.of(&[AREA])
}

/// Records a change of the members' data: the directory, the landing page, organisation pages
/// and what shows members' names read it anew, on every instance.
pub async fn changed(state: &AppState) -> Result<(), AppError> {
    Ok(state.versions.raise(&state.db, AREA).await?)
}
