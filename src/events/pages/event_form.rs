//! Organisers: creating and editing an event, its co-organisers and cover.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::events::model::{self, EventVisibility, QuestionKind};
use crate::events::people::{self, Chosen, Picked};
use crate::events::{EventInput, QuestionInput, TextInput, access};
use crate::state::AppState;
use crate::web::csrf::{CsrfForm, CsrfToken};
use crate::web::error::AppError;
use crate::web::i18n::{I18n, Locale};
use crate::web::identity::CurrentMember;
use crate::web::layout::Page;
use crate::web::{FormError, render};

use super::*;

pub struct LocaleText {
    code: &'static str,
    name: &'static str,
    title: String,
    description: String,
}

pub struct QuestionRow {
    index: usize,
    id: String,
    label: String,
    choice: bool,
    options: String,
    required: bool,
}

#[derive(Template)]
#[template(path = "events/event_form.html")]
struct EventFormTemplate {
    page: Page,
    /// None: a new event.
    id: Option<i64>,
    texts: Vec<LocaleText>,
    starts_on: String,
    ends_on: String,
    timezone: String,
    members_only: bool,
    registration_open: bool,
    default_locale: String,
    /// Chosen (ticked) and found (offered) co-organisers, by name.
    organisers: Vec<Picked>,
    organiser_find: String,
    questions: Vec<QuestionRow>,
    zones: &'static [&'static str],
    /// Editing only: the current cover, and the upload limit as shown.
    cover_url: Option<String>,
    photo_limit: String,
    error: Option<FormError>,
}

impl EventFormTemplate {
    fn error_on(&self, field: &str) -> bool {
        FormError::is_on(&self.error, field)
    }
}

/// Zones offered in the zone fields (any IANA name may be typed).
const COMMON_ZONES: [&str; 12] = [
    "Asia/Almaty",
    "Asia/Aqtobe",
    "Asia/Oral",
    "Asia/Qostanay",
    "Asia/Tashkent",
    "Asia/Bishkek",
    "Europe/Berlin",
    "Europe/Vienna",
    "Europe/Zurich",
    "Europe/Moscow",
    "Europe/London",
    "UTC",
];

fn blank_questions(mut rows: Vec<QuestionRow>) -> Vec<QuestionRow> {
    for _ in 0..2 {
        rows.push(QuestionRow {
            index: rows.len(),
            id: String::new(),
            label: String::new(),
            choice: false,
            options: String::new(),
            required: false,
        });
    }
    rows
}

fn event_form_from(
    fields: &Fields,
    id: Option<i64>,
    page: Page,
    error: Option<FormError>,
) -> EventFormTemplate {
    let texts = Locale::ALL
        .iter()
        .map(|l| LocaleText {
            code: l.code(),
            name: l.endonym(),
            title: fields.get(&format!("title_{}", l.code())).to_string(),
            description: fields.get(&format!("description_{}", l.code())).to_string(),
        })
        .collect();
    let questions = (0..model::QUESTIONS_MAX + 2)
        .filter(|i| fields.has(&format!("q_label_{i}")))
        .enumerate()
        .map(|(index, i)| QuestionRow {
            index,
            id: fields.get(&format!("q_id_{i}")).to_string(),
            label: fields.get(&format!("q_label_{i}")).to_string(),
            choice: fields.get(&format!("q_kind_{i}")) == "choice",
            options: fields.get(&format!("q_options_{i}")).to_string(),
            required: fields.has(&format!("q_required_{i}")),
        })
        .collect();
    EventFormTemplate {
        id,
        texts,
        starts_on: fields.get("starts_on").to_string(),
        ends_on: fields.get("ends_on").to_string(),
        timezone: fields.get("timezone").to_string(),
        members_only: fields.get("visibility") == "members",
        registration_open: fields.has("registration_open"),
        default_locale: fields.get("default_locale").to_string(),
        organisers: Vec::new(),
        organiser_find: fields.get("organiser_find").to_string(),
        questions,
        zones: &COMMON_ZONES,
        cover_url: None,
        photo_limit: String::new(),
        error,
        page,
    }
}

/// The event as posted; `organisers` were chosen by [`people::choose`].
fn event_input(fields: &Fields, editing: bool, organisers: &Chosen) -> EventInput {
    let texts = Locale::ALL
        .iter()
        .map(|l| TextInput {
            locale: l.code().to_string(),
            title: fields.get(&format!("title_{}", l.code())).to_string(),
            description: fields.get(&format!("description_{}", l.code())).to_string(),
        })
        .collect();
    let mut questions = Vec::new();
    for i in 0..model::QUESTIONS_MAX + 2 {
        let label = fields.get(&format!("q_label_{i}"));
        if label.trim().is_empty() {
            continue;
        }
        let choice = fields.get(&format!("q_kind_{i}")) == "choice";
        questions.push(QuestionInput {
            id: fields.get(&format!("q_id_{i}")).parse().ok(),
            label: label.to_string(),
            kind: if choice {
                QuestionKind::Choice
            } else {
                QuestionKind::Text
            },
            options: if choice {
                fields
                    .get(&format!("q_options_{i}"))
                    .split(['\n', ';'])
                    .map(str::trim)
                    .filter(|o| !o.is_empty())
                    .map(str::to_string)
                    .collect()
            } else {
                Vec::new()
            },
            required: fields.has(&format!("q_required_{i}")),
        });
    }
    let organiser_ids = organisers.ids();
    EventInput {
        texts: Some(texts),
        starts_on: Some(fields.get("starts_on").to_string()),
        ends_on: Some(fields.get("ends_on").to_string()),
        timezone: Some(fields.get("timezone").to_string()),
        visibility: Some(if fields.get("visibility") == "members" {
            EventVisibility::Members
        } else {
            EventVisibility::Public
        }),
        registration_open: Some(fields.has("registration_open")),
        default_locale: Some(fields.get("default_locale").to_string()).filter(|l| !l.is_empty()),
        organiser_ids: (editing || !organiser_ids.is_empty()).then_some(organiser_ids),
        questions: Some(questions),
        ..EventInput::default()
    }
}

