//! Organisers: the plan by slot (drafts and published meetings, accepted requests without a
//! slot), the quality figures of the last run in words, running the scheduler, moving and
//! locking single meetings (posted to the meeting, which comes back here), and publishing.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde_json::Value;

use super::*;
use crate::meetings::model::Mode;
use crate::meetings::planning;
use crate::web::csrf::CsrfForm;
use crate::web::layout::Page;
use crate::web::render;

pub struct PlanMeeting {
    pub id: i64,
    pub a_name: String,
    pub b_name: String,
    pub state: String,
    pub draft: bool,
    pub locked: bool,
    pub priority: String,
    /// The slots it can move to (its own selected).
    pub moves: Vec<Choice>,
}

pub struct PlanSlot {
    /// In the event's zone, and in the viewer's when that differs.
    pub time: String,
    pub viewer_time: Option<String>,
    pub meetings: Vec<PlanMeeting>,
}

pub struct PlanDay {
    pub label: String,
    pub slots: Vec<PlanSlot>,
}

/// The figures of the last run, each with its sentence.
pub struct Figure {
    pub label: String,
    pub value: String,
    pub explained: String,
}

#[derive(Template)]
#[template(path = "meetings/schedule.html")]
struct ScheduleTemplate {
    page: Page,
    nav: Nav,
    auto: bool,
    published_at: Option<String>,
    drafts: i64,
    scheduled: i64,
    days: Vec<PlanDay>,
    unplaced: Vec<(String, String, String)>,
    figures: Vec<Figure>,
    event_zone: String,
    viewer_zone: String,
    error: Option<FormError>,
}

