//! Session input: the form or API body of a session (speakers, materials, seats), parsed
//! and checked against its event without touching the database. Which member speakers are
//! active is looked up by the caller (`events/sessions.rs`) and passed in.

use jiff::Timestamp;

use super::{
    SessionKind, parse_capacity, parse_description, parse_https_url, parse_languages,
    parse_optional_url, parse_title,
};
use crate::events::db::SessionRow;
use crate::events::{Schedule, model};
use crate::web::error::AppError;

#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct SpeakerInput {
    /// A member who speaks …
    pub member_id: Option<i64>,
    /// … or a guest, by name, with a short bio.
    pub name: Option<String>,
    pub bio: Option<String>,
}

#[derive(Clone, Debug, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct MaterialInput {
    pub title: String,
    /// An https link (a library document's page, slides, a report).
    pub url: String,
}

/// `Some(None)` for an explicit `null` (clear), `None` when the field is left out.
fn double_option<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(d).map(Some)
}

/// A session to add, or changes to one (fields left out stay as they are).
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct SessionInput {
    pub title: Option<String>,
    /// Markdown.
    pub description: Option<String>,
    pub kind: Option<SessionKind>,
    /// A track by name (created when new); empty for none.
    pub track: Option<String>,
    /// A room by name (created when new); empty for none.
    pub room: Option<String>,
    /// RFC 3339 with offset, or a local `YYYY-MM-DDTHH:MM` in the event's zone.
    pub starts_at: Option<String>,
    pub ends_at: Option<String>,
    /// Spoken languages (ISO 639-1).
    pub languages: Option<Vec<String>>,
    /// Languages interpreted into.
    pub interpretation: Option<Vec<String>>,
    /// The virtual room: an https link.
    pub join_url: Option<String>,
    /// The recording, afterwards: an https link.
    pub recording_url: Option<String>,
    /// Seats; `null` for unlimited.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub capacity: Option<Option<i64>>,
    pub speakers: Option<Vec<SpeakerInput>>,
    pub materials: Option<Vec<MaterialInput>>,
}

/// A session's speaker, parsed from a [`SpeakerInput`]: a member, or a guest by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedSpeaker {
    /// The member who speaks (an active one); `None` for a guest.
    pub member_id: Option<i64>,
    /// The guest's name; empty for a member, who is shown by their profile's name.
    pub name: String,
    /// A short bio, trimmed; empty when none was given.
    pub bio: String,
}

/// A session's fields after [`parse_session`], ready to store (track and room by name: they
/// are looked up or created when stored).
#[derive(Debug)]
pub struct ParsedSession {
    pub kind: SessionKind,
    pub title: String,
    pub description: String,
    pub description_html: String,
    pub track: String,
    pub room: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub languages: String,
    pub interpretation: String,
    pub join_url: String,
    pub recording_url: String,
    pub capacity: Option<i64>,
    pub speakers: Option<Vec<ParsedSpeaker>>,
    pub materials: Option<Vec<(String, String)>>,
}