/// The co-organisers of a posted event form (see [`people`]).
async fn posted_organisers(
    state: &AppState,
    fields: &Fields,
    i18n: I18n,
) -> Result<Chosen, AppError> {
    people::choose(
        state,
        &fields.all("organiser_ids"),
        fields.get("organiser_find"),
        "organiser_ids",
        i18n,
    )
    .await
}

pub async fn new_form(page: Page, member: CurrentMember) -> Result<Response, AppError> {
    access::may_create(&member)?;
    let fields = Fields(vec![
        ("timezone".into(), "Asia/Almaty".into()),
        ("registration_open".into(), "on".into()),
        ("default_locale".into(), member.locale.code().into()),
    ]);
    let mut template = event_form_from(&fields, None, page, None);
    template.questions = blank_questions(Vec::new());
    render(StatusCode::OK, &template)
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    access::may_create(&member)?;
    let fields = Fields(form);
    let mut organisers = posted_organisers(&state, &fields, page.i18n).await?;
    let result = match organisers.error.take() {
        Some(err) => Err(err),
        None => {
            let input = event_input(&fields, false, &organisers);
            crate::events::create_event(&state, &member, input).await
        }
    };
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/events/{id}?notice=event-created")).into_response()),
        Err(err) if err.status() == StatusCode::FORBIDDEN => Err(err),
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            let mut template = event_form_from(&fields, None, page, Some(error));
            template.questions = blank_questions(template.questions);
            template.organisers = organisers.people;
            render(status, &template)
        }
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let template = stored_event_form(&state, &member, id, page).await?;
    render(StatusCode::OK, &template)
}

/// The event form filled in from what is stored.
async fn stored_event_form(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
    page: Page,
) -> Result<EventFormTemplate, AppError> {
    let s = access::organised(state, member, id).await?;
    let mut pairs: Vec<(String, String)> = vec![
        ("starts_on".into(), s.event.starts_on.clone()),
        ("ends_on".into(), s.event.ends_on.clone()),
        ("timezone".into(), s.event.timezone.clone()),
        ("visibility".into(), s.event.visibility.clone()),
        ("default_locale".into(), s.event.default_locale.clone()),
    ];
    if s.registration_open() {
        pairs.push(("registration_open".into(), "on".into()));
    }
    for t in &s.texts {
        pairs.push((format!("title_{}", t.locale), t.title.clone()));
        pairs.push((format!("description_{}", t.locale), t.description.clone()));
    }
    for (i, q) in s.questions.iter().enumerate() {
        pairs.push((format!("q_id_{i}"), q.id.to_string()));
        pairs.push((format!("q_label_{i}"), q.label.clone()));
        pairs.push((format!("q_kind_{i}"), q.kind.clone()));
        pairs.push((format!("q_options_{i}"), q.options.replace('\n', "; ")));
        if q.required != 0 {
            pairs.push((format!("q_required_{i}"), "on".into()));
        }
    }
    let mut template = event_form_from(&Fields(pairs), Some(id), page, None);
    template.questions = blank_questions(template.questions);
    template.organisers =
        Chosen::ticked(s.organisers.iter().map(|o| (o.id, o.name.clone()))).people;
    template.cover_url = s.event.cover.as_deref().map(crate::events::cover_url);
    template.photo_limit = template
        .page
        .i18n
        .decimal(state.config.max_photo_bytes as f64 / (1024.0 * 1024.0));
    Ok(template)
}

pub async fn upload_cover(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    token: CsrfToken,
    Path(id): Path<i64>,
    multipart: axum::extract::Multipart,
) -> Result<Response, AppError> {
    access::organised(&state, &member, id).await?;
    let result = match crate::members::read_image_form(&token, multipart).await {
        Ok(bytes) => crate::events::set_cover(&state, &member, id, bytes)
            .await
            .map(drop),
        Err(err) => Err(err),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/events/{id}?notice=saved")).into_response()),
        Err(err) if matches!(err.status(), StatusCode::FORBIDDEN | StatusCode::NOT_FOUND) => {
            Err(err)
        }
        Err(err) if err.code() == "csrf_failed" => Err(err),
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            let mut template = stored_event_form(&state, &member, id, page).await?;
            template.error = Some(error);
            render(status, &template)
        }
    }
}

pub async fn delete_cover(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<BackForm>,
) -> Result<Response, AppError> {
    crate::events::remove_cover(&state, &member, id).await?;
    Ok(Redirect::to(&format!("/events/{id}/edit?notice=saved")).into_response())
}

pub async fn edit(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    // Rights first: whoever may not edit learns nothing from the people named in the form.
    access::organised(&state, &member, id).await?;
    let fields = Fields(form);
    let mut organisers = posted_organisers(&state, &fields, page.i18n).await?;
    let result = match organisers.error.take() {
        Some(err) => Err(err),
        None => {
            let input = event_input(&fields, true, &organisers);
            crate::events::update_event(&state, &member, id, input).await
        }
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/events/{id}?notice=saved")).into_response()),
        Err(err) if matches!(err.status(), StatusCode::FORBIDDEN | StatusCode::NOT_FOUND) => {
            Err(err)
        }
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            let mut template = event_form_from(&fields, Some(id), page, Some(error));
            template.questions = blank_questions(template.questions);
            template.organisers = organisers.people;
            render(status, &template)
        }
    }
}
