//! The rules of a B2B programme, pure and tested here: settings and their limits, the slot
//! grid that follows from them, cooperation profiles, and the words for states.
//!
//! **Slots.** Organisers give B2B windows as local times on the event's days (in the event's
//! zone); a window is cut into meetings of `meeting_minutes`, each followed by a break of
//! `break_minutes`. A slot is named by its start instant (UTC milliseconds), so a stored
//! availability or meeting keeps meaning what it meant while the settings stay, and simply
//! drops out of the grid when organisers remove its window.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan, Zoned};
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
pub const ORGANISATION_MAX: usize = 160;
pub const PITCH_MAX: usize = 1_000;
pub const ITEM_TITLE_MAX: usize = 160;
pub const ITEM_DESCRIPTION_MAX: usize = 2_000;
pub const MAX_ITEMS: usize = 20;
pub const MESSAGE_MAX: usize = 1_000;
pub const REASON_MAX: usize = 500;
pub const COMMENT_MAX: usize = 2_000;
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

/// The key of a pair of members, whoever asked: `"low:high"`.
pub fn pair_key(a: i64, b: i64) -> String {
    format!("{}:{}", a.min(b), a.max(b))
}

/// When a request sent at `now` expires under `ttl_minutes`, never after the last slot.
pub fn expiry(now: i64, ttl_minutes: Option<i64>) -> Option<i64> {
    ttl_minutes.map(|m| now + m * 60_000)
}

/// What an offer or a request is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Product,
    Service,
    Technology,
    Partnership,
    Investment,
    Expertise,
}
words!(ItemKind {
    Product = "product",
    Service = "service",
    Technology = "technology",
    Partnership = "partnership",
    Investment = "investment",
    Expertise = "expertise",
});

/// Whether an item is offered or sought.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Offer,
    Request,
}
words!(Direction {
    Offer = "offer",
    Request = "request"
});

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

/// One offer or request as sent.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct ItemInput {
    pub direction: Direction,
    pub kind: ItemKind,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Taxonomy slugs.
    #[serde(default)]
    pub topics: Vec<String>,
    /// ISO 3166 alpha-2 codes.
    #[serde(default)]
    pub countries: Vec<String>,
}

/// A cooperation profile as sent.
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct ProfileInput {
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub pitch: String,
    /// ISO 639-1 codes of the languages the participant can meet in.
    #[serde(default)]
    pub languages: Vec<String>,
    /// `a` or `b` when the programme runs between two groups.
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub items: Vec<ItemInput>,
}

/// A valid profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub organisation: String,
    pub pitch: String,
    pub languages: Vec<&'static str>,
    pub side: String,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub direction: Direction,
    pub kind: ItemKind,
    pub title: String,
    pub description: String,
    pub topics: Vec<String>,
    pub countries: Vec<String>,
}

impl ProfileInput {
    /// Checks lengths, languages, countries and topics (`known_topics`: the taxonomy's
    /// slugs); `rule` decides whether a group must be named.
    pub fn parse(self, rule: Rule, known_topics: &[String]) -> Result<Profile, AppError> {
        let organisation = parse_line(&self.organisation, "organisation", ORGANISATION_MAX)?;
        let pitch = self.pitch.trim().to_string();
        if pitch.chars().count() > PITCH_MAX {
            return Err(AppError::invalid("pitch", "text_too_long"));
        }
        let mut languages = Vec::new();
        for code in &self.languages {
            let code = crate::web::text::parse_language(code)?;
            if !languages.contains(&code) {
                languages.push(code);
            }
        }
        let side = match (rule, self.group.trim()) {
            (Rule::Everyone, _) => String::new(),
            (Rule::Groups, side @ ("a" | "b")) => side.to_string(),
            (Rule::Groups, _) => return Err(AppError::invalid("group", "b2b_group_required")),
        };
        if self.items.len() > MAX_ITEMS {
            return Err(AppError::invalid("items", "b2b_too_many_items"));
        }
        let mut items = Vec::new();
        for item in self.items {
            let title = parse_line(&item.title, "title", ITEM_TITLE_MAX)?;
            if title.is_empty() {
                return Err(AppError::invalid("title", "field_required"));
            }
            let description = item.description.trim().to_string();
            if description.chars().count() > ITEM_DESCRIPTION_MAX {
                return Err(AppError::invalid("description", "text_too_long"));
            }
            let mut topics = Vec::new();
            for topic in &item.topics {
                let topic = topic.trim();
                if !known_topics.iter().any(|t| t == topic) {
                    return Err(AppError::invalid("topics", "topic_unknown"));
                }
                if !topics.iter().any(|t| t == topic) {
                    topics.push(topic.to_string());
                }
            }
            let mut countries = Vec::new();
            for country in &item.countries {
                let code = country.trim().to_uppercase();
                if isocountry::CountryCode::for_alpha2(&code).is_err() {
                    return Err(AppError::invalid("countries", "country_unknown"));
                }
                if !countries.contains(&code) {
                    countries.push(code);
                }
            }
            items.push(Item {
                direction: item.direction,
                kind: item.kind,
                title,
                description,
                topics,
                countries,
            });
        }
        Ok(Profile {
            organisation,
            pitch,
            languages,
            side,
            items,
        })
    }
}

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
        assert_eq!(minutes(slots[1]), 20);
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

    #[test]
    fn profiles_are_checked() {
        let topics = vec!["recycling".to_string()];
        let item = |title: &str, topic: &str, country: &str| ItemInput {
            direction: Direction::Offer,
            kind: ItemKind::Technology,
            title: title.into(),
            description: String::new(),
            topics: vec![topic.into()],
            countries: vec![country.into()],
        };
        let profile = |items, group: &str| ProfileInput {
            organisation: "EcoSort GmbH".into(),
            pitch: "Sorting lines".into(),
            languages: vec!["de".into(), "EN".into(), "de".into()],
            group: group.into(),
            items,
        };
        let ok = profile(vec![item("Sorting line", "recycling", "kz")], "")
            .parse(Rule::Everyone, &topics)
            .unwrap();
        assert_eq!(ok.languages, vec!["de", "en"]);
        assert_eq!(ok.items[0].countries, vec!["KZ"]);
        let code = |p: ProfileInput, rule| p.parse(rule, &topics).unwrap_err().code();
        assert_eq!(
            code(
                profile(vec![item("x", "unknown", "KZ")], ""),
                Rule::Everyone
            ),
            "topic_unknown"
        );
        assert_eq!(
            code(
                profile(vec![item("x", "recycling", "XX")], ""),
                Rule::Everyone
            ),
            "country_unknown"
        );
        assert_eq!(
            code(
                profile(vec![item("", "recycling", "KZ")], ""),
                Rule::Everyone
            ),
            "field_required"
        );
        assert_eq!(
            code(profile(vec![], "c"), Rule::Groups),
            "b2b_group_required"
        );
    }

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
