//! B2B meetings: an event's programme of one-to-one talks between companies and partners.
//!
//! - **Programme** ([`programme`]): organisers switch B2B on for an event and set meeting
//!   length and breaks, time windows in the event's zone (cut into slots, see [`model`]),
//!   limits, who may request whom, request deadline and lifetime, the scheduling mode and the
//!   video server.
//! - **Profiles** ([`profiles`]): participants (members registered for the event) describe
//!   their organisation, offers and requests, meeting languages and availability; the
//!   marketplace searches them and suggests matches with the reasons shown; "must meet" and
//!   "no thanks" marks steer requests and the scheduler.
//! - **Requests** ([`requests`]): send, accept, decline, cancel, expire. In self-scheduling an
//!   accept books a slot free for both; nobody is ever booked twice (see [`db`]).
//! - **Scheduling** ([`planning`], [`scheduler`]): in automatic mode organisers compute a
//!   draft from the accepted requests, see its quality against an upper bound, lock or move
//!   single meetings, and publish.
//! - **Meetings** ([`bookings`]): both agendas and calendar feeds (through
//!   `events::AppointmentSources`), moving with the other side's consent, cancelling,
//!   reminders, the room ([`rooms`]) in its window, and feedback afterwards.
//! - **Who may do what** is decided in [`access`], the one place.

mod access;
mod api;
mod bookings;
mod dashboard;
pub mod db;
pub mod demo;
pub mod model;
mod pages;
mod planning;
mod profiles;
mod programme;
mod requests;
mod rooms;
pub mod scheduler;

use axum::Router;
use axum::routing::{get, post, put};

use crate::events::{Appointment, EventLink, LinkQuery};
use crate::notifications::{self, Kind};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::i18n::{I18n, Locale};

pub(crate) use api::ApiDoc;
pub use bookings::{reminders, send_reminders};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/events/{id}/b2b", get(pages::overview))
        .route(
            "/events/{id}/b2b/settings",
            get(pages::settings_form).post(pages::save_settings),
        )
        .route(
            "/events/{id}/b2b/profile",
            get(pages::profile_form).post(pages::save_profile),
        )
        .route(
            "/events/{id}/b2b/availability",
            post(pages::save_availability),
        )
        .route("/events/{id}/b2b/marketplace", get(pages::marketplace))
        .route(
            "/events/{id}/b2b/participants/{member_id}",
            get(pages::participant),
        )
        .route(
            "/events/{id}/b2b/participants/{member_id}/request",
            post(pages::send_request),
        )
        .route(
            "/events/{id}/b2b/participants/{member_id}/mark",
            post(pages::mark),
        )
        .route("/events/{id}/b2b/requests", get(pages::requests_list))
        .route("/b2b/requests/{id}/answer", post(pages::answer))
        .route("/b2b/meetings", get(pages::my_meetings))
        .route(
            "/b2b/meetings/{id}",
            get(pages::meeting).post(pages::change_meeting),
        )
        .route("/b2b/meetings/{id}/feedback", post(pages::feedback))
        .route(
            "/events/{id}/b2b/schedule",
            get(pages::schedule).post(pages::run_scheduler),
        )
        .route("/events/{id}/b2b/schedule/publish", post(pages::publish))
        .route("/events/{id}/b2b/dashboard", get(pages::dashboard_page))
        .route("/events/{id}/b2b/dashboard.csv", get(api::dashboard_csv))
        .route("/events/{id}/b2b/dashboard.xlsx", get(api::dashboard_xlsx))
        .route("/b2b/meetings/{id}/join", get(api::join))
        .route(
            "/api/v1/events/{id}/b2b",
            get(api::get_settings).put(api::put_settings),
        )
        .route(
            "/api/v1/events/{id}/b2b/profile",
            get(api::get_profile).put(api::put_profile),
        )
        .route("/api/v1/events/{id}/b2b/profiles", get(api::profiles))
        .route("/api/v1/events/{id}/b2b/matches", get(api::matches))
        .route(
            "/api/v1/events/{id}/b2b/availability",
            put(api::put_availability),
        )
        .route(
            "/api/v1/events/{id}/b2b/preferences/{member_id}",
            put(api::put_preference),
        )
        .route(
            "/api/v1/events/{id}/b2b/requests",
            get(api::list_requests).post(api::send_request),
        )
        .route("/api/v1/b2b/requests/{id}/accept", post(api::accept))
        .route("/api/v1/b2b/requests/{id}/decline", post(api::decline))
        .route("/api/v1/b2b/requests/{id}/cancel", post(api::cancel))
        .route(
            "/api/v1/events/{id}/b2b/schedule",
            get(api::get_schedule).post(api::run_scheduler),
        )
        .route(
            "/api/v1/events/{id}/b2b/schedule/publish",
            post(api::publish),
        )
        .route("/api/v1/events/{id}/b2b/dashboard", get(api::dashboard))
        .route(
            "/api/v1/b2b/meetings/{id}",
            get(api::get_meeting).patch(api::change_meeting),
        )
        .route("/api/v1/b2b/meetings/{id}/feedback", post(api::feedback))
        .route("/api/v1/b2b/meetings/{id}/join", get(api::join_api))
        .route("/api/v1/me/meetings", get(api::my_meetings))
}

