//! HTML pages of events: the list, the schedule, sessions, registration, "My agenda", and
//! the organisers' forms, participant list and messages.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use serde::Deserialize;

use super::model::{self, EventVisibility, QuestionKind, SeatStatus, SessionKind, Timing};
use super::people::{self, Chosen, Picked};
use super::{
    EventInput, QuestionInput, Schedule, SessionFull, SessionInput, SpeakerInput, TextInput,
    access, db,
};
use crate::accounts::CurrentMember;
use crate::app::AppState;
use crate::store::now_ms;
use crate::web::csrf::{CsrfForm, CsrfToken};
use crate::web::error::AppError;
use crate::web::i18n::{I18n, Locale};
use crate::web::layout::Page;
use crate::web::{FormError, render};

/// The browser's zone, as `static/events.js` stores it.
pub const TZ_COOKIE: &str = "tz";

/// A choice in a select list.
pub struct Choice {
    value: String,
    label: String,
    selected: bool,
}

fn time_range(start: &Zoned, end: &Zoned, i18n: I18n) -> String {
    format!("{}–{}", i18n.time(start.time()), i18n.time(end.time()))
}

/// A date range: "21–24 February 2023", or one date.
fn date_range(i18n: I18n, first: &str, last: &str) -> String {
    match (
        first.parse::<jiff::civil::Date>(),
        last.parse::<jiff::civil::Date>(),
    ) {
        (Ok(a), Ok(b)) if a == b => i18n.date(a),
        (Ok(a), Ok(b)) => format!("{} – {}", i18n.date(a), i18n.date(b)),
        _ => String::new(),
    }
}

// ─── List ───────────────────────────────────────────────────────────────────────────────

pub struct EventItem {
    id: i64,
    title: String,
    dates: String,
    timezone: String,
    members_only: bool,
    running: bool,
}

#[derive(Template)]
#[template(path = "events/list.html")]
struct ListTemplate {
    page: Page,
    upcoming: Vec<EventItem>,
    past: Vec<EventItem>,
    may_create: bool,
}

pub async fn list(State(state): State<AppState>, page: Page) -> Result<Response, AppError> {
    let now = now_ms();
    let mut lists = Vec::new();
    for past in [false, true] {
        let events = super::listed(&state, page.viewer.is_some(), past, page.i18n.locale).await?;
        lists.push(
            events
                .into_iter()
                .map(|(r, title)| EventItem {
                    id: r.id,
                    title,
                    dates: date_range(page.i18n, &r.starts_on, &r.ends_on),
                    members_only: r.visibility == "members",
                    running: r.starts_at <= now && now < r.ends_at,
                    timezone: r.timezone,
                })
                .collect::<Vec<_>>(),
        );
    }
    let past = lists.pop().unwrap_or_default();
    let upcoming = lists.pop().unwrap_or_default();
    let may_create = page
        .viewer
        .as_ref()
        .is_some_and(|v| access::may_create(v).is_ok());
    render(
        StatusCode::OK,
        &ListTemplate {
            page,
            upcoming,
            past,
            may_create,
        },
    )
}

// ─── Schedule ───────────────────────────────────────────────────────────────────────────

/// The words of a session card, looked up once per page rather than once per card.
pub struct Labels {
    i18n: I18n,
    live: String,
    next: String,
    language: String,
    interpretation: String,
    join: String,
    recording: String,
    have_seat: String,
    wait: String,
    join_waiting_list: String,
    register: String,
    add_to_calendar: String,
    /// "{time} your time", split around the time.
    your_time: (String, String),
    kinds: HashMap<&'static str, String>,
    languages: HashMap<String, String>,
}

impl Labels {
    fn new(i18n: I18n) -> Labels {
        const MARK: &str = "\u{1}";
        let your_time = i18n.t_args("schedule-your-time", &[("time", MARK)]);
        let (before, after) = your_time.split_once(MARK).unwrap_or((&your_time, ""));
        Labels {
            i18n,
            live: i18n.t("session-live"),
            next: i18n.t("session-next"),
            language: i18n.t("session-language"),
            interpretation: i18n.t("session-interpretation"),
            join: i18n.t("session-join"),
            recording: i18n.t("session-recording"),
            have_seat: i18n.t("session-you-have-seat"),
            wait: i18n.t("session-you-wait"),
            join_waiting_list: i18n.t("session-join-waiting-list"),
            register: i18n.t("session-register"),
            add_to_calendar: i18n.t("session-add-to-calendar"),
            your_time: (before.to_string(), after.to_string()),
            kinds: SessionKind::ALL
                .iter()
                .map(|k| (k.as_str(), k.label(i18n)))
                .collect(),
            languages: HashMap::new(),
        }
    }

    fn your_time(&self, time: &str) -> String {
        format!("{}{time}{}", self.your_time.0, self.your_time.1)
    }

    fn kind(&self, kind: &str) -> String {
        self.kinds.get(kind).cloned().unwrap_or_default()
    }

    /// Language names of a stored list of codes, e.g. "Russian, German".
    fn language_names(&mut self, codes: &str) -> String {
        let mut names = Vec::new();
        for code in codes.split(',').filter(|c| !c.is_empty()) {
            let i18n = self.i18n;
            let name = self
                .languages
                .entry(code.to_string())
                .or_insert_with(|| crate::web::text::language_name(i18n, code));
            names.push(name.clone());
        }
        names.join(", ")
    }
}

