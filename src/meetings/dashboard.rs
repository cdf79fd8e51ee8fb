//! The organisers' dashboard: participants, requests by outcome, meetings scheduled and held,
//! feedback, by country and by sector; and the same as CSV and XLSX.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use super::db::{self, MeetingRow};
use super::programme::Programme;
use super::{access, profiles};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::identity::CurrentMember;
use crate::web::tables::Sheet;

/// Counts for one country or one sector.
#[derive(Clone, Debug, Default, Serialize, ToSchema)]
pub struct Breakdown {
    pub key: String,
    pub participants: i64,
    pub meetings: i64,
}

#[derive(Clone, Debug, Default, Serialize, ToSchema)]
pub struct Dashboard {
    pub participants: i64,
    pub requests_sent: i64,
    pub requests_pending: i64,
    pub requests_accepted: i64,
    pub requests_declined: i64,
    pub requests_expired: i64,
    pub requests_cancelled: i64,
    pub meetings_draft: i64,
    pub meetings_scheduled: i64,
    pub meetings_cancelled: i64,
    /// Meetings at least one side said took place.
    pub meetings_held: i64,
    pub feedback_answers: i64,
    /// Mean usefulness (1–5) over the answers that gave one.
    pub usefulness_mean: Option<f64>,
    /// Answers that want to follow up.
    pub follow_ups: i64,
    /// By the participants' country (from their member profile).
    pub by_country: Vec<Breakdown>,
    /// By sector topic (from offers and requests).
    pub by_sector: Vec<Breakdown>,
}

/// The figures, and the meetings behind them (organisers).
pub async fn dashboard(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
) -> Result<(Programme, Dashboard, Vec<MeetingRow>), AppError> {
    let programme = access::organiser(state, member, event_id).await?;
    db::expire(&state.db, crate::store::now_ms()).await?;
    let profiles = profiles::profiles(state, event_id, None).await?;
    let counts = db::request_counts(&state.db, event_id).await?;
    let count = |status: &str| {
        counts
            .iter()
            .find(|(s, _)| s == status)
            .map_or(0, |(_, n)| *n)
    };
    let meetings =
        db::meetings_in(&state.db, event_id, &["draft", "scheduled", "cancelled"]).await?;
    let feedback = db::feedback_in(&state.db, event_id).await?;
    let countries = db::member_countries(&state.db, event_id).await?;
    let held: Vec<i64> = {
        let mut ids: Vec<i64> = feedback
            .iter()
            .filter(|f| f.took_place != 0)
            .map(|f| f.meeting_id)
            .collect();
        ids.dedup();
        ids
    };
    let rated: Vec<i64> = feedback.iter().filter_map(|f| f.usefulness).collect();
    let scheduled: Vec<&MeetingRow> = meetings.iter().filter(|m| m.state == "scheduled").collect();
    let mut by_country: BTreeMap<String, Breakdown> = BTreeMap::new();
    let mut by_sector: BTreeMap<String, Breakdown> = BTreeMap::new();
    for p in &profiles {
        let id = p.row.member_id;
        let met = scheduled.iter().filter(|m| m.involves(id)).count() as i64;
        let country = countries
            .iter()
            .find(|(m, _)| *m == id)
            .and_then(|(_, c)| c.clone())
            .unwrap_or_default();
        let entry = by_country.entry(country.clone()).or_default();
        entry.key = country;
        entry.participants += 1;
        entry.meetings += met;
        for topic in p.topics() {
            let entry = by_sector.entry(topic.to_string()).or_default();
            entry.key = topic.to_string();
            entry.participants += 1;
            entry.meetings += met;
        }
    }
    let figures = Dashboard {
        participants: profiles.len() as i64,
        requests_sent: counts.iter().map(|(_, n)| n).sum(),
        requests_pending: count("pending"),
        requests_accepted: count("accepted"),
        requests_declined: count("declined"),
        requests_expired: count("expired"),
        requests_cancelled: count("cancelled"),
        meetings_draft: meetings.iter().filter(|m| m.state == "draft").count() as i64,
        meetings_scheduled: scheduled.len() as i64,
        meetings_cancelled: meetings.iter().filter(|m| m.state == "cancelled").count() as i64,
        meetings_held: held.len() as i64,
        feedback_answers: feedback.len() as i64,
        usefulness_mean: (!rated.is_empty())
            .then(|| rated.iter().sum::<i64>() as f64 / rated.len() as f64),
        follow_ups: feedback.iter().filter(|f| f.follow_up != 0).count() as i64,
        by_country: by_country.into_values().collect(),
        by_sector: by_sector.into_values().collect(),
    };
    Ok((programme, figures, meetings))
}

/// The export: a summary sheet and one row per meeting with both sides' feedback.
pub async fn sheets(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
    i18n: I18n,
) -> Result<Vec<Sheet>, AppError> {
    let (programme, figures, meetings) = dashboard(state, member, event_id).await?;
    let feedback = db::feedback_in(&state.db, event_id).await?;
    let zone = &programme.event.event.timezone;
    let t = |key: &str| i18n.t(key);
    let mut summary = vec![vec![t("b2b-figure"), t("b2b-value")]];
    for (key, value) in [
        ("b2b-participants", figures.participants),
        ("b2b-requests-sent", figures.requests_sent),
        ("b2b-requests-accepted", figures.requests_accepted),
        ("b2b-requests-declined", figures.requests_declined),
        ("b2b-requests-expired", figures.requests_expired),
        ("b2b-meetings-scheduled", figures.meetings_scheduled),
        ("b2b-meetings-held", figures.meetings_held),
        ("b2b-follow-ups", figures.follow_ups),
    ] {
        summary.push(vec![t(key), value.to_string()]);
    }
    let mut rows = vec![vec![
        t("b2b-export-start"),
        t("b2b-export-side-a"),
        t("b2b-export-side-b"),
        t("b2b-export-state"),
        t("b2b-export-took-place"),
        t("b2b-export-usefulness"),
        t("b2b-export-follow-up"),
    ]];
    for m in &meetings {
        let answers: Vec<_> = feedback.iter().filter(|f| f.meeting_id == m.id).collect();
        let took_place = answers.iter().any(|f| f.took_place != 0);
        let usefulness: Vec<String> = answers
            .iter()
            .filter_map(|f| f.usefulness.map(|u| u.to_string()))
            .collect();
        rows.push(vec![
            i18n.stored_datetime(m.starts_at, zone),
            m.a_name.clone(),
            m.b_name.clone(),
            t(&format!("b2b-state-{}", m.state)),
            if answers.is_empty() {
                String::new()
            } else if took_place {
                t("b2b-yes")
            } else {
                t("b2b-no")
            },
            usefulness.join(" / "),
            if answers.iter().any(|f| f.follow_up != 0) {
                t("b2b-yes")
            } else {
                String::new()
            },
        ]);
    }
    Ok(vec![
        Sheet {
            name: t("b2b-dashboard"),
            rows: summary,
        },
        Sheet {
            name: t("b2b-meetings"),
            rows,
        },
    ])
}
