//! Organisers: creating, editing and deleting a session, its speakers and materials.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::tz::TimeZone;

use crate::events::model::{self, SessionKind};
use crate::events::people::{self, Chosen, Picked};
use crate::events::{Schedule, SessionInput, SpeakerInput, access};
use crate::state::AppState;
use crate::web::csrf::CsrfForm;
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::identity::CurrentMember;
use crate::web::layout::Page;
use crate::web::{FormError, render};

use super::*;

#[derive(Template)]
#[template(path = "events/session_form.html")]
struct SessionFormTemplate {
    page: Page,
    event_id: i64,
    event_title: String,
    event_zone: String,
    /// None: a new session.
    id: Option<i64>,
    title: String,
    description: String,
    kinds: Vec<Choice>,
    track: String,
    room: String,
    tracks: Vec<String>,
    rooms: Vec<String>,
    starts_at: String,
    ends_at: String,
    first_day: String,
    last_day: String,
    languages: Vec<Choice>,
    interpretation: Vec<Choice>,
    join_url: String,
    recording_url: String,
    capacity: String,
    /// Member speakers, chosen (ticked) and found (offered), by name.
    speaker_people: Vec<Picked>,
    speaker_find: String,
    /// Guest speakers, one per line: "Name — short bio".
    guests: String,
    materials: String,
    error: Option<FormError>,
}

impl SessionFormTemplate {
    fn error_on(&self, field: &str) -> bool {
        FormError::is_on(&self.error, field)
    }
}

fn language_choices(i18n: I18n, selected: &[String]) -> Vec<Choice> {
    crate::web::text::LANGUAGES
        .iter()
        .map(|c| Choice {
            value: c.to_string(),
            label: crate::web::text::language_name(i18n, c),
            selected: selected.iter().any(|s| s == c),
        })
        .collect()
}

fn session_form_from(
    s: &Schedule,
    fields: &Fields,
    id: Option<i64>,
    page: Page,
    error: Option<FormError>,
) -> SessionFormTemplate {
    let i18n = page.i18n;
    let kind = fields.get("kind").to_string();
    SessionFormTemplate {
        event_id: s.event.id,
        event_title: s.title(i18n.locale).to_string(),
        event_zone: s.event.timezone.clone(),
        id,
        title: fields.get("title").to_string(),
        description: fields.get("description").to_string(),
        kinds: SessionKind::ALL
            .iter()
            .map(|k| Choice {
                value: k.as_str().into(),
                label: k.label(i18n),
                selected: k.as_str() == kind,
            })
            .collect(),
        track: fields.get("track").to_string(),
        room: fields.get("room").to_string(),
        tracks: s.tracks.iter().map(|t| t.name.clone()).collect(),
        rooms: s.rooms.iter().map(|t| t.name.clone()).collect(),
        starts_at: fields.get("starts_at").to_string(),
        ends_at: fields.get("ends_at").to_string(),
        first_day: format!("{}T00:00", s.event.starts_on),
        last_day: format!("{}T23:59", s.event.ends_on),
        languages: language_choices(i18n, &fields.all("languages")),
        interpretation: language_choices(i18n, &fields.all("interpretation")),
        join_url: fields.get("join_url").to_string(),
        recording_url: fields.get("recording_url").to_string(),
        capacity: fields.get("capacity").to_string(),
        speaker_people: Vec::new(),
        speaker_find: fields.get("speaker_find").to_string(),
        guests: fields.get("guests").to_string(),
        materials: fields.get("materials").to_string(),
        error,
        page,
    }
}

/// Guest speakers, one per line: "Name — short bio" (or just the name).
fn guests_from(text: &str) -> Vec<SpeakerInput> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (name, bio) = match line.split_once(" — ").or_else(|| line.split_once(" - ")) {
                Some((n, b)) => (n.trim(), b.trim()),
                None => (line, ""),
            };
            SpeakerInput {
                member_id: None,
                name: Some(name.into()),
                bio: Some(bio.into()),
            }
        })
        .collect()
}

/// The member speakers of a posted session form (see [`people`]).
async fn posted_speakers(
    state: &AppState,
    fields: &Fields,
    i18n: I18n,
) -> Result<Chosen, AppError> {
    people::choose(
        state,
        &fields.all("speaker_ids"),
        fields.get("speaker_find"),
        "speakers",
        i18n,
    )
    .await
}

/// Materials, one per line: "Title | https://…".
fn materials_from(text: &str) -> Result<Vec<crate::events::MaterialInput>, AppError> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| match line.rsplit_once('|') {
            Some((title, url)) => Ok(crate::events::MaterialInput {
                title: title.trim().into(),
                url: url.trim().into(),
            }),
            None => Ok(crate::events::MaterialInput {
                title: line.into(),
                url: line.into(),
            }),
        })
        .collect()
}

