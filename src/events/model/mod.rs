//! Event input, parsed at the edge, and the pure rules of time: event days in the event's
//! zone, session instants, what is live or next, overlaps in an agenda. The input of whole
//! events (with their questions, and the answers to them) is parsed in `event.rs`, that of
//! sessions in `session.rs`, re-exported here; both take what they need from the database as
//! arguments.
//!
//! Every instant is a UTC [`Timestamp`]; a local date or time only exists together with an
//! IANA zone from the built-in time-zone database (jiff's bundled copy), so daylight-saving
//! changes and Kazakhstan's 2024 move from UTC+6 to UTC+5 come out right everywhere.

mod event;
mod session;

pub use self::{event::*, session::*};

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan, Zoned};

use crate::web::error::AppError;
use crate::web::i18n::{I18n, Locale};

pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 20_000;
pub const NAME_MAX: usize = 100;
pub const URL_MAX: usize = 2_000;
pub const SPEAKERS_MAX: usize = 20;
pub const MATERIALS_MAX: usize = 20;
pub const QUESTIONS_MAX: usize = 20;
pub const ANSWER_MAX: usize = 2_000;
pub const CAPACITY_MAX: i64 = 1_000_000;
/// The longest event: long enough for a fortnight's festival, short enough to list as tabs.
pub const EVENT_DAYS_MAX: i32 = 31;
/// How long before its start a session's join link becomes prominent.
pub const JOIN_SOON_MINUTES: i64 = 15;

/// Who may see an event.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EventVisibility {
    /// Everyone, signed in or not.
    Public,
    /// Signed-in members only.
    Members,
}

impl EventVisibility {
    pub fn as_str(self) -> &'static str {
        match self {
            EventVisibility::Public => "public",
            EventVisibility::Members => "members",
        }
    }

    pub fn from_db(value: &str) -> EventVisibility {
        match value {
            "public" => EventVisibility::Public,
            _ => EventVisibility::Members,
        }
    }
}

/// The format of a session.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    Talk,
    Panel,
    Workshop,
    B2b,
    Networking,
}

impl SessionKind {
    pub const ALL: [SessionKind; 5] = [
        SessionKind::Talk,
        SessionKind::Panel,
        SessionKind::Workshop,
        SessionKind::B2b,
        SessionKind::Networking,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::Talk => "talk",
            SessionKind::Panel => "panel",
            SessionKind::Workshop => "workshop",
            SessionKind::B2b => "b2b",
            SessionKind::Networking => "networking",
        }
    }

    pub fn parse(value: &str) -> Option<SessionKind> {
        SessionKind::ALL.into_iter().find(|k| k.as_str() == value)
    }

    pub fn from_db(value: &str) -> SessionKind {
        SessionKind::parse(value).unwrap_or(SessionKind::Talk)
    }

    pub fn label(self, i18n: I18n) -> String {
        i18n.t(&format!("session-kind-{}", self.as_str()))
    }
}

/// A question the organisers ask at registration.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// Free text.
    Text,
    /// One of the question's options.
    Choice,
}

impl QuestionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Text => "text",
            QuestionKind::Choice => "choice",
        }
    }

    pub fn from_db(value: &str) -> QuestionKind {
        match value {
            "choice" => QuestionKind::Choice,
            _ => QuestionKind::Text,
        }
    }
}

/// Where a member stands for a session.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SeatStatus {
    Registered,
    Waiting,
}

impl SeatStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SeatStatus::Registered => "registered",
            SeatStatus::Waiting => "waiting",
        }
    }

    pub fn from_db(value: &str) -> SeatStatus {
        match value {
            "registered" => SeatStatus::Registered,
            _ => SeatStatus::Waiting,
        }
    }
}

/// An IANA time zone, checked against the built-in database.
pub fn parse_zone(input: &str) -> Result<(String, TimeZone), AppError> {
    let name = crate::web::text::parse_timezone(input)?;
    let zone = crate::web::i18n::zone(&name);
    Ok((name, zone))
}

