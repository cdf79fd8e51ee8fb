//! What discussions add to other capabilities' pages (registered in `app::state` as a
//! `web::related` source): under a library document, the topics whose posts link it; on a
//! member's profile, the topics they opened and the answers of theirs that were accepted.
//! Only topics in categories the reader may see are listed.

use super::access;
use super::db;
use super::topics::{self, ListParams};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::i18n::{I18n, Locale};
use crate::web::identity::CurrentMember;
use crate::web::related::{RelatedLink, Section, Subject};

/// Topics listed per section.
const MAX_LINKS: usize = 10;

pub async fn related(
    state: AppState,
    subject: Subject,
    viewer: Option<CurrentMember>,
    locale: Locale,
) -> Result<Vec<Section>, AppError> {
    let i18n = I18n::new(locale);
    let readable: Vec<i64> = access::categories(&state, viewer.as_ref())
        .await?
        .iter()
        .map(|c| c.row.id)
        .collect();
    let links = |rows: Vec<(i64, String, i64)>| -> Vec<RelatedLink> {
        rows.into_iter()
            .filter(|(_, _, category)| readable.contains(category))
            .take(MAX_LINKS)
            .map(|(id, title, _)| RelatedLink {
                href: format!("/discussions/topics/{id}"),
                label: title,
            })
            .collect()
    };
    let mut sections = Vec::new();
    let mut push = |heading: &str, links: Vec<RelatedLink>| {
        if !links.is_empty() {
            sections.push(Section {
                heading: i18n.t(heading),
                links,
            });
        }
    };
    match subject {
        Subject::Document(id) => {
            push(
                "discussions-linked-from",
                links(db::topics_linking(&state.db, "document", id).await?),
            );
        }
        Subject::Member(id) => {
            let params = ListParams {
                author: Some(id.to_string()),
                ..Default::default()
            };
            let opened = topics::list(&state, viewer.as_ref(), &params).await?;
            push(
                "discussions-member-topics",
                links(
                    opened
                        .rows
                        .into_iter()
                        .filter(|t| t.pending == 0)
                        .map(|t| (t.id, t.title, t.category_id))
                        .collect(),
                ),
            );
            push(
                "discussions-member-answers",
                links(db::answered_by(&state.db, id).await?),
            );
        }
    }
    Ok(sections)
}
