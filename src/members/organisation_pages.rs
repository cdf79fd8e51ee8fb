//! HTML pages of organisations: the list, an organisation with its members (and, for its
//! confirmed members and admins, its pending requests and history), its edit form, and the
//! forms that answer requests and remove members. Who may do what: `access`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::access::OrgAccess;
use super::model::{self, OrgKind};
use super::pages::{Choice, Empty, country_choices, org_kind_choices};
use super::{DirectoryEntry, db, membership_db, organisations};
use crate::state::AppState;
use crate::web::csrf::CsrfForm;
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::identity::{CurrentMember, OptionalMember};
use crate::web::layout::Page;
use crate::web::render_cache::{self, Entry};
use crate::web::{FormError, render};

pub struct OrgItem {
    id: i64,
    name: String,
    kind: String,
    place: String,
    members: i64,
}

#[derive(Template)]
#[template(path = "members/organisations.html")]
struct OrganisationsTemplate {
    page: Page,
    q: String,
    org_types: Vec<Choice>,
    items: Vec<OrgItem>,
}

#[derive(Deserialize)]
pub struct OrgParams {
    q: Option<String>,
    kind: Option<String>,
}

fn place(i18n: I18n, city: &str, country: Option<&str>) -> String {
    let country = country
        .map(|c| model::country_name(i18n, c))
        .unwrap_or_default();
    match (city.is_empty(), country.is_empty()) {
        (false, false) => format!("{city}, {country}"),
        (false, true) => city.to_string(),
        _ => country,
    }
}

pub async fn organisations(
    State(state): State<AppState>,
    page: Page,
    Query(params): Query<OrgParams>,
) -> Result<Response, AppError> {
    let kept = render_cache::for_visitors(&state, &page, "organisations", super::version(&state));
    if let Some(body) = kept.as_ref().and_then(Entry::get) {
        return Ok(render_cache::html(body));
    }
    let i18n = page.i18n;
    let kind = params.kind.as_deref().filter(|k| !k.is_empty());
    if kind.is_some_and(|k| OrgKind::parse(k).is_none()) {
        return Err(AppError::invalid("kind", "org_type_unknown"));
    }
    let q = params.q.clone().unwrap_or_default();
    let words: Vec<String> = q.split_whitespace().take(8).map(str::to_string).collect();
    let items = db::organisations(&state.db, kind, &words)
        .await?
        .into_iter()
        .map(|o| OrgItem {
            kind: OrgKind::parse(&o.kind)
                .map(|k| k.label(i18n))
                .unwrap_or_default(),
            place: place(i18n, &o.city, o.country.as_deref()),
            id: o.id,
            name: o.name,
            members: o.members,
        })
        .collect();
    let template = OrganisationsTemplate {
        org_types: org_kind_choices(i18n, kind.unwrap_or_default()),
        q,
        items,
        page,
    };
    render_cache::render_kept(kept, &template)
}

#[derive(Template)]
#[template(path = "members/organisation.html")]
struct OrganisationTemplate {
    page: Page,
    name: String,
    kind: String,
    place: String,
    website: String,
    description: String,
    member_count: i64,
    members: Vec<DirectoryEntry>,
    id: i64,
    access: OrgAccess,
    requests: Vec<RequestLine>,
    history: Vec<HistoryLine>,
}

/// A request to join, as the organisation page lists it.
pub struct RequestLine {
    member_id: i64,
    name: String,
    when: String,
}

/// An entry of the history, in the reader's language.
pub struct HistoryLine {
    when: String,
    text: String,
}

