//! The `circula` command line: serve the site, add users, load example content.

use std::io::Read;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use circula::accounts;
use circula::app::{self, App};
use circula::config::Config;
use circula::state::AppState;
use circula::web::identity::Role;

/// jemalloc rather than the system's allocator: glibc's malloc keeps what the library's index
/// writer and the password hashes free (in per-thread arenas it rarely trims), so the server
/// stayed at its high-water mark (about 200 MB idle with the demo, 440 MB after 1,000 uploads);
/// jemalloc's background thread returns freed pages within seconds (about 55 MB after the same
/// burst, `bench/footprint.rs`). Its options are built in (`.cargo/config.toml`): freed pages
/// go back to the system after a second without reuse rather than ten.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[derive(Parser)]
#[command(
    name = "circula",
    version,
    about = "Self-hosted networking platform for professional communities"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,

    /// How the log is written: `text` for people, `json` (one object a line) for collectors
    #[arg(
        long,
        global = true,
        env = "CIRCULA_LOG_FORMAT",
        default_value = "text"
    )]
    log_format: LogFormat,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site.
    Serve {
        #[command(flatten)]
        config: Config,
        /// Load the example content before serving (idempotent).
        #[arg(long)]
        demo: bool,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Load the example content (organisations and members of the ECO week 2023); idempotent.
    Demo {
        #[command(flatten)]
        config: Config,
    },
    /// The document library.
    Library {
        #[command(subcommand)]
        command: LibraryCommand,
    },
    /// Rebuild the search indexes (library, discussions) from the database.
    Reindex {
        #[command(flatten)]
        config: Config,
    },
    /// Copy the database and the stored files into DIR (new or empty) while the server runs.
    Backup {
        dir: std::path::PathBuf,
        #[command(flatten)]
        config: Config,
    },
    /// Put a backup made by `circula backup` into the data folder, which must be empty.
    Restore {
        dir: std::path::PathBuf,
        #[command(flatten)]
        config: Config,
    },
}

#[derive(Subcommand)]
enum LibraryCommand {
    /// Import every supported file of a folder, with metadata from `metadata.csv` or
    /// `metadata.json` in it (columns: file, title, description, authors, year, type,
    /// languages, topics, tags, visibility).
    Import {
        dir: std::path::PathBuf,
        /// Email of the member the documents are added by.
        #[arg(long = "as")]
        uploader: String,
        #[command(flatten)]
        config: Config,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add an active account; the password is read from standard input.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// member, organiser or admin
        #[arg(long, default_value = "member")]
        role: String,
        #[command(flatten)]
        config: Config,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "circula=info,tower_http=warn".into());
    let log = tracing_subscriber::fmt().with_env_filter(filter);
    match cli.log_format {
        LogFormat::Text => log.init(),
        LogFormat::Json => log.json().flatten_event(true).init(),
    }
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve { config, demo } => serve(config, demo).await,
        Command::Demo { config } => {
            let state = app::state(config).await?;
            load_demo(&state).await
        }
        Command::Library {
            command:
                LibraryCommand::Import {
                    dir,
                    uploader,
                    config,
                },
        } => import_library(config, &dir, &uploader).await,
        Command::Reindex { config } => reindex(config).await,
        Command::Backup { dir, config } => {
            let db = circula::store::Db::connect(&config.database_url()).await?;
            let manifest = circula::store::backup::backup(&db, &config.data, &dir).await?;
            println!(
                "backed up the database and {} file(s) into {}",
                manifest.files,
                dir.display()
            );
            Ok(())
        }
        Command::Restore { dir, config } => {
            if config.database_url.is_some() {
                anyhow::bail!(
                    "circula restore puts back SQLite backups; for PostgreSQL use pg_restore (see docs/deployment.md)"
                );
            }
            let manifest = circula::store::backup::restore(&dir, &config.data)?;
            println!(
                "restored the database and {} file(s) into {}; start the server to rebuild the search indexes",
                manifest.files,
                config.data.display()
            );
            Ok(())
        }
        Command::User {
            command:
                UserCommand::Add {
                    email,
                    name,
                    role,
                    config,
                },
        } => {
            let role = Role::parse(&role).map_err(|_| {
                anyhow::anyhow!("unknown role {role:?}: use member, organiser or admin")
            })?;
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password)?;
            let password = password.trim_end_matches(['\n', '\r']);
            let state = app::state(config).await?;
            let i18n = circula::web::i18n::I18n::new(circula::web::i18n::Locale::En);
            let added = accounts::add_user(&state, &email, password, &name, role)
                .await
                .map_err(|e| anyhow::anyhow!("{} ({})", e.message(i18n), e.code()))?;
            println!(
                "added {} as {} (id {})",
                email.trim(),
                added.role.as_str(),
                added.id
            );
            Ok(())
        }
    }
}

