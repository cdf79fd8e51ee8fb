//! One topic: its posts (a page of 200), reactions, the accepted answer, the reply form, and
//! every action on the topic and its posts, each a form that posts here.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::*;
use crate::discussions::access;
use crate::discussions::following::{self, Target};
use crate::discussions::model::{self, FlagReason, Reaction};
use crate::discussions::posts::{self, FlagInput, PostPatch, ReactionInput, ReplyInput};
use crate::discussions::topics::{self, TopicPatch};
use crate::state::AppState;
use crate::web::FormError;
use crate::web::csrf::CsrfForm;
use crate::web::error::AppError;
use crate::web::form::Fields;
use crate::web::identity::CurrentMember;
use crate::web::layout::Page;
use crate::web::{render, render_cache};

pub struct ReactionButton {
    pub value: &'static str,
    pub emoji: &'static str,
    pub label: String,
    pub count: i64,
    pub mine: bool,
}

/// The words every post of the page repeats, translated once per page.
pub struct PostWords {
    pub accepted_answer: String,
    pub pending: String,
    pub hidden: String,
    pub post_deleted: String,
    pub waits_note: String,
    pub reactions: String,
    pub quote_reply: String,
    pub edit: String,
    pub delete: String,
    pub accept: String,
    pub unaccept: String,
    pub approve: String,
    pub show: String,
    pub hide: String,
    pub flag: String,
    pub flag_reason: String,
    pub flag_comment: String,
    pub flag_send: String,
    pub edited: String,
}

impl PostWords {
    fn new(i18n: I18n) -> PostWords {
        PostWords {
            accepted_answer: i18n.t("discussions-accepted-answer"),
            pending: i18n.t("discussions-pending"),
            hidden: i18n.t("discussions-hidden"),
            post_deleted: i18n.t("discussions-post-deleted"),
            waits_note: i18n.t("discussions-waits-note"),
            reactions: i18n.t("discussions-reactions"),
            quote_reply: i18n.t("discussions-quote-reply"),
            edit: i18n.t("discussions-edit"),
            delete: i18n.t("discussions-delete"),
            accept: i18n.t("discussions-accept"),
            unaccept: i18n.t("discussions-unaccept"),
            approve: i18n.t("discussions-approve"),
            show: i18n.t("discussions-show"),
            hide: i18n.t("discussions-hide"),
            flag: i18n.t("discussions-flag"),
            flag_reason: i18n.t("discussions-flag-reason"),
            flag_comment: i18n.t("discussions-flag-comment"),
            flag_send: i18n.t("discussions-flag-send"),
            edited: i18n.t("discussions-edited"),
        }
    }
}

pub struct PostCard {
    pub id: i64,
    pub number: i64,
    pub author: String,
    pub author_id: Option<i64>,
    pub reply_to: Option<i64>,
    pub html: String,
    pub pending: bool,
    pub hidden: bool,
    pub deleted: bool,
    pub edited: bool,
    pub created_iso: String,
    pub created: String,
    pub accepted: bool,
    pub reactions: Vec<ReactionButton>,
    pub mine: bool,
}

#[derive(Template)]
#[template(path = "discussions/topic.html")]
struct TopicTemplate {
    page: Page,
    id: i64,
    title: String,
    category_id: i64,
    category: String,
    tags: Vec<String>,
    topics: Vec<String>,
    closed: bool,
    pinned: bool,
    hidden: bool,
    pending: bool,
    posts: Vec<PostCard>,
    words: PostWords,
    accepted: Option<i64>,
    may_accept: bool,
    moderator: bool,
    may_reply: bool,
    follow_levels: Vec<Choice>,
    move_to: Vec<Choice>,
    flag_reasons: Vec<Choice>,
    pages: Vec<PageLink>,
    page_count: i64,
    /// The reply form's text and the post it answers, again after an error or a "quote".
    reply_body: String,
    reply_to: Option<i64>,
    error: Option<FormError>,
}

#[derive(Deserialize, Default)]
pub struct TopicQuery {
    page: Option<String>,
    /// Answer this post, with a quote of it in the form.
    quote: Option<String>,
}

