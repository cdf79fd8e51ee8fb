//! Following and who hears of a new post.
//!
//! A member follows a topic or a category at a [`Level`]. Authors follow their topics, and
//! repliers the topics they answer, at `all` unless they chose otherwise. For each new visible
//! post, each member hears of it at most once, by the first rule that applies:
//!
//! 1. muted (the topic, or the category when the topic has no level of theirs) → nothing;
//! 2. `@mentioned` → a mention;
//! 3. a new topic, and the category followed at `all` or `new_topics` → a new topic;
//! 4. a reply, and the topic followed at `all` (or, without a topic level, the category at
//!    `all`) → a reply.
//!
//! The notification list and mail (or the digest, as the member chose in their notification
//! settings) do the rest, in the recipient's language.

use std::collections::HashMap;

use super::access;
use super::db::{self, TopicRow};
use super::model::Level;
use crate::notifications::{self, Kind};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// What is followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Topic,
    Category,
}

impl Target {
    fn as_str(self) -> &'static str {
        match self {
            Target::Topic => "topic",
            Target::Category => "category",
        }
    }
}

/// Sets how `member` follows a topic or a category (`None`: back to the default).
pub async fn follow(
    state: &AppState,
    member: &CurrentMember,
    target: Target,
    id: i64,
    level: Option<Level>,
) -> Result<(), AppError> {
    match target {
        Target::Topic => {
            access::topic(state, Some(member), id).await?;
        }
        Target::Category => {
            access::category(state, Some(member), id).await?;
        }
    }
    db::set_follow(
        &state.db,
        target.as_str(),
        id,
        member.id,
        level.map(Level::as_str),
    )
    .await?;
    Ok(())
}

/// How `member` follows a topic or category, if they chose.
pub async fn level(
    state: &AppState,
    member: &CurrentMember,
    target: Target,
    id: i64,
) -> Result<Option<Level>, AppError> {
    Ok(db::follow_level(&state.db, target.as_str(), id, member.id)
        .await?
        .as_deref()
        .and_then(Level::parse))
}

/// The link to a post: its topic's page that holds it, at its anchor.
pub fn post_link(post_id: i64) -> String {
    format!("/discussions/posts/{post_id}")
}

/// Tells followers and mentioned members of a post that has just become visible.
pub(super) async fn tell_about_post(
    state: &AppState,
    author: i64,
    topic_id: i64,
    post_id: i64,
) -> Result<(), AppError> {
    let (Some(topic), Some(post)) = (
        db::topic(&state.db, topic_id).await?,
        db::post(&state.db, post_id).await?,
    ) else {
        return Ok(());
    };
    let new_topic = post.number == 1;
    let topic_levels: HashMap<i64, Level> = levels(state, Target::Topic, topic_id).await?;
    let category_levels = levels(state, Target::Category, topic.category_id).await?;
    let mentioned = mentioned(state, &post.body).await?;
    let mut everyone: Vec<i64> = topic_levels
        .keys()
        .chain(category_levels.keys())
        .chain(mentioned.iter())
        .copied()
        .filter(|m| *m != author)
        .collect();
    everyone.sort_unstable();
    everyone.dedup();
    let link = post_link(post_id);
    for member in everyone {
        let on_topic = topic_levels.get(&member).copied();
        let on_category = category_levels.get(&member).copied();
        let kind = match (on_topic.or(on_category), mentioned.contains(&member)) {
            (Some(Level::Muted), _) => None,
            (_, true) => Some(Kind::DiscussionMention),
            _ if new_topic => matches!(on_category, Some(Level::All | Level::NewTopics))
                .then_some(Kind::DiscussionTopic),
            _ => {
                let all = match on_topic {
                    Some(level) => level == Level::All,
                    None => on_category == Some(Level::All),
                };
                all.then_some(Kind::DiscussionReply)
            }
        };
        if let Some(kind) = kind {
            notifications::notify_about(
                state,
                member,
                kind,
                Some(author),
                &link,
                &topic.title,
                None,
            )
            .await?;
        }
    }
    Ok(())
}

/// Tells a reply's author that it was marked as the accepted answer.
pub(super) async fn tell_accepted(
    state: &AppState,
    by: &CurrentMember,
    topic: &TopicRow,
    post_id: i64,
) -> Result<(), AppError> {
    let Some(post) = db::post(&state.db, post_id).await? else {
        return Ok(());
    };
    match post.author_id {
        Some(author) if author != by.id => {
            notifications::notify_about(
                state,
                author,
                Kind::DiscussionAccepted,
                Some(by.id),
                &post_link(post_id),
                &topic.title,
                None,
            )
            .await
        }
        _ => Ok(()),
    }
}

async fn levels(
    state: &AppState,
    target: Target,
    id: i64,
) -> Result<HashMap<i64, Level>, AppError> {
    Ok(db::followers(&state.db, target.as_str(), id)
        .await?
        .into_iter()
        .filter_map(|(member, level)| Level::parse(&level).map(|l| (member, l)))
        .collect())
}

/// The members a post's `@handle`s name (see `chat::handles` for what a handle is).
async fn mentioned(state: &AppState, body: &str) -> Result<Vec<i64>, AppError> {
    let handles = crate::chat::handles_in(body);
    if handles.is_empty() {
        return Ok(Vec::new());
    }
    Ok(db::active_members(&state.db)
        .await?
        .into_iter()
        .filter(|(_, name)| {
            crate::chat::handles(name)
                .iter()
                .any(|h| handles.contains(h))
        })
        .map(|(id, _)| id)
        .take(20)
        .collect())
}
