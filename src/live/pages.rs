//! The live page of a session (`/sessions/{id}/live`): questions, polls and their forms. It
//! works without JavaScript (every form posts and the page comes back); `static/live.js`
//! follows the session over the chat socket and updates the page as frames arrive.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::access;
use super::feedback::pages::{FeedbackPart, Typed, give_feedback, session_part};
use super::model::{PollKind, PollState, QuestionOrder, QuestionState, ResultsShown, Texts};
use super::polls::{self, BallotInput, PollInput, PollOut, PollPatch};
use super::questions::{self, AskInput, ModerateInput, QuestionOut};
use crate::state::AppState;
use crate::store::now_ms;
use crate::web::csrf::CsrfForm;
use crate::web::error::AppError;
use crate::web::form::Fields;
use crate::web::i18n::{I18n, Locale};
use crate::web::identity::CurrentMember;
use crate::web::layout::Page;
use crate::web::{FormError, render};

pub struct QuestionView {
    pub id: i64,
    pub body: String,
    pub author: Option<String>,
    pub state: &'static str,
    pub state_label: String,
    pub public: bool,
    pub pinned: bool,
    pub votes: i64,
    pub voted: bool,
    pub mine: bool,
    pub anonymous: bool,
}

pub struct OptionView {
    pub id: i64,
    pub label: String,
    pub chosen: bool,
    pub votes: i64,
    pub percent: i64,
}

pub struct PollView {
    pub id: i64,
    pub question: String,
    pub multiple: bool,
    pub state: &'static str,
    pub state_label: String,
    pub open: bool,
    pub draft: bool,
    pub voted: bool,
    /// The results, when the reader may see them.
    pub tally: Option<i64>,
    pub options: Vec<OptionView>,
    pub results_note: String,
}

#[derive(Template)]
#[template(path = "live/session.html")]
struct LiveTemplate {
    page: Page,
    session_id: i64,
    event_id: i64,
    event_title: String,
    title: String,
    when: String,
    open: bool,
    window_note: String,
    moderator: bool,
    approval: bool,
    recent: bool,
    questions: Vec<QuestionView>,
    polls: Vec<PollView>,
    topic: String,
    body: String,
    anonymous: bool,
    revealed: Option<(i64, String)>,
    error: Option<FormError>,
    locales: Vec<(&'static str, &'static str)>,
    feedback: FeedbackPart,
}

#[derive(Deserialize)]
pub struct LiveQuery {
    #[serde(default)]
    order: QuestionOrder,
}

fn question_view(q: QuestionOut, i18n: I18n) -> QuestionView {
    QuestionView {
        id: q.id,
        author: q.author_name.clone(),
        state: q.state.as_str(),
        state_label: i18n.t(&format!("live-state-{}", q.state.as_str())),
        public: q.state.is_public(),
        pinned: q.pinned,
        votes: q.votes,
        voted: q.voted.unwrap_or(false),
        mine: q.mine.unwrap_or(false),
        anonymous: q.anonymous,
        body: q.body,
    }
}

fn poll_view(p: PollOut, i18n: I18n) -> PollView {
    let locale = i18n.locale;
    let chosen = p.my_choices.clone().unwrap_or_default();
    let results_note = match (p.state, p.show_results) {
        (PollState::Closed, _) => String::new(),
        (_, ResultsShown::AfterVote) => i18n.t("live-poll-results-after-vote"),
        (_, ResultsShown::AfterClose) => i18n.t("live-poll-results-after-close"),
    };
    PollView {
        id: p.id,
        question: p.question.pick(locale).to_string(),
        multiple: p.kind == PollKind::Multiple,
        state: p.state.as_str(),
        state_label: i18n.t(&format!("live-poll-{}", p.state.as_str())),
        open: p.state == PollState::Open,
        draft: p.state == PollState::Draft,
        voted: !chosen.is_empty(),
        tally: p.tally.as_ref().map(|t| t.voters),
        options: p
            .options
            .iter()
            .map(|o| {
                let counted = p
                    .tally
                    .as_ref()
                    .and_then(|t| t.options.iter().find(|c| c.id == o.id));
                OptionView {
                    id: o.id,
                    label: o.label.pick(locale).to_string(),
                    chosen: chosen.contains(&o.id),
                    votes: counted.map_or(0, |c| c.votes),
                    percent: counted.map_or(0, |c| c.percent),
                }
            })
            .collect(),
        results_note,
    }
}

