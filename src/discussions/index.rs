//! Following the change feed: the search index of topics and the list caches of this instance.
//!
//! **Search.** One index entry per listed topic (neither hidden nor waiting for approval): its
//! title, and the text of each visible post (Markdown marks left out), each in the language
//! slot it looks like, with the shared machinery of [`crate::search`] — so a Russian reply is
//! found by another case of its words, a German one by its stems, a Kazakh one as written.
//! Filters: the categories the viewer may read (checked at query time, so a category made
//! members-only is hidden at once), tags, sector topics, author, unanswered. A hit names the
//! post whose passage has the most words of the query.
//!
//! **Caches.** The categories (every page needs them) and the totals of lists (a count over
//! every topic of the categories) are kept for one position of the feed: when [`Forum::sync`]
//! applies a change, of this instance or another, they are read again. So are the pages and
//! answers rendered for visitors who are not signed in (in the shared `web::render_cache`,
//! keyed by [`Forum::position`]): a popular topic linked from elsewhere is rendered once per
//! change, not once per visitor.
//!
//! **Freshness.** [`follow_changes`] polls the feed every 250 ms and closes the writer when
//! quiet; [`refresh`] applies this instance's own write before it answers, so its writer finds
//! what it wrote at once. The index remembers the last change it applied (in its commit
//! payload); an index behind the pruned feed is rebuilt.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use anyhow::Context;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, Schema, Value,
};
use tantivy::{IndexWriter, TantivyDocument, Term};

use super::access::Category;
use super::db::{self, IndexPost, IndexTopic};
use crate::search::{
    Multilingual, Store, Writing, guess_language, html_escape, lead, query_words, slot_of,
    stored_text,
};
use crate::state::AppState;
use crate::store::{Db, now_ms};

/// Bumped whenever the schema or what goes into it changes: an index of another version is
/// rebuilt.
const SCHEMA_VERSION: &str = "1";
/// One indexing thread with tantivy's smallest budget: posts are short, and the library's
/// writer may be open at the same time.
const WRITER_THREADS: usize = 1;
const WRITER_MEMORY: usize = 16_000_000;
/// A writer that has staged nothing for this long is closed, giving its memory back.
const WRITER_QUIET: Duration = Duration::from_secs(5);
/// How long the feed keeps its entries: far longer than any instance polls late.
const FEED_KEEP_MS: i64 = 24 * 60 * 60 * 1000;
/// Most list totals kept (their keys come from query strings).
const TOTALS_KEPT: usize = 1000;

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    category: Field,
    author: Field,
    facets: Field,
    /// The posts' texts, split by `\f`, for snippets.
    text: Field,
    /// [`Parts`], as JSON.
    parts: Field,
}

/// The posts an entry's text is made of: (post id, language slot), in the text's order.
#[derive(Serialize, Deserialize)]
struct Parts(Vec<(i64, usize)>);

/// A search of topics, within what the viewer may read.
#[derive(Clone, Debug, Default)]
pub struct TopicSearch {
    pub q: String,
    /// The categories the viewer may read (and asked for).
    pub categories: Vec<i64>,
    pub tag: Option<String>,
    pub topic: Option<String>,
    pub author: Option<i64>,
    pub unanswered: bool,
    pub offset: usize,
    pub limit: usize,
}

/// A topic found: the post with the best passage, and that passage (escaped, words in `<b>`).
#[derive(Clone, Debug)]
pub struct TopicHit {
    pub topic_id: i64,
    pub post_id: Option<i64>,
    pub snippet_html: String,
}

#[derive(Clone, Debug, Default)]
pub struct TopicHits {
    pub items: Vec<TopicHit>,
    pub total: usize,
}

/// The tantivy side: schema, documents, queries.
#[derive(Clone)]
struct TopicIndex {
    store: Store,
    fields: Fields,
    text: Multilingual,
}

impl TopicIndex {
    fn open(path: &Path) -> anyhow::Result<(TopicIndex, bool)> {
        let mut builder = Schema::builder();
        let id = builder.add_i64_field("id", INDEXED | STORED | FAST);
        let category = builder.add_i64_field("category", INDEXED);
        let author = builder.add_i64_field("author", INDEXED);
        let text_fields = Multilingual::define(&mut builder);
        let facets = builder.add_facet_field("facets", FacetOptions::default());
        let text = builder.add_text_field("text", STORED);
        let parts = builder.add_text_field("parts", STORED);
        let fields = Fields {
            id,
            category,
            author,
            facets,
            text,
            parts,
        };
        let (store, fresh) = Store::open(path, builder.build(), SCHEMA_VERSION, &text_fields)?;
        Ok((
            TopicIndex {
                store,
                fields,
                text: text_fields,
            },
            fresh,
        ))
    }

