//! HTML pages of events, a file per part: the list, the schedule, one session, registration,
//! "My agenda", and the organisers' event form, session form, participants and messages.
//! What several parts share (time and date ranges, choices in a select list, posted form
//! fields) is here; the routes in `events/mod.rs` name the handlers re-exported below.

use jiff::Zoned;

use crate::web::form::{Choice, Fields};
use crate::web::i18n::I18n;

mod agenda;
mod event_form;
mod list;
mod participants;
mod registration;
mod schedule;
mod session;
mod session_form;

pub use self::{
    agenda::*, event_form::*, list::*, participants::*, registration::*, schedule::*, session::*,
    session_form::*,
};

/// The browser's zone, as `static/events.js` stores it.
pub const TZ_COOKIE: &str = "tz";

pub(super) fn time_range(start: &Zoned, end: &Zoned, i18n: I18n) -> String {
    format!("{}–{}", i18n.time(start.time()), i18n.time(end.time()))
}

/// A date range: "21–24 February 2023", or one date.
pub(super) fn date_range(i18n: I18n, first: &str, last: &str) -> String {
    match (
        first.parse::<jiff::civil::Date>(),
        last.parse::<jiff::civil::Date>(),
    ) {
        (Ok(a), Ok(b)) if a == b => i18n.date(a),
        (Ok(a), Ok(b)) => format!("{} – {}", i18n.date(a), i18n.date(b)),
        _ => String::new(),
    }
}
