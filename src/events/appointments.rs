//! Appointments from other capabilities in a member's agenda and calendar feed.
//!
//! Events show a member's sessions; a capability above (B2B meetings) has appointments of its
//! own that belong in the same agenda and the same feed. Events cannot call up, so that
//! capability registers a source in `app::state` ([`AppointmentSources::with`]), and the
//! agenda page and the feed ask every source for the member's appointments.

use futures::future::BoxFuture;

use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::i18n::Locale;

/// One entry from another capability, already in the reader's language.
#[derive(Clone, Debug)]
pub struct Appointment {
    /// Stable across changes, so calendars update the entry: `meeting-7`.
    pub uid: String,
    pub title: String,
    pub description: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub updated_at: i64,
    /// RFC 5545 SEQUENCE: raised on every change.
    pub sequence: i64,
    pub cancelled: bool,
    /// The event's zone name.
    pub zone: String,
    /// A path on this site: the appointment's page, and where to join it.
    pub page: String,
    pub join: Option<String>,
}

type Source = Box<
    dyn Fn(AppState, i64, i64, Locale) -> BoxFuture<'static, Result<Vec<Appointment>, AppError>>
        + Send
        + Sync,
>;

/// The sources of appointments (a service registered in `app.rs`).
#[derive(Default)]
pub struct AppointmentSources {
    sources: Vec<Source>,
}

impl AppointmentSources {
    /// Adds a source: `list(state, member, since, locale)` answers the member's appointments
    /// that end after `since` (UTC milliseconds).
    pub fn with<F, Fut>(mut self, list: F) -> AppointmentSources
    where
        F: Fn(AppState, i64, i64, Locale) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Vec<Appointment>, AppError>> + Send + 'static,
    {
        self.sources
            .push(Box::new(move |state, member, since, locale| {
                Box::pin(list(state, member, since, locale))
            }));
        self
    }
}

/// The member's appointments from every source, in time order.
pub async fn appointments(
    state: &AppState,
    member_id: i64,
    since: i64,
    locale: Locale,
) -> Result<Vec<Appointment>, AppError> {
    let mut all = Vec::new();
    for source in &state.service::<AppointmentSources>().sources {
        all.extend(source(state.clone(), member_id, since, locale).await?);
    }
    all.sort_by_key(|a| (a.starts_at, a.uid.clone()));
    Ok(all)
}
