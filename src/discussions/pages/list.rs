//! The list of topics: latest or unanswered, by category, tag, sector topic or author, paged;
//! the categories with their descriptions beside it, and following a category.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;

use super::*;
use crate::discussions::access;
use crate::discussions::following::{self, Target};
use crate::discussions::model::{Filter, Level};
use crate::discussions::topics::{self, ListParams};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::layout::Page;
use crate::web::render_cache;

pub struct TopicLine {
    pub id: i64,
    pub title: String,
    pub category: String,
    pub author: String,
    pub author_id: Option<i64>,
    pub tags: Vec<String>,
    pub replies: i64,
    /// Who wrote last, when someone replied.
    pub last_author: Option<String>,
    pub answered: bool,
    pub closed: bool,
    pub pinned: bool,
    pub pending: bool,
    pub last_iso: String,
    pub last: String,
    /// For a search: the post the passage is in, and the passage (escaped, words in `<b>`).
    pub found: Option<(Option<i64>, String)>,
}

pub struct CategoryLine {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub members_only: bool,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "discussions/list.html")]
struct ListTemplate {
    page: Page,
    heading: String,
    topics: Vec<TopicLine>,
    categories: Vec<CategoryLine>,
    /// The category shown, with how the viewer follows it.
    category: Option<(i64, String, String)>,
    follow_levels: Vec<Choice>,
    unanswered: bool,
    /// The list's query without `filter` and `page`, for the tabs and page links.
    base: String,
    /// The words searched for.
    q: String,
    /// The list's filters, kept by the search form: (name, value).
    keep: Vec<(&'static str, String)>,
    total: i64,
    pages: Vec<PageLink>,
    page_count: i64,
}

pub async fn list(
    State(state): State<AppState>,
    page: Page,
    Query(params): Query<ListParams>,
) -> Result<Response, AppError> {
    let cached = kept_for_visitors(&state, &page);
    if let Some(body) = cached.as_ref().and_then(|c| c.get()) {
        return Ok(render_cache::html(body));
    }
    let i18n = page.i18n;
    let viewer = page.viewer.clone();
    let found = topics::list(&state, viewer.as_ref(), &params).await?;
    let locale = i18n.locale;
    let selected = params.category()?;
    let category = match (selected, &viewer) {
        (Some(id), _) => {
            let c = access::category(&state, viewer.as_ref(), id).await?;
            let (name, description) = c.text(locale);
            Some((id, name.to_string(), description.to_string()))
        }
        _ => None,
    };
    let level = match (selected, &viewer) {
        (Some(id), Some(member)) => following::level(&state, member, Target::Category, id).await?,
        _ => None,
    };
    let follow_levels = level_choices(i18n, level, true);
    let topics = found
        .rows
        .iter()
        .map(|t| TopicLine {
            id: t.id,
            title: t.title.clone(),
            category: crate::discussions::categories::name_of(
                &found.categories,
                t.category_id,
                locale,
            ),
            author: t
                .author_name
                .clone()
                .unwrap_or_else(|| i18n.t("discussions-deleted-member")),
            author_id: t.author_id,
            tags: found
                .labels
                .iter()
                .filter(|(id, k, _)| *id == t.id && k == "tag")
                .map(|(_, _, v)| v.clone())
                .collect(),
            replies: t.reply_count,
            last_author: t.last_author_name.clone().filter(|_| t.reply_count > 0),
            answered: t.accepted_post_id.is_some(),
            closed: t.closed_at.is_some(),
            pinned: t.pinned_at.is_some(),
            pending: t.pending != 0,
            last_iso: iso(t.last_post_at),
            last: when(i18n, t.last_post_at, viewer.as_ref()),
            found: found
                .hits
                .iter()
                .find(|h| h.topic_id == t.id)
                .map(|h| (h.post_id, h.snippet_html.clone())),
        })
        .collect();
    // The list's filters: kept as hidden fields by the search form, and with the words
    // searched for in the links of the tabs and pages.
    let tag = params.tag.clone().unwrap_or_default();
    let mut keep: Vec<(&'static str, String)> = Vec::new();
    if let Some(id) = selected {
        keep.push(("category", id.to_string()));
    }
    if !tag.trim().is_empty() {
        keep.push(("tag", tag.trim().to_string()));
    }
    if let Some(topic) = params.topic.as_deref().filter(|t| !t.is_empty()) {
        keep.push(("topic", topic.to_string()));
    }
    let q = topics::search_words(&params)?
        .unwrap_or_default()
        .to_string();
    let base: Vec<String> = keep
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .chain((!q.is_empty()).then_some(("q", q.as_str())))
        .map(|(name, value)| {
            let value: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
            format!("{name}={value}")
        })
        .collect();
    let heading = match (&category, tag.trim()) {
        _ if !q.is_empty() => i18n.t_args("discussions-search-results", &[("q", q.as_str())]),
        (Some((_, name, _)), _) => name.clone(),
        (None, "") => i18n.t("discussions-title"),
        (None, tag) => i18n.t_args("discussions-tagged", &[("tag", tag)]),
    };
    let template = ListTemplate {
        heading,
        topics,
        categories: found
            .categories
            .iter()
            .map(|c| {
                let (name, description) = c.text(locale);
                CategoryLine {
                    id: c.row.id,
                    name: name.to_string(),
                    description: description.to_string(),
                    members_only: c.members_only(),
                    current: Some(c.row.id) == selected,
                }
            })
            .collect(),
        category,
        follow_levels,
        unanswered: params.filter()? == Filter::Unanswered,
        base: base.join("&amp;"),
        q,
        keep,
        total: found.total,
        pages: page_links(found.page, found.pages),
        page_count: found.pages,
        page,
    };
    render_cache::render_kept(cached, &template)
}

/// The follow levels as choices; `category` offers "new topics" too.
pub(super) fn level_choices(i18n: I18n, current: Option<Level>, category: bool) -> Vec<Choice> {
    let mut out = vec![Choice::new(
        "",
        i18n.t("discussions-level-default"),
        current.is_none(),
    )];
    for level in Level::ALL {
        if *level == Level::NewTopics && !category {
            continue;
        }
        out.push(Choice::new(
            level.as_str(),
            i18n.t(&format!(
                "discussions-level-{}",
                level.as_str().replace('_', "-")
            )),
            current == Some(*level),
        ));
    }
    out
}
