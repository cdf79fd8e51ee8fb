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
//! `library_changes` feed it applied; see `mod.rs` for how instances follow that feed.

use std::path::{Path, PathBuf};

use super::tokenizer::WordTokenizer;
use anyhow::Context;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{Language, RemoveLongFilter, Stemmer, TextAnalyzer};
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term,
};

/// Bumped whenever the schema or the analysers change: an index of another version is rebuilt.
const SCHEMA_VERSION: &str = "2";

/// The language slots: field suffix and stemmer.
const SLOTS: [(&str, Option<Language>); 4] = [
    ("en", Some(Language::English)),
    ("de", Some(Language::German)),
    ("ru", Some(Language::Russian)),
    ("plain", None),
];

/// Most characters of a snippet.
const SNIPPET_CHARS: usize = 220;

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

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    #[default]
    Relevance,
    Date,
}

/// A search, as parsed from the query string.
#[derive(Clone, Debug, Default)]
pub struct SearchParams {
    pub q: String,
    pub doc_type: Option<String>,
    pub language: Option<String>,
    pub topic: Option<String>,
    pub year: Option<i64>,
    pub sort: Sort,
    /// From 1.
    pub page: usize,
    pub per_page: usize,
    /// Signed-in members see members-only documents.
    pub members: bool,
}

#[derive(Clone, Debug)]
pub struct Hit {
    pub id: i64,
    pub meta: HitMeta,
    pub snippet: String,
    /// The snippet as HTML: escaped, matches in `<b>`.
    pub snippet_html: String,
    /// Page of the snippet, for paged formats.
    pub page: Option<i64>,
}

#[derive(Clone, Debug, Default)]
pub struct FacetCounts {
    pub types: Vec<(String, u64)>,
    pub languages: Vec<(String, u64)>,
    pub topics: Vec<(String, u64)>,
    pub years: Vec<(String, u64)>,
}

#[derive(Clone, Debug, Default)]
pub struct SearchResults {
    pub items: Vec<Hit>,
    pub total: usize,
    pub facets: FacetCounts,
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

