//! Settings of a programme and the slot grid that follows from them (see the module doc of
//! [`super`]).

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::web::error::AppError;
use crate::web::text::parse_line;

pub const MEETING_MINUTES: std::ops::RangeInclusive<i64> = 5..=120;
pub const BREAK_MINUTES: std::ops::RangeInclusive<i64> = 0..=60;
pub const MAX_MEETINGS: std::ops::RangeInclusive<i64> = 1..=60;
pub const MAX_PENDING: std::ops::RangeInclusive<i64> = 1..=500;
/// How long a pending request may live: 15 minutes to 10 days.
pub const REQUEST_TTL_MINUTES: std::ops::RangeInclusive<i64> = 15..=14_400;
pub const MAX_WINDOWS: usize = 60;
pub const MAX_SLOTS: usize = 1_000;
pub const GROUP_MAX: usize = 80;
/// Ordinary working hours, in each participant's own zone: the scheduler prefers them.
pub const WORKDAY: (i8, i8) = (8, 18);

/// Who may request whom.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    Everyone,
    /// Only between group `a` and group `b` (say foreign companies and local organisations).
    Groups,
}

/// Who puts accepted requests into slots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Accepting a request books a slot free for both.
    #[serde(rename = "self")]
    SelfService,
    /// Organisers run the automatic scheduler, review the draft and publish it.
    Auto,
}

/// How a meeting's virtual room is entered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoomKind {
    /// A link: the base address and the meeting's random room name.
    Link,
    /// A Jitsi server with token authentication: Circula signs a JWT for each entry.
    JitsiJwt,
}

words!(Rule { Everyone = "everyone", Groups = "groups" });
words!(Mode { SelfService = "self", Auto = "auto" });
words!(RoomKind { Link = "link", JitsiJwt = "jitsi_jwt" });

/// One B2B window: a day of the event and local times in its zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Window {
    /// `YYYY-MM-DD`, one of the event's days.
    pub date: String,
    /// `HH:MM` in the event's zone.
    pub from: String,
    pub to: String,
}

/// The settings as organisers send them (JSON API and form).
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct SettingsInput {
    #[serde(default = "yes")]
    pub enabled: bool,
    pub meeting_minutes: i64,
    #[serde(default)]
    pub break_minutes: i64,
    pub windows: Vec<Window>,
    pub max_meetings: i64,
    #[serde(default = "everyone")]
    pub rule: Rule,
    /// Names of the two groups when `rule` is `groups`.
    #[serde(default)]
    pub group_a: String,
    #[serde(default)]
    pub group_b: String,
    /// Last moment to send requests, `YYYY-MM-DDTHH:MM` in the event's zone.
    #[serde(default)]
    pub request_deadline: Option<String>,
    /// How long a pending request lives (15 to 14,400 minutes); none: until answered.
    #[serde(default)]
    pub request_ttl_minutes: Option<i64>,
    pub max_pending: i64,
    #[serde(default = "self_service")]
    pub mode: Mode,
    #[serde(default = "link")]
    pub room_kind: RoomKind,
    /// The video server: `https://meet.example.org`.
    #[serde(default)]
    pub room_base: String,
    #[serde(default)]
    pub jitsi_app_id: String,
    /// Write-only: never answered back. Empty keeps the stored secret.
    #[serde(default)]
    pub jitsi_secret: String,
}

fn yes() -> bool {
    true
}
fn everyone() -> Rule {
    Rule::Everyone
}
fn self_service() -> Mode {
    Mode::SelfService
}
fn link() -> RoomKind {
    RoomKind::Link
}

/// Valid settings, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub enabled: bool,
    pub meeting_minutes: i64,
    pub break_minutes: i64,
    pub windows: Vec<Window>,
    pub max_meetings: i64,
    pub rule: Rule,
    pub group_a: String,
    pub group_b: String,
    pub request_deadline: Option<i64>,
    pub request_ttl_minutes: Option<i64>,
    pub max_pending: i64,
    pub mode: Mode,
    pub room_kind: RoomKind,
    pub room_base: String,
    pub jitsi_app_id: String,
    pub jitsi_secret: String,
}

