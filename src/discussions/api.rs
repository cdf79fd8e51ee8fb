//! JSON API of discussions: categories, topics, posts, reactions, following, flags and the
//! moderators' queue. Times are RFC 3339 instants in UTC.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use super::access::{self, Category};
use super::categories::{self, CategoryInput, CategoryText};
use super::db::{PostRow, TopicRow};
use super::following::{self, Target};
use super::index::Forum;
use super::model::{Level, Reaction};
use super::posts::{self, FlagInput, PostPatch, ReactionInput, Replied, ReplyInput};
use super::topics::{self, ListParams, Opened, TopicInput, TopicPatch};
use crate::state::AppState;
use crate::web::ApiJson;
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::identity::{CurrentMember, OptionalMember};
use crate::web::render_cache;
use crate::web::text::utc;
use axum::response::{IntoResponse, Response};

#[derive(OpenApi)]
#[openapi(paths(
    list_categories,
    create_category,
    update_category,
    follow_category,
    list_topics,
    open_topic,
    get_topic,
    change_topic,
    reply,
    follow_topic,
    change_post,
    delete_post,
    react,
    flag,
    history,
    queue,
    put_settings
))]
pub struct ApiDoc;

#[derive(Serialize, ToSchema)]
pub struct CategoryView {
    id: i64,
    slug: String,
    position: i64,
    /// In the reader's language (or English, or the first there is).
    name: String,
    description: String,
    members_only: bool,
    /// The event whose questions to speakers it holds.
    event_id: Option<i64>,
    /// Every language it has.
    texts: Vec<CategoryText>,
}

fn category_view(c: &Category, i18n: I18n) -> CategoryView {
    let (name, description) = c.text(i18n.locale);
    CategoryView {
        id: c.row.id,
        slug: c.row.slug.clone(),
        position: c.row.position,
        name: name.to_string(),
        description: description.to_string(),
        members_only: c.members_only(),
        event_id: c.row.event_id,
        texts: c
            .texts
            .iter()
            .map(|(locale, name, description)| CategoryText {
                locale: locale.clone(),
                name: name.clone(),
                description: description.clone(),
            })
            .collect(),
    }
}

/// The categories the caller may read.
#[utoipa::path(get, operation_id = "list_discussion_categories", path = "/api/v1/discussions/categories", tag = "discussions",
    responses((status = 200, body = Vec<CategoryView>)))]
pub async fn list_categories(
    State(state): State<AppState>,
    i18n: I18n,
    OptionalMember(viewer): OptionalMember,
) -> Result<Json<Vec<CategoryView>>, AppError> {
    let all = access::categories(&state, viewer.as_ref()).await?;
    Ok(Json(all.iter().map(|c| category_view(c, i18n)).collect()))
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    id: i64,
}

/// Adds a category (organisers and admins).
#[utoipa::path(post, operation_id = "create_discussion_category", path = "/api/v1/discussions/categories", tag = "discussions", security(("bearer" = [])), request_body = CategoryInput,
    responses((status = 201, body = Created), (status = 403, description = "forbidden"),
              (status = 409, description = "discussion_slug_taken"),
              (status = 422, description = "discussion_slug_invalid, locale_unknown, field_required, text_too_long, discussion_locale_twice")))]
pub async fn create_category(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(input): ApiJson<CategoryInput>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let id = categories::create(&state, &member, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Changes a category (organisers and admins); its texts are replaced.
#[utoipa::path(put, operation_id = "update_discussion_category", path = "/api/v1/discussions/categories/{id}", tag = "discussions", security(("bearer" = [])), request_body = CategoryInput,
    responses((status = 204), (status = 403, description = "forbidden"), (status = 404, description = "not_found"),
              (status = 409, description = "discussion_slug_taken"),
              (status = 422, description = "discussion_slug_invalid, locale_unknown, field_required, text_too_long")))]
