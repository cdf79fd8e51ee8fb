//! Document metadata: as a form or the API sends it ([`MetadataInput`]), and validated over
//! what is stored ([`parse_metadata`]), with topics checked against the members' sector
//! taxonomy. [`Metadata::insert`] and [`Metadata::update`] write it as a document's row.

use super::db;
use super::model::{self, Access, DocType};
use crate::state::AppState;
use crate::store::Db;
use crate::web::error::AppError;

/// Metadata as sent by a form or the API; `None` keeps what is stored (or the default).
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct MetadataInput {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Authors or publisher.
    pub authors: Option<String>,
    /// Year of publication; empty or null for none.
    #[schema(value_type = Option<i64>)]
    pub year: Option<serde_json::Value>,
    /// law, study, presentation, guide, report, concept, other
    pub doc_type: Option<String>,
    /// ISO 639-1 codes.
    pub languages: Option<Vec<String>>,
    /// Slugs of the sector taxonomy.
    pub topics: Option<Vec<String>>,
    pub tags: Option<Vec<String>>,
    /// public or members (the default).
    pub visibility: Option<String>,
}

/// Metadata, validated.
#[derive(Clone, Debug)]
pub struct Metadata {
    pub title: String,
    pub description: String,
    pub authors: String,
    pub year: Option<i64>,
    pub doc_type: DocType,
    pub languages: Vec<String>,
    pub topics: Vec<String>,
    pub tags: Vec<String>,
    pub visibility: Access,
}

impl Metadata {
    /// The lists as stored: languages, topics and tags.
    fn stored(&self) -> (String, String, String) {
        (
            model::join_list(&self.languages),
            model::join_list(&self.topics),
            model::join_list(&self.tags),
        )
    }

    /// The row's fields, with the `stored` lists.
    fn row<'a>(&'a self, stored: &'a (String, String, String)) -> db::Metadata<'a> {
        let (languages, topics, tags) = stored;
        db::Metadata {
            title: &self.title,
            description: &self.description,
            authors: &self.authors,
            year: self.year,
            doc_type: self.doc_type.as_str(),
            languages,
            topics,
            tags,
            visibility: self.visibility.as_str(),
        }
    }

    /// Adds a document of `kind` (`file`, with its first version, or `link`, with its `url`)
    /// with this metadata; returns its id.
    pub(super) async fn insert(
        &self,
        db: &Db,
        kind: &str,
        url: Option<&str>,
        uploader_id: i64,
        version: Option<&db::NewVersion<'_>>,
    ) -> sqlx::Result<i64> {
        let stored = self.stored();
        db::insert_document(db, kind, &self.row(&stored), url, uploader_id, version).await
    }

    /// Stores this metadata as the document's.
    pub(super) async fn update(&self, db: &Db, id: i64) -> sqlx::Result<()> {
        let stored = self.stored();
        db::update_metadata(db, id, &self.row(&stored)).await
    }
}

/// Validates `input` over `current` (or the defaults for a new document).
pub(super) async fn parse_metadata(
    state: &AppState,
    input: MetadataInput,
    current: Option<&db::DocumentRow>,
    default_title: Option<&str>,
) -> Result<Metadata, AppError> {
    let keep = |value: Option<String>, stored: Option<&str>| {
        value.unwrap_or_else(|| stored.unwrap_or_default().to_string())
    };
    let title_input = match (input.title, current) {
        (Some(t), _) if !t.trim().is_empty() || default_title.is_none() => t,
        (None, Some(row)) => row.title.clone(),
        _ => default_title.unwrap_or_default().to_string(),
    };
    let title = model::parse_title(&title_input)?;
    let description = model::parse_text(
        &keep(input.description, current.map(|r| r.description.as_str())),
        20_000,
        "description",
    )?;
    let authors = model::parse_text(
        &keep(input.authors, current.map(|r| r.authors.as_str())),
        500,
        "authors",
    )?;
    let year = match input.year {
        None => current.and_then(|r| r.year),
        Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::Number(n)) => model::parse_year(&n.to_string())?,
        Some(serde_json::Value::String(s)) => model::parse_year(&s)?,
        Some(_) => return Err(AppError::invalid("year", "library_year")),
    };
    let doc_type =
        model::DocType::parse(&keep(input.doc_type, current.map(|r| r.doc_type.as_str())))?;
    let list = |value: Option<Vec<String>>, stored: Option<&str>| {
        value.unwrap_or_else(|| model::split_list(stored.unwrap_or_default()))
    };
    let languages = model::parse_languages(&list(
        input.languages,
        current.map(|r| r.languages.as_str()),
    ))?;
    let topic_input = list(input.topics, current.map(|r| r.topics.as_str()));
    let mut topics: Vec<String> = Vec::new();
    if !topic_input.is_empty() {
        let taxonomy = crate::members::taxonomy(state).await?;
        for topic in topic_input.iter().flat_map(|t| t.split(',')) {
            let topic = topic.trim();
            if topic.is_empty() {
                continue;
            }
            if !taxonomy.iter().any(|e| e.slug == topic) {
                return Err(AppError::invalid("topics", "library_topic"));
            }
            if !topics.iter().any(|t| t == topic) {
                topics.push(topic.to_string());
            }
        }
    }
    let tags = model::parse_tags(&list(input.tags, current.map(|r| r.tags.as_str())))?;
    let visibility = model::Access::parse(&keep(
        input.visibility,
        current.map(|r| r.visibility.as_str()),
    ))?;
    Ok(Metadata {
        title,
        description,
        authors,
        year,
        doc_type,
        languages,
        topics,
        tags,
        visibility,
    })
}