/// The session as posted: member speakers (chosen by [`people::choose`]) first, then guests.
fn session_input(fields: &Fields, speakers: &Chosen) -> Result<SessionInput, AppError> {
    let mut speaker_list: Vec<SpeakerInput> = speakers
        .ids()
        .into_iter()
        .map(|id| SpeakerInput {
            member_id: Some(id),
            ..SpeakerInput::default()
        })
        .collect();
    speaker_list.extend(guests_from(fields.get("guests")));
    let capacity = match fields.get("capacity").trim() {
        "" => None,
        n => Some(
            n.parse::<i64>()
                .map_err(|_| AppError::invalid("capacity", "capacity_invalid"))?,
        ),
    };
    Ok(SessionInput {
        title: Some(fields.get("title").into()),
        description: Some(fields.get("description").into()),
        kind: Some(
            SessionKind::parse(fields.get("kind"))
                .ok_or_else(|| AppError::invalid("kind", "session_kind_unknown"))?,
        ),
        track: Some(fields.get("track").into()),
        room: Some(fields.get("room").into()),
        starts_at: Some(fields.get("starts_at").into()),
        ends_at: Some(fields.get("ends_at").into()),
        languages: Some(fields.all("languages")),
        interpretation: Some(fields.all("interpretation")),
        join_url: Some(fields.get("join_url").into()),
        recording_url: Some(fields.get("recording_url").into()),
        capacity: Some(capacity),
        speakers: Some(speaker_list),
        materials: Some(materials_from(fields.get("materials"))?),
    })
}

pub async fn new_session_form(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let s = access::organised(&state, &member, id).await?;
    let start = format!("{}T10:00", s.event.starts_on);
    let end = format!("{}T11:00", s.event.starts_on);
    let fields = Fields(vec![
        ("kind".into(), "talk".into()),
        ("starts_at".into(), start),
        ("ends_at".into(), end),
    ]);
    render(
        StatusCode::OK,
        &session_form_from(&s, &fields, None, page, None),
    )
}

pub async fn create_session(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let s = access::organised(&state, &member, id).await?;
    let fields = Fields(form);
    let mut speakers = posted_speakers(&state, &fields, page.i18n).await?;
    let result = match speakers
        .error
        .take()
        .map_or_else(|| session_input(&fields, &speakers), Err)
    {
        Ok(input) => crate::events::add_session(&state, &member, id, input).await,
        Err(err) => Err(err),
    };
    match result {
        Ok(session_id) => Ok(
            Redirect::to(&format!("/sessions/{session_id}?notice=session-saved")).into_response(),
        ),
        Err(err) if matches!(err.status(), StatusCode::FORBIDDEN | StatusCode::NOT_FOUND) => {
            Err(err)
        }
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            let mut template = session_form_from(&s, &fields, None, page, Some(error));
            template.speaker_people = speakers.people;
            render(status, &template)
        }
    }
}

fn local_input(millis: i64, tz: &TimeZone) -> String {
    model::zoned(millis, tz)
        .strftime("%Y-%m-%dT%H:%M")
        .to_string()
}

pub async fn edit_session_form(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let s = access::organised_session(&state, &member, id).await?;
    let x = s.session(id).ok_or_else(AppError::not_found)?;
    let row = &x.row;
    let member_speakers = Chosen::ticked(
        x.speakers
            .iter()
            .filter_map(|sp| Some((sp.member_id?, sp.name.clone()))),
    );
    let guests = x
        .speakers
        .iter()
        .filter(|sp| sp.member_id.is_none())
        .map(|sp| match sp.bio.as_str() {
            "" => sp.name.clone(),
            bio => format!("{} — {bio}", sp.name),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut pairs: Vec<(String, String)> = vec![
        ("title".into(), row.title.clone()),
        ("description".into(), row.description.clone()),
        ("kind".into(), row.kind.clone()),
        (
            "track".into(),
            s.track_name(row.track_id).unwrap_or_default().into(),
        ),
        (
            "room".into(),
            s.room_name(row.room_id).unwrap_or_default().into(),
        ),
        ("starts_at".into(), local_input(row.starts_at, &s.zone)),
        ("ends_at".into(), local_input(row.ends_at, &s.zone)),
        ("join_url".into(), row.join_url.clone()),
        ("recording_url".into(), row.recording_url.clone()),
        (
            "capacity".into(),
            row.capacity.map(|c| c.to_string()).unwrap_or_default(),
        ),
        ("guests".into(), guests),
        (
            "materials".into(),
            x.materials
                .iter()
                .map(|m| format!("{} | {}", m.title, m.url))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    ];
    for c in row.languages.split(',').filter(|c| !c.is_empty()) {
        pairs.push(("languages".into(), c.into()));
    }
    for c in row.interpretation.split(',').filter(|c| !c.is_empty()) {
        pairs.push(("interpretation".into(), c.into()));
    }
    let mut template = session_form_from(&s, &Fields(pairs), Some(id), page, None);
    template.speaker_people = member_speakers.people;
    render(StatusCode::OK, &template)
}

pub async fn edit_session(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    // Rights first: whoever may not edit learns nothing from the people named in the form.
    let s = access::organised_session(&state, &member, id).await?;
    let fields = Fields(form);
    let mut speakers = posted_speakers(&state, &fields, page.i18n).await?;
    let result = match speakers
        .error
        .take()
        .map_or_else(|| session_input(&fields, &speakers), Err)
    {
        Ok(input) => crate::events::update_session(&state, &member, id, input).await,
        Err(err) => Err(err),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/sessions/{id}?notice=session-saved")).into_response()),
        Err(err) if matches!(err.status(), StatusCode::FORBIDDEN | StatusCode::NOT_FOUND) => {
            Err(err)
        }
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            let mut template = session_form_from(&s, &fields, Some(id), page, Some(error));
            template.speaker_people = speakers.people;
            render(status, &template)
        }
    }
}

pub async fn delete_session(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<BackForm>,
) -> Result<Response, AppError> {
    let event_id = crate::events::delete_session(&state, &member, id).await?;
    Ok(Redirect::to(&format!("/events/{event_id}?notice=session-deleted")).into_response())
}