pub struct SessionCard {
    id: i64,
    title: String,
    kind: String,
    track: Option<String>,
    room: Option<String>,
    /// "10:00–11:00" in the event's zone.
    event_time: String,
    /// The same in the viewer's zone ("13:00–14:00 your time"), with a day note when the date
    /// differs.
    viewer_time: String,
    viewer_day: Option<String>,
    start_iso: String,
    live: bool,
    next: bool,
    past: bool,
    languages: String,
    interpretation: String,
    speakers: String,
    join_url: Option<String>,
    join_prominent: bool,
    recording_url: Option<String>,
    seats: Option<String>,
    full: bool,
    my_status: Option<SeatStatus>,
    can_register: bool,
}

pub struct DayTab {
    date: String,
    label: String,
    current: bool,
    count: usize,
}

#[derive(Template)]
#[template(path = "events/schedule.html")]
struct ScheduleTemplate {
    page: Page,
    id: i64,
    title: String,
    description_html: String,
    cover_url: Option<String>,
    dates: String,
    event_zone: String,
    viewer_zone: String,
    zone_source: &'static str,
    same_zone: bool,
    zone_note: String,
    organisers: Vec<(i64, String)>,
    members_only: bool,
    days: Vec<DayTab>,
    day: String,
    cards: Vec<SessionCard>,
    labels: Labels,
    tracks: Vec<Choice>,
    kinds: Vec<Choice>,
    languages: Vec<Choice>,
    filtered: bool,
    tz_param: String,
    registered: bool,
    registration_open: bool,
    organiser: bool,
    has_questions: bool,
    /// The event's chat channel, for participants and organisers.
    chat_channel: Option<i64>,
    /// Documents in the event's library folder that the viewer may see.
    materials: Vec<crate::library::DocumentSummary>,
}

#[derive(Deserialize, Default)]
pub struct ScheduleQuery {
    day: Option<String>,
    tz: Option<String>,
    track: Option<String>,
    kind: Option<String>,
    lang: Option<String>,
}

/// The viewer's zone for a page, and where it came from.
fn page_zone(
    query_tz: Option<&str>,
    jar: &CookieJar,
    viewer: Option<&CurrentMember>,
    event_zone: &str,
) -> (String, TimeZone, &'static str) {
    let explicit = query_tz.filter(|z| model::parse_zone(z).is_ok());
    let browser = jar.get(TZ_COOKIE).map(|c| c.value().to_string());
    let browser = browser.filter(|z| model::parse_zone(z).is_ok());
    let source = if explicit.is_some() {
        "explicit"
    } else if browser.is_some() {
        "browser"
    } else {
        "default"
    };
    let (name, tz) = super::viewer_zone(explicit, browser.as_deref(), viewer, event_zone);
    (name, tz, source)
}

#[allow(clippy::too_many_arguments)]
fn card(
    s: &Schedule,
    x: &SessionFull,
    labels: &mut Labels,
    viewer_zone: &TimeZone,
    signed_in: bool,
    now: Timestamp,
    next_start: Option<i64>,
    my_status: Option<SeatStatus>,
) -> SessionCard {
    let row = &x.row;
    let i18n = labels.i18n;
    let (es, ee) = (
        model::zoned(row.starts_at, &s.zone),
        model::zoned(row.ends_at, &s.zone),
    );
    let (vs, ve) = (
        model::zoned(row.starts_at, viewer_zone),
        model::zoned(row.ends_at, viewer_zone),
    );
    let ts = |ms| Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH);
    let timing = model::timing(ts(row.starts_at), ts(row.ends_at), now);
    let viewer_day = (vs.date() != es.date()).then(|| i18n.date(vs.date()));
    let seats = row.capacity.map(|cap| {
        if row.registered >= cap {
            i18n.t_args(
                "session-full-waiting",
                &[("waiting", &row.waiting.to_string())],
            )
        } else {
            i18n.t_args(
                "session-seats-left",
                &[
                    ("left", &(cap - row.registered).to_string()),
                    ("capacity", &cap.to_string()),
                ],
            )
        }
    });
    SessionCard {
        id: row.id,
        title: row.title.clone(),
        kind: labels.kind(&row.kind),
        track: s.track_name(row.track_id).map(str::to_string),
        room: s.room_name(row.room_id).map(str::to_string),
        event_time: time_range(&es, &ee, i18n),
        viewer_time: labels.your_time(&time_range(&vs, &ve, i18n)),
        viewer_day,
        start_iso: ts(row.starts_at).to_string(),
        live: timing == Timing::Live,
        next: next_start == Some(row.starts_at),
        past: timing == Timing::Past,
        languages: labels.language_names(&row.languages),
        interpretation: labels.language_names(&row.interpretation),
        speakers: x
            .speakers
            .iter()
            .map(|sp| sp.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        join_url: (signed_in && !row.join_url.is_empty() && timing != Timing::Past)
            .then(|| row.join_url.clone()),
        join_prominent: matches!(timing, Timing::Live | Timing::Soon),
        recording_url: (!row.recording_url.is_empty()).then(|| row.recording_url.clone()),
        full: row.capacity.is_some_and(|c| row.registered >= c),
        seats,
        my_status,
        can_register: signed_in && timing != Timing::Past && my_status.is_none(),
    }
}

