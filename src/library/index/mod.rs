//! The search index: tantivy in the data folder, derived from the database and rebuildable at
//! any time (`circula reindex`, or automatically when missing or of an older schema).
//!
//! Languages: every document's title and text go into the fields of its languages — English,
//! German and Russian each with tantivy's Snowball stemmer, and a `plain` field (lower-casing
//! only) for Kazakh and every other language. Tokens are split at anything that is not a letter
//! or digit (so Kazakh letters such as қ, ә, ү stay inside words), lower-cased, and `ё` is
//! read as `е`, all in one pass ([`super::tokenizer`]). A query word is looked up in every
//! language's fields, each analysed by that field's analyser, so "отходов" finds a Russian
//! text saying "отходы"; all words must match (BM25 ranks; titles weigh double). When no
//! document matches, the query is run again with the words of five letters or more that the
//! index does not know matched at one typo's distance.
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
//! Here: the schema, the analysers, opening, and writing documents. [`query`] makes tantivy
//! queries of a search's words and filters; [`search`] runs them, picks and highlights
//! snippets, counts facets and finds related documents.

use std::path::{Path, PathBuf};

use super::tokenizer::WordTokenizer;
use anyhow::Context;
use serde::{Deserialize, Serialize};
use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{Language, RemoveLongFilter, Stemmer, TextAnalyzer};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

mod query;
mod search;

pub use query::query_words;
pub use search::{FacetCounts, Hit, SearchParams, SearchResults, Sort};

/// Bumped whenever the schema or the analysers change: an index of another version is rebuilt.
const SCHEMA_VERSION: &str = "2";

/// The language slots: field suffix and stemmer.
const SLOTS: [(&str, Option<Language>); 4] = [
    ("en", Some(Language::English)),
    ("de", Some(Language::German)),
    ("ru", Some(Language::Russian)),
    ("plain", None),
];

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    title: [Field; 4],
    body: [Field; 4],
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
    index: Index,
    reader: IndexReader,
    fields: Fields,
    analyzers: Vec<TextAnalyzer>,
    path: PathBuf,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let id = builder.add_i64_field("id", INDEXED | STORED | FAST);
    let text_field = |builder: &mut tantivy::schema::SchemaBuilder, name: String, slot: &str| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(&format!("lib_{slot}"))
            .set_index_option(IndexRecordOption::WithFreqs);
        builder.add_text_field(&name, TextOptions::default().set_indexing_options(indexing))
    };
    let title = SLOTS.map(|(slot, _)| text_field(&mut builder, format!("title_{slot}"), slot));
    let body = SLOTS.map(|(slot, _)| text_field(&mut builder, format!("body_{slot}"), slot));
    let text = builder.add_text_field("text", STORED);
    let meta = builder.add_text_field("meta", STORED);
    let facets = builder.add_facet_field("facets", FacetOptions::default());
    let visibility = builder.add_text_field("visibility", STRING);
    let created = builder.add_i64_field("created", FAST);
    let fields = Fields {
        id,
        title,
        body,
        text,
        meta,
        facets,
        visibility,
        created,
    };
    (builder.build(), fields)
}

fn analyzers() -> Vec<TextAnalyzer> {
    SLOTS
        .iter()
        .map(|(_, language)| {
            let base =
                TextAnalyzer::builder(WordTokenizer::default()).filter(RemoveLongFilter::limit(64));
            match language {
                Some(language) => base.filter(Stemmer::new(*language)).build(),
                None => base.build(),
            }
        })
        .collect()
}

/// The language slots a document's text goes into: those of its languages, or of the one its
/// title and text look like.
pub fn slots_for(languages: &[String], title: &str, body: &str) -> Vec<usize> {
    let slot = |code: &str| match code {
        "en" => 0,
        "de" => 1,
        "ru" => 2,
        _ => 3,
    };
    let mut out: Vec<usize> = languages.iter().map(|l| slot(l)).collect();
    if out.is_empty() {
        out.push(slot(super::model::guess_language(&format!(
            "{title}\n{body}"
        ))));
    }
    out.sort_unstable();
    out.dedup();
    out
}

