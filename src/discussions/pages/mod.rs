//! HTML pages of discussions, a file per part: the list of topics (`list.rs`), one topic with
//! its posts and every action on it (`topic.rs`), the forms to open a topic and edit a post
//! (`forms.rs`), and the moderators' queue with an event's questions category
//! (`moderation.rs`). Every page works without JavaScript: each action is a form that posts,
//! then redirects with `?notice=…`, or shows the form again with the error in the reader's
//! language and what was typed.

use axum::response::{IntoResponse, Redirect, Response};

use super::access::Category;
use super::index::Forum;
use super::model::Level;
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::form::Choice;
use crate::web::form::Fields;
use crate::web::i18n::{I18n, Locale};
use crate::web::identity::CurrentMember;
use crate::web::layout::Page;
use crate::web::render_cache::{self, Entry};

mod forms;
mod list;
mod moderation;
mod topic;

pub use self::{forms::*, list::*, moderation::*, topic::*};

/// A stored instant in the viewer's zone (their profile's; UTC for visitors).
fn when(i18n: I18n, millis: i64, viewer: Option<&CurrentMember>) -> String {
    i18n.stored_datetime(millis, viewer.map_or("UTC", |m| m.timezone.as_str()))
}

/// The render cache's entry for this page when a visitor who is not signed in asks for it,
/// read at the feed's position.
fn kept_for_visitors(state: &AppState, page: &Page) -> Option<Entry> {
    render_cache::for_visitors(
        state,
        page,
        "discussions",
        state.service::<Forum>().position(),
    )
}

/// `2031-03-25T09:00:00Z`, for `<time datetime>`.
fn iso(millis: i64) -> String {
    crate::web::text::utc(millis)
}

/// The categories as choices of a select list.
fn category_choices(categories: &[Category], locale: Locale, selected: Option<i64>) -> Vec<Choice> {
    categories
        .iter()
        .map(|c| {
            Choice::new(
                c.row.id.to_string(),
                c.name(locale),
                Some(c.row.id) == selected,
            )
        })
        .collect()
}

/// After an action: back to `to` with a notice.
fn done(to: &str, notice: &str) -> Response {
    let (path, anchor) = to.split_once('#').unwrap_or((to, ""));
    let join = if path.contains('?') { '&' } else { '?' };
    let anchor = if anchor.is_empty() {
        String::new()
    } else {
        format!("#{anchor}")
    };
    Redirect::to(&format!("{path}{join}notice={notice}{anchor}")).into_response()
}

/// The follow level a form posted (`""`: back to the default).
fn posted_level(fields: &Fields) -> Result<Option<Level>, AppError> {
    match fields.get("level") {
        "" => Ok(None),
        level => Level::parse(level)
            .map(Some)
            .ok_or_else(|| AppError::invalid("level", "discussion_level_unknown")),
    }
}

/// A page link of a paged list: numbers around the current one.
pub struct PageLink {
    pub number: i64,
    pub current: bool,
}

fn page_links(page: i64, pages: i64) -> Vec<PageLink> {
    (1..=pages)
        .filter(|n| *n == 1 || *n == pages || (*n - page).abs() <= 2)
        .map(|number| PageLink {
            number,
            current: number == page,
        })
        .collect()
}
