//! Text extraction from uploaded files, for search and for the preview.
//!
//! PDF pages come from lopdf (one text per page, so search can name the page); the Office and
//! OpenDocument formats are zip archives of XML, read with the zip crate and streamed through
//! quick-xml (PPTX slides count as pages); HTML goes through a real parser (scraper, html5ever)
//! that drops scripts and styles; Markdown through pulldown-cmark. Pages are joined with a form
//! feed (`\f`).
//!
//! Archives are checked before anything is unpacked ([`check_archive`]): too many members, or
//! members that claim too many bytes, are refused as a zip bomb; while reading, every member is
//! read through a hard byte limit as well, since the sizes an archive claims can lie.

use std::io::{Cursor, Read, Seek};

use axum::http::StatusCode;
use quick_xml::events::Event;

use super::model::Format;
use crate::web::error::AppError;

/// Most members an archive may have.
const MAX_MEMBERS: usize = 10_000;
/// Most bytes one archive member may unpack to.
const MAX_MEMBER_BYTES: u64 = 64 * 1024 * 1024;
/// Most bytes all members together may unpack to.
const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;
/// Most characters of text kept from one file.
const MAX_TEXT_CHARS: usize = 4_000_000;

/// Why extraction failed; stored with the document and shown to the uploader, translated
/// (`library-extraction-<code>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// An encrypted (password-protected) file.
    Encrypted,
    /// No text inside: a scanned PDF, an empty file.
    NoText,
    /// The file cannot be read as its format.
    Damaged,
    /// The archive unpacks to more than the limits allow.
    TooLarge,
}

impl Failure {
    pub fn as_str(self) -> &'static str {
        match self {
            Failure::Encrypted => "encrypted",
            Failure::NoText => "no-text",
            Failure::Damaged => "damaged",
            Failure::TooLarge => "too-large",
        }
    }
}

/// The text of a file.
#[derive(Debug, PartialEq, Eq)]
pub struct Extracted {
    /// Pages joined by `\f`; one page for formats without pages.
    pub text: String,
    /// Number of pages (PDF pages, PPTX slides), for formats that have them.
    pub pages: Option<i64>,
}

/// Confirms that a zip upload is the claimed format and no zip bomb.
pub fn check_archive<R: Read + Seek>(reader: R, format: Format) -> Result<(), AppError> {
    let mismatch = || {
        AppError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "library_content_mismatch",
        )
    };
    let mut archive = zip::ZipArchive::new(reader).map_err(|_| mismatch())?;
    if archive.len() > MAX_MEMBERS {
        return Err(AppError::invalid("file", "library_zip_bomb"));
    }
    let mut total = 0u64;
    for i in 0..archive.len() {
        let member = archive.by_index_raw(i).map_err(|_| mismatch())?;
        let size = member.size();
        total = total.saturating_add(size);
        if size > MAX_MEMBER_BYTES || total > MAX_TOTAL_BYTES {
            return Err(AppError::invalid("file", "library_zip_bomb"));
        }
    }
    let marker = format.zip_marker().ok_or_else(mismatch)?;
    if archive.index_for_name(marker).is_none() {
        return Err(mismatch());
    }
    if format == Format::Odt {
        let mut mimetype = String::new();
        archive
            .by_name("mimetype")
            .map_err(|_| mismatch())?
            .take(100)
            .read_to_string(&mut mimetype)
            .map_err(|_| mismatch())?;
        if mimetype.trim() != "application/vnd.oasis.opendocument.text" {
            return Err(mismatch());
        }
    }
    Ok(())
}

