//! Organisers: the programme's figures as tables (requests by outcome, meetings, feedback; by
//! country and by sector, with the sectors' names), and links to the CSV and XLSX exports.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::*;
use crate::meetings::dashboard;
use crate::web::layout::Page;
use crate::web::render;

/// A row of a breakdown: a country or a sector, with its counts.
pub struct BreakdownRow {
    pub name: String,
    pub participants: String,
    pub meetings: String,
}

#[derive(Template)]
#[template(path = "meetings/dashboard.html")]
struct DashboardTemplate {
    page: Page,
    nav: Nav,
    figures: Vec<(String, String)>,
    by_country: Vec<BreakdownRow>,
    by_sector: Vec<BreakdownRow>,
}

pub async fn dashboard_page(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let i18n = page.i18n;
    let (programme, d, _) = dashboard::dashboard(&state, &member, id).await?;
    let topics = Topics::load(&state, i18n).await?;
    let n = |v: i64| i18n.number(v);
    let figures = [
        ("b2b-participants", d.participants),
        ("b2b-requests-sent", d.requests_sent),
        ("b2b-requests-pending", d.requests_pending),
        ("b2b-requests-accepted", d.requests_accepted),
        ("b2b-requests-declined", d.requests_declined),
        ("b2b-requests-expired", d.requests_expired),
        ("b2b-requests-cancelled", d.requests_cancelled),
        ("b2b-meetings-draft", d.meetings_draft),
        ("b2b-meetings-scheduled", d.meetings_scheduled),
        ("b2b-meetings-cancelled", d.meetings_cancelled),
        ("b2b-meetings-held", d.meetings_held),
        ("b2b-feedback-answers", d.feedback_answers),
        ("b2b-follow-ups", d.follow_ups),
    ]
    .into_iter()
    .map(|(key, value)| (i18n.t(key), n(value)))
    .chain(std::iter::once((
        i18n.t("b2b-usefulness-mean"),
        d.usefulness_mean
            .map_or_else(|| "–".to_string(), |m| i18n.decimal(m)),
    )))
    .collect();
    let rows = |list: &[dashboard::Breakdown], name: &dyn Fn(&str) -> String| {
        list.iter()
            .map(|b| BreakdownRow {
                name: name(&b.key),
                participants: n(b.participants),
                meetings: n(b.meetings),
            })
            .collect::<Vec<_>>()
    };
    let unknown = i18n.t("b2b-unknown");
    let by_country = rows(&d.by_country, &|code| {
        if code.is_empty() {
            unknown.clone()
        } else {
            country_name(i18n, code)
        }
    });
    let by_sector = rows(&d.by_sector, &|slug| topics.name(slug));
    let template = DashboardTemplate {
        nav: Nav::new(&programme.event, i18n, true, "dashboard"),
        figures,
        by_country,
        by_sector,
        page,
    };
    render(StatusCode::OK, &template)
}
