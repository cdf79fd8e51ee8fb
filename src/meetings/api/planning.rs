//! Automatic scheduling (draft, publish) and the organisers' dashboard with its exports.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Serialize;
use utoipa::ToSchema;

use super::{MeetingView, meeting_view};
use crate::meetings::dashboard::{self, Dashboard};
use crate::meetings::planning::{self, Plan};
use crate::meetings::scheduler::Quality;
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::identity::CurrentMember;
use crate::web::tables;

#[derive(Serialize, ToSchema)]
pub struct PlanView {
    /// Draft and scheduled meetings, in time order.
    meetings: Vec<MeetingView>,
    /// Accepted requests without a meeting yet.
    unplaced: Vec<i64>,
    /// The figures of the last draft: meetings placed, an upper bound no schedule can pass,
    /// the greedy first-fit count on the same instance, and more.
    #[schema(value_type = Object)]
    quality: Option<serde_json::Value>,
    published_at: Option<String>,
}

fn plan_view(plan: &Plan, quality: Option<serde_json::Value>) -> PlanView {
    PlanView {
        meetings: plan.meetings.iter().map(meeting_view).collect(),
        unplaced: plan.unplaced.iter().map(|r| r.id).collect(),
        quality: quality.or_else(|| plan.programme.draft_quality.clone()),
        published_at: plan.programme.published_at.map(super::utc),
    }
}

/// The schedule as it stands: drafts, published meetings, and what is left (organisers).
#[utoipa::path(get, operation_id = "get_b2b_schedule", path = "/api/v1/events/{id}/b2b/schedule", tag = "meetings", security(("bearer" = [])),
    responses((status = 200, body = PlanView), (status = 403, description = "forbidden")))]
pub async fn get_schedule(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Json<PlanView>, AppError> {
    let plan = planning::plan(&state, &member, id).await?;
    Ok(Json(plan_view(&plan, None)))
}

/// Computes a draft from the accepted requests (published and locked meetings stay) and
/// answers it with its quality figures (organisers).
#[utoipa::path(post, operation_id = "run_b2b_scheduler", path = "/api/v1/events/{id}/b2b/schedule", tag = "meetings", security(("bearer" = [])),
    responses((status = 200, body = PlanView), (status = 403, description = "forbidden"), (status = 409, description = "b2b_schedule_clash")))]
pub async fn run_scheduler(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Json<PlanView>, AppError> {
    let (plan, quality): (Plan, Quality) = planning::run(&state, &member, id).await?;
    Ok(Json(plan_view(&plan, serde_json::to_value(quality).ok())))
}

#[derive(Serialize, ToSchema)]
pub struct Published {
    published: usize,
}

/// Publishes the draft: all of it, or nothing when a meeting clashes (organisers).
#[utoipa::path(post, operation_id = "publish_b2b_schedule", path = "/api/v1/events/{id}/b2b/schedule/publish", tag = "meetings", security(("bearer" = [])),
    responses((status = 200, body = Published), (status = 403, description = "forbidden"), (status = 409, description = "b2b_schedule_clash")))]
pub async fn publish(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Json<Published>, AppError> {
    let published = planning::publish(&state, &member, id).await?;
    Ok(Json(Published { published }))
}

/// The organisers' figures: participants, requests, meetings, feedback, by country and
/// sector. Also as `/events/{id}/b2b/dashboard.csv` and `.xlsx`.
#[utoipa::path(get, operation_id = "b2b_dashboard", path = "/api/v1/events/{id}/b2b/dashboard", tag = "meetings", security(("bearer" = [])),
    responses((status = 200, body = Dashboard), (status = 403, description = "forbidden")))]
pub async fn dashboard(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Json<Dashboard>, AppError> {
    let (_, figures, _) = dashboard::dashboard(&state, &member, id).await?;
    Ok(Json(figures))
}

pub async fn dashboard_csv(
    State(state): State<AppState>,
    member: CurrentMember,
    i18n: I18n,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let sheets = dashboard::sheets(&state, &member, id, i18n).await?;
    let meetings = sheets
        .into_iter()
        .nth(1)
        .map(|s| s.rows)
        .unwrap_or_default();
    tables::csv_file(&format!("b2b-meetings-event-{id}"), &meetings)
}

pub async fn dashboard_xlsx(
    State(state): State<AppState>,
    member: CurrentMember,
    i18n: I18n,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let sheets = dashboard::sheets(&state, &member, id, i18n).await?;
    tables::xlsx_file(&format!("b2b-event-{id}"), &sheets)
}
