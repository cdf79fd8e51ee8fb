//! Chat: topic channels, private channels, direct conversations and event channels, live over
//! a WebSocket ([`socket`], protocol in `src/chat/PROTOCOL.md`), fanned out by the [`hub`].
//!
//! Who may do what is decided in one place, [`access`]: a member reads a channel they belong
//! to or a public one, posts where they belong and are not silenced, and moderates where they
//! are a moderator (or, in public and event channels, when they are an organiser or admin).
//! Pages, the JSON API and the socket all go through it; the hub delivers a channel's events
//! only to its members.
//!
//! A write commits first and is published after (see [`hub`]); an acknowledged message is in
//! the database. Sends are idempotent per author and `client_id`.
//!
//! Chat listens for [`Signal::MemberChanged`] ([`subscribe`]): when a member's rights or name
//! change, wherever that happens, their open sockets re-check, so that none outlives them.
//!
//! Other capabilities attach a channel to their own things with [`ensure_context_channel`],
//! [`add_context_member`] and [`remove_context_member`] (e.g. the events capability: one
//! channel per event, `"event:42"`).

mod api;
pub mod db;
pub mod hub;
pub mod mentions;
pub mod model;
mod pages;
pub mod protocol;
mod socket;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, patch, post};

pub use hub::Hub;
pub use model::ChannelKind;

use self::db::{ChannelRow, MembershipRow};
use self::hub::Event;
use self::model::{Body, ClientId};
use self::protocol::MessageOut;
use crate::notifications::{self, Kind};
use crate::signals::{Signal, Signals};
use crate::state::AppState;
use crate::store::Db;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

pub(crate) use api::ApiDoc;

/// Messages per history page.
pub const PAGE_SIZE: i64 = 50;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/chat", get(pages::index))
        .route("/chat/channels", post(pages::create_channel))
        .route("/chat/direct", post(pages::start_direct))
        .route("/chat/search", get(pages::search))
        .route("/chat/reports", get(pages::reports))
        .route(
            "/chat/reports/{message_id}/dismiss",
            post(pages::dismiss_reports),
        )
        .route(
            "/chat/reports/{message_id}/hide",
            post(pages::hide_reported),
        )
        .route("/chat/{id}", get(pages::channel))
        .route("/chat/{id}/join", post(pages::join))
        .route("/chat/{id}/leave", post(pages::leave))
        .route("/chat/{id}/invite", post(pages::invite))
        .route("/chat/{id}/mute", post(pages::toggle_mute))
        .route(
            "/chat/{id}/members/{member_id}/silence",
            post(pages::silence),
        )
        .route(
            "/chat/messages/{id}/edit",
            get(pages::edit_form).post(pages::edit),
        )
        .route("/chat/messages/{id}/delete", post(pages::delete))
        .route("/chat/messages/{id}/hide", post(pages::hide))
        .route("/chat/messages/{id}/report", post(pages::report))
        .route("/chat/attachments/{key}", get(pages::attachment))
        .route("/api/v1/chat/socket", get(socket::upgrade))
        .route(
            "/api/v1/chat/channels",
            get(api::channels).post(api::create_channel),
        )
        .route("/api/v1/chat/channels/{id}/members", post(api::add_member))
        .route(
            "/api/v1/chat/channels/{id}/members/{member_id}",
            axum::routing::delete(api::remove_member),
        )
        .route(
            "/api/v1/chat/channels/{id}/messages",
            get(api::messages).post(api::post_message),
        )
        .route("/api/v1/chat/channels/{id}/read", post(api::read))
        .route(
            "/api/v1/chat/messages/{id}",
            patch(api::edit_message).delete(api::delete_message),
        )
        .route("/api/v1/chat/messages/{id}/hide", post(api::hide_message))
        .route(
            "/api/v1/chat/messages/{id}/report",
            post(api::report_message),
        )
        .route(
            "/api/v1/chat/messages/{id}/reports",
            axum::routing::delete(api::dismiss_reports),
        )
        .route("/api/v1/chat/reports", get(api::reports))
        .route(
            "/api/v1/chat/channels/{id}/members/{member_id}/silence",
            post(api::silence).delete(api::unsilence),
        )
        .route("/api/v1/chat/direct", post(api::direct))
        .route("/api/v1/chat/search", get(api::search))
        .route("/api/v1/chat/unread", get(api::unread))
}