/// Extracts the text of a file whose format was already checked.
pub fn extract(format: Format, bytes: &[u8]) -> Result<Extracted, Failure> {
    let (text, pages) = match format {
        Format::Pdf => {
            let pages = pdf_pages(bytes)?;
            let count = pages.len() as i64;
            (pages.join("\u{c}"), Some(count))
        }
        Format::Docx => (zip_text(bytes, &["word/document.xml"])?, None),
        Format::Odt => (zip_text(bytes, &["content.xml"])?, None),
        Format::Xlsx => (xlsx_text(bytes)?, None),
        Format::Pptx => {
            let slides = pptx_slides(bytes)?;
            let count = slides.len() as i64;
            (slides.join("\u{c}"), Some(count))
        }
        Format::Txt => (String::from_utf8_lossy(bytes).into_owned(), None),
        Format::Markdown => (markdown_text(&String::from_utf8_lossy(bytes)), None),
        Format::Html => (html_text(&String::from_utf8_lossy(bytes)), None),
    };
    let text = clean(&text);
    if text.chars().all(|c| c.is_whitespace() || c == '\u{c}') {
        return Err(Failure::NoText);
    }
    Ok(Extracted { text, pages })
}

/// Drops NUL and other control characters (except line breaks, tabs and page breaks), and
/// bounds the length.
fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t' | '\u{c}'))
        .take(MAX_TEXT_CHARS)
        .collect()
}

fn pdf_pages(bytes: &[u8]) -> Result<Vec<String>, Failure> {
    let document = match lopdf::Document::load_mem(bytes) {
        Ok(document) => document,
        Err(lopdf::Error::Decryption(_)) | Err(lopdf::Error::UnsupportedSecurityHandler(_)) => {
            return Err(Failure::Encrypted);
        }
        Err(_) => return Err(Failure::Damaged),
    };
    // lopdf opens a file encrypted with an empty user password (only an owner password, the
    // kind every reader opens without asking) and decrypts it as it loads; anything else that
    // has an /Encrypt dictionary needs a password we do not have.
    if document.is_encrypted() && document.encryption_state.is_none() {
        return Err(Failure::Encrypted);
    }
    let pages = document.get_pages();
    if pages.is_empty() {
        return Err(Failure::Damaged);
    }
    Ok(pages
        .keys()
        .map(|n| {
            document
                .extract_text(&[*n])
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .collect())
}

fn archive(bytes: &[u8]) -> Result<zip::ZipArchive<Cursor<&[u8]>>, Failure> {
    zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| Failure::Damaged)
}

/// One archive member, read through the byte limit.
fn member<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
    budget: &mut u64,
) -> Result<Option<Vec<u8>>, Failure> {
    let file = match archive.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(zip::result::ZipError::UnsupportedArchive(_)) => return Err(Failure::Encrypted),
        Err(_) => return Err(Failure::Damaged),
    };
    let limit = MAX_MEMBER_BYTES.min(*budget);
    let mut out = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|_| Failure::Damaged)?;
    if out.len() as u64 > limit {
        return Err(Failure::TooLarge);
    }
    *budget -= out.len() as u64;
    Ok(Some(out))
}

fn zip_text(bytes: &[u8], names: &[&str]) -> Result<String, Failure> {
    let mut archive = archive(bytes)?;
    let mut budget = MAX_TOTAL_BYTES;
    let mut out = String::new();
    for name in names {
        let xml = member(&mut archive, name, &mut budget)?.ok_or(Failure::Damaged)?;
        xml_text(&xml, &mut out)?;
    }
    Ok(out)
}

/// The shared strings and inline strings of a workbook (numbers carry no words to find).
fn xlsx_text(bytes: &[u8]) -> Result<String, Failure> {
    let mut archive = archive(bytes)?;
    let mut budget = MAX_TOTAL_BYTES;
    let mut out = String::new();
    if let Some(xml) = member(&mut archive, "xl/sharedStrings.xml", &mut budget)? {
        xml_text(&xml, &mut out)?;
    }
    let sheets = numbered(&archive, "xl/worksheets/sheet", ".xml");
    for name in sheets {
        if let Some(xml) = member(&mut archive, &name, &mut budget)? {
            inline_strings(&xml, &mut out)?;
        }
    }
    Ok(out)
}

