//! Library input, parsed at the edge: document types, visibility, file formats judged by
//! content, safe file names, titles from file names, metadata fields, collection names and
//! language guessing. Pure, unit-tested.

use axum::http::StatusCode;

use crate::web::error::AppError;

/// What kind of document it is (a facet).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DocType {
    Law,
    Study,
    Presentation,
    Guide,
    Report,
    Concept,
    Other,
}

impl DocType {
    pub const ALL: [DocType; 7] = [
        DocType::Law,
        DocType::Study,
        DocType::Presentation,
        DocType::Guide,
        DocType::Report,
        DocType::Concept,
        DocType::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocType::Law => "law",
            DocType::Study => "study",
            DocType::Presentation => "presentation",
            DocType::Guide => "guide",
            DocType::Report => "report",
            DocType::Concept => "concept",
            DocType::Other => "other",
        }
    }

    pub fn parse(input: &str) -> Result<DocType, AppError> {
        let input = input.trim();
        if input.is_empty() {
            return Ok(DocType::Other);
        }
        DocType::ALL
            .into_iter()
            .find(|t| t.as_str() == input)
            .ok_or_else(|| AppError::invalid("doc_type", "library_doc_type"))
    }

    pub fn from_db(value: &str) -> DocType {
        DocType::parse(value).unwrap_or(DocType::Other)
    }
}

/// Who may see a document: everyone, or signed-in members only.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    Public,
    Members,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Public => "public",
            Access::Members => "members",
        }
    }

    /// Members only unless asked otherwise: the safer default.
    pub fn parse(input: &str) -> Result<Access, AppError> {
        match input.trim() {
            "public" => Ok(Access::Public),
            "members" | "" => Ok(Access::Members),
            _ => Err(AppError::invalid("visibility", "library_visibility")),
        }
    }

    pub fn from_db(value: &str) -> Access {
        if value == "public" {
            Access::Public
        } else {
            Access::Members
        }
    }
}

/// A file format the library accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Docx,
    Odt,
    Pptx,
    Xlsx,
    Txt,
    Markdown,
    Html,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Pdf,
        Format::Docx,
        Format::Odt,
        Format::Pptx,
        Format::Xlsx,
        Format::Txt,
        Format::Markdown,
        Format::Html,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Pptx => "pptx",
            Format::Xlsx => "xlsx",
            Format::Txt => "txt",
            Format::Markdown => "md",
            Format::Html => "html",
        }
    }

    pub fn from_db(value: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == value)
    }

    /// The format a file name claims, by its extension.
    pub fn from_name(name: &str) -> Option<Format> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "pdf" => Format::Pdf,
            "docx" => Format::Docx,
            "odt" => Format::Odt,
            "pptx" => Format::Pptx,
            "xlsx" => Format::Xlsx,
            "txt" | "text" => Format::Txt,
            "md" | "markdown" => Format::Markdown,
            "html" | "htm" => Format::Html,
            _ => return None,
        })
    }

    /// The media type a download is sent with.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Odt => "application/vnd.oasis.opendocument.text",
            Format::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Txt => "text/plain; charset=utf-8",
            Format::Markdown => "text/markdown; charset=utf-8",
            Format::Html => "text/html; charset=utf-8",
        }
    }

    pub fn is_zip(self) -> bool {
        matches!(
            self,
            Format::Docx | Format::Odt | Format::Pptx | Format::Xlsx
        )
    }

    /// The archive member that proves a zip is this format.
    pub fn zip_marker(self) -> Option<&'static str> {
        match self {
            Format::Docx => Some("word/document.xml"),
            Format::Pptx => Some("ppt/presentation.xml"),
            Format::Xlsx => Some("xl/workbook.xml"),
            Format::Odt => Some("content.xml"),
            _ => None,
        }
    }
}

/// What the first bytes of a file say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sniffed {
    Pdf,
    Zip,
    Executable,
    /// UTF-8 text without NUL bytes (plain, Markdown or HTML).
    Text,
    Binary,
}

/// Judges content by its first bytes (at least the first 8 KB when the file is that long).
pub fn sniff(head: &[u8]) -> Sniffed {
    let starts = |magic: &[u8]| head.starts_with(magic);
    if starts(b"%PDF-") {
        return Sniffed::Pdf;
    }
    if starts(b"PK\x03\x04") {
        return Sniffed::Zip;
    }
    let executable: [&[u8]; 8] = [
        b"MZ",
        b"\x7fELF",
        b"\xfe\xed\xfa\xce",
        b"\xfe\xed\xfa\xcf",
        b"\xce\xfa\xed\xfe",
        b"\xcf\xfa\xed\xfe",
        b"\xca\xfe\xba\xbe",
        b"#!",
    ];
    if executable.iter().any(|m| starts(m)) || starts(b"\0asm") {
        return Sniffed::Executable;
    }
    if head.contains(&0) {
        return Sniffed::Binary;
    }
    match std::str::from_utf8(head) {
        Ok(_) => Sniffed::Text,
        // The head may end inside a character.
        Err(e) if e.error_len().is_none() && head.len() - e.valid_up_to() < 4 => Sniffed::Text,
        Err(_) => Sniffed::Binary,
    }
}

