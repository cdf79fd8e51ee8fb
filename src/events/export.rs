//! The participant list as CSV and as an Excel workbook, for the event's organisers.
//!
//! Both files hold the same table: one row per registered member, with their answers to the
//! registration questions and their sessions. Column headings are in the organiser's
//! language. CSV cells that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`) are
//! prefixed with an apostrophe, so a participant's answer cannot run in an organiser's
//! spreadsheet; the workbook writes every cell as a string, which has the same effect.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::db;
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::identity::CurrentMember;

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

/// A cell a spreadsheet will show as text, never evaluate.
fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn attachment(content_type: &str, filename: String, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

pub async fn csv(
    State(state): State<AppState>,
    member: CurrentMember,
    i18n: I18n,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (name, rows) = table(&state, &member, id, i18n).await?;
    // A byte-order mark, so that spreadsheet programs read the file as UTF-8 (Cyrillic names).
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    for row in rows {
        writer
            .write_record(row.iter().map(|c| defuse(c)))
            .map_err(|e| AppError::Internal(e.into()))?;
    }
    let body = writer
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    Ok(attachment(
        "text/csv; charset=utf-8",
        format!("{name}.csv"),
        body,
    ))
}

pub async fn xlsx(
    State(state): State<AppState>,
    member: CurrentMember,
    i18n: I18n,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (name, rows) = table(&state, &member, id, i18n).await?;
    let body = workbook(&rows).map_err(|e| AppError::Internal(e.into()))?;
    Ok(attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        format!("{name}.xlsx"),
        body,
    ))
}

fn workbook(rows: &[Vec<String>]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = Format::new().set_bold();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if r == 0 {
                sheet.write_string_with_format(r, c, cell, &bold)?;
            } else {
                sheet.write_string(r, c, cell)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofit();
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::defuse;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("+7 701 000"), "'+7 701 000");
        assert_eq!(defuse("Алматы"), "Алматы");
    }
}
