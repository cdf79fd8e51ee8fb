//! Accounts: register, confirm the email, log in and out, reset a password, roles and blocking,
//! API tokens.
//!
//! Other capabilities use [`CurrentMember`] / [`OptionalMember`] to know who is asking, and the
//! functions below; they never touch the `members` credentials or `sessions` tables directly.

mod api;
pub mod db;
pub mod limits;
pub mod model;
mod pages;

use std::net::IpAddr;

use axum::Router;
use axum::routing::{get, post};

pub use db::{AccountSummary, admin_ids, count_by_status, find_by_email, list_accounts};
pub use limits::AccountLimits;
pub use model::{DisplayName, Email, RegistrationMode};

use self::limits::MailKind;
use self::model::{Password, hash_password, verify_password};
use crate::mail::Mail;
use crate::notifications;
use crate::signals::Signal;
use crate::state::AppState;
use crate::store::now_ms;
use crate::web::error::AppError;
use crate::web::i18n::{I18n, Locale};
use crate::web::identity::{AuthVia, CurrentMember, Role, Status, random_token, token_hash};

pub(crate) use api::ApiDoc;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
const CONFIRM_HOURS: i64 = 72;
const RESET_MINUTES: i64 = 60;

/// How long a browser session lasts without use.
pub const SESSION_DAYS: i64 = 30;
/// How long an API token lasts.
pub const API_TOKEN_DAYS: i64 = 365;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/register", get(pages::register_form).post(pages::register))
        .route("/login", get(pages::login_form).post(pages::login))
        .route("/logout", post(pages::logout))
        .route(
            "/password/forgot",
            get(pages::forgot_form).post(pages::forgot),
        )
        .route(
            "/password/reset/{token}",
            get(pages::reset_form).post(pages::reset),
        )
        .route("/confirm/{token}", get(pages::confirm))
        .route(
            "/settings/account",
            get(pages::settings).post(pages::change_password),
        )
        .route("/settings/tokens", post(pages::create_token))
        .route("/settings/tokens/{id}/revoke", post(pages::revoke_token))
        .route("/api/v1/auth/register", post(api::register))
        .route(
            "/api/v1/auth/token",
            post(api::create_token).delete(api::revoke_token),
        )
}

/// An account just created.
#[derive(Clone, Debug)]
pub struct Registered {
    pub id: i64,
    pub role: Role,
    pub status: Status,
}

/// What a registration may tell the client. It must not say whether the address already had
/// an account, so apart from the very first account (on an empty platform, where there is
/// nothing to find out) every registration ends the same way: a mail went to the address.
#[derive(Clone, Debug)]
pub enum Registration {
    /// The first account: an administrator, active at once.
    FirstAdmin(Registered),
    /// A new account's confirmation link, or for a known address a notice that someone tried
    /// to register with it, was mailed. Signing in waits for the confirmation.
    MailSent,
}

/// Registers a new member and mails them a confirmation link. The first account becomes an
/// admin; in approval mode the others wait as `pending` and the admins are notified. For an
/// address that has an account, the owner is told by mail instead, and the answer is the same.
pub async fn register(
    state: &AppState,
    email: &str,
    password: &str,
    name: &str,
    locale: Locale,
    address: IpAddr,
) -> Result<Registration, AppError> {
    state.service::<AccountLimits>().register(address)?;
    let email = Email::parse(email)?;
    let name = DisplayName::parse(name)?;
    let password = Password::parse(password, &[email.as_str(), name.as_str()])?;
    let mode = registration_mode(state).await?;
    // Hashed whether or not the address is known, so that both take the same time.
    let Some(registered) =
        create_account(state, &email, &name, &password, locale, None, mode).await?
    else {
        send_registration_notice(state, &email).await?;
        return Ok(Registration::MailSent);
    };
    if registered.status == Status::Pending {
        for admin in db::admin_ids(&state.db).await? {
            notifications::notify(
                state,
                admin,
                notifications::Kind::RegistrationPending,
                Some(registered.id),
                "/admin/members?status=pending",
            )
            .await?;
        }
    }
    send_confirmation(state, registered.id, email.as_str(), name.as_str(), locale).await?;
    if registered.role.is_admin() {
        Ok(Registration::FirstAdmin(registered))
    } else {
        Ok(Registration::MailSent)
    }
}

