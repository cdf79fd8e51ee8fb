//! HTML pages of the library, a file per family: the list and search with facets, the upload
//! and link forms, a document, editing and replacing its file, and hiding (with the admins'
//! list of hidden documents). What several share (choices in a select list, type and topic
//! names, the metadata form) is here; the routes in `library/mod.rs` name the handlers
//! re-exported below.

use serde::Deserialize;

use super::api::DocumentView;
use super::model::DocType;
use super::{MetadataInput, UploadForm};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::text::{LANGUAGES, language_name};

mod document;
mod edit;
mod hiding;
mod list;
mod upload;

pub use self::{document::*, edit::*, hiding::*, list::*, upload::*};

/// A choice in a select list or a checkbox group.
pub struct Choice {
    value: String,
    label: String,
    selected: bool,
}

fn type_label(i18n: I18n, value: &str) -> String {
    i18n.t(&format!("library-type-{value}"))
}

/// Topic names in the reader's language, by slug.
async fn topic_names(state: &AppState, i18n: I18n) -> Result<Vec<(String, String)>, AppError> {
    let taxonomy = crate::members::taxonomy(state).await?;
    Ok(taxonomy
        .iter()
        .map(|e| {
            let name = match i18n.locale.code() {
                "de" => &e.name_de,
                "ru" => &e.name_ru,
                "kk" => &e.name_kk,
                _ => &e.name_en,
            };
            (e.slug.clone(), name.clone())
        })
        .collect())
}

fn name_of(names: &[(String, String)], slug: &str) -> String {
    names
        .iter()
        .find(|n| n.0 == slug)
        .map_or_else(|| slug.to_string(), |n| n.1.clone())
}

/// The fields of the metadata form, as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct MetadataForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    authors: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    doc_type: String,
    #[serde(default)]
    languages: Vec<String>,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    tags: String,
    #[serde(default)]
    visibility: String,
}

impl MetadataForm {
    fn input(&self) -> MetadataInput {
        MetadataInput {
            title: Some(self.title.clone()),
            description: Some(self.description.clone()),
            authors: Some(self.authors.clone()),
            year: Some(serde_json::Value::String(self.year.clone())),
            doc_type: Some(self.doc_type.clone()),
            languages: Some(self.languages.clone()),
            topics: Some(self.topics.clone()),
            tags: Some(vec![self.tags.clone()]),
            visibility: Some(self.visibility.clone()),
        }
    }

    fn from_upload(form: &UploadForm) -> MetadataForm {
        MetadataForm {
            title: form.value("title").unwrap_or_default(),
            description: form.value("description").unwrap_or_default(),
            authors: form.value("authors").unwrap_or_default(),
            year: form.value("year").unwrap_or_default(),
            doc_type: form.value("doc_type").unwrap_or_default(),
            languages: form.values("languages").unwrap_or_default(),
            topics: form.values("topics").unwrap_or_default(),
            tags: form.value("tags").unwrap_or_default(),
            visibility: form.value("visibility").unwrap_or_default(),
        }
    }

    fn from_view(view: &DocumentView) -> MetadataForm {
        MetadataForm {
            title: view.title.clone(),
            description: view.description.clone(),
            authors: view.authors.clone(),
            year: view.year.map(|y| y.to_string()).unwrap_or_default(),
            doc_type: view.doc_type.clone(),
            languages: view.languages.clone(),
            topics: view.topics.clone(),
            tags: view.tags.join(", "),
            visibility: view.visibility.clone(),
        }
    }
}

/// The select lists and checkboxes of the metadata form.
pub struct FormChoices {
    types: Vec<Choice>,
    languages: Vec<Choice>,
    topics: Vec<Choice>,
    public: bool,
}

async fn form_choices(
    state: &AppState,
    i18n: I18n,
    form: &MetadataForm,
) -> Result<FormChoices, AppError> {
    let names = topic_names(state, i18n).await?;
    Ok(FormChoices {
        types: DocType::ALL
            .iter()
            .map(|t| Choice {
                value: t.as_str().to_string(),
                label: type_label(i18n, t.as_str()),
                selected: form.doc_type == t.as_str(),
            })
            .collect(),
        languages: LANGUAGES
            .iter()
            .map(|l| Choice {
                value: l.to_string(),
                label: language_name(i18n, l),
                selected: form.languages.iter().any(|s| s == l),
            })
            .collect(),
        topics: names
            .into_iter()
            .map(|(slug, name)| Choice {
                selected: form.topics.contains(&slug),
                value: slug,
                label: name,
            })
            .collect(),
        public: form.visibility == "public",
    })
}
