//! The sector taxonomy of expertise areas: seeded on first start, edited by admins.

use super::db::{self, ExpertiseRow};
use crate::store::Db;

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
