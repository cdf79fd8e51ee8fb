//! The marketplace (search, filters, suggestions with their reasons) and one participant's
//! page, where the viewer asks for a meeting or marks them "must meet" or "no thanks".

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::*;
use crate::meetings::db;
use crate::meetings::model::{Preference, parse_priority};
use crate::meetings::profiles::{self, MarketQuery, Reason};
use crate::meetings::programme::Programme;
use crate::meetings::requests::{self, RequestInput};
use crate::meetings::{access, model::ItemKind};
use crate::web::csrf::CsrfForm;
use crate::web::layout::Page;
use crate::web::render;

/// How many suggestions the marketplace shows.
const SUGGESTIONS: usize = 6;

#[derive(Template)]
#[template(path = "meetings/marketplace.html")]
struct MarketTemplate {
    page: Page,
    nav: Nav,
    q: String,
    topics: Vec<Choice>,
    countries: Vec<Choice>,
    kinds: Vec<Choice>,
    languages: Vec<Choice>,
    filtered: bool,
    results: Vec<ProfileCard>,
    suggestions: Vec<ProfileCard>,
    /// Why there are no suggestions: register, or write a profile first.
    suggestions_note: Option<String>,
    error: Option<FormError>,
}

/// A reason for a suggestion, in words.
fn reason_text(i18n: I18n, topics: &Topics, reason: &Reason) -> String {
    match reason {
        Reason::TheyOffer { offer, request } => i18n.t_args(
            "b2b-reason-they-offer",
            &[("offer", offer), ("request", request)],
        ),
        Reason::YouOffer { offer, request } => i18n.t_args(
            "b2b-reason-you-offer",
            &[("offer", offer), ("request", request)],
        ),
        Reason::SharedTopics { topics: shared } => {
            let names: Vec<String> = shared.iter().map(|t| topics.name(t)).collect();
            i18n.t_args("b2b-reason-topics", &[("topics", &names.join(", "))])
        }
        Reason::SharedLanguages { languages } => {
            let names: Vec<String> = languages
                .iter()
                .map(|l| crate::web::text::language_name(i18n, l))
                .collect();
            i18n.t_args("b2b-reason-languages", &[("languages", &names.join(", "))])
        }
    }
}

