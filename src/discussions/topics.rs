//! Topics: open one (with its first post), list them, change them (the author: title, tags
//! and topics; moderators: also move, close, pin, hide, approve; the author or a moderator:
//! the accepted answer).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::access::{self, Category};
use super::db::{self, NewTopic, TopicChange, TopicRow, Within};
use super::index::{self, Forum, TopicHit, TopicSearch};
use super::model::{self, Filter};
use super::{following, posts};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

pub const TOPICS_PER_PAGE: i64 = 30;

/// A new topic.
#[derive(Clone, Debug, Default, Deserialize, Serialize, ToSchema)]
pub struct TopicInput {
    pub category_id: i64,
    /// 5 to 150 characters.
    pub title: String,
    /// Markdown, up to 20,000 characters; raw HTML is not rendered.
    pub body: String,
    /// Free tags (up to five, letters, digits and dashes).
    #[serde(default)]
    pub tags: Vec<String>,
    /// Sector topics: slugs of the taxonomy (up to five).
    #[serde(default)]
    pub topics: Vec<String>,
}

/// What was stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct Opened {
    pub id: i64,
    pub post_id: i64,
    /// The post waits for a moderator's approval before others see it.
    pub pending: bool,
}

async fn taxonomy_slugs(state: &AppState) -> Result<Vec<String>, AppError> {
    Ok(crate::members::taxonomy(state)
        .await?
        .iter()
        .map(|t| t.slug.clone())
        .collect())
}

pub async fn open(
    state: &AppState,
    member: &CurrentMember,
    input: TopicInput,
) -> Result<Opened, AppError> {
    let category = access::category(state, Some(member), input.category_id).await?;
    let title = model::parse_title(&input.title)?;
    let body = model::parse_body(&input.body)?;
    let tags = model::parse_tags(&input.tags)?;
    let topics = model::parse_topics(&input.topics, &taxonomy_slugs(state).await?)?;
    let pending = posts::must_wait(state, member, &body).await?;
    let links = model::site_links(&body);
    let (id, post_id) = db::insert_topic(
        &state.db,
        &NewTopic {
            category_id: category.row.id,
            author_id: member.id,
            title: &title,
            tags: &tags,
            topics: &topics,
            body: &body,
            body_html: &crate::web::text::render_markdown(&body),
            pending,
            links: &links,
        },
    )
    .await?;
    index::refresh(state).await;
    // The author follows what they asked.
    db::set_follow(
        &state.db,
        "topic",
        id,
        member.id,
        Some(model::Level::All.as_str()),
    )
    .await?;
    if !pending {
        following::tell_about_post(state, member.id, id, post_id).await?;
    }
    Ok(Opened {
        id,
        post_id,
        pending,
    })
}

/// Which topics to list, as a query string gives them (read leniently, checked in [`list`]).
#[derive(Clone, Debug, Default, Deserialize, ToSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// A category id.
    pub category: Option<String>,
    /// A tag.
    pub tag: Option<String>,
    /// A sector topic (taxonomy slug).
    pub topic: Option<String>,
    /// Topics opened by this member (id).
    pub author: Option<String>,
    /// `latest` (the default) or `unanswered`.
    pub filter: Option<String>,
    /// Words to search for in titles and posts, in any of the four languages; best matches
    /// first.
    pub q: Option<String>,
    /// From 1.
    pub page: Option<String>,
}

fn number(value: Option<&str>, field: &'static str) -> Result<Option<i64>, AppError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| AppError::invalid(field, "number_invalid")),
    }
}

impl ListParams {
    pub fn filter(&self) -> Result<Filter, AppError> {
        match self
            .filter
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
        {
            None => Ok(Filter::Latest),
            Some(f) => Filter::parse(f)
                .ok_or_else(|| AppError::invalid("filter", "discussion_filter_unknown")),
        }
    }

    pub fn category(&self) -> Result<Option<i64>, AppError> {
        number(self.category.as_deref(), "category")
    }
}