impl SettingsInput {
    /// Checks every limit. `days` are the event's days; `stored_secret` is kept when the
    /// input leaves the secret empty.
    pub fn parse(
        self,
        zone: &TimeZone,
        days: &[Date],
        stored_secret: &str,
    ) -> Result<Settings, AppError> {
        let within = |value: i64, range: std::ops::RangeInclusive<i64>, field| {
            if range.contains(&value) {
                Ok(value)
            } else {
                Err(AppError::invalid(field, "number_out_of_range"))
            }
        };
        let meeting_minutes = within(self.meeting_minutes, MEETING_MINUTES, "meeting_minutes")?;
        let break_minutes = within(self.break_minutes, BREAK_MINUTES, "break_minutes")?;
        let max_meetings = within(self.max_meetings, MAX_MEETINGS, "max_meetings")?;
        let max_pending = within(self.max_pending, MAX_PENDING, "max_pending")?;
        let request_ttl_minutes = self
            .request_ttl_minutes
            .map(|m| within(m, REQUEST_TTL_MINUTES, "request_ttl_minutes"))
            .transpose()?;
        if self.windows.is_empty() || self.windows.len() > MAX_WINDOWS {
            return Err(AppError::invalid("windows", "b2b_windows_invalid"));
        }
        let mut spans = Vec::new();
        let mut windows = Vec::new();
        for window in &self.windows {
            let (start, end) = window_span(window, zone)?;
            let date = window.date.trim().parse::<Date>().ok();
            if !date.is_some_and(|d| days.contains(&d)) {
                return Err(AppError::invalid("windows", "b2b_window_outside_event"));
            }
            if end <= start {
                return Err(AppError::invalid("windows", "b2b_windows_invalid"));
            }
            spans.push((start, end));
            windows.push(Window {
                date: window.date.trim().to_string(),
                from: window.from.trim().to_string(),
                to: window.to.trim().to_string(),
            });
        }
        spans.sort();
        if spans.windows(2).any(|w| w[1].0 < w[0].1) {
            return Err(AppError::invalid("windows", "b2b_windows_overlap"));
        }
        let (group_a, group_b) = match self.rule {
            Rule::Everyone => (String::new(), String::new()),
            Rule::Groups => {
                let a = parse_line(&self.group_a, "group_a", GROUP_MAX)?;
                let b = parse_line(&self.group_b, "group_b", GROUP_MAX)?;
                if a.is_empty() || b.is_empty() {
                    return Err(AppError::invalid("group_a", "field_required"));
                }
                (a, b)
            }
        };
        let request_deadline = match self.request_deadline.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(local_instant(text, zone, "request_deadline")?),
        };
        let room_base = self.room_base.trim().trim_end_matches('/').to_string();
        if !room_base.is_empty() {
            let parsed = url::Url::parse(&room_base)
                .map_err(|_| AppError::invalid("room_base", "url_invalid"))?;
            if !matches!(parsed.scheme(), "https" | "http") || parsed.host_str().is_none() {
                return Err(AppError::invalid("room_base", "url_invalid"));
            }
        }
        let jitsi_app_id = parse_line(&self.jitsi_app_id, "jitsi_app_id", 120)?;
        let jitsi_secret = match self.jitsi_secret.trim() {
            "" => stored_secret.to_string(),
            secret => secret.to_string(),
        };
        if self.room_kind == RoomKind::JitsiJwt {
            if room_base.is_empty() {
                return Err(AppError::invalid("room_base", "field_required"));
            }
            if jitsi_app_id.is_empty() {
                return Err(AppError::invalid("jitsi_app_id", "field_required"));
            }
            if jitsi_secret.len() < 16 || jitsi_secret.len() > 512 {
                return Err(AppError::invalid("jitsi_secret", "b2b_secret_too_short"));
            }
        }
        let settings = Settings {
            enabled: self.enabled,
            meeting_minutes,
            break_minutes,
            windows,
            max_meetings,
            rule: self.rule,
            group_a,
            group_b,
            request_deadline,
            request_ttl_minutes,
            max_pending,
            mode: self.mode,
            room_kind: self.room_kind,
            room_base,
            jitsi_app_id,
            jitsi_secret,
        };
        let count = settings.slots(zone).len();
        if count == 0 {
            return Err(AppError::invalid("windows", "b2b_windows_too_short"));
        }
        if count > MAX_SLOTS {
            return Err(AppError::invalid("windows", "b2b_too_many_slots"));
        }
        Ok(settings)
    }
}

/// A time for meetings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slot {
    pub starts_at: i64,
    pub ends_at: i64,
}

impl Settings {
    /// Every slot of the programme, in time order.
    pub fn slots(&self, zone: &TimeZone) -> Vec<Slot> {
        let length = self.meeting_minutes * 60_000;
        let step = (self.meeting_minutes + self.break_minutes) * 60_000;
        let mut slots = Vec::new();
        for window in &self.windows {
            let Ok((start, end)) = window_span(window, zone) else {
                continue;
            };
            let mut at = start;
            while at + length <= end && slots.len() <= MAX_SLOTS {
                slots.push(Slot {
                    starts_at: at,
                    ends_at: at + length,
                });
                at += step;
            }
        }
        slots.sort();
        slots.dedup();
        slots
    }

