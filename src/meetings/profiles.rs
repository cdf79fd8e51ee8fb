//! Cooperation profiles, availability, "must meet" / "no thanks", the marketplace and
//! suggested matches.
//!
//! **Search** folds the words of a profile (name, organisation, pitch, offers and requests)
//! with `store::terms`, the same folding the directory uses, so Cyrillic and Latin words are
//! found by their beginnings in any case. **Matches** are scored from what is written: an
//! offer of one that answers a request of the other (same kind, or a shared topic), shared
//! topics, and a shared meeting language; each reason is shown with the suggestion.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;
use utoipa::ToSchema;

use super::access;
use super::db::{self, ItemRow, ProfileRow};
use super::model::{Direction, ItemKind, Preference, ProfileInput, Slot};
use super::programme::Programme;
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// A participant's profile with its offers and requests.
#[derive(Clone, Debug)]
pub struct ProfileView {
    pub row: ProfileRow,
    pub items: Vec<ItemRow>,
}

impl ProfileView {
    pub fn languages(&self) -> Vec<&str> {
        self.row.languages.split_whitespace().collect()
    }

    pub fn topics(&self) -> BTreeSet<&str> {
        self.items
            .iter()
            .flat_map(|i| i.topics.split_whitespace())
            .collect()
    }

    pub fn items_of(&self, direction: Direction) -> impl Iterator<Item = &ItemRow> {
        self.items
            .iter()
            .filter(move |i| i.direction == direction.as_str())
    }
}

/// Saves the member's profile for the event; answers whether it is new.
pub async fn save_profile(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
    input: ProfileInput,
) -> Result<bool, AppError> {
    let programme = access::participant(state, member, event_id).await?;
    let taxonomy = crate::members::taxonomy(state).await?;
    let slugs: Vec<String> = taxonomy.iter().map(|t| t.slug.clone()).collect();
    let profile = input.parse(programme.settings.rule, &slugs)?;
    let mut text = format!("{} {} {}", member.name, profile.organisation, profile.pitch);
    for item in &profile.items {
        text.push(' ');
        text.push_str(&item.title);
        text.push(' ');
        text.push_str(&item.description);
    }
    let terms: BTreeSet<String> = crate::store::terms(&text).into_iter().collect();
    let terms: Vec<String> = terms.into_iter().collect();
    Ok(db::put_profile(&state.db, event_id, member.id, &profile, &terms).await?)
}

/// Profiles with their items; `ids` narrows to those members.
pub async fn profiles(
    state: &AppState,
    event_id: i64,
    ids: Option<&[i64]>,
) -> Result<Vec<ProfileView>, AppError> {
    let (rows, items) = tokio::try_join!(
        db::profiles(&state.db, event_id, ids),
        db::items(&state.db, event_id, ids),
    )?;
    let mut by_member: HashMap<i64, Vec<ItemRow>> = HashMap::new();
    for item in items {
        by_member.entry(item.member_id).or_default().push(item);
    }
    Ok(rows
        .into_iter()
        .map(|row| ProfileView {
            items: by_member.remove(&row.member_id).unwrap_or_default(),
            row,
        })
        .collect())
}

pub async fn profile(
    state: &AppState,
    event_id: i64,
    member_id: i64,
) -> Result<Option<ProfileView>, AppError> {
    Ok(profiles(state, event_id, Some(&[member_id]))
        .await?
        .into_iter()
        .next())
}

/// The slots a participant can meet in: what they marked (every slot until they mark any).
pub async fn available(
    state: &AppState,
    programme: &Programme,
    profile: &ProfileRow,
) -> Result<Vec<Slot>, AppError> {
    if profile.availability_set == 0 {
        return Ok(programme.slots.clone());
    }
    let marked = db::availability(&state.db, programme.id(), profile.member_id).await?;
    Ok(programme
        .slots
        .iter()
        .copied()
        .filter(|s| marked.binary_search(&s.starts_at).is_ok())
        .collect())
}

