//! Running a search: all words must match (BM25 ranks), or, when nothing has them all, the
//! unknown longer words are tried at one typo's distance; hits are sorted by relevance or
//! date, the snippet is taken from the page with the most highlighted words, and facets are
//! counted within the viewer's access. Also the documents related to one by topic.

use anyhow::Context;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::{DocAddress, Order, TantivyDocument, Term};

use super::{HitMeta, SearchIndex};
use crate::search::{html_escape, lead, query_words, stored_text};

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

impl SearchIndex {
    pub fn search(&self, params: &SearchParams) -> anyhow::Result<SearchResults> {
        let words = query_words(&params.q);
        let first = self.run(params, &words, &[])?;
        if first.total > 0 {
            return Ok(first);
        }
        // Nothing has all the words. Words of five letters or more that the index does not
        // know at all may be misspelt: look for them at one typo's distance. Words it knows
        // are taken as written (they only do not occur together).
        let unknown = self.text.unknown(&self.store.searcher(), &words);
        if unknown.is_empty() {
            return Ok(first);
        }
        self.run(params, &words, &unknown)
    }

    /// Runs the query of `words`, those in `fuzzy` matched at one typo's distance.
    fn run(
        &self,
        params: &SearchParams,
        words: &[String],
        fuzzy: &[&String],
    ) -> anyhow::Result<SearchResults> {
        let searcher = self.store.searcher();
        let text = self.text.query(words, fuzzy);
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
        let mut snippets = self.text.snippets(&searcher, words);
        let mut items = Vec::with_capacity(addresses.len());
        for address in addresses {
            let doc: TantivyDocument = searcher.doc(address)?;
            let id = doc
                .get_first(self.fields.id)
                .and_then(|v| v.as_i64())
                .unwrap_or_default();
            let meta: HitMeta = serde_json::from_str(stored_text(&doc, self.fields.meta))
                .context("index entry without metadata")?;
            let text = stored_text(&doc, self.fields.text);
            let slot = meta.slots.first().copied().unwrap_or(crate::search::PLAIN);
            let best = snippets.best(text.split('\u{c}').map(|page| (slot, page)))?;
            let hit = match best {
                Some((page, snippet)) => Hit {
                    id,
                    snippet: snippet.fragment().to_string(),
                    snippet_html: snippet.to_html(),
                    page: meta.paged.then_some(page as i64 + 1),
                    meta,
                },
                None => {
                    let start = lead(text);
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
        let searcher = self.store.searcher();
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