    /// The slot that starts at `starts_at`, if there is one.
    pub fn slot_at(&self, zone: &TimeZone, starts_at: i64) -> Option<Slot> {
        self.slots(zone)
            .into_iter()
            .find(|s| s.starts_at == starts_at)
    }

    /// Whether the two groups may meet under the rule (`side` is each profile's group).
    pub fn may_meet(&self, side_a: &str, side_b: &str) -> bool {
        match self.rule {
            Rule::Everyone => true,
            Rule::Groups => {
                matches!((side_a, side_b), ("a", "b") | ("b", "a"))
            }
        }
    }
}

/// Start and end (UTC milliseconds) of a window in `zone`.
fn window_span(window: &Window, zone: &TimeZone) -> Result<(i64, i64), AppError> {
    let date = window
        .date
        .trim()
        .parse::<Date>()
        .map_err(|_| AppError::invalid("windows", "date_invalid"))?;
    let time = |text: &str| {
        text.trim()
            .parse::<Time>()
            .map_err(|_| AppError::invalid("windows", "time_invalid"))
    };
    let from = time(&window.from)?;
    let to = time(&window.to)?;
    let instant = |t: Time| {
        date.to_datetime(t)
            .to_zoned(zone.clone())
            .map(|z| z.timestamp().as_millisecond())
            .map_err(|_| AppError::invalid("windows", "time_invalid"))
    };
    Ok((instant(from)?, instant(to)?))
}

/// `YYYY-MM-DDTHH:MM` in `zone`, as UTC milliseconds.
pub fn local_instant(text: &str, zone: &TimeZone, field: &'static str) -> Result<i64, AppError> {
    let datetime = text
        .trim()
        .parse::<jiff::civil::DateTime>()
        .map_err(|_| AppError::invalid(field, "datetime_invalid"))?;
    datetime
        .to_zoned(zone.clone())
        .map(|z| z.timestamp().as_millisecond())
        .map_err(|_| AppError::invalid(field, "datetime_invalid"))
}

pub fn zoned(millis: i64, zone: &TimeZone) -> Zoned {
    Timestamp::from_millisecond(millis)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .to_zoned(zone.clone())
}