/// A calendar date, `YYYY-MM-DD`.
pub fn parse_date(input: &str, field: &'static str) -> Result<Date, AppError> {
    input
        .trim()
        .parse::<Date>()
        .map_err(|_| AppError::invalid(field, "date_invalid"))
}

/// The days of an event: first and last date, in order and at most [`EVENT_DAYS_MAX`] long.
pub fn parse_days(starts_on: &str, ends_on: &str) -> Result<(Date, Date), AppError> {
    let first = parse_date(starts_on, "starts_on")?;
    let last = parse_date(ends_on, "ends_on")?;
    if last < first {
        return Err(AppError::invalid("ends_on", "event_ends_before_start"));
    }
    if first.until(last).map(|s| s.get_days()).unwrap_or(i32::MAX) >= EVENT_DAYS_MAX {
        return Err(AppError::invalid("ends_on", "event_too_long"));
    }
    Ok((first, last))
}

/// The first instant of `first` and the first instant after `last` in `tz`: an event's span.
pub fn day_span(
    first: Date,
    last: Date,
    tz: &TimeZone,
) -> Result<(Timestamp, Timestamp), AppError> {
    let start = first
        .to_zoned(tz.clone())
        .map_err(|_| AppError::invalid("starts_on", "date_invalid"))?;
    let end = last
        .checked_add(1.day())
        .and_then(|d| d.to_zoned(tz.clone()))
        .map_err(|_| AppError::invalid("ends_on", "date_invalid"))?;
    Ok((start.timestamp(), end.timestamp()))
}

/// A point in time given by a client: RFC 3339 with an offset (`2023-02-21T10:00:00+06:00`,
/// `…Z`) is an instant; a plain local date and time (`2023-02-21T10:00`, from a form's
/// `datetime-local` field) is read in the event's zone. A local time that the zone skips
/// (the hour lost in spring) or repeats (the hour gained in autumn) is refused rather than
/// guessed.
pub fn parse_instant(
    input: &str,
    tz: &TimeZone,
    field: &'static str,
) -> Result<Timestamp, AppError> {
    let input = input.trim();
    if let Ok(instant) = input.parse::<Timestamp>() {
        return Ok(instant);
    }
    let local: DateTime = input
        .parse()
        .map_err(|_| AppError::invalid(field, "datetime_invalid"))?;
    tz.to_ambiguous_zoned(local)
        .unambiguous()
        .map(|z| z.timestamp())
        .map_err(|_| AppError::invalid(field, "datetime_ambiguous"))
}

/// A session's start and end: the end after the start, both within the event's days.
pub fn check_session_times(
    start: Timestamp,
    end: Timestamp,
    event_span: (Timestamp, Timestamp),
) -> Result<(), AppError> {
    if end <= start {
        return Err(AppError::invalid("ends_at", "session_ends_before_start"));
    }
    if start < event_span.0 || end > event_span.1 {
        return Err(AppError::invalid("starts_at", "session_outside_event"));
    }
    Ok(())
}

/// A link to a virtual room, a recording or material: an absolute `https` URL with a host and
/// no credentials. `javascript:`, `data:`, `http:` and relative links are refused.
pub fn parse_https_url(input: &str, field: &'static str) -> Result<String, AppError> {
    let input = input.trim();
    if input.len() > URL_MAX {
        return Err(AppError::invalid(field, "url_too_long"));
    }
    let url = url::Url::parse(input).map_err(|_| AppError::invalid(field, "url_not_https"))?;
    if url.scheme() != "https"
        || url.host_str().is_none_or(str::is_empty)
        || !url.username().is_empty()
        || url.password().is_some()
    {
        return Err(AppError::invalid(field, "url_not_https"));
    }
    Ok(url.to_string())
}