impl SearchIndex {
    /// Opens the index at `path`, or creates an empty one. The second value is false when the
    /// index is new (or was of another schema) and must be rebuilt from the database.
    pub fn open(path: &Path) -> anyhow::Result<(SearchIndex, bool)> {
        let (schema, fields) = schema();
        let version_file = path.join("circula-schema-version");
        let current = std::fs::read_to_string(&version_file).ok();
        let reusable = current.as_deref() == Some(SCHEMA_VERSION);
        let opened = if reusable {
            Index::open_in_dir(path).ok()
        } else {
            None
        };
        let (index, fresh) = match opened {
            Some(index) => (index, false),
            None => {
                if path.exists() {
                    std::fs::remove_dir_all(path)
                        .with_context(|| format!("cannot clear {}", path.display()))?;
                }
                std::fs::create_dir_all(path)
                    .with_context(|| format!("cannot create {}", path.display()))?;
                let index = Index::create_in_dir(path, schema)?;
                std::fs::write(&version_file, SCHEMA_VERSION)?;
                (index, true)
            }
        };
        let analyzers = analyzers();
        for ((slot, _), analyzer) in SLOTS.iter().zip(&analyzers) {
            index
                .tokenizers()
                .register(&format!("lib_{slot}"), analyzer.clone());
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok((
            SearchIndex {
                index,
                reader,
                fields,
                analyzers,
                path: path.to_path_buf(),
            },
            fresh,
        ))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The last change of the database's feed this index contains, if it ever committed.
    pub fn applied_change(&self) -> Option<i64> {
        let metas = self.index.load_metas().ok()?;
        metas.payload?.parse().ok()
    }

    /// A writer with `threads` indexing threads sharing `memory` bytes, and one merging thread
    /// (tantivy's default of four would only compete for the same few cores).
    pub fn writer(&self, threads: usize, memory: usize) -> anyhow::Result<IndexWriter> {
        let options = tantivy::indexer::IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread(memory / threads.max(1))
            .num_merge_threads(1)
            .build();
        match self.index.writer_with_options(options) {
            Ok(writer) => Ok(writer),
            Err(tantivy::TantivyError::LockFailure(..)) => anyhow::bail!(
                "the search index in {} is being written by another process \
                 (a running server keeps it current: stop it before `circula reindex`)",
                self.path.display()
            ),
            Err(err) => Err(err.into()),
        }
    }

    pub fn document(&self, doc: &IndexDoc) -> TantivyDocument {
        let f = self.fields;
        let mut out = TantivyDocument::default();
        out.add_i64(f.id, doc.id);
        let title = format!("{}\n{}", doc.title, doc.about);
        let slots = slots_for(&doc.languages, &doc.title, &doc.body);
        for &slot in &slots {
            out.add_text(f.title[slot], &title);
            out.add_text(f.body[slot], &doc.body);
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

    /// Commits what the writer staged, remembering `change` as applied, and shows it to searches.
    pub fn commit(&self, writer: &mut IndexWriter, change: i64) -> anyhow::Result<()> {
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&change.to_string());
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Shows searches what the index holds now (segments merged since the last commit).
    pub fn reload(&self) -> anyhow::Result<()> {
        self.reader.reload()?;
        Ok(())
    }

    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Segments searched (fewer is faster; the writer merges them in the background).
    pub fn num_segments(&self) -> usize {
        self.reader.searcher().segment_readers().len()
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
        let mut writer = index.writer(1, 15_000_000).unwrap();
        index.stage(&writer, docs, &[]).unwrap();
        index.commit(&mut writer, 7).unwrap();
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
        assert_eq!(index.applied_change(), Some(7));
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

    #[test]
    fn query_words_split() {
        // Folding (case, ё) is the analysers' work.
        assert_eq!(
            query_words("Ёлка, Қазақ-стан  ёлка Ёлка"),
            vec!["Ёлка", "Қазақ", "стан", "ёлка"]
        );
        assert_eq!(slots_for(&[], "", "Отходы производства"), vec![2]);
        assert_eq!(
            slots_for(&["kk".into(), "ru".into(), "fr".into()], "", ""),
            vec![2, 3]
        );
    }
}
