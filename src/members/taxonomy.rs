//! The sector taxonomy of expertise areas: seeded on first start, edited by admins, read
//! through the directory cache.

use std::sync::Arc;

use super::db::{self, ExpertiseRow};
use super::{cache, changed};
use crate::state::AppState;
use crate::store::Db;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;
use crate::web::text::parse_line;

/// The areas a new installation starts with: slug, then names in en, de, ru, kk.
const DEFAULT_AREAS: [(&str, &str, &str, &str, &str); 14] = [
    (
        "waste-collection",
        "Waste collection",
        "Abfallsammlung",
        "Сбор отходов",
        "Қалдықтарды жинау",
    ),
    ("sorting", "Sorting", "Sortierung", "Сортировка", "Сұрыптау"),
    (
        "recycling",
        "Recycling",
        "Recycling",
        "Переработка",
        "Қайта өңдеу",
    ),
    (
        "composting",
        "Composting",
        "Kompostierung",
        "Компостирование",
        "Компост жасау",
    ),
    ("landfill", "Landfill", "Deponie", "Полигоны", "Полигондар"),
    (
        "waste-to-energy",
        "Waste-to-energy",
        "Energetische Verwertung",
        "Энергия из отходов",
        "Қалдықтан энергия алу",
    ),
    (
        "hazardous-waste",
        "Hazardous waste",
        "Gefährliche Abfälle",
        "Опасные отходы",
        "Қауіпті қалдықтар",
    ),
    (
        "legislation-epr",
        "Legislation and EPR",
        "Gesetzgebung und erweiterte Herstellerverantwortung",
        "Законодательство и РОП",
        "Заңнама және ӨКЖ",
    ),
    (
        "consulting",
        "Consulting",
        "Beratung",
        "Консалтинг",
        "Консалтинг",
    ),
    (
        "education",
        "Education",
        "Bildung",
        "Образование",
        "Білім беру",
    ),
    (
        "circular-economy",
        "Circular economy",
        "Kreislaufwirtschaft",
        "Циркулярная экономика",
        "Айналмалы экономика",
    ),
    (
        "municipal-services",
        "Municipal services",
        "Kommunale Dienste",
        "Коммунальные услуги",
        "Коммуналдық қызметтер",
    ),
    (
        "equipment",
        "Equipment and technology",
        "Anlagen und Technik",
        "Оборудование и технологии",
        "Жабдықтар мен технологиялар",
    ),
    (
        "research",
        "Research",
        "Forschung",
        "Исследования",
        "Зерттеу",
    ),
];

/// Seeds the default taxonomy into an empty table.
pub async fn ensure_taxonomy(db: &Db) -> anyhow::Result<()> {
    if !db::taxonomy(db).await?.is_empty() {
        return Ok(());
    }
    for (position, (slug, en, de, ru, kk)) in DEFAULT_AREAS.iter().enumerate() {
        let row = ExpertiseRow {
            id: 0,
            slug: slug.to_string(),
            name_en: en.to_string(),
            name_de: de.to_string(),
            name_ru: ru.to_string(),
            name_kk: kk.to_string(),
            position: position as i64 * 10,
        };
        db::upsert_expertise(db, &row).await?;
    }
    Ok(())
}

/// A slug: lower-case ASCII letters, digits and dashes, 2 to 64 characters.
pub fn valid_slug(slug: &str) -> bool {
    (2..=64).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
}

/// An expertise area as an admin edits it.
#[derive(Clone, Debug, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct ExpertiseInput {
    pub slug: String,
    pub name_en: String,
    pub name_de: String,
    pub name_ru: String,
    pub name_kk: String,
    pub position: Option<i64>,
}

/// Creates or renames an expertise area (admins only) and refreshes the search text of the
/// members who have it.
pub async fn save_expertise(
    state: &AppState,
    actor: &CurrentMember,
    input: ExpertiseInput,
) -> Result<i64, AppError> {
    actor.require_admin()?;
    let slug = input.slug.trim().to_lowercase();
    if !valid_slug(&slug) {
        return Err(AppError::invalid("slug", "slug_invalid"));
    }
    let mut names = Vec::new();
    for (field, value) in [
        ("name_en", &input.name_en),
        ("name_de", &input.name_de),
        ("name_ru", &input.name_ru),
        ("name_kk", &input.name_kk),
    ] {
        let name = parse_line(value, field, 100)?;
        if name.is_empty() {
            return Err(AppError::invalid(field, "name_missing"));
        }
        names.push(name);
    }
    let existing = db::taxonomy(&state.db).await?;
    let position = input
        .position
        .or_else(|| existing.iter().find(|x| x.slug == slug).map(|x| x.position))
        .unwrap_or_else(|| existing.iter().map(|x| x.position).max().unwrap_or(0) + 10);
    let row = db::ExpertiseRow {
        id: 0,
        slug,
        name_en: names[0].clone(),
        name_de: names[1].clone(),
        name_ru: names[2].clone(),
        name_kk: names[3].clone(),
        position,
    };
    let id = db::upsert_expertise(&state.db, &row).await?;
    for member in db::members_with_expertise(&state.db, id).await? {
        db::refresh_search_terms(&state.db, member).await?;
    }
    changed(state).await?;
    Ok(id)
}

/// Removes an expertise area (admins only); members lose it from their profiles.
pub async fn delete_expertise(
    state: &AppState,
    actor: &CurrentMember,
    id: i64,
) -> Result<(), AppError> {
    actor.require_admin()?;
    let members = db::members_with_expertise(&state.db, id).await?;
    if !db::delete_expertise(&state.db, id).await? {
        return Err(AppError::not_found());
    }
    for member in members {
        db::refresh_search_terms(&state.db, member).await?;
    }
    changed(state).await?;
    Ok(())
}

/// The expertise taxonomy, from the cache when it is current.
pub async fn taxonomy(state: &AppState) -> Result<Arc<Vec<db::ExpertiseRow>>, AppError> {
    let cache = state.service::<cache::DirectoryCache>();
    let version = super::version(state);
    if let Some(rows) = cache.taxonomy(version) {
        return Ok(rows);
    }
    let rows = Arc::new(db::taxonomy(&state.db).await?);
    cache.put_taxonomy(version, rows.clone());
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_slugs_are_valid_and_unique() {
        let mut slugs: Vec<_> = DEFAULT_AREAS.iter().map(|a| a.0).collect();
        assert!(slugs.iter().all(|s| valid_slug(s)));
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), DEFAULT_AREAS.len());
        assert!(!valid_slug("Bad Slug"));
        assert!(!valid_slug("-x"));
    }
}