pub async fn schedule(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    Path(id): Path<i64>,
    Query(query): Query<ScheduleQuery>,
) -> Result<Response, AppError> {
    let s = super::visible(&state, page.viewer.as_ref(), id).await?;
    let i18n = page.i18n;
    let (viewer_zone, tz, zone_source) = page_zone(
        query.tz.as_deref(),
        &jar,
        page.viewer.as_ref(),
        &s.event.timezone,
    );
    let now = Timestamp::now();
    let days = s.days();
    let today = now.to_zoned(s.zone.clone()).date();
    let day = query
        .day
        .as_deref()
        .and_then(|d| d.parse::<jiff::civil::Date>().ok())
        .filter(|d| days.contains(d))
        .or_else(|| days.iter().copied().find(|d| *d == today))
        .or_else(|| days.first().copied());
    let day_label = |d: jiff::civil::Date| {
        let weekday = i18n.t(&format!("weekday-{}", d.weekday().to_monday_one_offset()));
        format!("{weekday}, {}", i18n.date(d))
    };
    let tabs = days
        .iter()
        .map(|d| DayTab {
            date: d.to_string(),
            label: day_label(*d),
            current: Some(*d) == day,
            count: s.sessions.iter().filter(|x| x.day == *d).count(),
        })
        .collect();
    let (mine, registered) = match &page.viewer {
        Some(m) => (
            db::my_seats(&state.db, id, m.id)
                .await?
                .into_iter()
                .map(|(sid, st)| (sid, SeatStatus::from_db(&st)))
                .collect::<HashMap<_, _>>(),
            db::is_registered(&state.db, id, m.id).await?,
        ),
        None => (HashMap::new(), false),
    };
    let now_ms = now.as_millisecond();
    let next_start = s
        .sessions
        .iter()
        .map(|x| x.row.starts_at)
        .filter(|t| *t > now_ms)
        .min();
    let pick = |v: &Option<String>| v.as_deref().filter(|v| !v.is_empty()).map(str::to_string);
    let (track, kind, lang) = (pick(&query.track), pick(&query.kind), pick(&query.lang));
    let mut labels = Labels::new(i18n);
    let cards = s
        .sessions
        .iter()
        .filter(|x| Some(x.day) == day)
        .filter(|x| {
            track
                .as_deref()
                .is_none_or(|t| s.track_name(x.row.track_id) == Some(t))
        })
        .filter(|x| kind.as_deref().is_none_or(|k| x.row.kind == k))
        .filter(|x| {
            lang.as_deref().is_none_or(|l| {
                x.row.languages.split(',').any(|c| c == l)
                    || x.row.interpretation.split(',').any(|c| c == l)
            })
        })
        .map(|x| {
            card(
                &s,
                x,
                &mut labels,
                &tz,
                page.viewer.is_some(),
                now,
                next_start,
                mine.get(&x.row.id).copied(),
            )
        })
        .collect();
    let reference = day
        .and_then(|d| d.to_zoned(s.zone.clone()).ok())
        .map_or(now, |z| {
            z.timestamp() + jiff::SignedDuration::from_hours(12)
        });
    let minutes = model::offset_difference_minutes(reference, &s.zone, &tz);
    let zone_note = i18n.t_args(
        "schedule-zone-note",
        &[
            ("viewer", viewer_zone.as_str()),
            ("event", s.event.timezone.as_str()),
            ("difference", &model::describe_difference(i18n, minutes)),
        ],
    );
    let mut languages: Vec<String> = Vec::new();
    for x in &s.sessions {
        for c in x
            .row
            .languages
            .split(',')
            .chain(x.row.interpretation.split(','))
        {
            if !c.is_empty() && !languages.iter().any(|l| l == c) {
                languages.push(c.to_string());
            }
        }
    }
    let choice = |value: String, label: String, selected: &Option<String>| Choice {
        selected: selected.as_deref() == Some(value.as_str()),
        value,
        label,
    };
    let organiser = page.viewer.as_ref().is_some_and(|m| s.is_organiser(m));
    let chat_channel = if registered || organiser {
        Some(super::event_channel(&state, &s).await?)
    } else {
        None
    };
    let materials =
        crate::library::collection(&state, page.viewer.as_ref(), &super::chat_context(id)).await?;
    let template = ScheduleTemplate {
        id,
        title: s.title(i18n.locale).to_string(),
        description_html: s.description_html(i18n.locale).to_string(),
        cover_url: s.event.cover.as_deref().map(super::cover_url),
        dates: date_range(i18n, &s.event.starts_on, &s.event.ends_on),
        event_zone: s.event.timezone.clone(),
        same_zone: minutes == 0 && viewer_zone == s.event.timezone,
        viewer_zone,
        zone_source,
        zone_note,
        organisers: s
            .organisers
            .iter()
            .map(|o| (o.id, o.name.clone()))
            .collect(),
        members_only: s.visibility() == EventVisibility::Members,
        days: tabs,
        day: day.map(|d| d.to_string()).unwrap_or_default(),
        cards,
        labels,
        tracks: s
            .tracks
            .iter()
            .map(|t| choice(t.name.clone(), t.name.clone(), &track))
            .collect(),
        kinds: SessionKind::ALL
            .iter()
            .map(|k| choice(k.as_str().to_string(), k.label(i18n), &kind))
            .collect(),
        languages: languages
            .into_iter()
            .map(|c| {
                let label = crate::web::text::language_name(i18n, &c);
                choice(c, label, &lang)
            })
            .collect(),
        filtered: track.is_some() || kind.is_some() || lang.is_some(),
        tz_param: query.tz.clone().unwrap_or_default(),
        registered,
        registration_open: s.registration_open(),
        organiser,
        has_questions: !s.questions.is_empty(),
        chat_channel,
        materials,
        page,
    };
    render(StatusCode::OK, &template)
}

// ─── One session ────────────────────────────────────────────────────────────────────────

#[derive(Template)]
#[template(path = "events/session.html")]
struct SessionTemplate {
    page: Page,
    event_id: i64,
    event_title: String,
    c: SessionCard,
    date: String,
    event_zone: String,
    viewer_zone: String,
    same_zone: bool,
    description_html: String,
    speakers: Vec<(Option<i64>, String, String)>,
    materials: Vec<(String, String)>,
    organiser: bool,
    waiting_position: Option<i64>,
    labels: Labels,
}

