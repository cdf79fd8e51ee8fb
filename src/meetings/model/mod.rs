//! The rules of a B2B programme, pure and tested beside them: settings and the slot grid
//! ([`settings`]), cooperation profiles ([`profile`]), and here the words for states and the
//! small rules of requests and meetings.
//!
//! **Slots.** Organisers give B2B windows as local times on the event's days (in the event's
//! zone); a window is cut into meetings of `meeting_minutes`, each followed by a break of
//! `break_minutes`. A slot is named by its start instant (UTC milliseconds), so a stored
//! availability or meeting keeps meaning what it meant while the settings stay, and simply
//! drops out of the grid when organisers remove its window.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::web::error::AppError;

/// `as_str`, `parse` and `ALL` for an enum stored as text.
macro_rules! words {
    ($name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub fn parse(value: &str) -> Option<$name> {
                match value { $($text => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

mod profile;
mod settings;

pub use profile::*;
pub use settings::*;

pub const MESSAGE_MAX: usize = 1_000;
pub const REASON_MAX: usize = 500;
pub const COMMENT_MAX: usize = 2_000;

/// The key of a pair of members, whoever asked: `"low:high"`.
pub fn pair_key(a: i64, b: i64) -> String {
    format!("{}:{}", a.min(b), a.max(b))
}

/// When a request sent at `now` expires under `ttl_minutes`, never after the last slot.
pub fn expiry(now: i64, ttl_minutes: Option<i64>) -> Option<i64> {
    ttl_minutes.map(|m| now + m * 60_000)
}

/// What a participant said about another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Preference {
    MustMeet,
    NoThanks,
}
words!(Preference {
    MustMeet = "must_meet",
    NoThanks = "no_thanks"
});

/// Where a meeting request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Pending,
    Accepted,
    Declined,
    Cancelled,
    Expired,
}
words!(RequestStatus {
    Pending = "pending",
    Accepted = "accepted",
    Declined = "declined",
    Cancelled = "cancelled",
    Expired = "expired",
});

/// Where a meeting stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeetingState {
    /// Proposed by the scheduler, seen by organisers until they publish.
    Draft,
    Scheduled,
    Cancelled,
}
words!(MeetingState {
    Draft = "draft",
    Scheduled = "scheduled",
    Cancelled = "cancelled",
});

/// A request's priority: 1 (nice to have) to 3 (important).
pub fn parse_priority(value: Option<i64>) -> Result<i64, AppError> {
    match value.unwrap_or(2) {
        p @ 1..=3 => Ok(p),
        _ => Err(AppError::invalid("priority", "number_out_of_range")),
    }
}

/// A free text of at most `max` characters (a message, a reason, a comment).
pub fn parse_text(input: &str, field: &'static str, max: usize) -> Result<String, AppError> {
    let text = input.trim().to_string();
    if text.chars().count() > max {
        return Err(AppError::invalid(field, "text_too_long"));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(AppError::invalid(field, "text_invalid"));
    }
    Ok(text)
}

/// Whether a meeting may be joined at `now`: from [`JOIN_EARLY_MINUTES`] before its start
/// until its end.
pub fn join_window(slot: Slot, now: i64) -> bool {
    now >= slot.starts_at - JOIN_EARLY_MINUTES * 60_000 && now <= slot.ends_at
}

pub const JOIN_EARLY_MINUTES: i64 = 10;

/// How long before a meeting its reminder goes out.
pub const REMINDER_MINUTES: i64 = 30;

/// Days of a span of time in a zone, for grouping slots by day on pages.
pub fn day_of(millis: i64, zone: &TimeZone) -> Date {
    zoned(millis, zone).date()
}

/// A slot's length in minutes, for pages.
pub fn minutes(slot: Slot) -> i64 {
    (slot.ends_at - slot.starts_at) / 60_000
}

/// The instant `minutes` after `millis`.
pub fn plus_minutes(millis: i64, minutes: i64) -> i64 {
    Timestamp::from_millisecond(millis)
        .ok()
        .and_then(|t| t.checked_add(minutes.minutes()).ok())
        .map_or(millis, |t| t.as_millisecond())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip() {
        for mode in Mode::ALL {
            assert_eq!(Mode::parse(mode.as_str()), Some(*mode));
        }
        for status in RequestStatus::ALL {
            assert_eq!(RequestStatus::parse(status.as_str()), Some(*status));
        }
        assert_eq!(pair_key(7, 3), "3:7");
        assert_eq!(pair_key(3, 7), "3:7");
        assert_eq!(
            parse_priority(Some(4)).unwrap_err().code(),
            "number_out_of_range"
        );
    }

    #[test]
    fn joining_opens_shortly_before_and_closes_at_the_end() {
        let slot = Slot {
            starts_at: 1_000_000_000,
            ends_at: 1_000_000_000 + 20 * 60_000,
        };
        assert!(!join_window(slot, slot.starts_at - 11 * 60_000));
        assert!(join_window(slot, slot.starts_at - 9 * 60_000));
        assert!(join_window(slot, slot.ends_at));
        assert!(!join_window(slot, slot.ends_at + 1));
    }
}