/// The labels of the form fields an edit changed, in the reader's language.
fn field_labels(i18n: I18n, fields: &str) -> String {
    fields
        .split(',')
        .filter(|f| !f.is_empty())
        .map(|f| match f {
            "kind" => i18n.t("field-organisation-kind"),
            other => i18n.t(&format!("field-{other}")),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn history_line(i18n: I18n, timezone: &str, row: membership_db::HistoryRow) -> HistoryLine {
    let actor = row.actor_name.unwrap_or_default();
    let subject = row.subject_name.unwrap_or_default();
    let fields = field_labels(i18n, &row.fields);
    let key = format!("organisation-history-{}", row.action);
    HistoryLine {
        when: i18n.stored_datetime(row.created_at, timezone),
        text: i18n.t_args(
            &key,
            &[
                ("actor", actor.as_str()),
                ("subject", subject.as_str()),
                ("fields", fields.as_str()),
            ],
        ),
    }
}

pub async fn organisation(
    State(state): State<AppState>,
    page: Page,
    OptionalMember(viewer): OptionalMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let kept = render_cache::for_visitors(&state, &page, "organisation", super::version(&state));
    if let Some(body) = kept.as_ref().and_then(Entry::get) {
        return Ok(render_cache::html(body));
    }
    let i18n = page.i18n;
    let (org, access) = organisations::organisation_for(&state, viewer.as_ref(), id).await?;
    let members = super::organisation_members(&state, id, i18n).await?;
    let timezone = viewer
        .as_ref()
        .map(|v| v.timezone.clone())
        .unwrap_or_default();
    let requests = if access.may_answer_requests() {
        membership_db::pending_requests(&state.db, id)
            .await?
            .into_iter()
            .map(|r| RequestLine {
                member_id: r.member_id,
                name: r.member_name,
                when: i18n.stored_datetime(r.created_at, &timezone),
            })
            .collect()
    } else {
        Vec::new()
    };
    let history = if access.may_see_history() {
        membership_db::history(&state.db, id, organisations::HISTORY_MAX)
            .await?
            .into_iter()
            .map(|row| history_line(i18n, &timezone, row))
            .collect()
    } else {
        Vec::new()
    };
    let template = OrganisationTemplate {
        id,
        access,
        requests,
        history,
        kind: OrgKind::parse(&org.kind)
            .map(|k| k.label(i18n))
            .unwrap_or_default(),
        place: place(i18n, &org.city, org.country.as_deref()),
        name: org.name,
        website: org.website,
        description: org.description,
        member_count: org.members,
        members,
        page,
    };
    render_cache::render_kept(kept, &template)
}

/// Approves a request to join (confirmed members and admins).
pub async fn approve_request(
    State(state): State<AppState>,
    member: CurrentMember,
    Path((id, member_id)): Path<(i64, i64)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    organisations::answer_request(&state, &member, id, member_id, true).await?;
    Ok(Redirect::to(&format!(
        "/organisations/{id}?notice=membership-approved#requests"
    ))
    .into_response())
}

/// Declines a request to join (confirmed members and admins).
pub async fn decline_request(
    State(state): State<AppState>,
    member: CurrentMember,
    Path((id, member_id)): Path<(i64, i64)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    organisations::answer_request(&state, &member, id, member_id, false).await?;
    Ok(Redirect::to(&format!(
        "/organisations/{id}?notice=membership-declined#requests"
    ))
    .into_response())
}

/// Removes a confirmed member (admins).
pub async fn remove_member(
    State(state): State<AppState>,
    member: CurrentMember,
    Path((id, member_id)): Path<(i64, i64)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    organisations::remove_member(&state, &member, id, member_id).await?;
    Ok(Redirect::to(&format!("/organisations/{id}?notice=membership-removed")).into_response())
}

#[derive(Template)]
#[template(path = "members/organisation_edit.html")]
struct OrganisationEditTemplate {
    page: Page,
    id: i64,
    name: String,
    kinds: Vec<Choice>,
    countries: Vec<Choice>,
    city: String,
    website: String,
    description: String,
    error: Option<FormError>,
}

impl OrganisationEditTemplate {
    fn error_on(&self, field: &str) -> bool {
        FormError::is_on(&self.error, field)
    }
}

#[derive(Deserialize, Default)]
pub struct OrganisationForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    website: String,
    #[serde(default)]
    description: String,
}

fn organisation_edit_page(
    page: Page,
    id: i64,
    form: OrganisationForm,
    error: Option<FormError>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let i18n = page.i18n;
    let template = OrganisationEditTemplate {
        id,
        kinds: org_kind_choices(i18n, &form.kind),
        countries: country_choices(i18n, &form.country),
        name: form.name,
        city: form.city,
        website: form.website,
        description: form.description,
        error,
        page,
    };
    render(status, &template)
}

pub async fn organisation_form(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let org = db::organisation(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if !super::organisations::may_edit_organisation(&state, &member, id).await? {
        return Err(AppError::forbidden());
    }
    let form = OrganisationForm {
        name: org.name,
        kind: org.kind,
        country: org.country.unwrap_or_default(),
        city: org.city,
        website: org.website,
        description: org.description,
    };
    organisation_edit_page(page, id, form, None, StatusCode::OK)
}

pub async fn edit_organisation(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<OrganisationForm>,
) -> Result<Response, AppError> {
    let kind = match form.kind.as_str() {
        "" => None,
        kind => Some(
            OrgKind::parse(kind).ok_or_else(|| AppError::invalid("kind", "org_type_unknown"))?,
        ),
    };
    let input = super::OrganisationInput {
        name: Some(form.name.clone()),
        kind,
        country: Some(form.country.clone()),
        city: Some(form.city.clone()),
        website: Some(form.website.clone()),
        description: Some(form.description.clone()),
    };
    match super::update_organisation(&state, &member, id, input).await {
        Ok(()) => Ok(Redirect::to(&format!("/organisations/{id}?notice=saved")).into_response()),
        Err(err) if matches!(err.status(), StatusCode::FORBIDDEN | StatusCode::NOT_FOUND) => {
            Err(err)
        }
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            organisation_edit_page(page, id, form, Some(error), status)
        }
    }
}
