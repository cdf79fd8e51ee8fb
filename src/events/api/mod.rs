//! JSON API of events, and the iCalendar files (event, session, personal feed), a file per
//! resource family like `pages/`: `events.rs` (events and covers), `sessions.rs` (sessions
//! and the schedule), `registration.rs` (registration, seats, participants, messages) and
//! `agenda.rs` (the agenda, the calendar feed, iCalendar files). What several share (times,
//! an event's summary) is here; the routes in `events/mod.rs` name the handlers re-exported
//! below.

use jiff::tz::TimeZone;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use super::db;
use super::model::{self, EventVisibility};
use crate::web::text::utc;

mod agenda;
mod events;
mod registration;
mod sessions;

pub use self::{agenda::*, events::*, registration::*, sessions::*};

#[derive(OpenApi)]
#[openapi(paths(
    list,
    create,
    get_event,
    update,
    put_cover,
    delete_cover,
    add_session,
    schedule,
    update_session,
    delete_session,
    register,
    unregister,
    take_seat,
    leave_seat,
    participants,
    send_message,
    agenda,
    calendar_feed,
    renew_calendar_feed,
    revoke_calendar_feed
))]
pub struct ApiDoc;

fn rfc3339(millis: i64, tz: &TimeZone) -> String {
    model::zoned(millis, tz)
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

#[derive(Serialize, ToSchema)]
pub struct EventSummary {
    id: i64,
    /// In the reader's language, or the best fallback.
    title: String,
    timezone: String,
    starts_on: String,
    ends_on: String,
    visibility: EventVisibility,
    registration_open: bool,
    url: String,
}

/// An event as listed: its row, with its title in the reader's language.
fn summary(row: &db::EventRow, title: String) -> EventSummary {
    EventSummary {
        id: row.id,
        title,
        timezone: row.timezone.clone(),
        starts_on: row.starts_on.clone(),
        ends_on: row.ends_on.clone(),
        visibility: EventVisibility::from_db(&row.visibility),
        registration_open: row.registration == "open",
        url: format!("/events/{}", row.id),
    }
}

#[derive(Serialize, ToSchema)]
pub struct Times {
    /// RFC 3339 with the zone's offset.
    start: String,
    end: String,
    timezone: String,
}
