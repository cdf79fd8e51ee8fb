//! Event input: the form or API body of an event (texts in up to four languages, days and
//! zone, registration questions) and the answers to its questions, parsed and checked without
//! touching the database. Which co-organisers may be listed is looked up by the caller
//! (`events/editing.rs`).

use std::collections::HashMap;

use super::{EventVisibility, QuestionKind, parse_description, parse_title, parse_zone};
use crate::events::db::{self, EventRow, QuestionRow};
use crate::events::model;
use crate::web::error::AppError;
use crate::web::i18n::Locale;

/// An event's title and description in one language.
#[derive(Clone, Debug, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct TextInput {
    /// en, de, ru or kk.
    pub locale: String,
    /// Empty removes this language.
    pub title: String,
    /// Markdown.
    #[serde(default)]
    pub description: String,
}

/// A registration question.
#[derive(Clone, Debug, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct QuestionInput {
    /// Keep an existing question (and its answers) by its id.
    pub id: Option<i64>,
    pub label: String,
    #[serde(default = "text_kind")]
    pub kind: QuestionKind,
    /// The choices of a `choice` question.
    #[serde(default)]
    pub options: Vec<String>,
    #[serde(default)]
    pub required: bool,
}

fn text_kind() -> QuestionKind {
    QuestionKind::Text
}

/// An event to create, or changes to one (fields left out stay as they are).
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct EventInput {
    /// The title in `locale` (or the default language); a shortcut for one entry of `texts`.
    pub title: Option<String>,
    pub description: Option<String>,
    /// The language of `title` and `description`.
    pub locale: Option<String>,
    /// Titles and descriptions in up to four languages.
    pub texts: Option<Vec<TextInput>>,
    /// First day, `YYYY-MM-DD`, in the event's zone.
    pub starts_on: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    pub ends_on: Option<String>,
    /// IANA time zone, e.g. `Asia/Almaty`.
    pub timezone: Option<String>,
    pub visibility: Option<EventVisibility>,
    pub registration_open: Option<bool>,
    /// The language readers fall back to: en, de, ru or kk.
    pub default_locale: Option<String>,
    /// All organisers by member id (replaces the list); must not be empty. A member added
    /// must hold the organiser or admin role (`organiser_role_required`); one already listed
    /// may stay. Rights follow the current role: a listed member without it may not edit.
    pub organiser_ids: Option<Vec<i64>>,
    /// All registration questions (replaces the list).
    pub questions: Option<Vec<QuestionInput>>,
}

/// A language of the site, by its code.
pub fn parse_locale(code: &str, field: &'static str) -> Result<Locale, AppError> {
    Locale::parse(code.trim()).ok_or_else(|| AppError::invalid(field, "locale_unknown"))
}

/// The event's texts after applying `input` to `existing`: (locale, title, description, html).
pub fn merge_texts(
    existing: &[(String, String, String, String)],
    input: &EventInput,
    fallback: Locale,
) -> Result<Vec<(String, String, String, String)>, AppError> {
    let mut texts: Vec<(String, String, String, String)> = existing.to_vec();
    let mut changes: Vec<TextInput> = input.texts.clone().unwrap_or_default();
    if input.title.is_some() || input.description.is_some() {
        let locale = match &input.locale {
            Some(code) => parse_locale(code, "locale")?,
            None => input
                .default_locale
                .as_deref()
                .and_then(Locale::parse)
                .or_else(|| existing.first().and_then(|t| Locale::parse(&t.0)))
                .unwrap_or(fallback),
        };
        let current = texts.iter().find(|t| t.0 == locale.code());
        changes.push(TextInput {
            locale: locale.code().to_string(),
            title: input
                .title
                .clone()
                .or_else(|| current.map(|t| t.1.clone()))
                .unwrap_or_default(),
            description: input
                .description
                .clone()
                .or_else(|| current.map(|t| t.2.clone()))
                .unwrap_or_default(),
        });
    }
    for change in changes {
        let locale = parse_locale(&change.locale, "locale")?.code().to_string();
        texts.retain(|t| t.0 != locale);
        if change.title.trim().is_empty() {
            continue;
        }
        let title = parse_title(&change.title, "title", model::TITLE_MAX)?;
        let (description, html) = parse_description(&change.description, "description")?;
        texts.push((locale, title, description, html));
    }
    texts.sort_by_key(|t| Locale::parse(&t.0).map_or(9, |l| l as usize));
    Ok(texts)
}

/// An event's own fields after [`event_write`], ready to store.
#[derive(Debug)]
pub struct ParsedEvent {
    pub timezone: String,
    pub starts_on: String,
    pub ends_on: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub visibility: &'static str,
    pub registration: &'static str,
    pub default_locale: String,
}