fn figures(i18n: I18n, quality: &Value) -> Vec<Figure> {
    let n = |key: &str| quality.get(key).and_then(Value::as_i64).unwrap_or(0);
    let (placed, bound, greedy) = (n("placed"), n("upper_bound"), n("greedy"));
    let gap = if bound == 0 {
        0.0
    } else {
        100.0 * (1.0 - placed as f64 / bound as f64)
    };
    let figure = |key: &str, value: String, args: &[(&'static str, &str)]| Figure {
        label: i18n.t(&format!("b2b-quality-{key}")),
        explained: i18n.t_args(&format!("b2b-quality-{key}-explained"), args),
        value,
    };
    let (p, b, g) = (placed.to_string(), bound.to_string(), greedy.to_string());
    let gap_text = format!("{} %", i18n.decimal(gap));
    let (hours, must, must_total) = (
        n("in_working_hours").to_string(),
        n("must_meet_placed").to_string(),
        n("must_meet_total").to_string(),
    );
    vec![
        figure("placed", i18n.number(placed), &[("placed", &p)]),
        figure("bound", i18n.number(bound), &[("bound", &b)]),
        figure("gap", gap_text.clone(), &[("gap", &gap_text)]),
        figure(
            "greedy",
            i18n.number(greedy),
            &[("greedy", &g), ("placed", &p)],
        ),
        figure(
            "hours",
            i18n.number(n("in_working_hours")),
            &[("hours", &hours), ("placed", &p)],
        ),
        figure(
            "must",
            format!("{must} / {must_total}"),
            &[("placed", &must), ("total", &must_total)],
        ),
    ]
}

async fn schedule_page(
    state: &AppState,
    page: Page,
    jar: &CookieJar,
    member: &CurrentMember,
    id: i64,
    error: Option<FormError>,
) -> Result<ScheduleTemplate, AppError> {
    let i18n = page.i18n;
    let plan = planning::plan(state, member, id).await?;
    let mut moves = planning::move_options(state, &plan).await?;
    let programme = &plan.programme;
    let event_zone = programme.event.event.timezone.clone();
    let (zone_name, zone) = viewer_zone(jar, member, &event_zone);
    let zones = [(event_zone.clone(), programme.zone())];
    let zones: Vec<(String, &TimeZone)> = zones.iter().map(|(n, z)| (n.clone(), *z)).collect();
    let mut meetings: Vec<&crate::meetings::db::MeetingRow> = plan.meetings.iter().collect();
    meetings.sort_by_key(|m| (m.starts_at, m.id));
    let mut days: Vec<PlanDay> = Vec::new();
    let mut last_day = None;
    let mut last_start = None;
    for m in meetings {
        let slot = model::Slot {
            starts_at: m.starts_at,
            ends_at: m.ends_at,
        };
        let day = model::day_of(m.starts_at, programme.zone());
        if last_day != Some(day) {
            days.push(PlanDay {
                label: day_label(i18n, day),
                slots: Vec::new(),
            });
            last_day = Some(day);
            last_start = None;
        }
        let Some(current) = days.last_mut() else {
            continue;
        };
        if last_start != Some(m.starts_at) {
            let time = clock(i18n, slot, programme.zone(), day);
            let viewer_time = clock(i18n, slot, &zone, day);
            current.slots.push(PlanSlot {
                viewer_time: (viewer_time != time).then_some(viewer_time),
                time,
                meetings: Vec::new(),
            });
            last_start = Some(m.starts_at);
        }
        if let Some(row) = current.slots.last_mut() {
            row.meetings.push(PlanMeeting {
                id: m.id,
                a_name: m.a_name.clone(),
                b_name: m.b_name.clone(),
                state: state_label(i18n, &m.state),
                draft: m.state == "draft",
                locked: m.locked != 0,
                priority: i18n.t(&format!("b2b-priority-{}", m.priority.clamp(1, 3))),
                moves: moves
                    .remove(&m.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|s| {
                        Choice::new(
                            s.starts_at.to_string(),
                            slot_label(i18n, s, &zones),
                            s.starts_at == m.starts_at,
                        )
                    })
                    .collect(),
            });
        }
    }
    let count = |s: &str| plan.meetings.iter().filter(|m| m.state == s).count() as i64;
    Ok(ScheduleTemplate {
        nav: Nav::new(&programme.event, i18n, true, "schedule"),
        auto: programme.settings.mode == Mode::Auto,
        published_at: programme.published_at.and_then(|t| {
            jiff::Timestamp::from_millisecond(t)
                .ok()
                .map(|t| i18n.datetime(t, &zone))
        }),
        drafts: count("draft"),
        scheduled: count("scheduled"),
        days,
        unplaced: plan
            .unplaced
            .iter()
            .map(|r| {
                (
                    r.from_name.clone(),
                    r.to_name.clone(),
                    i18n.t(&format!("b2b-priority-{}", r.priority.clamp(1, 3))),
                )
            })
            .collect(),
        figures: programme
            .draft_quality
            .as_ref()
            .map(|q| figures(i18n, q))
            .unwrap_or_default(),
        event_zone,
        viewer_zone: zone_name,
        error,
        page,
    })
}

pub async fn schedule(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let template = schedule_page(&state, page, &jar, &member, id, None).await?;
    render(StatusCode::OK, &template)
}

/// The schedule page again, with the error of an action taken on it.
pub(super) async fn schedule_again(
    state: &AppState,
    page: Page,
    jar: &CookieJar,
    member: &CurrentMember,
    id: i64,
    error: FormError,
    status: StatusCode,
) -> Result<Response, AppError> {
    let template = schedule_page(state, page, jar, member, id, Some(error)).await?;
    render(status, &template)
}

pub async fn run_scheduler(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    match planning::run(&state, &member, id).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/events/{id}/b2b/schedule?notice=meetings-schedule-computed"
        ))
        .into_response()),
        Err(err) => {
            let (error, status) = form_error(err, page.i18n)?;
            schedule_again(&state, page, &jar, &member, id, error, status).await
        }
    }
}

pub async fn publish(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    match planning::publish(&state, &member, id).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/events/{id}/b2b/schedule?notice=meetings-schedule-published"
        ))
        .into_response()),
        Err(err) => {
            let (error, status) = form_error(err, page.i18n)?;
            schedule_again(&state, page, &jar, &member, id, error, status).await
        }
    }
}
