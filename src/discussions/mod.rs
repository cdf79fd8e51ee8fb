//! Discussions: threaded topics in categories, where long questions ("How should a city of
//! 300,000 organise separate collection?") can be found again months later.
//!
//! - `categories.rs`: categories in four languages, members-only or open; an event's
//!   category for questions to its speakers, linked from the event's page.
//! - `topics.rs`: open, list (latest, unanswered, by category, tag, sector topic, author),
//!   read a page of posts, change (edit, move, close, pin, hide, approve, accepted answer).
//! - `posts.rs`: reply (answering and quoting a post), edit with history, delete, reactions,
//!   flags; new members' posts held for approval.
//! - `following.rs`: follow levels, and who hears of a new post (mentions included).
//! - `index.rs`: the search index of topics and replies, and the list caches, following the
//!   change feed that every write appends to (`db/changes.rs`).
//! - `related.rs`: topics shown under a library document and on a member's profile.
//! - `access.rs`: who may see and do what — the one place that decides.
//! - `model.rs`: parsing and pure rules; `db.rs`: queries; `api.rs` and `pages/`: handlers.
//!
//! Posts are Markdown rendered once, when written, by `web::text::render_markdown` (raw
//! HTML, `javascript:` links, SVG and event handlers never survive it).

mod access;
mod api;
mod categories;
mod db;
pub mod demo;
mod following;
mod index;
mod model;
mod pages;
mod posts;
mod related;
mod topics;

use axum::Router;
use axum::routing::{get, post, put};

use crate::signals::{Signal, Signals};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

pub(crate) use api::ApiDoc;
pub use categories::event_link;
pub use index::{Forum, follow_changes};
pub use posts::{holds_first_posts, set_holds_first_posts};
pub use related::related;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/discussions", get(pages::list))
        .route(
            "/discussions/new",
            get(pages::new_topic).post(pages::open_topic),
        )
        .route(
            "/discussions/topics/{id}",
            get(pages::topic).post(pages::topic_action),
        )
        .route("/discussions/topics/{id}/reply", post(pages::reply))
        .route(
            "/discussions/posts/{id}",
            get(pages::goto_post).post(pages::post_action),
        )
        .route(
            "/discussions/posts/{id}/edit",
            get(pages::edit_post).post(pages::save_post),
        )
        .route("/discussions/queue", get(pages::queue))
        .route(
            "/discussions/categories/{id}/follow",
            post(pages::follow_category),
        )
        .route(
            "/events/{id}/questions",
            get(pages::event_questions).post(pages::open_event_questions),
        )
        .route(
            "/api/v1/discussions/categories",
            get(api::list_categories).post(api::create_category),
        )
        .route(
            "/api/v1/discussions/categories/{id}",
            put(api::update_category),
        )
        .route(
            "/api/v1/discussions/categories/{id}/follow",
            post(api::follow_category),
        )
        .route(
            "/api/v1/discussions/topics",
            get(api::list_topics).post(api::open_topic),
        )
        .route(
            "/api/v1/discussions/topics/{id}",
            get(api::get_topic).patch(api::change_topic),
        )
        .route("/api/v1/discussions/topics/{id}/replies", post(api::reply))
        .route(
            "/api/v1/discussions/topics/{id}/follow",
            post(api::follow_topic),
        )
        .route(
            "/api/v1/discussions/posts/{id}",
            axum::routing::patch(api::change_post).delete(api::delete_post),
        )
        .route("/api/v1/discussions/posts/{id}/reactions", post(api::react))
        .route("/api/v1/discussions/posts/{id}/flags", post(api::flag))
        .route("/api/v1/discussions/posts/{id}/history", get(api::history))
        .route("/api/v1/discussions/queue", get(api::queue))
        .route("/api/v1/discussions/settings", put(api::put_settings))
}

/// Reacts to what other capabilities publish: a member's name shows on topics and posts, so a
/// changed member is a change of the pages kept for visitors (on every instance).
pub fn subscribe(signals: &Signals<AppState>) {
    signals.subscribe(|state: AppState, signal| async move {
        if let Signal::MemberChanged { .. } = signal {
            if let Err(err) = db::record_members_change(&state.db).await {
                tracing::warn!(error = ?err, "discussions: cannot record a member's change");
            }
            index::refresh(&state).await;
        }
    });
}

/// The layout's badge for moderators: how many posts the moderation queue holds (0 for
/// everyone else).
pub async fn queue_badge(state: AppState, member: CurrentMember) -> i64 {
    if !access::is_moderator(Some(&member)) {
        return 0;
    }
    db::queue_size(&state.db).await.unwrap_or(0)
}

/// Flagged posts and posts held for approval (moderators).
async fn moderation_queue(
    state: &AppState,
    member: &CurrentMember,
) -> Result<Vec<db::QueueRow>, AppError> {
    access::require_moderator(member)?;
    Ok(db::queue(&state.db).await?)
}