async fn topic_page(
    state: &AppState,
    page: Page,
    id: i64,
    query: &TopicQuery,
    reply: Option<(String, Option<i64>, FormError)>,
) -> Result<TopicTemplate, AppError> {
    let i18n = page.i18n;
    let viewer = page.viewer.clone();
    let read = topics::read(state, viewer.as_ref(), id, query.page.as_deref()).await?;
    let moderator = access::is_moderator(viewer.as_ref());
    let topic = &read.topic;
    let reaction_labels: Vec<String> = Reaction::ALL
        .iter()
        .map(|r| i18n.t(&format!("discussions-reaction-{}", r.as_str())))
        .collect();
    // Posts of a page are mostly of a few days: each day's date is formatted once.
    let zone = crate::web::i18n::zone(viewer.as_ref().map_or("UTC", |m| m.timezone.as_str()));
    let mut dates: Vec<(jiff::civil::Date, String)> = Vec::new();
    let mut when = |millis: i64| -> String {
        let Ok(instant) = jiff::Timestamp::from_millisecond(millis) else {
            return String::new();
        };
        let local = instant.to_zoned(zone.clone()).datetime();
        let date = match dates.iter().find(|(d, _)| *d == local.date()) {
            Some((_, text)) => text.clone(),
            None => {
                let text = i18n.date(local.date());
                dates.push((local.date(), text.clone()));
                text
            }
        };
        format!("{date}, {}", i18n.time(local.time()))
    };
    let posts: Vec<PostCard> = read
        .posts
        .iter()
        .map(|p| PostCard {
            id: p.id,
            number: p.number,
            author: p
                .author_name
                .clone()
                .unwrap_or_else(|| i18n.t("discussions-deleted-member")),
            author_id: p.author_id,
            reply_to: p.reply_to_number,
            html: p.body_html.clone(),
            pending: p.pending != 0,
            hidden: p.hidden_at.is_some(),
            deleted: p.deleted_at.is_some(),
            edited: p.edited_at.is_some(),
            created_iso: iso(p.created_at),
            created: when(p.created_at),
            accepted: topic.accepted_post_id == Some(p.id),
            reactions: Reaction::ALL
                .iter()
                .zip(&reaction_labels)
                .map(|(r, label)| {
                    let found = read
                        .reactions
                        .iter()
                        .find(|(post, name, ..)| *post == p.id && name == r.as_str());
                    ReactionButton {
                        value: r.as_str(),
                        emoji: r.emoji(),
                        label: label.clone(),
                        count: found.map_or(0, |f| f.2),
                        mine: found.is_some_and(|f| f.3 > 0),
                    }
                })
                .collect(),
            mine: viewer.as_ref().is_some_and(|m| p.author_id == Some(m.id)),
        })
        .collect();
    let level = match &viewer {
        Some(member) => following::level(state, member, Target::Topic, id).await?,
        None => None,
    };
    let categories = access::categories(state, viewer.as_ref()).await?;
    let taxonomy = crate::members::taxonomy(state).await?;
    let label = |kind: &str| -> Vec<String> {
        read.labels
            .iter()
            .filter(|(_, k, _)| k == kind)
            .map(|(_, _, v)| v.clone())
            .collect()
    };
    let topic_names = label("topic")
        .iter()
        .map(|slug| {
            taxonomy
                .iter()
                .find(|t| &t.slug == slug)
                .map_or_else(|| slug.clone(), |t| t.name(i18n.locale).to_string())
        })
        .collect();
    let (reply_body, reply_to, error) = match reply {
        Some((body, to, error)) => (body, to, Some(error)),
        None => {
            let quoted = query
                .quote
                .as_deref()
                .and_then(|q| q.parse::<i64>().ok())
                .and_then(|q| {
                    read.posts
                        .iter()
                        .find(|p| p.id == q && p.deleted_at.is_none())
                });
            match quoted {
                Some(p) => (
                    model::quote(p.author_name.as_deref().unwrap_or(""), &p.body),
                    Some(p.id),
                    None,
                ),
                None => (String::new(), None, None),
            }
        }
    };
    Ok(TopicTemplate {
        id,
        title: topic.title.clone(),
        category_id: topic.category_id,
        category: read.category.name(i18n.locale).to_string(),
        tags: label("tag"),
        topics: topic_names,
        closed: topic.closed_at.is_some(),
        pinned: topic.pinned_at.is_some(),
        hidden: topic.hidden_at.is_some(),
        pending: topic.pending != 0,
        accepted: topic.accepted_post_id,
        may_accept: viewer
            .as_ref()
            .is_some_and(|m| access::may_accept(m, topic).is_ok()),
        moderator,
        may_reply: viewer.is_some() && access::may_reply(topic).is_ok() && topic.pending == 0,
        follow_levels: super::list::level_choices(i18n, level, false),
        move_to: category_choices(&categories, i18n.locale, Some(topic.category_id)),
        flag_reasons: FlagReason::ALL
            .iter()
            .map(|r| {
                Choice::new(
                    r.as_str(),
                    i18n.t(&format!(
                        "discussions-flag-{}",
                        r.as_str().replace('_', "-")
                    )),
                    false,
                )
            })
            .collect(),
        pages: page_links(read.page, read.pages),
        page_count: read.pages,
        posts,
        words: PostWords::new(i18n),
        reply_body,
        reply_to,
        error,
        page,
    })
}

pub async fn topic(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Query(query): Query<TopicQuery>,
) -> Result<Response, AppError> {
    let cached = kept_for_visitors(&state, &page);
    if let Some(body) = cached.as_ref().and_then(|c| c.get()) {
        return Ok(render_cache::html(body));
    }
    let template = topic_page(&state, page, id, &query, None).await?;
    render_cache::render_kept(cached, &template)
}

