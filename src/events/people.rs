//! People on the events forms and lists, by name.
//!
//! Co-organisers and member speakers are picked from the members directory, as the organiser
//! sees it (through `crate::members`' face), and shown by name: no form of the events
//! capability holds an email address, and lists of people show only the addresses their
//! owners let the viewer see ([`crate::members::visible_emails`]).
//!
//! A form carries the people already chosen as ticked boxes (`<field>_ids`, by member id) and
//! a search field (`<field>_find`) of names, one per line: a name that exactly one member has
//! is added; otherwise the members the directory finds are offered as unticked boxes, with an
//! error that asks to tick the right one. Callers check the viewer's rights (see
//! [`super::access`]) before calling anything here.

use crate::state::AppState;
use crate::store::fold;
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::identity::CurrentMember;

use super::db;

/// The most names one search field may hold.
pub const FIND_MAX: usize = 20;

/// The most ticked people a form may carry (more than any list of speakers or organisers).
const KEPT_MAX: usize = 50;

/// A person on a form: ticked (chosen) or offered (found by a search).
#[derive(Clone, Debug)]
pub struct Picked {
    pub id: i64,
    pub name: String,
    pub checked: bool,
}

/// The people of one form field after a search: the chosen ids are the ticked ones.
#[derive(Debug, Default)]
pub struct Chosen {
    pub people: Vec<Picked>,
    /// A name matched nobody (`member_name_unknown`) or several (`member_name_ambiguous`).
    pub error: Option<AppError>,
}

impl Chosen {
    pub fn ids(&self) -> Vec<i64> {
        self.people
            .iter()
            .filter(|p| p.checked)
            .map(|p| p.id)
            .collect()
    }

    /// Chosen people as stored, all ticked.
    pub fn ticked(people: impl IntoIterator<Item = (i64, String)>) -> Chosen {
        Chosen {
            people: people
                .into_iter()
                .map(|(id, name)| Picked {
                    id,
                    name,
                    checked: true,
                })
                .collect(),
            error: None,
        }
    }
}

/// A name as compared: folded, with single spaces.
fn normal(name: &str) -> String {
    fold(&name.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The names of a search field: one per line (or separated by `;`), at most [`FIND_MAX`].
pub fn names(find: &str) -> Result<Vec<String>, AppError> {
    let names: Vec<String> = find
        .split(['\n', ';'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    if names.len() > FIND_MAX {
        return Err(AppError::invalid("people", "too_many_items"));
    }
    Ok(names)
}

/// The people of a form field: `kept` ids (ticked boxes; ids of no active member are
/// dropped) and the names of `find`, looked up in the directory. A name that does not settle
/// on one member is the [`Chosen::error`] (an `Err` is a failure of the server).
pub async fn choose(
    state: &AppState,
    kept: &[String],
    find: &str,
    field: &'static str,
    i18n: I18n,
) -> Result<Chosen, AppError> {
    let mut ids: Vec<i64> = Vec::new();
    for id in kept.iter().filter_map(|k| k.trim().parse::<i64>().ok()) {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids.truncate(KEPT_MAX);
    let found = db::active_people(&state.db, &ids).await?;
    let mut chosen = Chosen::ticked(ids.iter().filter_map(|id| {
        found
            .iter()
            .find(|p| p.id == *id)
            .map(|p| (p.id, p.name.clone()))
    }));
    let names = match names(find) {
        Ok(names) => names,
        Err(_) => {
            chosen.error = Some(AppError::invalid(field, "too_many_items"));
            return Ok(chosen);
        }
    };
    for name in names {
        let params = crate::members::DirectoryParams {
            q: Some(name.clone()),
            ..Default::default()
        };
        let items = match params.parse() {
            Ok((query, _)) => {
                crate::members::directory(state, &query, 1, i18n)
                    .await?
                    .items
            }
            Err(_) => Vec::new(),
        };
        let wanted = normal(&name);
        let exact: Vec<_> = items.iter().filter(|e| normal(&e.name) == wanted).collect();
        let (offer, error): (Vec<_>, Option<&'static str>) = match exact.len() {
            1 => (exact, None),
            0 => (items.iter().collect(), Some("member_name_unknown")),
            _ => (exact, Some("member_name_ambiguous")),
        };
        for entry in offer {
            match chosen.people.iter_mut().find(|p| p.id == entry.id) {
                Some(p) => p.checked |= error.is_none(),
                None => chosen.people.push(Picked {
                    id: entry.id,
                    name: entry.name.clone(),
                    checked: error.is_none(),
                }),
            }
        }
        if let Some(code) = error
            && chosen.error.is_none()
        {
            chosen.error = Some(AppError::invalid(field, code));
        }
    }
    Ok(chosen)
}

/// The event's participants as its organiser `viewer` may see them: each with the email
/// addresses the participant lets the viewer see, never their login address.
pub async fn participants(
    state: &AppState,
    viewer: &CurrentMember,
    event_id: i64,
) -> Result<Vec<db::ParticipantRow>, AppError> {
    let mut rows = db::participants(&state.db, event_id).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.member_id).collect();
    let emails = crate::members::visible_emails(state, viewer, &ids).await?;
    for row in &mut rows {
        row.email = emails.get(&row.member_id).cloned().unwrap_or_default();
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_compared_folded_with_single_spaces() {
        assert_eq!(normal("  Dana   SPEAKER "), normal("dana speaker"));
        assert_eq!(normal("Алёна Ким"), normal("алена ким"));
        assert_ne!(normal("Ivan Petrov"), normal("Ivan Petrova"));
    }

    #[test]
    fn search_fields_hold_a_bounded_list_of_names() {
        assert_eq!(
            names("Dana Speaker\n\n Ivan Petrov ; Aigerim").unwrap(),
            vec!["Dana Speaker", "Ivan Petrov", "Aigerim"]
        );
        let many = vec!["Name"; FIND_MAX + 1].join("\n");
        assert!(names(&many).is_err());
    }
}
