//! What members send, parsed and checked before anything is stored, and the pure rules of
//! discussions: lengths, tags, reactions, follow levels, and when a new member's post waits
//! for approval.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::web::error::AppError;
use crate::web::text::parse_line;

pub const TITLE_MIN: usize = 5;
pub const TITLE_MAX: usize = 150;
pub const BODY_MAX: usize = 20_000;
pub const TAGS_MAX: usize = 5;
pub const TAG_MAX: usize = 30;
pub const TOPICS_MAX: usize = 5;
pub const FLAG_REASON_MAX: usize = 500;
pub const CATEGORY_NAME_MAX: usize = 80;
pub const CATEGORY_DESCRIPTION_MAX: usize = 1_000;

/// Posts a member needs approved before they count as established: until then the
/// admin's hold (when on) and the link limit apply.
pub const ESTABLISHED_AFTER: i64 = 3;
/// Links a post of a member who is not yet established may carry before it waits for
/// approval (never refused: the member sees that it waits).
pub const NEW_MEMBER_LINKS: usize = 2;

macro_rules! words {
    ($name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        // Not every list of words needs every one of these.
        #[allow(dead_code)]
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub fn parse(value: &str) -> Option<$name> {
                match value { $($text => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

/// The small fixed set of reactions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Reaction {
    Agree,
    Thanks,
    Insightful,
    Celebrate,
}
words!(Reaction {
    Agree = "agree",
    Thanks = "thanks",
    Insightful = "insightful",
    Celebrate = "celebrate",
});

impl Reaction {
    pub fn emoji(self) -> &'static str {
        match self {
            Reaction::Agree => "👍",
            Reaction::Thanks => "🙏",
            Reaction::Insightful => "💡",
            Reaction::Celebrate => "🎉",
        }
    }
}

/// How closely a member follows a topic or a category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Every new post.
    All,
    /// New topics only (for a category; on a topic it means the same as `mentions`).
    NewTopics,
    /// Only posts that @mention the member.
    Mentions,
    /// Nothing, not even mentions.
    Muted,
}
words!(Level {
    All = "all",
    NewTopics = "new_topics",
    Mentions = "mentions",
    Muted = "muted",
});

/// Which topics a list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Filter {
    /// Newest activity first, pinned topics on top.
    #[default]
    Latest,
    /// Without a visible reply and without an accepted answer.
    Unanswered,
}
words!(Filter {
    Latest = "latest",
    Unanswered = "unanswered",
});

/// Why a post is flagged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FlagReason {
    Spam,
    Offensive,
    OffTopic,
    Other,
}
words!(FlagReason {
    Spam = "spam",
    Offensive = "offensive",
    OffTopic = "off_topic",
    Other = "other",
});

/// A topic's title: one line, 5 to 150 characters.
pub fn parse_title(input: &str) -> Result<String, AppError> {
    let title = parse_line(input, "title", TITLE_MAX)?;
    if title.is_empty() {
        return Err(AppError::invalid("title", "field_required"));
    }
    if title.chars().count() < TITLE_MIN {
        return Err(AppError::invalid("title", "discussion_title_short"));
    }
    Ok(title)
}

/// A post's Markdown: not empty, at most 20,000 characters; trailing space trimmed.
pub fn parse_body(input: &str) -> Result<String, AppError> {
    let body = input
        .trim_end()
        .trim_start_matches(['\n', '\r'])
        .to_string();
    if body.trim().is_empty() {
        return Err(AppError::invalid("body", "field_required"));
    }
    if body.chars().count() > BODY_MAX {
        return Err(AppError::invalid("body", "text_too_long"));
    }
    if body
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(AppError::invalid("body", "text_invalid"));
    }
    Ok(body)
}

