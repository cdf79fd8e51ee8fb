//! The moderators' queue (flagged posts and posts waiting for approval), following a
//! category, and an event's category for questions to its speakers.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::*;
use crate::discussions::categories;
use crate::discussions::following::{self, Target};
use crate::state::AppState;
use crate::web::csrf::CsrfForm;
use crate::web::error::AppError;
use crate::web::form::Fields;
use crate::web::identity::CurrentMember;
use crate::web::layout::Page;
use crate::web::render;

pub struct QueueCard {
    pub post_id: i64,
    pub topic_title: String,
    pub number: i64,
    pub author: String,
    pub body: String,
    pub pending: bool,
    pub hidden: bool,
    pub flags: i64,
    pub reasons: String,
    pub when: String,
}

#[derive(Template)]
#[template(path = "discussions/queue.html")]
struct QueueTemplate {
    page: Page,
    items: Vec<QueueCard>,
}

pub async fn queue(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
) -> Result<Response, AppError> {
    let rows = crate::discussions::moderation_queue(&state, &member).await?;
    let i18n = page.i18n;
    let items = rows
        .into_iter()
        .map(|r| QueueCard {
            post_id: r.post_id,
            topic_title: r.topic_title,
            number: r.number,
            author: r
                .author_name
                .unwrap_or_else(|| i18n.t("discussions-deleted-member")),
            body: r.body,
            pending: r.pending != 0,
            hidden: r.hidden_at.is_some(),
            flags: r.flags,
            reasons: r
                .reasons
                .unwrap_or_default()
                .split(',')
                .filter(|s| !s.is_empty())
                .map(|reason| {
                    let (kind, comment) = reason.split_once(": ").unwrap_or((reason, ""));
                    let label = i18n.t(&format!("discussions-flag-{}", kind.replace('_', "-")));
                    if comment.is_empty() {
                        label
                    } else {
                        format!("{label}: {comment}")
                    }
                })
                .collect::<Vec<_>>()
                .join("; "),
            when: when(i18n, r.created_at, Some(&member)),
        })
        .collect();
    render(StatusCode::OK, &QueueTemplate { page, items })
}

pub async fn follow_category(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(posted): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(posted);
    let level = posted_level(&fields)?;
    following::follow(&state, &member, Target::Category, id, level).await?;
    Ok(done(
        &format!("/discussions?category={id}"),
        "discussions-following",
    ))
}

#[derive(Template)]
#[template(path = "discussions/event_questions.html")]
struct EventQuestionsTemplate {
    page: Page,
    event_id: i64,
    event_title: String,
}

/// An event's questions: its category when there is one; its organisers may open it.
pub async fn event_questions(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    if let Some(category) = crate::discussions::db::category_of_event(&state.db, id).await? {
        return Ok(Redirect::to(&format!("/discussions?category={category}")).into_response());
    }
    let event = crate::events::visible(&state, Some(&member), id).await?;
    if !event.is_organiser(&member) {
        return Err(AppError::not_found());
    }
    let template = EventQuestionsTemplate {
        event_id: id,
        event_title: event.title(page.i18n.locale).to_string(),
        page,
    };
    render(StatusCode::OK, &template)
}

pub async fn open_event_questions(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let category = categories::for_event(&state, &member, id).await?;
    Ok(done(
        &format!("/discussions?category={category}"),
        "discussions-category-opened",
    ))
}
