//! Full-text search machinery shared by the capabilities that search (the library, the
//! discussions): tantivy indexes in the data folder, derived from the database and rebuilt
//! when missing or of an older schema. Each capability defines its own schema and documents;
//! what they share is here:
//!
//! - **Languages** ([`Multilingual`]): a text goes into the fields of its language slot —
//!   English, German and Russian each with tantivy's Snowball stemmer, and a `plain` slot
//!   (lower-casing only) for Kazakh and every other language. Words are split at anything that
//!   is not a letter or digit, lower-cased, and `ё` is read as `е` ([`tokenizer`]). A query
//!   word is looked up in every slot's title and body fields, each analysed by that slot's
//!   analyser, so "отходов" finds a Russian text saying "отходы"; all words must match (BM25
//!   ranks; titles weigh double). When nothing matches, the caller runs the query again with
//!   the [`Multilingual::unknown`] words (five letters or more, known to no document) matched
//!   at one typo's distance.
//! - **Snippets** ([`Snippets`]): the passage of a text, of several pages or posts, with the
//!   most highlighted words.
//! - **Storage and writing** ([`Store`], [`Writing`]): opening an index (rebuilt when its schema
//!   version changed), and a writer that is opened by the first change and closed after a quiet
//!   while, each commit remembering the last entry of the capability's change feed it applied.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, SchemaBuilder, TextFieldIndexing};
use tantivy::schema::{TextOptions, Value};
use tantivy::snippet::{Snippet, SnippetGenerator};
use tantivy::tokenizer::{Language, RemoveLongFilter, Stemmer, TextAnalyzer};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

mod tokenizer;

use tokenizer::WordTokenizer;

/// The language slots: name and stemmer.
const SLOTS: [(&str, Option<Language>); 4] = [
    ("en", Some(Language::English)),
    ("de", Some(Language::German)),
    ("ru", Some(Language::Russian)),
    ("plain", None),
];

/// The slot of the `plain` analyser (Kazakh and every language without a stemmer).
pub const PLAIN: usize = 3;

/// Most characters of a snippet.
pub const SNIPPET_CHARS: usize = 220;

/// The slot of a language code.
pub fn slot_of(code: &str) -> usize {
    match code {
        "en" => 0,
        "de" => 1,
        "ru" => 2,
        _ => PLAIN,
    }
}

