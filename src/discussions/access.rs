//! Who may see and do what in discussions — the one place that decides.
//!
//! - A category open to all is read by anyone, a members-only one by signed-in members only;
//!   to anyone else its topics do not exist (404), in lists, pages, the API and notifications.
//! - A hidden topic or post exists for moderators only; a pending one (held for approval) for
//!   its author and moderators.
//! - Moderators are organisers and admins. They close, pin, move, hide and approve; they see
//!   the edit history and the queue.
//! - Members open topics and reply (not in closed or hidden topics); they edit and delete
//!   their own posts; a topic's author or a moderator marks the accepted answer.

use std::sync::Arc;

use super::db::{self, CategoryRow, PostRow, TopicRow};
use super::index::Forum;
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::i18n::Locale;
use crate::web::identity::CurrentMember;

/// A category with its texts.
#[derive(Clone, Debug)]
pub struct Category {
    pub row: CategoryRow,
    /// (locale, name, description)
    pub texts: Vec<(String, String, String)>,
}

impl Category {
    /// The name and description in `locale`, else English, else the first there is.
    pub fn text(&self, locale: Locale) -> (&str, &str) {
        let pick = |code: &str| self.texts.iter().find(|(l, _, _)| l == code);
        pick(locale.code())
            .or_else(|| pick("en"))
            .or_else(|| self.texts.first())
            .map_or(("", ""), |(_, n, d)| (n.as_str(), d.as_str()))
    }

    pub fn name(&self, locale: Locale) -> &str {
        self.text(locale).0
    }

    pub fn members_only(&self) -> bool {
        self.row.members_only != 0
    }
}

pub fn is_moderator(viewer: Option<&CurrentMember>) -> bool {
    viewer.is_some_and(|m| m.role.is_organiser())
}

/// Every category, with its texts, in order; read again after a change of the feed.
pub async fn all_categories(state: &AppState) -> Result<Arc<Vec<Category>>, AppError> {
    let forum = state.service::<Forum>();
    if let Some(all) = forum.cached_categories() {
        return Ok(all);
    }
    let position = forum.position();
    let texts = db::category_texts(&state.db).await?;
    let all: Arc<Vec<Category>> = Arc::new(
        db::categories(&state.db)
            .await?
            .into_iter()
            .map(|row| Category {
                texts: texts
                    .iter()
                    .filter(|t| t.category_id == row.id)
                    .map(|t| (t.locale.clone(), t.name.clone(), t.description.clone()))
                    .collect(),
                row,
            })
            .collect(),
    );
    forum.keep_categories(position, all.clone());
    Ok(all)
}

/// Whether `viewer` may read a category's topics.
pub fn may_read(viewer: Option<&CurrentMember>, category: &Category) -> bool {
    viewer.is_some() || !category.members_only()
}

/// The categories `viewer` may read.
pub async fn categories(
    state: &AppState,
    viewer: Option<&CurrentMember>,
) -> Result<Vec<Category>, AppError> {
    Ok(all_categories(state)
        .await?
        .iter()
        .filter(|c| may_read(viewer, c))
        .cloned()
        .collect())
}

/// One category `viewer` may read, or 404.
pub async fn category(
    state: &AppState,
    viewer: Option<&CurrentMember>,
    id: i64,
) -> Result<Category, AppError> {
    categories(state, viewer)
        .await?
        .into_iter()
        .find(|c| c.row.id == id)
        .ok_or_else(AppError::not_found)
}

/// Whether `viewer` may see this topic at all.
pub fn may_see_topic(viewer: Option<&CurrentMember>, topic: &TopicRow) -> bool {
    if is_moderator(viewer) {
        return true;
    }
    topic.hidden_at.is_none()
        && (topic.pending == 0 || viewer.is_some_and(|m| topic.author_id == Some(m.id)))
}

/// A topic `viewer` may see, with its category; 404 otherwise.
pub async fn topic(
    state: &AppState,
    viewer: Option<&CurrentMember>,
    id: i64,
) -> Result<(Category, TopicRow), AppError> {
    let topic = db::topic(&state.db, id)
        .await?
        .filter(|t| may_see_topic(viewer, t))
        .ok_or_else(AppError::not_found)?;
    let category = category(state, viewer, topic.category_id).await?;
    Ok((category, topic))
}

/// Whether `viewer` may see this post (in a topic they may see).
pub fn may_see_post(viewer: Option<&CurrentMember>, post: &PostRow) -> bool {
    if is_moderator(viewer) {
        return true;
    }
    post.hidden_at.is_none()
        && (post.pending == 0 || viewer.is_some_and(|m| post.author_id == Some(m.id)))
}

/// A post `viewer` may see, with its topic and category; 404 otherwise.
pub async fn post(
    state: &AppState,
    viewer: Option<&CurrentMember>,
    id: i64,
) -> Result<(Category, TopicRow, PostRow), AppError> {
    let post = db::post(&state.db, id)
        .await?
        .filter(|p| may_see_post(viewer, p))
        .ok_or_else(AppError::not_found)?;
    let (category, topic) = topic(state, viewer, post.topic_id).await?;
    Ok((category, topic, post))
}

/// Replies are taken while the topic is open and visible to all.
pub fn may_reply(topic: &TopicRow) -> Result<(), AppError> {
    if topic.hidden_at.is_some() {
        return Err(AppError::conflict("discussion_topic_hidden"));
    }
    if topic.closed_at.is_some() {
        return Err(AppError::conflict("discussion_topic_closed"));
    }
    Ok(())
}

/// Only a post's author edits or deletes it (moderators hide instead).
pub fn may_edit(member: &CurrentMember, post: &PostRow) -> Result<(), AppError> {
    if post.deleted_at.is_some() {
        return Err(AppError::conflict("discussion_post_deleted"));
    }
    if post.author_id != Some(member.id) {
        return Err(AppError::forbidden());
    }
    Ok(())
}

/// The topic's author or a moderator marks the accepted answer.
pub fn may_accept(member: &CurrentMember, topic: &TopicRow) -> Result<(), AppError> {
    if topic.author_id == Some(member.id) || member.role.is_organiser() {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

pub fn require_moderator(member: &CurrentMember) -> Result<(), AppError> {
    member.require_organiser()
}
