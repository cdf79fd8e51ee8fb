//! The list of events.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use crate::events::access;
use crate::state::AppState;
use crate::store::now_ms;
use crate::web::error::AppError;
use crate::web::layout::Page;
use crate::web::render;

use super::*;

pub struct EventItem {
    id: i64,
    title: String,
    dates: String,
    timezone: String,
    members_only: bool,
    running: bool,
}

#[derive(Template)]
#[template(path = "events/list.html")]
struct ListTemplate {
    page: Page,
    upcoming: Vec<EventItem>,
    past: Vec<EventItem>,
    may_create: bool,
}

pub async fn list(State(state): State<AppState>, page: Page) -> Result<Response, AppError> {
    let now = now_ms();
    let mut lists = Vec::new();
    for past in [false, true] {
        let events =
            crate::events::listed(&state, page.viewer.is_some(), past, page.i18n.locale).await?;
        lists.push(
            events
                .into_iter()
                .map(|(r, title)| EventItem {
                    id: r.id,
                    title,
                    dates: date_range(page.i18n, &r.starts_on, &r.ends_on),
                    members_only: r.visibility == "members",
                    running: r.starts_at <= now && now < r.ends_at,
                    timezone: r.timezone,
                })
                .collect::<Vec<_>>(),
        );
    }
    let past = lists.pop().unwrap_or_default();
    let upcoming = lists.pop().unwrap_or_default();
    let may_create = page
        .viewer
        .as_ref()
        .is_some_and(|v| access::may_create(v).is_ok());
    render(
        StatusCode::OK,
        &ListTemplate {
            page,
            upcoming,
            past,
            may_create,
        },
    )
}
