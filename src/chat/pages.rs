//! HTML pages of the chat. They work without JavaScript (history, paging, a form to post);
//! `static/chat.js` adds the live socket on top.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::protocol::MessageOut;
use super::{ChannelKind, ChannelView, Upload, db};
use crate::state::AppState;
use crate::web::csrf::{self, CsrfForm, CsrfToken};
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;
use crate::web::layout::Page;
use crate::web::{FormError, render};

/// A message as a page shows it.
pub struct Item {
    pub message: MessageOut,
    pub when: String,
    pub mine: bool,
    pub first_unread: bool,
    /// The translated type of a linked library document.
    pub document_type: String,
}

fn items(
    page: &Page,
    member: &CurrentMember,
    messages: Vec<MessageOut>,
    last_read: Option<i64>,
) -> Vec<Item> {
    let first_unread = last_read.and_then(|read| {
        messages
            .iter()
            .find(|m| m.id > read && m.author_id != member.id)
            .map(|m| m.id)
    });
    messages
        .into_iter()
        .map(|message| Item {
            when: page
                .i18n
                .stored_datetime(message.created_at, &member.timezone),
            mine: message.author_id == member.id,
            first_unread: Some(message.id) == first_unread,
            document_type: message
                .document
                .as_ref()
                .and_then(|d| d.doc_type.as_deref())
                .map(|t| page.t(&format!("library-type-{t}")))
                .unwrap_or_default(),
            message,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "chat/index.html")]
struct IndexPage {
    page: Page,
    channels: Vec<ChannelView>,
    /// For moderators: the open reports of their channels (`None`: moderates nothing).
    open_reports: Option<usize>,
    any_joined: bool,
    any_to_join: bool,
    may_create_public: bool,
    error: Option<FormError>,
}

pub async fn index(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
) -> Result<Response, AppError> {
    index_page(&state, page, &member, None, StatusCode::OK).await
}

async fn index_page(
    state: &AppState,
    page: Page,
    member: &CurrentMember,
    error: Option<FormError>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let channels = super::channels(state, member).await?;
    let moderates = member.role.is_organiser() || channels.iter().any(|c| c.joined && c.moderator);
    let open_reports = if moderates {
        Some(super::open_report_count(state, member).await? as usize)
    } else {
        None
    };
    render(
        status,
        &IndexPage {
            open_reports,
            page,
            any_joined: channels.iter().any(|c| c.joined),
            any_to_join: channels.iter().any(|c| !c.joined),
            channels,
            may_create_public: member.role.is_organiser(),
            error,
        },
    )
}

#[derive(Deserialize)]
pub struct ChannelForm {
    kind: String,
    title: String,
    #[serde(default)]
    topic: String,
}

pub async fn create_channel(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    CsrfForm(form): CsrfForm<ChannelForm>,
) -> Result<Response, AppError> {
    let kind = if form.kind == "public" {
        ChannelKind::Public
    } else {
        ChannelKind::Private
    };
    match super::create_channel(&state, &member, kind, &form.title, &form.topic).await {
        Ok(id) => Ok(Redirect::to(&format!("/chat/{id}")).into_response()),
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            index_page(&state, page, &member, Some(error), status).await
        }
    }
}

#[derive(Deserialize)]
pub struct DirectForm {
    /// Names of the other people, separated by commas.
    names: String,
}

/// Starts (or opens) a direct conversation with members named exactly.
pub async fn start_direct(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    CsrfForm(form): CsrfForm<DirectForm>,
) -> Result<Response, AppError> {
    let result = async {
        let mut ids = Vec::new();
        for name in form
            .names
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .take(20)
        {
            let id: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM members WHERE name = $1 AND status = 'active' ORDER BY id LIMIT 1",
            )
            .bind(name)
            .fetch_optional(&state.db.pool)
            .await?;
            ids.push(id.ok_or_else(|| AppError::invalid("names", "chat_member_unknown"))?);
        }
        super::direct_channel(&state, &member, &ids).await
    }
    .await;
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/chat/{id}")).into_response()),
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            index_page(&state, page, &member, Some(error), status).await
        }
    }
}