/// An optional link: empty means none.
pub fn parse_optional_url(input: &str, field: &'static str) -> Result<String, AppError> {
    if input.trim().is_empty() {
        Ok(String::new())
    } else {
        parse_https_url(input, field)
    }
}

/// A required single-line text: trimmed, inner whitespace collapsed, no control characters.
pub fn parse_title(input: &str, field: &'static str, max: usize) -> Result<String, AppError> {
    let value = crate::web::text::parse_line(input, field, max)?;
    if value.is_empty() {
        return Err(AppError::invalid(field, "field_required"));
    }
    Ok(value)
}

/// Markdown text: its source and its sanitised HTML.
pub fn parse_description(input: &str, field: &'static str) -> Result<(String, String), AppError> {
    let text = input.trim().replace("\r\n", "\n");
    if text.chars().count() > DESCRIPTION_MAX {
        return Err(AppError::invalid(field, "text_too_long"));
    }
    let html = crate::web::text::render_markdown(&text);
    Ok((text, html))
}

/// Language codes, as a list without repeats (stored comma-separated).
pub fn parse_languages(codes: &[String], field: &'static str) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = Vec::new();
    for code in codes {
        let code = crate::web::text::parse_language(code)
            .map_err(|_| AppError::invalid(field, "language_unknown"))?;
        if !out.iter().any(|c| c == code) {
            out.push(code.to_string());
        }
    }
    Ok(out)
}

/// A session capacity: empty means unlimited.
pub fn parse_capacity(value: Option<i64>) -> Result<Option<i64>, AppError> {
    match value {
        None => Ok(None),
        Some(n) if (1..=CAPACITY_MAX).contains(&n) => Ok(Some(n)),
        Some(_) => Err(AppError::invalid("capacity", "capacity_invalid")),
    }
}

/// The best text of an event for a reader: their own language, then the event's default
/// language, then English, then whatever exists. `texts` holds (locale, value) pairs.
pub fn pick_text<'a, T>(texts: &'a [(String, T)], reader: Locale, default: &str) -> Option<&'a T> {
    let find = |code: &str| texts.iter().find(|(l, _)| l == code).map(|(_, t)| t);
    find(reader.code())
        .or_else(|| find(default))
        .or_else(|| find("en"))
        .or_else(|| texts.first().map(|(_, t)| t))
}

/// Where a session stands at `now`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timing {
    Past,
    /// Starts within [`JOIN_SOON_MINUTES`].
    Soon,
    Live,
    Later,
}

pub fn timing(start: Timestamp, end: Timestamp, now: Timestamp) -> Timing {
    if now >= end {
        Timing::Past
    } else if now >= start {
        Timing::Live
    } else if start.as_millisecond() - now.as_millisecond() <= JOIN_SOON_MINUTES * 60_000 {
        Timing::Soon
    } else {
        Timing::Later
    }
}

/// The signed difference, in minutes, between the viewer's zone and the event's zone at
/// `instant` (positive: the viewer is ahead).
pub fn offset_difference_minutes(instant: Timestamp, event: &TimeZone, viewer: &TimeZone) -> i64 {
    let seconds = viewer.to_offset(instant).seconds() - event.to_offset(instant).seconds();
    i64::from(seconds) / 60
}

/// "5 hours ahead", "30 minutes behind", "the same time": how the viewer's clock relates to
/// the event's.
pub fn describe_difference(i18n: I18n, minutes: i64) -> String {
    if minutes == 0 {
        return i18n.t("tz-same");
    }
    let abs = minutes.abs();
    let (hours, rest) = (abs / 60, abs % 60);
    let amount = match (hours, rest) {
        (0, m) => i18n.count("tz-minutes", m),
        (h, 0) => i18n.count("tz-hours", h),
        (h, m) => i18n.t_args(
            "tz-hours-minutes",
            &[("hours", &h.to_string()), ("minutes", &m.to_string())],
        ),
    };
    let key = if minutes > 0 { "tz-ahead" } else { "tz-behind" };
    i18n.t_args(key, &[("amount", &amount)])
}

