//! The forms: open a topic, and edit a post (the opening post with the topic's title, tags and
//! sector topics); moderators see a post's earlier versions under its form.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::*;
use crate::discussions::access;
use crate::discussions::posts::{self, PostPatch};
use crate::discussions::topics::{self, TopicInput, TopicPatch};
use crate::state::AppState;
use crate::web::FormError;
use crate::web::csrf::CsrfForm;
use crate::web::error::AppError;
use crate::web::form::Fields;
use crate::web::identity::CurrentMember;
use crate::web::layout::Page;
use crate::web::render;

#[derive(Template)]
#[template(path = "discussions/new.html")]
struct NewTopicTemplate {
    page: Page,
    categories: Vec<Choice>,
    topics: Vec<Choice>,
    title: String,
    body: String,
    tags: String,
    error: Option<FormError>,
}

impl NewTopicTemplate {
    fn error_on(&self, field: &str) -> bool {
        FormError::is_on(&self.error, field)
    }
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    category: Option<String>,
}

/// Splits "a, b c" into tags at commas.
fn tag_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

async fn topic_choices(
    state: &AppState,
    page: &Page,
    chosen: &[String],
) -> Result<Vec<Choice>, AppError> {
    Ok(crate::members::taxonomy(state)
        .await?
        .iter()
        .map(|t| {
            Choice::new(
                t.slug.clone(),
                t.name(page.i18n.locale),
                chosen.contains(&t.slug),
            )
        })
        .collect())
}

pub async fn new_topic(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Query(query): Query<NewQuery>,
) -> Result<Response, AppError> {
    let categories = access::categories(&state, Some(&member)).await?;
    let selected = query.category.as_deref().and_then(|c| c.parse().ok());
    let template = NewTopicTemplate {
        categories: category_choices(&categories, page.i18n.locale, selected),
        topics: topic_choices(&state, &page, &[]).await?,
        title: String::new(),
        body: String::new(),
        tags: String::new(),
        error: None,
        page,
    };
    render(StatusCode::OK, &template)
}

pub async fn open_topic(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    CsrfForm(posted): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(posted);
    let input = TopicInput {
        category_id: fields.number("category")?.unwrap_or(0),
        title: fields.get("title").to_string(),
        body: fields.get("body").to_string(),
        tags: tag_list(fields.get("tags")),
        topics: fields.all("topics"),
    };
    match topics::open(&state, &member, input.clone()).await {
        Ok(opened) => Ok(done(
            &format!("/discussions/topics/{}", opened.id),
            if opened.pending {
                "discussions-waits"
            } else {
                "discussions-opened"
            },
        )),
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            let categories = access::categories(&state, Some(&member)).await?;
            let template = NewTopicTemplate {
                categories: category_choices(
                    &categories,
                    page.i18n.locale,
                    Some(input.category_id),
                ),
                topics: topic_choices(&state, &page, &input.topics).await?,
                title: input.title,
                body: input.body,
                tags: fields.get("tags").to_string(),
                error: Some(error),
                page,
            };
            render(status, &template)
        }
    }
}

pub struct Version {
    pub title: Option<String>,
    pub body: String,
    pub editor: String,
    pub when: String,
}

#[derive(Template)]
#[template(path = "discussions/edit.html")]
struct EditTemplate {
    page: Page,
    id: i64,
    /// The opening post: the topic's title and tags are edited with it.
    opening: bool,
    title: String,
    tags: String,
    body: String,
    history: Vec<Version>,
    error: Option<FormError>,
}

impl EditTemplate {
    fn error_on(&self, field: &str) -> bool {
        FormError::is_on(&self.error, field)
    }
}

async fn edit_page(
    state: &AppState,
    page: Page,
    member: &CurrentMember,
    id: i64,
    typed: Option<(&Fields, FormError)>,
) -> Result<EditTemplate, AppError> {
    let (_, topic, post) = access::post(state, Some(member), id).await?;
    access::may_edit(member, &post)?;
    let history = if access::is_moderator(Some(member)) {
        posts::history(state, member, id)
            .await?
            .into_iter()
            .map(|e| Version {
                title: e.title,
                body: e.body,
                editor: e.editor_name.unwrap_or_default(),
                when: when(page.i18n, e.edited_at, Some(member)),
            })
            .collect()
    } else {
        Vec::new()
    };
    let tags = crate::discussions::db::labels(&state.db, &[topic.id])
        .await?
        .into_iter()
        .filter(|(_, k, _)| k == "tag")
        .map(|(_, _, v)| v)
        .collect::<Vec<_>>()
        .join(", ");
    let (title, tags, body, error) = match typed {
        Some((fields, error)) => (
            fields.get("title").to_string(),
            fields.get("tags").to_string(),
            fields.get("body").to_string(),
            Some(error),
        ),
        None => (topic.title.clone(), tags, post.body.clone(), None),
    };
    Ok(EditTemplate {
        id,
        opening: post.number == 1,
        title,
        tags,
        body,
        history,
        error,
        page,
    })
}

pub async fn edit_post(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let template = edit_page(&state, page, &member, id, None).await?;
    render(StatusCode::OK, &template)
}

pub async fn save_post(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(posted): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(posted);
    let saved = async {
        let (_, topic, post) = access::post(&state, Some(&member), id).await?;
        if post.number == 1 {
            let patch = TopicPatch {
                title: Some(fields.get("title").to_string()),
                tags: Some(tag_list(fields.get("tags"))),
                ..Default::default()
            };
            access::may_edit(&member, &post)?;
            topics::change(&state, &member, topic.id, patch).await?;
        }
        let patch = PostPatch {
            body: Some(fields.get("body").to_string()),
            ..Default::default()
        };
        posts::change(&state, &member, id, patch).await
    }
    .await;
    match saved {
        Ok(()) => Ok(done(
            &format!("/discussions/posts/{id}"),
            "discussions-saved",
        )),
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            let template = edit_page(&state, page, &member, id, Some((&fields, error))).await?;
            render(status, &template)
        }
    }
}