pub async fn update_category(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<CategoryInput>,
) -> Result<StatusCode, AppError> {
    categories::update(&state, &member, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct FollowInput {
    /// `all`, `new_topics`, `mentions` or `muted`; null goes back to the default.
    level: Option<Level>,
}

/// Follows a category at a level, or mutes it.
#[utoipa::path(post, operation_id = "follow_discussion_category", path = "/api/v1/discussions/categories/{id}/follow", tag = "discussions", security(("bearer" = [])), request_body = FollowInput,
    responses((status = 204), (status = 404, description = "not_found")))]
pub async fn follow_category(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<FollowInput>,
) -> Result<StatusCode, AppError> {
    following::follow(&state, &member, Target::Category, id, input.level).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct Person {
    id: Option<i64>,
    /// Empty for a deleted member.
    name: String,
}

#[derive(Serialize, ToSchema)]
pub struct TopicSummary {
    id: i64,
    category_id: i64,
    title: String,
    author: Person,
    tags: Vec<String>,
    /// Sector topics (taxonomy slugs).
    topics: Vec<String>,
    replies: i64,
    /// The accepted answer (a post id).
    accepted_post_id: Option<i64>,
    closed: bool,
    pinned: bool,
    /// Seen by moderators only.
    hidden: bool,
    /// Waits for a moderator's approval (seen by its author and moderators).
    pending: bool,
    last_post_at: String,
    created_at: String,
    /// For a search: where the words were found.
    #[serde(skip_serializing_if = "Option::is_none")]
    found: Option<Found>,
}

/// The passage of a topic that a search found.
#[derive(Serialize, ToSchema)]
pub struct Found {
    /// The post it is in.
    post_id: Option<i64>,
    /// The passage, HTML-escaped, the words in `<b>`.
    snippet_html: String,
}

fn summary(t: &TopicRow, labels: &[(i64, String, String)]) -> TopicSummary {
    let of = |kind: &str| -> Vec<String> {
        labels
            .iter()
            .filter(|(id, k, _)| *id == t.id && k == kind)
            .map(|(_, _, v)| v.clone())
            .collect()
    };
    TopicSummary {
        id: t.id,
        category_id: t.category_id,
        title: t.title.clone(),
        author: Person {
            id: t.author_id,
            name: t.author_name.clone().unwrap_or_default(),
        },
        tags: of("tag"),
        topics: of("topic"),
        replies: t.reply_count,
        accepted_post_id: t.accepted_post_id,
        closed: t.closed_at.is_some(),
        pinned: t.pinned_at.is_some(),
        hidden: t.hidden_at.is_some(),
        pending: t.pending != 0,
        last_post_at: utc(t.last_post_at),
        created_at: utc(t.created_at),
        found: None,
    }
}

#[derive(Serialize, ToSchema)]
pub struct TopicList {
    items: Vec<TopicSummary>,
    total: i64,
    page: i64,
    pages: i64,
}

/// Topics the caller may read: latest activity first (pinned on top of the first page) or
/// unanswered, by category, tag, sector topic or author; with `q`, the topics whose title or
/// posts have all its words (in any of the four languages), best match first, each with the
/// passage found.
#[utoipa::path(get, operation_id = "list_discussion_topics", path = "/api/v1/discussions/topics", tag = "discussions", params(ListParams),
    responses((status = 200, body = TopicList), (status = 404, description = "not_found (a category the caller may not read)"),
              (status = 400, description = "page_invalid"), (status = 422, description = "discussion_filter_unknown, number_invalid, discussion_query_too_long")))]
pub async fn list_topics(
    State(state): State<AppState>,
    OptionalMember(viewer): OptionalMember,
    Query(params): Query<ListParams>,
) -> Result<Json<TopicList>, AppError> {
    let list = topics::list(&state, viewer.as_ref(), &params).await?;
    Ok(Json(TopicList {
        items: list
            .rows
            .iter()
            .map(|t| TopicSummary {
                found: list
                    .hits
                    .iter()
                    .find(|h| h.topic_id == t.id)
                    .map(|h| Found {
                        post_id: h.post_id,
                        snippet_html: h.snippet_html.clone(),
                    }),
                ..summary(t, &list.labels)
            })
            .collect(),
        total: list.total,
        page: list.page,
        pages: list.pages,
    }))
}

