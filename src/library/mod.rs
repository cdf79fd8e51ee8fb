//! Library: documents and links with metadata, text extraction, multilingual full-text search
//! and access levels.
//!
//! - Files are streamed to a temporary file while counting (over the limit: 413 at once, and
//!   a `Content-Length` above it is refused before a byte is read), judged by content against
//!   the claimed format (415), and stored in the database in chunks ([`blobs`] explains why).
//! - Text is extracted ([`extract`]) at once for small files, in the background for large ones;
//!   a failure reason is stored and shown to those who may edit the document.
//! - Search runs on a tantivy index in the data folder ([`index`]). Every write appends to the
//!   `library_changes` feed in the database; each instance follows that feed ([`follow_changes`]
//!   polls it four times a second, and an instance applies its own writes before answering), so
//!   two instances over one PostgreSQL find each other's uploads within a second. The hourly
//!   [`housekeeping`] prunes entries older than a day (never the newest) and records how far;
//!   an index that applied less than that rebuilds instead of missing changes. It also sweeps
//!   file chunks that no version references ([`blobs::sweep_orphans`]).
//! - Who may see and change what is decided in one place, `access.rs` ([`may_see`],
//!   [`may_edit`]): public
//!   documents are for everyone, members-only documents for signed-in members, hidden
//!   (deleted) ones for admins only; the uploader, organisers and admins edit. Admins list
//!   hidden documents (`/library/hidden`), restore them or purge them.
//!
//! Other capabilities use the library through the public functions below: [`documents_by_ids`]
//! and collections ([`add_to_collection`], [`collection`]), a generic way to group documents,
//! for example the materials of an event (`event:42`).
//!
//! This face holds the routes and what other capabilities call; the pipelines live beside it:
//! `receiving.rs` (multipart uploads, CSRF, the size limit), `files.rs` (judging, storing and
//! extracting files), `metadata.rs`, `documents.rs` (links, editing, hiding, restoring),
//! `following.rs` (the index following the change feed), `housekeeping.rs`, and `pages/` and
//! `api.rs` for HTML and JSON.

mod access;
mod api;
pub mod blobs;
pub mod db;
mod demo;
mod documents;
pub mod extract;
mod files;
mod following;
mod housekeeping;
pub mod import;
pub mod index;
mod metadata;
pub mod model;
mod pages;
mod receiving;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

pub use access::{may_edit, may_see, visible_document};
pub use demo::load_demo;
pub use documents::{HIDDEN_LIMIT, add_link, hidden, hide, purge, restore, update};
pub use files::{INLINE_EXTRACTION_BYTES, replace_file, upload};
pub use following::{Library, WRITER_MEMORY, WRITER_QUIET, WRITER_THREADS, follow_changes};
pub use housekeeping::{FEED_KEEP_MS, Housekept, ORPHAN_CHUNK_AGE_MS, housekeep, housekeeping};
pub use index::{SearchParams, SearchResults, Sort};
pub use metadata::{Metadata, MetadataInput};
pub use model::{Access, DocType, Format};
pub use receiving::{Received, UploadForm, check_length, receive, too_large};

use crate::state::AppState;
use crate::store::Db;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

pub(crate) use api::ApiDoc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/library", get(pages::list))
        .route(
            "/library/upload",
            get(pages::upload_form)
                .post(pages::upload)
                .layer(DefaultBodyLimit::disable()),
        )
        .route("/library/link", post(pages::add_link))
        .route("/library/{id}", get(pages::document))
        .route(
            "/library/{id}/edit",
            get(pages::edit_form).post(pages::edit),
        )
        .route(
            "/library/{id}/replace",
            post(pages::replace).layer(DefaultBodyLimit::disable()),
        )
        .route("/library/{id}/delete", post(pages::delete))
        .route("/library/{id}/purge", post(pages::purge))
        .route("/library/{id}/restore", post(pages::restore))
        .route("/library/hidden", get(pages::hidden))
        .route("/api/v1/library/hidden", get(api::hidden))
        .route("/api/v1/library/documents/{id}/restore", post(api::restore))
        .route(
            "/api/v1/library/documents",
            post(api::upload).layer(DefaultBodyLimit::disable()),
        )
        .route("/api/v1/library/links", post(api::add_link))
        .route("/api/v1/library/search", get(api::search))
        .route(
            "/api/v1/library/documents/{id}",
            get(api::get_document)
                .patch(api::update_document)
                .delete(api::delete_document),
        )
        .route(
            "/api/v1/library/documents/{id}/file",
            get(api::download)
                .put(api::replace_file)
                .layer(DefaultBodyLimit::disable()),
        )
        .route("/api/v1/library/documents/{id}/purge", post(api::purge))
}

