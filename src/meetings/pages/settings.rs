//! Organisers: the programme's settings. The page works before B2B exists for the event (it
//! is how organisers switch it on). The Jitsi secret is write-only: the field is always
//! empty, and leaving it empty keeps the stored one.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::*;
use crate::events::Schedule;
use crate::meetings::model::{self as m, Mode, RoomKind, Rule, Settings, SettingsInput, Window};
use crate::meetings::programme;
use crate::web::csrf::CsrfForm;
use crate::web::layout::Page;
use crate::web::render;

/// Empty window rows offered below the stored ones.
const SPARE_WINDOWS: usize = 3;

pub struct WindowRow {
    pub index: usize,
    pub days: Vec<Choice>,
    pub from: String,
    pub to: String,
}

#[derive(Template)]
#[template(path = "meetings/settings.html")]
struct SettingsTemplate {
    page: Page,
    nav: Nav,
    /// Whether the programme has been set up before.
    exists: bool,
    event_zone: String,
    enabled: bool,
    meeting_minutes: String,
    break_minutes: String,
    max_meetings: String,
    max_pending: String,
    request_ttl_minutes: String,
    request_deadline: String,
    last_day: String,
    windows: Vec<WindowRow>,
    groups: bool,
    group_a: String,
    group_b: String,
    auto: bool,
    jitsi: bool,
    room_base: String,
    jitsi_app_id: String,
    has_secret: bool,
    error: Option<FormError>,
}

impl SettingsTemplate {
    fn error_on(&self, field: &str) -> bool {
        error_on(&self.error, field)
    }
}