/// Opens a topic with its first post.
#[utoipa::path(post, operation_id = "open_discussion_topic", path = "/api/v1/discussions/topics", tag = "discussions", security(("bearer" = [])), request_body = TopicInput,
    responses((status = 201, body = Opened), (status = 404, description = "not_found (the category)"),
              (status = 422, description = "field_required, discussion_title_short, text_too_long, text_invalid, discussion_tag_invalid, discussion_too_many_tags, topic_unknown, discussion_too_many_topics")))]
pub async fn open_topic(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(input): ApiJson<TopicInput>,
) -> Result<(StatusCode, Json<Opened>), AppError> {
    Ok((
        StatusCode::CREATED,
        Json(topics::open(&state, &member, input).await?),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct ReactionCount {
    reaction: Reaction,
    count: i64,
    /// The caller reacted so.
    mine: bool,
}

#[derive(Serialize, ToSchema)]
pub struct PostView {
    id: i64,
    number: i64,
    author: Person,
    /// The post it answers.
    reply_to: Option<i64>,
    /// Markdown as written (empty once deleted).
    body: String,
    /// Sanitised HTML.
    html: String,
    pending: bool,
    hidden: bool,
    deleted: bool,
    edited_at: Option<String>,
    created_at: String,
    reactions: Vec<ReactionCount>,
}

fn post_view(p: &PostRow, reactions: &[(i64, String, i64, i64)]) -> PostView {
    PostView {
        id: p.id,
        number: p.number,
        author: Person {
            id: p.author_id,
            name: p.author_name.clone().unwrap_or_default(),
        },
        reply_to: p.reply_to_id,
        body: p.body.clone(),
        html: p.body_html.clone(),
        pending: p.pending != 0,
        hidden: p.hidden_at.is_some(),
        deleted: p.deleted_at.is_some(),
        edited_at: p.edited_at.map(utc),
        created_at: utc(p.created_at),
        reactions: reactions
            .iter()
            .filter(|(post, ..)| *post == p.id)
            .filter_map(|(_, r, count, mine)| {
                Some(ReactionCount {
                    reaction: Reaction::parse(r)?,
                    count: *count,
                    mine: *mine > 0,
                })
            })
            .collect(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct TopicView {
    topic: TopicSummary,
    category: CategoryView,
    posts: Vec<PostView>,
    page: i64,
    pages: i64,
    /// How the caller follows the topic, if they chose.
    following: Option<Level>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParam {
    /// From 1; 200 posts a page.
    page: Option<String>,
}

/// A topic and a page of its posts.
#[utoipa::path(get, operation_id = "get_discussion_topic", path = "/api/v1/discussions/topics/{id}", tag = "discussions", params(PageParam),
    responses((status = 200, body = TopicView), (status = 404, description = "not_found"), (status = 400, description = "page_invalid")))]
pub async fn get_topic(
    State(state): State<AppState>,
    i18n: I18n,
    OptionalMember(viewer): OptionalMember,
    Path(id): Path<i64>,
    Query(param): Query<PageParam>,
) -> Result<Response, AppError> {
    let cached = render_cache::answer_for_visitors(
        &state,
        viewer.is_some(),
        i18n.locale.code(),
        &format!("discussions api topic {id} {:?}", param.page),
        state.service::<Forum>().position(),
    );
    if let Some(body) = cached.as_ref().and_then(|c| c.get()) {
        return Ok(render_cache::json(body));
    }
    let page = topics::read(&state, viewer.as_ref(), id, param.page.as_deref()).await?;
    let following = match &viewer {
        Some(member) => following::level(&state, member, Target::Topic, id).await?,
        None => None,
    };
    let view = TopicView {
        topic: summary(&page.topic, &page.labels),
        category: category_view(&page.category, i18n),
        posts: page
            .posts
            .iter()
            .map(|p| post_view(p, &page.reactions))
            .collect(),
        page: page.page,
        pages: page.pages,
        following,
    };
    Ok(match cached {
        Some(cached) => {
            render_cache::json(cached.put(serde_json::to_vec(&view).map_err(anyhow::Error::from)?))
        }
        None => Json(view).into_response(),
    })
}

/// Changes a topic: the author its title, tags and topics; moderators also move, close,
/// pin, hide and approve it; the author or a moderator marks the accepted answer.
#[utoipa::path(patch, operation_id = "change_discussion_topic", path = "/api/v1/discussions/topics/{id}", tag = "discussions", security(("bearer" = [])), request_body = TopicPatch,
    responses((status = 204), (status = 403, description = "forbidden"), (status = 404, description = "not_found"),
              (status = 422, description = "discussion_title_short, text_too_long, discussion_tag_invalid, topic_unknown, discussion_answer_invalid")))]
pub async fn change_topic(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(patch): ApiJson<TopicPatch>,
) -> Result<StatusCode, AppError> {
    topics::change(&state, &member, id, patch).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Replies in a topic, optionally answering one of its posts.
#[utoipa::path(post, operation_id = "reply_in_discussion", path = "/api/v1/discussions/topics/{id}/replies", tag = "discussions", security(("bearer" = [])), request_body = ReplyInput,
    responses((status = 201, body = Replied), (status = 404, description = "not_found"),
              (status = 409, description = "discussion_topic_closed, discussion_topic_hidden, discussion_topic_pending"),
              (status = 422, description = "field_required, text_too_long, text_invalid, discussion_reply_to_invalid")))]
pub async fn reply(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ReplyInput>,
) -> Result<(StatusCode, Json<Replied>), AppError> {
    Ok((
        StatusCode::CREATED,
        Json(posts::reply(&state, &member, id, input).await?),
    ))
}

/// Follows a topic at a level, or mutes it.
#[utoipa::path(post, operation_id = "follow_discussion_topic", path = "/api/v1/discussions/topics/{id}/follow", tag = "discussions", security(("bearer" = [])), request_body = FollowInput,
    responses((status = 204), (status = 404, description = "not_found")))]