pub async fn session(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    Path(id): Path<i64>,
    Query(query): Query<ScheduleQuery>,
) -> Result<Response, AppError> {
    let s = super::session_event(&state, page.viewer.as_ref(), id).await?;
    let x = s.session(id).ok_or_else(AppError::not_found)?;
    let (viewer_zone, tz, _) = page_zone(
        query.tz.as_deref(),
        &jar,
        page.viewer.as_ref(),
        &s.event.timezone,
    );
    let (status, waiting_position) = match &page.viewer {
        Some(m) => {
            let row: Option<(String, i64)> = sqlx::query_as(
                "SELECT r.status, (SELECT COUNT(*) FROM session_registrations w
                     WHERE w.session_id = r.session_id AND w.status = 'waiting' AND w.id <= r.id)
                 FROM session_registrations r WHERE r.session_id = $1 AND r.member_id = $2",
            )
            .bind(id)
            .bind(m.id)
            .fetch_optional(&state.db.pool)
            .await?;
            match row {
                Some((st, pos)) => {
                    let st = SeatStatus::from_db(&st);
                    (Some(st), (st == SeatStatus::Waiting).then_some(pos))
                }
                None => (None, None),
            }
        }
        None => (None, None),
    };
    let now = Timestamp::now();
    let mut labels = Labels::new(page.i18n);
    let card = card(
        &s,
        x,
        &mut labels,
        &tz,
        page.viewer.is_some(),
        now,
        None,
        status,
    );
    let template = SessionTemplate {
        event_id: s.event.id,
        event_title: s.title(page.i18n.locale).to_string(),
        date: page.i18n.date(x.day),
        event_zone: s.event.timezone.clone(),
        same_zone: viewer_zone == s.event.timezone,
        viewer_zone,
        description_html: x.row.description_html.clone(),
        speakers: x
            .speakers
            .iter()
            .map(|sp| (sp.member_id, sp.name.clone(), sp.bio.clone()))
            .collect(),
        materials: x
            .materials
            .iter()
            .map(|m| (m.title.clone(), m.url.clone()))
            .collect(),
        organiser: page.viewer.as_ref().is_some_and(|m| s.is_organiser(m)),
        waiting_position,
        c: card,
        labels,
        page,
    };
    render(StatusCode::OK, &template)
}

#[derive(Deserialize)]
pub struct BackForm {
    /// Where to return: a local path.
    next: Option<String>,
}

fn back(next: Option<&str>, fallback: String, notice: &str) -> Response {
    let path = next
        .and_then(crate::web::redirect::LocalPath::parse)
        .map_or(fallback, crate::web::redirect::LocalPath::into_string);
    let sep = if path.contains('?') { '&' } else { '?' };
    let (path, fragment) = match path.split_once('#') {
        Some((p, f)) => (p.to_string(), format!("#{f}")),
        None => (path, String::new()),
    };
    Redirect::to(&format!("{path}{sep}notice={notice}{fragment}")).into_response()
}

pub async fn take_seat(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<BackForm>,
) -> Result<Response, AppError> {
    match super::take_seat(&state, &member, id).await {
        Ok(seat) => {
            let notice = match seat.status {
                SeatStatus::Registered => "seat-taken",
                SeatStatus::Waiting => "seat-waiting",
            };
            Ok(back(
                form.next.as_deref(),
                format!("/sessions/{id}"),
                notice,
            ))
        }
        Err(err) if err.code() == "event_registration_required" => {
            let event_id = super::session_event(&state, Some(&member), id)
                .await?
                .event
                .id;
            Ok(Redirect::to(&format!("/events/{event_id}/register?session={id}")).into_response())
        }
        Err(err) => Err(err),
    }
}

pub async fn leave_seat(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<BackForm>,
) -> Result<Response, AppError> {
    super::leave_seat(&state, &member, id).await?;
    Ok(back(
        form.next.as_deref(),
        format!("/sessions/{id}"),
        "seat-released",
    ))
}

// ─── Registration ───────────────────────────────────────────────────────────────────────

pub struct QuestionField {
    id: i64,
    label: String,
    choice: bool,
    options: Vec<Choice>,
    required: bool,
    answer: String,
}

#[derive(Template)]
#[template(path = "events/register.html")]
struct RegisterTemplate {
    page: Page,
    id: i64,
    title: String,
    questions: Vec<QuestionField>,
    registered: bool,
    session: Option<i64>,
    error: Option<FormError>,
}

impl RegisterTemplate {
    fn error_on(&self, field: &str) -> bool {
        FormError::is_on(&self.error, field)
    }
}

#[derive(Deserialize, Default)]
pub struct RegisterQuery {
    session: Option<i64>,
}

fn question_fields(s: &Schedule, answers: &HashMap<i64, String>) -> Vec<QuestionField> {
    s.questions
        .iter()
        .map(|q| {
            let answer = answers.get(&q.id).cloned().unwrap_or_default();
            QuestionField {
                id: q.id,
                label: q.label.clone(),
                choice: QuestionKind::from_db(&q.kind) == QuestionKind::Choice,
                options: q
                    .options
                    .lines()
                    .filter(|o| !o.is_empty())
                    .map(|o| Choice {
                        value: o.to_string(),
                        label: o.to_string(),
                        selected: o == answer,
                    })
                    .collect(),
                required: q.required != 0,
                answer,
            }
        })
        .collect()
}