/// Parses a session to add (`current` is `None`) or changes to `current`: fields left out keep
/// their value, times are read in the event's zone and must lie within its days. Speakers
/// who are members must be among `active_speakers` (see [`speaker_members`]).
pub fn parse_session(
    schedule: &Schedule,
    current: Option<&SessionRow>,
    input: SessionInput,
    active_speakers: &[i64],
) -> Result<ParsedSession, AppError> {
    let cur = current;
    let title = match (&input.title, cur) {
        (Some(t), _) => parse_title(t, "title", model::TITLE_MAX)?,
        (None, Some(c)) => c.title.clone(),
        (None, None) => return Err(AppError::invalid("title", "field_required")),
    };
    let (description, description_html) = match (&input.description, cur) {
        (Some(d), _) => parse_description(d, "description")?,
        (None, Some(c)) => (c.description.clone(), c.description_html.clone()),
        (None, None) => (String::new(), String::new()),
    };
    let kind = input
        .kind
        .or_else(|| cur.map(|c| SessionKind::from_db(&c.kind)))
        .unwrap_or(SessionKind::Talk);
    let name = |new: &Option<String>, old: Option<&str>, field| -> Result<String, AppError> {
        match new {
            Some(n) if n.trim().is_empty() => Ok(String::new()),
            Some(n) => parse_title(n, field, model::NAME_MAX),
            None => Ok(old.unwrap_or_default().to_string()),
        }
    };
    let track = name(
        &input.track,
        cur.and_then(|c| schedule.track_name(c.track_id)),
        "track",
    )?;
    let room = name(
        &input.room,
        cur.and_then(|c| schedule.room_name(c.room_id)),
        "room",
    )?;
    let instant = |new: &Option<String>, old: Option<i64>, field| -> Result<i64, AppError> {
        match (new, old) {
            (Some(v), _) => Ok(model::parse_instant(v, &schedule.zone, field)?.as_millisecond()),
            (None, Some(old)) => Ok(old),
            (None, None) => Err(AppError::invalid(field, "field_required")),
        }
    };
    let starts_at = instant(&input.starts_at, cur.map(|c| c.starts_at), "starts_at")?;
    let ends_at = instant(&input.ends_at, cur.map(|c| c.ends_at), "ends_at")?;
    let ts = |ms| Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH);
    model::check_session_times(
        ts(starts_at),
        ts(ends_at),
        (ts(schedule.event.starts_at), ts(schedule.event.ends_at)),
    )?;
    let list =
        |new: &Option<Vec<String>>, old: Option<&String>, field| -> Result<String, AppError> {
            match new {
                Some(codes) => Ok(parse_languages(codes, field)?.join(",")),
                None => Ok(old.cloned().unwrap_or_default()),
            }
        };
    let languages = list(&input.languages, cur.map(|c| &c.languages), "languages")?;
    let interpretation = list(
        &input.interpretation,
        cur.map(|c| &c.interpretation),
        "interpretation",
    )?;
    let url = |new: &Option<String>, old: Option<&String>, field| -> Result<String, AppError> {
        match new {
            Some(v) => parse_optional_url(v, field),
            None => Ok(old.cloned().unwrap_or_default()),
        }
    };
    let join_url = url(&input.join_url, cur.map(|c| &c.join_url), "join_url")?;
    let recording_url = url(
        &input.recording_url,
        cur.map(|c| &c.recording_url),
        "recording_url",
    )?;
    let capacity = match input.capacity {
        Some(value) => parse_capacity(value)?,
        None => cur.and_then(|c| c.capacity),
    };
    let speakers = match input.speakers {
        Some(list) => Some(parse_speakers(&list, active_speakers)?),
        None => None,
    };
    let materials = match input.materials {
        Some(list) => {
            if list.len() > model::MATERIALS_MAX {
                return Err(AppError::invalid("materials", "too_many_items"));
            }
            let mut out = Vec::new();
            for m in list {
                out.push((
                    parse_title(&m.title, "materials", model::TITLE_MAX)?,
                    parse_https_url(&m.url, "materials")?,
                ));
            }
            Some(out)
        }
        None => None,
    };
    Ok(ParsedSession {
        kind,
        title,
        description,
        description_html,
        track,
        room,
        starts_at,
        ends_at,
        languages,
        interpretation,
        join_url,
        recording_url,
        capacity,
        speakers,
        materials,
    })
}

/// The members named as speakers, to look up (which of them are active) before
/// [`parse_speakers`].
pub fn speaker_members(list: &[SpeakerInput]) -> Vec<i64> {
    list.iter().filter_map(|s| s.member_id).collect()
}