pub async fn follow_topic(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<FollowInput>,
) -> Result<StatusCode, AppError> {
    following::follow(&state, &member, Target::Topic, id, input.level).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Changes a post: its author the text (the old one is kept for moderators); moderators hide,
/// show or approve it.
#[utoipa::path(patch, operation_id = "change_discussion_post", path = "/api/v1/discussions/posts/{id}", tag = "discussions", security(("bearer" = [])), request_body = PostPatch,
    responses((status = 204), (status = 403, description = "forbidden"), (status = 404, description = "not_found"),
              (status = 409, description = "discussion_post_deleted"), (status = 422, description = "field_required, text_too_long, text_invalid")))]
pub async fn change_post(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(patch): ApiJson<PostPatch>,
) -> Result<StatusCode, AppError> {
    posts::change(&state, &member, id, patch).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes the caller's own post: its text is erased, its place stays.
#[utoipa::path(delete, operation_id = "delete_discussion_post", path = "/api/v1/discussions/posts/{id}", tag = "discussions", security(("bearer" = [])),
    responses((status = 204), (status = 403, description = "forbidden"), (status = 404, description = "not_found"),
              (status = 409, description = "discussion_post_deleted, discussion_topic_has_replies")))]
pub async fn delete_post(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    posts::delete(&state, &member, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Adds a reaction to a post (or takes it back with `remove`).
#[utoipa::path(post, operation_id = "react_to_discussion_post", path = "/api/v1/discussions/posts/{id}/reactions", tag = "discussions", security(("bearer" = [])), request_body = ReactionInput,
    responses((status = 204), (status = 404, description = "not_found"),
              (status = 409, description = "discussion_reaction_exists, discussion_reaction_missing, discussion_post_deleted")))]