/// Pairs of agenda entries (by index into `spans`, sorted by start) whose times overlap.
pub fn overlaps(spans: &[(Timestamp, Timestamp)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for i in 0..spans.len() {
        for j in i + 1..spans.len() {
            if spans[j].0 >= spans[i].1 {
                break;
            }
            out.push((i, j));
        }
    }
    out
}

/// A stored instant as a zoned date and time.
pub fn zoned(millis: i64, tz: &TimeZone) -> Zoned {
    Timestamp::from_millisecond(millis)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .to_zoned(tz.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn berlin() -> TimeZone {
        TimeZone::get("Europe/Berlin").unwrap()
    }

    fn almaty() -> TimeZone {
        TimeZone::get("Asia/Almaty").unwrap()
    }

    #[test]
    fn local_times_are_read_in_the_event_zone() {
        let start = parse_instant("2023-02-21T10:00", &almaty(), "starts_at").unwrap();
        assert_eq!(start.to_string(), "2023-02-21T04:00:00Z"); // UTC+6 in 2023
        let later = parse_instant("2025-02-21T10:00", &almaty(), "starts_at").unwrap();
        assert_eq!(later.to_string(), "2025-02-21T05:00:00Z"); // UTC+5 since 2024
        let explicit = parse_instant("2023-02-21T10:00:00+01:00", &almaty(), "x").unwrap();
        assert_eq!(explicit.to_string(), "2023-02-21T09:00:00Z");
    }

    #[test]
    fn skipped_and_repeated_local_times_are_refused() {
        // Berlin skipped 02:00–03:00 on 26 March 2023 and repeated 02:00–03:00 on 29 October.
        let gap = parse_instant("2023-03-26T02:30", &berlin(), "starts_at").unwrap_err();
        assert_eq!(gap.code(), "datetime_ambiguous");
        let fold = parse_instant("2023-10-29T02:30", &berlin(), "starts_at").unwrap_err();
        assert_eq!(fold.code(), "datetime_ambiguous");
        assert_eq!(
            parse_instant("tomorrow", &berlin(), "starts_at")
                .unwrap_err()
                .code(),
            "datetime_invalid"
        );
    }

    #[test]
    fn berlin_and_almaty_differ_by_season_and_year() {
        let before = "2023-03-25T12:00:00Z".parse().unwrap();
        let after = "2023-03-27T12:00:00Z".parse().unwrap();
        assert_eq!(
            offset_difference_minutes(before, &berlin(), &almaty()),
            5 * 60
        );
        assert_eq!(
            offset_difference_minutes(after, &berlin(), &almaty()),
            4 * 60
        );
        let summer_2024 = "2024-07-01T12:00:00Z".parse().unwrap();
        assert_eq!(
            offset_difference_minutes(summer_2024, &berlin(), &almaty()),
            3 * 60
        );
        assert_eq!(
            offset_difference_minutes(summer_2024, &almaty(), &berlin()),
            -3 * 60
        );
    }

    #[test]
    fn differences_read_naturally() {
        let en = I18n::new(Locale::En);
        assert_eq!(describe_difference(en, 300), "5 hours ahead");
        assert_eq!(describe_difference(en, -60), "1 hour behind");
        assert_eq!(describe_difference(en, 330), "5 h 30 min ahead");
        assert_eq!(describe_difference(en, 0), "the same time");
        let ru = I18n::new(Locale::Ru);
        assert_eq!(describe_difference(ru, 300), "на 5 часов вперёд");
    }

    #[test]
    fn event_days_are_ordered_and_bounded() {
        assert!(parse_days("2023-02-21", "2023-02-24").is_ok());
        assert_eq!(
            parse_days("2023-02-24", "2023-02-21").unwrap_err().code(),
            "event_ends_before_start"
        );
        assert_eq!(
            parse_days("2023-02-01", "2023-04-01").unwrap_err().code(),
            "event_too_long"
        );
        assert_eq!(
            parse_days("2023-02-30", "2023-03-01").unwrap_err().code(),
            "date_invalid"
        );
    }

    #[test]
    fn the_event_span_covers_whole_local_days() {
        let (first, last) = parse_days("2023-03-26", "2023-03-26").unwrap();
        let (start, end) = day_span(first, last, &berlin()).unwrap();
        assert_eq!(start.to_string(), "2023-03-25T23:00:00Z");
        assert_eq!(end.to_string(), "2023-03-26T22:00:00Z"); // a 23-hour day
        let inside = parse_instant("2023-03-26T09:00", &berlin(), "s").unwrap();
        let after = parse_instant("2023-03-27T09:00", &berlin(), "s").unwrap();
        assert!(check_session_times(inside, after, (start, end)).is_err());
        let end_ok = parse_instant("2023-03-26T10:00", &berlin(), "s").unwrap();
        assert!(check_session_times(inside, end_ok, (start, end)).is_ok());
        assert_eq!(
            check_session_times(end_ok, inside, (start, end))
                .unwrap_err()
                .code(),
            "session_ends_before_start"
        );
    }

    #[test]
    fn only_https_links_pass() {
        assert!(parse_https_url("https://zoom.us/j/123?pwd=x", "join_url").is_ok());
        for bad in [
            "javascript:alert(1)",
            "http://example.com",
            "data:text/html,hi",
            "/relative",
            "https://user:pw@example.com/",
            "JaVaScRiPt:alert(1)",
            "",
        ] {
            assert_eq!(
                parse_https_url(bad, "join_url").unwrap_err().code(),
                "url_not_https",
                "{bad}"
            );
        }
    }

    #[test]
    fn texts_fall_back_to_the_default_then_english() {
        let texts = vec![("de".to_string(), "Woche"), ("en".to_string(), "Week")];
        assert_eq!(pick_text(&texts, Locale::De, "en"), Some(&"Woche"));
        assert_eq!(pick_text(&texts, Locale::Ru, "de"), Some(&"Woche"));
        assert_eq!(pick_text(&texts, Locale::Kk, "ru"), Some(&"Week"));
        let only = vec![("ru".to_string(), "Неделя")];
        assert_eq!(pick_text(&only, Locale::En, "en"), Some(&"Неделя"));
    }

    #[test]
    fn timing_marks_live_and_soon() {
        let t = |s: &str| s.parse::<Timestamp>().unwrap();
        let (start, end) = (t("2023-02-21T04:00:00Z"), t("2023-02-21T05:00:00Z"));
        assert_eq!(timing(start, end, t("2023-02-21T03:00:00Z")), Timing::Later);
        assert_eq!(timing(start, end, t("2023-02-21T03:50:00Z")), Timing::Soon);
        assert_eq!(timing(start, end, t("2023-02-21T04:30:00Z")), Timing::Live);
        assert_eq!(timing(start, end, t("2023-02-21T05:00:00Z")), Timing::Past);
    }

    #[test]
    fn overlapping_agenda_entries_are_found() {
        let t = |h: i64| Timestamp::from_second(h * 3600).unwrap();
        let spans = [(t(1), t(3)), (t(2), t(4)), (t(3), t(5)), (t(6), t(7))];
        assert_eq!(overlaps(&spans), vec![(0, 1), (1, 2)]);
    }

    #[test]
    fn capacities_are_positive() {
        assert_eq!(parse_capacity(None).unwrap(), None);
        assert_eq!(parse_capacity(Some(30)).unwrap(), Some(30));
        assert!(parse_capacity(Some(0)).is_err());
        assert!(parse_capacity(Some(-5)).is_err());
    }
}
