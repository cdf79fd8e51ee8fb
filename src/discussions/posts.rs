//! Posts: reply (optionally answering, and quoting, one post), edit and delete one's own,
//! react, flag; moderators hide, show and approve, and read the edit history.
//!
//! **New members.** Until a member has [`model::ESTABLISHED_AFTER`] approved posts, a post of
//! theirs waits for approval when the admin holds first posts, or when it carries more than
//! [`model::NEW_MEMBER_LINKS`] links. It is stored, shown to them with a note that it waits,
//! and listed in the moderators' queue: never refused, never silently dropped.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::access;
use super::db::{self, EditRow, NewReply};
use super::model::{self, FlagReason, Reaction};
use super::{following, index};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// Whether the admin holds new members' first posts for approval.
pub async fn holds_first_posts(state: &AppState) -> Result<bool, AppError> {
    Ok(db::setting(&state.db, "hold_first_posts")
        .await?
        .is_some_and(|v| v == "1"))
}

pub async fn set_holds_first_posts(state: &AppState, on: bool) -> Result<(), AppError> {
    db::set_setting(&state.db, "hold_first_posts", if on { "1" } else { "0" }).await?;
    Ok(())
}

/// Whether a post of `member` with this body waits for approval (moderators never wait).
pub(super) async fn must_wait(
    state: &AppState,
    member: &CurrentMember,
    body: &str,
) -> Result<bool, AppError> {
    if member.role.is_organiser() {
        return Ok(false);
    }
    let approved = db::approved_posts(&state.db, member.id).await?;
    if approved >= model::ESTABLISHED_AFTER {
        return Ok(false);
    }
    Ok(model::held(
        approved,
        holds_first_posts(state).await?,
        model::count_links(body),
    ))
}

/// A reply.
#[derive(Clone, Debug, Default, Deserialize, Serialize, ToSchema)]
pub struct ReplyInput {
    /// Markdown, up to 20,000 characters.
    pub body: String,
    /// The post this one answers (of the same topic).
    pub reply_to: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Replied {
    pub id: i64,
    /// Its number in the topic (the opening post is 1).
    pub number: i64,
    /// It waits for a moderator's approval before others see it.
    pub pending: bool,
}

pub async fn reply(
    state: &AppState,
    member: &CurrentMember,
    topic_id: i64,
    input: ReplyInput,
) -> Result<Replied, AppError> {
    let (_, topic) = access::topic(state, Some(member), topic_id).await?;
    access::may_reply(&topic)?;
    if topic.pending != 0 {
        return Err(AppError::conflict("discussion_topic_pending"));
    }
    let body = model::parse_body(&input.body)?;
    if let Some(to) = input.reply_to {
        let answered = db::post(&state.db, to)
            .await?
            .filter(|p| p.topic_id == topic_id && access::may_see_post(Some(member), p));
        if answered.is_none() {
            return Err(AppError::invalid("reply_to", "discussion_reply_to_invalid"));
        }
    }
    let pending = must_wait(state, member, &body).await?;
    let links = model::site_links(&body);
    let (id, number) = db::insert_reply(
        &state.db,
        &NewReply {
            topic_id,
            author_id: member.id,
            reply_to_id: input.reply_to,
            body: &body,
            body_html: &crate::web::text::render_markdown(&body),
            pending,
            links: &links,
        },
    )
    .await?;
    index::refresh(state).await;
    // Who replies follows the topic from now on, unless they chose otherwise before.
    if db::follow_level(&state.db, "topic", topic_id, member.id)
        .await?
        .is_none()
    {
        db::set_follow(
            &state.db,
            "topic",
            topic_id,
            member.id,
            Some(model::Level::All.as_str()),
        )
        .await?;
    }
    if !pending {
        following::tell_about_post(state, member.id, topic_id, id).await?;
    }
    Ok(Replied {
        id,
        number,
        pending,
    })
}

/// A change to a post; absent fields stay as they are.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct PostPatch {
    /// The author: the new Markdown (the old text is kept in the history).
    pub body: Option<String>,
    /// Moderators.
    pub hidden: Option<bool>,
    /// Moderators: let a post that waits through.
    pub approved: Option<bool>,
}

