//! Files attached to messages: storing an upload (its size checked, its type decided from
//! its content, its name made safe) and serving it, by its key, to members who may read the
//! message.

use super::access::readable_message;
use super::{db, model};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// An attachment to send with a message.
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

pub(super) async fn store_upload(
    state: &AppState,
    member: &CurrentMember,
    channel_id: i64,
    upload: Upload,
) -> Result<i64, AppError> {
    if upload.bytes.is_empty() {
        return Err(AppError::invalid("file", "chat_file_empty"));
    }
    if upload.bytes.len() > state.config.chat_max_upload_bytes {
        return Err(AppError::Client {
            status: axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            code: "chat_file_too_large",
            field: Some("file"),
            retry_after: None,
        });
    }
    let content_type = model::attachment_type(&upload.bytes);
    let name = model::attachment_name(&upload.name);
    let size = upload.bytes.len() as i64;
    let blob = state.blobs.put(upload.bytes).await?;
    Ok(db::insert_attachment(
        &state.db,
        channel_id,
        member.id,
        &blob,
        &name,
        content_type,
        size,
    )
    .await?)
}

/// A file attached to a message, by its key: only for a member who may read the message
/// ([`access`] to its channel), and only while the message is neither deleted nor hidden.
/// Anything else is 404, so a key reveals nothing about a file one may not have.
///
/// The rule is "may read the message", not "has joined the channel": in a public channel,
/// members who have not joined read the history with its file links, and a link they can
/// see should work; the key, 256 random bits, keeps out everyone who cannot see it.
pub async fn attachment(
    state: &AppState,
    member: &CurrentMember,
    key: &str,
) -> Result<(db::AttachmentRow, Vec<u8>), AppError> {
    if key.len() > 64 {
        return Err(AppError::not_found());
    }
    let found = db::attachment_by_key(&state.db, key)
        .await?
        .ok_or_else(AppError::not_found)?;
    let (message, _) = readable_message(state, member, found.message_id).await?;
    if message.hidden_at.is_some() {
        return Err(AppError::not_found());
    }
    let bytes = state
        .blobs
        .get(&found.blob)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok((found, bytes))
}