/// Tags: folded to lower case, letters, digits and dashes (spaces become dashes), at most
/// five of at most 30 characters; repeats dropped.
pub fn parse_tags(input: &[String]) -> Result<Vec<String>, AppError> {
    let mut tags: Vec<String> = Vec::new();
    for raw in input {
        let folded = crate::store::fold(raw.trim());
        let tag = folded.split_whitespace().collect::<Vec<_>>().join("-");
        if tag.is_empty() {
            continue;
        }
        if tag.chars().count() > TAG_MAX || !tag.chars().all(|c| c.is_alphanumeric() || c == '-') {
            return Err(AppError::invalid("tags", "discussion_tag_invalid"));
        }
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    if tags.len() > TAGS_MAX {
        return Err(AppError::invalid("tags", "discussion_too_many_tags"));
    }
    Ok(tags)
}

/// Sector topics: each a slug of the taxonomy, at most five.
pub fn parse_topics(input: &[String], known: &[String]) -> Result<Vec<String>, AppError> {
    let mut topics: Vec<String> = Vec::new();
    for raw in input {
        let slug = raw.trim();
        if slug.is_empty() {
            continue;
        }
        if !known.iter().any(|k| k == slug) {
            return Err(AppError::invalid("topics", "topic_unknown"));
        }
        if !topics.iter().any(|t| t == slug) {
            topics.push(slug.to_string());
        }
    }
    if topics.len() > TOPICS_MAX {
        return Err(AppError::invalid("topics", "discussion_too_many_topics"));
    }
    Ok(topics)
}

/// How many links a post's Markdown carries (autolinks, inline and reference links, and bare
/// addresses the renderer would not link but a reader would copy).
pub fn count_links(body: &str) -> usize {
    body.matches("http://").count() + body.matches("https://").count()
}

/// Site paths a post links, as `(kind, id)`: library documents, events and members, whether
/// written as `/library/12` or with the site's address in front.
pub fn site_links(body: &str) -> Vec<(&'static str, i64)> {
    let mut out: Vec<(&'static str, i64)> = Vec::new();
    for (prefix, kind) in [
        ("/library/", "document"),
        ("/events/", "event"),
        ("/members/", "member"),
    ] {
        let mut rest = body;
        while let Some(at) = rest.find(prefix) {
            let after = &rest[at + prefix.len()..];
            let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
            // The path starts a word, or follows a bare site address (`https://host`).
            let token_start = rest[..at]
                .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '<' | '[' | '"'))
                .map_or(0, |i| i + 1);
            let token = &rest[token_start..at];
            let starts_path = token.is_empty()
                || token
                    .split_once("://")
                    .is_some_and(|(_, host)| !host.is_empty() && !host.contains('/'));
            if starts_path
                && let Ok(id) = digits.parse::<i64>()
                && !out.contains(&(kind, id))
            {
                out.push((kind, id));
            }
            rest = &after[digits.len()..];
        }
    }
    out
}

/// Whether a post of a member waits for approval: while they are not established (fewer
/// than [`ESTABLISHED_AFTER`] approved posts), when the admin holds first posts, or when
/// the post carries more links than a new member may.
pub fn held(approved_posts: i64, hold_first_posts: bool, links: usize) -> bool {
    approved_posts < ESTABLISHED_AFTER && (hold_first_posts || links > NEW_MEMBER_LINKS)
}

/// A quote of another post for a reply's Markdown: its author, then its text as a block
/// quote (at most 600 characters, cut at a word).
pub fn quote(author: &str, body: &str) -> String {
    let mut text: String = body.chars().take(600).collect();
    if text.len() < body.len()
        && let Some(cut) = text.rfind(char::is_whitespace)
    {
        text.truncate(cut);
        text.push_str(" …");
    }
    let mut out = format!("> **{author}:**\n>\n");
    for line in text.lines() {
        out.push_str("> ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_bodies() {
        assert_eq!(
            parse_title("  How  should a city sort? ").unwrap(),
            "How should a city sort?"
        );
        assert_eq!(parse_title("").unwrap_err().code(), "field_required");
        assert_eq!(
            parse_title("EPR").unwrap_err().code(),
            "discussion_title_short"
        );
        assert_eq!(
            parse_title(&"x".repeat(151)).unwrap_err().code(),
            "text_too_long"
        );
        assert_eq!(parse_body(" \n ").unwrap_err().code(), "field_required");
        assert_eq!(parse_body("\n\nHello\n\n").unwrap(), "Hello");
        assert_eq!(parse_body("a\u{7}b").unwrap_err().code(), "text_invalid");
        assert!(parse_body(&"ё".repeat(BODY_MAX)).is_ok());
        assert!(parse_body(&"ё".repeat(BODY_MAX + 1)).is_err());
    }

    #[test]
    fn tags_are_folded_and_bounded() {
        let tags = parse_tags(&["EPR".into(), "Раздельный сбор".into(), "epr".into()]).unwrap();
        assert_eq!(tags, ["epr", "раздельный-сбор"]);
        assert_eq!(
            parse_tags(&["a<b".into()]).unwrap_err().code(),
            "discussion_tag_invalid"
        );
        let six: Vec<String> = (0..6).map(|i| format!("t{i}")).collect();
        assert_eq!(
            parse_tags(&six).unwrap_err().code(),
            "discussion_too_many_tags"
        );
    }

    #[test]
    fn site_links_are_found() {
        let body = "See /library/12 and https://circula.example/events/3, \
                    [Ana](/members/7), not foo/library/9 nor /library/x; again /library/12.";
        assert_eq!(
            site_links(body),
            [("document", 12), ("event", 3), ("member", 7)]
        );
    }

    #[test]
    fn new_members_wait_only_when_they_must() {
        assert!(!held(0, false, 2));
        assert!(held(0, false, 3));
        assert!(held(2, true, 0));
        assert!(!held(3, true, 10));
        assert_eq!(count_links("<https://a.kz> and http://b.de"), 2);
    }

    #[test]
    fn quotes_are_block_quotes() {
        assert_eq!(quote("Ana", "one\ntwo"), "> **Ana:**\n>\n> one\n> two\n\n");
        let long = "word ".repeat(200);
        assert!(quote("Ana", &long).contains(" …"));
    }
}