pub async fn react(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ReactionInput>,
) -> Result<StatusCode, AppError> {
    posts::react(&state, &member, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Flags a post for moderators.
#[utoipa::path(post, operation_id = "flag_discussion_post", path = "/api/v1/discussions/posts/{id}/flags", tag = "discussions", security(("bearer" = [])), request_body = FlagInput,
    responses((status = 201), (status = 404, description = "not_found"), (status = 409, description = "discussion_flag_exists"),
              (status = 422, description = "discussion_flag_own, text_too_long")))]
pub async fn flag(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<FlagInput>,
) -> Result<StatusCode, AppError> {
    posts::flag(&state, &member, id, input).await?;
    Ok(StatusCode::CREATED)
}

#[derive(Serialize, ToSchema)]
pub struct EditView {
    /// The topic's title before, when the edit changed it.
    title: Option<String>,
    body: String,
    editor: String,
    edited_at: String,
}

/// A post's earlier versions, newest first (moderators).
#[utoipa::path(get, operation_id = "discussion_post_history", path = "/api/v1/discussions/posts/{id}/history", tag = "discussions", security(("bearer" = [])),
    responses((status = 200, body = Vec<EditView>), (status = 403, description = "forbidden"), (status = 404, description = "not_found")))]
pub async fn history(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Json<Vec<EditView>>, AppError> {
    let edits = posts::history(&state, &member, id).await?;
    Ok(Json(
        edits
            .into_iter()
            .map(|e| EditView {
                title: e.title,
                body: e.body,
                editor: e.editor_name.unwrap_or_default(),
                edited_at: utc(e.edited_at),
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct QueueItem {
    post_id: i64,
    topic_id: i64,
    topic_title: String,
    number: i64,
    author: String,
    body: String,
    /// Waits for approval.
    pending: bool,
    hidden: bool,
    /// Open flags, and their reasons.
    flags: i64,
    reasons: Vec<String>,
    created_at: String,
}

/// What waits for moderators: flagged posts and posts held for approval, oldest first.
#[utoipa::path(get, operation_id = "discussion_queue", path = "/api/v1/discussions/queue", tag = "discussions", security(("bearer" = [])),
    responses((status = 200, body = Vec<QueueItem>), (status = 403, description = "forbidden")))]
pub async fn queue(
    State(state): State<AppState>,
    member: CurrentMember,
) -> Result<Json<Vec<QueueItem>>, AppError> {
    let rows = super::moderation_queue(&state, &member).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| QueueItem {
                post_id: r.post_id,
                topic_id: r.topic_id,
                topic_title: r.topic_title,
                number: r.number,
                author: r.author_name.unwrap_or_default(),
                body: r.body,
                pending: r.pending != 0,
                hidden: r.hidden_at.is_some(),
                flags: r.flags,
                reasons: r
                    .reasons
                    .unwrap_or_default()
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                created_at: utc(r.created_at),
            })
            .collect(),
    ))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct SettingsInput {
    /// Hold the posts of members with fewer than three approved posts for approval.
    hold_first_posts: bool,
}

/// Discussions settings (admins).
#[utoipa::path(put, operation_id = "put_discussion_settings", path = "/api/v1/discussions/settings", tag = "discussions", security(("bearer" = [])), request_body = SettingsInput,
    responses((status = 204), (status = 403, description = "forbidden")))]
pub async fn put_settings(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(input): ApiJson<SettingsInput>,
) -> Result<StatusCode, AppError> {
    member.require_admin()?;
    posts::set_holds_first_posts(&state, input.hold_first_posts).await?;
    Ok(StatusCode::NO_CONTENT)
}