pub async fn register_form(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
    Query(query): Query<RegisterQuery>,
) -> Result<Response, AppError> {
    let s = super::visible(&state, Some(&member), id).await?;
    let answers: HashMap<i64, String> = db::answers(&state.db, id)
        .await?
        .into_iter()
        .filter(|a| a.0 == member.id)
        .map(|a| (a.1, a.2))
        .collect();
    let template = RegisterTemplate {
        id,
        title: s.title(page.i18n.locale).to_string(),
        questions: question_fields(&s, &answers),
        registered: db::is_registered(&state.db, id, member.id).await?,
        session: query.session,
        error: None,
        page,
    };
    render(StatusCode::OK, &template)
}

pub async fn register(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let answers: HashMap<i64, String> = form
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("q")
                .and_then(|n| n.parse().ok())
                .map(|n| (n, v.clone()))
        })
        .collect();
    let session: Option<i64> = form
        .iter()
        .find(|(k, _)| k == "session")
        .and_then(|(_, v)| v.parse().ok());
    match super::register(&state, &member, id, &answers).await {
        Ok(_) => match session {
            Some(session_id) => {
                super::take_seat(&state, &member, session_id).await?;
                Ok(
                    Redirect::to(&format!("/sessions/{session_id}?notice=seat-taken"))
                        .into_response(),
                )
            }
            None => {
                Ok(Redirect::to(&format!("/events/{id}?notice=event-registered")).into_response())
            }
        },
        Err(err)
            if matches!(
                err.status(),
                StatusCode::FORBIDDEN | StatusCode::NOT_FOUND | StatusCode::UNAUTHORIZED
            ) =>
        {
            Err(err)
        }
        Err(err) => {
            let s = super::visible(&state, Some(&member), id).await?;
            let (error, status) = FormError::from_error(err, page.i18n)?;
            let template = RegisterTemplate {
                id,
                title: s.title(page.i18n.locale).to_string(),
                questions: question_fields(&s, &answers),
                registered: db::is_registered(&state.db, id, member.id).await?,
                session,
                error: Some(error),
                page,
            };
            render(status, &template)
        }
    }
}

pub async fn unregister(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<BackForm>,
) -> Result<Response, AppError> {
    super::unregister(&state, &member, id).await?;
    Ok(Redirect::to(&format!("/events/{id}?notice=event-unregistered")).into_response())
}

// ─── My agenda ──────────────────────────────────────────────────────────────────────────

pub struct AgendaEntry {
    session_id: i64,
    event_id: i64,
    event_title: String,
    title: String,
    day: String,
    viewer_time: String,
    event_time: String,
    event_zone: String,
    waiting: bool,
    overlaps: Vec<String>,
    join_url: Option<String>,
    join_prominent: bool,
}

#[derive(Template)]
#[template(path = "events/agenda.html")]
struct AgendaTemplate {
    page: Page,
    entries: Vec<AgendaEntry>,
    viewer_zone: String,
    feed_url: Option<String>,
}

pub async fn agenda(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    member: CurrentMember,
    Query(query): Query<ScheduleQuery>,
) -> Result<Response, AppError> {
    let items = super::agenda(&state, &member).await?;
    let (viewer_zone, tz, _) = page_zone(query.tz.as_deref(), &jar, Some(&member), "UTC");
    let i18n = page.i18n;
    let titles: HashMap<i64, String> = items
        .iter()
        .map(|i| (i.row.session_id, i.row.title.clone()))
        .collect();
    let now = Timestamp::now();
    let entries = items
        .iter()
        .map(|item| {
            let r = &item.row;
            let event_zone = crate::web::i18n::zone(&r.event_timezone);
            let (vs, ve) = (model::zoned(r.starts_at, &tz), model::zoned(r.ends_at, &tz));
            let (es, ee) = (
                model::zoned(r.starts_at, &event_zone),
                model::zoned(r.ends_at, &event_zone),
            );
            let ts = |ms| Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH);
            let timing = model::timing(ts(r.starts_at), ts(r.ends_at), now);
            AgendaEntry {
                session_id: r.session_id,
                event_id: r.event_id,
                event_title: item.event_title.clone(),
                title: r.title.clone(),
                day: i18n.date(vs.date()),
                viewer_time: time_range(&vs, &ve, i18n),
                event_time: time_range(&es, &ee, i18n),
                event_zone: r.event_timezone.clone(),
                waiting: r.status == "waiting",
                overlaps: item
                    .overlaps_with
                    .iter()
                    .filter_map(|id| titles.get(id).cloned())
                    .collect(),
                join_url: (!r.join_url.is_empty() && timing != Timing::Past)
                    .then(|| r.join_url.clone()),
                join_prominent: matches!(timing, Timing::Live | Timing::Soon),
            }
        })
        .collect();
    let feed_url = db::feed_token(&state.db, member.id)
        .await?
        .map(|t| format!("{}/calendar/{t}.ics", state.base_url()));
    render(
        StatusCode::OK,
        &AgendaTemplate {
            page,
            entries,
            viewer_zone,
            feed_url,
        },
    )
}

#[derive(Deserialize)]
pub struct FeedForm {
    action: String,
}

pub async fn renew_feed(
    State(state): State<AppState>,
    member: CurrentMember,
    CsrfForm(form): CsrfForm<FeedForm>,
) -> Result<Response, AppError> {
    let notice = match form.action.as_str() {
        "revoke" => {
            super::revoke_feed(&state, &member).await?;
            "feed-revoked"
        }
        "renew" => {
            super::feed_token(&state, &member, true).await?;
            "feed-renewed"
        }
        _ => {
            super::feed_token(&state, &member, false).await?;
            "feed-created"
        }
    };
    Ok(Redirect::to(&format!("/agenda?notice={notice}")).into_response())
}

