//! Tables as files for organisers: CSV and Excel workbooks, written the same way everywhere.
//!
//! CSV starts with a byte-order mark, so that spreadsheet programs read it as UTF-8 (Cyrillic
//! names). Cells that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`) are prefixed
//! with an apostrophe, so a member's text cannot run in an organiser's spreadsheet; the
//! workbook writes every cell as a string, which has the same effect.

use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::error::AppError;

/// A named sheet: a heading row, then data rows.
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<String>>,
}

/// A cell a spreadsheet will show as text, never evaluate.
pub fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// The rows as a CSV download named `{name}.csv`.
pub fn csv_file(name: &str, rows: &[Vec<String>]) -> Result<Response, AppError> {
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

/// The sheets as an Excel workbook named `{name}.xlsx`.
pub fn xlsx_file(name: &str, sheets: &[Sheet]) -> Result<Response, AppError> {
    let body = workbook(sheets).map_err(|e| AppError::Internal(e.into()))?;
    Ok(attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        format!("{name}.xlsx"),
        body,
    ))
}

fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for s in sheets {
        let sheet = book.add_worksheet();
        // Sheet names: at most 31 characters, none of []:*?/\.
        let name: String = s
            .name
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        if !name.is_empty() {
            sheet.set_name(name)?;
        }
        for (r, row) in s.rows.iter().enumerate() {
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
    }
    book.save_to_buffer()
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
