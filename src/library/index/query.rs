//! The filters of a search: facets, and public documents only for those not signed in. (Its
//! words make a query in [`crate::search::Multilingual::query`].)

use tantivy::Term;
use tantivy::query::{ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};

use super::{SearchIndex, SearchParams};

impl SearchIndex {
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
}
