//! Chat: topic channels, private channels, direct conversations and event channels, live over
//! a WebSocket ([`socket`], protocol in `src/chat/PROTOCOL.md`), fanned out by the [`hub`].
//!
//! Who may do what is decided in one place, [`access()`] (in `access.rs`): a member reads a
//! channel they belong to or a public one, posts where they belong and are not silenced, and
//! moderates where they are a moderator (or, in public and event channels, when they are an
//! organiser or admin).
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
//!
//! Where the code is:
//!
//! - this face: the routes, and what other capabilities call (context channels, the badge,
//!   the signal subscription, the hub);
//! - `access.rs`: who may read, post and moderate in a channel;
//! - `channels.rs`: listing, creating, joining, leaving and inviting, direct conversations,
//!   the read marker and muting;
//! - `messages.rs`: sending, editing, deleting and hiding, history and search;
//! - `attachments.rs`: storing an uploaded file and serving it;
//! - [`mentions`]: whom a message's `@handle`s notify, and how often;
//! - `moderation.rs`: reports, the moderation queue and silencing;
//! - [`model`]: input parsed at the edge and the pure rules; [`db`]: the queries;
//! - `pages.rs`, `api.rs` and [`socket`]: the HTML pages, the JSON API and the WebSocket;
//!   [`protocol`]: the socket's frames; [`hub`]: delivery to the connected sockets.

mod access;
mod api;
mod attachments;
mod channels;
pub mod db;
pub mod hub;
pub mod mentions;
mod messages;
pub mod model;
mod moderation;
mod pages;
pub mod protocol;
mod retention;
mod socket;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, patch, post};

pub use self::access::{Access, access, access_many};
pub use self::attachments::{Upload, attachment};
pub use self::channels::{
    ChannelView, add_member, channels, create_channel, direct_channel, mark_read, remove_member,
    set_muted,
};
pub use self::hub::{Audience, Hub, TopicFrame, TopicSource};
pub use self::messages::{
    edit_message, message_out, message_outs, messages, post_message, remove_message,
    resolve_documents, search,
};
pub use self::model::{ChannelKind, handles, mentions as handles_in};
pub use self::moderation::{
    ReportOut, ReportedMessage, dismiss_reports, open_report_count, open_reports, report_message,
    silence_member,
};
pub use self::retention::{apply_retention, expire};

use self::channels::{delete_membership, insert_membership};
use self::hub::Event;
use crate::signals::{Signal, Signals};
use crate::state::AppState;
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
        .route("/chat/{id}/retention", post(pages::set_retention))
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
        .route(
            "/api/v1/chat/channels/{id}/retention",
            axum::routing::put(api::set_retention),
        )
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

/// The navigation badge: how many messages wait for the member in all their channels.
pub async fn badge(state: AppState, member: CurrentMember) -> i64 {
    unread_total(&state, member.id).await.unwrap_or(0)
}

/// Unread messages over all of a member's channels (the badge, for the JSON API).
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

/// Registers the source of a kind of live topic (`"session"`) that the chat socket carries
/// (see `hub/topics.rs`); in `app::state`.
pub fn serve_topics(state: &AppState, kind: &'static str, source: Arc<dyn TopicSource>) {
    hub_of(state).serve_topics(kind, source);
}

/// Tells the followers of topic `kind:id`, on every instance, that `change` (ids only)
/// happened; call it after the change is committed. Best effort: a failure is logged, and a
/// client that missed a frame reads the state anew when it follows again.
pub async fn topic_changed(state: &AppState, kind: &str, id: i64, change: serde_json::Value) {
    let event = hub::topic_event(kind, id, change);
    if let Err(err) = hub_of(state).broadcast(event).await {
        tracing::warn!(error = %err, kind, id, "chat: cannot announce a topic's change");
    }
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
