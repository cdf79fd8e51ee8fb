//! Text rules every capability shares: one-line fields, the languages members and sessions
//! can name, IANA time zones, and Markdown rendered to sanitised HTML.

use crate::web::error::AppError;
use crate::web::i18n::I18n;

/// A short text field (position, city, organisation name): trimmed, at most `max` characters.
pub fn parse_line(input: &str, field: &'static str, max: usize) -> Result<String, AppError> {
    let value = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if value.chars().count() > max {
        return Err(AppError::invalid(field, "text_too_long"));
    }
    if value.chars().any(char::is_control) {
        return Err(AppError::invalid(field, "text_invalid"));
    }
    Ok(value)
}

/// Languages a member can say they speak (ISO 639-1), chosen for the region.
pub const LANGUAGES: [&str; 20] = [
    "en", "de", "ru", "kk", "uz", "ky", "tg", "tk", "tr", "zh", "fr", "es", "it", "pl", "uk", "az",
    "mn", "fa", "ar", "nl",
];

pub fn parse_language(input: &str) -> Result<&'static str, AppError> {
    let code = input.trim().to_lowercase();
    LANGUAGES
        .into_iter()
        .find(|l| *l == code)
        .ok_or_else(|| AppError::invalid("languages", "language_unknown"))
}

pub fn language_name(i18n: I18n, code: &str) -> String {
    i18n.t(&format!("language-{code}"))
}

/// An IANA time zone name known to the built-in time-zone database.
pub fn parse_timezone(input: &str) -> Result<String, AppError> {
    let name = input.trim();
    if name.is_empty() || name.len() > 64 {
        return Err(AppError::invalid("timezone", "timezone_unknown"));
    }
    jiff::tz::TimeZone::get(name)
        .map(|_| name.to_string())
        .map_err(|_| AppError::invalid("timezone", "timezone_unknown"))
}

/// A stored instant (milliseconds since the epoch) as RFC 3339 in UTC, as the API writes
/// instants: `2031-03-25T09:00:00Z`.
pub fn utc(millis: i64) -> String {
    jiff::Timestamp::from_millisecond(millis)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// Renders Markdown to HTML that is safe to embed: no scripts, no styles, no event handlers,
/// links opened without a referrer.
pub fn render_markdown(source: &str) -> String {
    use pulldown_cmark::{Options, Parser, html};
    let mut options = Options::empty();
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TABLES);
    let mut unsafe_html = String::new();
    html::push_html(&mut unsafe_html, Parser::new_ext(source, options));
    ammonia::Builder::default()
        .link_rel(Some("nofollow noopener noreferrer"))
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .clean(&unsafe_html)
        .to_string()
}

/// The words of Markdown without its marks (for search): text, code and link texts, with
/// blocks and line breaks as new lines.
pub fn markdown_text(source: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut out = String::with_capacity(source.len());
    for event in Parser::new(source) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push('\n'),
            _ => {}
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_text_keeps_the_words_only() {
        assert_eq!(
            markdown_text(
                "## Tariffs\n\nWe **sort** [glass](https://x.kz) `PET`\n<b>raw</b>\n\n- one\n- two"
            ),
            "Tariffs\nWe sort glass PET\nraw\none\ntwo"
        );
    }

    #[test]
    fn markdown_renders_to_this_html() {
        let source = "## Separate collection\n\nWe **sort** waste in [Almaty](https://example.kz).\n\n\
            - glass\n- paper\n\n<img src=x onerror=alert(1)> <script>alert(2)</script>";
        insta::assert_snapshot!("markdown_html", render_markdown(source));
    }

    #[test]
    fn markdown_is_sanitised() {
        let html = render_markdown(
            "**bold** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        );
        assert!(html.contains("<strong>bold</strong>"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("javascript:"));
        assert!(!html.contains("onerror"));
        let link = render_markdown("[site](https://example.kz)");
        assert!(link.contains("rel=\"nofollow noopener noreferrer\""));
    }

    #[test]
    fn timezones_come_from_the_database() {
        assert_eq!(parse_timezone("Asia/Almaty").unwrap(), "Asia/Almaty");
        assert_eq!(
            parse_timezone("Mars/Olympus").unwrap_err().code(),
            "timezone_unknown"
        );
    }

    #[test]
    fn lines_are_bounded() {
        assert_eq!(
            parse_line("  Head  of   recycling ", "position", 100).unwrap(),
            "Head of recycling"
        );
        assert_eq!(
            parse_line(&"a".repeat(101), "position", 100)
                .unwrap_err()
                .code(),
            "text_too_long"
        );
    }
}
