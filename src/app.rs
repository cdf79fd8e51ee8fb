//! Assembly: configuration → state → router → a listening server.
//!
//! This is the only module that knows every capability: each one exposes `routes()` from its
//! `mod.rs`, and [`router`] merges them under the shared layers (security headers, CSRF cookie,
//! error rendering). [`App::build`] binds the listener first, so a test can ask for port 0 and
//! read the real address before serving.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use axum::Router;
use axum::middleware;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::mail::Mailer;
use crate::store::Db;
use crate::store::blobs::Blobs;
use crate::{accounts, admin, chat, events, home, library, members, notifications, web};

/// Everything a handler may need, passed explicitly; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub mailer: Mailer,
    pub blobs: Blobs,
    pub account_limits: Arc<accounts::AccountLimits>,
    pub directory_cache: Arc<members::cache::DirectoryCache>,
    pub schedule_cache: Arc<events::cache::ScheduleCache>,
    pub started: Instant,
    pub library: Arc<library::Library>,
    pub chat: Arc<chat::Hub>,
    pub chat_mentions: Arc<chat::mentions::MentionLimits>,
    /// Permits for decoding uploaded images (see `web::images`).
    pub image_decodes: crate::web::images::ImageDecodes,
}

impl AppState {
    pub async fn new(config: Config) -> anyhow::Result<AppState> {
        std::fs::create_dir_all(&config.data)
            .with_context(|| format!("cannot create data folder {}", config.data.display()))?;
        let db = Db::connect(&config.database_url()).await?;
        let mailer = Mailer::from_config(config.smtp_url.as_deref(), &config.mail_from)?;
        let blobs = Blobs::open(config.data.join("blobs"))?;
        let account_limits = Arc::new(accounts::AccountLimits::new(
            config.login_burst,
            config.registrations_per_hour,
        ));
        members::ensure_taxonomy(&db).await?;
        let library = library::Library::open(&config.data, &db).await?;
        let heartbeat = std::time::Duration::from_secs(config.chat_heartbeat_secs.max(1));
        let chat = chat::start_hub(&db, &config.database_url(), heartbeat).await?;
        Ok(AppState {
            db,
            config: Arc::new(config),
            mailer,
            blobs,
            account_limits,
            directory_cache: Arc::default(),
            schedule_cache: Arc::new(events::cache::new()),
            started: Instant::now(),
            library,
            chat,
            image_decodes: crate::web::images::ImageDecodes::default(),
            chat_mentions: Arc::default(),
        })
    }

    /// The site's public address, for links in mail.
    pub fn base_url(&self) -> &str {
        self.config
            .base_url
            .as_deref()
            .unwrap_or("http://127.0.0.1:8080")
            .trim_end_matches('/')
    }
}

/// The whole site's router.
pub fn router(state: AppState) -> Router {
    let https = state.config.secure_cookies();
    let body_limit = state.config.max_photo_bytes + 64 * 1024;
    let routes = Router::new()
        .merge(home::routes())
        .merge(accounts::routes())
        .merge(members::routes())
        .merge(notifications::routes())
        .merge(admin::routes())
        .merge(events::routes())
        .merge(chat::routes())
        .merge(web::routes())
        .fallback(|| async { web::error::AppError::not_found() })
        // Inside the error layer, so that an oversized body gets the usual error answer.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(body_limit))
        // Library and chat uploads are larger than the site-wide limit: they check their own.
        .merge(library::routes())
        .merge(chat::upload_routes(state.config.chat_max_upload_bytes))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            web::error::render_errors,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            web::csrf::ensure_cookie,
        ));
    web::security::apply(routes, https).with_state(state)
}

/// A bound, ready-to-serve application.
pub struct App {
    listener: TcpListener,
    state: AppState,
    addr: SocketAddr,
}

impl App {
    pub async fn build(config: Config) -> anyhow::Result<App> {
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen))?;
        let addr = listener.local_addr()?;
        let mut state = AppState::new(config).await?;
        if state.config.base_url.is_none() {
            let mut config = (*state.config).clone();
            config.base_url = Some(format!("http://{addr}"));
            state.config = Arc::new(config);
        }
        Ok(App {
            listener,
            state,
            addr,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` resolves.
    pub async fn serve(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let housekeeping = tokio::spawn(accounts::housekeeping(self.state.clone()));
        let library_feed = tokio::spawn(library::follow_changes(self.state.clone()));
        let library_housekeeping = tokio::spawn(library::housekeeping(self.state.clone()));
        // Chat sockets outlive their HTTP request: on shutdown they flush and close first.
        let hub = self.state.chat.clone();
        let shutdown = async move {
            shutdown.await;
            hub.shutdown().await;
        };
        let limits = connection_limits(&self.state.config);
        let router = router(self.state);
        web::server::serve(self.listener, router, limits, shutdown).await;
        housekeeping.abort();
        library_feed.abort();
        library_housekeeping.abort();
        Ok(())
    }
}

/// What one HTTP connection may cost, from the settings.
fn connection_limits(config: &Config) -> web::server::Limits {
    web::server::Limits {
        header_timeout: Duration::from_secs(config.header_timeout_secs),
        idle_timeout: Duration::from_secs(config.idle_timeout_secs),
        per_address: usize::try_from(config.max_connections_per_address).unwrap_or(usize::MAX),
        trust_proxy: config.trust_proxy,
    }
}
