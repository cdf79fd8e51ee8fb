//! iCalendar (RFC 5545) files: an event's schedule, a member's agenda feed, one session.
//!
//! Sessions are written in their event's zone (`DTSTART;TZID=Asia/Almaty:20230221T100000`)
//! with a `VTIMEZONE` per zone, so calendar programs show the event's local time and convert
//! correctly. The `VTIMEZONE` is generated from the built-in time-zone database: one
//! observance for the offset in force at the start of the covered span, then one per
//! transition inside it (no recurrence rules to get wrong; RFC 5545 3.6.5 allows this). The
//! `ics` crate writes the lines (folding at 75 octets); text values are escaped here.

use ics::properties::{
    Description, DtEnd, DtStart, Location, Method, Sequence, Status, Summary, TzName, URL,
};
use ics::{Daylight, Event, ICalendar, Standard, TimeZone as VTimeZone, escape_text};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ToSpan};

/// One session as a calendar entry.
pub struct Entry<'a> {
    pub uid: String,
    pub title: &'a str,
    pub description: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub updated_at: i64,
    pub zone_name: &'a str,
    pub zone: &'a TimeZone,
    /// The virtual room; empty when the reader may not see it.
    pub join_url: &'a str,
    /// The session's page on this site.
    pub page_url: String,
    /// Whether the reader waits for a seat.
    pub tentative: bool,
    /// A cancelled entry stays in the feed with `STATUS:CANCELLED`, so calendars remove it.
    pub cancelled: bool,
    /// RFC 5545 SEQUENCE when the source counts its changes; else derived from `updated_at`.
    pub sequence: Option<i64>,
}

/// A whole calendar: `name` names it in calendar programs.
pub fn write(name: &str, entries: &[Entry<'_>]) -> String {
    let mut calendar = ICalendar::new("2.0", "-//Circula//Events//EN");
    calendar.push(Method::new("PUBLISH"));
    calendar.push(ics::properties::CalScale::new("GREGORIAN"));
    calendar.push(ics::components::Property::new(
        "X-WR-CALNAME",
        escape_text(name).into_owned(),
    ));
    calendar.push(ics::properties::Name::new(escape_text(name).into_owned()));

    let mut zones: Vec<(&str, &TimeZone, i64, i64)> = Vec::new();
    for entry in entries {
        match zones.iter_mut().find(|z| z.0 == entry.zone_name) {
            Some(z) => {
                z.2 = z.2.min(entry.starts_at);
                z.3 = z.3.max(entry.ends_at);
            }
            None => zones.push((entry.zone_name, entry.zone, entry.starts_at, entry.ends_at)),
        }
    }
    for (name, zone, from, to) in zones {
        calendar.add_timezone(vtimezone(name, zone, from, to));
    }
    for entry in entries {
        calendar.add_event(event(entry));
    }
    calendar.to_string()
}

fn event<'a>(entry: &Entry<'a>) -> Event<'a> {
    let mut event = Event::new(entry.uid.clone(), utc_stamp(entry.updated_at));
    event.push(local_time_property(
        DtStart::new(local_stamp(entry.starts_at, entry.zone)),
        entry.zone_name,
    ));
    event.push(local_time_property(
        DtEnd::new(local_stamp(entry.ends_at, entry.zone)),
        entry.zone_name,
    ));
    event.push(Summary::new(escape_text(entry.title.to_string())));
    let mut description = String::new();
    if !entry.join_url.is_empty() {
        description.push_str(entry.join_url);
        description.push_str("\n\n");
    }
    description.push_str(entry.description);
    description.push_str("\n\n");
    description.push_str(&entry.page_url);
    event.push(Description::new(escape_text(description)));
    if entry.join_url.is_empty() {
        event.push(URL::new(entry.page_url.clone()));
    } else {
        event.push(Location::new(escape_text(entry.join_url.to_string())));
        event.push(URL::new(entry.join_url.to_string()));
        // RFC 7986: the virtual room as a conference link.
        event.push(ics::properties::Conference::new(entry.join_url.to_string()));
    }
    event.push(Status::new(if entry.cancelled {
        "CANCELLED"
    } else if entry.tentative {
        "TENTATIVE"
    } else {
        "CONFIRMED"
    }));
    // Increases with every change, so calendar programs take updates (seconds fit in i32
    // until 2038; minutes since 2020 are smaller and still increase).
    let sequence = entry
        .sequence
        .unwrap_or(((entry.updated_at / 60_000) - 26_297_280).max(0));
    event.push(Sequence::new(sequence.to_string()));
    event
}

fn local_time_property<'a>(
    property: impl Into<ics::components::Property<'a>>,
    zone: &str,
) -> ics::components::Property<'a> {
    let mut property = property.into();
    property.add(ics::parameters::TzIDParam::new(zone.to_string()));
    property
}

/// `20230221T100000` in `zone`.
fn local_stamp(millis: i64, zone: &TimeZone) -> String {
    let dt = Timestamp::from_millisecond(millis)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .to_zoned(zone.clone())
        .datetime();
    dt.strftime("%Y%m%dT%H%M%S").to_string()
}

/// `20230221T040000Z`.
fn utc_stamp(millis: i64) -> String {
    Timestamp::from_millisecond(millis)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string()
}

fn offset_text(offset: Offset) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let abs = seconds.unsigned_abs();
    format!("{sign}{:02}{:02}", abs / 3600, (abs % 3600) / 60)
}

