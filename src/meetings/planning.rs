//! Automatic scheduling: the accepted requests of an event, with everyone's availability,
//! sessions, limits and marks, become an instance for [`super::scheduler`]; its placements
//! become draft meetings that organisers review, lock or move, and publish.
//!
//! Published meetings and locked drafts are fixed: running the scheduler again after late
//! changes keeps them where they are and places the rest around them.

use std::collections::{BTreeMap, HashMap};

use super::db::{self, MeetingRow, RequestRow};
use super::model::{self, Preference};
use super::programme::Programme;
use super::scheduler::{self, Instance, Person, Quality, Request, SlotSet};
use super::{About, access, notify, profiles};
use crate::notifications::Kind;
use crate::state::AppState;
use crate::store::now_ms;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// The event's draft and scheduled meetings, and the accepted requests still without a slot.
pub struct Plan {
    pub programme: Programme,
    pub meetings: Vec<MeetingRow>,
    pub unplaced: Vec<RequestRow>,
}

/// The plan as it stands (organisers).
pub async fn plan(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
) -> Result<Plan, AppError> {
    let programme = access::organiser(state, member, event_id).await?;
    read_plan(state, programme).await
}

async fn read_plan(state: &AppState, programme: Programme) -> Result<Plan, AppError> {
    let meetings = db::meetings_in(&state.db, programme.id(), &["draft", "scheduled"]).await?;
    let requests = db::requests_in(&state.db, programme.id()).await?;
    let unplaced = requests
        .into_iter()
        .filter(|r| r.status == "accepted" && !meetings.iter().any(|m| m.request_id == r.id))
        .collect();
    Ok(Plan {
        programme,
        meetings,
        unplaced,
    })
}

/// For each meeting of the plan, the slots it could move to, in time order: both sides
/// available there and free, counting their other meetings (at this event or another) and
/// the sessions they hold a seat in as taken. The meeting's own slot is among them, so that
/// an organiser's move list is short and every choice in it can succeed. Past slots are not
/// offered.
pub async fn move_options(
    state: &AppState,
    plan: &Plan,
) -> Result<HashMap<i64, Vec<model::Slot>>, AppError> {
    let programme = &plan.programme;
    let mut people: Vec<i64> = plan
        .meetings
        .iter()
        .flat_map(|m| [m.a_id, m.b_id])
        .collect();
    people.sort_unstable();
    people.dedup();
    let profiles = profiles::profiles(state, programme.id(), Some(&people)).await?;
    let mut free: HashMap<i64, Vec<model::Slot>> = HashMap::new();
    for member in &people {
        let slots = match profiles.iter().find(|p| p.row.member_id == *member) {
            Some(p) => profiles::available(state, programme, &p.row).await?,
            None => programme.slots.clone(),
        };
        free.insert(*member, slots);
    }
    // Busy spans, each with the meeting holding it (0 for a session seat).
    let mut busy: HashMap<i64, Vec<(i64, i64, i64)>> = HashMap::new();
    for (member, start, end, meeting) in db::busy_with_meeting(&state.db, &people).await? {
        busy.entry(member).or_default().push((start, end, meeting));
    }
    for (member, start, end) in crate::events::seat_spans(state, programme.id()).await? {
        if let Some(spans) = busy.get_mut(&member) {
            spans.push((start, end, 0));
        } else if people.binary_search(&member).is_ok() {
            busy.insert(member, vec![(start, end, 0)]);
        }
    }
    let none = Vec::new();
    let now = now_ms();
    let free_at = |member: i64, slot: model::Slot, meeting: i64| {
        slot.starts_at > now
            && free.get(&member).is_some_and(|s| s.contains(&slot))
            && busy
                .get(&member)
                .unwrap_or(&none)
                .iter()
                .all(|&(start, end, holder)| {
                    holder == meeting || end <= slot.starts_at || start >= slot.ends_at
                })
    };
    Ok(plan
        .meetings
        .iter()
        .map(|m| {
            let slots = programme
                .slots
                .iter()
                .copied()
                .filter(|s| {
                    s.starts_at == m.starts_at
                        || (free_at(m.a_id, *s, m.id) && free_at(m.b_id, *s, m.id))
                })
                .collect();
            (m.id, slots)
        })
        .collect())
}

/// The instance for the scheduler, and which request each of its requests is.
struct Built {
    instance: Instance,
    requests: Vec<RequestRow>,
}

