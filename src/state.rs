//! The application state every handler receives: the ground floor (configuration, database,
//! mail, file store), the signal bus, and the capabilities' services.
//!
//! This module imports nothing above the ground floor (see `ARCHITECTURE.md`). A capability
//! that keeps something for the life of the instance (the chat hub, the library's search
//! index, caches, rate budgets) defines its type in its own folder; the assembly (`app.rs`)
//! registers one value of it in [`Services`] while building the state, and the capability
//! reads it back with [`AppState::service`]. So a new capability adds its service without a
//! change here.

use std::any::{Any, TypeId, type_name};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;

use crate::config::Config;
use crate::mail::Mailer;
use crate::signals::{Signal, Signals};
use crate::store::Db;
use crate::store::blobs::Blobs;
use crate::store::versions::Versions;

/// Everything a handler may need, passed explicitly; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub mailer: Mailer,
    pub blobs: Blobs,
    /// The versions of what caches hold, followed across instances (`store/versions.rs`).
    pub versions: Arc<Versions>,
    pub started: Instant,
    pub signals: Arc<Signals<AppState>>,
    services: Arc<Services>,
}

impl AppState {
    /// Opens the ground floor: the data folder, the database (migrated), mail and the file
    /// store. Services are added with [`AppState::with_services`].
    pub async fn open(config: Config) -> anyhow::Result<AppState> {
        std::fs::create_dir_all(&config.data)
            .with_context(|| format!("cannot create data folder {}", config.data.display()))?;
        let db = Db::connect(&config.database_url()).await?;
        let mailer = Mailer::from_config(config.smtp_url.as_deref(), &config.mail_from)?;
        let blobs = Blobs::open(config.data.join("blobs"))?;
        let versions = Arc::new(Versions::default());
        versions.load(&db).await?;
        Ok(AppState {
            db,
            config: Arc::new(config),
            mailer,
            blobs,
            versions,
            started: Instant::now(),
            signals: Arc::default(),
            services: Arc::default(),
        })
    }

    /// The state with these services (the assembly calls this once, before serving).
    pub fn with_services(mut self, services: Services) -> AppState {
        self.services = Arc::new(services);
        self
    }

    /// The service of type `T`, registered by the assembly.
    ///
    /// # Panics
    /// When no service of type `T` was registered: a mistake in `app.rs` that the first
    /// request using it shows, not something input can cause.
    pub fn service<T: Send + Sync + 'static>(&self) -> &Arc<T> {
        self.services
            .get::<T>()
            .unwrap_or_else(|| panic!("no service {} registered in app.rs", type_name::<T>()))
    }

    /// Tells every subscriber that something happened (see `signals.rs`).
    pub async fn publish(&self, signal: Signal) {
        self.signals.publish(self, signal).await;
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

/// One value per type, set while the state is built and read-only afterwards.
#[derive(Default)]
pub struct Services {
    by_type: HashMap<TypeId, Box<dyn Any + Send + Sync>>,
}

impl Services {
    /// Registers `service`; a second service of the same type replaces the first.
    pub fn insert<T: Send + Sync + 'static>(&mut self, service: Arc<T>) {
        self.by_type.insert(TypeId::of::<T>(), Box::new(service));
    }

    fn get<T: Send + Sync + 'static>(&self) -> Option<&Arc<T>> {
        self.by_type
            .get(&TypeId::of::<T>())?
            .downcast_ref::<Arc<T>>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_are_found_by_type() {
        let mut services = Services::default();
        services.insert(Arc::new("hub".to_string()));
        services.insert(Arc::new(7_u32));
        assert_eq!(services.get::<String>().map(|s| s.as_str()), Some("hub"));
        assert_eq!(services.get::<u32>().map(|n| **n), Some(7));
        assert!(services.get::<i64>().is_none());
    }
}