/// The zone's observances from shortly before `from_ms` to `to_ms`.
fn vtimezone<'a>(name: &str, zone: &TimeZone, from_ms: i64, to_ms: i64) -> VTimeZone<'a> {
    let from = Timestamp::from_millisecond(from_ms).unwrap_or(Timestamp::UNIX_EPOCH);
    let to = Timestamp::from_millisecond(to_ms).unwrap_or(from);
    // The observance in force at `from` starts at the last transition before it (or, for a
    // zone that never changed, a day before).
    let (start, offset_before) = match zone.preceding(from).next() {
        Some(t) => {
            let before = zone.to_offset(t.timestamp() - 1.second());
            (t.timestamp(), before)
        }
        None => (from - 24.hours(), zone.to_offset(from)),
    };
    let info = zone.to_offset_info(from);
    let mut observances = vec![(
        start,
        offset_before,
        info.offset(),
        info.abbreviation().to_string(),
        info.dst().is_dst(),
    )];
    let mut previous = info.offset();
    for t in zone.following(from) {
        if t.timestamp() > to {
            break;
        }
        observances.push((
            t.timestamp(),
            previous,
            t.offset(),
            t.abbreviation().to_string(),
            t.dst().is_dst(),
        ));
        previous = t.offset();
    }

    let mut standard: Vec<Standard<'a>> = Vec::new();
    let mut daylight: Vec<Daylight<'a>> = Vec::new();
    for (at, from_offset, to_offset, abbreviation, dst) in observances {
        // DTSTART of an observance is the local time in the offset before it.
        let local = at
            .to_zoned(TimeZone::fixed(from_offset))
            .datetime()
            .strftime("%Y%m%dT%H%M%S")
            .to_string();
        let name = TzName::new(escape_text(abbreviation));
        if dst {
            let mut d = Daylight::new(local, offset_text(from_offset), offset_text(to_offset));
            d.push(name);
            daylight.push(d);
        } else {
            let mut s = Standard::new(local, offset_text(from_offset), offset_text(to_offset));
            s.push(name);
            standard.push(s);
        }
    }
    let mut vtz = match (standard.is_empty(), daylight.is_empty()) {
        (false, _) => {
            let mut standard = standard.into_iter();
            let mut vtz = VTimeZone::standard(name.to_string(), standard.next().expect("one"));
            standard.for_each(|s| vtz.add_standard(s));
            vtz
        }
        _ => {
            let mut daylight_iter = std::mem::take(&mut daylight).into_iter();
            let mut vtz = VTimeZone::daylight(name.to_string(), daylight_iter.next().expect("one"));
            daylight_iter.for_each(|d| vtz.add_daylight(d));
            vtz
        }
    };
    daylight.into_iter().for_each(|d| vtz.add_daylight(d));
    vtz.push(ics::components::Property::new(
        "X-LIC-LOCATION",
        name.to_string(),
    ));
    vtz
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry<'a>(zone_name: &'a str, zone: &'a TimeZone, start: &str, end: &str) -> Entry<'a> {
        Entry {
            uid: "session-1@circula".into(),
            title: "Landfill gas; Almaty, Taraz",
            description: "Line one\nLine two",
            starts_at: start.parse::<Timestamp>().unwrap().as_millisecond(),
            ends_at: end.parse::<Timestamp>().unwrap().as_millisecond(),
            updated_at: 1_700_000_000_000,
            zone_name,
            zone,
            join_url: "https://meet.example.org/eco-week",
            page_url: "https://circula.example/sessions/1".into(),
            tentative: false,
            cancelled: false,
            sequence: None,
        }
    }

    #[test]
    fn berlin_across_the_march_change_has_both_observances() {
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        let text = write(
            "ECO",
            &[
                entry(
                    "Europe/Berlin",
                    &berlin,
                    "2023-03-25T09:00:00Z",
                    "2023-03-25T10:00:00Z",
                ),
                entry(
                    "Europe/Berlin",
                    &berlin,
                    "2023-03-27T09:00:00Z",
                    "2023-03-27T10:00:00Z",
                ),
            ],
        );
        assert!(
            text.contains("DTSTART;TZID=Europe/Berlin:20230325T100000"),
            "{text}"
        );
        assert!(
            text.contains("DTSTART;TZID=Europe/Berlin:20230327T110000"),
            "{text}"
        );
        assert!(text.contains("BEGIN:DAYLIGHT\r\nDTSTART:20230326T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200"), "{text}");
        assert!(text.contains("TZOFFSETTO:+0100"), "{text}");
        assert!(
            text.contains("SUMMARY:Landfill gas\\; Almaty\\, Taraz"),
            "{text}"
        );
        assert!(text.contains("\r\nEND:VCALENDAR\r\n"));
    }

    #[test]
    fn almaty_2023_is_utc_plus_six() {
        let almaty = TimeZone::get("Asia/Almaty").unwrap();
        let text = write(
            "ECO",
            &[entry(
                "Asia/Almaty",
                &almaty,
                "2023-02-21T04:00:00Z",
                "2023-02-21T05:00:00Z",
            )],
        );
        assert!(
            text.contains("DTSTART;TZID=Asia/Almaty:20230221T100000"),
            "{text}"
        );
        assert!(text.contains("TZOFFSETTO:+0600"), "{text}");
        assert!(!text.contains("BEGIN:DAYLIGHT"), "{text}");
    }
}