/// `/discussions/posts/{id}`: the topic's page that holds the post, at the post.
pub async fn goto_post(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let (topic, page_number, number) = topics::locate(&state, page.viewer.as_ref(), id).await?;
    let notice = query
        .notice
        .filter(|n| n.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
        .map(|n| format!("&notice={n}"))
        .unwrap_or_default();
    Ok(Redirect::to(&format!(
        "/discussions/topics/{topic}?page={page_number}{notice}#post-{number}"
    ))
    .into_response())
}

#[derive(Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

pub async fn reply(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(posted): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(posted);
    let reply_to = fields.number("reply_to")?;
    let body = fields.get("body").to_string();
    let input = ReplyInput {
        body: body.clone(),
        reply_to,
    };
    match posts::reply(&state, &member, id, input).await {
        Ok(replied) => {
            let notice = if replied.pending {
                "discussions-waits"
            } else {
                "discussions-replied"
            };
            Ok(done(&format!("/discussions/posts/{}", replied.id), notice))
        }
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            let template = topic_page(
                &state,
                page,
                id,
                &TopicQuery::default(),
                Some((body, reply_to, error)),
            )
            .await?;
            render(status, &template)
        }
    }
}

/// An action on the topic: follow, accept an answer, and the moderators' close, pin, hide,
/// move and approve.
pub async fn topic_action(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(posted): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(posted);
    let mut patch = TopicPatch::default();
    let notice = match fields.get("action") {
        "follow" => {
            let level = posted_level(&fields)?;
            following::follow(&state, &member, Target::Topic, id, level).await?;
            "discussions-following"
        }
        "accept" => {
            patch.accepted_post_id = Some(fields.number("post")?.unwrap_or(0));
            "discussions-accepted"
        }
        "unaccept" => {
            patch.accepted_post_id = Some(0);
            "discussions-saved"
        }
        "close" => {
            patch.closed = Some(true);
            "discussions-saved"
        }
        "reopen" => {
            patch.closed = Some(false);
            "discussions-saved"
        }
        "pin" => {
            patch.pinned = Some(true);
            "discussions-saved"
        }
        "unpin" => {
            patch.pinned = Some(false);
            "discussions-saved"
        }
        "hide" => {
            patch.hidden = Some(true);
            "discussions-saved"
        }
        "show" => {
            patch.hidden = Some(false);
            "discussions-saved"
        }
        "approve" => {
            patch.approved = Some(true);
            "discussions-saved"
        }
        "move" => {
            patch.category_id = Some(
                fields
                    .number("category")?
                    .ok_or_else(|| AppError::invalid("category", "field_required"))?,
            );
            "discussions-saved"
        }
        _ => return Err(AppError::bad_request("bad_request")),
    };
    topics::change(&state, &member, id, patch).await?;
    Ok(done(&format!("/discussions/topics/{id}"), notice))
}

/// An action on a post: react, flag, delete; the moderators' hide, show and approve.
pub async fn post_action(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(posted): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(posted);
    let back = format!("/discussions/posts/{id}");
    let (action, reaction) = fields
        .get("action")
        .split_once(':')
        .unwrap_or((fields.get("action"), fields.get("reaction")));
    let notice = match action {
        action @ ("react" | "unreact") => {
            let reaction = Reaction::parse(reaction)
                .ok_or_else(|| AppError::invalid("reaction", "discussion_reaction_unknown"))?;
            let input = ReactionInput {
                reaction,
                remove: action == "unreact",
            };
            posts::react(&state, &member, id, input).await?;
            "discussions-saved"
        }
        "flag" => {
            let reason = FlagReason::parse(fields.get("reason"))
                .ok_or_else(|| AppError::invalid("reason", "discussion_flag_reason_unknown"))?;
            let input = FlagInput {
                reason,
                comment: fields.get("comment").to_string(),
            };
            posts::flag(&state, &member, id, input).await?;
            "discussions-flagged"
        }
        "delete" => {
            let (_, topic, _) = access::post(&state, Some(&member), id).await?;
            posts::delete(&state, &member, id).await?;
            return Ok(done(
                &format!("/discussions/topics/{}", topic.id),
                "discussions-deleted",
            ));
        }
        action @ ("hide" | "show" | "approve") => {
            let patch = PostPatch {
                hidden: match action {
                    "hide" => Some(true),
                    "show" => Some(false),
                    _ => None,
                },
                approved: (action == "approve").then_some(true),
                body: None,
            };
            posts::change(&state, &member, id, patch).await?;
            if fields.get("back") == "queue" {
                return Ok(done("/discussions/queue", "discussions-saved"));
            }
            "discussions-saved"
        }
        _ => return Err(AppError::bad_request("bad_request")),
    };
    Ok(done(&back, notice))
}
