//! Chat input parsed at the edge, and the pure rules of the chat (with unit tests).

use std::time::{Duration, Instant};

use crate::web::error::AppError;

/// The longest message body, in characters.
pub const BODY_MAX_CHARS: usize = 4_000;
/// The largest group of a direct conversation, the author included.
pub const DIRECT_MAX: usize = 10;

/// What kind of channel, and so who may read and join it.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    /// A topic channel every member may read and join; organisers create them.
    Public,
    /// By invitation only.
    Private,
    /// A conversation of 2 to 10 people; the same people always get the same channel.
    Direct,
    /// Owned by another capability (e.g. an event); it adds the members.
    Context,
}

impl ChannelKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Public => "public",
            ChannelKind::Private => "private",
            ChannelKind::Direct => "direct",
            ChannelKind::Context => "context",
        }
    }

    pub fn from_db(value: &str) -> ChannelKind {
        match value {
            "public" => ChannelKind::Public,
            "direct" => ChannelKind::Direct,
            "context" => ChannelKind::Context,
            _ => ChannelKind::Private,
        }
    }
}

/// A message body: trimmed, not empty, at most [`BODY_MAX_CHARS`] characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Body(String);

impl Body {
    pub fn parse(input: &str) -> Result<Body, AppError> {
        let body = input.trim().replace("\r\n", "\n");
        if body.is_empty() {
            return Err(AppError::invalid("body", "chat_body_empty"));
        }
        if body.chars().count() > BODY_MAX_CHARS {
            return Err(AppError::invalid("body", "chat_body_too_long"));
        }
        Ok(Body(body))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Sanitised HTML: Markdown, with bare web addresses turned into links.
    pub fn html(&self) -> String {
        crate::web::text::render_markdown(&linkify(&self.0))
    }
}

/// A library document named in the post form: empty (none), its number, or a link to its
/// page (`/library/12`, `https://site/library/12?x#y`, with or without a trailing slash).
pub fn parse_document_ref(input: &str) -> Result<Option<i64>, AppError> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    let invalid = || AppError::invalid("document", "chat_document_invalid");
    let path = input
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .trim_end_matches('/');
    let number = match path.rsplit_once("/library/") {
        Some((_, number)) => number,
        None if path.bytes().all(|b| b.is_ascii_digit()) => path,
        None => return Err(invalid()),
    };
    match number.parse::<i64>() {
        Ok(id) if id > 0 && number.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(id)),
        _ => Err(invalid()),
    }
}

/// A client's idempotency key: 1 to 64 visible ASCII characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientId(String);