/// Parses speakers: at most [`model::SPEAKERS_MAX`], each a member among `active` or a guest by
/// name, with an optional bio of at most 1,000 characters.
pub fn parse_speakers(
    list: &[SpeakerInput],
    active: &[i64],
) -> Result<Vec<ParsedSpeaker>, AppError> {
    if list.len() > model::SPEAKERS_MAX {
        return Err(AppError::invalid("speakers", "too_many_items"));
    }
    let mut out = Vec::new();
    for speaker in list {
        let bio = match &speaker.bio {
            Some(b) if !b.trim().is_empty() => {
                let b = b.trim();
                if b.chars().count() > 1_000 {
                    return Err(AppError::invalid("speakers", "text_too_long"));
                }
                b.to_string()
            }
            _ => String::new(),
        };
        match (speaker.member_id, &speaker.name) {
            (Some(id), _) => {
                if !active.contains(&id) {
                    return Err(AppError::invalid("speakers", "member_unknown"));
                }
                out.push(ParsedSpeaker {
                    member_id: Some(id),
                    name: String::new(),
                    bio,
                });
            }
            (None, Some(name)) => {
                out.push(ParsedSpeaker {
                    member_id: None,
                    name: parse_title(name, "speakers", model::NAME_MAX)?,
                    bio,
                });
            }
            (None, None) => return Err(AppError::invalid("speakers", "field_required")),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::db::EventRow;

    /// An event in Almaty from 21 to 22 February 2023 (UTC+6), with no sessions yet.
    fn schedule() -> Schedule {
        let zone = crate::web::i18n::zone("Asia/Almaty");
        let (start, end) = model::day_span(
            "2023-02-21".parse().unwrap(),
            "2023-02-22".parse().unwrap(),
            &zone,
        )
        .unwrap();
        Schedule {
            event: EventRow {
                id: 1,
                timezone: "Asia/Almaty".into(),
                starts_on: "2023-02-21".into(),
                ends_on: "2023-02-22".into(),
                starts_at: start.as_millisecond(),
                ends_at: end.as_millisecond(),
                visibility: "public".into(),
                registration: "open".into(),
                default_locale: "en".into(),
                cover: None,
                created_by: None,
                created_at: 0,
                updated_at: 0,
            },
            zone,
            texts: Vec::new(),
            organisers: Vec::new(),
            tracks: Vec::new(),
            rooms: Vec::new(),
            sessions: Vec::new(),
            questions: Vec::new(),
        }
    }

    fn input() -> SessionInput {
        SessionInput {
            title: Some("  Opening   talk ".into()),
            starts_at: Some("2023-02-21T10:00".into()),
            ends_at: Some("2023-02-21T11:00".into()),
            ..SessionInput::default()
        }
    }

    fn guest(name: &str) -> SpeakerInput {
        SpeakerInput {
            name: Some(name.into()),
            ..SpeakerInput::default()
        }
    }

    #[test]
    fn a_new_session_is_read_in_the_event_zone() {
        let parsed = parse_session(&schedule(), None, input(), &[]).unwrap();
        assert_eq!(parsed.title, "Opening talk");
        assert_eq!(parsed.kind, SessionKind::Talk);
        assert_eq!(
            Timestamp::from_millisecond(parsed.starts_at)
                .unwrap()
                .to_string(),
            "2023-02-21T04:00:00Z"
        );
        assert_eq!(parsed.capacity, None);
        assert!(parsed.speakers.is_none() && parsed.materials.is_none());
        assert!(parsed.track.is_empty() && parsed.room.is_empty());
    }

    #[test]
    fn a_new_session_needs_a_title_and_times_within_the_event() {
        let no_title = SessionInput {
            title: None,
            ..input()
        };
        let err = parse_session(&schedule(), None, no_title, &[]).unwrap_err();
        assert_eq!((err.field(), err.code()), (Some("title"), "field_required"));
        let no_end = SessionInput {
            ends_at: None,
            ..input()
        };
        let err = parse_session(&schedule(), None, no_end, &[]).unwrap_err();
        assert_eq!(
            (err.field(), err.code()),
            (Some("ends_at"), "field_required")
        );
        let outside = SessionInput {
            starts_at: Some("2023-02-23T10:00".into()),
            ends_at: Some("2023-02-23T11:00".into()),
            ..input()
        };
        let err = parse_session(&schedule(), None, outside, &[]).unwrap_err();
        assert_eq!(err.code(), "session_outside_event");
    }

    #[test]
    fn links_must_be_https() {
        let bad = SessionInput {
            join_url: Some("javascript:alert(1)".into()),
            ..input()
        };
        let err = parse_session(&schedule(), None, bad, &[]).unwrap_err();
        assert_eq!(err.field(), Some("join_url"));
        let none = SessionInput {
            join_url: Some(String::new()),
            ..input()
        };
        assert_eq!(
            parse_session(&schedule(), None, none, &[])
                .unwrap()
                .join_url,
            ""
        );
    }

    #[test]
    fn materials_are_titled_https_links() {
        let with = SessionInput {
            materials: Some(vec![MaterialInput {
                title: "Slides".into(),
                url: "https://example.org/slides.pdf".into(),
            }]),
            ..input()
        };
        let parsed = parse_session(&schedule(), None, with, &[]).unwrap();
        assert_eq!(
            parsed.materials,
            Some(vec![(
                "Slides".to_string(),
                "https://example.org/slides.pdf".to_string()
            )])
        );
        let too_many = SessionInput {
            materials: Some(vec![
                MaterialInput {
                    title: "x".into(),
                    url: "https://example.org".into(),
                };
                model::MATERIALS_MAX + 1
            ]),
            ..input()
        };
        let err = parse_session(&schedule(), None, too_many, &[]).unwrap_err();
        assert_eq!(err.code(), "too_many_items");
    }

    #[test]
    fn speakers_are_active_members_or_named_guests() {
        let list = vec![
            SpeakerInput {
                member_id: Some(7),
                bio: Some("  Engineer ".into()),
                ..SpeakerInput::default()
            },
            guest(" Ana  Guest "),
        ];
        assert_eq!(speaker_members(&list), vec![7]);
        assert_eq!(
            parse_speakers(&list, &[7]).unwrap(),
            vec![
                ParsedSpeaker {
                    member_id: Some(7),
                    name: String::new(),
                    bio: "Engineer".into(),
                },
                ParsedSpeaker {
                    member_id: None,
                    name: "Ana Guest".into(),
                    bio: String::new(),
                },
            ]
        );
        let unknown = parse_speakers(&list, &[]).unwrap_err();
        assert_eq!(unknown.code(), "member_unknown");
        let nobody = parse_speakers(&[SpeakerInput::default()], &[]).unwrap_err();
        assert_eq!(nobody.code(), "field_required");
        let long_bio = SpeakerInput {
            bio: Some("x".repeat(1_001)),
            ..guest("Ana")
        };
        assert_eq!(
            parse_speakers(&[long_bio], &[]).unwrap_err().code(),
            "text_too_long"
        );
        let many = vec![guest("Ana"); model::SPEAKERS_MAX + 1];
        assert_eq!(
            parse_speakers(&many, &[]).unwrap_err().code(),
            "too_many_items"
        );
    }

    #[test]
    fn a_change_keeps_what_it_leaves_out() {
        let schedule = schedule();
        let first = parse_session(&schedule, None, input(), &[]).unwrap();
        let current = SessionRow {
            id: 5,
            event_id: 1,
            track_id: None,
            room_id: None,
            kind: "workshop".into(),
            title: first.title.clone(),
            description: "Old".into(),
            description_html: "<p>Old</p>".into(),
            starts_at: first.starts_at,
            ends_at: first.ends_at,
            languages: "en,ru".into(),
            interpretation: String::new(),
            join_url: "https://example.org/room".into(),
            recording_url: String::new(),
            capacity: Some(30),
            updated_at: 0,
            registered: 0,
            waiting: 0,
        };
        let change = SessionInput {
            title: Some("Renamed".into()),
            capacity: Some(None),
            ..SessionInput::default()
        };
        let parsed = parse_session(&schedule, Some(&current), change, &[]).unwrap();
        assert_eq!(parsed.title, "Renamed");
        assert_eq!(parsed.kind, SessionKind::Workshop);
        assert_eq!(parsed.description, "Old");
        assert_eq!(parsed.languages, "en,ru");
        assert_eq!(parsed.join_url, "https://example.org/room");
        assert_eq!(
            (parsed.starts_at, parsed.ends_at),
            (first.starts_at, first.ends_at)
        );
        assert_eq!(
            parsed.capacity, None,
            "an explicit null clears the capacity"
        );
    }
}
