//! HTML pages of the B2B programme, a file per section: the overview, the organisers'
//! settings, the participant's profile and availability, the marketplace and one
//! participant, requests, meetings, the organisers' schedule and dashboard. Every page works
//! without JavaScript: each action is a form that posts, then redirects with `?notice=…`, or
//! renders the same page again with the error in the reader's language and what was typed.
//!
//! **Times.** Each time is shown in the viewer's zone (the `tz` cookie that `static/events.js`
//! keeps, else the member's profile zone, else the event's; see `events::viewer_zone`) and in
//! the event's zone; a partner's time in the zone of their profile. What several pages share
//! (those times, words for states and kinds, posted form fields, the section navigation) is
//! here.

use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use jiff::tz::TimeZone;

use super::model::{self, Direction, ItemKind, Slot};
use super::profiles::ProfileView;
use crate::state::AppState;
use crate::web::FormError;
use crate::web::error::AppError;
pub(super) use crate::web::form::{Choice, Fields};
use crate::web::i18n::I18n;
use crate::web::identity::CurrentMember;

mod dashboard;
mod market;
mod meetings;
mod overview;
mod profile;
mod requests;
mod schedule;
mod settings;

pub use self::{
    dashboard::*, market::*, meetings::*, overview::*, profile::*, requests::*, schedule::*,
    settings::*,
};

/// The browser's zone, as `static/events.js` stores it.
const TZ_COOKIE: &str = "tz";

/// The zone to show the viewer's own times in, and its name.
pub(super) fn viewer_zone(
    jar: &CookieJar,
    member: &CurrentMember,
    event_zone: &str,
) -> (String, TimeZone) {
    let browser = jar.get(TZ_COOKIE).map(|c| c.value().to_string());
    crate::events::viewer_zone(None, browser.as_deref(), Some(member), event_zone)
}

/// "Tuesday, 25 March 2031".
pub(super) fn day_label(i18n: I18n, date: jiff::civil::Date) -> String {
    let weekday = i18n.t(&format!(
        "weekday-{}",
        date.weekday().to_monday_one_offset()
    ));
    format!("{weekday}, {}", i18n.date(date))
}

/// "Tuesday, 25 March 2031, 10:25–10:45" in `zone`.
pub(super) fn when(i18n: I18n, starts_at: i64, ends_at: i64, zone: &TimeZone) -> String {
    let (start, end) = (model::zoned(starts_at, zone), model::zoned(ends_at, zone));
    format!(
        "{}, {}–{}",
        day_label(i18n, start.date()),
        i18n.time(start.time()),
        i18n.time(end.time())
    )
}

/// "10:25–10:45" in `zone`, with the day when it differs from `day`.
pub(super) fn clock(i18n: I18n, slot: Slot, zone: &TimeZone, day: jiff::civil::Date) -> String {
    let (start, end) = (
        model::zoned(slot.starts_at, zone),
        model::zoned(slot.ends_at, zone),
    );
    let range = format!("{}–{}", i18n.time(start.time()), i18n.time(end.time()));
    if start.date() == day {
        range
    } else {
        format!("{} {range}", i18n.date(start.date()))
    }
}

/// A time span as the viewer reads it: in their zone and in the event's.
pub struct Times {
    pub viewer: String,
    pub viewer_zone: String,
    pub event: String,
    pub event_zone: String,
}

impl Times {
    pub(super) fn new(
        i18n: I18n,
        starts_at: i64,
        ends_at: i64,
        viewer: (&str, &TimeZone),
        event: (&str, &TimeZone),
    ) -> Times {
        Times {
            viewer: when(i18n, starts_at, ends_at, viewer.1),
            viewer_zone: viewer.0.to_string(),
            event: when(i18n, starts_at, ends_at, event.1),
            event_zone: event.0.to_string(),
        }
    }

    /// Whether both read alike (then pages show one).
    pub fn same(&self) -> bool {
        self.viewer == self.event
    }
}

/// A slot to choose, labelled with the times of the people it concerns.
pub struct SlotChoice {
    pub value: i64,
    pub label: String,
    pub checked: bool,
}

/// "10:25–10:45 (you, Europe/Berlin) · 14:25–14:45 (Dana, Asia/Almaty)": a slot in each zone
/// that is given, by day in the first.
pub(super) fn slot_label(i18n: I18n, slot: Slot, zones: &[(String, &TimeZone)]) -> String {
    let Some((_, first)) = zones.first() else {
        return String::new();
    };
    let day = model::zoned(slot.starts_at, first).date();
    let parts: Vec<String> = zones
        .iter()
        .map(|(who, zone)| format!("{} ({who})", clock(i18n, slot, zone, day)))
        .collect();
    format!("{}: {}", day_label(i18n, day), parts.join(" · "))
}

/// A failed action as a message in the form, or the error itself when it is not the form's
/// (rights, missing things, our own failures): those get the error page.
pub(super) fn form_error(err: AppError, i18n: I18n) -> Result<(FormError, StatusCode), AppError> {
    if matches!(err.status(), StatusCode::NOT_FOUND) || err.code() == "forbidden" {
        return Err(err);
    }
    FormError::from_error(err, i18n)
}

