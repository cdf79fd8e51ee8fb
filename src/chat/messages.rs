//! Messages: sending (idempotent per author and `client_id`, with an optional file or
//! library document), editing, deleting and hiding, a page of history, search, and the
//! message as members see it (linked documents resolved).
//!
//! A write commits first and is published after (see [`super::hub`]): an acknowledged message
//! is in the database.

use super::access::readable_message;
use super::attachments::{Upload, store_upload};
use super::hub::Event;
use super::mentions::notify_mentions;
use super::model::{Body, ClientId};
use super::protocol::MessageOut;
use super::{access, db, hub_of};
use crate::state::AppState;
use crate::store::Db;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// Stores a message durably and publishes it. Returns the message and whether it is new
/// (false: the author already sent this `client_id`, and the stored message is returned).
pub async fn post_message(
    state: &AppState,
    member: &CurrentMember,
    channel_id: i64,
    body: &str,
    client_id: Option<&str>,
    upload: Option<Upload>,
    document_id: Option<i64>,
) -> Result<(MessageOut, bool), AppError> {
    let client_id = client_id.map(ClientId::parse).transpose()?;
    // The insert itself checks that the author may post, and `refused` says why not. A file
    // or a linked document is looked at only where the author may post.
    if upload.is_some() || document_id.is_some() {
        access(state, member, channel_id).await?.require_post()?;
    }
    // A client_id already used is caught by its unique index when the message is inserted;
    // with a file, look first, so that a resent form does not store the file twice.
    if upload.is_some()
        && let Some(client_id) = &client_id
        && let Some(existing) =
            db::message_by_client(&state.db, member.id, client_id.as_str()).await?
    {
        return resent(state, existing, channel_id).await;
    }
    let body = Body::parse(body)?;
    if let Some(document_id) = document_id {
        linkable_document(state, member, document_id).await?;
    }
    let attachment_id = match upload {
        Some(upload) => Some(store_upload(state, member, channel_id, upload).await?),
        None => None,
    };
    let html = body.html();
    let new = db::NewMessage {
        channel_id,
        author_id: member.id,
        client_id: client_id.as_ref().map(ClientId::as_str),
        body: body.as_str(),
        body_html: &html,
        attachment_id,
        document_id,
    };
    // One statement, committed on its own (see `db::insert_message`).
    let guard = hub_of(state).lock().await;
    let inserted = db::insert_message(&state.db, new).await;
    let (id, created_at) = match inserted {
        Ok(Some(inserted)) => inserted,
        Ok(None) => {
            drop(guard);
            return Err(refused(state, member, channel_id).await);
        }
        Err(err) if crate::store::is_unique_violation(&err) && client_id.is_some() => {
            drop(guard);
            let client_id = client_id.expect("checked");
            let existing = db::message_by_client(&state.db, member.id, client_id.as_str())
                .await?
                .ok_or_else(|| AppError::Internal(err.into()))?;
            return resent(state, existing, channel_id).await;
        }
        Err(err) => return Err(err.into()),
    };
    // The row as stored, without reading it back (a file's details are read back).
    let row = match attachment_id {
        None => Some(db::MessageRow {
            id,
            channel_id,
            author_id: member.id,
            author_name: member.name.clone(),
            client_id: client_id.as_ref().map(|c| c.as_str().to_string()),
            body: body.as_str().to_string(),
            body_html: html,
            attachment_id: None,
            attachment_key: None,
            attachment_name: None,
            attachment_type: None,
            attachment_size: None,
            document_id,
            created_at,
            edited_at: None,
            deleted_at: None,
            hidden_at: None,
        }),
        Some(_) => None,
    };
    hub_of(state).message_stored(id, row.as_ref());
    drop(guard);
    let row = match row {
        Some(row) => row,
        None => db::message(&state.db, id)
            .await?
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("message {id} vanished")))?,
    };
    // The message is stored: a failed notification must not turn its answer into an error.
    if let Err(err) = notify_mentions(state, member, channel_id, id, body.as_str()).await {
        tracing::error!(error = ?err, "chat: mention notifications failed");
    }
    Ok((message_out(&state.db, row).await?, true))
}

/// Why the author may not post in a channel, as [`access`] says; a membership that changed
/// in between counts as none.
async fn refused(state: &AppState, member: &CurrentMember, channel_id: i64) -> AppError {
    match access(state, member, channel_id).await {
        Ok(access) => access
            .require_post()
            .err()
            .unwrap_or_else(|| AppError::forbidden_code("chat_not_a_member")),
        Err(err) => err,
    }
}

async fn resent(
    state: &AppState,
    existing: db::MessageRow,
    channel_id: i64,
) -> Result<(MessageOut, bool), AppError> {
    if existing.channel_id != channel_id {
        return Err(AppError::conflict("chat_client_id_reused"));
    }
    Ok((message_out(&state.db, existing).await?, false))
}

/// A library document the poster may link: one they may see that is not hidden. Anything
/// else is "not found", whether it exists or not.
async fn linkable_document(
    state: &AppState,
    member: &CurrentMember,
    document_id: i64,
) -> Result<(), AppError> {
    let not_found = || AppError::invalid("document_id", "chat_document_not_found");
    match crate::library::visible_document(state, Some(member), document_id).await {
        Ok(row) if row.deleted_at.is_none() => Ok(()),
        Ok(_) => Err(not_found()),
        Err(err) if err.code() == "not_found" => Err(not_found()),
        Err(err) => Err(err),
    }
}

