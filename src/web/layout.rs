//! What every HTML page shares: language, the signed-in member, CSRF token, unread badge.
//!
//! Templates receive a [`Page`] as `page` and extend `templates/base.html`, which draws the
//! header (navigation, notification badge, language switcher) from it.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::csrf::CsrfToken;
use super::error::AppError;
use super::i18n::{I18n, Locale, request_locale};
use crate::accounts::{self, CurrentMember};
use crate::app::AppState;
use crate::notifications;

pub struct Page {
    pub i18n: I18n,
    pub viewer: Option<CurrentMember>,
    pub csrf: String,
    pub unread: i64,
    /// Unread chat messages, for the chat badge.
    pub chat_unread: i64,
    /// Path and query of this page, for the language switcher to come back to.
    pub here: String,
    /// A short confirmation to show once, from `?notice=…` (only known messages).
    pub notice: Option<String>,
}

impl Page {
    pub async fn build(parts: &mut Parts, state: &AppState) -> Page {
        let i18n = I18n::new(request_locale(parts));
        let viewer = accounts::viewer(parts, state).await.ok().flatten();
        let unread = match &viewer {
            Some(member) => notifications::unread_count(&state.db, member.id)
                .await
                .unwrap_or(0),
            None => 0,
        };
        let chat_unread = match &viewer {
            Some(member) => crate::chat::unread_total(state, member.id)
                .await
                .unwrap_or(0),
            None => 0,
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
            unread,
            chat_unread,
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

    pub fn lang(&self) -> &'static str {
        self.i18n.locale.code()
    }

    pub fn is_admin(&self) -> bool {
        self.viewer.as_ref().is_some_and(|m| m.role.is_admin())
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