fn pptx_slides(bytes: &[u8]) -> Result<Vec<String>, Failure> {
    let mut archive = archive(bytes)?;
    let mut budget = MAX_TOTAL_BYTES;
    let names = numbered(&archive, "ppt/slides/slide", ".xml");
    let mut slides = Vec::new();
    for name in names {
        let mut text = String::new();
        if let Some(xml) = member(&mut archive, &name, &mut budget)? {
            xml_text(&xml, &mut text)?;
        }
        slides.push(text.trim().to_string());
    }
    if slides.is_empty() {
        return Err(Failure::Damaged);
    }
    Ok(slides)
}

/// Members named `{prefix}{N}{suffix}`, in the order of N.
fn numbered<R: Read + Seek>(
    archive: &zip::ZipArchive<R>,
    prefix: &str,
    suffix: &str,
) -> Vec<String> {
    let mut found: Vec<(u32, String)> = archive
        .file_names()
        .filter_map(|name| {
            let n = name.strip_prefix(prefix)?.strip_suffix(suffix)?;
            Some((n.parse().ok()?, name.to_string()))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, name)| name).collect()
}

/// Appends the character data of an XML document, a line break after each paragraph.
fn xml_text(xml: &[u8], out: &mut String) -> Result<(), Failure> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Text(text)) => out.push_str(&text.decode().map_err(|_| Failure::Damaged)?),
            Ok(Event::CData(data)) => out.push_str(&String::from_utf8_lossy(&data)),
            Ok(Event::GeneralRef(reference)) => push_reference(&reference, out),
            Ok(Event::Empty(element)) => match element.local_name().as_ref() {
                b"tab" => out.push('\t'),
                b"br" | b"line-break" => out.push('\n'),
                b"s" => out.push(' '),
                _ => {}
            },
            Ok(Event::End(element)) => {
                if matches!(element.local_name().as_ref(), b"p" | b"h" | b"si" | b"tr") {
                    out.push('\n');
                }
            }
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(_) => return Err(Failure::Damaged),
        }
        buf.clear();
    }
}

/// Appends the text of `<is><t>…</t></is>` inline strings of a worksheet.
fn inline_strings(xml: &[u8], out: &mut String) -> Result<(), Failure> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut in_inline = false;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == b"is" => in_inline = true,
            Ok(Event::End(e)) if e.local_name().as_ref() == b"is" => {
                in_inline = false;
                out.push('\n');
            }
            Ok(Event::Text(text)) if in_inline => {
                out.push_str(&text.decode().map_err(|_| Failure::Damaged)?);
            }
            Ok(Event::GeneralRef(reference)) if in_inline => push_reference(&reference, out),
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(_) => return Err(Failure::Damaged),
        }
        buf.clear();
    }
}

fn push_reference(reference: &quick_xml::events::BytesRef<'_>, out: &mut String) {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        out.push(c);
    } else if let Ok(name) = reference.decode()
        && let Some(text) = quick_xml::escape::resolve_predefined_entity(&name)
    {
        out.push_str(text);
    }
}

fn markdown_text(source: &str) -> String {
    use pulldown_cmark::{Event as Md, Parser, TagEnd};
    let mut out = String::new();
    for event in Parser::new(source) {
        match event {
            Md::Text(text) | Md::Code(text) => out.push_str(&text),
            Md::SoftBreak | Md::HardBreak => out.push('\n'),
            Md::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push('\n'),
            _ => {}
        }
    }
    out
}

