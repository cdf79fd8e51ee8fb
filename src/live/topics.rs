//! A session's live updates on the chat socket (frames documented in `src/live/PROTOCOL.md`):
//! who may follow a session, and what frames each change becomes, for whom.
//!
//! A change names what changed by id (`{"question": 7}`, `{"votes": 7}`, `{"poll": 3}`,
//! `{"results": 3}`); the frames are read from the database when the change is dispatched,
//! so they carry the state as it is then, and the last frame after a burst is exact.

use std::collections::HashSet;

use futures::future::BoxFuture;
use serde::Serialize;

use super::db;
use super::model::{PollState, QuestionState, ResultsShown};
use super::polls::{PollOut, TallyOut, poll_out, tally};
use super::questions::QuestionOut;
use crate::chat::{Audience, TopicFrame, TopicSource};
use crate::state::AppState;
use crate::store::Db;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// The source of `session:<id>` topics (registered in `app::state`).
pub struct SessionTopics;

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Frame<'a> {
    Question {
        question: &'a QuestionOut,
    },
    QuestionVotes {
        session_id: i64,
        question_id: i64,
        votes: i64,
    },
    Poll {
        poll: &'a PollOut,
    },
    PollResults {
        #[serde(flatten)]
        tally: &'a TallyOut,
    },
}

fn frame(frame: &Frame<'_>, to: Audience) -> TopicFrame {
    TopicFrame {
        frame: serde_json::to_string(frame)
            .expect("frames serialise")
            .into(),
        to,
    }
}

impl TopicSource for SessionTopics {
    fn may_follow<'a>(
        &'a self,
        state: &'a AppState,
        member: &'a CurrentMember,
        id: i64,
    ) -> BoxFuture<'a, Result<(), AppError>> {
        Box::pin(async move { super::access::session(state, member, id).await.map(drop) })
    }

    fn frames<'a>(
        &'a self,
        db: &'a Db,
        id: i64,
        change: &'a serde_json::Value,
    ) -> BoxFuture<'a, Vec<TopicFrame>> {
        Box::pin(async move {
            match frames(db, id, change).await {
                Ok(frames) => frames,
                Err(err) => {
                    tracing::error!(error = %err, session = id, "live: cannot read a change");
                    Vec::new()
                }
            }
        })
    }
}

async fn frames(
    db: &Db,
    session_id: i64,
    change: &serde_json::Value,
) -> sqlx::Result<Vec<TopicFrame>> {
    let id_of = |key: &str| change.get(key).and_then(serde_json::Value::as_i64);
    if let Some(id) = id_of("question") {
        return question_frames(db, session_id, id).await;
    }
    if let Some(id) = id_of("votes") {
        let Some(row) = db::question(db, id, 0).await? else {
            return Ok(Vec::new());
        };
        if row.session_id != session_id || !QuestionState::from_db(&row.state).is_public() {
            return Ok(Vec::new());
        }
        let votes = Frame::QuestionVotes {
            session_id,
            question_id: id,
            votes: row.votes,
        };
        return Ok(vec![frame(&votes, Audience::Followers)]);
    }
    if let Some(id) = id_of("poll") {
        return poll_frames(db, session_id, id, true).await;
    }
    if let Some(id) = id_of("results") {
        return poll_frames(db, session_id, id, false).await;
    }
    Ok(Vec::new())
}

/// A new or changed question: everyone sees a public one; a pending one its author and the
/// moderators; a hidden one the moderators, while the others are told it is gone (with no
/// text).
async fn question_frames(db: &Db, session_id: i64, id: i64) -> sqlx::Result<Vec<TopicFrame>> {
    let Some(row) = db::question(db, id, 0).await? else {
        return Ok(Vec::new());
    };
    if row.session_id != session_id {
        return Ok(Vec::new());
    }
    let author = row.author_id;
    let question = QuestionOut::from_row(row, None);
    let full = Frame::Question {
        question: &question,
    };
    Ok(match question.state {
        QuestionState::Visible | QuestionState::Answered => {
            vec![frame(&full, Audience::Followers)]
        }
        QuestionState::Pending => {
            let mut to = super::access::moderator_ids(db, session_id).await?;
            to.extend(author);
            vec![frame(&full, Audience::Only(to))]
        }
        QuestionState::Hidden => {
            let moderators = super::access::moderator_ids(db, session_id).await?;
            let gone = QuestionOut {
                body: String::new(),
                author_id: None,
                author_name: None,
                ..question.clone()
            };
            vec![
                frame(&full, Audience::Only(moderators.clone())),
                frame(
                    &Frame::Question { question: &gone },
                    Audience::Except(moderators),
                ),
            ]
        }
    })
}

/// A poll that changed (`with_poll`: its state, and then its results when closed) or whose
/// results changed: each to those who may see it.
async fn poll_frames(
    db: &Db,
    session_id: i64,
    id: i64,
    with_poll: bool,
) -> sqlx::Result<Vec<TopicFrame>> {
    let Some(row) = db::poll(db, id).await? else {
        return Ok(Vec::new());
    };
    if row.session_id != session_id {
        return Ok(Vec::new());
    }
    let state = PollState::from_db(&row.state);
    let moderators = super::access::moderator_ids(db, session_id).await?;
    let options = db::options(db, &[id]).await?;
    let mut out = Vec::new();
    if with_poll {
        let poll = poll_out(&row, &options);
        let to = if state == PollState::Draft {
            Audience::Only(moderators.clone())
        } else {
            Audience::Followers
        };
        out.push(frame(&Frame::Poll { poll: &poll }, to));
    }
    let to = match (state, ResultsShown::from_db(&row.results)) {
        (PollState::Closed, _) => Audience::Followers,
        (PollState::Open, ResultsShown::AfterVote) => {
            let mut to: HashSet<i64> = db::voters(db, id).await?.into_iter().collect();
            to.extend(moderators);
            Audience::Only(to)
        }
        _ => Audience::Only(moderators),
    };
    let tally = tally(db, &row, &options).await?;
    out.push(frame(&Frame::PollResults { tally: &tally }, to));
    Ok(out)
}