/// Saves the slots (by start) the member can meet in; each must be a slot of the programme.
pub async fn save_availability(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
    starts: &[i64],
) -> Result<Vec<Slot>, AppError> {
    let programme = access::participant(state, member, event_id).await?;
    if db::profile(&state.db, event_id, member.id).await?.is_none() {
        return Err(AppError::conflict("b2b_profile_required"));
    }
    let mut chosen = Vec::new();
    for start in starts {
        let slot = programme
            .slot_at(*start)
            .ok_or_else(|| AppError::invalid("slots", "b2b_slot_outside_windows"))?;
        if !chosen.contains(&slot) {
            chosen.push(slot);
        }
    }
    chosen.sort();
    let starts: Vec<i64> = chosen.iter().map(|s| s.starts_at).collect();
    db::put_availability(&state.db, event_id, member.id, &starts).await?;
    Ok(chosen)
}

/// Marks another participant "must meet" or "no thanks", or clears the mark.
pub async fn set_preference(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
    other_id: i64,
    preference: Option<Preference>,
) -> Result<(), AppError> {
    access::participant(state, member, event_id).await?;
    if other_id == member.id {
        return Err(AppError::invalid("member_id", "b2b_not_yourself"));
    }
    if db::profile(&state.db, event_id, other_id).await?.is_none() {
        return Err(AppError::not_found());
    }
    db::put_preference(
        &state.db,
        event_id,
        member.id,
        other_id,
        preference.map(Preference::as_str),
    )
    .await?;
    Ok(())
}

/// What the marketplace is asked.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct MarketQuery {
    /// Words, matched by their beginnings in any language and case.
    #[serde(default)]
    pub q: Option<String>,
    /// A taxonomy slug.
    #[serde(default)]
    pub topic: Option<String>,
    /// An ISO 3166 alpha-2 code.
    #[serde(default)]
    pub country: Option<String>,
    /// product, service, technology, partnership, investment or expertise.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// A meeting language (ISO 639-1).
    #[serde(default)]
    pub lang: Option<String>,
}

/// Profiles matching the query (the member's own excluded), by name.
pub async fn marketplace(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
    query: &MarketQuery,
) -> Result<(Programme, Vec<ProfileView>), AppError> {
    let programme = access::programme(state, member, event_id).await?;
    fn blank(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }
    let kind = match blank(&query.kind) {
        Some(k) => {
            Some(ItemKind::parse(k).ok_or_else(|| AppError::invalid("type", "b2b_kind_unknown"))?)
        }
        None => None,
    };
    let ids = match blank(&query.q) {
        Some(q) => {
            let words = crate::store::terms(q);
            if words.is_empty() {
                None
            } else {
                Some(db::search_terms(&state.db, event_id, &words).await?)
            }
        }
        None => None,
    };
    let all = profiles(state, event_id, ids.as_deref()).await?;
    let topic = blank(&query.topic);
    let country = blank(&query.country).map(str::to_uppercase);
    let lang = blank(&query.lang).map(str::to_lowercase);
    let found = all
        .into_iter()
        .filter(|p| p.row.member_id != member.id)
        .filter(|p| lang.as_deref().is_none_or(|l| p.languages().contains(&l)))
        .filter(|p| {
            p.items.iter().any(|i| {
                kind.is_none_or(|k| i.kind == k.as_str())
                    && topic.is_none_or(|t| i.topics.split_whitespace().any(|x| x == t))
                    && country
                        .as_deref()
                        .is_none_or(|c| i.countries.split_whitespace().any(|x| x == c))
            }) || (kind.is_none() && topic.is_none() && country.is_none())
        })
        .collect();
    Ok((programme, found))
}

/// Why a match is suggested.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    /// Their offer answers your request.
    TheyOffer {
        offer: String,
        request: String,
    },
    /// Your offer answers their request.
    YouOffer {
        offer: String,
        request: String,
    },
    SharedTopics {
        topics: Vec<String>,
    },
    SharedLanguages {
        languages: Vec<String>,
    },
}

