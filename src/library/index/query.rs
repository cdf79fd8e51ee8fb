//! Queries of a search: its words (at most 16), each looked up in every language's title and
//! text fields as that language's analyser reads it (at one typo's distance when asked), and
//! its filters: facets, and public documents only for those not signed in.

use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{Facet, IndexRecordOption};

use super::{SearchIndex, SearchParams};

impl SearchIndex {
    /// The tokens of `word` for each language slot.
    pub(super) fn tokens(&self, word: &str) -> Vec<(usize, String)> {
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
    pub(super) fn text_query(&self, words: &[String], fuzzy: &[&String]) -> Option<Box<dyn Query>> {
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

    /// The facet filters of a search, and the access filter for those not signed in.
    pub(super) fn filters(&self, params: &SearchParams) -> Vec<(Occur, Box<dyn Query>)> {
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

    /// True when some document has `word` (as analysed for any language) in its title or text.
    pub(super) fn is_known(&self, searcher: &tantivy::Searcher, word: &str) -> bool {
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