/// What a notification about the B2B programme names: the event's title in the recipient's
/// language and, for a meeting, its time in the recipient's zone —
/// `ECO week · 2031-03-25 10:00 (Europe/Berlin)`.
pub struct About<'a> {
    pub event: &'a crate::events::Schedule,
    /// A meeting's start and the recipient's zone.
    pub at: Option<(i64, &'a str)>,
}

impl<'a> About<'a> {
    pub fn event(event: &'a crate::events::Schedule) -> Self {
        About { event, at: None }
    }

    pub fn meeting(event: &'a crate::events::Schedule, starts_at: i64, zone: &'a str) -> Self {
        About {
            event,
            at: Some((starts_at, zone)),
        }
    }

    fn text(&self, locale: Locale) -> String {
        let title = self.event.title(locale);
        match self.at {
            None => title.to_string(),
            Some((starts_at, zone_name)) => {
                let at = model::zoned(starts_at, &crate::web::i18n::zone(zone_name));
                format!("{title} · {} ({zone_name})", at.strftime("%Y-%m-%d %H:%M"))
            }
        }
    }
}

/// Notifies a member (in the app, and by mail in their language), naming `about` in their
/// language.
async fn notify(
    state: &AppState,
    to: i64,
    kind: Kind,
    actor: i64,
    link: &str,
    about: About<'_>,
    mail_text: Option<&str>,
) -> Result<(), AppError> {
    let locale: Option<String> = sqlx::query_scalar("SELECT locale FROM members WHERE id = $1")
        .bind(to)
        .fetch_optional(&state.db.pool)
        .await?;
    let locale = locale
        .as_deref()
        .and_then(Locale::parse)
        .unwrap_or(Locale::En);
    let detail = about.text(locale);
    notifications::notify_about(state, to, kind, Some(actor), link, &detail, mail_text).await
}

/// The member's meetings as agenda entries and calendar-feed entries (registered in
/// `app::state` as an `events::AppointmentSources` source).
pub async fn appointments(
    state: AppState,
    member_id: i64,
    since: i64,
    locale: Locale,
) -> Result<Vec<Appointment>, AppError> {
    let rows = db::meetings_of(&state.db, member_id, since).await?;
    let i18n = I18n::new(locale);
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let event = crate::events::schedule(&state, row.event_id).await?;
        let Some(event) = event else { continue };
        let (_, other, other_zone) = row.other(member_id);
        out.push(Appointment {
            uid: format!("meeting-{}", row.id),
            title: i18n.t_args("b2b-meeting-with", &[("name", other)]),
            description: format!(
                "{}\n{}",
                event.title(locale),
                i18n.t_args("b2b-their-zone", &[("zone", other_zone)])
            ),
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            updated_at: row.updated_at,
            sequence: row.sequence,
            cancelled: row.state == "cancelled",
            zone: event.event.timezone.clone(),
            page: format!("/b2b/meetings/{}", row.id),
            join: Some(format!("/b2b/meetings/{}/join", row.id)),
        });
    }
    Ok(out)
}

/// The link from an event's page to its B2B programme, when it has one switched on; for its
/// organisers, the way to set one up otherwise (registered in `app::state` as an
/// `events::EventLinks` source).
pub async fn event_link(state: AppState, query: LinkQuery) -> Result<Option<EventLink>, AppError> {
    let i18n = I18n::new(query.locale);
    let settings = db::settings(&state.db, query.event_id).await?;
    let link = |path: &str, key: &str| EventLink {
        href: format!("/events/{}/b2b{path}", query.event_id),
        label: i18n.t(key),
    };
    Ok(match settings {
        Some(s) if s.enabled != 0 => Some(link("", "b2b-event-link")),
        _ if query.organiser => Some(link("/settings", "b2b-event-link-set-up")),
        _ => None,
    })
}