async fn build(
    state: &AppState,
    programme: &Programme,
    meetings: &[MeetingRow],
) -> Result<Built, AppError> {
    let event_id = programme.id();
    let slots = &programme.slots;
    let slot_index: HashMap<i64, usize> = slots
        .iter()
        .enumerate()
        .map(|(i, s)| (s.starts_at, i))
        .collect();
    let marks = db::all_preferences(&state.db, event_id).await?;
    let mark = |a: i64, b: i64, kind: Preference| {
        marks
            .iter()
            .any(|(m, o, k)| *m == a && *o == b && k == kind.as_str())
    };
    let accepted: Vec<RequestRow> = db::requests_in(&state.db, event_id)
        .await?
        .into_iter()
        .filter(|r| r.status == "accepted")
        .filter(|r| {
            !mark(r.from_id, r.to_id, Preference::NoThanks)
                && !mark(r.to_id, r.from_id, Preference::NoThanks)
        })
        .collect();
    let mut people: Vec<i64> = accepted.iter().flat_map(|r| [r.from_id, r.to_id]).collect();
    people.sort_unstable();
    people.dedup();
    let index: HashMap<i64, usize> = people.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let profiles = profiles::profiles(state, event_id, Some(&people)).await?;
    // Time held elsewhere: meetings of other events, and sessions with a seat.
    let own: Vec<i64> = meetings.iter().map(|m| m.id).collect();
    let mut busy: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
    for (member, start, end, meeting) in db::busy_with_meeting(&state.db, &people).await? {
        if !own.contains(&meeting) {
            busy.entry(member).or_default().push((start, end));
        }
    }
    for (member, start, end) in crate::events::seat_spans(state, event_id).await? {
        if index.contains_key(&member) {
            busy.entry(member).or_default().push((start, end));
        }
    }
    let mut persons = Vec::with_capacity(people.len());
    for member in &people {
        let profile = profiles.iter().find(|p| p.row.member_id == *member);
        let free = match profile {
            Some(p) => profiles::available(state, programme, &p.row).await?,
            None => slots.clone(),
        };
        let zone = crate::web::i18n::zone(profile.map_or("UTC", |p| p.row.timezone.as_str()));
        let none = Vec::new();
        let spans = busy.get(member).unwrap_or(&none);
        let mut available = SlotSet::new(slots.len());
        let mut preferred = SlotSet::new(slots.len());
        for slot in free {
            if let Some(&i) = slot_index.get(&slot.starts_at)
                && profiles::clear(slot, spans)
            {
                available.insert(i);
            }
        }
        for (i, slot) in slots.iter().enumerate() {
            if model::in_working_hours(*slot, &zone) {
                preferred.insert(i);
            }
        }
        persons.push(Person {
            limit: programme.settings.max_meetings as u32,
            available,
            preferred,
        });
    }
    let by_request: HashMap<i64, &MeetingRow> =
        meetings.iter().map(|m| (m.request_id, m)).collect();
    let mut requests = Vec::new();
    let mut rows = Vec::new();
    for r in accepted {
        let fixed = match by_request.get(&r.id) {
            Some(m) if m.state == "scheduled" || m.locked != 0 => {
                match slot_index.get(&m.starts_at) {
                    Some(&i) => Some(i),
                    None => {
                        // Outside today's grid (the windows changed): it still takes a
                        // meeting of each side's limit.
                        for side in [r.from_id, r.to_id] {
                            let p = &mut persons[index[&side]];
                            p.limit = p.limit.saturating_sub(1);
                        }
                        continue;
                    }
                }
            }
            _ => None,
        };
        requests.push(Request {
            a: index[&r.from_id],
            b: index[&r.to_id],
            priority: r.priority.clamp(1, 3) as u8,
            must_meet: mark(r.from_id, r.to_id, Preference::MustMeet)
                || mark(r.to_id, r.from_id, Preference::MustMeet),
            fixed,
        });
        rows.push(r);
    }
    Ok(Built {
        instance: Instance {
            slots: slots.len(),
            people: persons,
            requests,
        },
        requests: rows,
    })
}

/// Computes a new draft: unlocked drafts are replaced, published and locked meetings kept.
pub async fn run(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
) -> Result<(Plan, Quality), AppError> {
    let programme = access::organiser(state, member, event_id).await?;
    let meetings = db::meetings_in(&state.db, event_id, &["draft", "scheduled"]).await?;
    let Built { instance, requests } = build(state, &programme, &meetings).await?;
    let (instance, result) = tokio::task::spawn_blocking(move || {
        let result = scheduler::schedule(&instance);
        (instance, result)
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?;
    let schedule = result.map_err(|_| AppError::conflict("b2b_schedule_clash"))?;
    let mut drafts = Vec::new();
    for placement in &schedule.placements {
        if instance.requests[placement.request].fixed.is_some() {
            continue;
        }
        let r = &requests[placement.request];
        let slot = programme.slots[placement.slot];
        drafts.push((
            r.id,
            r.from_id,
            r.to_id,
            slot.starts_at,
            slot.ends_at,
            super::rooms::new_room(),
        ));
    }
    db::replace_drafts(&state.db, event_id, &drafts).await?;
    let quality = schedule.quality;
    db::set_draft_quality(
        &state.db,
        event_id,
        &serde_json::to_string(&quality).unwrap_or_default(),
    )
    .await?;
    let programme = access::organiser(state, member, event_id).await?;
    Ok((read_plan(state, programme).await?, quality))
}

/// Publishes the draft: every draft meeting becomes scheduled (or none, when one clashes
/// with a booked time), and both sides of each are told. Answers how many were published.
pub async fn publish(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
) -> Result<usize, AppError> {
    let programme = access::organiser(state, member, event_id).await?;
    let drafts = db::meetings_in(&state.db, event_id, &["draft"]).await?;
    // Two drafts of one person in one slot are caught here, before any is written.
    let mut seen: BTreeMap<(i64, i64), i64> = BTreeMap::new();
    for m in &drafts {
        for side in [m.a_id, m.b_id] {
            if seen.insert((side, m.starts_at), m.id).is_some() {
                return Err(AppError::conflict("b2b_schedule_clash"));
            }
        }
    }
    let published = match db::publish(&state.db, event_id).await? {
        Ok(ids) => ids,
        Err(_) => return Err(AppError::conflict("b2b_schedule_clash")),
    };
    db::set_published(&state.db, event_id, now_ms()).await?;
    for m in drafts.iter().filter(|m| published.contains(&m.id)) {
        for (side, other, zone) in [
            (m.a_id, m.b_id, &m.a_timezone),
            (m.b_id, m.a_id, &m.b_timezone),
        ] {
            notify(
                state,
                side,
                Kind::MeetingScheduled,
                other,
                &format!("/b2b/meetings/{}", m.id),
                About::meeting(&programme.event, m.starts_at, zone),
                None,
            )
            .await?;
        }
    }
    Ok(published.len())
}
