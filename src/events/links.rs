//! Links from an event's page to what other capabilities offer for it.
//!
//! A capability above events (B2B meetings) may have a part of its own for an event, which
//! the event's page should lead to. Events cannot call up, so that capability registers a
//! source in `app::state` ([`EventLinks::with`]), and the schedule page asks every source for
//! a link, in the reader's language, the same way as [`super::AppointmentSources`].

use futures::future::BoxFuture;

use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::i18n::Locale;

/// A link on an event's page: a path on this site and its label, already translated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventLink {
    pub href: String,
    pub label: String,
}

/// What a source is told: the event, whether the reader organises it, and their language.
#[derive(Clone, Copy, Debug)]
pub struct LinkQuery {
    pub event_id: i64,
    pub organiser: bool,
    pub locale: Locale,
}

type Source = Box<
    dyn Fn(AppState, LinkQuery) -> BoxFuture<'static, Result<Option<EventLink>, AppError>>
        + Send
        + Sync,
>;

/// The sources of links on event pages (a service registered in `app.rs`).
#[derive(Default)]
pub struct EventLinks {
    sources: Vec<Source>,
}

impl EventLinks {
    /// Adds a source: `link(state, query)` answers the link it has for the event, if any.
    pub fn with<F, Fut>(mut self, link: F) -> EventLinks
    where
        F: Fn(AppState, LinkQuery) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Option<EventLink>, AppError>> + Send + 'static,
    {
        self.sources
            .push(Box::new(move |state, query| Box::pin(link(state, query))));
        self
    }
}

/// The links every source has for the event, in the order the sources were added.
pub async fn event_links(state: &AppState, query: LinkQuery) -> Result<Vec<EventLink>, AppError> {
    let mut links = Vec::new();
    for source in &state.service::<EventLinks>().sources {
        links.extend(source(state.clone(), query).await?);
    }
    Ok(links)
}
