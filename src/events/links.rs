//! Links from an event's page, and from a session's page, to what other capabilities offer for
//! them.
//!
//! A capability above events (B2B meetings, discussions, live sessions) may have a part of its
//! own for an event or a session, which the page should lead to. Events cannot call up, so that
//! capability registers a source in `app::state` ([`Links::with`]) — in [`EventLinks`] for
//! event pages, in [`SessionLinks`] for session pages — and the page asks every source for a
//! link, in the reader's language ([`event_links`], [`session_links`]), the same way as
//! [`super::AppointmentSources`].

use futures::future::BoxFuture;

use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::i18n::Locale;

/// A link on an event's or a session's page: a path on this site and its label, already
/// translated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventLink {
    pub href: String,
    pub label: String,
}

/// What a source of event links is told: the event, whether the reader organises it, and
/// their language.
#[derive(Clone, Copy, Debug)]
pub struct LinkQuery {
    pub event_id: i64,
    pub organiser: bool,
    pub locale: Locale,
}

/// What a source of session links is told: the session, its event and the reader's language.
/// Session pages are kept for visitors, so a session link must not depend on who reads.
#[derive(Clone, Copy, Debug)]
pub struct SessionLinkQuery {
    pub session_id: i64,
    pub event_id: i64,
    pub locale: Locale,
}

type Source<Q> = Box<
    dyn Fn(AppState, Q) -> BoxFuture<'static, Result<Option<EventLink>, AppError>> + Send + Sync,
>;

/// The sources of links on one kind of page (a service registered in `app.rs`).
pub struct Links<Q> {
    sources: Vec<Source<Q>>,
}

/// The sources of links on event pages.
pub type EventLinks = Links<LinkQuery>;
/// The sources of links on session pages.
pub type SessionLinks = Links<SessionLinkQuery>;

impl<Q> Default for Links<Q> {
    fn default() -> Links<Q> {
        Links {
            sources: Vec::new(),
        }
    }
}

impl<Q: Copy + Send + 'static> Links<Q> {
    /// Adds a source: `link(state, query)` answers the link it has for the page, if any.
    pub fn with<F, Fut>(mut self, link: F) -> Links<Q>
    where
        F: Fn(AppState, Q) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Option<EventLink>, AppError>> + Send + 'static,
    {
        self.sources
            .push(Box::new(move |state, query| Box::pin(link(state, query))));
        self
    }

    async fn links(&self, state: &AppState, query: Q) -> Result<Vec<EventLink>, AppError> {
        let mut links = Vec::new();
        for source in &self.sources {
            links.extend(source(state.clone(), query).await?);
        }
        Ok(links)
    }
}

/// The links every source has for the event, in the order the sources were added.
pub async fn event_links(state: &AppState, query: LinkQuery) -> Result<Vec<EventLink>, AppError> {
    state.service::<EventLinks>().links(state, query).await
}

/// The links every source has for the session, in the order the sources were added.
pub async fn session_links(
    state: &AppState,
    query: SessionLinkQuery,
) -> Result<Vec<EventLink>, AppError> {
    state.service::<SessionLinks>().links(state, query).await
}