/// Tells the owner of a known address that someone tried to register with it.
async fn send_registration_notice(state: &AppState, email: &Email) -> Result<(), AppError> {
    let Some(account) = db::find_by_email(&state.db, email.as_str()).await? else {
        return Ok(());
    };
    if !state
        .service::<AccountLimits>()
        .may_mail(MailKind::AccountNotice, email.as_str())
    {
        return Ok(());
    }
    let i18n = I18n::new(Locale::parse(&account.locale).unwrap_or(Locale::En));
    let base = state.base_url();
    state.mailer.send(Mail {
        to: account.email.clone(),
        subject: i18n.t("mail-registered-again-subject"),
        body: i18n.t_args(
            "mail-registered-again-body",
            &[
                ("name", &account.name),
                ("login", &format!("{base}/login")),
                ("reset", &format!("{base}/password/forgot")),
            ],
        ),
    });
    Ok(())
}

/// Adds an account from the command line, active at once, with the given role.
pub async fn add_user(
    state: &AppState,
    email: &str,
    password: &str,
    name: &str,
    role: Role,
) -> Result<Registered, AppError> {
    let email = Email::parse(email)?;
    let name = DisplayName::parse(name)?;
    let password = Password::parse(password, &[email.as_str(), name.as_str()])?;
    let registered = create_account(
        state,
        &email,
        &name,
        &password,
        Locale::En,
        Some(role),
        RegistrationMode::Open,
    )
    .await?
    .ok_or(AppError::Client {
        status: axum::http::StatusCode::CONFLICT,
        code: "email_taken",
        field: Some("email"),
        retry_after: None,
    })?;
    db::set_role(&state.db, registered.id, role).await?;
    db::confirm_email(&state.db, registered.id).await?;
    Ok(Registered { role, ..registered })
}

/// Creates the account, or `None` when the address has one already.
async fn create_account(
    state: &AppState,
    email: &Email,
    name: &DisplayName,
    password: &Password,
    locale: Locale,
    role: Option<Role>,
    mode: RegistrationMode,
) -> Result<Option<Registered>, AppError> {
    let hash = hash_blocking(password.as_str().to_string()).await?;
    let new = db::NewAccount {
        email: email.as_str(),
        password_hash: &hash,
        name: name.as_str(),
        locale: locale.code(),
        role,
        approval_needed: mode == RegistrationMode::Approval,
    };
    match db::insert_account(&state.db, &new).await {
        Ok((id, role, status)) => {
            state.publish(Signal::AccountCreated { member: id }).await;
            Ok(Some(Registered { id, role, status }))
        }
        Err(err) if crate::store::is_unique_violation(&err) => Ok(None),
        Err(err) => Err(err.into()),
    }
}

async fn hash_blocking(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(anyhow::Error::from)?
        .map_err(AppError::Internal)
}

async fn send_confirmation(
    state: &AppState,
    member_id: i64,
    email: &str,
    name: &str,
    locale: Locale,
) -> Result<(), AppError> {
    let token = random_token();
    let expires = now_ms() + CONFIRM_HOURS * 60 * 60 * 1000;
    db::insert_one_time_token(
        &state.db,
        member_id,
        &token_hash(&token),
        "confirm",
        expires,
    )
    .await?;
    let i18n = I18n::new(locale);
    let link = format!("{}/confirm/{token}", state.base_url());
    state.mailer.send(Mail {
        to: email.to_string(),
        subject: i18n.t("mail-confirm-subject"),
        body: i18n.t_args("mail-confirm-body", &[("name", name), ("link", &link)]),
    });
    Ok(())
}

/// Confirms an email address from the link's token.
pub async fn confirm_email(state: &AppState, token: &str) -> Result<(), AppError> {
    let member = db::use_one_time_token(&state.db, &token_hash(token), "confirm")
        .await?
        .ok_or_else(|| AppError::bad_request("link_invalid"))?;
    db::confirm_email(&state.db, member).await?;
    Ok(())
}

/// Checks credentials, within the login rate limits. An unknown email and a wrong password
/// get the same answer and take the same time. The right password of an account whose address
/// is not confirmed yet gets `email_unconfirmed`, and a new link by mail.
pub async fn authenticate(
    state: &AppState,
    email: &str,
    password: &str,
    address: IpAddr,
) -> Result<db::AccountRow, AppError> {
    let key = email.trim().to_lowercase();
    state
        .service::<AccountLimits>()
        .login(&state.db, &key, address, crate::store::now_ms())
        .await?;
    let account = db::find_by_email(&state.db, &key).await?;
    let hash = account.as_ref().map_or_else(
        || model::dummy_hash().to_string(),
        |a| a.password_hash.clone(),
    );
    let password = password.to_string();
    let valid = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(anyhow::Error::from)?;
    let account = match account {
        Some(account) if valid => account,
        _ => {
            return Err(AppError::new(
                axum::http::StatusCode::UNAUTHORIZED,
                "invalid_credentials",
            ));
        }
    };
    // The first account (an administrator, signed in at registration) need not confirm.
    let unconfirmed = account.email_confirmed_at.is_none() && !account.role().is_admin();
    match account.status() {
        Status::Blocked => Err(AppError::forbidden_code("account_blocked")),
        _ if unconfirmed => {
            if state
                .service::<AccountLimits>()
                .may_mail(MailKind::AccountNotice, &account.email)
            {
                let locale = Locale::parse(&account.locale).unwrap_or(Locale::En);
                send_confirmation(state, account.id, &account.email, &account.name, locale).await?;
            }
            Err(AppError::forbidden_code("email_unconfirmed"))
        }
        Status::Pending => Err(AppError::forbidden_code("account_pending")),
        Status::Active => Ok(account),
    }
}