/// What a re-drawn page keeps of what was typed or asked for.
#[derive(Default)]
struct Redraw {
    body: String,
    anonymous: bool,
    revealed: Option<(i64, String)>,
    error: Option<FormError>,
    feedback: Option<Typed>,
}

async fn draw(
    state: &AppState,
    page: Page,
    member: &CurrentMember,
    session_id: i64,
    order: QuestionOrder,
    redraw: Redraw,
    status: StatusCode,
) -> Result<Response, AppError> {
    let i18n = page.i18n;
    let live = access::session(state, member, session_id).await?;
    let questions = questions::list(state, &live, member, order).await?;
    let polls = polls::list(state, &live, member).await?;
    let feedback = session_part(state, &live, member, i18n, redraw.feedback).await?;
    let session = live.session();
    let (from, until) = live.window();
    let now = now_ms();
    let time = |ms: i64| i18n.stored_datetime(ms, &member.timezone);
    let window_note = if now < from {
        i18n.t_args("live-questions-from", &[("time", &time(from))])
    } else if now <= until {
        i18n.t_args("live-questions-until", &[("time", &time(until))])
    } else {
        i18n.t("live-questions-closed")
    };
    let template = LiveTemplate {
        session_id,
        event_id: live.event_id(),
        event_title: live.schedule.title(i18n.locale).to_string(),
        title: session.row.title.clone(),
        when: format!(
            "{} – {}",
            time(session.row.starts_at),
            time(session.row.ends_at)
        ),
        open: live.takes_questions(now),
        window_note,
        moderator: live.moderator,
        approval: live.settings.approve_first != 0,
        recent: order == QuestionOrder::Recent,
        questions: questions
            .into_iter()
            .map(|q| question_view(q, i18n))
            .collect(),
        polls: polls.into_iter().map(|p| poll_view(p, i18n)).collect(),
        topic: questions::topic(session_id),
        body: redraw.body,
        anonymous: redraw.anonymous,
        revealed: redraw.revealed,
        error: redraw.error,
        locales: Locale::ALL
            .iter()
            .map(|l| (l.code(), l.endonym()))
            .collect(),
        feedback,
        page,
    };
    render(status, &template)
}

/// `GET /sessions/{id}/live`: the session's questions and polls (members).
pub async fn live(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
    Query(query): Query<LiveQuery>,
) -> Result<Response, AppError> {
    draw(
        &state,
        page,
        &member,
        id,
        query.order,
        Redraw::default(),
        StatusCode::OK,
    )
    .await
}

