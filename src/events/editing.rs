//! Creating and changing an event: its texts in four languages, days and zone, questions,
//! co-organisers, and its chat channel.

use super::db::EventRow;
use super::model::{EventVisibility, QuestionKind, parse_description, parse_title, parse_zone};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::i18n::Locale;
use crate::web::identity::CurrentMember;

use super::*;

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

fn parse_locale(code: &str, field: &'static str) -> Result<Locale, AppError> {
    Locale::parse(code.trim()).ok_or_else(|| AppError::invalid(field, "locale_unknown"))
}

/// Creates an event; the creator becomes its first organiser.
pub async fn create_event(
    state: &AppState,
    member: &CurrentMember,
    input: EventInput,
) -> Result<i64, AppError> {
    access::may_create(member)?;
    for (value, field) in [
        (&input.starts_on, "starts_on"),
        (&input.ends_on, "ends_on"),
        (&input.timezone, "timezone"),
    ] {
        if value.as_deref().is_none_or(|v| v.trim().is_empty()) {
            return Err(AppError::invalid(field, "field_required"));
        }
    }
    let texts = merge_texts(&[], &input, member.locale)?;
    if texts.is_empty() {
        return Err(AppError::invalid("title", "field_required"));
    }
    let default_locale = match &input.default_locale {
        Some(code) => parse_locale(code, "default_locale")?.code().to_string(),
        None => texts[0].0.clone(),
    };
    let write = event_write(&input, None, &default_locale, &texts)?;
    let mut tx = state.db.pool.begin().await?;
    let id = db::insert_event(&mut tx, &write.as_write(), member.id).await?;
    for (locale, title, description, html) in &texts {
        db::put_text(&mut tx, id, locale, title, description, html).await?;
    }
    if let Some(ids) = &input.organiser_ids {
        let mut ids = check_organisers(state, ids, &[]).await?;
        if !ids.contains(&member.id) && !member.role.is_admin() {
            ids.push(member.id);
        }
        db::set_organisers(&mut tx, id, &ids).await?;
    }
    if let Some(questions) = &input.questions {
        db::set_questions(&mut tx, id, &parse_questions(questions, &[])?).await?;
    }
    tx.commit().await?;
    if let Some(schedule) = schedule(state, id).await? {
        let channel = event_channel(state, &schedule).await?;
        for organiser in &schedule.organisers {
            crate::chat::add_context_member(state, channel, organiser.id).await?;
        }
    }
    Ok(id)
}

/// The event's chat channel (made on first use), where its participants and organisers talk.
pub async fn event_channel(state: &AppState, schedule: &Schedule) -> Result<i64, AppError> {
    let title = schedule.title(Locale::parse(&schedule.event.default_locale).unwrap_or(Locale::En));
    crate::chat::ensure_context_channel(state, &chat_context(schedule.event.id), title).await
}

/// Whether the member belongs in the event's chat: registered, or one of its organisers.
pub(super) async fn join_event_channel(
    state: &AppState,
    schedule: &Schedule,
    member_id: i64,
) -> Result<(), AppError> {
    let channel = event_channel(state, schedule).await?;
    crate::chat::add_context_member(state, channel, member_id).await?;
    Ok(())
}

/// Changes an event; only its organisers may.
pub async fn update_event(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
    input: EventInput,
) -> Result<(), AppError> {
    let current = organised(state, member, id).await?;
    let existing: Vec<(String, String, String, String)> = current
        .texts
        .iter()
        .map(|t| {
            (
                t.locale.clone(),
                t.title.clone(),
                t.description.clone(),
                t.description_html.clone(),
            )
        })
        .collect();
    let texts = merge_texts(&existing, &input, member.locale)?;
    if texts.is_empty() {
        return Err(AppError::invalid("title", "field_required"));
    }
    let default_locale = match &input.default_locale {
        Some(code) => parse_locale(code, "default_locale")?.code().to_string(),
        None if texts.iter().any(|t| t.0 == current.event.default_locale) => {
            current.event.default_locale.clone()
        }
        None => texts[0].0.clone(),
    };
    let write = event_write(&input, Some(&current.event), &default_locale, &texts)?;
    // Sessions keep their instants: the new days must still hold them all.
    for s in &current.sessions {
        if s.row.starts_at < write.starts_at || s.row.ends_at > write.ends_at {
            return Err(AppError::invalid("starts_on", "event_excludes_sessions"));
        }
    }
    let listed: Vec<i64> = current.organisers.iter().map(|o| o.id).collect();
    let organisers = match &input.organiser_ids {
        Some(ids) => Some(check_organisers(state, ids, &listed).await?),
        None => None,
    };
    let questions = match &input.questions {
        Some(q) => {
            let known: Vec<i64> = current.questions.iter().map(|q| q.id).collect();
            Some(parse_questions(q, &known)?)
        }
        None => None,
    };
    let mut tx = state.db.pool.begin().await?;
    db::update_event(&mut tx, id, &write.as_write()).await?;
    for (locale, ..) in &existing {
        if !texts.iter().any(|t| &t.0 == locale) {
            db::delete_text(&mut tx, id, locale).await?;
        }
    }
    for (locale, title, description, html) in &texts {
        db::put_text(&mut tx, id, locale, title, description, html).await?;
    }
    if let Some(ids) = &organisers {
        db::set_organisers(&mut tx, id, ids).await?;
    }
    if let Some(questions) = &questions {
        db::set_questions(&mut tx, id, questions).await?;
    }
    tx.commit().await?;
    changed(state, id);
    Ok(())
}

/// The event's texts after applying `input` to `existing`: (locale, title, description, html).
fn merge_texts(
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

struct ParsedEvent {
    timezone: String,
    starts_on: String,
    ends_on: String,
    starts_at: i64,
    ends_at: i64,
    visibility: &'static str,
    registration: &'static str,
    default_locale: String,
}

impl ParsedEvent {
    fn as_write(&self) -> db::EventWrite<'_> {
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

fn event_write(
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

/// The organisers to store: active members, each holding the organiser (or admin) role
/// unless already `listed` (a demoted organiser may stay listed, without rights; see
/// [`access`]).
async fn check_organisers(
    state: &AppState,
    ids: &[i64],
    listed: &[i64],
) -> Result<Vec<i64>, AppError> {
    let mut unique: Vec<i64> = Vec::new();
    for id in ids {
        if !unique.contains(id) {
            unique.push(*id);
        }
    }
    if unique.is_empty() {
        return Err(AppError::invalid("organiser_ids", "organisers_required"));
    }
    if unique.len() > 20 {
        return Err(AppError::invalid("organiser_ids", "too_many_items"));
    }
    let active = db::active_members(&state.db, &unique).await?;
    if active.len() != unique.len() {
        return Err(AppError::invalid("organiser_ids", "member_unknown"));
    }
    let new: Vec<i64> = unique
        .iter()
        .copied()
        .filter(|id| !listed.contains(id))
        .collect();
    if db::organisers_by_role(&state.db, &new).await?.len() != new.len() {
        return Err(AppError::invalid(
            "organiser_ids",
            "organiser_role_required",
        ));
    }
    Ok(unique)
}

type ParsedQuestion = (Option<i64>, String, String, String, bool);

fn parse_questions(
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
            Ok((
                q.id,
                label,
                q.kind.as_str().to_string(),
                options.join("\n"),
                q.required,
            ))
        })
        .collect()
}
