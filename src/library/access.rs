//! Who may see and change a document, decided in one place: public documents are for
//! everyone, members-only documents for signed-in members, hidden (deleted) ones for admins
//! only; the uploader, organisers and admins edit.

use super::db;
use super::model::Access;
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// May `viewer` see this document at all?
pub fn may_see(viewer: Option<&CurrentMember>, row: &db::DocumentRow) -> bool {
    if row.deleted_at.is_some() {
        return viewer.is_some_and(|m| m.role.is_admin());
    }
    match Access::from_db(&row.visibility) {
        Access::Public => true,
        Access::Members => viewer.is_some(),
    }
}

/// May `member` change this document (metadata, file, hiding)?
pub fn may_edit(member: &CurrentMember, row: &db::DocumentRow) -> bool {
    row.uploader_id == Some(member.id) || member.role.is_organiser()
}

/// The document if `viewer` may see it; 404 otherwise (whether it exists stays unsaid).
pub async fn visible_document(
    state: &AppState,
    viewer: Option<&CurrentMember>,
    id: i64,
) -> Result<db::DocumentRow, AppError> {
    let row = db::document(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if may_see(viewer, &row) {
        Ok(row)
    } else {
        Err(AppError::not_found())
    }
}

/// The document if `member` may change it: 404 when they may not see it or it is hidden, 403
/// when they may see but not change it.
pub(super) async fn editable_document(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
) -> Result<db::DocumentRow, AppError> {
    let row = visible_document(state, Some(member), id).await?;
    if row.deleted_at.is_some() {
        return Err(AppError::not_found());
    }
    if !may_edit(member, &row) {
        return Err(AppError::forbidden());
    }
    Ok(row)
}