/// Starts a browser session or issues an API token; returns the secret to hand out.
pub async fn start_session(
    state: &AppState,
    member_id: i64,
    via: AuthVia,
    label: &str,
) -> Result<String, AppError> {
    let token = random_token();
    let (kind, days) = match via {
        AuthVia::Cookie => ("session", SESSION_DAYS),
        AuthVia::Bearer => ("api", API_TOKEN_DAYS),
    };
    let label: String = label
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect();
    db::insert_session(
        &state.db,
        member_id,
        &token_hash(&token),
        kind,
        &label,
        now_ms() + days * DAY_MS,
    )
    .await?;
    Ok(token)
}

pub async fn end_session(state: &AppState, member: &CurrentMember) -> Result<(), AppError> {
    db::delete_session(&state.db, member.session_id).await?;
    state
        .publish(Signal::MemberChanged { member: member.id })
        .await;
    Ok(())
}

/// Revokes one of the member's API tokens; false when they have no such token.
pub async fn revoke_token(
    state: &AppState,
    member: &CurrentMember,
    token_id: i64,
) -> Result<bool, AppError> {
    let revoked = db::delete_api_token(&state.db, member.id, token_id).await?;
    if revoked {
        state
            .publish(Signal::MemberChanged { member: member.id })
            .await;
    }
    Ok(revoked)
}

/// Mails a reset link if the account exists; answers the same either way. Limited per client
/// address (an error) and per target address (silently: no more mail, the same answer).
pub async fn request_password_reset(
    state: &AppState,
    email: &str,
    address: IpAddr,
) -> Result<(), AppError> {
    state.service::<AccountLimits>().reset_request(address)?;
    let Ok(email) = Email::parse(email) else {
        return Ok(());
    };
    let Some(account) = db::find_by_email(&state.db, email.as_str()).await? else {
        return Ok(());
    };
    if account.status() == Status::Blocked
        || !state
            .service::<AccountLimits>()
            .may_mail(MailKind::PasswordReset, email.as_str())
    {
        return Ok(());
    }
    let token = random_token();
    let expires = now_ms() + RESET_MINUTES * 60 * 1000;
    db::insert_one_time_token(&state.db, account.id, &token_hash(&token), "reset", expires).await?;
    let i18n = I18n::new(Locale::parse(&account.locale).unwrap_or(Locale::En));
    let link = format!("{}/password/reset/{token}", state.base_url());
    state.mailer.send(Mail {
        to: account.email.clone(),
        subject: i18n.t("mail-reset-subject"),
        body: i18n.t_args(
            "mail-reset-body",
            &[("name", &account.name), ("link", &link)],
        ),
    });
    Ok(())
}

pub async fn reset_link_valid(state: &AppState, token: &str) -> Result<bool, AppError> {
    let member = db::one_time_token_member(&state.db, &token_hash(token), "reset").await?;
    Ok(member.is_some())
}

/// Sets a new password from a reset link and ends every session of the account.
pub async fn reset_password(state: &AppState, token: &str, password: &str) -> Result<(), AppError> {
    let hash = token_hash(token);
    let account = match db::one_time_token_member(&state.db, &hash, "reset").await? {
        Some(member) => db::find_by_id(&state.db, member).await?,
        None => None,
    }
    .ok_or_else(|| AppError::bad_request("link_invalid"))?;
    // The same rules as at registration: the own email or name is no password.
    let password = Password::parse(password, &[&account.email, &account.name])?;
    let new_hash = hash_blocking(password.as_str().to_string()).await?;
    let member = db::use_one_time_token(&state.db, &hash, "reset")
        .await?
        .ok_or_else(|| AppError::bad_request("link_invalid"))?;
    db::set_password_hash(&state.db, member, &new_hash).await?;
    db::delete_sessions_except(&state.db, member, 0).await?;
    state.publish(Signal::MemberChanged { member }).await;
    // Following the link proves the address too.
    db::confirm_email(&state.db, member).await?;
    Ok(())
}