/// A page of topics, with what a list shows beside them.
pub struct TopicList {
    pub categories: Vec<Category>,
    /// Pinned topics first (on the first page of a list that is not a search), then by
    /// latest activity, or best match first.
    pub rows: Vec<TopicRow>,
    /// (topic id, kind, value)
    pub labels: Vec<(i64, String, String)>,
    /// For a search: the passage found in each topic.
    pub hits: Vec<TopicHit>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

/// The words searched for, when there are any.
pub fn search_words(params: &ListParams) -> Result<Option<&str>, AppError> {
    let q = params.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    if q.is_some_and(|q| q.chars().count() > 200) {
        return Err(AppError::invalid("q", "discussion_query_too_long"));
    }
    Ok(q)
}

pub async fn list(
    state: &AppState,
    viewer: Option<&CurrentMember>,
    params: &ListParams,
) -> Result<TopicList, AppError> {
    let all = access::all_categories(state).await?;
    let categories: Vec<Category> = all
        .iter()
        .filter(|c| access::may_read(viewer, c))
        .cloned()
        .collect();
    let readable: Vec<i64> = categories.iter().map(|c| c.row.id).collect();
    let hidden: Vec<i64> = all
        .iter()
        .filter(|c| !access::may_read(viewer, c))
        .map(|c| c.row.id)
        .collect();
    let selected = params.category()?;
    if selected.is_some_and(|id| !readable.contains(&id)) {
        return Err(AppError::not_found());
    }
    let filter = params.filter()?;
    let page = number(params.page.as_deref(), "page")?.unwrap_or(1);
    if !(1..=100_000).contains(&page) {
        return Err(AppError::bad_request("page_invalid"));
    }
    let author = number(params.author.as_deref(), "author")?;
    let tag = params
        .tag
        .as_deref()
        .map(|t| crate::store::fold(t.trim()))
        .filter(|t| !t.is_empty());
    let topic = params.topic.as_deref().filter(|t| !t.is_empty());
    let offset = (page - 1) * TOPICS_PER_PAGE;
    let (rows, hits, total) = if let Some(q) = search_words(params)? {
        let found = state
            .service::<Forum>()
            .search(TopicSearch {
                q: q.to_string(),
                categories: selected.map_or(readable.clone(), |id| vec![id]),
                tag: tag.clone(),
                topic: topic.map(str::to_string),
                author,
                unanswered: filter == Filter::Unanswered,
                offset: offset as usize,
                limit: TOPICS_PER_PAGE as usize,
            })
            .await?;
        let ids: Vec<i64> = found.items.iter().map(|h| h.topic_id).collect();
        let mut rows = db::topics_by_id(&state.db, &ids).await?;
        // The index follows the database closely, not exactly: ask again who may see what.
        rows.retain(|t| access::may_see_topic(viewer, t) && readable.contains(&t.category_id));
        rows.sort_by_key(|t| ids.iter().position(|id| *id == t.id));
        (rows, found.items, found.total as i64)
    } else {
        let only = selected.map(|id| [id]);
        let within = match &only {
            Some(one) => Within::Only(one),
            None if hidden.len() <= readable.len() => Within::Except(&hidden),
            None => Within::Only(&readable),
        };
        let mut query = db::TopicQuery {
            within,
            tag: tag.as_deref(),
            topic,
            author,
            unanswered: filter == Filter::Unanswered,
            pinned: true,
            everything: false,
            viewer: viewer.map(|m| m.id),
            pending_of: None,
            offset: 0,
            limit: 100,
        };
        let mut rows = db::topics(&state.db, &query).await?;
        let pinned = rows.len() as i64;
        if page > 1 {
            rows.clear();
        }
        query.pinned = false;
        query.offset = offset;
        query.limit = TOPICS_PER_PAGE;
        rows.extend(db::topics(&state.db, &query).await?);
        (rows, Vec::new(), pinned + total_of(state, &query).await?)
    };
    let labels = db::labels(&state.db, &rows.iter().map(|t| t.id).collect::<Vec<_>>()).await?;
    Ok(TopicList {
        categories,
        rows,
        labels,
        hits,
        total,
        page,
        pages: ((total + TOPICS_PER_PAGE - 1) / TOPICS_PER_PAGE).max(1),
    })
}

/// How many topics (not pinned) a list has in all: the listed ones counted once per position
/// of the change feed (a count reads every topic of the categories), and the viewer's own that
/// wait for approval.
async fn total_of(state: &AppState, query: &db::TopicQuery<'_>) -> Result<i64, AppError> {
    let forum = state.service::<Forum>();
    let key = format!(
        "{:?} {:?} {:?} {:?} {}",
        query.within, query.tag, query.topic, query.author, query.unanswered
    );
    let listed = match forum.cached_total(&key) {
        Some(total) => total,
        None => {
            let position = forum.position();
            let total = db::count_topics(
                &state.db,
                &db::TopicQuery {
                    viewer: None,
                    ..*query
                },
            )
            .await?;
            forum.keep_total(position, key, total);
            total
        }
    };
    let waiting = match query.viewer {
        Some(member) => {
            db::count_topics(
                &state.db,
                &db::TopicQuery {
                    pending_of: Some(member),
                    ..*query
                },
            )
            .await?
        }
        None => 0,
    };
    Ok(listed + waiting)
}

/// A change to a topic; absent fields stay as they are.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct TopicPatch {
    /// The author or a moderator.
    pub title: Option<String>,
    pub tags: Option<Vec<String>>,
    pub topics: Option<Vec<String>>,
    /// Moderators: move to another category.
    pub category_id: Option<i64>,
    /// Moderators.
    pub closed: Option<bool>,
    pub pinned: Option<bool>,
    pub hidden: Option<bool>,
    /// Moderators: let a topic that waits for approval through.
    pub approved: Option<bool>,
    /// The author or a moderator: a reply of this topic, or 0 to clear.
    pub accepted_post_id: Option<i64>,
}

