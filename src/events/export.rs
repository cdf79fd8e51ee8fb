//! The participant list as CSV and as an Excel workbook, for the event's organisers.
//!
//! Both files hold the same table: one row per registered member, with their answers to the
//! registration questions and their sessions. Column headings are in the organiser's
//! language; `web::tables` writes the files, defusing cells a spreadsheet would run.

use axum::extract::{Path, State};
use axum::response::Response;

use super::db;
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::identity::CurrentMember;
use crate::web::tables;

/// The table: a heading row, then one row per participant.
async fn table(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
    i18n: I18n,
) -> Result<(String, Vec<Vec<String>>), AppError> {
    let schedule = super::access::organised(state, member, event_id).await?;
    let (answers, seats) = tokio::try_join!(
        db::answers(&state.db, event_id),
        db::seats_of_event(&state.db, event_id),
    )?;
    let rows = super::people::participants(state, member, event_id).await?;
    let mut heading = vec![
        i18n.t("export-name"),
        i18n.t("export-email"),
        i18n.t("export-position"),
        i18n.t("export-organisation"),
        i18n.t("export-country"),
        i18n.t("export-registered-at"),
    ];
    heading.extend(schedule.questions.iter().map(|q| q.label.clone()));
    heading.push(i18n.t("export-sessions"));
    heading.push(i18n.t("export-waiting"));
    let mut out = vec![heading];
    for r in rows {
        let mut line = vec![
            r.name,
            r.email,
            r.position,
            r.organisation.unwrap_or_default(),
            r.country.unwrap_or_default(),
            i18n.stored_datetime(r.registered_at, &schedule.event.timezone),
        ];
        for q in &schedule.questions {
            line.push(
                answers
                    .iter()
                    .find(|a| a.0 == r.member_id && a.1 == q.id)
                    .map(|a| a.2.clone())
                    .unwrap_or_default(),
            );
        }
        let titles = |status: &str| {
            seats
                .iter()
                .filter(|s| s.member_id == r.member_id && s.status == status)
                .filter_map(|s| schedule.session(s.session_id).map(|x| x.row.title.clone()))
                .collect::<Vec<_>>()
                .join("; ")
        };
        line.push(titles("registered"));
        line.push(titles("waiting"));
        out.push(line);
    }
    Ok((format!("participants-event-{event_id}"), out))
}

pub async fn csv(
    State(state): State<AppState>,
    member: CurrentMember,
    i18n: I18n,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (name, rows) = table(&state, &member, id, i18n).await?;
    tables::csv_file(&name, &rows)
}

pub async fn xlsx(
    State(state): State<AppState>,
    member: CurrentMember,
    i18n: I18n,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (name, rows) = table(&state, &member, id, i18n).await?;
    let sheet = tables::Sheet {
        name: i18n.t("event-participants"),
        rows,
    };
    tables::xlsx_file(&name, &[sheet])
}
