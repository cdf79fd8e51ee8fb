//! Polls: moderators prepare them (single or multiple choice, the question and options in up
//! to four languages), open and close them; members vote once and may change their ballot while
//! the poll is open. Results (bars with counts and percentages) are shown to voters after they
//! voted or to everyone only after closing, as the poll says ([`sees_results`]); moderators
//! always see them.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::access::{self, LiveSession};
use super::changed;
use super::db::{self, BallotRefused, NewPoll, OptionRow, PollRow};
use super::model::{
    OPTION_MAX, OPTIONS_MAX, OPTIONS_MIN, PROMPT_MAX, PollKind, PollState, ResultsShown, Texts,
    parse_ballot, percent, sees_results,
};
use crate::state::AppState;
use crate::store::{Db, now_ms};
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

#[derive(Debug, Deserialize, ToSchema)]
pub struct PollInput {
    pub kind: PollKind,
    /// Who sees the results while it is open: `after_vote` (each voter) or `after_close`.
    pub show_results: ResultsShown,
    /// The question by language (`{"en": "…", "ru": "…"}`), 1 to 300 characters each.
    #[schema(value_type = BTreeMap<String, String>)]
    pub question: BTreeMap<String, String>,
    /// 2 to 10 options, each by language, 1 to 120 characters each.
    #[schema(value_type = Vec<BTreeMap<String, String>>)]
    pub options: Vec<BTreeMap<String, String>>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct OptionOut {
    pub id: i64,
    /// By language; show the reader's, else English, else the first.
    #[schema(value_type = BTreeMap<String, String>)]
    pub label: Texts,
}

/// A poll. `my_choices` and `tally` are the reader's (never in live frames).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PollOut {
    pub id: i64,
    pub session_id: i64,
    pub kind: PollKind,
    pub state: PollState,
    pub show_results: ResultsShown,
    /// By language; show the reader's, else English, else the first.
    #[schema(value_type = BTreeMap<String, String>)]
    pub question: Texts,
    pub options: Vec<OptionOut>,
    /// The options the reader chose (empty: not voted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub my_choices: Option<Vec<i64>>,
    /// The results, when the reader may see them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tally: Option<TallyOut>,
}

/// A poll's results: how many voted, and per option the votes and their share of the voters
/// (in a multiple-choice poll the shares add up to more than 100).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct TallyOut {
    pub poll_id: i64,
    pub session_id: i64,
    pub voters: i64,
    pub options: Vec<OptionTally>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct OptionTally {
    pub id: i64,
    pub votes: i64,
    pub percent: i64,
}

pub fn poll_out(row: &PollRow, options: &[OptionRow]) -> PollOut {
    PollOut {
        id: row.id,
        session_id: row.session_id,
        kind: PollKind::from_db(&row.kind),
        state: PollState::from_db(&row.state),
        show_results: ResultsShown::from_db(&row.results),
        question: Texts::from_json(&row.question),
        options: options
            .iter()
            .filter(|o| o.poll_id == row.id)
            .map(|o| OptionOut {
                id: o.id,
                label: Texts::from_json(&o.label),
            })
            .collect(),
        my_choices: None,
        tally: None,
    }
}

/// The results of a poll as they stand; `options` holds the poll's options (others are
/// ignored).
pub async fn tally(db: &Db, row: &PollRow, options: &[OptionRow]) -> sqlx::Result<TallyOut> {
    let (voters, counts) = db::tally(db, row.id).await?;
    let counts: HashMap<i64, i64> = counts.into_iter().collect();
    Ok(TallyOut {
        poll_id: row.id,
        session_id: row.session_id,
        voters,
        options: options
            .iter()
            .filter(|o| o.poll_id == row.id)
            .map(|o| {
                let votes = counts.get(&o.id).copied().unwrap_or(0);
                OptionTally {
                    id: o.id,
                    votes,
                    percent: percent(votes, voters),
                }
            })
            .collect(),
    })
}

/// A poll as the member sees it, from what was read: with their ballot (`choices`) and, where
/// they may see them, the results.
async fn shown(
    state: &AppState,
    live: &LiveSession,
    row: &PollRow,
    options: &[OptionRow],
    choices: Vec<i64>,
) -> Result<PollOut, AppError> {
    let mut poll = poll_out(row, options);
    let voted = !choices.is_empty();
    if sees_results(poll.state, poll.show_results, live.moderator, voted) {
        poll.tally = Some(tally(&state.db, row, options).await?);
    }
    poll.my_choices = Some(choices);
    Ok(poll)
}

/// One poll as the member sees it, reading its options and their ballot.
async fn view(
    state: &AppState,
    live: &LiveSession,
    row: &PollRow,
    member: &CurrentMember,
) -> Result<PollOut, AppError> {
    let options = db::options(&state.db, &[row.id]).await?;
    let choices = db::ballot(&state.db, row.id, member.id).await?;
    shown(state, live, row, &options, choices).await
}

