//! The library's search index: tantivy in the data folder, derived from the database and
//! rebuildable at any time (`circula reindex`, or automatically when missing or of an older
//! schema). The languages, queries, snippets and writer are the shared machinery of
//! [`crate::search`]: every document's title and text go into the fields of its languages (or
//! of the one it looks like), and a query word is looked up in every language's fields.
//!
//! Access: the `visibility` field is a filter added to every anonymous query, so members-only
//! documents can reach neither the hits, nor the snippets, nor the facet counts.
//!
//! Pages: the stored text keeps page breaks (`\f`); the snippet is taken from the page with
//! the most highlighted words, and named by its number for paged formats (PDF, PPTX).
//!
//! Freshness: the index remembers (in its commit payload) the last entry of the database's
//! `library_changes` feed it applied; see `following.rs` for how instances follow that feed.
//!
//! Here: the schema, opening, and writing documents. [`query`] makes tantivy queries of a
//! search's filters; [`search`] runs them, picks and highlights snippets, counts facets and
//! finds related documents.

use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::schema::{FAST, Facet, FacetOptions, Field, INDEXED, STORED, STRING, Schema};
use tantivy::{IndexWriter, TantivyDocument, Term};

use crate::search::{Multilingual, Store, slots_for};

mod query;
mod search;

pub use search::{FacetCounts, Hit, SearchParams, SearchResults, Sort};

/// Bumped whenever the schema or the analysers change: an index of another version is rebuilt.
const SCHEMA_VERSION: &str = "3";

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    text: Field,
    meta: Field,
    facets: Field,
    visibility: Field,
    created: Field,
}

/// What the index stores to show a hit without asking the database.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct HitMeta {
    pub title: String,
    pub kind: String,
    pub doc_type: String,
    pub year: Option<i64>,
    pub languages: Vec<String>,
    pub topics: Vec<String>,
    pub format: Option<String>,
    pub created_at: i64,
    pub visibility: String,
    /// Language slots the text went into.
    slots: Vec<usize>,
    /// True when the text has pages worth naming.
    paged: bool,
}

/// A document as the index needs it.
#[derive(Clone, Debug)]
pub struct IndexDoc {
    pub id: i64,
    pub kind: String,
    pub title: String,
    /// Description, authors, tags: weighed like the title.
    pub about: String,
    pub body: String,
    pub doc_type: String,
    pub languages: Vec<String>,
    pub topics: Vec<String>,
    pub year: Option<i64>,
    pub visibility: String,
    pub format: Option<String>,
    pub created_at: i64,
}

/// The index of one instance.
#[derive(Clone)]
pub struct SearchIndex {
    store: Store,
    fields: Fields,
    text: Multilingual,
}

fn schema() -> (Schema, Fields, Multilingual) {
    let mut builder = Schema::builder();
    let id = builder.add_i64_field("id", INDEXED | STORED | FAST);
    let text_fields = Multilingual::define(&mut builder);
    let text = builder.add_text_field("text", STORED);
    let meta = builder.add_text_field("meta", STORED);
    let facets = builder.add_facet_field("facets", FacetOptions::default());
    let visibility = builder.add_text_field("visibility", STRING);
    let created = builder.add_i64_field("created", FAST);
    let fields = Fields {
        id,
        text,
        meta,
        facets,
        visibility,
        created,
    };
    (builder.build(), fields, text_fields)
}

impl SearchIndex {
    /// Opens the index at `path`, or creates an empty one. The second value is false when the
    /// index is new (or was of another schema) and must be rebuilt from the database.
    pub fn open(path: &Path) -> anyhow::Result<(SearchIndex, bool)> {
        let (schema, fields, text) = schema();
        let (store, fresh) = Store::open(path, schema, SCHEMA_VERSION, &text)?;
        Ok((
            SearchIndex {
                store,
                fields,
                text,
            },
            fresh,
        ))
    }

    /// The index on disk: its reader, writer, commits and the change it applied.
    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn document(&self, doc: &IndexDoc) -> TantivyDocument {
        let f = self.fields;
        let mut out = TantivyDocument::default();
        out.add_i64(f.id, doc.id);
        let title = format!("{}\n{}", doc.title, doc.about);
        let slots = slots_for(&doc.languages, &format!("{}\n{}", doc.title, doc.body));
        for &slot in &slots {
            self.text.add_title(&mut out, slot, &title);
            self.text.add_body(&mut out, slot, &doc.body);
        }
        out.add_text(f.text, &doc.body);
        out.add_facet(f.facets, Facet::from(&format!("/type/{}", doc.doc_type)));
        for language in &doc.languages {
            out.add_facet(f.facets, Facet::from(&format!("/lang/{language}")));
        }
        for topic in &doc.topics {
            out.add_facet(f.facets, Facet::from(&format!("/topic/{topic}")));
        }
        if let Some(year) = doc.year {
            out.add_facet(f.facets, Facet::from(&format!("/year/{year}")));
        }
        out.add_text(f.visibility, &doc.visibility);
        out.add_i64(f.created, doc.created_at);
        let meta = HitMeta {
            title: doc.title.clone(),
            kind: doc.kind.clone(),
            doc_type: doc.doc_type.clone(),
            year: doc.year,
            languages: doc.languages.clone(),
            topics: doc.topics.clone(),
            format: doc.format.clone(),
            created_at: doc.created_at,
            visibility: doc.visibility.clone(),
            slots,
            paged: matches!(doc.format.as_deref(), Some("pdf" | "pptx")),
        };
        out.add_text(
            f.meta,
            serde_json::to_string(&meta).expect("metadata serialises"),
        );
        out
    }

