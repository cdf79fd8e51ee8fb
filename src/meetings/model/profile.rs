//! A cooperation profile: organisation, pitch, meeting languages, group, and typed offers and
//! requests with sector topics and target countries.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::web::error::AppError;
use crate::web::text::parse_line;

use super::settings::Rule;

pub const ORGANISATION_MAX: usize = 160;
pub const PITCH_MAX: usize = 1_000;
pub const ITEM_TITLE_MAX: usize = 160;
pub const ITEM_DESCRIPTION_MAX: usize = 2_000;
pub const MAX_ITEMS: usize = 20;

/// What an offer or a request is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Product,
    Service,
    Technology,
    Partnership,
    Investment,
    Expertise,
}
words!(ItemKind {
    Product = "product",
    Service = "service",
    Technology = "technology",
    Partnership = "partnership",
    Investment = "investment",
    Expertise = "expertise",
});

/// Whether an item is offered or sought.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Offer,
    Request,
}
words!(Direction {
    Offer = "offer",
    Request = "request"
});

/// One offer or request as sent.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct ItemInput {
    pub direction: Direction,
    pub kind: ItemKind,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Taxonomy slugs.
    #[serde(default)]
    pub topics: Vec<String>,
    /// ISO 3166 alpha-2 codes.
    #[serde(default)]
    pub countries: Vec<String>,
}

/// A cooperation profile as sent.
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct ProfileInput {
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub pitch: String,
    /// ISO 639-1 codes of the languages the participant can meet in.
    #[serde(default)]
    pub languages: Vec<String>,
    /// `a` or `b` when the programme runs between two groups.
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub items: Vec<ItemInput>,
}

/// A valid profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub organisation: String,
    pub pitch: String,
    pub languages: Vec<&'static str>,
    pub side: String,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub direction: Direction,
    pub kind: ItemKind,
    pub title: String,
    pub description: String,
    pub topics: Vec<String>,
    pub countries: Vec<String>,
}

impl ProfileInput {
    /// Checks lengths, languages, countries and topics (`known_topics`: the taxonomy's
    /// slugs); `rule` decides whether a group must be named.
    pub fn parse(self, rule: Rule, known_topics: &[String]) -> Result<Profile, AppError> {
        let organisation = parse_line(&self.organisation, "organisation", ORGANISATION_MAX)?;
        let pitch = self.pitch.trim().to_string();
        if pitch.chars().count() > PITCH_MAX {
            return Err(AppError::invalid("pitch", "text_too_long"));
        }
        let mut languages = Vec::new();
        for code in &self.languages {
            let code = crate::web::text::parse_language(code)?;
            if !languages.contains(&code) {
                languages.push(code);
            }
        }
        let side = match (rule, self.group.trim()) {
            (Rule::Everyone, _) => String::new(),
            (Rule::Groups, side @ ("a" | "b")) => side.to_string(),
            (Rule::Groups, _) => return Err(AppError::invalid("group", "b2b_group_required")),
        };
        if self.items.len() > MAX_ITEMS {
            return Err(AppError::invalid("items", "b2b_too_many_items"));
        }
        let mut items = Vec::new();
        for item in self.items {
            let title = parse_line(&item.title, "title", ITEM_TITLE_MAX)?;
            if title.is_empty() {
                return Err(AppError::invalid("title", "field_required"));
            }
            let description = item.description.trim().to_string();
            if description.chars().count() > ITEM_DESCRIPTION_MAX {
                return Err(AppError::invalid("description", "text_too_long"));
            }
            let mut topics = Vec::new();
            for topic in &item.topics {
                let topic = topic.trim();
                if !known_topics.iter().any(|t| t == topic) {
                    return Err(AppError::invalid("topics", "topic_unknown"));
                }
                if !topics.iter().any(|t| t == topic) {
                    topics.push(topic.to_string());
                }
            }
            let mut countries = Vec::new();
            for country in &item.countries {
                let code = country.trim().to_uppercase();
                if isocountry::CountryCode::for_alpha2(&code).is_err() {
                    return Err(AppError::invalid("countries", "country_unknown"));
                }
                if !countries.contains(&code) {
                    countries.push(code);
                }
            }
            items.push(Item {
                direction: item.direction,
                kind: item.kind,
                title,
                description,
                topics,
                countries,
            });
        }
        Ok(Profile {
            organisation,
            pitch,
            languages,
            side,
            items,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_are_checked() {
        let topics = vec!["recycling".to_string()];
        let item = |title: &str, topic: &str, country: &str| ItemInput {
            direction: Direction::Offer,
            kind: ItemKind::Technology,
            title: title.into(),
            description: String::new(),
            topics: vec![topic.into()],
            countries: vec![country.into()],
        };
        let profile = |items, group: &str| ProfileInput {
            organisation: "EcoSort GmbH".into(),
            pitch: "Sorting lines".into(),
            languages: vec!["de".into(), "EN".into(), "de".into()],
            group: group.into(),
            items,
        };
        let ok = profile(vec![item("Sorting line", "recycling", "kz")], "")
            .parse(Rule::Everyone, &topics)
            .unwrap();
        assert_eq!(ok.languages, vec!["de", "en"]);
        assert_eq!(ok.items[0].countries, vec!["KZ"]);
        let code = |p: ProfileInput, rule| p.parse(rule, &topics).unwrap_err().code();
        assert_eq!(
            code(
                profile(vec![item("x", "unknown", "KZ")], ""),
                Rule::Everyone
            ),
            "topic_unknown"
        );
        assert_eq!(
            code(
                profile(vec![item("x", "recycling", "XX")], ""),
                Rule::Everyone
            ),
            "country_unknown"
        );
        assert_eq!(
            code(
                profile(vec![item("", "recycling", "KZ")], ""),
                Rule::Everyone
            ),
            "field_required"
        );
        assert_eq!(
            code(profile(vec![], "c"), Rule::Groups),
            "b2b_group_required"
        );
    }
}