pub async fn change(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
    patch: PostPatch,
) -> Result<(), AppError> {
    let (_, topic, post) = access::post(state, Some(member), id).await?;
    if patch.hidden.is_some() || patch.approved.is_some() {
        access::require_moderator(member)?;
    }
    if let Some(body) = &patch.body {
        access::may_edit(member, &post)?;
        let body = model::parse_body(body)?;
        if body != post.body {
            let links = model::site_links(&body);
            let html = crate::web::text::render_markdown(&body);
            db::edit_post(&state.db, &post, &body, &html, member.id, &links).await?;
        }
    }
    let approving = patch.approved == Some(true) && post.pending != 0;
    if patch.hidden.is_some() || approving {
        if post.number == 1 && approving {
            // The opening post and its topic wait and go through together.
            db::change_topic(
                &state.db,
                topic.id,
                &db::TopicChange {
                    approved: Some(true),
                    editor: member.id,
                    ..Default::default()
                },
            )
            .await?;
        }
        db::moderate_post(&state.db, &post, patch.hidden, approving).await?;
        if let Some(hidden) = patch.hidden {
            let outcome = if hidden { "hidden" } else { "kept" };
            db::resolve_flags(&state.db, id, member.id, outcome).await?;
        }
        if approving {
            let author = post.author_id.unwrap_or(0);
            following::tell_about_post(state, author, topic.id, id).await?;
        }
        let what = match (patch.hidden, approving) {
            (Some(hidden), _) => format!("hidden={hidden}"),
            _ => "approved=true".to_string(),
        };
        let subject = format!("discussion_post:{id}");
        crate::store::audit::record(
            &state.db,
            member.id,
            "discussion_post_moderate",
            &subject,
            &what,
        )
        .await?;
    }
    index::refresh(state).await;
    Ok(())
}

/// The author deletes their post; a topic's opening post cannot be deleted while others
/// answered it (a moderator hides the topic instead).
pub async fn delete(state: &AppState, member: &CurrentMember, id: i64) -> Result<(), AppError> {
    let (_, topic, post) = access::post(state, Some(member), id).await?;
    access::may_edit(member, &post)?;
    if post.number == 1 && topic.reply_count > 0 {
        return Err(AppError::conflict("discussion_topic_has_replies"));
    }
    db::delete_post(&state.db, &post).await?;
    if post.number == 1 {
        db::change_topic(
            &state.db,
            topic.id,
            &db::TopicChange {
                hidden: Some(true),
                editor: member.id,
                ..Default::default()
            },
        )
        .await?;
    }
    index::refresh(state).await;
    Ok(())
}

/// A reaction to add or take back.
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct ReactionInput {
    pub reaction: Reaction,
    /// Take the reaction back instead.
    #[serde(default)]
    pub remove: bool,
}

pub async fn react(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
    input: ReactionInput,
) -> Result<(), AppError> {
    let (_, _, post) = access::post(state, Some(member), id).await?;
    if post.deleted_at.is_some() || post.pending != 0 {
        return Err(AppError::conflict("discussion_post_deleted"));
    }
    let reaction = input.reaction.as_str();
    if !db::set_reaction(&state.db, id, member.id, reaction, !input.remove).await? {
        return Err(AppError::conflict(if input.remove {
            "discussion_reaction_missing"
        } else {
            "discussion_reaction_exists"
        }));
    }
    index::refresh(state).await;
    Ok(())
}

/// A flag for moderators.
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct FlagInput {
    pub reason: FlagReason,
    /// What the moderators should know (up to 500 characters).
    #[serde(default)]
    pub comment: String,
}

pub async fn flag(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
    input: FlagInput,
) -> Result<(), AppError> {
    let (_, _, post) = access::post(state, Some(member), id).await?;
    if post.author_id == Some(member.id) {
        return Err(AppError::invalid("post", "discussion_flag_own"));
    }
    let comment = input.comment.trim();
    if comment.chars().count() > model::FLAG_REASON_MAX {
        return Err(AppError::invalid("comment", "text_too_long"));
    }
    let reason = if comment.is_empty() {
        input.reason.as_str().to_string()
    } else {
        format!("{}: {comment}", input.reason.as_str())
    };
    if !db::insert_flag(&state.db, id, member.id, &reason).await? {
        return Err(AppError::conflict("discussion_flag_exists"));
    }
    Ok(())
}

/// A post's earlier versions (moderators).
pub async fn history(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
) -> Result<Vec<EditRow>, AppError> {
    access::require_moderator(member)?;
    access::post(state, Some(member), id).await?;
    Ok(db::edits(&state.db, id).await?)
}
