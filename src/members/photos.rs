//! Profile photos: decoded within bounds by `web::images` (checked by content, turned upright,
//! resized, re-encoded, which drops all metadata such as GPS positions in EXIF), stored as
//! blobs and served with a locked-down policy. Setting and removing a member's photo.

use axum::extract::{Path, State};
use axum::response::Response;

use super::{changed, db};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// Side of the square stored photo, in pixels.
pub const PHOTO_SIZE: u32 = 400;

/// Serves the photo of an active member.
pub async fn serve(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    if !db::photo_exists(&state.db, &id).await? {
        return Err(AppError::not_found());
    }
    let bytes = state
        .blobs
        .get(&id)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(crate::web::jpeg_response(bytes))
}

/// Replaces the member's photo with an uploaded image (resized, metadata stripped).
pub async fn set_photo(
    state: &AppState,
    member: &CurrentMember,
    bytes: Vec<u8>,
) -> Result<String, AppError> {
    if bytes.len() > state.config.max_photo_bytes {
        return Err(AppError::new(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "photo_too_large",
        ));
    }
    let jpeg = state
        .service::<crate::web::images::ImageDecodes>()
        .to_jpeg(bytes, PHOTO_SIZE, PHOTO_SIZE)
        .await?;
    let id = state.blobs.put(jpeg).await?;
    let old = db::set_photo(&state.db, member.id, Some(&id)).await?;
    changed(state).await?;
    if let Some(old) = old {
        state.blobs.delete(&old).await?;
    }
    Ok(id)
}

pub async fn remove_photo(state: &AppState, member: &CurrentMember) -> Result<(), AppError> {
    let old = db::set_photo(&state.db, member.id, None).await?;
    changed(state).await?;
    if let Some(old) = old {
        state.blobs.delete(&old).await?;
    }
    Ok(())
}