    fn document(
        &self,
        topic: &IndexTopic,
        labels: &[(i64, String, String)],
        posts: &[&IndexPost],
    ) -> TantivyDocument {
        let f = self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_i64(f.id, topic.id);
        doc.add_i64(f.category, topic.category_id);
        if let Some(author) = topic.author_id {
            doc.add_i64(f.author, author);
        }
        self.text.add_title(
            &mut doc,
            slot_of(guess_language(&topic.title)),
            &topic.title,
        );
        let mut texts = Vec::with_capacity(posts.len());
        let mut parts = Vec::with_capacity(posts.len());
        for post in posts {
            let plain = crate::web::text::markdown_text(&post.body).replace('\u{c}', " ");
            let slot = slot_of(guess_language(&plain));
            self.text.add_body(&mut doc, slot, &plain);
            parts.push((post.id, slot));
            texts.push(plain);
        }
        doc.add_text(f.text, texts.join("\u{c}"));
        doc.add_text(
            f.parts,
            serde_json::to_string(&Parts(parts)).expect("parts serialise"),
        );
        for (_, kind, value) in labels.iter().filter(|l| l.0 == topic.id) {
            doc.add_facet(f.facets, Facet::from(&format!("/{kind}/{value}")));
        }
        if topic.unanswered != 0 {
            doc.add_facet(f.facets, Facet::from("/state/unanswered"));
        }
        doc
    }

    /// Replaces the entries of `ids`: the listed topics among them are added again.
    async fn stage(&self, db: &Db, writer: &IndexWriter, ids: &[i64]) -> anyhow::Result<()> {
        for id in ids {
            writer.delete_term(Term::from_field_i64(self.fields.id, *id));
        }
        self.add(db, writer, ids).await
    }

    /// Adds the listed topics among `ids` (known not to be in the index).
    async fn add(&self, db: &Db, writer: &IndexWriter, ids: &[i64]) -> anyhow::Result<()> {
        let (topics, labels, posts) = db::index_topics(db, ids).await?;
        for topic in &topics {
            let of_topic: Vec<&IndexPost> =
                posts.iter().filter(|p| p.topic_id == topic.id).collect();
            writer.add_document(self.document(topic, &labels, &of_topic))?;
        }
        Ok(())
    }

