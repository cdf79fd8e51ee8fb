//! An event's schedule: one day at a time, or the whole week on one page (`?day=all`, to read
//! through, search with the browser or print), in the event's zone and the viewer's.
//! Visitors who are not signed in get it from the render cache, keyed by the zone shown and
//! the schedule's last [moment](crate::events::Schedule::moment).

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum_extra::extract::CookieJar;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Deserialize;

use crate::events::model::{self, EventVisibility, SeatStatus, SessionKind, Timing};
use crate::events::{Schedule, SessionFull, db};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::identity::CurrentMember;
use crate::web::layout::Page;
use crate::web::render_cache::{self, Entry};

use super::*;

/// The words of a session card, looked up once per page rather than once per card.
pub struct Labels {
    i18n: I18n,
    pub(super) live: String,
    pub(super) next: String,
    pub(super) language: String,
    pub(super) interpretation: String,
    pub(super) join: String,
    pub(super) recording: String,
    pub(super) have_seat: String,
    pub(super) wait: String,
    pub(super) join_waiting_list: String,
    pub(super) register: String,
    pub(super) add_to_calendar: String,
    /// "{time} your time", split around the time.
    pub(super) your_time: (String, String),
    pub(super) kinds: HashMap<&'static str, String>,
    pub(super) languages: HashMap<String, String>,
}

impl Labels {
    pub(super) fn new(i18n: I18n) -> Labels {
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
    pub(super) id: i64,
    pub(super) title: String,
    pub(super) kind: String,
    pub(super) track: Option<String>,
    pub(super) room: Option<String>,
    /// "10:00–11:00" in the event's zone.
    pub(super) event_time: String,
    /// The same in the viewer's zone ("13:00–14:00 your time"), with a day note when the date
    /// differs.
    pub(super) viewer_time: String,
    pub(super) viewer_day: Option<String>,
    pub(super) start_iso: String,
    pub(super) live: bool,
    pub(super) next: bool,
    pub(super) past: bool,
    pub(super) languages: String,
    pub(super) interpretation: String,
    pub(super) speakers: String,
    pub(super) join_url: Option<String>,
    pub(super) join_prominent: bool,
    pub(super) recording_url: Option<String>,
    pub(super) seats: Option<String>,
    pub(super) full: bool,
    pub(super) my_status: Option<SeatStatus>,
    pub(super) can_register: bool,
}

pub struct DayTab {
    date: String,
    label: String,
    current: bool,
    count: usize,
}

/// The `day` asking for every day on one page.
pub const ALL_DAYS: &str = "all";

/// One day of the page: its heading, its sessions, and the zone note when it differs from the
/// page's (a clock change during the week).
pub struct DayGroup {
    label: String,
    note: Option<String>,
    cards: Vec<SessionCard>,
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
    /// The `day` parameter of this page (a date, or [`ALL_DAYS`]).
    day: String,
    all_days: bool,
    total: usize,
    groups: Vec<DayGroup>,
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
    /// Links to what other capabilities offer for the event (its B2B programme).
    links: Vec<crate::events::EventLink>,
}

#[derive(Deserialize, Default)]
pub struct ScheduleQuery {
    pub(super) day: Option<String>,
    pub(super) tz: Option<String>,
    pub(super) track: Option<String>,
    pub(super) kind: Option<String>,
    pub(super) lang: Option<String>,
}

/// The viewer's zone for a page, and where it came from.
pub(super) fn page_zone(
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
    let (name, tz) = crate::events::viewer_zone(explicit, browser.as_deref(), viewer, event_zone);
    (name, tz, source)
}

#[allow(clippy::too_many_arguments)]
pub(super) fn card(
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
    let version = crate::events::cache::page_version(&state);
    let s = crate::events::visible(&state, page.viewer.as_ref(), id).await?;
    let i18n = page.i18n;
    let (viewer_zone, tz, zone_source) = page_zone(
        query.tz.as_deref(),
        &jar,
        page.viewer.as_ref(),
        &s.event.timezone,
    );
    let now = Timestamp::now();
    let kept = render_cache::for_visitors(
        &state,
        &page,
        &format!(
            "schedule {viewer_zone} {zone_source} {}",
            s.moment(now.as_millisecond())
        ),
        version,
    );
    if let Some(body) = kept.as_ref().and_then(Entry::get) {
        return Ok(render_cache::html(body));
    }
    let days = s.days();
    let today = now.to_zoned(s.zone.clone()).date();
    let all_days = query.day.as_deref() == Some(ALL_DAYS);
    let day = query
        .day
        .as_deref()
        .and_then(|d| d.parse::<jiff::civil::Date>().ok())
        .filter(|d| days.contains(d))
        .or_else(|| days.iter().copied().find(|d| *d == today))
        .or_else(|| days.first().copied());
    let shown: Vec<jiff::civil::Date> = if all_days {
        days.clone()
    } else {
        day.into_iter().collect()
    };
    let day_label = |d: jiff::civil::Date| {
        let weekday = i18n.t(&format!("weekday-{}", d.weekday().to_monday_one_offset()));
        format!("{weekday}, {}", i18n.date(d))
    };
    let tabs = days
        .iter()
        .map(|d| DayTab {
            date: d.to_string(),
            label: day_label(*d),
            current: !all_days && Some(*d) == day,
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
    let difference = |d: jiff::civil::Date| {
        let reference = d.to_zoned(s.zone.clone()).ok().map_or(now, |z| {
            z.timestamp() + jiff::SignedDuration::from_hours(12)
        });
        model::offset_difference_minutes(reference, &s.zone, &tz)
    };
    let minutes = shown.first().map_or_else(
        || model::offset_difference_minutes(now, &s.zone, &tz),
        |d| difference(*d),
    );
    let note = |minutes: i64| {
        i18n.t_args(
            "schedule-zone-note",
            &[
                ("viewer", viewer_zone.as_str()),
                ("event", s.event.timezone.as_str()),
                ("difference", &model::describe_difference(i18n, minutes)),
            ],
        )
    };
    let zone_note = note(minutes);
    let mut groups = Vec::with_capacity(shown.len());
    for d in &shown {
        let cards = s
            .sessions
            .iter()
            .filter(|x| x.day == *d)
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
        let day_minutes = difference(*d);
        groups.push(DayGroup {
            label: day_label(*d),
            note: (day_minutes != minutes).then(|| note(day_minutes)),
            cards,
        });
    }
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
        Some(crate::events::event_channel(&state, &s).await?)
    } else {
        None
    };
    let materials = crate::library::collection(
        &state,
        page.viewer.as_ref(),
        &crate::events::chat_context(id),
    )
    .await?;
    let links = crate::events::event_links(
        &state,
        crate::events::LinkQuery {
            event_id: id,
            organiser,
            locale: i18n.locale,
        },
    )
    .await?;
    let template = ScheduleTemplate {
        id,
        links,
        title: s.title(i18n.locale).to_string(),
        description_html: s.description_html(i18n.locale).to_string(),
        cover_url: s.event.cover.as_deref().map(crate::events::cover_url),
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
        day: if all_days {
            ALL_DAYS.to_string()
        } else {
            day.map(|d| d.to_string()).unwrap_or_default()
        },
        all_days,
        total: s.sessions.len(),
        groups,
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
    render_cache::render_kept(kept, &template)
}
