//! Profile photos: decoded within bounds by `web::images` (checked by content, turned upright,
//! resized, re-encoded, which drops all metadata such as GPS positions in EXIF), stored as
//! blobs and served with a locked-down policy.

use axum::extract::{Path, State};
use axum::response::Response;

use crate::state::AppState;
use crate::web::error::AppError;

/// Side of the square stored photo, in pixels.
pub const PHOTO_SIZE: u32 = 400;

/// Serves the photo of an active member.
pub async fn serve(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    if !super::db::photo_exists(&state.db, &id).await? {
        return Err(AppError::not_found());
    }
    let bytes = state
        .blobs
        .get(&id)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(crate::web::jpeg_response(bytes))
}