/// Whether the slot lies within ordinary working hours ([`WORKDAY`]) in `zone`, on a weekday.
pub fn in_working_hours(slot: Slot, zone: &TimeZone) -> bool {
    let start = zoned(slot.starts_at, zone);
    let end = zoned(slot.ends_at - 1, zone);
    let weekday = start.weekday().to_monday_one_offset();
    weekday <= 5
        && start.date() == end.date()
        && start.hour() >= WORKDAY.0
        && (end.hour() < WORKDAY.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn almaty() -> TimeZone {
        TimeZone::get("Asia/Almaty").unwrap()
    }

    fn input(windows: Vec<Window>) -> SettingsInput {
        SettingsInput {
            enabled: true,
            meeting_minutes: 20,
            break_minutes: 5,
            windows,
            max_meetings: 12,
            rule: Rule::Everyone,
            group_a: String::new(),
            group_b: String::new(),
            request_deadline: None,
            request_ttl_minutes: Some(2_880),
            max_pending: 10,
            mode: Mode::SelfService,
            room_kind: RoomKind::Link,
            room_base: "https://meet.example.org/".into(),
            jitsi_app_id: String::new(),
            jitsi_secret: String::new(),
        }
    }

    fn window(date: &str, from: &str, to: &str) -> Window {
        Window {
            date: date.into(),
            from: from.into(),
            to: to.into(),
        }
    }

    fn days() -> Vec<Date> {
        vec!["2031-03-25".parse().unwrap(), "2031-03-26".parse().unwrap()]
    }

    #[test]
    fn windows_are_cut_into_meetings_and_breaks_in_the_event_zone() {
        let settings = input(vec![window("2031-03-25", "14:00", "15:00")])
            .parse(&almaty(), &days(), "")
            .unwrap();
        let slots = settings.slots(&almaty());
        // 14:00, 14:25 (ends 14:45); 14:50 would end at 15:10, after the window.
        assert_eq!(slots.len(), 2);
        let first = zoned(slots[0].starts_at, &almaty());
        assert_eq!((first.hour(), first.minute()), (14, 0));
        assert_eq!(super::super::minutes(slots[1]), 20);
        assert_eq!(slots[1].starts_at - slots[0].starts_at, 25 * 60_000);
        // Almaty is UTC+5 since March 2024.
        assert_eq!(
            zoned(slots[0].starts_at, &TimeZone::UTC).hour(),
            9,
            "the window is in the event's zone"
        );
        assert_eq!(settings.room_base, "https://meet.example.org");
    }

    #[test]
    fn bad_settings_are_refused_with_a_field() {
        let zone = almaty();
        let code = |i: SettingsInput| i.parse(&zone, &days(), "").unwrap_err().code();
        assert_eq!(code(input(vec![])), "b2b_windows_invalid");
        assert_eq!(
            code(input(vec![window("2031-04-01", "10:00", "12:00")])),
            "b2b_window_outside_event"
        );
        assert_eq!(
            code(input(vec![window("2031-03-25", "12:00", "10:00")])),
            "b2b_windows_invalid"
        );
        assert_eq!(
            code(input(vec![
                window("2031-03-25", "10:00", "12:00"),
                window("2031-03-25", "11:00", "13:00")
            ])),
            "b2b_windows_overlap"
        );
        assert_eq!(
            code(input(vec![window("2031-03-25", "10:00", "10:10")])),
            "b2b_windows_too_short"
        );
        assert_eq!(
            code(input(vec![window("2031-03-25", "1O:00", "12:00")])),
            "time_invalid"
        );
        let mut long = input(vec![window("2031-03-25", "10:00", "12:00")]);
        long.meeting_minutes = 500;
        assert_eq!(code(long), "number_out_of_range");
        let mut ttl = input(vec![window("2031-03-25", "10:00", "12:00")]);
        ttl.request_ttl_minutes = Some(5);
        assert_eq!(code(ttl), "number_out_of_range");
        let mut groups = input(vec![window("2031-03-25", "10:00", "12:00")]);
        groups.rule = Rule::Groups;
        assert_eq!(code(groups), "field_required");
        let mut jwt = input(vec![window("2031-03-25", "10:00", "12:00")]);
        jwt.room_kind = RoomKind::JitsiJwt;
        jwt.jitsi_app_id = "circula".into();
        jwt.jitsi_secret = "short".into();
        assert_eq!(code(jwt), "b2b_secret_too_short");
        let mut base = input(vec![window("2031-03-25", "10:00", "12:00")]);
        base.room_base = "javascript:alert(1)".into();
        assert_eq!(code(base), "url_invalid");
    }

    #[test]
    fn an_empty_secret_keeps_the_stored_one() {
        let mut jwt = input(vec![window("2031-03-25", "10:00", "12:00")]);
        jwt.room_kind = RoomKind::JitsiJwt;
        jwt.jitsi_app_id = "circula".into();
        let settings = jwt
            .parse(&almaty(), &days(), "a-secret-of-enough-length")
            .unwrap();
        assert_eq!(settings.jitsi_secret, "a-secret-of-enough-length");
    }

    #[test]
    fn groups_meet_only_across() {
        let mut settings = input(vec![window("2031-03-25", "10:00", "12:00")]);
        settings.rule = Rule::Groups;
        settings.group_a = "Foreign companies".into();
        settings.group_b = "Local organisations".into();
        let settings = settings.parse(&almaty(), &days(), "").unwrap();
        assert!(settings.may_meet("a", "b"));
        assert!(settings.may_meet("b", "a"));
        assert!(!settings.may_meet("a", "a"));
        assert!(!settings.may_meet("", "b"));
    }

    #[test]
    fn working_hours_are_each_sides_own() {
        // 2031-03-25 is a Tuesday; 15:00 in Almaty is 11:00 in Berlin (summer time from
        // 30 March 2031: still winter, UTC+1), 18:00 in Almaty is 14:00 in Berlin.
        let zone = almaty();
        let at = |h: i8| {
            let start = jiff::civil::date(2031, 3, 25)
                .at(h, 0, 0, 0)
                .to_zoned(zone.clone())
                .unwrap()
                .timestamp()
                .as_millisecond();
            Slot {
                starts_at: start,
                ends_at: start + 20 * 60_000,
            }
        };
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        assert!(in_working_hours(at(15), &zone));
        assert!(in_working_hours(at(15), &berlin));
        assert!(!in_working_hours(at(18), &zone));
        assert!(in_working_hours(at(18), &berlin));
        assert!(!in_working_hours(at(10), &berlin), "06:00 in Berlin");
    }
}
