//! A member's agenda and private calendar feed, messages to participants, and covers.

use jiff::Timestamp;

use super::db::TextRow;
use super::model::{parse_description, parse_title};
use crate::notifications::{self, Kind};
use crate::state::AppState;
use crate::store::now_ms;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

use super::*;

/// One entry of a member's agenda.
pub struct AgendaItem {
    pub row: db::AgendaRow,
    pub event_title: String,
    /// Other entries (session ids) whose times overlap this one.
    pub overlaps_with: Vec<i64>,
}

/// The member's sessions from today on (registered or waiting), with overlaps found.
pub async fn agenda(state: &AppState, member: &CurrentMember) -> Result<Vec<AgendaItem>, AppError> {
    let since = now_ms() - 24 * 3_600_000;
    let rows = db::agenda(&state.db, member.id, since).await?;
    let mut event_ids: Vec<i64> = rows.iter().map(|r| r.event_id).collect();
    event_ids.dedup();
    let texts = db::texts_of(&state.db, &event_ids).await?;
    let ts = |ms| Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH);
    let spans: Vec<(Timestamp, Timestamp)> = rows
        .iter()
        .map(|r| (ts(r.starts_at), ts(r.ends_at)))
        .collect();
    let pairs = model::overlaps(&spans);
    Ok(rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let pairs_of_event: Vec<(String, &TextRow)> = texts
                .iter()
                .filter(|t| t.event_id == row.event_id)
                .map(|t| (t.locale.clone(), t))
                .collect();
            let event_title =
                model::pick_text(&pairs_of_event, member.locale, &row.event_default_locale)
                    .map(|t| t.title.clone())
                    .unwrap_or_default();
            let overlaps_with = pairs
                .iter()
                .filter_map(|&(a, b)| match (a == i, b == i) {
                    (true, _) => Some(rows[b].session_id),
                    (_, true) => Some(rows[a].session_id),
                    _ => None,
                })
                .collect();
            AgendaItem {
                row: row.clone(),
                event_title,
                overlaps_with,
            }
        })
        .collect())
}

/// The secret of the member's personal calendar feed, made on first use; `renew` replaces it
/// (the old address stops working at once).
pub async fn feed_token(
    state: &AppState,
    member: &CurrentMember,
    renew: bool,
) -> Result<String, AppError> {
    if !renew && let Some(token) = db::feed_token(&state.db, member.id).await? {
        return Ok(token);
    }
    let token = crate::web::identity::random_token();
    db::put_feed_token(&state.db, member.id, &token).await?;
    Ok(token)
}

pub async fn revoke_feed(state: &AppState, member: &CurrentMember) -> Result<(), AppError> {
    db::delete_feed_token(&state.db, member.id).await?;
    Ok(())
}

/// Sends a message to everyone registered for the event: in the app, and by email when mail
/// is on (unless they turned event messages off). Returns how many it reached.
pub async fn message_participants(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
    subject: &str,
    body: &str,
) -> Result<i64, AppError> {
    let schedule = organised(state, member, event_id).await?;
    let subject = parse_title(subject, "subject", model::TITLE_MAX)?;
    let (body, body_html) = parse_description(body, "body")?;
    if body.is_empty() {
        return Err(AppError::invalid("body", "field_required"));
    }
    let recipients = db::participant_ids(&state.db, event_id).await?;
    let id = db::insert_message(
        &state.db,
        event_id,
        member.id,
        &subject,
        &body,
        &body_html,
        recipients.len() as i64,
    )
    .await?;
    let link = format!("/events/{event_id}/messages#message-{id}");
    let detail = format!("{}: {subject}", schedule.title(member.locale));
    for recipient in &recipients {
        notifications::notify_about(
            state,
            *recipient,
            Kind::EventMessage,
            Some(member.id),
            &link,
            &detail,
            Some(&body),
        )
        .await?;
    }
    Ok(recipients.len() as i64)
}

/// Width and height of a stored cover image: a banner.
pub const COVER_SIZE: (u32, u32) = (1600, 500);

/// Replaces the event's cover with an uploaded image (cropped to a banner, metadata
/// stripped); only its organisers may. Returns the cover's address.
pub async fn set_cover(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
    bytes: Vec<u8>,
) -> Result<String, AppError> {
    let schedule = organised(state, member, event_id).await?;
    if bytes.is_empty() {
        return Err(AppError::invalid("photo", "photo_missing"));
    }
    if bytes.len() > state.config.max_photo_bytes {
        return Err(AppError::new(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "photo_too_large",
        ));
    }
    let (width, height) = COVER_SIZE;
    let jpeg = state
        .service::<crate::web::images::ImageDecodes>()
        .to_jpeg(bytes, width, height)
        .await?;
    let blob = state.blobs.put(jpeg).await?;
    db::set_cover(&state.db, event_id, Some(&blob)).await?;
    changed(state, event_id).await?;
    if let Some(old) = &schedule.event.cover {
        state.blobs.delete(old).await?;
    }
    Ok(cover_url(&blob))
}

pub async fn remove_cover(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
) -> Result<(), AppError> {
    let schedule = organised(state, member, event_id).await?;
    db::set_cover(&state.db, event_id, None).await?;
    changed(state, event_id).await?;
    if let Some(old) = &schedule.event.cover {
        state.blobs.delete(old).await?;
    }
    Ok(())
}

pub fn cover_url(blob: &str) -> String {
    format!("/media/covers/{blob}")
}