/// The routes that take a file: bound by the chat's own upload limit (`max_upload` plus room
/// for the form's other fields), so they are merged outside the site-wide body limit, which
/// is sized for photos.
pub fn upload_routes(max_upload: usize) -> Router<AppState> {
    Router::new().route(
        "/chat/{id}/post",
        post(pages::post).layer(DefaultBodyLimit::max(max_upload.saturating_add(64 * 1024))),
    )
}

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
async fn insert_membership(
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
async fn delete_membership(
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

/// An attachment to send with a message.
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

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
    let access = access(state, member, channel_id).await?;
    access.require_post()?;
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
    let guard = hub_of(state).lock().await;
    let mut tx = state.db.pool.begin().await?;
    let inserted = db::insert_message(
        &mut tx,
        channel_id,
        member.id,
        client_id.as_ref().map(ClientId::as_str),
        body.as_str(),
        &html,
        (attachment_id, document_id),
    )
    .await;
    let (id, created_at) = match inserted {
        Ok(inserted) => inserted,
        Err(err) if crate::store::is_unique_violation(&err) && client_id.is_some() => {
            drop(tx);
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
    // This instance's dispatcher takes the row from here instead of reading it again.
    if let Some(row) = &row {
        hub_of(state).remember(row.clone());
    }
    let events = vec![Event::Message { id }];
    let committed = async {
        hub_of(state).publish_in(&mut tx, &events).await?;
        tx.commit().await
    }
    .await;
    if let Err(err) = committed {
        hub_of(state).forget(id);
        return Err(err.into());
    }
    hub_of(state).committed(events);
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

async fn store_upload(
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
    // The type is decided from the content: images that the image library recognises, or
    // else an opaque download.
    let content_type = match image::guess_format(&upload.bytes) {
        Ok(image::ImageFormat::Png) => "image/png",
        Ok(image::ImageFormat::Jpeg) => "image/jpeg",
        Ok(image::ImageFormat::WebP) => "image/webp",
        _ if upload.bytes.starts_with(b"%PDF-") => "application/pdf",
        _ => "application/octet-stream",
    };
    let name: String = upload
        .name
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '/' | '\\' | '"'))
        .take(120)
        .collect();
    let name = if name.trim().is_empty() {
        "file".to_string()
    } else {
        name
    };
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

/// Notifies the channel's members named with `@handle` (not the author, not who muted it,
/// not beyond [`mentions::MentionLimits`]).
async fn notify_mentions(
    state: &AppState,
    author: &CurrentMember,
    channel_id: i64,
    message_id: i64,
    body: &str,
) -> Result<(), AppError> {
    let mentioned = model::mentions(body);
    if mentioned.is_empty() {
        return Ok(());
    }
    let link = format!("/chat/{channel_id}#m{message_id}");
    for (id, name) in db::channel_member_names(&state.db, channel_id).await? {
        if id == author.id || !model::handles(&name).iter().any(|h| mentioned.contains(h)) {
            continue;
        }
        let muted = db::membership(&state.db, channel_id, id)
            .await?
            .is_some_and(|m| m.muted_at.is_some());
        if !muted
            && state
                .service::<mentions::MentionLimits>()
                .may_notify(author.id, id)
        {
            notifications::notify(state, id, Kind::ChatMention, Some(author.id), &link).await?;
        }
    }
    Ok(())
}

/// A message the member may read, with the access to its channel.
async fn readable_message(
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
    if let Some(blob) = erased_blob
        && let Err(err) = state.blobs.delete(&blob).await
    {
        // The message and its file's row are gone, so nothing serves the bytes any more.
        tracing::error!(error = ?err, "chat: a deleted message's file was not erased");
    }
    Ok(row.channel_id)
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
    Ok(())
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

/// Unread messages over all of a member's channels: the chat badge in the header.
/// The navigation badge: how many messages wait for the member in all their channels.
pub async fn badge(state: AppState, member_id: i64) -> i64 {
    db::unread_total(&state.db, member_id).await.unwrap_or(0)
}

pub async fn unread_total(state: &AppState, member_id: i64) -> Result<i64, AppError> {
    Ok(db::unread_total(&state.db, member_id).await?)
}

/// The channel of another capability's thing (e.g. `"event:42"`), created on first use.
/// Context channels are moderated by organisers and admins; their owner adds the members.
pub async fn ensure_context_channel(
    state: &AppState,
    context: &str,
    title: &str,
) -> Result<i64, AppError> {
    if context.is_empty() || context.len() > 100 {
        return Err(AppError::invalid("context", "chat_context_invalid"));
    }
    let title = model::parse_title(title)?;
    if let Some(found) = db::channel_by(&state.db, "context", context).await? {
        return Ok(found.id);
    }
    let _guard = hub_of(state).lock().await;
    let mut tx = state.db.pool.begin().await?;
    match db::insert_channel(&mut tx, "context", &title, "", (None, Some(context)), None).await {
        Ok(id) => {
            tx.commit().await?;
            Ok(id)
        }
        Err(err) if crate::store::is_unique_violation(&err) => {
            drop(tx);
            db::channel_by(&state.db, "context", context)
                .await?
                .map(|c| c.id)
                .ok_or_else(AppError::not_found)
        }
        Err(err) => Err(err.into()),
    }
}

/// Adds a member to a context channel (e.g. on registering for the event). True when new.
pub async fn add_context_member(
    state: &AppState,
    channel_id: i64,
    member_id: i64,
) -> Result<bool, AppError> {
    insert_membership(state, channel_id, member_id, "member").await
}

/// Removes a member from a context channel (e.g. on cancelling a registration).
pub async fn remove_context_member(
    state: &AppState,
    channel_id: i64,
    member_id: i64,
) -> Result<bool, AppError> {
    delete_membership(state, channel_id, member_id).await
}

/// Listens for members whose rights or names change (see `signals.rs`): every socket of such
/// a member, on every instance, re-checks its session. A socket whose session is gone closes
/// (1008 "signed out"); the others take the new role, name and language. A failure is logged:
/// the change itself has already happened.
pub fn subscribe(signals: &Signals<AppState>) {
    signals.subscribe(|state: AppState, signal| async move {
        if let Signal::MemberChanged { member } = signal {
            let event = Event::Revalidate { member_id: member };
            if let Err(err) = hub_of(&state).broadcast(event).await {
                tracing::error!(error = %err, member, "chat: cannot ask sockets to re-check");
            }
        }
    });
}

/// This instance's hub (registered in `app.rs`).
pub(crate) fn hub_of(state: &AppState) -> &Arc<Hub> {
    state.service::<Hub>()
}

/// The hub of this instance, for [`crate::state::AppState`].
pub async fn start_hub(
    db: &crate::store::Db,
    url: &str,
    heartbeat: std::time::Duration,
) -> anyhow::Result<Arc<Hub>> {
    Hub::start(db.clone(), url, heartbeat).await
}