#[derive(Template)]
#[template(path = "chat/channel.html")]
struct ChannelPage {
    page: Page,
    id: i64,
    title: String,
    topic: String,
    kind: ChannelKind,
    joined: bool,
    muted: bool,
    may_post: bool,
    silenced: bool,
    moderator: bool,
    members: Vec<(i64, String, String)>,
    items: Vec<Item>,
    older: Option<i64>,
    newer: bool,
    last_id: i64,
    has_unread: bool,
    client_id: String,
    viewer_id: i64,
    max_upload: String,
    error: Option<FormError>,
    /// For admins: how long the channel keeps its messages (`Some(None)`: for ever).
    retention: Option<Option<i64>>,
}

#[derive(Deserialize)]
pub struct History {
    before: Option<i64>,
}

pub async fn channel(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
    Query(history): Query<History>,
) -> Result<Response, AppError> {
    channel_page(
        &state,
        page,
        &member,
        id,
        history.before,
        None,
        StatusCode::OK,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn channel_page(
    state: &AppState,
    mut page: Page,
    member: &CurrentMember,
    id: i64,
    before: Option<i64>,
    error: Option<FormError>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let access = super::access(state, member, id).await?;
    access.require_read()?;
    let last_read = access.membership.as_ref().map(|m| m.last_read_id);
    let mut messages = db::messages(&state.db, id, before, None, super::PAGE_SIZE + 1).await?;
    let older = if messages.len() as i64 > super::PAGE_SIZE {
        messages.remove(0);
        messages.first().map(|m| m.id)
    } else {
        None
    };
    let messages = super::message_outs(&state.db, messages).await?;
    let last_id = messages.last().map_or(0, |m| m.id);
    // Without JavaScript, seeing the newest page is reading it.
    if before.is_none() && access.membership.is_some() && last_id > 0 {
        db::set_read(&state.db, id, member.id, last_id).await?;
        page.set_badge("chat", db::unread_total(&state.db, member.id).await?);
    }
    let items = items(&page, member, messages, last_read);
    let has_unread = items.iter().any(|i| i.first_unread);
    let members = db::members_of(&state.db, id).await?;
    let title = if access.kind == ChannelKind::Direct {
        members
            .iter()
            .filter(|m| m.0 != member.id)
            .map(|m| m.1.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        access.channel.title.clone()
    };
    let max_upload = page
        .i18n
        .number((state.config.chat_max_upload_bytes / 1024) as i64);
    let retention = match member.role.is_admin() {
        true => Some(super::retention::retention_of(state, id).await?),
        false => None,
    };
    render(
        status,
        &ChannelPage {
            id,
            title,
            topic: access.channel.topic.clone(),
            kind: access.kind,
            joined: access.membership.is_some(),
            muted: access
                .membership
                .as_ref()
                .is_some_and(|m| m.muted_at.is_some()),
            may_post: access.require_post().is_ok(),
            silenced: access
                .membership
                .as_ref()
                .is_some_and(|m| m.silenced_at.is_some()),
            moderator: access.moderator,
            members,
            items,
            older,
            newer: before.is_some(),
            last_id,
            has_unread,
            client_id: crate::web::identity::random_token(),
            viewer_id: member.id,
            max_upload,
            error,
            retention,
            page,
        },
    )
}

/// The post form (multipart: body, client id, an optional file).
pub async fn post(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    token: CsrfToken,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let result = async {
        let form = read_post_form(&token, multipart).await?;
        let document_id = super::model::parse_document_ref(&form.document)?;
        super::post_message(
            &state,
            &member,
            id,
            &form.body,
            form.client_id.as_deref(),
            form.upload,
            document_id,
        )
        .await
    }
    .await;
    match result {
        Ok((message, _)) => {
            Ok(Redirect::to(&format!("/chat/{id}#m{}", message.id)).into_response())
        }
        Err(err) if err.code() == "csrf_failed" => Err(err),
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            channel_page(&state, page, &member, id, None, Some(error), status).await
        }
    }
}

struct PostForm {
    body: String,
    client_id: Option<String>,
    upload: Option<Upload>,
    /// A library document: its number or a link to its page.
    document: String,
}

async fn read_post_form(token: &CsrfToken, mut multipart: Multipart) -> Result<PostForm, AppError> {
    let bad = |_| AppError::bad_request("bad_request");
    let mut csrf_ok = false;
    let mut form = PostForm {
        body: String::new(),
        client_id: None,
        upload: None,
        document: String::new(),
    };
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        match field.name() {
            Some("csrf") => csrf_ok = csrf::matches(token, &field.text().await.map_err(bad)?),
            Some("body") => form.body = field.text().await.map_err(bad)?,
            Some("client_id") => form.client_id = Some(field.text().await.map_err(bad)?),
            Some("document") => form.document = field.text().await.map_err(bad)?,
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_string();
                let bytes = field.bytes().await.map_err(|_| {
                    AppError::new(StatusCode::PAYLOAD_TOO_LARGE, "chat_file_too_large")
                })?;
                if !bytes.is_empty() {
                    form.upload = Some(Upload {
                        name,
                        bytes: bytes.to_vec(),
                    });
                }
            }
            _ => {}
        }
    }
    if !csrf_ok {
        return Err(AppError::forbidden_code("csrf_failed"));
    }
    Ok(form)
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn join(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    super::add_member(&state, &member, id, None).await?;
    Ok(Redirect::to(&format!("/chat/{id}")).into_response())
}

pub async fn leave(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    super::remove_member(&state, &member, id, member.id).await?;
    Ok(Redirect::to("/chat").into_response())
}

#[derive(Deserialize)]
pub struct InviteForm {
    name: String,
}

pub async fn invite(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<InviteForm>,
) -> Result<Response, AppError> {
    let result = async {
        let target: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM members WHERE name = $1 AND status = 'active' ORDER BY id LIMIT 1",
        )
        .bind(form.name.trim())
        .fetch_optional(&state.db.pool)
        .await?;
        let target = target.ok_or_else(|| AppError::invalid("name", "chat_member_unknown"))?;
        super::add_member(&state, &member, id, Some(target)).await
    }
    .await;
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/chat/{id}")).into_response()),
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            channel_page(&state, page, &member, id, None, Some(error), status).await
        }
    }
}