/// Checks that content matches the claimed format: 415 otherwise. Zip formats are confirmed
/// later by their members (see `extract::check_archive`).
pub fn check_content(claimed: Format, head: &[u8]) -> Result<(), AppError> {
    let sniffed = sniff(head);
    let ok = match claimed {
        Format::Pdf => sniffed == Sniffed::Pdf,
        f if f.is_zip() => sniffed == Sniffed::Zip,
        _ => sniffed == Sniffed::Text,
    };
    if ok {
        Ok(())
    } else {
        Err(AppError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "library_content_mismatch",
        ))
    }
}

/// A file name safe to show and to send back in `Content-Disposition`: the last path
/// component, without control or quoting characters, at most 120 characters (keeping the
/// extension), never empty or hidden.
pub fn safe_file_name(input: &str, format: Format) -> String {
    let last = input.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .map(|c| match c {
            '"' | '<' | '>' | ':' | '|' | '?' | '*' | ';' => '_',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_string();
    let ext = format!(".{}", format.as_str());
    let stem = match cleaned.rsplit_once('.') {
        Some((stem, e)) if Format::from_name(&format!("x.{e}")) == Some(format) => stem,
        _ => cleaned.as_str(),
    };
    let stem: String = stem.trim().chars().take(120 - ext.len()).collect();
    let stem = if stem.trim().is_empty() {
        "document".to_string()
    } else {
        stem.trim().to_string()
    };
    format!("{stem}{ext}")
}

/// Characters that reorder how a name is shown (`evil\u{202e}fdp.exe` reads as `evilexe.pdf`).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A `Content-Disposition` value with an ASCII fallback and the UTF-8 name (RFC 6266).
pub fn content_disposition(kind: &str, name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = url::form_urlencoded::byte_serialize(name.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// A title: trimmed, 1 to 300 characters, one line.
pub fn parse_title(input: &str) -> Result<String, AppError> {
    let title: String = input
        .trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if title.is_empty() {
        return Err(AppError::invalid("title", "library_title_required"));
    }
    if title.chars().count() > 300 {
        return Err(AppError::invalid("title", "library_title_too_long"));
    }
    Ok(title)
}

/// Free text (description, authors): trimmed, at most `max` characters.
pub fn parse_text(input: &str, max: usize, field: &'static str) -> Result<String, AppError> {
    let text = input.trim().replace('\0', "");
    if text.chars().count() > max {
        return Err(AppError::invalid(field, "library_text_too_long"));
    }
    Ok(text)
}

/// A publication year between 1800 and next year; empty for none.
pub fn parse_year(input: &str) -> Result<Option<i64>, AppError> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    let next = jiff::Zoned::now().year() as i64 + 1;
    match input.parse::<i64>() {
        Ok(year) if (1800..=next).contains(&year) => Ok(Some(year)),
        _ => Err(AppError::invalid("year", "library_year")),
    }
}

/// Language codes (ISO 639-1 from the members' list), without repeats.
pub fn parse_languages(values: &[String]) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = Vec::new();
    for value in values.iter().flat_map(|v| v.split(',')) {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let code = crate::web::text::parse_language(value)
            .map_err(|_| AppError::invalid("languages", "library_language"))?;
        if !out.iter().any(|c| c == code) {
            out.push(code.to_string());
        }
    }
    Ok(out)
}

/// Free tags: trimmed, folded, 1 to 40 characters, at most 20, without repeats.
pub fn parse_tags(values: &[String]) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = Vec::new();
    for value in values.iter().flat_map(|v| v.split(',')) {
        let tag = crate::store::fold(value.trim());
        if tag.is_empty() {
            continue;
        }
        if tag.chars().count() > 40 || tag.contains('\n') {
            return Err(AppError::invalid("tags", "library_tag"));
        }
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    if out.len() > 20 {
        return Err(AppError::invalid("tags", "library_tag"));
    }
    Ok(out)
}

/// A link to an outside resource: http or https only.
pub fn parse_link(input: &str) -> Result<String, AppError> {
    let parsed = url::Url::parse(input.trim())
        .map_err(|_| AppError::invalid("url", "library_link_invalid"))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(AppError::invalid("url", "library_link_invalid"));
    }
    if input.len() > 2000 {
        return Err(AppError::invalid("url", "library_link_invalid"));
    }
    Ok(parsed.to_string())
}

/// Lists are stored one value a line.
pub fn join_list(values: &[String]) -> String {
    values.join("\n")
}

pub fn split_list(stored: &str) -> Vec<String> {
    stored
        .split('\n')
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

/// The stem of a file name, as a title for a document uploaded without one.
pub fn title_from_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = last.rsplit_once('.').map_or(last, |(stem, _)| stem);
    let title: String = stem
        .chars()
        .map(|c| if c == '_' || c.is_control() { ' ' } else { c })
        .take(300)
        .collect();
    let title = title.trim();
    if title.is_empty() {
        "Document".to_string()
    } else {
        title.to_string()
    }
}

/// A collection name: lower-case ASCII letters, digits, `-`, `_` and `:`, 1 to 100
/// characters, e.g. `event:42`.
pub fn check_collection(collection: &str) -> Result<(), AppError> {
    let valid = (1..=100).contains(&collection.len())
        && collection
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_:".contains(&b));
    if valid {
        Ok(())
    } else {
        Err(AppError::invalid("collection", "library_collection"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_judges_content_not_names() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Sniffed::Pdf);
        assert_eq!(sniff(b"PK\x03\x04rest"), Sniffed::Zip);
        assert_eq!(sniff(b"MZ\x90\0"), Sniffed::Executable);
        assert_eq!(sniff(b"\x7fELF\x02"), Sniffed::Executable);
        assert_eq!(sniff(b"#!/bin/sh\nrm -rf /"), Sniffed::Executable);
        assert_eq!(sniff("Привет".as_bytes()), Sniffed::Text);
        assert_eq!(sniff(&"Ж".as_bytes()[..1]), Sniffed::Text);
        assert_eq!(sniff(b"a\0b"), Sniffed::Binary);
        assert!(check_content(Format::Pdf, b"%PDF-1.4").is_ok());
        let err = check_content(Format::Pdf, b"<!doctype html><script>").unwrap_err();
        assert_eq!(err.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(check_content(Format::Txt, b"MZ\x90\0").is_err());
        assert!(check_content(Format::Docx, b"%PDF-1.4").is_err());
        assert!(check_content(Format::Html, b"<html></html>").is_ok());
    }

    #[test]
    fn formats_by_extension() {
        assert_eq!(Format::from_name("Report.PDF"), Some(Format::Pdf));
        assert_eq!(Format::from_name("a.tar.docx"), Some(Format::Docx));
        assert_eq!(Format::from_name("notes.md"), Some(Format::Markdown));
        assert_eq!(Format::from_name("virus.exe"), None);
        assert_eq!(Format::from_name("README"), None);
    }

    #[test]
    fn hostile_file_names_are_neutralised() {
        assert_eq!(
            safe_file_name("../../etc/passwd.txt", Format::Txt),
            "passwd.txt"
        );
        assert_eq!(
            safe_file_name("C:\\Users\\x\\evil\".pdf", Format::Pdf),
            "evil_.pdf"
        );
        assert_eq!(safe_file_name("a\u{0}b\r\nc.pdf", Format::Pdf), "abc.pdf");
        assert_eq!(
            safe_file_name("evil\u{202e}fdp.txt", Format::Txt),
            "evilfdp.txt"
        );
        assert_eq!(safe_file_name(".htaccess", Format::Txt), "htaccess.txt");
        assert_eq!(safe_file_name("", Format::Pdf), "document.pdf");
        let long = format!("{}.pdf", "я".repeat(1000));
        let safe = safe_file_name(&long, Format::Pdf);
        assert_eq!(safe.chars().count(), 120);
        assert!(safe.ends_with(".pdf"));
        // The claimed extension is replaced by the judged format's.
        assert_eq!(safe_file_name("report.pdf", Format::Txt), "report.pdf.txt");
        let header = content_disposition("attachment", "Отчёт \"1\".pdf");
        assert!(header.starts_with("attachment; filename=\"_____ _1_.pdf\""));
        assert!(header.contains("filename*=UTF-8''%D0%9E"));
    }

    #[test]
    fn metadata_fields_parse() {
        assert_eq!(parse_title("  Kodex \n ").unwrap(), "Kodex");
        assert!(parse_title(" ").is_err());
        assert!(parse_title(&"x".repeat(301)).is_err());
        assert_eq!(parse_year("2021").unwrap(), Some(2021));
        assert_eq!(parse_year("").unwrap(), None);
        assert!(parse_year("1700").is_err());
        assert!(parse_year("20x1").is_err());
        assert_eq!(
            parse_languages(&["ru, de".into(), "ru".into()]).unwrap(),
            vec!["ru", "de"]
        );
        assert!(parse_languages(&["xx".into()]).is_err());
        assert_eq!(
            parse_tags(&["PET, Plastik".into(), "pet".into()]).unwrap(),
            vec!["pet", "plastik"]
        );
        assert!(parse_link("javascript:alert(1)").is_err());
        assert_eq!(
            parse_link("https://eur-lex.europa.eu/x").unwrap(),
            "https://eur-lex.europa.eu/x"
        );
        assert_eq!(DocType::parse("law").unwrap(), DocType::Law);
        assert_eq!(DocType::parse("").unwrap(), DocType::Other);
        assert!(DocType::parse("novel").is_err());
        assert_eq!(Access::parse("").unwrap(), Access::Members);
        assert!(Access::parse("secret").is_err());
        assert_eq!(
            split_list(&join_list(&["a".into(), "b".into()])),
            vec!["a", "b"]
        );
    }

    #[test]
    fn titles_from_file_names() {
        assert_eq!(
            title_from_name("../Ecological_Code 2021.pdf"),
            "Ecological Code 2021"
        );
        assert_eq!(title_from_name(".pdf"), "Document");
        assert!(check_collection("event:42").is_ok());
        assert!(check_collection("Event 42").is_err());
        assert!(check_collection("").is_err());
    }
}
