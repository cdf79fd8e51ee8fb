//! Categories: set by organisers, each with a name and a description in up to four
//! languages, open to all or to members only; an event's organisers may open one category
//! for questions to its speakers, which the event's page then links.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::access::{self, Category};
use super::db::{self, NewCategory};
use super::{index, model};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::i18n::Locale;
use crate::web::identity::CurrentMember;
use crate::web::text::parse_line;

/// A category's name and description in one language.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct CategoryText {
    /// en, de, ru or kk.
    pub locale: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// A category as organisers set it.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct CategoryInput {
    /// Lower-case letters, digits and dashes; the category's address.
    pub slug: String,
    #[serde(default)]
    pub position: i64,
    #[serde(default)]
    pub members_only: bool,
    /// At least one language.
    pub texts: Vec<CategoryText>,
}

fn parse(input: &CategoryInput) -> Result<Vec<(String, String, String)>, AppError> {
    let slug = input.slug.trim();
    if slug.is_empty()
        || slug.len() > 60
        || !slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(AppError::invalid("slug", "discussion_slug_invalid"));
    }
    let mut texts = Vec::new();
    for text in &input.texts {
        let locale = Locale::parse(text.locale.trim())
            .ok_or_else(|| AppError::invalid("locale", "locale_unknown"))?;
        let name = parse_line(&text.name, "name", model::CATEGORY_NAME_MAX)?;
        let description = text.description.trim().to_string();
        if description.chars().count() > model::CATEGORY_DESCRIPTION_MAX {
            return Err(AppError::invalid("description", "text_too_long"));
        }
        if name.is_empty() {
            continue;
        }
        if texts.iter().any(|(l, _, _)| l == locale.code()) {
            return Err(AppError::invalid("locale", "discussion_locale_twice"));
        }
        texts.push((locale.code().to_string(), name, description));
    }
    if texts.is_empty() {
        return Err(AppError::invalid("name", "field_required"));
    }
    Ok(texts)
}

pub async fn create(
    state: &AppState,
    member: &CurrentMember,
    input: CategoryInput,
) -> Result<i64, AppError> {
    access::require_moderator(member)?;
    let texts = parse(&input)?;
    let new = NewCategory {
        slug: input.slug.trim(),
        position: input.position,
        members_only: input.members_only,
        event_id: None,
        texts: &texts,
    };
    let inserted = db::insert_category(&state.db, &new).await;
    index::refresh(state).await;
    match inserted {
        Ok(id) => Ok(id),
        Err(e) if crate::store::is_unique_violation(&e) => {
            Err(AppError::conflict("discussion_slug_taken"))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn update(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
    input: CategoryInput,
) -> Result<(), AppError> {
    access::require_moderator(member)?;
    let texts = parse(&input)?;
    let new = NewCategory {
        slug: input.slug.trim(),
        position: input.position,
        members_only: input.members_only,
        event_id: None,
        texts: &texts,
    };
    let updated = db::update_category(&state.db, id, &new).await;
    index::refresh(state).await;
    match updated {
        Ok(true) => Ok(()),
        Ok(false) => Err(AppError::not_found()),
        Err(e) if crate::store::is_unique_violation(&e) => {
            Err(AppError::conflict("discussion_slug_taken"))
        }
        Err(e) => Err(e.into()),
    }
}

/// The category of an event's questions to speakers, opened by one of its organisers on
/// first use: named after the event in each of its languages, as open as the event.
pub async fn for_event(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
) -> Result<i64, AppError> {
    if let Some(id) = db::category_of_event(&state.db, event_id).await? {
        return Ok(id);
    }
    let event = crate::events::schedule(state, event_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if !event.is_organiser(member) {
        return Err(AppError::forbidden());
    }
    let texts: Vec<(String, String, String)> = Locale::ALL
        .into_iter()
        .map(|locale| {
            let i18n = crate::web::i18n::I18n::new(locale);
            let title = event.title(locale);
            (
                locale.code().to_string(),
                i18n.t_args("discussions-event-category", &[("event", title)]),
                i18n.t_args("discussions-event-category-about", &[("event", title)]),
            )
        })
        .collect();
    let slug = format!("event-{event_id}");
    let new = NewCategory {
        slug: &slug,
        position: 100,
        members_only: event.visibility() == crate::events::EventVisibility::Members,
        event_id: Some(event_id),
        texts: &texts,
    };
    let inserted = db::insert_category(&state.db, &new).await;
    index::refresh(state).await;
    // The event's page links its questions.
    crate::events::changed(state, event_id).await?;
    match inserted {
        Ok(id) => Ok(id),
        // Another organiser opened it at the same moment.
        Err(e) if crate::store::is_unique_violation(&e) => {
            db::category_of_event(&state.db, event_id)
                .await?
                .ok_or_else(AppError::not_found)
        }
        Err(e) => Err(e.into()),
    }
}

/// The event's page links its questions category, and offers its organisers to open one.
pub async fn event_link(
    state: AppState,
    query: crate::events::LinkQuery,
) -> Result<Option<crate::events::EventLink>, AppError> {
    let i18n = crate::web::i18n::I18n::new(query.locale);
    Ok(
        match db::category_of_event(&state.db, query.event_id).await? {
            Some(id) => Some(crate::events::EventLink {
                href: format!("/discussions?category={id}"),
                label: i18n.t("discussions-event-questions"),
            }),
            None if query.organiser => Some(crate::events::EventLink {
                href: format!("/events/{}/questions", query.event_id),
                label: i18n.t("discussions-event-open-questions"),
            }),
            None => None,
        },
    )
}

/// A category with its name in the reader's language, for lists.
pub fn name_of(categories: &[Category], id: i64, locale: Locale) -> String {
    categories
        .iter()
        .find(|c| c.row.id == id)
        .map(|c| c.name(locale).to_string())
        .unwrap_or_default()
}
