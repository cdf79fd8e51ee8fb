//! Settings, from command-line flags and `CIRCULA_*` environment variables, with defaults.
//!
//! [`Config`] is built once in `main.rs` (or by a test) and handed to [`crate::app::App::build`];
//! nothing reads the environment anywhere else.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;

#[derive(Args, Clone, Debug)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "CIRCULA_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Folder for the SQLite database, uploaded files and derived data.
    #[arg(long, env = "CIRCULA_DATA", default_value = "./data")]
    pub data: PathBuf,

    /// Database URL: sqlite://PATH or postgres://USER@HOST/DB. Default: SQLite in the data folder.
    #[arg(long, env = "CIRCULA_DATABASE_URL")]
    pub database_url: Option<String>,

    /// Public address of the site, used in links sent by email. Default: http://LISTEN.
    #[arg(long, env = "CIRCULA_BASE_URL")]
    pub base_url: Option<String>,

    /// SMTP server for outgoing mail, e.g. smtp://user:pass@host:587 or smtps://host.
    /// Without it, mail is off and links that would be mailed are written to the log.
    #[arg(long, env = "CIRCULA_SMTP_URL")]
    pub smtp_url: Option<String>,

    /// Sender address of outgoing mail.
    #[arg(
        long,
        env = "CIRCULA_MAIL_FROM",
        default_value = "Circula <noreply@circula.invalid>"
    )]
    pub mail_from: String,

    /// Largest accepted profile photo, in bytes.
    #[arg(long, env = "CIRCULA_MAX_PHOTO_BYTES", default_value_t = 5 * 1024 * 1024)]
    pub max_photo_bytes: usize,

    /// Login attempts allowed per account and per address in a burst, refilled one a minute.
    #[arg(long, env = "CIRCULA_LOGIN_BURST", default_value_t = 10)]
    pub login_burst: u32,

    /// Behind a reverse proxy on this machine: take the client's address from the last entry of
    /// `X-Forwarded-For` when the connection comes from a loopback address.
    #[arg(long, env = "CIRCULA_TRUST_PROXY")]
    pub trust_proxy: bool,

    /// Seconds a connection may take to send a request's headers; also how long a kept-alive
    /// connection may wait for its next request.
    #[arg(long, env = "CIRCULA_HEADER_TIMEOUT_SECS", default_value_t = 20,
        value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout_secs: u64,

    /// Seconds a request body may send nothing, or an answer wait for the client to take it,
    /// before the connection is closed.
    #[arg(long, env = "CIRCULA_IDLE_TIMEOUT_SECS", default_value_t = 60,
        value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub idle_timeout_secs: u64,

    /// Open connections allowed from one client address (not counted for loopback behind a
    /// trusted proxy).
    #[arg(long, env = "CIRCULA_MAX_CONNECTIONS_PER_ADDRESS", default_value_t = 256,
        value_parser = clap::value_parser!(u64).range(1..))]
    pub max_connections_per_address: u64,

    /// Accounts that may be registered from one client address in an hour.
    #[arg(long, env = "CIRCULA_REGISTRATIONS_PER_HOUR", default_value_t = 10,
        value_parser = clap::value_parser!(u32).range(1..))]
    pub registrations_per_hour: u32,

    /// Largest accepted library file, in bytes.
    #[arg(long, env = "CIRCULA_LIBRARY_MAX_UPLOAD_BYTES", default_value_t = 50 * 1024 * 1024)]
    pub library_max_upload_bytes: u64,
    /// Largest file attached to a chat message, in bytes.
    #[arg(long, env = "CIRCULA_CHAT_MAX_UPLOAD_BYTES", default_value_t = 2 * 1024 * 1024)]
    pub chat_max_upload_bytes: usize,

    /// Chat frames a socket may send in a burst before `chat_flooding` errors.
    #[arg(long, env = "CIRCULA_CHAT_BURST", default_value_t = 30)]
    pub chat_burst: u32,

    /// Chat frames per second a socket may send once its burst is spent.
    #[arg(long, env = "CIRCULA_CHAT_PER_SECOND", default_value_t = 5)]
    pub chat_per_second: u32,

    /// Seconds between the chat heartbeats of an instance. Other instances drop the presence
    /// of one they have not heard from for three heartbeats (it crashed).
    #[arg(long, env = "CIRCULA_CHAT_HEARTBEAT_SECS", default_value_t = 20,
        value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub chat_heartbeat_secs: u64,

    /// The bearer token that may read `/metrics`; without one, only clients on this machine
    /// that do not come through a proxy may.
    #[arg(long, env = "CIRCULA_METRICS_TOKEN")]
    pub metrics_token: Option<String>,
}

impl Config {
    /// A configuration with every default, storing data in `data`.
    pub fn with_data(data: impl Into<PathBuf>) -> Config {
        Config {
            listen: "127.0.0.1:0".parse().expect("valid address"),
            data: data.into(),
            database_url: None,
            base_url: None,
            smtp_url: None,
            mail_from: "Circula <noreply@circula.invalid>".into(),
            max_photo_bytes: 5 * 1024 * 1024,
            login_burst: 10,
            trust_proxy: false,
            header_timeout_secs: 20,
            idle_timeout_secs: 60,
            max_connections_per_address: 256,
            registrations_per_hour: 10,
            library_max_upload_bytes: 50 * 1024 * 1024,
            chat_max_upload_bytes: 2 * 1024 * 1024,
            chat_burst: 30,
            chat_per_second: 5,
            chat_heartbeat_secs: 20,
            metrics_token: None,
        }
    }

    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}", self.data.join("circula.db").display()),
        }
    }

    /// True when the site is served over TLS, so cookies get the `Secure` flag.
    pub fn secure_cookies(&self) -> bool {
        self.base_url
            .as_deref()
            .is_some_and(|url| url.starts_with("https://"))
    }
}
