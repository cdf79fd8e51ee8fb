//! Assembly: configuration → state → router → a listening server.
//!
//! This is the only module that knows every capability: each one exposes `routes()` from its
//! `mod.rs`, and [`router`] merges them under the shared layers (security headers, CSRF cookie,
//! error rendering). [`App::build`] binds the listener first, so a test can ask for port 0 and
//! read the real address before serving.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::middleware;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::state::{AppState, Services};
use crate::{
    accounts, admin, chat, discussions, events, home, library, live, meetings, members,
    notifications, openapi, web,
};

/// The state with every capability's services and signal subscribers in place.
pub async fn state(config: Config) -> anyhow::Result<AppState> {
    let state = AppState::open(config).await?;
    let config = &state.config;
    members::ensure_taxonomy(&state.db).await?;
    let heartbeat = Duration::from_secs(config.chat_heartbeat_secs.max(1));
    let mut services = Services::default();
    services.insert(Arc::new(accounts::AccountLimits::new(
        config.login_burst,
        config.registrations_per_hour,
    )));
    services.insert(Arc::new(members::cache::DirectoryCache::default()));
    services.insert(Arc::new(events::cache::new()));
    services.insert(Arc::new(events::cache::SessionEvents::default()));
    services.insert(library::Library::open(&config.data, &state.db).await?);
    services.insert(discussions::Forum::open(&config.data, &state.db).await?);
    services.insert(chat::start_hub(&state.db, &config.database_url(), heartbeat).await?);
    services.insert(Arc::new(
        web::metrics::Metrics::default()
            .with_gauge(
                "circula_chat_sockets",
                "Open chat sockets on this instance",
                |state| gauge(state.service::<chat::Hub>().connections()),
            )
            .with_gauge(
                "circula_chat_dispatch_backlog",
                "Chat events waiting for this instance's dispatcher",
                |state| gauge(state.service::<chat::Hub>().backlog()),
            ),
    ));
    services.insert(Arc::new(chat::mentions::MentionLimits::default()));
    services.insert(Arc::new(web::images::ImageDecodes::default()));
    services.insert(Arc::new(web::render_cache::RenderCache::new(
        web::render_cache::DEFAULT_LIMIT,
    )));
    services.insert(Arc::new(
        events::AppointmentSources::default().with(meetings::appointments),
    ));
    services.insert(Arc::new(
        events::EventLinks::default()
            .with(meetings::event_link)
            .with(discussions::event_link)
            .with(live::event_link),
    ));
    services.insert(Arc::new(
        events::SessionLinks::default().with(live::session_link),
    ));
    services.insert(Arc::new(
        web::related::RelatedSources::default().with(discussions::related),
    ));
    services.insert(Arc::new(
        web::layout::Badges::default()
            .with("chat", chat::badge)
            .with("notifications", notifications::badge)
            .with("discussions_queue", discussions::queue_badge),
    ));
    let state = state.with_services(services);
    members::subscribe(&state.signals);
    chat::subscribe(&state.signals);
    discussions::subscribe(&state.signals);
    live::serve_topics(&state);
    Ok(state)
}

fn gauge(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
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
        .merge(meetings::routes())
        .merge(discussions::routes())
        .merge(live::routes())
        .merge(chat::routes())
        .merge(web::routes())
        .merge(openapi::routes())
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
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            web::metrics::track,
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
        let mut state = state(config).await?;
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
        let discussions_feed = tokio::spawn(discussions::follow_changes(self.state.clone()));
        let meeting_reminders = tokio::spawn(meetings::reminders(self.state.clone()));
        let surveys = tokio::spawn(live::surveys(self.state.clone()));
        let retention = tokio::spawn(chat::expire(self.state.clone()));
        let digests = tokio::spawn(notifications::digests(self.state.clone()));
        let versions = tokio::spawn(crate::store::versions::follow(
            self.state.versions.clone(),
            self.state.db.clone(),
            self.state.config.database_url(),
        ));
        // Chat sockets outlive their HTTP request: on shutdown they flush and close first.
        let hub = self.state.service::<chat::Hub>().clone();
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
        discussions_feed.abort();
        meeting_reminders.abort();
        surveys.abort();
        retention.abort();
        digests.abort();
        versions.abort();
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