pub struct Match {
    pub profile: ProfileView,
    pub score: i64,
    pub reasons: Vec<Reason>,
    pub preference: Option<Preference>,
}

/// Whether `offer` answers `request`: the same kind, or a topic in common.
fn answers(offer: &ItemRow, request: &ItemRow) -> bool {
    let topics: BTreeSet<&str> = offer.topics.split_whitespace().collect();
    offer.kind == request.kind
        || request
            .topics
            .split_whitespace()
            .any(|t| topics.contains(t))
}

/// Why `other` suits `me`, and how much (pure, see the module doc).
pub fn reasons(me: &ProfileView, other: &ProfileView) -> (i64, Vec<Reason>) {
    let mut reasons = Vec::new();
    let mut score = 0;
    for (offers, requests, theirs) in [(other, me, true), (me, other, false)] {
        for offer in offers.items_of(Direction::Offer) {
            if let Some(request) = requests
                .items_of(Direction::Request)
                .find(|r| answers(offer, r))
            {
                score += 5;
                let (offer, request) = (offer.title.clone(), request.title.clone());
                reasons.push(if theirs {
                    Reason::TheyOffer { offer, request }
                } else {
                    Reason::YouOffer { offer, request }
                });
            }
        }
    }
    let mine = me.topics();
    let topics: Vec<String> = other
        .topics()
        .into_iter()
        .filter(|t| mine.contains(t))
        .map(str::to_string)
        .collect();
    if !topics.is_empty() {
        score += 2 * topics.len() as i64;
        reasons.push(Reason::SharedTopics { topics });
    }
    let my_languages = me.languages();
    let languages: Vec<String> = other
        .languages()
        .into_iter()
        .filter(|l| my_languages.contains(l))
        .map(str::to_string)
        .collect();
    if !languages.is_empty() {
        score += 1;
        reasons.push(Reason::SharedLanguages { languages });
    }
    (score, reasons)
}