fn html_text(source: &str) -> String {
    let document = scraper::Html::parse_document(source);
    let mut out = String::new();
    for node in document.tree.nodes() {
        let scraper::Node::Text(text) = node.value() else {
            continue;
        };
        let hidden = node.ancestors().any(|a| {
            a.value().as_element().is_some_and(|e| {
                matches!(
                    e.name(),
                    "script" | "style" | "noscript" | "template" | "head"
                )
            })
        });
        if !hidden {
            let text = text.trim();
            if !text.is_empty() {
                out.push_str(text);
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(members: &[(&str, &str)]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut writer = zip::ZipWriter::new(&mut out);
        for (name, content) in members {
            writer
                .start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            writer.write_all(content.as_bytes()).unwrap();
        }
        writer.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn docx_paragraphs_and_entities() {
        let docx = zip_of(&[(
            "word/document.xml",
            r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>Abfall &amp; Recycling</w:t></w:r></w:p><w:p><w:r><w:t>Zweiter</w:t><w:tab/><w:t>Absatz</w:t></w:r></w:p></w:body></w:document>"#,
        )]);
        check_archive(Cursor::new(&docx), Format::Docx).unwrap();
        let got = extract(Format::Docx, &docx).unwrap();
        assert_eq!(got.text, "Abfall & Recycling\nZweiter\tAbsatz\n");
        assert!(check_archive(Cursor::new(&docx), Format::Pptx).is_err());
    }

    #[test]
    fn pptx_slides_are_pages_and_xlsx_strings_are_found() {
        let pptx = zip_of(&[
            ("ppt/presentation.xml", "<p/>"),
            ("ppt/slides/slide10.xml", "<a:p xmlns:a='a'>zehn</a:p>"),
            ("ppt/slides/slide2.xml", "<a:p xmlns:a='a'>zwei</a:p>"),
        ]);
        let got = extract(Format::Pptx, &pptx).unwrap();
        assert_eq!(got.text, "zwei\u{c}zehn");
        assert_eq!(got.pages, Some(2));
        let xlsx = zip_of(&[
            ("xl/workbook.xml", "<w/>"),
            ("xl/sharedStrings.xml", "<sst><si><t>Полигон</t></si></sst>"),
            (
                "xl/worksheets/sheet1.xml",
                "<ws><c t='inlineStr'><is><t>Deponie</t></is></c><c><v>42</v></c></ws>",
            ),
        ]);
        let text = extract(Format::Xlsx, &xlsx).unwrap().text;
        assert!(text.contains("Полигон") && text.contains("Deponie") && !text.contains("42"));
    }

    #[test]
    fn html_drops_scripts_and_markdown_keeps_words() {
        let text = html_text(
            "<html><head><title>t</title><script>var secret=1</script></head><body><h1>Taraz</h1><style>p{}</style><p>Konzept &amp; Plan</p></body></html>",
        );
        assert_eq!(text, "Taraz\nKonzept & Plan\n");
        assert_eq!(
            markdown_text("# Titel\n\nSome *bold* text"),
            "Titel\nSome bold text\n"
        );
    }

    #[test]
    fn failures_have_reasons() {
        assert_eq!(
            extract(Format::Pdf, b"%PDF-1.4 garbage"),
            Err(Failure::Damaged)
        );
        assert_eq!(extract(Format::Txt, b"  \n "), Err(Failure::NoText));
        assert_eq!(extract(Format::Docx, b"PK\x03\x04"), Err(Failure::Damaged));
        assert_eq!(clean("a\0b\u{c}c\u{7}"), "ab\u{c}c");
    }

    #[test]
    fn zip_bombs_are_refused_before_unpacking() {
        let mut out = Cursor::new(Vec::new());
        let mut writer = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        writer.start_file("word/document.xml", options).unwrap();
        let zeros = vec![b' '; 1024 * 1024];
        for _ in 0..70 {
            writer.write_all(&zeros).unwrap();
        }
        writer.finish().unwrap();
        let bytes = out.into_inner();
        assert!(bytes.len() < 1024 * 1024);
        let err = check_archive(Cursor::new(&bytes), Format::Docx).unwrap_err();
        assert_eq!(err.code(), "library_zip_bomb");
        // Read anyway, the member limit stops it.
        assert_eq!(extract(Format::Docx, &bytes), Err(Failure::TooLarge));
    }
}