async fn import_library(
    config: Config,
    dir: &std::path::Path,
    uploader: &str,
) -> anyhow::Result<()> {
    let state = app::state(config).await?;
    let member = circula::web::identity::CurrentMember::acting_as(&state.db, uploader)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no account with the email {uploader:?}"))?;
    let report = circula::library::import::import_dir(&state, &member, dir).await?;
    println!("imported {} file(s)", report.imported.len());
    if !report.failed.is_empty() {
        println!("{} failed:", report.failed.len());
        for (file, reason) in &report.failed {
            println!("  {file}: {reason}");
        }
    }
    Ok(())
}

async fn reindex(config: Config) -> anyhow::Result<()> {
    let state = app::state(config).await?;
    let bar = indicatif::ProgressBar::new(0);
    let indexed = state
        .service::<circula::library::Library>()
        .rebuild(&state.db, |done, total| {
            bar.set_length(total);
            bar.set_position(done);
        })
        .await?;
    bar.finish_and_clear();
    println!("indexed {indexed} document(s)");
    let topics = state
        .service::<circula::discussions::Forum>()
        .rebuild(&state.db)
        .await?;
    println!("indexed {topics} discussion topic(s)");
    Ok(())
}

async fn load_demo(state: &AppState) -> anyhow::Result<()> {
    let summary = circula::demo::load(state).await?;
    tracing::info!(
        organisations = summary.organisations_created,
        members = summary.members_created,
        events = summary.events_created,
        library_documents = summary.library_documents_created,
        discussions = summary.discussions_created,
        live_sessions = summary.live_created,
        "example content loaded"
    );
    if summary.members_created > 0 {
        tracing::info!(
            "demo accounts use the password {:?}; admin: admin@circula.example",
            circula::demo::DEMO_PASSWORD
        );
    }
    Ok(())
}

/// `serve --demo` loads the example content in a child process before serving: `circula demo`
/// with the same arguments. What only the loading needs (making the PDFs and pictures, the
/// first build of the search indexes, and the memory all that takes) then never enters the
/// server, which idles at about half the size; the server finds the content, and indexes
/// what the loader left unindexed, as after any restart.
async fn load_demo_apart() -> anyhow::Result<()> {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os()
        .skip(1)
        .filter(|arg| arg != "--demo")
        .collect();
    if let Some(command) = args.first_mut() {
        *command = "demo".into();
    }
    let status = tokio::process::Command::new(std::env::current_exe()?)
        .args(args)
        .status()
        .await?;
    anyhow::ensure!(status.success(), "loading the example content failed");
    Ok(())
}

async fn serve(config: Config, demo: bool) -> anyhow::Result<()> {
    if demo {
        load_demo_apart().await?;
    }
    let app = App::build(config).await?;
    if !app.state().mailer.is_enabled() {
        tracing::warn!(
            "mail is off (CIRCULA_SMTP_URL is not set): links that would be mailed are written to this log"
        );
    }
    tracing::info!(
        "Circula listening on http://{} ({:?}, ready in {} ms)",
        app.addr(),
        app.state().db.backend,
        app.state().started.elapsed().as_millis()
    );
    app.serve(shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