impl ParsedEvent {
    pub fn as_write(&self) -> db::EventWrite<'_> {
        db::EventWrite {
            timezone: &self.timezone,
            starts_on: &self.starts_on,
            ends_on: &self.ends_on,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            visibility: self.visibility,
            registration: self.registration,
            default_locale: &self.default_locale,
        }
    }
}

/// Parses the event's zone, days, visibility and registration from `input`, falling back to
/// `current`; the default language must be one of `texts`.
pub fn event_write(
    input: &EventInput,
    current: Option<&EventRow>,
    default_locale: &str,
    texts: &[(String, String, String, String)],
) -> Result<ParsedEvent, AppError> {
    let pick = |new: &Option<String>, old: Option<&String>| -> String {
        new.clone().or_else(|| old.cloned()).unwrap_or_default()
    };
    let (timezone, zone) = parse_zone(&pick(&input.timezone, current.map(|c| &c.timezone)))?;
    let (first, last) = model::parse_days(
        &pick(&input.starts_on, current.map(|c| &c.starts_on)),
        &pick(&input.ends_on, current.map(|c| &c.ends_on)),
    )?;
    let (start, end) = model::day_span(first, last, &zone)?;
    if !texts.iter().any(|t| t.0 == default_locale) {
        return Err(AppError::invalid(
            "default_locale",
            "default_locale_without_title",
        ));
    }
    let visibility = input
        .visibility
        .or_else(|| current.map(|c| EventVisibility::from_db(&c.visibility)))
        .unwrap_or(EventVisibility::Public);
    let open = input
        .registration_open
        .unwrap_or_else(|| current.is_none_or(|c| c.registration == "open"));
    Ok(ParsedEvent {
        timezone,
        starts_on: first.to_string(),
        ends_on: last.to_string(),
        starts_at: start.as_millisecond(),
        ends_at: end.as_millisecond(),
        visibility: visibility.as_str(),
        registration: if open { "open" } else { "closed" },
        default_locale: default_locale.to_string(),
    })
}

/// A registration question, parsed from a [`QuestionInput`], ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedQuestion {
    /// The existing question it keeps (with its answers); `None` for a new one.
    pub id: Option<i64>,
    /// What is asked: one line.
    pub label: String,
    /// `text` or `choice` (see [`QuestionKind::as_str`]).
    pub kind: String,
    /// The choices, one per line, without repeats; empty for a text question.
    pub options: String,
    /// Whether registering needs an answer.
    pub required: bool,
}

/// Parses the questions (at most [`model::QUESTIONS_MAX`]); an `id` must be among `known`.
pub fn parse_questions(
    input: &[QuestionInput],
    known: &[i64],
) -> Result<Vec<ParsedQuestion>, AppError> {
    if input.len() > model::QUESTIONS_MAX {
        return Err(AppError::invalid("questions", "too_many_items"));
    }
    input
        .iter()
        .map(|q| {
            if q.id.is_some_and(|id| !known.contains(&id)) {
                return Err(AppError::invalid("questions", "question_unknown"));
            }
            let label = parse_title(&q.label, "questions", model::TITLE_MAX)?;
            let mut options = Vec::new();
            for option in &q.options {
                let option = parse_title(option, "questions", model::NAME_MAX)?;
                if !options.contains(&option) {
                    options.push(option);
                }
            }
            if q.kind == QuestionKind::Choice && options.len() < 2 {
                return Err(AppError::invalid("questions", "question_needs_options"));
            }
            if q.kind == QuestionKind::Text {
                options.clear();
            }
            Ok(ParsedQuestion {
                id: q.id,
                label,
                kind: q.kind.as_str().to_string(),
                options: options.join("\n"),
                required: q.required,
            })
        })
        .collect()
}

