//! Sections of related things on a page, added by capabilities higher up: a library
//! document's page lists the discussion topics that link it, a member's profile their topics
//! and accepted answers. The page's capability cannot call up, so the higher one registers a
//! source for a kind of page in `app::state` ([`RelatedSources::with`]), and the page asks
//! [`sections`] for what every source of its kind has, in the reader's language and as the
//! reader may see it.

use futures::future::BoxFuture;

use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::i18n::Locale;
use crate::web::identity::CurrentMember;

/// What a page is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Document(i64),
    Member(i64),
}

/// A link in a section: a path on this site and its text, already translated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelatedLink {
    pub href: String,
    pub label: String,
}

/// A titled list of links; a source answers no section when it has nothing to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub links: Vec<RelatedLink>,
}

type Source = Box<
    dyn Fn(
            AppState,
            Subject,
            Option<CurrentMember>,
            Locale,
        ) -> BoxFuture<'static, Result<Vec<Section>, AppError>>
        + Send
        + Sync,
>;

/// The sources of related sections (a service registered in `app.rs`).
#[derive(Default)]
pub struct RelatedSources {
    sources: Vec<Source>,
}

impl RelatedSources {
    /// Adds a source: `sections(state, subject, viewer, locale)` answers its sections.
    pub fn with<F, Fut>(mut self, section: F) -> RelatedSources
    where
        F: Fn(AppState, Subject, Option<CurrentMember>, Locale) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Vec<Section>, AppError>> + Send + 'static,
    {
        self.sources
            .push(Box::new(move |state, subject, viewer, locale| {
                Box::pin(section(state, subject, viewer, locale))
            }));
        self
    }
}

/// Every source's section about `subject`, in the order the sources were added.
pub async fn sections(
    state: &AppState,
    subject: Subject,
    viewer: Option<&CurrentMember>,
    locale: Locale,
) -> Result<Vec<Section>, AppError> {
    let mut out = Vec::new();
    for source in &state.service::<RelatedSources>().sources {
        out.extend(source(state.clone(), subject, viewer.cloned(), locale).await?);
    }
    Ok(out)
}