/// Changes the password after checking the current one; ends all other sessions and tokens.
pub async fn change_password(
    state: &AppState,
    member: &CurrentMember,
    current: &str,
    new: &str,
) -> Result<(), AppError> {
    let account = db::find_by_id(&state.db, member.id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let (current, stored) = (current.to_string(), account.password_hash.clone());
    let valid = tokio::task::spawn_blocking(move || verify_password(&current, &stored))
        .await
        .map_err(anyhow::Error::from)?;
    if !valid {
        return Err(AppError::invalid("current_password", "password_wrong"));
    }
    let password = Password::parse(new, &[&account.email, &account.name])?;
    let hash = hash_blocking(password.as_str().to_string()).await?;
    db::set_password_hash(&state.db, member.id, &hash).await?;
    db::delete_sessions_except(&state.db, member.id, member.session_id).await?;
    state
        .publish(Signal::MemberChanged { member: member.id })
        .await;
    Ok(())
}

/// Changes a member's role (admins only) and tells them. The last active admin cannot step down; a blocked
/// admin can always be demoted, as they do not count.
pub async fn set_role(
    state: &AppState,
    actor: &CurrentMember,
    member_id: i64,
    role: Role,
) -> Result<(), AppError> {
    actor.require_admin()?;
    let target = db::find_by_id(&state.db, member_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let demotes_active_admin =
        target.role().is_admin() && target.status() == Status::Active && !role.is_admin();
    if demotes_active_admin && db::count_admins(&state.db).await? <= 1 {
        return Err(AppError::conflict("last_admin"));
    }
    if target.role() != role {
        db::set_role(&state.db, member_id, role).await?;
        let subject = format!("member:{member_id}");
        crate::store::audit::record(&state.db, actor.id, "member_role", &subject, role.as_str())
            .await?;
        state
            .publish(Signal::MemberChanged { member: member_id })
            .await;
        let link = format!("/members/{member_id}");
        notifications::notify(
            state,
            member_id,
            notifications::Kind::RoleChanged,
            Some(actor.id),
            &link,
        )
        .await?;
    }
    Ok(())
}

/// Blocks, unblocks or approves an account (admins only). Blocking ends its sessions and
/// tokens at once.
pub async fn set_status(
    state: &AppState,
    actor: &CurrentMember,
    member_id: i64,
    status: Status,
) -> Result<(), AppError> {
    actor.require_admin()?;
    if member_id == actor.id && status != Status::Active {
        return Err(AppError::conflict("cannot_block_self"));
    }
    if !db::set_status(&state.db, member_id, status).await? {
        return Err(AppError::not_found());
    }
    if status == Status::Blocked {
        db::delete_sessions_except(&state.db, member_id, 0).await?;
    }
    let subject = format!("member:{member_id}");
    crate::store::audit::record(
        &state.db,
        actor.id,
        "member_status",
        &subject,
        status.as_str(),
    )
    .await?;
    state
        .publish(Signal::MemberChanged { member: member_id })
        .await;
    Ok(())
}

pub async fn registration_mode(state: &AppState) -> Result<RegistrationMode, AppError> {
    Ok(db::setting(&state.db, "registration_mode")
        .await?
        .and_then(|v| RegistrationMode::parse(&v))
        .unwrap_or(RegistrationMode::Open))
}

pub async fn set_registration_mode(
    state: &AppState,
    actor: &CurrentMember,
    mode: RegistrationMode,
) -> Result<(), AppError> {
    actor.require_admin()?;
    db::set_setting(&state.db, "registration_mode", mode.as_str()).await?;
    crate::store::audit::record(
        &state.db,
        actor.id,
        "registration_mode",
        "setting:registration_mode",
        mode.as_str(),
    )
    .await?;
    Ok(())
}

/// Runs for the life of the server: once an hour, forgets expired sessions, tokens and links.
pub async fn housekeeping(state: AppState) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(60 * 60));
    loop {
        every_hour.tick().await;
        match db::delete_expired(&state.db).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(deleted = n, "expired sessions and links removed"),
            Err(err) => tracing::warn!(error = %err, "removing expired sessions failed"),
        }
        if let Err(err) = crate::store::rate::sweep(&state.db, crate::store::now_ms()).await {
            tracing::warn!(error = %err, "forgetting refilled rate limits failed");
        }
    }
}