/// The stored settings as form fields (none stored: sensible first values).
fn fields_of(settings: Option<&Settings>, zone: &TimeZone) -> Fields {
    let Some(s) = settings else {
        return Fields(
            [
                ("enabled", "yes"),
                ("meeting_minutes", "20"),
                ("break_minutes", "5"),
                ("max_meetings", "8"),
                ("max_pending", "10"),
                ("request_ttl_minutes", "2880"),
                ("rule", "everyone"),
                ("mode", "self"),
                ("room_kind", "link"),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        );
    };
    let mut pairs: Vec<(String, String)> = vec![
        ("meeting_minutes".into(), s.meeting_minutes.to_string()),
        ("break_minutes".into(), s.break_minutes.to_string()),
        ("max_meetings".into(), s.max_meetings.to_string()),
        ("max_pending".into(), s.max_pending.to_string()),
        (
            "request_ttl_minutes".into(),
            s.request_ttl_minutes
                .map(|t| t.to_string())
                .unwrap_or_default(),
        ),
        (
            "request_deadline".into(),
            s.request_deadline
                .map(|d| m::zoned(d, zone).strftime("%Y-%m-%dT%H:%M").to_string())
                .unwrap_or_default(),
        ),
        ("rule".into(), s.rule.as_str().into()),
        ("group_a".into(), s.group_a.clone()),
        ("group_b".into(), s.group_b.clone()),
        ("mode".into(), s.mode.as_str().into()),
        ("room_kind".into(), s.room_kind.as_str().into()),
        ("room_base".into(), s.room_base.clone()),
        ("jitsi_app_id".into(), s.jitsi_app_id.clone()),
    ];
    if s.enabled {
        pairs.push(("enabled".into(), "yes".into()));
    }
    for w in &s.windows {
        pairs.push(("window_date".into(), w.date.clone()));
        pairs.push(("window_from".into(), w.from.clone()));
        pairs.push(("window_to".into(), w.to.clone()));
    }
    Fields(pairs)
}

fn form(
    event: &Schedule,
    page: Page,
    fields: &Fields,
    exists: bool,
    has_secret: bool,
    error: Option<FormError>,
) -> SettingsTemplate {
    let i18n = page.i18n;
    let days = event.days();
    let (dates, froms, tos) = (
        fields.all("window_date"),
        fields.all("window_from"),
        fields.all("window_to"),
    );
    let filled = dates.len().max(froms.len()).max(tos.len());
    let rows = (filled + SPARE_WINDOWS).min(m::MAX_WINDOWS.max(filled));
    let windows = (0..rows)
        .map(|index| {
            let date = dates.get(index).map_or("", String::as_str);
            WindowRow {
                index,
                days: days
                    .iter()
                    .map(|d| Choice::new(d.to_string(), day_label(i18n, *d), d.to_string() == date))
                    .collect(),
                from: froms.get(index).cloned().unwrap_or_default(),
                to: tos.get(index).cloned().unwrap_or_default(),
            }
        })
        .collect();
    SettingsTemplate {
        nav: Nav::new(event, i18n, true, "settings"),
        exists,
        event_zone: event.event.timezone.clone(),
        enabled: fields.has("enabled"),
        meeting_minutes: fields.get("meeting_minutes").into(),
        break_minutes: fields.get("break_minutes").into(),
        max_meetings: fields.get("max_meetings").into(),
        max_pending: fields.get("max_pending").into(),
        request_ttl_minutes: fields.get("request_ttl_minutes").into(),
        request_deadline: fields.get("request_deadline").into(),
        last_day: format!("{}T23:59", event.event.ends_on),
        windows,
        groups: fields.get("rule") == "groups",
        group_a: fields.get("group_a").into(),
        group_b: fields.get("group_b").into(),
        auto: fields.get("mode") == "auto",
        jitsi: fields.get("room_kind") == "jitsi_jwt",
        room_base: fields.get("room_base").into(),
        jitsi_app_id: fields.get("jitsi_app_id").into(),
        has_secret,
        error,
        page,
    }
}

/// The settings as posted; windows whose three fields are all empty are left out.
fn settings_input(fields: &Fields) -> Result<SettingsInput, AppError> {
    let (dates, froms, tos) = (
        fields.all("window_date"),
        fields.all("window_from"),
        fields.all("window_to"),
    );
    let rows = dates.len().max(froms.len()).max(tos.len());
    let at = |list: &[String], i: usize| list.get(i).map_or("", |v| v.trim()).to_string();
    let windows = (0..rows)
        .map(|i| Window {
            date: at(&dates, i),
            from: at(&froms, i),
            to: at(&tos, i),
        })
        .filter(|w| !(w.date.is_empty() && w.from.is_empty() && w.to.is_empty()))
        .collect();
    let required = |name: &'static str| {
        fields
            .number(name)?
            .ok_or_else(|| AppError::invalid(name, "field_required"))
    };
    Ok(SettingsInput {
        enabled: fields.has("enabled"),
        meeting_minutes: required("meeting_minutes")?,
        break_minutes: fields.number("break_minutes")?.unwrap_or(0),
        windows,
        max_meetings: required("max_meetings")?,
        rule: Rule::parse(fields.get("rule")).unwrap_or(Rule::Everyone),
        group_a: fields.get("group_a").into(),
        group_b: fields.get("group_b").into(),
        request_deadline: Some(fields.get("request_deadline").into()),
        request_ttl_minutes: fields.number("request_ttl_minutes")?,
        max_pending: required("max_pending")?,
        mode: Mode::parse(fields.get("mode")).unwrap_or(Mode::SelfService),
        room_kind: RoomKind::parse(fields.get("room_kind")).unwrap_or(RoomKind::Link),
        room_base: fields.get("room_base").into(),
        jitsi_app_id: fields.get("jitsi_app_id").into(),
        jitsi_secret: fields.get("jitsi_secret").into(),
    })
}

pub async fn settings_form(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let event = crate::events::organised(&state, &member, id).await?;
    let stored = programme::load(&state, event.clone()).await?;
    let settings = stored.as_ref().map(|p| &p.settings);
    let fields = fields_of(settings, &event.zone);
    let has_secret = settings.is_some_and(|s| !s.jitsi_secret.is_empty());
    let template = form(&event, page, &fields, stored.is_some(), has_secret, None);
    render(StatusCode::OK, &template)
}

pub async fn save_settings(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(posted): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let event = crate::events::organised(&state, &member, id).await?;
    let fields = Fields(posted);
    let result = match settings_input(&fields) {
        Ok(input) => programme::save_settings(&state, &member, id, input).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(saved) => {
            let to = if saved.settings.enabled {
                format!("/events/{id}/b2b?notice=meetings-settings-saved")
            } else {
                format!("/events/{id}/b2b/settings?notice=meetings-settings-saved")
            };
            Ok(Redirect::to(&to).into_response())
        }
        Err(err) => {
            let (error, status) = form_error(err, page.i18n)?;
            let stored = programme::load(&state, event.clone()).await?;
            let has_secret = stored
                .as_ref()
                .is_some_and(|p| !p.settings.jitsi_secret.is_empty());
            let template = form(
                &event,
                page,
                &fields,
                stored.is_some(),
                has_secret,
                Some(error),
            );
            render(status, &template)
        }
    }
}