    /// Replaces the given documents (by id) in the index and removes `removed`.
    pub fn stage(
        &self,
        writer: &IndexWriter,
        docs: &[IndexDoc],
        removed: &[i64],
    ) -> anyhow::Result<()> {
        for id in removed.iter().chain(docs.iter().map(|d| &d.id)) {
            writer.delete_term(Term::from_field_i64(self.fields.id, *id));
        }
        for doc in docs {
            writer.add_document(self.document(doc))?;
        }
        Ok(())
    }

    /// Adds documents known not to be in the index (a rebuild after `delete_all_documents`).
    pub fn add_new(&self, writer: &IndexWriter, docs: &[IndexDoc]) -> anyhow::Result<()> {
        for doc in docs {
            writer.add_document(self.document(doc))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: i64, title: &str, body: &str, languages: &[&str], visibility: &str) -> IndexDoc {
        IndexDoc {
            id,
            kind: "file".into(),
            title: title.into(),
            about: String::new(),
            body: body.into(),
            doc_type: "law".into(),
            languages: languages.iter().map(|s| s.to_string()).collect(),
            topics: vec!["recycling".into()],
            year: Some(2021),
            visibility: visibility.into(),
            format: Some("pdf".into()),
            created_at: id,
        }
    }

    fn index_of(docs: &[IndexDoc]) -> (tempfile::TempDir, SearchIndex) {
        let dir = tempfile::tempdir().unwrap();
        let (index, fresh) = SearchIndex::open(dir.path()).unwrap();
        assert!(fresh);
        let mut writer = index.store().writer(1, 15_000_000).unwrap();
        index.stage(&writer, docs, &[]).unwrap();
        index.store().commit(&mut writer, 7).unwrap();
        (dir, index)
    }

    fn search(index: &SearchIndex, q: &str, members: bool) -> SearchResults {
        index
            .search(&SearchParams {
                q: q.into(),
                page: 1,
                per_page: 10,
                members,
                ..SearchParams::default()
            })
            .unwrap()
    }

    #[test]
    fn stems_cases_typos_pages_and_access() {
        let (_dir, index) = index_of(&[
            doc(
                1,
                "Экологический кодекс",
                "Введение\u{c}Вывоз отходы на полигон",
                &["ru"],
                "public",
            ),
            doc(
                2,
                "Kreislaufwirtschaft",
                "Die Abfälle werden verwertet",
                &["de"],
                "public",
            ),
            doc(
                3,
                "Internal",
                "confidential recycling figures",
                &["en"],
                "members",
            ),
            doc(
                4,
                "Қалдықтар",
                "Қалдықтарды жинау және сұрыптау",
                &["kk"],
                "public",
            ),
        ]);
        assert_eq!(index.store().applied_change(), Some(7));
        // Another grammatical case; the page of the passage.
        let found = search(&index, "отходов", false);
        assert_eq!(found.total, 1);
        assert_eq!(found.items[0].id, 1);
        assert_eq!(found.items[0].page, Some(2));
        assert!(found.items[0].snippet_html.contains("<b>отходы</b>"));
        assert_eq!(search(&index, "Abfall", false).items[0].id, 2);
        assert_eq!(search(&index, "ҚАЛДЫҚТАРДЫ", false).items[0].id, 4);
        // One typo in a longer word.
        assert_eq!(search(&index, "Kreislaufwirtschat", false).items[0].id, 2);
        assert_eq!(
            search(&index, "Kreislaufwirtschat verwertet", false).items[0].id,
            2
        );
        // Known words are taken as written, even when nothing has them all.
        assert_eq!(search(&index, "verwertet полигон", false).total, 0);
        // Members-only text: found by members only, not counted for anyone else.
        assert_eq!(search(&index, "confidential", true).total, 1);
        let anonymous = search(&index, "confidential", false);
        assert_eq!(anonymous.total, 0);
        let all = search(&index, "", false);
        assert_eq!(all.total, 3);
        assert_eq!(all.facets.types, vec![("law".to_string(), 3)]);
        assert_eq!(
            search(&index, "", true).facets.types,
            vec![("law".to_string(), 4)]
        );
        // Related by topic, without the document itself and within access.
        let related = index.related(1, &["recycling".into()], false, 5).unwrap();
        let ids: Vec<i64> = related.iter().map(|r| r.0).collect();
        assert!(ids.contains(&2) && !ids.contains(&1) && !ids.contains(&3));
    }
}