#[derive(Deserialize)]
pub struct MuteForm {
    #[serde(default)]
    muted: String,
}

pub async fn toggle_mute(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<MuteForm>,
) -> Result<Response, AppError> {
    super::set_muted(&state, &member, id, form.muted == "1").await?;
    Ok(Redirect::to(&format!("/chat/{id}")).into_response())
}

#[derive(Deserialize)]
pub struct RetentionForm {
    #[serde(default)]
    days: String,
}

/// `POST /chat/{id}/retention` (admins): days to keep messages, empty for ever.
pub async fn set_retention(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<RetentionForm>,
) -> Result<Response, AppError> {
    let days = match form.days.trim() {
        "" => None,
        text => Some(
            text.parse::<i64>()
                .map_err(|_| AppError::invalid("days", "chat_retention_invalid"))?,
        ),
    };
    super::retention::set_retention(&state, &member, id, super::retention::Retention { days })
        .await?;
    Ok(Redirect::to(&format!("/chat/{id}?notice=chat-retention-saved")).into_response())
}

#[derive(Deserialize)]
pub struct SilenceForm {
    #[serde(default)]
    silenced: String,
}

pub async fn silence(
    State(state): State<AppState>,
    member: CurrentMember,
    Path((id, member_id)): Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<SilenceForm>,
) -> Result<Response, AppError> {
    super::silence_member(&state, &member, id, member_id, form.silenced == "1").await?;
    Ok(Redirect::to(&format!("/chat/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "chat/edit.html")]
struct EditPage {
    page: Page,
    message: MessageOut,
    error: Option<FormError>,
}

pub async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (row, _) = super::access::readable_message(&state, &member, id).await?;
    if row.author_id != member.id {
        return Err(AppError::forbidden());
    }
    let message = super::message_out(&state.db, row).await?;
    render(
        StatusCode::OK,
        &EditPage {
            page,
            message,
            error: None,
        },
    )
}

#[derive(Deserialize)]
pub struct EditForm {
    body: String,
}

pub async fn edit(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<EditForm>,
) -> Result<Response, AppError> {
    match super::edit_message(&state, &member, id, &form.body).await {
        Ok(message) => Ok(
            Redirect::to(&format!("/chat/{}#m{}", message.channel_id, message.id)).into_response(),
        ),
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            let (row, _) = super::access::readable_message(&state, &member, id).await?;
            let mut message = super::message_out(&state.db, row).await?;
            message.body = form.body;
            render(
                status,
                &EditPage {
                    page,
                    message,
                    error: Some(error),
                },
            )
        }
    }
}

pub async fn delete(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    let channel = super::remove_message(&state, &member, id, false).await?;
    Ok(Redirect::to(&format!("/chat/{channel}")).into_response())
}

pub async fn hide(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    let channel = super::remove_message(&state, &member, id, true).await?;
    Ok(Redirect::to(&format!("/chat/{channel}")).into_response())
}

#[derive(Deserialize)]
pub struct ReportForm {
    #[serde(default)]
    reason: String,
}

pub async fn report(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ReportForm>,
) -> Result<Response, AppError> {
    let (row, _) = super::access::readable_message(&state, &member, id).await?;
    match super::report_message(&state, &member, id, &form.reason).await {
        Ok(()) => {}
        Err(err) if err.code() == "chat_already_reported" => {}
        Err(err) => return Err(err),
    }
    Ok(Redirect::to(&format!("/chat/{}?notice=chat-reported", row.channel_id)).into_response())
}

#[derive(Template)]
#[template(path = "chat/reports.html")]
struct ReportsPage {
    page: Page,
    entries: Vec<(Item, super::ReportedMessage)>,
}

/// The moderation queue (see [`super::open_reports`]).
pub async fn reports(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
) -> Result<Response, AppError> {
    let queue = super::open_reports(&state, &member).await?;
    let messages = queue.iter().map(|r| r.message.clone()).collect();
    let entries = items(&page, &member, messages, None)
        .into_iter()
        .zip(queue)
        .collect();
    render(StatusCode::OK, &ReportsPage { page, entries })
}

pub async fn dismiss_reports(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(message_id): Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    super::dismiss_reports(&state, &member, message_id).await?;
    Ok(Redirect::to("/chat/reports?notice=chat-reports-dismissed").into_response())
}

pub async fn hide_reported(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(message_id): Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    super::remove_message(&state, &member, message_id, true).await?;
    Ok(Redirect::to("/chat/reports?notice=chat-reported-hidden").into_response())
}

#[derive(Template)]
#[template(path = "chat/search.html")]
struct SearchPage {
    page: Page,
    query: String,
    items: Vec<Item>,
}

#[derive(Deserialize)]
pub struct SearchForm {
    #[serde(default)]
    q: String,
}

pub async fn search(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Query(form): Query<SearchForm>,
) -> Result<Response, AppError> {
    let found = super::search(&state, &member, &form.q).await?;
    let items = items(&page, &member, found, None);
    render(
        StatusCode::OK,
        &SearchPage {
            page,
            query: form.q,
            items,
        },
    )
}

/// An attachment, for members who may read its message (see [`super::attachment`]).
/// Served as a download (images inline) under a policy that runs nothing.
pub async fn attachment(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(key): Path<String>,
) -> Result<Response, AppError> {
    let (found, bytes) = super::attachment(&state, &member, &key).await?;
    let (name, content_type) = (found.name, found.content_type);
    let disposition = if content_type.starts_with("image/") {
        "inline"
    } else {
        "attachment"
    };
    let encoded: String = url::form_urlencoded::byte_serialize(name.as_bytes()).collect();
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                format!("{disposition}; filename*=UTF-8''{encoded}"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; sandbox".to_string(),
            ),
            (header::CACHE_CONTROL, "private, max-age=3600".to_string()),
        ],
        bytes,
    )
        .into_response())
}
