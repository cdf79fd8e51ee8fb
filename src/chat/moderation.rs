//! Moderation: members report messages, and the moderators of a channel see the open
//! reports in their queue, dismiss them, or hide the message (see `remove_message` in
//! [`super::messages`]); they also silence members of their channel.

use super::access::readable_message;
use super::protocol::MessageOut;
use super::{access, db, message_outs};
use crate::notifications::{self, Kind};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// Reports a message to the channel's moderators (each member once per message).
pub async fn report_message(
    state: &AppState,
    member: &CurrentMember,
    message_id: i64,
    reason: &str,
) -> Result<(), AppError> {
    let (row, access) = readable_message(state, member, message_id).await?;
    let reason: String = reason.trim().chars().take(500).collect();
    if !db::insert_report(&state.db, message_id, member.id, &reason).await? {
        return Err(AppError::conflict("chat_already_reported"));
    }
    let link = format!("/chat/{}#m{message_id}", row.channel_id);
    for moderator in db::moderator_ids(&state.db, row.channel_id, &access.channel.kind).await? {
        if moderator != member.id {
            notifications::notify(state, moderator, Kind::ChatReport, Some(member.id), &link)
                .await?;
        }
    }
    Ok(())
}

/// A reported message in the moderation queue, with its open reports.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ReportedMessage {
    pub message: MessageOut,
    pub channel_id: i64,
    pub channel_title: String,
    /// Open reports of this message.
    pub count: i64,
    /// Oldest first.
    pub reports: Vec<ReportOut>,
}

#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ReportOut {
    pub reporter_id: i64,
    pub reporter_name: String,
    pub reason: String,
    /// Milliseconds since the Unix epoch, UTC.
    pub created_at: i64,
}

/// The moderation queue: messages with open reports in the channels the member moderates,
/// the longest waiting first. Empty for members who moderate nothing.
pub async fn open_reports(
    state: &AppState,
    member: &CurrentMember,
) -> Result<Vec<ReportedMessage>, AppError> {
    let rows = db::open_reports(
        &state.db,
        member.id,
        member.role.is_organiser(),
        member.role.is_admin(),
    )
    .await?;
    // The reported messages, read and resolved once each, in one query.
    let mut ids: Vec<i64> = rows.iter().map(|r| r.message_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut messages = message_outs(&state.db, db::messages_by_ids(&state.db, &ids).await?).await?;
    let mut out: Vec<ReportedMessage> = Vec::new();
    for row in rows {
        let report = ReportOut {
            reporter_id: row.reporter_id,
            reporter_name: row.reporter_name,
            reason: row.reason,
            created_at: row.created_at,
        };
        if let Some(entry) = out.iter_mut().find(|e| e.message.id == row.message_id) {
            entry.count += 1;
            entry.reports.push(report);
            continue;
        }
        let Some(at) = messages.iter().position(|m| m.id == row.message_id) else {
            continue;
        };
        out.push(ReportedMessage {
            message: messages.swap_remove(at),
            channel_id: row.channel_id,
            channel_title: row.channel_title,
            count: 1,
            reports: vec![report],
        });
    }
    Ok(out)
}

/// How many messages [`open_reports`] lists (for the badge on `/chat`).
pub async fn open_report_count(state: &AppState, member: &CurrentMember) -> Result<i64, AppError> {
    Ok(db::open_report_count(
        &state.db,
        member.id,
        member.role.is_organiser(),
        member.role.is_admin(),
    )
    .await?)
}

/// Dismisses a message's open reports, as a moderator of its channel; returns the channel.
pub async fn dismiss_reports(
    state: &AppState,
    member: &CurrentMember,
    message_id: i64,
) -> Result<i64, AppError> {
    let (row, access) = readable_message(state, member, message_id).await?;
    access.require_moderator()?;
    let mut tx = state.db.pool.begin().await?;
    db::resolve_reports(&mut tx, message_id, member.id).await?;
    tx.commit().await?;
    let subject = format!("chat_message:{message_id}");
    crate::store::audit::record(&state.db, member.id, "chat_dismiss_reports", &subject, "").await?;
    Ok(row.channel_id)
}

/// Silences (or un-silences) a member in a channel, as its moderator.
pub async fn silence_member(
    state: &AppState,
    moderator: &CurrentMember,
    channel_id: i64,
    member_id: i64,
    silenced: bool,
) -> Result<(), AppError> {
    access(state, moderator, channel_id)
        .await?
        .require_moderator()?;
    if member_id == moderator.id {
        return Err(AppError::invalid("member_id", "chat_member_unknown"));
    }
    if !db::set_silenced(&state.db, channel_id, member_id, silenced).await? {
        return Err(AppError::invalid("member_id", "chat_member_unknown"));
    }
    let action = if silenced {
        "chat_silence"
    } else {
        "chat_unsilence"
    };
    let subject = format!("chat_channel:{channel_id} member:{member_id}");
    crate::store::audit::record(&state.db, moderator.id, action, &subject, "").await?;
    Ok(())
}