// ─── Organisers: event form ─────────────────────────────────────────────────────────────

/// Form fields, as posted: repeated names keep their order.
struct Fields(Vec<(String, String)>);

impl Fields {
    fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }
}

pub struct LocaleText {
    code: &'static str,
    name: &'static str,
    title: String,
    description: String,
}

pub struct QuestionRow {
    index: usize,
    id: String,
    label: String,
    choice: bool,
    options: String,
    required: bool,
}

#[derive(Template)]
#[template(path = "events/event_form.html")]
struct EventFormTemplate {
    page: Page,
    /// None: a new event.
    id: Option<i64>,
    texts: Vec<LocaleText>,
    starts_on: String,
    ends_on: String,
    timezone: String,
    members_only: bool,
    registration_open: bool,
    default_locale: String,
    /// Chosen (ticked) and found (offered) co-organisers, by name.
    organisers: Vec<Picked>,
    organiser_find: String,
    questions: Vec<QuestionRow>,
    zones: &'static [&'static str],
    /// Editing only: the current cover, and the upload limit as shown.
    cover_url: Option<String>,
    photo_limit: String,
    error: Option<FormError>,
}

impl EventFormTemplate {
    fn error_on(&self, field: &str) -> bool {
        FormError::is_on(&self.error, field)
    }
}

/// Zones offered in the zone fields (any IANA name may be typed).
const COMMON_ZONES: [&str; 12] = [
    "Asia/Almaty",
    "Asia/Aqtobe",
    "Asia/Oral",
    "Asia/Qostanay",
    "Asia/Tashkent",
    "Asia/Bishkek",
    "Europe/Berlin",
    "Europe/Vienna",
    "Europe/Zurich",
    "Europe/Moscow",
    "Europe/London",
    "UTC",
];

fn blank_questions(mut rows: Vec<QuestionRow>) -> Vec<QuestionRow> {
    for _ in 0..2 {
        rows.push(QuestionRow {
            index: rows.len(),
            id: String::new(),
            label: String::new(),
            choice: false,
            options: String::new(),
            required: false,
        });
    }
    rows
}

fn event_form_from(
    fields: &Fields,
    id: Option<i64>,
    page: Page,
    error: Option<FormError>,
) -> EventFormTemplate {
    let texts = Locale::ALL
        .iter()
        .map(|l| LocaleText {
            code: l.code(),
            name: l.endonym(),
            title: fields.get(&format!("title_{}", l.code())).to_string(),
            description: fields.get(&format!("description_{}", l.code())).to_string(),
        })
        .collect();
    let questions = (0..model::QUESTIONS_MAX + 2)
        .filter(|i| fields.has(&format!("q_label_{i}")))
        .enumerate()
        .map(|(index, i)| QuestionRow {
            index,
            id: fields.get(&format!("q_id_{i}")).to_string(),
            label: fields.get(&format!("q_label_{i}")).to_string(),
            choice: fields.get(&format!("q_kind_{i}")) == "choice",
            options: fields.get(&format!("q_options_{i}")).to_string(),
            required: fields.has(&format!("q_required_{i}")),
        })
        .collect();
    EventFormTemplate {
        id,
        texts,
        starts_on: fields.get("starts_on").to_string(),
        ends_on: fields.get("ends_on").to_string(),
        timezone: fields.get("timezone").to_string(),
        members_only: fields.get("visibility") == "members",
        registration_open: fields.has("registration_open"),
        default_locale: fields.get("default_locale").to_string(),
        organisers: Vec::new(),
        organiser_find: fields.get("organiser_find").to_string(),
        questions,
        zones: &COMMON_ZONES,
        cover_url: None,
        photo_limit: String::new(),
        error,
        page,
    }
}

/// The event as posted; `organisers` were chosen by [`people::choose`].
fn event_input(fields: &Fields, editing: bool, organisers: &Chosen) -> EventInput {
    let texts = Locale::ALL
        .iter()
        .map(|l| TextInput {
            locale: l.code().to_string(),
            title: fields.get(&format!("title_{}", l.code())).to_string(),
            description: fields.get(&format!("description_{}", l.code())).to_string(),
        })
        .collect();
    let mut questions = Vec::new();
    for i in 0..model::QUESTIONS_MAX + 2 {
        let label = fields.get(&format!("q_label_{i}"));
        if label.trim().is_empty() {
            continue;
        }
        let choice = fields.get(&format!("q_kind_{i}")) == "choice";
        questions.push(QuestionInput {
            id: fields.get(&format!("q_id_{i}")).parse().ok(),
            label: label.to_string(),
            kind: if choice {
                QuestionKind::Choice
            } else {
                QuestionKind::Text
            },
            options: if choice {
                fields
                    .get(&format!("q_options_{i}"))
                    .split(['\n', ';'])
                    .map(str::trim)
                    .filter(|o| !o.is_empty())
                    .map(str::to_string)
                    .collect()
            } else {
                Vec::new()
            },
            required: fields.has(&format!("q_required_{i}")),
        });
    }
    let organiser_ids = organisers.ids();
    EventInput {
        texts: Some(texts),
        starts_on: Some(fields.get("starts_on").to_string()),
        ends_on: Some(fields.get("ends_on").to_string()),
        timezone: Some(fields.get("timezone").to_string()),
        visibility: Some(if fields.get("visibility") == "members" {
            EventVisibility::Members
        } else {
            EventVisibility::Public
        }),
        registration_open: Some(fields.has("registration_open")),
        default_locale: Some(fields.get("default_locale").to_string()).filter(|l| !l.is_empty()),
        organiser_ids: (editing || !organiser_ids.is_empty()).then_some(organiser_ids),
        questions: Some(questions),
        ..EventInput::default()
    }
}

