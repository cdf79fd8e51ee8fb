//! Who may do what in a channel: the one place that decides it ([`access`]), for pages, the
//! JSON API and the socket alike.
//!
//! A member reads a channel they belong to or a public one (a channel they may not read does
//! not exist for them: 404, never 403), and posts where they belong and are not silenced.
//! Outside direct conversations, which have no moderators, they moderate where their
//! membership says so, in public and event channels when they are an organiser or admin,
//! and in any channel they belong to when they are an admin.

use super::ChannelKind;
use super::db::{self, ChannelRow, MembershipRow};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// What a member may do in a channel (see the module doc).
#[derive(Clone, Debug)]
pub struct Access {
    pub channel: ChannelRow,
    pub kind: ChannelKind,
    pub membership: Option<MembershipRow>,
    pub moderator: bool,
}

impl Access {
    pub fn can_read(&self) -> bool {
        self.membership.is_some() || self.kind == ChannelKind::Public
    }

    /// Reading: a channel one may not read does not exist for them (404, never 403).
    pub fn require_read(&self) -> Result<(), AppError> {
        if self.can_read() {
            Ok(())
        } else {
            Err(AppError::not_found())
        }
    }

    pub fn require_post(&self) -> Result<(), AppError> {
        self.require_read()?;
        match &self.membership {
            None => Err(AppError::forbidden_code("chat_not_a_member")),
            Some(m) if m.silenced_at.is_some() => Err(AppError::forbidden_code("chat_silenced")),
            Some(_) => Ok(()),
        }
    }

    pub fn require_moderator(&self) -> Result<(), AppError> {
        self.require_read()?;
        if self.moderator {
            Ok(())
        } else {
            Err(AppError::forbidden())
        }
    }
}

/// The one place that decides what `member` may do in channel `channel_id`.
pub async fn access(
    state: &AppState,
    member: &CurrentMember,
    channel_id: i64,
) -> Result<Access, AppError> {
    let (channel, membership) = db::channel_and_membership(&state.db, channel_id, member.id)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(decide(member, channel, membership))
}

/// [`access`] to many channels with one query: the channels that exist, in no particular
/// order (a missing one is simply absent).
pub async fn access_many(
    state: &AppState,
    member: &CurrentMember,
    channel_ids: &[i64],
) -> Result<Vec<Access>, AppError> {
    Ok(
        db::channels_and_memberships(&state.db, channel_ids, member.id)
            .await?
            .into_iter()
            .map(|(channel, membership)| decide(member, channel, membership))
            .collect(),
    )
}

/// The rule behind [`access`] and [`access_many`], on a channel and the member's membership.
fn decide(
    member: &CurrentMember,
    channel: ChannelRow,
    membership: Option<MembershipRow>,
) -> Access {
    let kind = ChannelKind::from_db(&channel.kind);
    let open = matches!(kind, ChannelKind::Public | ChannelKind::Context);
    let moderator = kind != ChannelKind::Direct
        && (membership.as_ref().is_some_and(|m| m.role == "moderator")
            || (open && member.role.is_organiser())
            || (member.role.is_admin() && membership.is_some()));
    Access {
        channel,
        kind,
        membership,
        moderator,
    }
}

/// A message the member may read, with the access to its channel.
pub(super) async fn readable_message(
    state: &AppState,
    member: &CurrentMember,
    message_id: i64,
) -> Result<(db::MessageRow, Access), AppError> {
    let row = db::message(&state.db, message_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let access = access(state, member, row.channel_id).await?;
    access.require_read()?;
    if row.deleted_at.is_some() {
        return Err(AppError::not_found());
    }
    Ok((row, access))
}
