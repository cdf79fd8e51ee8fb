//! A participant's cooperation profile (organisation, pitch, languages, group, offers and
//! requests) and, below it, the slots they can meet in.
//!
//! Offers and requests are repeated rows named `item-<n>-<field>`; a row left empty is left
//! out, and a few empty rows are offered to add more. When one row is wrong, the message names
//! it and its field is marked.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;

use super::*;
use crate::meetings::model::{ItemInput, MAX_ITEMS, ProfileInput, Rule};
use crate::meetings::programme::Programme;
use crate::meetings::{access, profiles};
use crate::web::csrf::CsrfForm;
use crate::web::layout::Page;
use crate::web::render;

/// Empty rows offered below the stored offers and requests.
const SPARE_ITEMS: usize = 2;

pub struct ItemRow {
    pub index: usize,
    pub directions: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub title: String,
    pub description: String,
    pub topics: Vec<Choice>,
    pub countries: String,
    /// The field of this row that the error is about.
    pub invalid: Option<&'static str>,
}

impl ItemRow {
    pub fn invalid_on(&self, field: &str) -> bool {
        self.invalid == Some(field)
    }
}

pub struct SlotDay {
    pub label: String,
    pub slots: Vec<SlotChoice>,
}

#[derive(Template)]
#[template(path = "meetings/profile.html")]
struct ProfileTemplate {
    page: Page,
    nav: Nav,
    organisation: String,
    pitch: String,
    languages: Vec<Choice>,
    /// The two groups' names when the programme runs between groups, and the chosen side.
    groups: Option<(String, String)>,
    group: String,
    items: Vec<ItemRow>,
    error: Option<FormError>,
    /// The slots by day (none until the profile exists).
    availability: Option<Vec<SlotDay>>,
    availability_error: Option<FormError>,
    viewer_zone: String,
}

impl ProfileTemplate {
    fn error_on(&self, field: &str) -> bool {
        error_on(&self.error, field)
    }
}

/// The stored profile as form fields.
fn fields_of(view: Option<&ProfileView>) -> Fields {
    let Some(view) = view else {
        return Fields(Vec::new());
    };
    let row = &view.row;
    let mut pairs: Vec<(String, String)> = vec![
        ("organisation".into(), row.organisation.clone()),
        ("pitch".into(), row.pitch.clone()),
        ("group".into(), row.side.clone()),
    ];
    for code in view.languages() {
        pairs.push(("languages".into(), code.to_string()));
    }
    for (i, item) in view.items.iter().enumerate() {
        let name = |field: &str| format!("item-{i}-{field}");
        pairs.push((name("direction"), item.direction.clone()));
        pairs.push((name("kind"), item.kind.clone()));
        pairs.push((name("title"), item.title.clone()));
        pairs.push((name("description"), item.description.clone()));
        for topic in item.topics.split_whitespace() {
            pairs.push((name("topics"), topic.to_string()));
        }
        pairs.push((name("countries"), item.countries.replace(' ', ", ")));
    }
    Fields(pairs)
}

/// The indexes of the posted item rows, in order.
fn item_indexes(fields: &Fields) -> Vec<usize> {
    (0..MAX_ITEMS + SPARE_ITEMS + 1)
        .filter(|i| fields.has(&format!("item-{i}-title")))
        .collect()
}

/// The posted rows that are not empty, with their index.
fn posted_items(fields: &Fields) -> Result<Vec<(usize, ItemInput)>, AppError> {
    let mut items = Vec::new();
    for i in item_indexes(fields) {
        let get = |field: &str| fields.get(&format!("item-{i}-{field}")).to_string();
        let topics = fields.all(&format!("item-{i}-topics"));
        let (title, description, countries) = (get("title"), get("description"), get("countries"));
        if title.trim().is_empty()
            && description.trim().is_empty()
            && countries.trim().is_empty()
            && topics.is_empty()
        {
            continue;
        }
        let direction = model::Direction::parse(&get("direction"))
            .ok_or_else(|| AppError::invalid("direction", "b2b_kind_unknown"))?;
        let kind = model::ItemKind::parse(&get("kind"))
            .ok_or_else(|| AppError::invalid("kind", "b2b_kind_unknown"))?;
        items.push((
            i,
            ItemInput {
                direction,
                kind,
                title,
                description,
                topics,
                countries: countries
                    .split([',', ' ', ';'])
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
                    .collect(),
            },
        ));
    }
    Ok(items)
}