/// `POST /sessions/{id}/live`: one of the page's forms, named by `action`.
pub async fn act(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(posted): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(posted);
    let order = QuestionOrder::from_form(fields.get("order"));
    let back = |anchor: &str, notice: Option<&str>| {
        let mut to = format!("/sessions/{id}/live?order={}", order.as_str());
        if let Some(notice) = notice {
            to.push_str(&format!("&notice={notice}"));
        }
        to.push('#');
        to.push_str(anchor);
        Redirect::to(&to).into_response()
    };
    let mut redraw = Redraw::default();
    let done: Result<Response, AppError> = match fields.get("action") {
        "ask" => {
            redraw.body = fields.get("body").to_string();
            redraw.anonymous = fields.has("anonymous");
            let input = AskInput {
                body: fields.get("body").to_string(),
                anonymous: fields.has("anonymous"),
            };
            questions::ask(&state, &member, id, input).await.map(|q| {
                let notice = (q.state == QuestionState::Pending).then_some("live-pending");
                back(&format!("q{}", q.id), notice.or(Some("live-asked")))
            })
        }
        "vote" | "unvote" => {
            let question = fields.number("question")?.unwrap_or(0);
            let result = if fields.get("action") == "vote" {
                questions::vote(&state, &member, question).await
            } else {
                questions::unvote(&state, &member, question).await
            };
            match result {
                // A second click that raced the first: the page shows the vote as it is.
                Err(err) if matches!(err.code(), "live_vote_twice" | "live_not_voted") => {
                    Ok(back(&format!("q{question}"), None))
                }
                other => other.map(|_| back(&format!("q{question}"), None)),
            }
        }
        "moderate" => {
            let question = fields.number("question")?.unwrap_or(0);
            let input = ModerateInput {
                state: match fields.get("state") {
                    "" => None,
                    value => Some(
                        serde_json::from_value(serde_json::Value::String(value.into()))
                            .map_err(|_| AppError::invalid("state", "live_state_invalid"))?,
                    ),
                },
                pinned: match fields.get("pinned") {
                    "1" => Some(true),
                    "0" => Some(false),
                    _ => None,
                },
            };
            questions::moderate(&state, &member, question, input)
                .await
                .map(|_| back(&format!("q{question}"), None))
        }
        "reveal" => {
            let question = fields.number("question")?.unwrap_or(0);
            match questions::reveal_author(&state, &member, question, fields.get("reason")).await {
                Ok(author) => {
                    redraw.revealed = Some((question, author.author_name));
                    return draw(&state, page, &member, id, order, redraw, StatusCode::OK).await;
                }
                Err(err) => Err(err),
            }
        }
        "poll_vote" => {
            let poll = fields.number("poll")?.unwrap_or(0);
            let options = fields
                .all("option")
                .iter()
                .map(|o| {
                    o.parse::<i64>()
                        .map_err(|_| AppError::invalid("options", "live_option_unknown"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            polls::vote(&state, &member, poll, BallotInput { options })
                .await
                .map(|_| back(&format!("poll{poll}"), Some("live-voted")))
        }
        "poll_state" => {
            let poll = fields.number("poll")?.unwrap_or(0);
            let next = if fields.get("state") == "closed" {
                PollState::Closed
            } else {
                PollState::Open
            };
            polls::set_state(&state, &member, poll, PollPatch { state: next })
                .await
                .map(|_| back(&format!("poll{poll}"), None))
        }
        "feedback" => {
            redraw.feedback = Some(Typed {
                rating: fields.number("rating").ok().flatten(),
                comment: fields.get("comment").to_string(),
            });
            give_feedback(&state, &member, id, &fields)
                .await
                .map(|()| back("feedback", Some("live-feedback-saved")))
        }
        "poll_create" => match poll_input(&fields) {
            Ok(input) => polls::create(&state, &member, id, input)
                .await
                .map(|p| back(&format!("poll{}", p.id), None)),
            Err(err) => Err(err),
        },
        _ => Err(AppError::bad_request("bad_request")),
    };
    match done {
        Ok(response) => Ok(response),
        Err(err)
            if matches!(
                err.status(),
                StatusCode::UNAUTHORIZED | StatusCode::NOT_FOUND | StatusCode::FORBIDDEN
            ) =>
        {
            Err(err)
        }
        Err(err) if matches!(err, AppError::Internal(_)) => Err(err),
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            redraw.error = Some(error);
            draw(&state, page, &member, id, order, redraw, status).await
        }
    }
}

/// Options typed one per line in each language's field (`{prefix}{code}`): the n-th lines of
/// all languages are the n-th option. Blank lines are skipped.
pub(super) fn options_by_line(fields: &Fields, prefix: &str) -> Vec<BTreeMap<String, String>> {
    let mut options: Vec<BTreeMap<String, String>> = Vec::new();
    for locale in Locale::ALL {
        let code = locale.code();
        let given = fields.get(&format!("{prefix}{code}"));
        let lines = given.lines().map(str::trim).filter(|l| !l.is_empty());
        for (i, line) in lines.enumerate() {
            if options.len() <= i {
                options.resize_with(i + 1, BTreeMap::new);
            }
            options[i].insert(code.to_string(), line.to_string());
        }
    }
    options
}

/// A poll from the page's form: the question in each language, and the options one per line
/// in each language (the n-th lines belong together).
fn poll_input(fields: &Fields) -> Result<PollInput, AppError> {
    let mut question = BTreeMap::new();
    for locale in Locale::ALL {
        let code = locale.code();
        question.insert(
            code.to_string(),
            fields.get(&format!("question_{code}")).to_string(),
        );
    }
    let lines = options_by_line(fields, "options_");
    Texts::parse(&question, "question", super::model::PROMPT_MAX)?;
    Ok(PollInput {
        kind: if fields.get("kind") == "multiple" {
            PollKind::Multiple
        } else {
            PollKind::Single
        },
        show_results: if fields.get("show_results") == "after_close" {
            ResultsShown::AfterClose
        } else {
            ResultsShown::AfterVote
        },
        question,
        options: lines,
    })
}
