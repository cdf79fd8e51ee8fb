//! Channels and who is in them: the member's list, creating a channel, joining, leaving,
//! inviting and removing, direct conversations, and one's own place in a channel (the read
//! marker and muting).
//!
//! Every change of membership is written in one transaction with its hub event (see
//! [`super::hub`]), so a member removed from a channel is sent nothing of it afterwards.

use super::hub::Event;
use super::{ChannelKind, Hub, access, db, hub_of, model};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// A channel as a member sees it in their list.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ChannelView {
    pub id: i64,
    pub kind: ChannelKind,
    /// The title, or for a direct conversation the names of the others.
    pub title: String,
    pub topic: String,
    /// The owner of a context channel, e.g. `event:42`.
    pub context: Option<String>,
    pub joined: bool,
    pub moderator: bool,
    pub muted: bool,
    pub unread: i64,
    pub last_read_id: i64,
    /// For direct conversations: the other people.
    pub member_ids: Vec<i64>,
}

/// The member's channels (most recently active first), then public ones to join.
pub async fn channels(
    state: &AppState,
    member: &CurrentMember,
) -> Result<Vec<ChannelView>, AppError> {
    let mine = db::channels_of(&state.db, member.id).await?;
    let direct: Vec<i64> = mine
        .iter()
        .filter(|c| c.kind == "direct")
        .map(|c| c.id)
        .collect();
    let partners = db::direct_partners(&state.db, &direct, member.id).await?;
    let mut out: Vec<ChannelView> = mine
        .into_iter()
        .map(|c| {
            let kind = ChannelKind::from_db(&c.kind);
            let others: Vec<&(i64, i64, String)> =
                partners.iter().filter(|p| p.0 == c.id).collect();
            let title = if kind == ChannelKind::Direct {
                others
                    .iter()
                    .map(|p| p.2.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            } else {
                c.title
            };
            let open = matches!(kind, ChannelKind::Public | ChannelKind::Context);
            ChannelView {
                id: c.id,
                kind,
                title,
                topic: c.topic,
                context: c.context,
                joined: true,
                moderator: kind != ChannelKind::Direct
                    && (c.role == "moderator"
                        || (open && member.role.is_organiser())
                        || member.role.is_admin()),
                muted: c.muted_at.is_some(),
                unread: c.unread,
                last_read_id: c.last_read_id,
                member_ids: others.iter().map(|p| p.1).collect(),
            }
        })
        .collect();
    for c in db::public_channels_to_join(&state.db, member.id).await? {
        out.push(ChannelView {
            id: c.id,
            kind: ChannelKind::Public,
            title: c.title,
            topic: c.topic,
            context: None,
            joined: false,
            moderator: member.role.is_organiser(),
            muted: false,
            unread: 0,
            last_read_id: 0,
            member_ids: Vec::new(),
        });
    }
    Ok(out)
}

/// Creates a public (organisers only) or private channel; the creator moderates it.
pub async fn create_channel(
    state: &AppState,
    member: &CurrentMember,
    kind: ChannelKind,
    title: &str,
    topic: &str,
) -> Result<i64, AppError> {
    let title = model::parse_title(title)?;
    let topic = model::parse_topic(topic)?;
    match kind {
        ChannelKind::Public => member.require_organiser()?,
        ChannelKind::Private => {}
        _ => return Err(AppError::invalid("kind", "chat_kind_invalid")),
    }
    let _guard = hub_of(state).lock().await;
    let mut tx = state.db.pool.begin().await?;
    let id = db::insert_channel(
        &mut tx,
        kind.as_str(),
        &title,
        &topic,
        (None, None),
        Some(member.id),
    )
    .await?;
    db::add_member(&mut tx, id, member.id, "moderator").await?;
    let events = vec![Event::Joined {
        channel_id: id,
        member_id: member.id,
    }];
    hub_of(state).publish_in(&mut tx, &events).await?;
    tx.commit().await?;
    hub_of(state).committed(events);
    Ok(id)
}

/// Adds `member_id` to a channel (in one transaction with its event). True when new.
pub(super) async fn insert_membership(
    state: &AppState,
    channel_id: i64,
    member_id: i64,
    role: &str,
) -> Result<bool, AppError> {
    let _guard = hub_of(state).lock().await;
    let mut tx = state.db.pool.begin().await?;
    let added = db::add_member(&mut tx, channel_id, member_id, role).await?;
    let events = vec![Event::Joined {
        channel_id,
        member_id,
    }];
    if added {
        hub_of(state).publish_in(&mut tx, &events).await?;
    }
    tx.commit().await?;
    if added {
        hub_of(state).committed(events);
    }
    Ok(added)
}

/// Removes a member; from then on they are sent nothing of the channel.
pub(super) async fn delete_membership(
    state: &AppState,
    channel_id: i64,
    member_id: i64,
) -> Result<bool, AppError> {
    let _guard = hub_of(state).lock().await;
    let mut tx = state.db.pool.begin().await?;
    let removed = db::remove_member(&mut tx, channel_id, member_id).await?;
    let events = vec![Event::Left {
        channel_id,
        member_id,
    }];
    if removed {
        hub_of(state).publish_in(&mut tx, &events).await?;
    }
    tx.commit().await?;
    if removed {
        hub_of(state).committed(events);
    }
    Ok(removed)
}

async fn require_active_member(state: &AppState, member_id: i64) -> Result<(), AppError> {
    let active: Option<i64> =
        sqlx::query_scalar("SELECT id FROM members WHERE id = $1 AND status = 'active'")
            .bind(member_id)
            .fetch_optional(&state.db.pool)
            .await?;
    active
        .map(drop)
        .ok_or_else(|| AppError::invalid("member_id", "chat_member_unknown"))
}

/// Joins a public channel (no `target`, or oneself) or invites `target`: into a public
/// channel by any of its members, into a private one by its moderators.
pub async fn add_member(
    state: &AppState,
    actor: &CurrentMember,
    channel_id: i64,
    target: Option<i64>,
) -> Result<bool, AppError> {
    let access = access(state, actor, channel_id).await?;
    access.require_read()?;
    let target = target.unwrap_or(actor.id);
    match access.kind {
        ChannelKind::Direct => return Err(AppError::invalid("member_id", "chat_direct_fixed")),
        ChannelKind::Context if !access.moderator => return Err(AppError::forbidden()),
        ChannelKind::Private if !access.moderator => return Err(AppError::forbidden()),
        ChannelKind::Public if target != actor.id && access.membership.is_none() => {
            return Err(AppError::forbidden_code("chat_not_a_member"));
        }
        _ => {}
    }
    require_active_member(state, target).await?;
    insert_membership(state, channel_id, target, "member").await
}

/// Leaves a channel (`target` = oneself) or, as a moderator, removes someone.
pub async fn remove_member(
    state: &AppState,
    actor: &CurrentMember,
    channel_id: i64,
    target: i64,
) -> Result<(), AppError> {
    let access = access(state, actor, channel_id).await?;
    access.require_read()?;
    if access.kind == ChannelKind::Direct {
        return Err(AppError::invalid("member_id", "chat_direct_fixed"));
    }
    if target != actor.id && !access.moderator {
        return Err(AppError::forbidden());
    }
    if !delete_membership(state, channel_id, target).await? {
        return Err(AppError::not_found());
    }
    Ok(())
}

/// The direct channel of the member and `others` (2 to 10 people): the same for the same set.
pub async fn direct_channel(
    state: &AppState,
    member: &CurrentMember,
    others: &[i64],
) -> Result<i64, AppError> {
    let (ids, key) = model::direct_set(member.id, others)?;
    if let Some(found) = db::channel_by(&state.db, "direct_key", &key).await? {
        return Ok(found.id);
    }
    for id in &ids {
        require_active_member(state, *id).await?;
    }
    let _guard = hub_of(state).lock().await;
    let mut tx = state.db.pool.begin().await?;
    let channel_id = match db::insert_channel(
        &mut tx,
        "direct",
        "",
        "",
        (Some(&key), None),
        Some(member.id),
    )
    .await
    {
        Ok(id) => id,
        Err(err) if crate::store::is_unique_violation(&err) => {
            drop(tx);
            return db::channel_by(&state.db, "direct_key", &key)
                .await?
                .map(|c| c.id)
                .ok_or_else(AppError::not_found);
        }
        Err(err) => return Err(err.into()),
    };
    let mut events = Vec::new();
    for id in &ids {
        db::add_member(&mut tx, channel_id, *id, "member").await?;
        events.push(Event::Joined {
            channel_id,
            member_id: *id,
        });
    }
    hub_of(state).publish_in(&mut tx, &events).await?;
    tx.commit().await?;
    hub_of(state).committed(events);
    Ok(channel_id)
}

/// Moves the member's read marker to `message_id` (never back) and tells their sockets the
/// new counts. Returns (channel unread, total unread).
pub async fn mark_read(
    state: &AppState,
    member: &CurrentMember,
    channel_id: i64,
    message_id: i64,
) -> Result<(i64, i64), AppError> {
    let access = access(state, member, channel_id).await?;
    access.require_read()?;
    if access.membership.is_none() {
        return Err(AppError::forbidden_code("chat_not_a_member"));
    }
    let latest = db::latest_id(&state.db, channel_id).await?;
    db::set_read(&state.db, channel_id, member.id, message_id.min(latest)).await?;
    let count = db::unread(&state.db, channel_id, member.id).await?;
    let total = db::unread_total(&state.db, member.id).await?;
    // Sent even when the marker did not move: a page rendered just before may show old counts.
    state
        .service::<Hub>()
        .broadcast(Event::Unread {
            channel_id,
            member_id: member.id,
            count,
            total,
        })
        .await?;
    Ok((count, total))
}

/// Mutes or unmutes a channel for oneself.
pub async fn set_muted(
    state: &AppState,
    member: &CurrentMember,
    channel_id: i64,
    muted: bool,
) -> Result<(), AppError> {
    let access = access(state, member, channel_id).await?;
    access.require_read()?;
    if access.membership.is_none() {
        return Err(AppError::forbidden_code("chat_not_a_member"));
    }
    Ok(db::set_muted(&state.db, channel_id, member.id, muted).await?)
}
