//! Creating and changing an event: its texts in four languages, days and zone, questions,
//! co-organisers, and its chat channel. The input is parsed in `model/event.rs`; the lookups
//! (who may be listed as organiser) and the writes are here.

use super::model::{event_write, merge_texts, parse_locale, parse_questions};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::i18n::Locale;
use crate::web::identity::CurrentMember;

use super::*;

/// Creates an event; the creator becomes its first organiser.
pub async fn create_event(
    state: &AppState,
    member: &CurrentMember,
    input: EventInput,
) -> Result<i64, AppError> {
    access::may_create(member)?;
    for (value, field) in [
        (&input.starts_on, "starts_on"),
        (&input.ends_on, "ends_on"),
        (&input.timezone, "timezone"),
    ] {
        if value.as_deref().is_none_or(|v| v.trim().is_empty()) {
            return Err(AppError::invalid(field, "field_required"));
        }
    }
    let texts = merge_texts(&[], &input, member.locale)?;
    if texts.is_empty() {
        return Err(AppError::invalid("title", "field_required"));
    }
    let default_locale = match &input.default_locale {
        Some(code) => parse_locale(code, "default_locale")?.code().to_string(),
        None => texts[0].0.clone(),
    };
    let write = event_write(&input, None, &default_locale, &texts)?;
    let mut tx = state.db.pool.begin().await?;
    let id = db::insert_event(&mut tx, &write.as_write(), member.id).await?;
    for (locale, title, description, html) in &texts {
        db::put_text(&mut tx, id, locale, title, description, html).await?;
    }
    if let Some(ids) = &input.organiser_ids {
        let mut ids = check_organisers(state, ids, &[]).await?;
        if !ids.contains(&member.id) && !member.role.is_admin() {
            ids.push(member.id);
        }
        db::set_organisers(&mut tx, id, &ids).await?;
    }
    if let Some(questions) = &input.questions {
        db::set_questions(&mut tx, id, &parse_questions(questions, &[])?).await?;
    }
    tx.commit().await?;
    if let Some(schedule) = schedule(state, id).await? {
        let channel = event_channel(state, &schedule).await?;
        for organiser in &schedule.organisers {
            crate::chat::add_context_member(state, channel, organiser.id).await?;
        }
    }
    Ok(id)
}

/// The event's chat channel (made on first use), where its participants and organisers talk.
pub async fn event_channel(state: &AppState, schedule: &Schedule) -> Result<i64, AppError> {
    let title = schedule.title(Locale::parse(&schedule.event.default_locale).unwrap_or(Locale::En));
    crate::chat::ensure_context_channel(state, &chat_context(schedule.event.id), title).await
}

/// Whether the member belongs in the event's chat: registered, or one of its organisers.
pub(super) async fn join_event_channel(
    state: &AppState,
    schedule: &Schedule,
    member_id: i64,
) -> Result<(), AppError> {
    let channel = event_channel(state, schedule).await?;
    crate::chat::add_context_member(state, channel, member_id).await?;
    Ok(())
}

/// Changes an event; only its organisers may.
pub async fn update_event(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
    input: EventInput,
) -> Result<(), AppError> {
    let current = organised(state, member, id).await?;
    let existing: Vec<(String, String, String, String)> = current
        .texts
        .iter()
        .map(|t| {
            (
                t.locale.clone(),
                t.title.clone(),
                t.description.clone(),
                t.description_html.clone(),
            )
        })
        .collect();
    let texts = merge_texts(&existing, &input, member.locale)?;
    if texts.is_empty() {
        return Err(AppError::invalid("title", "field_required"));
    }
    let default_locale = match &input.default_locale {
        Some(code) => parse_locale(code, "default_locale")?.code().to_string(),
        None if texts.iter().any(|t| t.0 == current.event.default_locale) => {
            current.event.default_locale.clone()
        }
        None => texts[0].0.clone(),
    };
    let write = event_write(&input, Some(&current.event), &default_locale, &texts)?;
    // Sessions keep their instants: the new days must still hold them all.
    for s in &current.sessions {
        if s.row.starts_at < write.starts_at || s.row.ends_at > write.ends_at {
            return Err(AppError::invalid("starts_on", "event_excludes_sessions"));
        }
    }
    let listed: Vec<i64> = current.organisers.iter().map(|o| o.id).collect();
    let organisers = match &input.organiser_ids {
        Some(ids) => Some(check_organisers(state, ids, &listed).await?),
        None => None,
    };
    let questions = match &input.questions {
        Some(q) => {
            let known: Vec<i64> = current.questions.iter().map(|q| q.id).collect();
            Some(parse_questions(q, &known)?)
        }
        None => None,
    };
    let mut tx = state.db.pool.begin().await?;
    db::update_event(&mut tx, id, &write.as_write()).await?;
    for (locale, ..) in &existing {
        if !texts.iter().any(|t| &t.0 == locale) {
            db::delete_text(&mut tx, id, locale).await?;
        }
    }
    for (locale, title, description, html) in &texts {
        db::put_text(&mut tx, id, locale, title, description, html).await?;
    }
    if let Some(ids) = &organisers {
        db::set_organisers(&mut tx, id, ids).await?;
    }
    if let Some(questions) = &questions {
        db::set_questions(&mut tx, id, questions).await?;
    }
    tx.commit().await?;
    changed(state, id).await?;
    Ok(())
}

/// The organisers to store: active members, each holding the organiser (or admin) role
/// unless already `listed` (a demoted organiser may stay listed, without rights; see
/// [`access`]).
async fn check_organisers(
    state: &AppState,
    ids: &[i64],
    listed: &[i64],
) -> Result<Vec<i64>, AppError> {
    let mut unique: Vec<i64> = Vec::new();
    for id in ids {
        if !unique.contains(id) {
            unique.push(*id);
        }
    }
    if unique.is_empty() {
        return Err(AppError::invalid("organiser_ids", "organisers_required"));
    }
    if unique.len() > 20 {
        return Err(AppError::invalid("organiser_ids", "too_many_items"));
    }
    let active = db::active_members(&state.db, &unique).await?;
    if active.len() != unique.len() {
        return Err(AppError::invalid("organiser_ids", "member_unknown"));
    }
    let new: Vec<i64> = unique
        .iter()
        .copied()
        .filter(|id| !listed.contains(id))
        .collect();
    if db::organisers_by_role(&state.db, &new).await?.len() != new.len() {
        return Err(AppError::invalid(
            "organiser_ids",
            "organiser_role_required",
        ));
    }
    Ok(unique)
}