/// Suggested partners for the member, best first: those the rule lets them meet, who did not
/// say "no thanks" either way, with at least one reason.
pub async fn matches(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
) -> Result<(Programme, Vec<Match>), AppError> {
    let programme = access::participant(state, member, event_id).await?;
    let all = profiles(state, event_id, None).await?;
    let Some(me) = all.iter().find(|p| p.row.member_id == member.id).cloned() else {
        return Err(AppError::conflict("b2b_profile_required"));
    };
    let marks = db::all_preferences(&state.db, event_id).await?;
    let mine: HashMap<i64, Preference> = marks
        .iter()
        .filter(|(m, _, _)| *m == member.id)
        .filter_map(|(_, o, k)| Some((*o, Preference::parse(k)?)))
        .collect();
    let vetoed_me: BTreeSet<i64> = marks
        .iter()
        .filter(|(_, o, k)| *o == member.id && k == "no_thanks")
        .map(|(m, _, _)| *m)
        .collect();
    let mut found: Vec<Match> = all
        .into_iter()
        .filter(|p| p.row.member_id != member.id)
        .filter(|p| programme.settings.may_meet(&me.row.side, &p.row.side))
        .filter(|p| !vetoed_me.contains(&p.row.member_id))
        .filter(|p| mine.get(&p.row.member_id) != Some(&Preference::NoThanks))
        .filter_map(|p| {
            let (score, reasons) = reasons(&me, &p);
            let preference = mine.get(&p.row.member_id).copied();
            let bonus = if preference == Some(Preference::MustMeet) {
                100
            } else {
                0
            };
            (score > 0 || bonus > 0).then_some(Match {
                profile: p,
                score: score + bonus,
                reasons,
                preference,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| a.profile.row.name.cmp(&b.profile.row.name))
    });
    Ok((programme, found))
}

/// The times each listed member is booked (scheduled meetings, any event), and the spans of
/// the event sessions they hold a seat in.
pub async fn busy_times(
    state: &AppState,
    event_id: i64,
    members: &[i64],
) -> Result<HashMap<i64, Vec<(i64, i64)>>, AppError> {
    let mut busy: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
    for (member, start, end) in db::busy(&state.db, members).await? {
        busy.entry(member).or_default().push((start, end));
    }
    for (member, start, end) in crate::events::seat_spans(state, event_id).await? {
        if members.contains(&member) {
            busy.entry(member).or_default().push((start, end));
        }
    }
    Ok(busy)
}

/// Whether a slot is clear of every busy span.
pub fn clear(slot: Slot, spans: &[(i64, i64)]) -> bool {
    spans
        .iter()
        .all(|&(start, end)| end <= slot.starts_at || start >= slot.ends_at)
}

/// The slots both sides are available in and free at, in time order.
pub async fn common_free_slots(
    state: &AppState,
    programme: &Programme,
    a: i64,
    b: i64,
) -> Result<Vec<Slot>, AppError> {
    let (Some(pa), Some(pb)) = (
        db::profile(&state.db, programme.id(), a).await?,
        db::profile(&state.db, programme.id(), b).await?,
    ) else {
        return Ok(Vec::new());
    };
    let (sa, sb) = (
        available(state, programme, &pa).await?,
        available(state, programme, &pb).await?,
    );
    let busy = busy_times(state, programme.id(), &[a, b]).await?;
    let none = Vec::new();
    let now = crate::store::now_ms();
    Ok(sa
        .into_iter()
        .filter(|s| sb.contains(s) && s.starts_at > now)
        .filter(|s| clear(*s, busy.get(&a).unwrap_or(&none)))
        .filter(|s| clear(*s, busy.get(&b).unwrap_or(&none)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(member_id: i64, languages: &str, items: &[(&str, &str, &str)]) -> ProfileView {
        ProfileView {
            row: ProfileRow {
                event_id: 1,
                member_id,
                name: format!("m{member_id}"),
                timezone: "UTC".into(),
                organisation: String::new(),
                pitch: String::new(),
                languages: languages.into(),
                side: String::new(),
                availability_set: 0,
                updated_at: 0,
            },
            items: items
                .iter()
                .map(|(direction, kind, topics)| ItemRow {
                    member_id,
                    direction: direction.to_string(),
                    kind: kind.to_string(),
                    title: format!("{direction} {kind}"),
                    description: String::new(),
                    topics: topics.to_string(),
                    countries: String::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn an_offer_that_answers_a_request_is_the_strongest_reason() {
        let me = view(1, "de en", &[("request", "technology", "sorting")]);
        let them = view(2, "ru en", &[("offer", "technology", "recycling")]);
        let (score, reasons) = reasons(&me, &them);
        assert_eq!(
            reasons,
            vec![
                Reason::TheyOffer {
                    offer: "offer technology".into(),
                    request: "request technology".into()
                },
                Reason::SharedLanguages {
                    languages: vec!["en".into()]
                }
            ]
        );
        assert_eq!(score, 6);
        let stranger = view(3, "kk", &[("offer", "investment", "landfill")]);
        assert_eq!(super::reasons(&me, &stranger), (0, vec![]));
    }

    #[test]
    fn shared_topics_count() {
        let me = view(1, "", &[("offer", "service", "sorting recycling")]);
        let them = view(2, "", &[("offer", "product", "recycling")]);
        let (score, reasons) = reasons(&me, &them);
        assert_eq!(score, 2);
        assert_eq!(
            reasons,
            vec![Reason::SharedTopics {
                topics: vec!["recycling".into()]
            }]
        );
    }

    #[test]
    fn busy_spans_block_overlapping_slots_only() {
        let slot = Slot {
            starts_at: 100,
            ends_at: 200,
        };
        assert!(clear(slot, &[(0, 100), (200, 300)]));
        assert!(!clear(slot, &[(150, 151)]));
        assert!(!clear(slot, &[(50, 120)]));
    }
}
