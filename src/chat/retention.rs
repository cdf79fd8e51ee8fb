//! How long a channel keeps its messages. Admins set it per channel (in days; none keeps them
//! for ever, the default); a background task deletes, every hour, each channel's messages
//! older than that, with their files, their search terms and their reports, and tells open
//! sockets that they are gone (`deleted` frames). [`apply_retention`] takes the time as an
//! argument, so tests move the clock instead of waiting.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::hub::Event;
use super::hub_of;
use crate::state::AppState;
use crate::store::{Sql, now_ms};
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// The longest retention one may set: ten years.
pub const DAYS_MAX: i64 = 3650;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// Messages deleted in one transaction.
const BATCH: i64 = 500;

#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct Retention {
    /// Days a message is kept, 1 to 3650; `null` keeps messages for ever.
    pub days: Option<i64>,
}

/// The channel's retention (admins see it on the channel's page).
pub async fn retention_of(state: &AppState, channel_id: i64) -> Result<Option<i64>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT retention_days FROM chat_channels WHERE id = $1")
            .bind(channel_id)
            .fetch_optional(&state.db.pool)
            .await?
            .flatten(),
    )
}

/// Sets how long the channel keeps its messages (admins).
pub async fn set_retention(
    state: &AppState,
    member: &CurrentMember,
    channel_id: i64,
    input: Retention,
) -> Result<Retention, AppError> {
    member.require_admin()?;
    if input.days.is_some_and(|d| !(1..=DAYS_MAX).contains(&d)) {
        return Err(AppError::invalid("days", "chat_retention_invalid"));
    }
    let done = sqlx::query("UPDATE chat_channels SET retention_days = $2 WHERE id = $1")
        .bind(channel_id)
        .bind(input.days)
        .execute(&state.db.pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::not_found());
    }
    let kept = input
        .days
        .map_or_else(|| "for ever".to_string(), |d| format!("{d} days"));
    let subject = format!("chat_channel:{channel_id}");
    crate::store::audit::record(&state.db, member.id, "chat_retention", &subject, &kept).await?;
    Ok(input)
}

/// Deletes every message older than its channel keeps them at `now`; answers how many.
pub async fn apply_retention(state: &AppState, now: i64) -> Result<u64, AppError> {
    let channels: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, retention_days FROM chat_channels WHERE retention_days IS NOT NULL",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let mut deleted = 0;
    for (channel_id, days) in channels {
        let before = now - days * DAY_MS;
        loop {
            let n = delete_batch(state, channel_id, before).await?;
            deleted += n;
            if n < BATCH as u64 {
                break;
            }
        }
    }
    Ok(deleted)
}

/// Deletes up to [`BATCH`] of the channel's messages created before `before`, their files'
/// rows with them; the files' bytes go once that is committed.
async fn delete_batch(state: &AppState, channel_id: i64, before: i64) -> Result<u64, AppError> {
    let hub = hub_of(state);
    let _guard = hub.lock().await;
    let mut tx = state.db.pool.begin().await?;
    let due: Vec<(i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, attachment_id FROM chat_messages
          WHERE channel_id = $1 AND created_at < $2 ORDER BY id LIMIT $3",
    )
    .bind(channel_id)
    .bind(before)
    .bind(BATCH)
    .fetch_all(&mut *tx)
    .await?;
    if due.is_empty() {
        return Ok(0);
    }
    let ids: Vec<i64> = due.iter().map(|d| d.0).collect();
    let files: Vec<i64> = due.iter().filter_map(|d| d.1).collect();
    let mut blobs: Vec<String> = Vec::new();
    if !files.is_empty() {
        let mut sql = Sql::new("SELECT blob FROM chat_attachments WHERE id IN ");
        sql.push_list(&files);
        blobs = sql.query_scalar().fetch_all(&mut *tx).await?;
        let mut sql = Sql::new("DELETE FROM chat_attachments WHERE id IN ");
        sql.push_list(&files);
        sql.query().execute(&mut *tx).await?;
    }
    // Search terms and reports go with their messages (ON DELETE CASCADE).
    let mut sql = Sql::new("DELETE FROM chat_messages WHERE id IN ");
    sql.push_list(&ids);
    sql.query().execute(&mut *tx).await?;
    let events: Vec<Event> = ids
        .iter()
        .map(|&id| Event::Deleted { id, channel_id })
        .collect();
    hub.publish_in(&mut tx, &events).await?;
    tx.commit().await?;
    hub.committed(events);
    for blob in blobs {
        if let Err(err) = state.blobs.delete(&blob).await {
            // Its row is gone, so nothing serves the bytes any more.
            tracing::error!(error = ?err, "chat: an expired message's file was not erased");
        }
    }
    Ok(ids.len() as u64)
}

/// Applies the channels' retention every hour, for the life of the server.
pub async fn expire(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        match apply_retention(&state, now_ms()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(messages = n, "chat: expired messages deleted"),
            Err(e) => tracing::warn!(error = %e, "chat: retention failed"),
        }
    }
}