/// The co-organisers of a posted event form (see [`people`]).
async fn posted_organisers(
    state: &AppState,
    fields: &Fields,
    i18n: I18n,
) -> Result<Chosen, AppError> {
    people::choose(
        state,
        &fields.all("organiser_ids"),
        fields.get("organiser_find"),
        "organiser_ids",
        i18n,
    )
    .await
}

pub async fn new_form(page: Page, member: CurrentMember) -> Result<Response, AppError> {
    access::may_create(&member)?;
    let fields = Fields(vec![
        ("timezone".into(), "Asia/Almaty".into()),
        ("registration_open".into(), "on".into()),
        ("default_locale".into(), member.locale.code().into()),
    ]);
    let mut template = event_form_from(&fields, None, page, None);
    template.questions = blank_questions(Vec::new());
    render(StatusCode::OK, &template)
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    access::may_create(&member)?;
    let fields = Fields(form);
    let mut organisers = posted_organisers(&state, &fields, page.i18n).await?;
    let result = match organisers.error.take() {
        Some(err) => Err(err),
        None => {
            let input = event_input(&fields, false, &organisers);
            super::create_event(&state, &member, input).await
        }
    };
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/events/{id}?notice=event-created")).into_response()),
        Err(err) if err.status() == StatusCode::FORBIDDEN => Err(err),
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            let mut template = event_form_from(&fields, None, page, Some(error));
            template.questions = blank_questions(template.questions);
            template.organisers = organisers.people;
            render(status, &template)
        }
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let template = stored_event_form(&state, &member, id, page).await?;
    render(StatusCode::OK, &template)
}

/// The event form filled in from what is stored.
async fn stored_event_form(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
    page: Page,
) -> Result<EventFormTemplate, AppError> {
    let s = access::organised(state, member, id).await?;
    let mut pairs: Vec<(String, String)> = vec![
        ("starts_on".into(), s.event.starts_on.clone()),
        ("ends_on".into(), s.event.ends_on.clone()),
        ("timezone".into(), s.event.timezone.clone()),
        ("visibility".into(), s.event.visibility.clone()),
        ("default_locale".into(), s.event.default_locale.clone()),
    ];
    if s.registration_open() {
        pairs.push(("registration_open".into(), "on".into()));
    }
    for t in &s.texts {
        pairs.push((format!("title_{}", t.locale), t.title.clone()));
        pairs.push((format!("description_{}", t.locale), t.description.clone()));
    }
    for (i, q) in s.questions.iter().enumerate() {
        pairs.push((format!("q_id_{i}"), q.id.to_string()));
        pairs.push((format!("q_label_{i}"), q.label.clone()));
        pairs.push((format!("q_kind_{i}"), q.kind.clone()));
        pairs.push((format!("q_options_{i}"), q.options.replace('\n', "; ")));
        if q.required != 0 {
            pairs.push((format!("q_required_{i}"), "on".into()));
        }
    }
    let mut template = event_form_from(&Fields(pairs), Some(id), page, None);
    template.questions = blank_questions(template.questions);
    template.organisers =
        Chosen::ticked(s.organisers.iter().map(|o| (o.id, o.name.clone()))).people;
    template.cover_url = s.event.cover.as_deref().map(super::cover_url);
    template.photo_limit = template
        .page
        .i18n
        .decimal(state.config.max_photo_bytes as f64 / (1024.0 * 1024.0));
    Ok(template)
}

pub async fn upload_cover(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    token: CsrfToken,
    Path(id): Path<i64>,
    multipart: axum::extract::Multipart,
) -> Result<Response, AppError> {
    access::organised(&state, &member, id).await?;
    let result = match crate::members::read_image_form(&token, multipart).await {
        Ok(bytes) => super::set_cover(&state, &member, id, bytes).await.map(drop),
        Err(err) => Err(err),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/events/{id}?notice=saved")).into_response()),
        Err(err) if matches!(err.status(), StatusCode::FORBIDDEN | StatusCode::NOT_FOUND) => {
            Err(err)
        }
        Err(err) if err.code() == "csrf_failed" => Err(err),
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            let mut template = stored_event_form(&state, &member, id, page).await?;
            template.error = Some(error);
            render(status, &template)
        }
    }
}

pub async fn delete_cover(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<BackForm>,
) -> Result<Response, AppError> {
    super::remove_cover(&state, &member, id).await?;
    Ok(Redirect::to(&format!("/events/{id}/edit?notice=saved")).into_response())
}

pub async fn edit(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    // Rights first: whoever may not edit learns nothing from the people named in the form.
    access::organised(&state, &member, id).await?;
    let fields = Fields(form);
    let mut organisers = posted_organisers(&state, &fields, page.i18n).await?;
    let result = match organisers.error.take() {
        Some(err) => Err(err),
        None => {
            let input = event_input(&fields, true, &organisers);
            super::update_event(&state, &member, id, input).await
        }
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/events/{id}?notice=saved")).into_response()),
        Err(err) if matches!(err.status(), StatusCode::FORBIDDEN | StatusCode::NOT_FOUND) => {
            Err(err)
        }
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            let mut template = event_form_from(&fields, Some(id), page, Some(error));
            template.questions = blank_questions(template.questions);
            template.organisers = organisers.people;
            render(status, &template)
        }
    }
}