/// A poll read again after a change.
async fn reread(
    state: &AppState,
    live: &LiveSession,
    id: i64,
    member: &CurrentMember,
) -> Result<PollOut, AppError> {
    let row = db::poll(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    view(state, live, &row, member).await
}
/// Prepares a poll (moderators); it stays a draft, seen by moderators only, until opened.
pub async fn create(
    state: &AppState,
    member: &CurrentMember,
    session_id: i64,
    input: PollInput,
) -> Result<PollOut, AppError> {
    let live = access::moderated(state, member, session_id).await?;
    let question = Texts::parse(&input.question, "question", PROMPT_MAX)?;
    if !(OPTIONS_MIN..=OPTIONS_MAX).contains(&input.options.len()) {
        return Err(AppError::invalid("options", "live_options_count"));
    }
    let options = input
        .options
        .iter()
        .map(|o| Texts::parse(o, "options", OPTION_MAX).map(|t| t.to_json()))
        .collect::<Result<Vec<_>, _>>()?;
    let poll = NewPoll {
        session_id,
        kind: input.kind.as_str(),
        results: input.show_results.as_str(),
        question: question.to_json(),
        options,
        created_by: member.id,
    };
    let id = db::insert_poll(&state.db, poll, now_ms()).await?;
    changed(state, session_id, serde_json::json!({ "poll": id })).await;
    reread(state, &live, id, member).await
}

/// The polls of a session the member sees (drafts only for moderators), each with their
/// ballot and, where they may see them, the results.
pub async fn list(
    state: &AppState,
    live: &LiveSession,
    member: &CurrentMember,
) -> Result<Vec<PollOut>, AppError> {
    let rows: Vec<PollRow> = db::polls(&state.db, live.session_id)
        .await?
        .into_iter()
        .filter(|p| live.moderator || PollState::from_db(&p.state) != PollState::Draft)
        .collect();
    let ids: Vec<i64> = rows.iter().map(|p| p.id).collect();
    let options = db::options(&state.db, &ids).await?;
    let mut mine: HashMap<i64, Vec<i64>> = HashMap::new();
    for (poll, option) in db::voted_in(&state.db, &ids, member.id).await? {
        mine.entry(poll).or_default().push(option);
    }
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        let choices = mine.remove(&row.id).unwrap_or_default();
        out.push(shown(state, live, row, &options, choices).await?);
    }
    Ok(out)
}

/// A poll the member may see (drafts: moderators only), with its session.
async fn seen(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
) -> Result<(LiveSession, PollRow), AppError> {
    let row = db::poll(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let live = access::session(state, member, row.session_id).await?;
    if !live.moderator && PollState::from_db(&row.state) == PollState::Draft {
        return Err(AppError::not_found());
    }
    Ok((live, row))
}

/// One poll, as [`list`] shows it.
pub async fn get(state: &AppState, member: &CurrentMember, id: i64) -> Result<PollOut, AppError> {
    let (live, row) = seen(state, member, id).await?;
    view(state, &live, &row, member).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PollPatch {
    /// `open` (a draft) or `closed` (an open poll).
    pub state: PollState,
}

/// Opens a draft or closes an open poll (moderators).
pub async fn set_state(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
    patch: PollPatch,
) -> Result<PollOut, AppError> {
    let (live, _) = seen(state, member, id).await?;
    live.require_moderator()?;
    let from = match patch.state {
        PollState::Open => PollState::Draft,
        PollState::Closed => PollState::Open,
        PollState::Draft => return Err(AppError::invalid("state", "live_state_invalid")),
    };
    let moved = db::move_poll(&state.db, id, from.as_str(), patch.state.as_str(), now_ms()).await?;
    if !moved {
        return Err(AppError::conflict("live_poll_state"));
    }
    changed(state, live.session_id, serde_json::json!({ "poll": id })).await;
    reread(state, &live, id, member).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct BallotInput {
    /// The chosen options' ids: exactly one in a single-choice poll.
    pub options: Vec<i64>,
}

/// Stores the member's ballot, replacing the one they had, while the poll is open.
pub async fn vote(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
    input: BallotInput,
) -> Result<PollOut, AppError> {
    let (live, row) = seen(state, member, id).await?;
    if PollState::from_db(&row.state) != PollState::Open {
        return Err(AppError::conflict("live_poll_closed"));
    }
    let options = db::options(&state.db, &[id]).await?;
    let known: Vec<i64> = options.iter().map(|o| o.id).collect();
    let chosen = parse_ballot(PollKind::from_db(&row.kind), &input.options, &known)?;
    match db::put_ballot(&state.db, id, member.id, &chosen, now_ms()).await? {
        Ok(()) => {}
        Err(BallotRefused::NotOpen) => return Err(AppError::conflict("live_poll_closed")),
    }
    changed(state, live.session_id, serde_json::json!({ "results": id })).await;
    shown(state, &live, &row, &options, chosen).await
}
