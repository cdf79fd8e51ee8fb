//! `circula library import DIR`: every supported file of a folder becomes a document, with
//! metadata from a sidecar (`metadata.csv` or `metadata.json` in the folder) where it names the
//! file; files it does not name get their title from their name. Every file goes through the
//! same checks as an upload; what fails is reported with its reason, the rest is imported.
//!
//! Sidecar columns (CSV header, or JSON object keys): `file` (required), `title`,
//! `description`, `authors`, `year`, `type`, `languages`, `topics`, `tags`, `visibility`.
//! Lists are separated by `;` or `,` in CSV, and may be arrays in JSON.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use super::{MetadataInput, Received, model};
use crate::state::AppState;
use crate::web::i18n::{I18n, Locale};
use crate::web::identity::CurrentMember;

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub imported: Vec<(String, i64)>,
    /// File name and why it failed.
    pub failed: Vec<(String, String)>,
}

fn list(value: &serde_json::Value) -> Option<Vec<String>> {
    match value {
        serde_json::Value::Array(items) => Some(
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
        ),
        serde_json::Value::String(s) => Some(
            s.split([';', ','])
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect(),
        ),
        _ => None,
    }
}

fn text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Sidecar entries by file name.
fn read_sidecar(
    dir: &Path,
) -> anyhow::Result<HashMap<String, serde_json::Map<String, serde_json::Value>>> {
    let mut rows: Vec<serde_json::Map<String, serde_json::Value>> = Vec::new();
    let csv_path = dir.join("metadata.csv");
    let json_path = dir.join("metadata.json");
    if csv_path.exists() {
        let mut reader = csv::Reader::from_path(&csv_path)
            .with_context(|| format!("cannot read {}", csv_path.display()))?;
        for record in reader.deserialize::<HashMap<String, String>>() {
            let record =
                record.with_context(|| format!("{} is not valid CSV", csv_path.display()))?;
            rows.push(
                record
                    .into_iter()
                    .map(|(k, v)| (k.trim().to_string(), serde_json::Value::String(v)))
                    .collect(),
            );
        }
    } else if json_path.exists() {
        let source = std::fs::read_to_string(&json_path)?;
        let values: Vec<serde_json::Value> = serde_json::from_str(&source)
            .with_context(|| format!("{} must be a JSON array of objects", json_path.display()))?;
        for value in values {
            if let serde_json::Value::Object(map) = value {
                rows.push(map);
            }
        }
    }
    let mut out = HashMap::new();
    for row in rows {
        if let Some(file) = row.get("file").and_then(text) {
            out.insert(file, row);
        }
    }
    Ok(out)
}

fn metadata(row: Option<&serde_json::Map<String, serde_json::Value>>) -> MetadataInput {
    let Some(row) = row else {
        return MetadataInput::default();
    };
    let get = |key: &str| row.get(key).and_then(text).filter(|v| !v.trim().is_empty());
    MetadataInput {
        title: get("title"),
        description: get("description"),
        authors: get("authors"),
        year: get("year").map(serde_json::Value::String),
        doc_type: get("type"),
        languages: row.get("languages").and_then(list),
        topics: row.get("topics").and_then(list),
        tags: row.get("tags").and_then(list),
        visibility: get("visibility"),
    }
}

/// Imports the folder as `member`, showing progress on the terminal.
pub async fn import_dir(
    state: &AppState,
    member: &CurrentMember,
    dir: &Path,
) -> anyhow::Result<ImportReport> {
    let sidecar = read_sidecar(dir)?;
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the folder {}", dir.display()))?
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name != "metadata.csv" && name != "metadata.json")
        .collect();
    files.sort();
    let mut report = ImportReport::default();
    for name in sidecar.keys() {
        if !files.contains(name) {
            report.failed.push((
                name.clone(),
                "named in the sidecar, but not in the folder".into(),
            ));
        }
    }
    let bar = ProgressBar::new(files.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let english = I18n::new(Locale::En);
    for name in files {
        bar.set_message(name.clone());
        let outcome = async {
            if model::Format::from_name(&name).is_none() {
                return Err(
                    "not a supported file type (PDF, DOCX, ODT, PPTX, XLSX, TXT, Markdown, HTML)"
                        .to_string(),
                );
            }
            let received = Received::copy_of(state, &dir.join(&name), &name)
                .await
                .map_err(|e| format!("cannot read: {e}"))?;
            super::upload(state, member, metadata(sidecar.get(&name)), &received)
                .await
                .map_err(|e| format!("{} ({})", e.message(english), e.code()))
        }
        .await;
        match outcome {
            Ok(id) => report.imported.push((name, id)),
            Err(reason) => report.failed.push((name, reason)),
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sidecar_rows_become_metadata() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("metadata.csv"),
            "file,title,year,type,languages,topics\ncode.pdf,Кодекс,2021,law,ru;kk,recycling\n",
        )
        .unwrap();
        let sidecar = read_sidecar(dir.path()).unwrap();
        let input = metadata(sidecar.get("code.pdf"));
        assert_eq!(input.title.as_deref(), Some("Кодекс"));
        assert_eq!(input.doc_type.as_deref(), Some("law"));
        assert_eq!(
            input.languages,
            Some(vec!["ru".to_string(), "kk".to_string()])
        );
        assert_eq!(input.year, Some(serde_json::Value::String("2021".into())));
        std::fs::remove_file(dir.path().join("metadata.csv")).unwrap();
        std::fs::write(
            dir.path().join("metadata.json"),
            r#"[{"file": "a.txt", "year": 2020, "tags": ["x", "y"]}]"#,
        )
        .unwrap();
        let sidecar = read_sidecar(dir.path()).unwrap();
        let input = metadata(sidecar.get("a.txt"));
        assert_eq!(input.tags, Some(vec!["x".to_string(), "y".to_string()]));
        assert_eq!(input.year, Some(serde_json::Value::String("2020".into())));
    }
}