fn profile_input(fields: &Fields, items: &[(usize, ItemInput)]) -> ProfileInput {
    ProfileInput {
        organisation: fields.get("organisation").into(),
        pitch: fields.get("pitch").into(),
        languages: fields.all("languages"),
        group: fields.get("group").into(),
        items: items.iter().map(|(_, item)| item.clone()).collect(),
    }
}

/// Which row an item error is about: the first that fails alone with the same code.
fn failing_row(items: &[(usize, ItemInput)], code: &str, slugs: &[String]) -> Option<usize> {
    items.iter().find_map(|(i, item)| {
        let alone = ProfileInput {
            organisation: String::new(),
            pitch: String::new(),
            languages: Vec::new(),
            group: String::new(),
            items: vec![item.clone()],
        };
        match alone.parse(Rule::Everyone, slugs) {
            Err(e) if e.code() == code => Some(*i),
            _ => None,
        }
    })
}

struct Form<'a> {
    programme: &'a Programme,
    topics: &'a Topics,
    fields: &'a Fields,
    error: Option<FormError>,
    /// The row the error is about.
    error_row: Option<usize>,
}

fn template(
    page: Page,
    form: Form<'_>,
    availability: Option<Vec<SlotDay>>,
    availability_error: Option<FormError>,
    viewer_zone: String,
) -> ProfileTemplate {
    let i18n = page.i18n;
    let Form {
        programme,
        topics,
        fields,
        error,
        error_row,
    } = form;
    let posted = item_indexes(fields);
    let spare = (posted.len() + SPARE_ITEMS).min(MAX_ITEMS.max(posted.len())) - posted.len();
    let next = posted.last().map_or(0, |i| i + 1);
    let field = error.as_ref().and_then(|e| e.field);
    let items = posted
        .into_iter()
        .chain(next..next + spare)
        .map(|i| {
            let get = |name: &str| fields.get(&format!("item-{i}-{name}")).to_string();
            let direction = Some(get("direction"))
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| "offer".into());
            let kind = Some(get("kind"))
                .filter(|k| !k.is_empty())
                .unwrap_or_else(|| "service".into());
            ItemRow {
                index: i,
                directions: direction_choices(i18n, &direction),
                kinds: kind_choices(i18n, &kind),
                title: get("title"),
                description: get("description"),
                topics: topics.choices(&fields.all(&format!("item-{i}-topics"))),
                countries: get("countries"),
                invalid: field.filter(|_| error_row == Some(i)),
            }
        })
        .collect();
    let chosen = fields.all("languages");
    let s = &programme.settings;
    ProfileTemplate {
        nav: Nav::new(
            &programme.event,
            i18n,
            page.viewer
                .as_ref()
                .is_some_and(|m| access::organises(programme, m)),
            "profile",
        ),
        organisation: fields.get("organisation").into(),
        pitch: fields.get("pitch").into(),
        languages: crate::web::text::LANGUAGES
            .iter()
            .map(|c| {
                Choice::new(
                    *c,
                    crate::web::text::language_name(i18n, c),
                    chosen.iter().any(|x| x == c),
                )
            })
            .collect(),
        groups: (s.rule == Rule::Groups).then(|| (s.group_a.clone(), s.group_b.clone())),
        group: fields.get("group").into(),
        items,
        error,
        availability,
        availability_error,
        viewer_zone,
        page,
    }
}

/// The programme's slots by day in the viewer's zone, each labelled in that zone and the
/// event's, ticked when in `chosen`.
fn slot_days(
    i18n: I18n,
    programme: &Programme,
    viewer: (&str, &TimeZone),
    chosen: &[i64],
) -> Vec<SlotDay> {
    let mut zones = vec![(
        i18n.t_args("b2b-your-time-in", &[("zone", viewer.0)]),
        viewer.1,
    )];
    let event_zone = programme.event.event.timezone.as_str();
    if event_zone != viewer.0 {
        zones.push((
            i18n.t_args("b2b-event-time-in", &[("zone", event_zone)]),
            programme.zone(),
        ));
    }
    let mut days: Vec<SlotDay> = Vec::new();
    let mut last = None;
    for slot in &programme.slots {
        let day = model::day_of(slot.starts_at, viewer.1);
        if last != Some(day) {
            days.push(SlotDay {
                label: day_label(i18n, day),
                slots: Vec::new(),
            });
            last = Some(day);
        }
        let (_, first) = &zones[0];
        let mut parts = vec![format!(
            "{} ({})",
            clock(i18n, *slot, first, day),
            zones[0].0
        )];
        if let Some((who, zone)) = zones.get(1) {
            parts.push(format!("{} ({who})", clock(i18n, *slot, zone, day)));
        }
        if let Some(current) = days.last_mut() {
            current.slots.push(SlotChoice {
                value: slot.starts_at,
                label: parts.join(" · "),
                checked: chosen.contains(&slot.starts_at),
            });
        }
    }
    days
}