/// Fills in the linked library documents of messages, as every member may see them: the
/// same frame goes to every socket of a channel, so a document that is hidden, deleted or
/// not for every member stays `available: false`, without its title.
pub async fn resolve_documents(db: &Db, messages: &mut [MessageOut]) -> sqlx::Result<()> {
    let mut ids: Vec<i64> = messages
        .iter()
        .filter_map(|m| m.document.as_ref().map(|d| d.id))
        .collect();
    if ids.is_empty() {
        return Ok(());
    }
    ids.sort_unstable();
    ids.dedup();
    let found = crate::library::documents_for_every_member(db, &ids).await?;
    for document in messages.iter_mut().filter_map(|m| m.document.as_mut()) {
        if let Some(summary) = found.iter().find(|s| s.id == document.id) {
            document.available = true;
            document.title = Some(summary.title.clone());
            document.doc_type = Some(summary.doc_type.clone());
            document.url = Some(summary.link.clone());
        }
    }
    Ok(())
}

/// Messages as members see them (linked documents resolved).
pub async fn message_outs(db: &Db, rows: Vec<db::MessageRow>) -> sqlx::Result<Vec<MessageOut>> {
    let mut messages: Vec<MessageOut> = rows.into_iter().map(MessageOut::from).collect();
    resolve_documents(db, &mut messages).await?;
    Ok(messages)
}

pub async fn message_out(db: &Db, row: db::MessageRow) -> sqlx::Result<MessageOut> {
    let mut message = MessageOut::from(row);
    resolve_documents(db, std::slice::from_mut(&mut message)).await?;
    Ok(message)
}

/// Edits one's own message.
pub async fn edit_message(
    state: &AppState,
    member: &CurrentMember,
    message_id: i64,
    body: &str,
) -> Result<MessageOut, AppError> {
    let (row, access) = readable_message(state, member, message_id).await?;
    if row.author_id != member.id {
        return Err(AppError::forbidden());
    }
    access.require_post()?;
    if row.hidden_at.is_some() {
        return Err(AppError::forbidden_code("chat_message_hidden"));
    }
    let body = Body::parse(body)?;
    let html = body.html();
    let _guard = hub_of(state).lock().await;
    let mut tx = state.db.pool.begin().await?;
    db::edit_message(&mut tx, message_id, body.as_str(), &html).await?;
    let events = vec![Event::Edited { id: message_id }];
    hub_of(state).publish_in(&mut tx, &events).await?;
    tx.commit().await?;
    hub_of(state).committed(events);
    let row = db::message(&state.db, message_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(message_out(&state.db, row).await?)
}

/// Deletes one's own message, or hides another's as a moderator (`hide`).
pub async fn remove_message(
    state: &AppState,
    member: &CurrentMember,
    message_id: i64,
    hide: bool,
) -> Result<i64, AppError> {
    let (row, access) = readable_message(state, member, message_id).await?;
    if hide {
        access.require_moderator()?;
    } else if row.author_id != member.id {
        return Err(AppError::forbidden());
    }
    let _guard = hub_of(state).lock().await;
    let mut tx = state.db.pool.begin().await?;
    db::remove_message(&mut tx, message_id, hide.then_some(member.id)).await?;
    // A deleted message takes its file with it; a hidden one keeps it, unserved (see
    // `attachment`), as moderators may need to see what was hidden.
    let erased_blob = if hide {
        // Hiding is the answer to the message's reports.
        db::resolve_reports(&mut tx, message_id, member.id).await?;
        None
    } else {
        db::erase_attachment(&mut tx, message_id).await?
    };
    let events = vec![Event::Deleted {
        id: message_id,
        channel_id: row.channel_id,
    }];
    hub_of(state).publish_in(&mut tx, &events).await?;
    tx.commit().await?;
    hub_of(state).committed(events);
    if hide {
        let subject = format!("chat_message:{message_id}");
        crate::store::audit::record(&state.db, member.id, "chat_hide_message", &subject, "")
            .await?;
    }
    if let Some(blob) = erased_blob
        && let Err(err) = state.blobs.delete(&blob).await
    {
        // The message and its file's row are gone, so nothing serves the bytes any more.
        tracing::error!(error = ?err, "chat: a deleted message's file was not erased");
    }
    Ok(row.channel_id)
}

/// A page of history the member may read.
pub async fn messages(
    state: &AppState,
    member: &CurrentMember,
    channel_id: i64,
    before: Option<i64>,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<MessageOut>, AppError> {
    access(state, member, channel_id).await?.require_read()?;
    let rows = db::messages(&state.db, channel_id, before, after, limit.clamp(1, 200)).await?;
    Ok(message_outs(&state.db, rows).await?)
}

/// Messages of channels the member may read whose words begin with every word of `query`.
pub async fn search(
    state: &AppState,
    member: &CurrentMember,
    query: &str,
) -> Result<Vec<MessageOut>, AppError> {
    let terms: Vec<String> = crate::store::terms(query).into_iter().take(8).collect();
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let rows = db::search(&state.db, member.id, &terms, 50).await?;
    Ok(message_outs(&state.db, rows).await?)
}