impl ClientId {
    pub fn parse(input: &str) -> Result<ClientId, AppError> {
        let valid =
            !input.is_empty() && input.len() <= 64 && input.bytes().all(|b| b.is_ascii_graphic());
        if valid {
            Ok(ClientId(input.to_string()))
        } else {
            Err(AppError::invalid("client_id", "chat_client_id_invalid"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A channel title: 1 to 80 characters, one line.
pub fn parse_title(input: &str) -> Result<String, AppError> {
    let title = input.trim();
    if title.is_empty() || title.chars().count() > 80 || title.contains(['\n', '\r']) {
        return Err(AppError::invalid("title", "chat_title_invalid"));
    }
    Ok(title.to_string())
}

/// A channel topic: up to 300 characters, one line.
pub fn parse_topic(input: &str) -> Result<String, AppError> {
    let topic = input.trim();
    if topic.chars().count() > 300 || topic.contains(['\n', '\r']) {
        return Err(AppError::invalid("topic", "chat_topic_invalid"));
    }
    Ok(topic.to_string())
}

/// The people of a direct conversation (the author included), sorted and without repeats,
/// and their key: the same set of people always gives the same key.
pub fn direct_set(me: i64, others: &[i64]) -> Result<(Vec<i64>, String), AppError> {
    let mut ids: Vec<i64> = others.iter().copied().chain([me]).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() < 2 || ids.len() > DIRECT_MAX {
        return Err(AppError::invalid("member_ids", "chat_direct_size"));
    }
    let key = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    Ok((ids, key))
}

/// An attached file's type, decided from its content: images that the image library
/// recognises, PDF, or else an opaque download.
pub fn attachment_type(bytes: &[u8]) -> &'static str {
    match image::guess_format(bytes) {
        Ok(image::ImageFormat::Png) => "image/png",
        Ok(image::ImageFormat::Jpeg) => "image/jpeg",
        Ok(image::ImageFormat::WebP) => "image/webp",
        _ if bytes.starts_with(b"%PDF-") => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// An attached file's name as stored and offered for download: no control characters,
/// slashes or quotes, at most 120 characters, and `file` when nothing is left.
pub fn attachment_name(name: &str) -> String {
    let name: String = name
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '/' | '\\' | '"'))
        .take(120)
        .collect();
    if name.trim().is_empty() {
        "file".to_string()
    } else {
        name
    }
}

/// The names mentioned in a body: `@` followed by letters, digits, `.`, `_` or `-`, folded,
/// without repeats. `@` inside a word (an email address) is no mention.
pub fn mentions(body: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut previous = ' ';
    for (i, c) in body.char_indices() {
        if c == '@' && !previous.is_alphanumeric() {
            let rest = &body[i + 1..];
            let end = rest
                .char_indices()
                .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '.' | '_' | '-')))
                .map_or(rest.len(), |(j, _)| j);
            let name = crate::store::fold(rest[..end].trim_end_matches(['.', '-', '_']));
            if !name.is_empty() && !out.contains(&name) {
                out.push(name);
            }
        }
        previous = c;
    }
    out
}

/// The handles a member answers to: the first word of their name and the whole name without
/// spaces, folded ("Ana Petrova" → "ana", "anapetrova").
pub fn handles(name: &str) -> Vec<String> {
    let folded = crate::store::fold(name);
    let first = folded
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    let whole: String = folded.split_whitespace().collect();
    if first == whole {
        vec![whole]
    } else {
        vec![first, whole]
    }
}

/// Wraps bare `http(s)://` addresses in `<…>` so that Markdown shows them as links. Addresses
/// already inside Markdown link syntax (after `(`, `<`, `[` or `]`) are left alone; the server
/// never fetches anything.
pub fn linkify(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    let mut previous: Option<char> = None;
    while !rest.is_empty() {
        let at_start = previous.is_none_or(|p| p.is_whitespace());
        if at_start && (rest.starts_with("https://") || rest.starts_with("http://")) {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let mut url = &rest[..end];
            // Trailing punctuation belongs to the sentence, not the address.
            while url.ends_with(['.', ',', ';', ':', '!', '?', ')', '>']) {
                url = &url[..url.len() - 1];
            }
            if url.len() > "https://".len() && !url.contains(['<', '>', '`']) {
                out.push('<');
                out.push_str(url);
                out.push('>');
                rest = &rest[url.len()..];
                previous = url.chars().last();
                continue;
            }
        }
        let c = rest.chars().next().expect("not empty");
        out.push(c);
        previous = Some(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A token bucket: `burst` frames at once, refilled at `per_second`. Used per connection
/// against flooding.
#[derive(Debug)]
pub struct Bucket {
    tokens: f64,
    burst: f64,
    per_second: f64,
    last: Instant,
}

impl Bucket {
    pub fn new(burst: u32, per_second: f64) -> Bucket {
        Bucket {
            tokens: f64::from(burst),
            burst: f64::from(burst),
            per_second,
            last: Instant::now(),
        }
    }

    /// Takes one token at `now`; false when the bucket is empty.
    pub fn take(&mut self, now: Instant) -> bool {
        let elapsed = now.saturating_duration_since(self.last);
        self.last = now;
        self.tokens = (self.tokens + elapsed.as_secs_f64() * self.per_second).min(self.burst);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// How long until the next token.
    pub fn wait(&self) -> Duration {
        Duration::from_secs_f64(((1.0 - self.tokens) / self.per_second).max(0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_trimmed_and_bounded() {
        assert_eq!(
            Body::parse("  hi \r\n there ").unwrap().as_str(),
            "hi \n there"
        );
        assert_eq!(Body::parse(" \n ").unwrap_err().code(), "chat_body_empty");
        assert!(Body::parse(&"ж".repeat(BODY_MAX_CHARS)).is_ok());
        assert_eq!(
            Body::parse(&"ж".repeat(BODY_MAX_CHARS + 1))
                .unwrap_err()
                .code(),
            "chat_body_too_long"
        );
    }

    #[test]
    fn html_is_sanitised_and_links_are_links() {
        let body = Body::parse("**hi** <script>x</script> see https://example.kz/a?b=1.").unwrap();
        let html = body.html();
        assert!(html.contains("<strong>hi</strong>"));
        assert!(!html.contains("<script"));
        assert!(html.contains("href=\"https://example.kz/a?b=1\""), "{html}");
        let markdown = Body::parse("[site](https://example.kz)").unwrap().html();
        assert!(markdown.contains(">site</a>"), "{markdown}");
    }

    #[test]
    fn client_ids() {
        assert!(ClientId::parse("abc-123").is_ok());
        assert!(ClientId::parse("").is_err());
        assert!(ClientId::parse("a b").is_err());
        assert!(ClientId::parse(&"x".repeat(65)).is_err());
    }

    #[test]
    fn direct_sets_are_canonical() {
        let (ids, key) = direct_set(7, &[3, 9, 3]).unwrap();
        assert_eq!(ids, vec![3, 7, 9]);
        assert_eq!(key, "3,7,9");
        assert_eq!(direct_set(9, &[7, 3]).unwrap().1, key);
        assert_eq!(direct_set(7, &[7]).unwrap_err().code(), "chat_direct_size");
        let many: Vec<i64> = (100..110).collect();
        assert!(direct_set(1, &many).is_err());
        assert!(direct_set(1, &many[..9]).is_ok());
    }

    #[test]
    fn mentions_and_handles() {
        assert_eq!(
            mentions("@Ana and @Ерлан, mail ana@x.kz @ana! @anapetrova."),
            vec!["ana", "ерлан", "anapetrova"]
        );
        assert_eq!(handles("Ana Petrova"), vec!["ana", "anapetrova"]);
        assert_eq!(handles("Ерлан"), vec!["ерлан"]);
    }

    #[test]
    fn linkify_leaves_markdown_links_alone() {
        assert_eq!(linkify("go https://a.kz."), "go <https://a.kz>.");
        assert_eq!(linkify("[a](https://a.kz)"), "[a](https://a.kz)");
        assert_eq!(linkify("<https://a.kz>"), "<https://a.kz>");
        assert_eq!(linkify("https://"), "https://");
    }

    #[test]
    fn bucket_limits_bursts() {
        let start = Instant::now();
        let mut bucket = Bucket::new(3, 1.0);
        assert!(bucket.take(start));
        assert!(bucket.take(start));
        assert!(bucket.take(start));
        assert!(!bucket.take(start));
        assert!(bucket.take(start + Duration::from_millis(1100)));
    }

    #[test]
    fn document_references() {
        assert_eq!(parse_document_ref("").unwrap(), None);
        assert_eq!(parse_document_ref(" 12 ").unwrap(), Some(12));
        assert_eq!(parse_document_ref("/library/7").unwrap(), Some(7));
        assert_eq!(
            parse_document_ref("https://circula.example/library/42/?tab=1#top").unwrap(),
            Some(42)
        );
        for bad in [
            "abc",
            "/library/",
            "/library/x",
            "/library/1/edit",
            "0",
            "-3",
            "1.5",
        ] {
            assert_eq!(
                parse_document_ref(bad).unwrap_err().code(),
                "chat_document_invalid",
                "{bad}"
            );
        }
    }

    #[test]
    fn attachment_types_come_from_the_content() {
        assert_eq!(attachment_type(b"\x89PNG\r\n\x1a\n...."), "image/png");
        assert_eq!(attachment_type(b"\xff\xd8\xff\xe0...."), "image/jpeg");
        assert_eq!(attachment_type(b"%PDF-1.7 ..."), "application/pdf");
        assert_eq!(attachment_type(b"<svg>"), "application/octet-stream");
        assert_eq!(attachment_type(b""), "application/octet-stream");
    }

    #[test]
    fn attachment_names_are_safe() {
        assert_eq!(attachment_name("отчёт.pdf"), "отчёт.pdf");
        assert_eq!(attachment_name("../a\\b\"c\n.txt"), "..abc.txt");
        assert_eq!(attachment_name(" / "), "file");
        assert_eq!(attachment_name(""), "file");
        assert_eq!(attachment_name(&"x".repeat(200)).chars().count(), 120);
    }
}
