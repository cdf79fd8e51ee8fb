//! What every HTML page shares: language, the signed-in member, CSRF token, badges.
//!
//! Templates receive a [`Page`] as `page` and extend `templates/base.html`, which draws the
//! header (navigation, badges, language switcher) from it.
//!
//! A badge is a count beside a navigation link (unread notifications, unread chat messages).
//! The capability that owns the count adds a counter to [`Badges`] in `app.rs`; the layout
//! asks each counter for the signed-in member and knows none of them.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::csrf::CsrfToken;
use super::error::AppError;
use super::i18n::{I18n, Locale, request_locale};
use futures::future::BoxFuture;

use super::identity::{self, CurrentMember};
use crate::state::AppState;

type Counter = Box<dyn Fn(AppState, CurrentMember) -> BoxFuture<'static, i64> + Send + Sync>;

/// The badge counters, by name (a service registered in `app.rs`).
#[derive(Default)]
pub struct Badges {
    counters: Vec<(&'static str, Counter)>,
}

impl Badges {
    /// Adds the counter `name`: `count(state, member)` answers how many things wait for the
    /// member (0 when it cannot tell, or when none are for their role; a badge never fails a
    /// page).
    pub fn with<F, Fut>(mut self, name: &'static str, count: F) -> Badges
    where
        F: Fn(AppState, CurrentMember) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = i64> + Send + 'static,
    {
        let counter: Counter = Box::new(move |state, member| Box::pin(count(state, member)));
        self.counters.push((name, counter));
        self
    }

    async fn count(&self, state: &AppState, member: &CurrentMember) -> Vec<(&'static str, i64)> {
        let mut counts = Vec::with_capacity(self.counters.len());
        for (name, counter) in &self.counters {
            counts.push((*name, counter(state.clone(), member.clone()).await));
        }
        counts
    }
}

pub struct Page {
    pub i18n: I18n,
    pub viewer: Option<CurrentMember>,
    pub csrf: String,
    /// Each badge's count, for the signed-in member (see [`Badges`]).
    badges: Vec<(&'static str, i64)>,
    /// Path and query of this page, for the language switcher to come back to.
    pub here: String,
    /// A short confirmation to show once, from `?notice=…` (only known messages).
    pub notice: Option<String>,
}

impl Page {
    pub async fn build(parts: &mut Parts, state: &AppState) -> Page {
        let i18n = I18n::new(request_locale(parts));
        let viewer = identity::viewer(parts, state).await.ok().flatten();
        let badges = match &viewer {
            Some(member) => state.service::<Badges>().count(state, member).await,
            None => Vec::new(),
        };
        let csrf = parts
            .extensions
            .get::<CsrfToken>()
            .map(|t| t.0.clone())
            .unwrap_or_default();
        let here = parts
            .uri
            .path_and_query()
            .map_or_else(|| "/".to_string(), |pq| pq.to_string());
        let notice = parts.uri.query().and_then(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "notice")
                .and_then(|(_, v)| {
                    let key = v.to_string();
                    let valid = key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
                    valid
                        .then(|| i18n.try_t(&format!("notice-{key}")))
                        .flatten()
                })
        });
        Page {
            i18n,
            viewer,
            csrf,
            badges,
            here,
            notice,
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.i18n.t(key)
    }

    pub fn t_args(&self, key: &str, args: &[(&'static str, &str)]) -> String {
        self.i18n.t_args(key, args)
    }

    pub fn count(&self, key: &str, n: impl std::borrow::Borrow<i64>) -> String {
        self.i18n.count(key, *n.borrow())
    }

    /// The count of badge `name`; 0 when signed out or when no such badge is registered.
    pub fn badge(&self, name: &str) -> i64 {
        self.badges
            .iter()
            .find(|(badge, _)| *badge == name)
            .map_or(0, |(_, count)| *count)
    }

    /// Shows `count` on badge `name` (for a page that has just changed it, e.g. by reading).
    pub fn set_badge(&mut self, name: &'static str, count: i64) {
        match self.badges.iter_mut().find(|(badge, _)| *badge == name) {
            Some((_, old)) => *old = count,
            None => self.badges.push((name, count)),
        }
    }

    pub fn lang(&self) -> &'static str {
        self.i18n.locale.code()
    }

    pub fn is_admin(&self) -> bool {
        self.viewer.as_ref().is_some_and(|m| m.role.is_admin())
    }

    /// Organisers and admins (who also moderate).
    pub fn is_organiser(&self) -> bool {
        self.viewer.as_ref().is_some_and(|m| m.role.is_organiser())
    }

    /// The language switcher: (code, own name, is current, link).
    pub fn languages(&self) -> Vec<(&'static str, &'static str, bool, String)> {
        let next: String = url::form_urlencoded::byte_serialize(self.here.as_bytes()).collect();
        Locale::ALL
            .iter()
            .map(|l| {
                (
                    l.code(),
                    l.endonym(),
                    *l == self.i18n.locale,
                    format!("/lang/{}?next={next}", l.code()),
                )
            })
            .collect()
    }
}

impl FromRequestParts<AppState> for Page {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Page, AppError> {
        Ok(Page::build(parts, state).await)
    }
}