pub async fn marketplace(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
    Query(query): Query<MarketQuery>,
) -> Result<Response, AppError> {
    let i18n = page.i18n;
    let (found, error) = match profiles::marketplace(&state, &member, id, &query).await {
        Ok((programme, found)) => (Some((programme, found)), None),
        Err(e) if e.code() == "b2b_not_enabled" => {
            return super::overview::not_enabled(&state, page, &member, id).await;
        }
        Err(e) => (None, Some(form_error(e, i18n)?)),
    };
    // A refused query (an unknown type) still shows the page, with the message.
    let programme = match &found {
        Some((p, _)) => p.clone(),
        None => access::programme(&state, &member, id).await?,
    };
    let topics = Topics::load(&state, i18n).await?;
    let marks = db::preferences(&state.db, id, member.id).await?;
    let mark_of = |other: i64| {
        marks
            .iter()
            .find(|(o, _)| *o == other)
            .map(|(_, k)| k.as_str())
    };
    let results: Vec<ProfileCard> = found
        .as_ref()
        .map(|(_, list)| {
            list.iter()
                .map(|p| profile_card(i18n, &topics, &programme, p, mark_of(p.row.member_id)))
                .collect()
        })
        .unwrap_or_default();
    let (suggestions, suggestions_note) = match profiles::matches(&state, &member, id).await {
        Ok((_, found)) => (
            found
                .iter()
                .take(SUGGESTIONS)
                .map(|m| {
                    let mut card = profile_card(
                        i18n,
                        &topics,
                        &programme,
                        &m.profile,
                        m.preference.map(Preference::as_str),
                    );
                    card.reasons = m
                        .reasons
                        .iter()
                        .map(|r| reason_text(i18n, &topics, r))
                        .collect();
                    card
                })
                .collect(),
            None,
        ),
        Err(e) if e.code() == "b2b_profile_required" => {
            (Vec::new(), Some(i18n.t("b2b-suggestions-need-profile")))
        }
        Err(e) if e.code() == "b2b_registration_required" => {
            (Vec::new(), Some(i18n.t("b2b-step-register")))
        }
        Err(e) => return Err(e),
    };
    let pick = |v: &Option<String>| v.clone().unwrap_or_default().trim().to_string();
    let (topic, country, kind, lang) = (
        pick(&query.topic),
        pick(&query.country).to_uppercase(),
        pick(&query.kind),
        pick(&query.lang),
    );
    // Countries and languages that occur in the programme's profiles, for the filters.
    let everyone = profiles::profiles(&state, id, None).await?;
    let mut country_codes: Vec<String> = everyone
        .iter()
        .flat_map(|p| p.items.iter())
        .flat_map(|i| i.countries.split_whitespace().map(str::to_string))
        .collect();
    country_codes.sort();
    country_codes.dedup();
    let mut language_codes: Vec<String> = everyone
        .iter()
        .flat_map(|p| {
            p.languages()
                .into_iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    language_codes.sort();
    language_codes.dedup();
    let organiser = access::organises(&programme, &member);
    let template = MarketTemplate {
        nav: Nav::new(&programme.event, i18n, organiser, "marketplace"),
        q: pick(&query.q),
        topics: topics.choices(std::slice::from_ref(&topic)),
        countries: country_codes
            .iter()
            .map(|c| Choice::new(c, country_name(i18n, c), *c == country))
            .collect(),
        kinds: ItemKind::ALL
            .iter()
            .map(|k| Choice::new(k.as_str(), kind_label(i18n, k.as_str()), k.as_str() == kind))
            .collect(),
        languages: language_codes
            .iter()
            .map(|c| Choice::new(c, crate::web::text::language_name(i18n, c), *c == lang))
            .collect(),
        filtered: [
            &query.q,
            &query.topic,
            &query.country,
            &query.kind,
            &query.lang,
        ]
        .iter()
        .any(|v| v.as_deref().is_some_and(|v| !v.trim().is_empty())),
        results,
        suggestions,
        suggestions_note,
        error: error.map(|(e, _)| e),
        page,
    };
    let status = if template.error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render(status, &template)
}

#[derive(Template)]
#[template(path = "meetings/participant.html")]
struct ParticipantTemplate {
    page: Page,
    nav: Nav,
    card: ProfileCard,
    /// The viewer themself.
    own: bool,
    /// Whether the viewer may ask for a meeting (registered, not themself).
    may_request: bool,
    /// A request between the two, if any: (id, status in words, the viewer sent it).
    existing: Option<(i64, String, bool)>,
    message: String,
    priority: i64,
    error: Option<FormError>,
    mark_error: Option<FormError>,
}

impl ParticipantTemplate {
    fn error_on(&self, field: &str) -> bool {
        error_on(&self.error, field)
    }
}

struct Posted {
    message: String,
    priority: i64,
    error: Option<FormError>,
    mark_error: Option<FormError>,
}

async fn participant_page(
    state: &AppState,
    page: Page,
    member: &CurrentMember,
    programme: &Programme,
    other: i64,
    posted: Posted,
) -> Result<ParticipantTemplate, AppError> {
    let i18n = page.i18n;
    let id = programme.id();
    let view = profiles::profile(state, id, other)
        .await?
        .ok_or_else(AppError::not_found)?;
    let topics = Topics::load(state, i18n).await?;
    let marks = db::preferences(&state.db, id, member.id).await?;
    let mark = marks
        .iter()
        .find(|(o, _)| *o == other)
        .map(|(_, k)| k.as_str());
    let card = profile_card(i18n, &topics, programme, &view, mark);
    let own = other == member.id;
    let (registered, existing) = match requests::mine(state, member, id).await {
        Ok((_, rows)) => (
            true,
            rows.iter()
                .find(|r| r.from_id == other || r.to_id == other)
                .map(|r| (r.id, status_label(i18n, &r.status), r.from_id == member.id)),
        ),
        Err(e) if e.code() == "b2b_registration_required" => (false, None),
        Err(e) => return Err(e),
    };
    Ok(ParticipantTemplate {
        nav: Nav::new(
            &programme.event,
            i18n,
            access::organises(programme, member),
            "marketplace",
        ),
        card,
        own,
        may_request: registered && !own,
        existing,
        message: posted.message,
        priority: posted.priority,
        error: posted.error,
        mark_error: posted.mark_error,
        page,
    })
}

pub async fn participant(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path((id, other)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let programme = access::programme(&state, &member, id).await?;
    let posted = Posted {
        message: String::new(),
        priority: 2,
        error: None,
        mark_error: None,
    };
    let template = participant_page(&state, page, &member, &programme, other, posted).await?;
    render(StatusCode::OK, &template)
}

pub async fn send_request(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path((id, other)): Path<(i64, i64)>,
    CsrfForm(posted): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let programme = access::programme(&state, &member, id).await?;
    let fields = Fields(posted);
    let priority = fields.number("priority");
    let result = match &priority {
        Ok(priority) => {
            let input = RequestInput {
                to: other,
                message: fields.get("message").into(),
                priority: *priority,
            };
            requests::send(&state, &member, id, input).await
        }
        Err(e) => Err(AppError::invalid("priority", e.code())),
    };
    match result {
        Ok(request) => Ok(Redirect::to(&format!(
            "/events/{id}/b2b/requests?notice=meetings-request-sent#request-{request}"
        ))
        .into_response()),
        Err(err) => {
            let (error, status) = form_error(err, page.i18n)?;
            let priority = priority
                .ok()
                .flatten()
                .and_then(|p| parse_priority(Some(p)).ok())
                .unwrap_or(2);
            let posted = Posted {
                message: fields.get("message").into(),
                priority,
                error: Some(error),
                mark_error: None,
            };
            let template =
                participant_page(&state, page, &member, &programme, other, posted).await?;
            render(status, &template)
        }
    }
}

pub async fn mark(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path((id, other)): Path<(i64, i64)>,
    CsrfForm(posted): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let programme = access::programme(&state, &member, id).await?;
    let fields = Fields(posted);
    let preference = match fields.get("preference") {
        "" | "clear" => Ok(None),
        value => Preference::parse(value)
            .map(Some)
            .ok_or_else(|| AppError::invalid("preference", "b2b_preference_unknown")),
    };
    let result = match preference {
        Ok(p) => profiles::set_preference(&state, &member, id, other, p).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!(
            "/events/{id}/b2b/participants/{other}?notice=meetings-mark-saved"
        ))
        .into_response()),
        Err(err) => {
            let (error, status) = form_error(err, page.i18n)?;
            let posted = Posted {
                message: String::new(),
                priority: 2,
                error: None,
                mark_error: Some(error),
            };
            let template =
                participant_page(&state, page, &member, &programme, other, posted).await?;
            render(status, &template)
        }
    }
}
