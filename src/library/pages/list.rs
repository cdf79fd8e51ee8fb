//! The list of documents: search with facets as filter links, and pages of results.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use crate::library;
use crate::library::api::{self, SearchAnswer, SearchQuery};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::layout::Page;
use crate::web::render_cache::{self, Entry};
use crate::web::text::language_name;
use crate::web::{FormError, render};

use super::*;

/// A facet value as a filter link.
pub struct FacetLink {
    label: String,
    count: u64,
    link: String,
    active: bool,
}

pub struct FacetGroup {
    id: &'static str,
    title: String,
    values: Vec<FacetLink>,
}

fn link_with(query: &SearchQuery, key: &str, value: Option<&str>, page: Option<usize>) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    let fields = [
        ("q", &query.q),
        ("type", &query.doc_type),
        ("language", &query.language),
        ("topic", &query.topic),
        ("year", &query.year),
        ("sort", &query.sort),
    ];
    for (name, current) in fields {
        let value = if name == key {
            value
        } else {
            current.as_deref()
        };
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            out.append_pair(name, v);
        }
    }
    if let Some(page) = page.filter(|p| *p > 1) {
        out.append_pair("page", &page.to_string());
    }
    format!("/library?{}", out.finish())
}

pub struct ResultItem {
    id: i64,
    title: String,
    snippet_html: String,
    page: Option<i64>,
    kind_label: String,
    year: Option<i64>,
    languages: String,
    members_only: bool,
}

#[derive(Template)]
#[template(path = "library/list.html")]
struct ListTemplate {
    page: Page,
    q: String,
    sort_date: bool,
    groups: Vec<FacetGroup>,
    items: Vec<ResultItem>,
    total: usize,
    prev_link: Option<String>,
    next_link: Option<String>,
    clear_link: Option<String>,
    error: Option<FormError>,
}

pub async fn list(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<SearchQuery>,
) -> Result<Response, AppError> {
    // Documents, and the topics' names (the members' taxonomy).
    let version = library::position(&state) + crate::members::version(&state);
    let kept = render_cache::for_visitors(&state, &page, "library", version);
    if let Some(body) = kept.as_ref().and_then(Entry::get) {
        return Ok(render_cache::html(body));
    }
    let i18n = page.i18n;
    let (answer, error, status) = match query.parse() {
        Ok(params) => {
            let number = params.page;
            let results = library::search(&state, page.viewer.as_ref(), params).await?;
            (api::answer(results, number), None, StatusCode::OK)
        }
        Err(err) => {
            let (error, status) = FormError::from_error(err, i18n)?;
            let empty = api::answer(Default::default(), 1);
            (empty, Some(error), status)
        }
    };
    let names = topic_names(&state, i18n).await?;
    let SearchAnswer {
        items,
        total,
        page: number,
        facets,
    } = answer;
    let group = |id: &'static str,
                 key: &str,
                 title: String,
                 values: Vec<api::FacetValue>,
                 label: &dyn Fn(&str) -> String| {
        let current = match key {
            "type" => query.doc_type.as_deref(),
            "language" => query.language.as_deref(),
            "topic" => query.topic.as_deref(),
            _ => query.year.as_deref(),
        };
        FacetGroup {
            id,
            title,
            values: values
                .into_iter()
                .map(|v| {
                    let active = current == Some(v.value.as_str());
                    FacetLink {
                        label: label(&v.value),
                        count: v.count,
                        link: link_with(&query, key, (!active).then_some(v.value.as_str()), None),
                        active,
                    }
                })
                .collect(),
        }
    };
    let groups = vec![
        group(
            "facet-type",
            "type",
            i18n.t("library-field-type"),
            facets.doc_type,
            &|v| type_label(i18n, v),
        ),
        group(
            "facet-language",
            "language",
            i18n.t("library-field-languages"),
            facets.language,
            &|v| language_name(i18n, v),
        ),
        group(
            "facet-topic",
            "topic",
            i18n.t("library-field-topics"),
            facets.topic,
            &|v| name_of(&names, v),
        ),
        group(
            "facet-year",
            "year",
            i18n.t("library-field-year"),
            facets.year,
            &|v| v.to_string(),
        ),
    ];
    let pages = total.div_ceil(api::PAGE_SIZE).max(1);
    let filtered = [&query.doc_type, &query.language, &query.topic, &query.year]
        .iter()
        .any(|v| v.as_deref().is_some_and(|v| !v.is_empty()));
    let template = ListTemplate {
        q: query.q.clone().unwrap_or_default(),
        sort_date: query.sort.as_deref() == Some("date"),
        groups,
        items: items
            .into_iter()
            .map(|item| ResultItem {
                id: item.id,
                title: item.title,
                snippet_html: item.snippet_html,
                page: item.page,
                kind_label: type_label(i18n, &item.doc_type),
                year: item.year,
                languages: item
                    .languages
                    .iter()
                    .map(|l| language_name(i18n, l))
                    .collect::<Vec<_>>()
                    .join(", "),
                members_only: item.visibility == "members",
            })
            .collect(),
        total,
        prev_link: (number > 1).then(|| link_with(&query, "", None, Some(number - 1))),
        next_link: (number < pages).then(|| link_with(&query, "", None, Some(number + 1))),
        clear_link: filtered.then(|| {
            let cleared = SearchQuery {
                q: query.q.clone(),
                sort: query.sort.clone(),
                ..SearchQuery::default()
            };
            link_with(&cleared, "", None, None)
        }),
        error,
        page,
    };
    if status != StatusCode::OK {
        return render(status, &template);
    }
    render_cache::render_kept(kept, &template)
}

impl ListTemplate {
    fn signed_in(&self) -> bool {
        self.page.viewer.is_some()
    }

    fn total_count(&self) -> i64 {
        self.total as i64
    }
}