pub async fn change(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
    patch: TopicPatch,
) -> Result<(), AppError> {
    let (_, topic) = access::topic(state, Some(member), id).await?;
    let moderator = access::is_moderator(Some(member));
    let author = topic.author_id == Some(member.id);
    let moderating = patch.category_id.is_some()
        || patch.closed.is_some()
        || patch.pinned.is_some()
        || patch.hidden.is_some()
        || patch.approved.is_some();
    if moderating && !moderator {
        return Err(AppError::forbidden());
    }
    let editing = patch.title.is_some() || patch.tags.is_some() || patch.topics.is_some();
    if editing && !(author || moderator) {
        return Err(AppError::forbidden());
    }
    let title = patch.title.as_deref().map(model::parse_title).transpose()?;
    let labels = if patch.tags.is_some() || patch.topics.is_some() {
        let current = db::labels(&state.db, &[id]).await?;
        let keep = |kind: &str| -> Vec<String> {
            current
                .iter()
                .filter(|(_, k, _)| k == kind)
                .map(|(_, _, v)| v.clone())
                .collect()
        };
        let tags = match &patch.tags {
            Some(tags) => model::parse_tags(tags)?,
            None => keep("tag"),
        };
        let topics = match &patch.topics {
            Some(topics) => model::parse_topics(topics, &taxonomy_slugs(state).await?)?,
            None => keep("topic"),
        };
        Some((tags, topics))
    } else {
        None
    };
    if let Some(category) = patch.category_id {
        access::category(state, Some(member), category).await?;
    }
    let accepted = match patch.accepted_post_id {
        None => None,
        Some(post) => {
            access::may_accept(member, &topic)?;
            if post == 0 {
                Some(None)
            } else {
                let (_, _, reply) = access::post(state, Some(member), post).await?;
                if reply.topic_id != id
                    || reply.number == 1
                    || reply.pending != 0
                    || reply.hidden_at.is_some()
                    || reply.deleted_at.is_some()
                {
                    return Err(AppError::invalid(
                        "accepted_post_id",
                        "discussion_answer_invalid",
                    ));
                }
                Some(Some(post))
            }
        }
    };
    let approving = patch.approved == Some(true) && topic.pending != 0;
    db::change_topic(
        &state.db,
        id,
        &TopicChange {
            title: title.as_deref(),
            labels: labels.as_ref().map(|(t, s)| (t.as_slice(), s.as_slice())),
            category_id: patch.category_id,
            closed: patch.closed,
            pinned: patch.pinned,
            hidden: patch.hidden,
            approved: patch.approved,
            accepted,
            editor: member.id,
        },
    )
    .await?;
    if moderating {
        let what = [
            patch.category_id.map(|c| format!("category={c}")),
            patch.closed.map(|v| format!("closed={v}")),
            patch.pinned.map(|v| format!("pinned={v}")),
            patch.hidden.map(|v| format!("hidden={v}")),
            patch.approved.map(|v| format!("approved={v}")),
        ];
        let what: Vec<String> = what.into_iter().flatten().collect();
        let subject = format!("discussion_topic:{id}");
        crate::store::audit::record(
            &state.db,
            member.id,
            "discussion_topic_moderate",
            &subject,
            &what.join(" "),
        )
        .await?;
    }
    index::refresh(state).await;
    if approving && let Some(first) = db::posts(&state.db, id, None, true, 0, 1).await?.first() {
        following::tell_about_post(state, first.author_id.unwrap_or(0), id, first.id).await?;
    }
    if let Some(Some(post)) = accepted
        && topic.accepted_post_id != Some(post)
    {
        following::tell_accepted(state, member, &topic, post).await?;
    }
    Ok(())
}