/// Whether an error is about the field `name`.
pub(super) fn error_on(error: &Option<FormError>, name: &str) -> bool {
    FormError::is_on(error, name)
}

/// The section navigation of an event's B2B pages.
pub struct Nav {
    pub event_id: i64,
    pub event_title: String,
    pub organiser: bool,
    /// Which link is the current page: overview, marketplace, requests, profile, settings,
    /// schedule, dashboard.
    pub current: &'static str,
}

impl Nav {
    pub(super) fn new(
        schedule: &crate::events::Schedule,
        i18n: I18n,
        organiser: bool,
        current: &'static str,
    ) -> Nav {
        Nav {
            event_id: schedule.event.id,
            event_title: schedule.title(i18n.locale).to_string(),
            organiser,
            current,
        }
    }

    pub fn is(&self, name: &str) -> bool {
        self.current == name
    }
}

pub(super) fn kind_label(i18n: I18n, kind: &str) -> String {
    i18n.t(&format!("b2b-kind-{kind}"))
}

pub(super) fn direction_label(i18n: I18n, direction: &str) -> String {
    i18n.t(&format!("b2b-direction-{direction}"))
}

pub(super) fn state_label(i18n: I18n, state: &str) -> String {
    i18n.t(&format!("b2b-state-{state}"))
}

pub(super) fn status_label(i18n: I18n, status: &str) -> String {
    i18n.t(&format!("b2b-status-{status}"))
}

pub(super) fn country_name(i18n: I18n, code: &str) -> String {
    i18n.try_t(&format!("country-{code}"))
        .unwrap_or_else(|| code.to_string())
}

pub(super) fn kind_choices(i18n: I18n, selected: &str) -> Vec<Choice> {
    ItemKind::ALL
        .iter()
        .map(|k| {
            Choice::new(
                k.as_str(),
                kind_label(i18n, k.as_str()),
                k.as_str() == selected,
            )
        })
        .collect()
}

pub(super) fn direction_choices(i18n: I18n, selected: &str) -> Vec<Choice> {
    Direction::ALL
        .iter()
        .map(|d| {
            Choice::new(
                d.as_str(),
                direction_label(i18n, d.as_str()),
                d.as_str() == selected,
            )
        })
        .collect()
}

/// Names of the sector topics in the reader's language, by slug.
pub(super) struct Topics(Vec<(String, String)>);

impl Topics {
    pub(super) async fn load(state: &AppState, i18n: I18n) -> Result<Topics, AppError> {
        let taxonomy = crate::members::taxonomy(state).await?;
        Ok(Topics(
            taxonomy
                .iter()
                .map(|t| (t.slug.clone(), t.name(i18n.locale).to_string()))
                .collect(),
        ))
    }

    pub(super) fn name(&self, slug: &str) -> String {
        self.0
            .iter()
            .find(|(s, _)| s == slug)
            .map_or_else(|| slug.to_string(), |(_, n)| n.clone())
    }

    pub(super) fn choices(&self, selected: &[String]) -> Vec<Choice> {
        self.0
            .iter()
            .map(|(slug, name)| Choice::new(slug, name, selected.iter().any(|s| s == slug)))
            .collect()
    }
}

/// An offer or a request as a card shows it.
pub struct ItemCard {
    pub kind: String,
    pub title: String,
    pub description: String,
    pub topics: String,
    pub countries: String,
}

/// A participant's profile as cards and the participant page show it.
pub struct ProfileCard {
    pub member_id: i64,
    pub name: String,
    pub organisation: String,
    pub pitch: String,
    pub languages: String,
    pub group: String,
    pub timezone: String,
    pub offers: Vec<ItemCard>,
    pub requests: Vec<ItemCard>,
    /// What the viewer said about them: `must_meet`, `no_thanks` or empty.
    pub mark: String,
    /// Why it is suggested, in words (suggestions only).
    pub reasons: Vec<String>,
}

pub(super) fn profile_card(
    i18n: I18n,
    topics: &Topics,
    programme: &super::programme::Programme,
    view: &ProfileView,
    mark: Option<&str>,
) -> ProfileCard {
    let items = |direction: Direction| {
        view.items_of(direction)
            .map(|i| ItemCard {
                kind: kind_label(i18n, &i.kind),
                title: i.title.clone(),
                description: i.description.clone(),
                topics: i
                    .topics
                    .split_whitespace()
                    .map(|t| topics.name(t))
                    .collect::<Vec<_>>()
                    .join(", "),
                countries: i
                    .countries
                    .split_whitespace()
                    .map(|c| country_name(i18n, c))
                    .collect::<Vec<_>>()
                    .join(", "),
            })
            .collect()
    };
    ProfileCard {
        member_id: view.row.member_id,
        name: view.row.name.clone(),
        organisation: view.row.organisation.clone(),
        pitch: view.row.pitch.clone(),
        languages: view
            .languages()
            .iter()
            .map(|c| crate::web::text::language_name(i18n, c))
            .collect::<Vec<_>>()
            .join(", "),
        group: programme.group_name(&view.row.side).to_string(),
        timezone: view.row.timezone.clone(),
        offers: items(Direction::Offer),
        requests: items(Direction::Request),
        mark: mark.unwrap_or_default().to_string(),
        reasons: Vec::new(),
    }
}