/// The language slots a text goes into: those of its languages, or of the one it looks like.
pub fn slots_for(languages: &[String], text: &str) -> Vec<usize> {
    let mut out: Vec<usize> = languages.iter().map(|l| slot_of(l)).collect();
    if out.is_empty() {
        out.push(slot_of(guess_language(text)));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The language a text is most likely in, of the four the search stems for: Kazakh by its
/// own letters, Russian by Cyrillic, German by umlauts and common words, else English.
pub fn guess_language(text: &str) -> &'static str {
    let sample: String = text.chars().take(5000).collect();
    let (mut cyrillic, mut kazakh, mut latin, mut german) = (0usize, 0usize, 0usize, 0usize);
    for c in sample.chars() {
        match c {
            'ә' | 'ғ' | 'қ' | 'ң' | 'ө' | 'ұ' | 'ү' | 'һ' | 'і' | 'Ә' | 'Ғ' | 'Қ' | 'Ң' | 'Ө'
            | 'Ұ' | 'Ү' | 'Һ' | 'І' => {
                kazakh += 1;
                cyrillic += 1;
            }
            'ä' | 'ö' | 'ü' | 'ß' | 'Ä' | 'Ö' | 'Ü' => {
                german += 3;
                latin += 1;
            }
            c if ('\u{0400}'..='\u{04ff}').contains(&c) => cyrillic += 1,
            c if c.is_ascii_alphabetic() => latin += 1,
            _ => {}
        }
    }
    if cyrillic > latin {
        return if kazakh * 50 >= cyrillic && kazakh > 0 {
            "kk"
        } else {
            "ru"
        };
    }
    let lower = sample.to_lowercase();
    for word in lower.split(|c: char| !c.is_alphabetic()) {
        if matches!(
            word,
            "der" | "die" | "das" | "und" | "nicht" | "mit" | "für" | "ist" | "von" | "zur"
        ) {
            german += 1;
        }
    }
    if german * 40 >= latin.max(1) && german >= 2 {
        "de"
    } else {
        "en"
    }
}

/// The words of a query: split at anything but letters and digits, at most 16. Folding (case,
/// `ё`) is the analysers' work.
pub fn query_words(q: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in q.split(|c: char| !c.is_alphanumeric()) {
        if !word.is_empty() && !out.iter().any(|w| w == word) && out.len() < 16 {
            out.push(word.to_string());
        }
    }
    out
}

/// A title and a body field in every language slot, with the slots' analysers.
#[derive(Clone)]
pub struct Multilingual {
    title: [Field; 4],
    body: [Field; 4],
    analyzers: Vec<TextAnalyzer>,
}

impl Multilingual {
    /// Adds the fields (`title_{slot}`, `body_{slot}`, indexed, not stored) to a schema.
    pub fn define(builder: &mut SchemaBuilder) -> Multilingual {
        let mut field = |name: String, slot: &str| {
            let indexing = TextFieldIndexing::default()
                .set_tokenizer(&format!("words_{slot}"))
                .set_index_option(IndexRecordOption::WithFreqs);
            builder.add_text_field(&name, TextOptions::default().set_indexing_options(indexing))
        };
        let title = SLOTS.map(|(slot, _)| field(format!("title_{slot}"), slot));
        let body = SLOTS.map(|(slot, _)| field(format!("body_{slot}"), slot));
        let analyzers = SLOTS
            .iter()
            .map(|(_, language)| {
                let base = TextAnalyzer::builder(WordTokenizer::default())
                    .filter(RemoveLongFilter::limit(64));
                match language {
                    Some(language) => base.filter(Stemmer::new(*language)).build(),
                    None => base.build(),
                }
            })
            .collect();
        Multilingual {
            title,
            body,
            analyzers,
        }
    }

    /// Tells an index of these fields how to analyse them.
    fn register(&self, index: &Index) {
        for ((slot, _), analyzer) in SLOTS.iter().zip(&self.analyzers) {
            index
                .tokenizers()
                .register(&format!("words_{slot}"), analyzer.clone());
        }
    }

    pub fn add_title(&self, doc: &mut TantivyDocument, slot: usize, text: &str) {
        doc.add_text(self.title[slot], text);
    }

    pub fn add_body(&self, doc: &mut TantivyDocument, slot: usize, text: &str) {
        doc.add_text(self.body[slot], text);
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

    /// The query of the words: each word must match in some language's title or body (those
    /// in `fuzzy` at one typo's distance); `None` without words.
    pub fn query(&self, words: &[String], fuzzy: &[&String]) -> Option<Box<dyn Query>> {
        let mut musts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in words {
            let mut shoulds: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            let lenient = fuzzy.contains(&word);
            for (slot, token) in self.tokens(word) {
                for (field, boost) in [(self.title[slot], 2.0), (self.body[slot], 1.0)] {
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

    /// The words that may be misspelt: of five letters or more, and in no document's title or
    /// body in any language. Words the index knows are taken as written.
    pub fn unknown<'w>(&self, searcher: &Searcher, words: &'w [String]) -> Vec<&'w String> {
        words
            .iter()
            .filter(|word| word.chars().count() >= 5 && !self.is_known(searcher, word))
            .collect()
    }

    fn is_known(&self, searcher: &Searcher, word: &str) -> bool {
        self.tokens(word).into_iter().any(|(slot, token)| {
            [self.title[slot], self.body[slot]]
                .into_iter()
                .any(|field| {
                    searcher
                        .doc_freq(&Term::from_field_text(field, &token))
                        .is_ok_and(|n| n > 0)
                })
        })
    }

    /// A snippet maker for the words as typed (fuzzy matches are not named by the query).
    pub fn snippets<'s>(&'s self, searcher: &'s Searcher, words: &[String]) -> Snippets<'s> {
        Snippets {
            fields: self,
            searcher,
            query: self.query(words, &[]),
            generators: [None, None, None, None],
        }
    }
}

/// Picks and highlights snippets; one generator per language slot, made on first use.
pub struct Snippets<'s> {
    fields: &'s Multilingual,
    searcher: &'s Searcher,
    query: Option<Box<dyn Query>>,
    generators: [Option<SnippetGenerator>; 4],
}

impl Snippets<'_> {
    /// The passage with the most highlighted words among `parts` (each text with its language
    /// slot; pages of a document, posts of a topic): its index and the snippet. `None` when no
    /// part has a word of the query.
    pub fn best<'t>(
        &mut self,
        parts: impl IntoIterator<Item = (usize, &'t str)>,
    ) -> anyhow::Result<Option<(usize, Snippet)>> {
        let Some(query) = &self.query else {
            return Ok(None);
        };
        let mut best: Option<(usize, usize, Snippet)> = None;
        for (n, (slot, text)) in parts.into_iter().enumerate().take(2000) {
            let slot = slot.min(PLAIN);
            if self.generators[slot].is_none() {
                let mut generator = SnippetGenerator::create(
                    self.searcher,
                    query.as_ref(),
                    self.fields.body[slot],
                )?;
                generator.set_max_num_chars(SNIPPET_CHARS);
                self.generators[slot] = Some(generator);
            }
            let generator = self.generators[slot].as_ref().expect("just made");
            let snippet = generator.snippet(text);
            let found = snippet.highlighted().len();
            if found > 0 && best.as_ref().is_none_or(|b| found > b.0) {
                best = Some((found, n, snippet));
            }
        }
        Ok(best.map(|(_, n, snippet)| (n, snippet)))
    }
}

/// The start of a text, for a hit without a highlighted passage (page breaks as spaces).
pub fn lead(text: &str) -> String {
    text.chars()
        .take(SNIPPET_CHARS)
        .map(|c| if c == '\u{c}' { ' ' } else { c })
        .collect()
}

pub fn html_escape(text: &str) -> String {
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

/// A stored field's text, or "".
pub fn stored_text(doc: &TantivyDocument, field: Field) -> &str {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
}

/// One index on disk and its reader.
#[derive(Clone)]
pub struct Store {
    index: Index,
    reader: IndexReader,
    path: PathBuf,
}

impl Store {
    /// Opens the index at `path`, or creates an empty one of `schema`. The second value is
    /// false when the index is new (or was of another `version`) and must be rebuilt from the
    /// database.
    pub fn open(
        path: &Path,
        schema: Schema,
        version: &str,
        text: &Multilingual,
    ) -> anyhow::Result<(Store, bool)> {
        let version_file = path.join("circula-schema-version");
        let current = std::fs::read_to_string(&version_file).ok();
        let opened = if current.as_deref() == Some(version) {
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
                std::fs::write(&version_file, version)?;
                (index, true)
            }
        };
        text.register(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok((
            Store {
                index,
                reader,
                path: path.to_path_buf(),
            },
            fresh,
        ))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
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

/// The writing side of an index: the last change of the feed applied and, while there is
/// something to index, a writer. A writer holds its memory budget and threads, so it is not
/// kept for the life of the instance: it is opened by the first change and closed by
/// [`Writing::rest`] after a quiet while. Closing waits for the background merges its commits
/// made possible (a writer simply dropped would cancel them and leave one more small segment
/// per change, slowing every search down over time); between changes of a burst the same
/// writer stays, so those merges run as they would with a writer kept for good.
pub struct Writing {
    pub applied: i64,
    writer: Option<IndexWriter>,
    /// When the writer last staged something.
    used: Instant,
    threads: usize,
    memory: usize,
}

impl Writing {
    /// `threads` indexing threads sharing `memory` bytes, for a writer when one is needed.
    pub fn new(applied: i64, threads: usize, memory: usize) -> Writing {
        Writing {
            applied,
            writer: None,
            used: Instant::now(),
            threads,
            memory,
        }
    }

    /// The writer, opened on first use (or again after a failed commit dropped it).
    pub fn writer(&mut self, store: &Store) -> anyhow::Result<&IndexWriter> {
        if self.writer.is_none() {
            self.writer = Some(store.writer(self.threads, self.memory)?);
        }
        self.used = Instant::now();
        Ok(self.writer.as_ref().expect("just opened"))
    }

    /// Drops what was staged but not committed (after a failure half-way).
    pub fn discard(&mut self) {
        if let Some(writer) = self.writer.as_mut() {
            let _ = writer.rollback();
        }
    }

    /// Commits what is staged (off the async threads), remembering `change` as applied.
    pub async fn commit(&mut self, store: &Store, change: i64) -> anyhow::Result<()> {
        let Some(mut writer) = self.writer.take() else {
            anyhow::bail!("no index writer to commit");
        };
        let store = store.clone();
        let (writer, result) = tokio::task::spawn_blocking(move || {
            let result = store.commit(&mut writer, change);
            if result.is_err() {
                // Staged work is dropped; the changes are read again from the feed.
                let _ = writer.rollback();
            }
            (writer, result)
        })
        .await?;
        self.writer = Some(writer);
        result?;
        self.applied = change;
        Ok(())
    }

    /// Closes the writer when it has staged nothing for `quiet`, once its background merges
    /// are done, and shows searches the merged segments; true when it closed one. The next
    /// change opens a new writer.
    pub async fn rest(&mut self, store: &Store, quiet: Duration) -> anyhow::Result<bool> {
        if self.used.elapsed() < quiet {
            return Ok(false);
        }
        let Some(writer) = self.writer.take() else {
            return Ok(false);
        };
        let store = store.clone();
        // The caller holds its lock until the merges end: a new writer could not open before
        // (the index allows one), and the merges of a few small segments take milliseconds.
        tokio::task::spawn_blocking(move || {
            writer.wait_merging_threads()?;
            store.reload()
        })
        .await??;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_slots_and_languages() {
        assert_eq!(
            query_words("Ёлка, Қазақ-стан  ёлка Ёлка"),
            vec!["Ёлка", "Қазақ", "стан", "ёлка"]
        );
        assert_eq!(slots_for(&[], "Отходы производства"), vec![2]);
        assert_eq!(
            slots_for(&["kk".into(), "ru".into(), "fr".into()], ""),
            vec![2, 3]
        );
        assert_eq!(guess_language("Отходы производства и потребления"), "ru");
        assert_eq!(guess_language("Қалдықтарды басқару және өңдеу"), "kk");
        assert_eq!(
            guess_language("Die Richtlinie über Abfälle und die Verwertung"),
            "de"
        );
        assert_eq!(guess_language("The waste framework directive"), "en");
    }

    #[test]
    fn every_slot_stems_or_folds_its_language() {
        let text = Multilingual::define(&mut Schema::builder());
        let tokens = text.tokens("Отходов");
        assert!(tokens.contains(&(2, "отход".to_string())), "{tokens:?}");
        assert!(tokens.contains(&(PLAIN, "отходов".to_string())));
        assert_eq!(
            html_escape("<a href='x'>&"),
            "&lt;a href=&#39;x&#39;&gt;&amp;"
        );
        assert_eq!(lead("a\u{c}b"), "a b");
    }
}