    fn filters(&self, s: &TopicSearch) -> Vec<(Occur, Box<dyn Query>)> {
        let exact = |term: Term| -> Box<dyn Query> {
            Box::new(ConstScoreQuery::new(
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                0.0,
            ))
        };
        let categories = s
            .categories
            .iter()
            .map(|c| {
                (
                    Occur::Should,
                    exact(Term::from_field_i64(self.fields.category, *c)),
                )
            })
            .collect();
        let mut out: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, Box::new(BooleanQuery::new(categories)))];
        let facet = |path: String| exact(Term::from_facet(self.fields.facets, &Facet::from(&path)));
        let clean = |v: &str| v.replace(['/', '\\'], "");
        if let Some(tag) = &s.tag {
            out.push((Occur::Must, facet(format!("/tag/{}", clean(tag)))));
        }
        if let Some(topic) = &s.topic {
            out.push((Occur::Must, facet(format!("/topic/{}", clean(topic)))));
        }
        if s.unanswered {
            out.push((Occur::Must, facet("/state/unanswered".into())));
        }
        if let Some(author) = s.author {
            out.push((
                Occur::Must,
                exact(Term::from_field_i64(self.fields.author, author)),
            ));
        }
        out
    }

    /// Topics with all the words (or, when none has them, with the unknown longer words at one
    /// typo's distance), best first.
    fn search(&self, s: &TopicSearch) -> anyhow::Result<TopicHits> {
        let words = query_words(&s.q);
        if words.is_empty() || s.categories.is_empty() {
            return Ok(TopicHits::default());
        }
        let searcher = self.store.searcher();
        let mut found = self.run(&searcher, s, &words, &[])?;
        if found.1 == 0 {
            let unknown = self.text.unknown(&searcher, &words);
            if !unknown.is_empty() {
                found = self.run(&searcher, s, &words, &unknown)?;
            }
        }
        let (addresses, total) = found;
        let mut snippets = self.text.snippets(&searcher, &words);
        let mut items = Vec::with_capacity(addresses.len());
        for address in addresses {
            let doc: TantivyDocument = searcher.doc(address)?;
            let topic_id = doc
                .get_first(self.fields.id)
                .and_then(|v| v.as_i64())
                .context("index entry without id")?;
            let Parts(parts) = serde_json::from_str(stored_text(&doc, self.fields.parts))
                .context("index entry without parts")?;
            let text = stored_text(&doc, self.fields.text);
            let texts: Vec<&str> = text.split('\u{c}').collect();
            let best = snippets.best(parts.iter().map(|p| p.1).zip(texts.iter().copied()))?;
            items.push(match best {
                Some((n, snippet)) => TopicHit {
                    topic_id,
                    post_id: parts.get(n).map(|p| p.0),
                    snippet_html: snippet.to_html(),
                },
                None => TopicHit {
                    topic_id,
                    post_id: parts.first().map(|p| p.0),
                    snippet_html: html_escape(&lead(texts.first().copied().unwrap_or(""))),
                },
            });
        }
        Ok(TopicHits { items, total })
    }

    fn run(
        &self,
        searcher: &tantivy::Searcher,
        s: &TopicSearch,
        words: &[String],
        fuzzy: &[&String],
    ) -> anyhow::Result<(Vec<tantivy::DocAddress>, usize)> {
        let Some(text) = self.text.query(words, fuzzy) else {
            return Ok((Vec::new(), 0));
        };
        let mut clauses = self.filters(s);
        clauses.push((Occur::Must, text));
        let top = TopDocs::with_limit(s.limit.clamp(1, 100)).and_offset(s.offset.min(10_000));
        let (hits, total) = searcher.search(&BooleanQuery::new(clauses), &(top, Count))?;
        Ok((hits.into_iter().map(|h| h.1).collect(), total))
    }
}

/// The search index and list caches of this instance, and how far they followed the feed.
pub struct Forum {
    index: TopicIndex,
    /// Held while applying changes, so one sync or rebuild runs at a time.
    writing: tokio::sync::Mutex<Writing>,
    /// The last change applied, readable without the lock: cached values are kept with the
    /// position they were read at, and are valid while it stays.
    seen: AtomicI64,
    categories: RwLock<Option<(i64, Arc<Vec<Category>>)>>,
    totals: Mutex<HashMap<String, (i64, i64)>>,
    /// When the feed was last pruned.
    pruned: Mutex<Instant>,
}

impl Forum {
    /// Opens the index in `data`, rebuilding it from the database when it is new.
    pub async fn open(data: &Path, db: &Db) -> anyhow::Result<Arc<Forum>> {
        let (index, fresh) = TopicIndex::open(&data.join("discussions-index"))?;
        let applied = index.store.applied_change();
        let forum = Arc::new(Forum {
            writing: tokio::sync::Mutex::new(Writing::new(
                applied.unwrap_or_default(),
                WRITER_THREADS,
                WRITER_MEMORY,
            )),
            seen: AtomicI64::new(applied.unwrap_or_default()),
            index,
            categories: RwLock::new(None),
            totals: Mutex::new(HashMap::new()),
            pruned: Mutex::new(Instant::now()),
        });
        if fresh || applied.is_none() {
            forum.rebuild(db).await?;
        } else {
            forum.sync(db).await?;
        }
        Ok(forum)
    }

    /// The position in the feed that cached values are valid for.
    pub fn position(&self) -> i64 {
        self.seen.load(Ordering::Acquire)
    }

    /// The categories read at `position`, if still valid.
    pub fn cached_categories(&self) -> Option<Arc<Vec<Category>>> {
        let cached = self.categories.read().expect("categories lock");
        cached
            .as_ref()
            .filter(|(at, _)| *at == self.position())
            .map(|(_, all)| all.clone())
    }

    /// Keeps the categories read at `position` (taken before reading them).
    pub fn keep_categories(&self, position: i64, all: Arc<Vec<Category>>) {
        *self.categories.write().expect("categories lock") = Some((position, all));
    }

    pub fn cached_total(&self, key: &str) -> Option<i64> {
        let totals = self.totals.lock().expect("totals lock");
        totals
            .get(key)
            .filter(|(at, _)| *at == self.position())
            .map(|(_, total)| *total)
    }