pub const POSTS_PER_PAGE: i64 = 200;

/// One page of a topic, as its reader may see it.
pub struct TopicPage {
    pub category: Category,
    pub topic: TopicRow,
    /// (topic id, kind, value)
    pub labels: Vec<(i64, String, String)>,
    pub posts: Vec<db::PostRow>,
    /// (post id, reaction, count, whether the reader is among them)
    pub reactions: Vec<(i64, String, i64, i64)>,
    pub page: i64,
    pub pages: i64,
}

pub async fn read(
    state: &AppState,
    viewer: Option<&CurrentMember>,
    id: i64,
    page: Option<&str>,
) -> Result<TopicPage, AppError> {
    let (category, topic) = access::topic(state, viewer, id).await?;
    let everything = access::is_moderator(viewer);
    let viewer_id = viewer.map(|m| m.id);
    let count = db::post_count(&state.db, id, viewer_id, everything, None).await?;
    let pages = ((count + POSTS_PER_PAGE - 1) / POSTS_PER_PAGE).max(1);
    let page = number(page, "page")?.unwrap_or(1);
    if !(1..=pages).contains(&page) {
        return Err(AppError::bad_request("page_invalid"));
    }
    let posts = db::posts(
        &state.db,
        id,
        viewer_id,
        everything,
        (page - 1) * POSTS_PER_PAGE,
        POSTS_PER_PAGE,
    )
    .await?;
    let ids: Vec<i64> = posts.iter().map(|p| p.id).collect();
    let reactions = db::reactions(&state.db, &ids, viewer_id.unwrap_or(0)).await?;
    let labels = db::labels(&state.db, &[id]).await?;
    Ok(TopicPage {
        category,
        topic,
        labels,
        posts,
        reactions,
        page,
        pages,
    })
}

/// Where a post is: its topic and the page of it that holds the post.
pub async fn locate(
    state: &AppState,
    viewer: Option<&CurrentMember>,
    post_id: i64,
) -> Result<(i64, i64, i64), AppError> {
    let (_, topic, post) = access::post(state, viewer, post_id).await?;
    let everything = access::is_moderator(viewer);
    let before = db::post_count(
        &state.db,
        topic.id,
        viewer.map(|m| m.id),
        everything,
        Some(post.number),
    )
    .await?;
    let page = before / POSTS_PER_PAGE + 1;
    Ok((topic.id, page, post.number))
}