    pub fn writer(&self, threads: usize, memory: usize) -> anyhow::Result<IndexWriter> {
        match self.index.writer_with_num_threads(threads, memory) {
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

    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Segments searched (fewer is faster; the writer merges them in the background).
    pub fn num_segments(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// The tokens of `word` for each language slot.
    fn tokens(&self, word: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for (slot, analyzer) in self.analyzers.iter().enumerate() {
            let mut analyzer = analyzer.clone();
            let mut stream = analyzer.token_stream(word);
            while stream.advance() {
                out.push((slot, stream.token().text.clone()));
            }
        }
        out
    }

    /// The query of the words: each word must match in some language's title or text.
    fn text_query(&self, words: &[String], fuzzy: &[&String]) -> Option<Box<dyn Query>> {
        let mut musts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in words {
            let mut shoulds: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            let lenient = fuzzy.contains(&word);
            for (slot, token) in self.tokens(word) {
                for (field, boost) in [
                    (self.fields.title[slot], 2.0),
                    (self.fields.body[slot], 1.0),
                ] {
                    let term = Term::from_field_text(field, &token);
                    let query: Box<dyn Query> = if lenient {
                        Box::new(FuzzyTermQuery::new(term, 1, true))
                    } else {
                        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
                    };
                    shoulds.push((Occur::Should, Box::new(BoostQuery::new(query, boost))));
                }
            }
            if !shoulds.is_empty() {
                musts.push((Occur::Must, Box::new(BooleanQuery::new(shoulds))));
            }
        }
        (!musts.is_empty()).then(|| Box::new(BooleanQuery::new(musts)) as Box<dyn Query>)
    }

    fn filters(&self, params: &SearchParams) -> Vec<(Occur, Box<dyn Query>)> {
        let facet = |path: String| -> (Occur, Box<dyn Query>) {
            let term = Term::from_facet(self.fields.facets, &Facet::from(&path));
            let query = TermQuery::new(term, IndexRecordOption::Basic);
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(query), 0.0)),
            )
        };
        let mut out = Vec::new();
        let clean = |v: &str| v.replace(['/', '\\'], "");
        if let Some(t) = &params.doc_type {
            out.push(facet(format!("/type/{}", clean(t))));
        }
        if let Some(l) = &params.language {
            out.push(facet(format!("/lang/{}", clean(l))));
        }
        if let Some(t) = &params.topic {
            out.push(facet(format!("/topic/{}", clean(t))));
        }
        if let Some(y) = params.year {
            out.push(facet(format!("/year/{y}")));
        }
        if !params.members {
            let term = Term::from_field_text(self.fields.visibility, "public");
            let query = TermQuery::new(term, IndexRecordOption::Basic);
            out.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(query), 0.0)),
            ));
        }
        out
    }

    pub fn search(&self, params: &SearchParams) -> anyhow::Result<SearchResults> {
        let words = query_words(&params.q);
        let first = self.run(params, &words, &[])?;
        if first.total > 0 {
            return Ok(first);
        }
        // Nothing has all the words. Words of five letters or more that the index does not
        // know at all may be misspelt: look for them at one typo's distance. Words it knows
        // are taken as written (they only do not occur together).
        let searcher = self.reader.searcher();
        let unknown: Vec<&String> = words
            .iter()
            .filter(|word| word.chars().count() >= 5 && !self.is_known(&searcher, word))
            .collect();
        if unknown.is_empty() {
            return Ok(first);
        }
        self.run(params, &words, &unknown)
    }

    /// True when some document has `word` (as analysed for any language) in its title or text.
    fn is_known(&self, searcher: &tantivy::Searcher, word: &str) -> bool {
        self.tokens(word).into_iter().any(|(slot, token)| {
            [self.fields.title[slot], self.fields.body[slot]]
                .into_iter()
                .any(|field| {
                    searcher
                        .doc_freq(&Term::from_field_text(field, &token))
                        .is_ok_and(|n| n > 0)
                })
        })
    }

    /// Runs the query of `words`, those in `fuzzy` matched at one typo's distance.
    fn run(
        &self,
        params: &SearchParams,
        words: &[String],
        fuzzy: &[&String],
    ) -> anyhow::Result<SearchResults> {
        let searcher = self.reader.searcher();
        let text = self.text_query(words, fuzzy);
        let mut clauses = self.filters(params);
        let has_text = text.is_some();
        if let Some(text) = text {
            clauses.push((Occur::Must, text));
        }
        let query: Box<dyn Query> = if clauses.is_empty() {
            Box::new(AllQuery)
        } else if has_text {
            Box::new(BooleanQuery::new(clauses))
        } else {
            clauses.push((Occur::Must, Box::new(AllQuery)));
            Box::new(BooleanQuery::new(clauses))
        };
        let per_page = params.per_page.clamp(1, 100);
        let offset = (params.page.max(1) - 1).min(1000) * per_page;
        let mut facets = FacetCollector::for_field("facets");
        for root in ["/type", "/lang", "/topic", "/year"] {
            facets.add_facet(root);
        }
        let top = TopDocs::with_limit(per_page).and_offset(offset);
        let (addresses, total, counts): (Vec<DocAddress>, usize, _) =
            if params.sort == Sort::Date || !has_text {
                let collector = top.order_by_fast_field::<i64>("created", Order::Desc);
                let (hits, total, counts) = searcher.search(&query, &(collector, Count, facets))?;
                (hits.into_iter().map(|h| h.1).collect(), total, counts)
            } else {
                let (hits, total, counts) = searcher.search(&query, &(top, Count, facets))?;
                (hits.into_iter().map(|h| h.1).collect(), total, counts)
            };
        // Snippets highlight the words as typed (fuzzy matches are not named by the query).
        let snippet_query = self.text_query(words, &[]);
        let mut generators: Vec<Option<SnippetGenerator>> = vec![None, None, None, None];
        let mut items = Vec::with_capacity(addresses.len());
        for address in addresses {
            let doc: TantivyDocument = searcher.doc(address)?;
            let id = doc
                .get_first(self.fields.id)
                .and_then(|v| v.as_i64())
                .unwrap_or_default();
            let meta: HitMeta = doc
                .get_first(self.fields.meta)
                .and_then(|v| v.as_str())
                .and_then(|s| serde_json::from_str(s).ok())
                .context("index entry without metadata")?;
            let text = doc
                .get_first(self.fields.text)
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            let slot = meta.slots.first().copied().unwrap_or(3);
            let mut best: Option<(usize, i64, tantivy::snippet::Snippet)> = None;
            if let Some(query) = &snippet_query {
                if generators[slot].is_none() {
                    let mut generator = SnippetGenerator::create(
                        &searcher,
                        query.as_ref(),
                        self.fields.body[slot],
                    )?;
                    generator.set_max_num_chars(SNIPPET_CHARS);
                    generators[slot] = Some(generator);
                }
                let generator = generators[slot].as_ref().expect("just made");
                for (n, page) in text.split('\u{c}').enumerate().take(2000) {
                    let snippet = generator.snippet(page);
                    let found = snippet.highlighted().len();
                    if found > 0 && best.as_ref().is_none_or(|b| found > b.0) {
                        best = Some((found, n as i64 + 1, snippet));
                    }
                }
            }
            let hit = match best {
                Some((_, page, snippet)) => {
                    let fragment = snippet.fragment().to_string();
                    Hit {
                        id,
                        snippet: fragment,
                        snippet_html: snippet.to_html(),
                        page: meta.paged.then_some(page),
                        meta,
                    }
                }
                None => {
                    let start: String = text
                        .chars()
                        .take(SNIPPET_CHARS)
                        .map(|c| if c == '\u{c}' { ' ' } else { c })
                        .collect();
                    Hit {
                        id,
                        snippet_html: html_escape(&start),
                        snippet: start,
                        page: None,
                        meta,
                    }
                }
            };
            items.push(hit);
        }
        let collect = |root: &str| -> Vec<(String, u64)> {
            let mut out: Vec<(String, u64)> = counts
                .get(root)
                .map(|(facet, count)| {
                    let path = facet.to_path();
                    (
                        path.last().map(|s| s.to_string()).unwrap_or_default(),
                        count,
                    )
                })
                .collect();
            out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            out
        };
        let mut years = collect("/year");
        years.sort_by(|a, b| b.0.cmp(&a.0));
        Ok(SearchResults {
            items,
            total,
            facets: FacetCounts {
                types: collect("/type"),
                languages: collect("/lang"),
                topics: collect("/topic"),
                years,
            },
        })
    }

    /// Documents sharing a topic with `id`, most topics in common first.
    pub fn related(
        &self,
        id: i64,
        topics: &[String],
        members: bool,
        limit: usize,
    ) -> anyhow::Result<Vec<(i64, HitMeta)>> {
        if topics.is_empty() {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        let mut shoulds: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for topic in topics {
            let term =
                Term::from_facet(self.fields.facets, &Facet::from(&format!("/topic/{topic}")));
            let query = TermQuery::new(term, IndexRecordOption::Basic);
            shoulds.push((
                Occur::Should,
                Box::new(ConstScoreQuery::new(Box::new(query), 1.0)),
            ));
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Must, Box::new(BooleanQuery::new(shoulds))),
            (
                Occur::MustNot,
                Box::new(TermQuery::new(
                    Term::from_field_i64(self.fields.id, id),
                    IndexRecordOption::Basic,
                )),
            ),
        ];
        if !members {
            let term = Term::from_field_text(self.fields.visibility, "public");
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                    0.0,
                )),
            ));
        }
        let query = BooleanQuery::new(clauses);
        let hits = searcher.search(&query, &TopDocs::with_limit(limit))?;
        let mut out = Vec::new();
        for (_, address) in hits {
            let doc: TantivyDocument = searcher.doc(address)?;
            let id = doc
                .get_first(self.fields.id)
                .and_then(|v| v.as_i64())
                .unwrap_or_default();
            if let Some(meta) = doc
                .get_first(self.fields.meta)
                .and_then(|v| v.as_str())
                .and_then(|s| serde_json::from_str::<HitMeta>(s).ok())
            {
                out.push((id, meta));
            }
        }
        Ok(out)
    }
}

/// The words of a query: split at anything but letters and digits, at most 16.
pub fn query_words(q: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in q.split(|c: char| !c.is_alphanumeric()) {
        if !word.is_empty() && !out.iter().any(|w| w == word) && out.len() < 16 {
            out.push(word.to_string());
        }
    }
    out
}

fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
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