// ─── Organisers: session form ───────────────────────────────────────────────────────────

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
fn materials_from(text: &str) -> Result<Vec<super::MaterialInput>, AppError> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| match line.rsplit_once('|') {
            Some((title, url)) => Ok(super::MaterialInput {
                title: title.trim().into(),
                url: url.trim().into(),
            }),
            None => Ok(super::MaterialInput {
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
        Ok(input) => super::add_session(&state, &member, id, input).await,
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
        Ok(input) => super::update_session(&state, &member, id, input).await,
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
    let event_id = super::delete_session(&state, &member, id).await?;
    Ok(Redirect::to(&format!("/events/{event_id}?notice=session-deleted")).into_response())
}

// ─── Organisers: participants and messages ──────────────────────────────────────────────

pub struct ParticipantLine {
    member_id: i64,
    name: String,
    email: String,
    organisation: String,
    registered_at: String,
    answers: Vec<String>,
}

pub struct SessionSeats {
    id: i64,
    title: String,
    time: String,
    seats: String,
    registered: Vec<String>,
    waiting: Vec<String>,
}

#[derive(Template)]
#[template(path = "events/participants.html")]
struct ParticipantsTemplate {
    page: Page,
    id: i64,
    title: String,
    questions: Vec<String>,
    participants: Vec<ParticipantLine>,
    sessions: Vec<SessionSeats>,
}

pub async fn participants(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let s = access::organised(&state, &member, id).await?;
    let i18n = page.i18n;
    let (answers, seats) = tokio::try_join!(
        db::answers(&state.db, id),
        db::seats_of_event(&state.db, id),
    )?;
    let rows = super::people::participants(&state, &member, id).await?;
    let participants = rows
        .into_iter()
        .map(|r| ParticipantLine {
            answers: s
                .questions
                .iter()
                .map(|q| {
                    answers
                        .iter()
                        .find(|a| a.0 == r.member_id && a.1 == q.id)
                        .map(|a| a.2.clone())
                        .unwrap_or_default()
                })
                .collect(),
            member_id: r.member_id,
            name: r.name,
            email: r.email,
            organisation: r.organisation.unwrap_or_default(),
            registered_at: i18n.stored_datetime(r.registered_at, &s.event.timezone),
        })
        .collect();
    let sessions = s
        .sessions
        .iter()
        .map(|x| {
            let names = |status: &str| {
                seats
                    .iter()
                    .filter(|r| r.session_id == x.row.id && r.status == status)
                    .map(|r| r.name.clone())
                    .collect::<Vec<_>>()
            };
            let registered = names("registered");
            SessionSeats {
                id: x.row.id,
                title: x.row.title.clone(),
                time: i18n.stored_datetime(x.row.starts_at, &s.event.timezone),
                seats: match x.row.capacity {
                    Some(c) => format!("{} / {c}", registered.len()),
                    None => registered.len().to_string(),
                },
                registered,
                waiting: names("waiting"),
            }
        })
        .collect();
    let template = ParticipantsTemplate {
        id,
        title: s.title(i18n.locale).to_string(),
        questions: s.questions.iter().map(|q| q.label.clone()).collect(),
        participants,
        sessions,
        page,
    };
    render(StatusCode::OK, &template)
}

pub struct MessageItem {
    id: i64,
    author: String,
    subject: String,
    body_html: String,
    sent: String,
    recipients: String,
}

#[derive(Template)]
#[template(path = "events/messages.html")]
struct MessagesTemplate {
    page: Page,
    id: i64,
    title: String,
    organiser: bool,
    messages: Vec<MessageItem>,
    subject: String,
    body: String,
    error: Option<FormError>,
}

impl MessagesTemplate {
    fn error_on(&self, field: &str) -> bool {
        FormError::is_on(&self.error, field)
    }
}

async fn messages_page(
    state: &AppState,
    page: Page,
    member: &CurrentMember,
    id: i64,
    form: (String, String, Option<FormError>, StatusCode),
) -> Result<Response, AppError> {
    let s = super::visible(state, Some(member), id).await?;
    let organiser = s.is_organiser(member);
    // Messages are for the participants and the organisers.
    if !organiser && !db::is_registered(&state.db, id, member.id).await? {
        return Err(AppError::forbidden());
    }
    let i18n = page.i18n;
    let messages = db::messages(&state.db, id)
        .await?
        .into_iter()
        .map(|m| MessageItem {
            id: m.id,
            author: m.author.unwrap_or_default(),
            subject: m.subject,
            body_html: m.body_html,
            sent: i18n.stored_datetime(m.created_at, &member.timezone),
            recipients: i18n.count("event-message-recipients", m.recipients),
        })
        .collect();
    let template = MessagesTemplate {
        id,
        title: s.title(i18n.locale).to_string(),
        organiser,
        messages,
        subject: form.0,
        body: form.1,
        error: form.2,
        page,
    };
    render(form.3, &template)
}

pub async fn messages(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    messages_page(
        &state,
        page,
        &member,
        id,
        (String::new(), String::new(), None, StatusCode::OK),
    )
    .await
}

#[derive(Deserialize)]
pub struct MessageForm {
    subject: String,
    body: String,
}

pub async fn send_message(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<MessageForm>,
) -> Result<Response, AppError> {
    match super::message_participants(&state, &member, id, &form.subject, &form.body).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/events/{id}/messages?notice=message-sent")).into_response())
        }
        Err(err) if matches!(err.status(), StatusCode::FORBIDDEN | StatusCode::NOT_FOUND) => {
            Err(err)
        }
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            messages_page(
                &state,
                page,
                &member,
                id,
                (form.subject, form.body, Some(error), status),
            )
            .await
        }
    }
}