/// Renders the page: the profile form from `fields`, availability as stored unless `chosen`
/// says otherwise.
#[allow(clippy::too_many_arguments)]
async fn page_with(
    state: &AppState,
    page: Page,
    jar: &CookieJar,
    member: &CurrentMember,
    programme: &Programme,
    fields: Option<&Fields>,
    error: (Option<FormError>, Option<usize>),
    chosen: Option<(Vec<i64>, FormError)>,
) -> Result<ProfileTemplate, AppError> {
    let id = programme.id();
    let stored = profiles::profile(state, id, member.id).await?;
    let topics = Topics::load(state, page.i18n).await?;
    let (zone_name, zone) = viewer_zone(jar, member, &programme.event.event.timezone);
    let (availability, availability_error) = match (&stored, chosen) {
        (None, chosen) => (None, chosen.map(|(_, e)| e)),
        (Some(_), Some((chosen, e))) => (
            Some(slot_days(
                page.i18n,
                programme,
                (&zone_name, &zone),
                &chosen,
            )),
            Some(e),
        ),
        (Some(view), None) => {
            let free: Vec<i64> = profiles::available(state, programme, &view.row)
                .await?
                .iter()
                .map(|s| s.starts_at)
                .collect();
            (
                Some(slot_days(page.i18n, programme, (&zone_name, &zone), &free)),
                None,
            )
        }
    };
    let stored_fields = fields_of(stored.as_ref());
    let form = Form {
        programme,
        topics: &topics,
        fields: fields.unwrap_or(&stored_fields),
        error: error.0,
        error_row: error.1,
    };
    Ok(template(
        page,
        form,
        availability,
        availability_error,
        zone_name,
    ))
}

pub async fn profile_form(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let programme = access::participant(&state, &member, id).await?;
    let template = page_with(
        &state,
        page,
        &jar,
        &member,
        &programme,
        None,
        (None, None),
        None,
    )
    .await?;
    render(StatusCode::OK, &template)
}

pub async fn save_profile(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(posted): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let programme = access::participant(&state, &member, id).await?;
    let fields = Fields(posted);
    let items = posted_items(&fields);
    let result = match &items {
        Ok(items) => {
            profiles::save_profile(&state, &member, id, profile_input(&fields, items)).await
        }
        Err(e) => Err(AppError::invalid(e.field().unwrap_or("items"), e.code())),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!(
            "/events/{id}/b2b/profile?notice=meetings-profile-saved"
        ))
        .into_response()),
        Err(err) => {
            let row = match (&items, err.field()) {
                (Ok(items), Some("title" | "description" | "topics" | "countries")) => {
                    let topics = crate::members::taxonomy(&state).await?;
                    let slugs: Vec<String> = topics.iter().map(|t| t.slug.clone()).collect();
                    failing_row(items, err.code(), &slugs)
                }
                _ => None,
            };
            let (mut error, status) = form_error(err, page.i18n)?;
            if let Some(row) = row {
                error.message = page.i18n.t_args(
                    "b2b-item-error",
                    &[("n", &(row + 1).to_string()), ("message", &error.message)],
                );
            }
            let template = page_with(
                &state,
                page,
                &jar,
                &member,
                &programme,
                Some(&fields),
                (Some(error), row),
                None,
            )
            .await?;
            render(status, &template)
        }
    }
}

pub async fn save_availability(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(posted): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let programme = access::participant(&state, &member, id).await?;
    let fields = Fields(posted);
    let starts: Result<Vec<i64>, AppError> = fields
        .all("slot")
        .iter()
        .map(|s| {
            s.trim()
                .parse::<i64>()
                .map_err(|_| AppError::invalid("slots", "b2b_slot_outside_windows"))
        })
        .collect();
    let result = match &starts {
        Ok(starts) => profiles::save_availability(&state, &member, id, starts).await,
        Err(e) => Err(AppError::invalid("slots", e.code())),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!(
            "/events/{id}/b2b/profile?notice=meetings-availability-saved#availability"
        ))
        .into_response()),
        Err(err) => {
            let (error, status) = form_error(err, page.i18n)?;
            let chosen = starts.unwrap_or_default();
            let template = page_with(
                &state,
                page,
                &jar,
                &member,
                &programme,
                None,
                (None, None),
                Some((chosen, error)),
            )
            .await?;
            render(status, &template)
        }
    }
}
