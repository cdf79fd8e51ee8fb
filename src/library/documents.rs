//! Changing documents: adding a link, editing metadata and hiding, for those who may edit;
//! listing hidden documents, restoring and purging them, for admins. Each write is applied to
//! this instance's index before the answer ([`refresh`]).

use super::access::editable_document;
use super::following::refresh;
use super::metadata::{MetadataInput, parse_metadata};
use super::{db, model};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// Adds a link to an outside resource.
pub async fn add_link(
    state: &AppState,
    member: &CurrentMember,
    url: &str,
    input: MetadataInput,
) -> Result<i64, AppError> {
    let url = model::parse_link(url)?;
    let meta = parse_metadata(state, input, None, None).await?;
    let id = meta
        .insert(&state.db, "link", Some(&url), member.id, None)
        .await?;
    refresh(state).await;
    Ok(id)
}

/// Changes the metadata of a document the member may edit.
pub async fn update(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
    input: MetadataInput,
) -> Result<(), AppError> {
    let row = editable_document(state, member, id).await?;
    let meta = parse_metadata(state, input, Some(&row), None).await?;
    meta.update(&state.db, id).await?;
    refresh(state).await;
    Ok(())
}

/// Hides a document: gone from lists and search; admins may still purge it.
pub async fn hide(state: &AppState, member: &CurrentMember, id: i64) -> Result<(), AppError> {
    editable_document(state, member, id).await?;
    db::hide(&state.db, id).await?;
    refresh(state).await;
    Ok(())
}

/// Deletes a document and all its files for good (admins only).
pub async fn purge(state: &AppState, member: &CurrentMember, id: i64) -> Result<(), AppError> {
    member.require_admin()?;
    db::document(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    db::purge(&state.db, id).await?;
    refresh(state).await;
    Ok(())
}

/// Most hidden documents listed at once.
pub const HIDDEN_LIMIT: i64 = 500;

/// The hidden (deleted) documents, for admins to restore or purge.
pub async fn hidden(
    state: &AppState,
    member: &CurrentMember,
) -> Result<Vec<db::DocumentRow>, AppError> {
    member.require_admin()?;
    Ok(db::hidden_documents(&state.db, HIDDEN_LIMIT).await?)
}

/// Un-hides a document (admins only): back in lists and, through the change feed, in the
/// search of every instance.
pub async fn restore(state: &AppState, member: &CurrentMember, id: i64) -> Result<(), AppError> {
    member.require_admin()?;
    if !db::restore(&state.db, id).await? {
        return Err(AppError::not_found());
    }
    refresh(state).await;
    Ok(())
}