/// The version of what the library shows (documents, their files and collections) on this
/// instance, for caches of pages built on it: it rises with every change, once applied here.
pub fn position(state: &AppState) -> i64 {
    state.service::<Library>().position()
}

/// Searches what `viewer` may see.
pub async fn search(
    state: &AppState,
    viewer: Option<&CurrentMember>,
    mut params: SearchParams,
) -> Result<SearchResults, AppError> {
    params.members = viewer.is_some();
    Ok(state.service::<Library>().search(params).await?)
}

/// A document in a list: what other capabilities show of it.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct DocumentSummary {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub doc_type: String,
    pub year: Option<i64>,
    pub languages: Vec<String>,
    pub visibility: String,
    /// Format of the current file (pdf, docx, …); none for links.
    pub format: Option<String>,
    /// The outside address, for links.
    pub url: Option<String>,
    /// The page of the document on this site.
    pub link: String,
}

impl DocumentSummary {
    fn from_row(row: &db::DocumentRow) -> DocumentSummary {
        DocumentSummary {
            id: row.id,
            kind: row.kind.clone(),
            title: row.title.clone(),
            doc_type: row.doc_type.clone(),
            year: row.year,
            languages: model::split_list(&row.languages),
            visibility: row.visibility.clone(),
            format: row.format.clone(),
            url: row.url.clone(),
            link: format!("/library/{}", row.id),
        }
    }
}

/// The documents among `ids` that `viewer` may see, in the order of `ids`.
pub async fn documents_by_ids(
    state: &AppState,
    viewer: Option<&CurrentMember>,
    ids: &[i64],
) -> Result<Vec<DocumentSummary>, AppError> {
    let rows = db::documents(&state.db, ids).await?;
    Ok(ids
        .iter()
        .filter_map(|id| rows.iter().find(|r| r.id == *id))
        .filter(|row| may_see(viewer, row))
        .map(DocumentSummary::from_row)
        .collect())
}

/// The documents among `ids` that every signed-in member may see (live, public or members
/// only), in no particular order. For places that show one answer to many members at once,
/// such as a chat message fanned out to a channel: hidden documents, which only admins may
/// see, are left out.
pub async fn documents_for_every_member(
    db: &Db,
    ids: &[i64],
) -> sqlx::Result<Vec<DocumentSummary>> {
    let rows = db::documents(db, ids).await?;
    Ok(rows
        .iter()
        .filter(|row| {
            row.deleted_at.is_none()
                && match Access::from_db(&row.visibility) {
                    Access::Public | Access::Members => true,
                }
        })
        .map(DocumentSummary::from_row)
        .collect())
}

/// Puts a document into a collection (at `position`; again: moves it).
pub async fn add_to_collection(
    state: &AppState,
    collection: &str,
    document_id: i64,
    position: i64,
) -> Result<(), AppError> {
    model::check_collection(collection)?;
    db::document(&state.db, document_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    db::add_to_collection(&state.db, collection, document_id, position).await?;
    following::refresh(state).await;
    Ok(())
}

pub async fn remove_from_collection(
    state: &AppState,
    collection: &str,
    document_id: i64,
) -> Result<(), AppError> {
    model::check_collection(collection)?;
    db::remove_from_collection(&state.db, collection, document_id).await?;
    following::refresh(state).await;
    Ok(())
}

/// The documents of a collection that `viewer` may see, in order.
pub async fn collection(
    state: &AppState,
    viewer: Option<&CurrentMember>,
    collection: &str,
) -> Result<Vec<DocumentSummary>, AppError> {
    model::check_collection(collection)?;
    let ids = db::collection_ids(&state.db, collection).await?;
    documents_by_ids(state, viewer, &ids).await
}