/// Answers to the event's `questions` (question id → answer), as (question id, answer) to
/// store: every required question answered, a choice one of its options, none unknown.
pub fn parse_answers(
    questions: &[QuestionRow],
    answers: &HashMap<i64, String>,
) -> Result<Vec<(i64, String)>, AppError> {
    if answers
        .keys()
        .any(|id| !questions.iter().any(|q| q.id == *id))
    {
        return Err(AppError::invalid("answers", "question_unknown"));
    }
    let mut out = Vec::new();
    for question in questions {
        let answer = answers.get(&question.id).map(|a| a.trim()).unwrap_or("");
        if answer.is_empty() {
            if question.required != 0 {
                return Err(AppError::invalid("answers", "answer_required"));
            }
            continue;
        }
        if answer.chars().count() > model::ANSWER_MAX {
            return Err(AppError::invalid("answers", "text_too_long"));
        }
        if QuestionKind::from_db(&question.kind) == QuestionKind::Choice
            && !question.options.lines().any(|o| o == answer)
        {
            return Err(AppError::invalid("answers", "answer_not_an_option"));
        }
        out.push((question.id, answer.to_string()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(label: &str, kind: QuestionKind, options: &[&str]) -> QuestionInput {
        QuestionInput {
            id: None,
            label: label.into(),
            kind,
            options: options.iter().map(|o| o.to_string()).collect(),
            required: false,
        }
    }

    #[test]
    fn questions_become_named_rows() {
        let parsed = parse_questions(
            &[
                QuestionInput {
                    id: Some(3),
                    required: true,
                    ..question(" Diet ", QuestionKind::Text, &["ignored"])
                },
                question("Size", QuestionKind::Choice, &["S", "M", "S"]),
            ],
            &[3],
        )
        .unwrap();
        assert_eq!(
            parsed,
            vec![
                ParsedQuestion {
                    id: Some(3),
                    label: "Diet".into(),
                    kind: "text".into(),
                    options: String::new(),
                    required: true,
                },
                ParsedQuestion {
                    id: None,
                    label: "Size".into(),
                    kind: "choice".into(),
                    options: "S\nM".into(),
                    required: false,
                },
            ]
        );
    }

    #[test]
    fn questions_are_checked() {
        let unknown = QuestionInput {
            id: Some(9),
            ..question("Diet", QuestionKind::Text, &[])
        };
        assert_eq!(
            parse_questions(&[unknown], &[3]).unwrap_err().code(),
            "question_unknown"
        );
        let one_option = question("Size", QuestionKind::Choice, &["S"]);
        assert_eq!(
            parse_questions(&[one_option], &[]).unwrap_err().code(),
            "question_needs_options"
        );
        let many = vec![question("Diet", QuestionKind::Text, &[]); model::QUESTIONS_MAX + 1];
        assert_eq!(
            parse_questions(&many, &[]).unwrap_err().code(),
            "too_many_items"
        );
    }

    fn row(id: i64, kind: &str, options: &str, required: bool) -> QuestionRow {
        QuestionRow {
            id,
            label: format!("Question {id}"),
            kind: kind.into(),
            options: options.into(),
            required: i64::from(required),
        }
    }

    #[test]
    fn answers_follow_the_questions() {
        let questions = [row(1, "text", "", true), row(2, "choice", "S\nM", false)];
        let answers = HashMap::from([(1, "  vegan ".to_string()), (2, "M".to_string())]);
        assert_eq!(
            parse_answers(&questions, &answers).unwrap(),
            vec![(1, "vegan".to_string()), (2, "M".to_string())]
        );
        let only_required = HashMap::from([(1, "vegan".to_string()), (2, " ".to_string())]);
        assert_eq!(
            parse_answers(&questions, &only_required).unwrap(),
            vec![(1, "vegan".to_string())]
        );
        let code = |answers: &[(i64, &str)]| {
            let answers = answers.iter().map(|(i, a)| (*i, a.to_string())).collect();
            parse_answers(&questions, &answers).unwrap_err().code()
        };
        assert_eq!(code(&[(2, "M")]), "answer_required");
        assert_eq!(code(&[(1, "x"), (2, "XL")]), "answer_not_an_option");
        assert_eq!(code(&[(1, "x"), (3, "y")]), "question_unknown");
    }

    #[test]
    fn a_title_in_the_default_language_is_merged_in() {
        let input = EventInput {
            title: Some(" Waste week ".into()),
            description: Some("**Bold**".into()),
            ..EventInput::default()
        };
        let texts = merge_texts(&[], &input, Locale::De).unwrap();
        assert_eq!(texts.len(), 1);
        assert_eq!(
            (texts[0].0.as_str(), texts[0].1.as_str()),
            ("de", "Waste week")
        );
        assert!(texts[0].3.contains("<strong>Bold</strong>"));
        let removed = EventInput {
            texts: Some(vec![TextInput {
                locale: "de".into(),
                title: String::new(),
                description: String::new(),
            }]),
            ..EventInput::default()
        };
        assert!(
            merge_texts(&texts, &removed, Locale::En)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn an_event_is_read_in_its_zone() {
        let input = EventInput {
            starts_on: Some("2023-02-21".into()),
            ends_on: Some("2023-02-22".into()),
            timezone: Some("Asia/Almaty".into()),
            ..EventInput::default()
        };
        let texts = [(
            "en".to_string(),
            "Week".to_string(),
            String::new(),
            String::new(),
        )];
        let parsed = event_write(&input, None, "en", &texts).unwrap();
        assert_eq!(parsed.timezone, "Asia/Almaty");
        assert_eq!(
            jiff::Timestamp::from_millisecond(parsed.starts_at)
                .unwrap()
                .to_string(),
            "2023-02-20T18:00:00Z"
        );
        assert_eq!((parsed.visibility, parsed.registration), ("public", "open"));
        let err = event_write(&input, None, "de", &texts).unwrap_err();
        assert_eq!(err.code(), "default_locale_without_title");
    }
}