    /// Keeps a list's total counted at `position` (taken before counting).
    pub fn keep_total(&self, position: i64, key: String, total: i64) {
        let mut totals = self.totals.lock().expect("totals lock");
        if totals.len() >= TOTALS_KEPT {
            totals.clear();
        }
        totals.insert(key, (position, total));
    }

    /// Applies the changes of the feed this index has not seen; returns how many.
    pub async fn sync(&self, db: &Db) -> anyhow::Result<usize> {
        let mut writing = self.writing.lock().await;
        let mut count = 0;
        loop {
            let changes = db::FEED.after(db, writing.applied, 500).await?;
            let Some(&(last, _)) = changes.last() else {
                break;
            };
            if db::FEED.missed(db, writing.applied, changes[0].0).await? {
                drop(writing);
                tracing::warn!("discussions index: behind the pruned change feed, rebuilding");
                self.rebuild(db).await?;
                return Ok(count + changes.len());
            }
            let mut ids: Vec<i64> = changes.iter().map(|c| c.1).filter(|id| *id > 0).collect();
            ids.sort_unstable();
            ids.dedup();
            let staged = match writing.writer(&self.index.store) {
                Ok(writer) => self.index.stage(db, writer, &ids).await,
                Err(err) => Err(err),
            };
            if let Err(err) = staged {
                writing.discard();
                return Err(err);
            }
            writing.commit(&self.index.store, last).await?;
            self.seen.store(last, Ordering::Release);
            count += changes.len();
        }
        Ok(count)
    }

    /// Rebuilds the index from the database.
    pub async fn rebuild(&self, db: &Db) -> anyhow::Result<u64> {
        let mut writing = self.writing.lock().await;
        // Read the feed's position first: changes made during the rebuild are applied after.
        let last = db::FEED.last(db).await?;
        let staged = async {
            writing.writer(&self.index.store)?.delete_all_documents()?;
            let mut done = 0u64;
            let mut after = 0;
            loop {
                let ids = db::listed_ids_after(db, after, 200).await?;
                let Some(&max) = ids.last() else { break };
                after = max;
                self.index
                    .add(db, writing.writer(&self.index.store)?, &ids)
                    .await?;
                done += ids.len() as u64;
            }
            anyhow::Ok(done)
        }
        .await;
        match staged {
            Ok(done) => {
                writing.commit(&self.index.store, last).await?;
                self.seen.store(last, Ordering::Release);
                Ok(done)
            }
            Err(err) => {
                // Never commit half a rebuild (it starts by deleting everything).
                writing.discard();
                Err(err)
            }
        }
    }

    /// Closes the writer when it has staged nothing for `quiet`; true when it closed one.
    pub async fn rest(&self, quiet: Duration) -> anyhow::Result<bool> {
        let mut writing = self.writing.lock().await;
        writing.rest(&self.index.store, quiet).await
    }

    /// Searches (CPU work, off the async threads).
    pub async fn search(&self, search: TopicSearch) -> anyhow::Result<TopicHits> {
        let index = self.index.clone();
        tokio::task::spawn_blocking(move || index.search(&search)).await?
    }

    /// Prunes the feed once an hour (any instance may; the oldest entries go).
    async fn housekeep(&self, db: &Db) -> anyhow::Result<()> {
        {
            let mut pruned = self.pruned.lock().expect("pruned lock");
            if pruned.elapsed() < Duration::from_secs(60 * 60) {
                return Ok(());
            }
            *pruned = Instant::now();
        }
        db::FEED.prune(db, now_ms() - FEED_KEEP_MS).await?;
        Ok(())
    }
}

/// Keeps this instance's index and caches current from the feed; runs until aborted.
pub async fn follow_changes(state: AppState) {
    let forum = state.service::<Forum>();
    loop {
        if let Err(err) = forum.sync(&state.db).await {
            tracing::warn!(error = ?err, "discussions index: cannot apply changes");
        }
        if let Err(err) = forum.rest(WRITER_QUIET).await {
            tracing::warn!(error = ?err, "discussions index: cannot close the writer");
        }
        if let Err(err) = forum.housekeep(&state.db).await {
            tracing::warn!(error = ?err, "discussions: cannot prune the change feed");
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Applies this instance's own write before answering. A failure (another process holding
/// the index) only delays it: the feed brings it in at the next poll.
pub async fn refresh(state: &AppState) {
    if let Err(err) = state.service::<Forum>().sync(&state.db).await {
        tracing::warn!(error = ?err, "discussions index: cannot apply changes yet");
    }
}
