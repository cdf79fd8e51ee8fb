//! The database: one pool for SQLite or PostgreSQL, migrations, and small SQL helpers.
//!
//! # How a query is written once for both databases
//!
//! Circula talks to both backends through sqlx's `Any` driver: one pool type ([`Db`]) and one
//! text per query. The rules that keep one text valid on both:
//!
//! - Placeholders are `$1, $2, …`. PostgreSQL numbers them natively and sqlx's SQLite driver
//!   maps `$N` to the N-th bound argument, so a placeholder may be used twice.
//! - Columns hold only what `Any` carries: `BIGINT`/`INTEGER` (read as `i64`), `TEXT`, `BLOB`/
//!   `BYTEA`. There are no booleans (a flag is a nullable timestamp or a text enum) and no
//!   native time types: instants are milliseconds since the Unix epoch, UTC ([`now_ms`]).
//! - New rows report their id with `RETURNING id` (SQLite 3.35+ and PostgreSQL).
//! - Case-insensitive search never relies on the database's `lower()` (PostgreSQL's depends on
//!   the collation, SQLite's folds ASCII only): text is folded in Rust ([`fold`]). Word search
//!   stores the folded words of a text ([`terms`]) in a table keyed by term and finds words by
//!   prefix with a range (`term >= $1 AND term < $2`, [`prefix_end`]) that both backends answer
//!   from the index; short lists may use `LIKE … ESCAPE '\'` ([`like_pattern`]).
//! - A query with optional filters is assembled with [`Sql`], which numbers placeholders.
//!
//! Each backend has its own migrations folder (`migrations/sqlite`, `migrations/postgres`),
//! written side by side: a new table goes into both in the same commit, and the whole test
//! suite runs against both.
//!
//! # Adding a backend
//! Add its scheme to [`Backend::from_url`], a migrations folder, and a test run against it.

pub mod audit;
pub mod backup;
pub mod blobs;
pub mod cache;
pub mod feed;
pub mod rate;
pub mod versions;

use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, bail};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

/// The database a URL points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Picks the backend from the URL's scheme, with a clear error for anything else.
    pub fn from_url(url: &str) -> anyhow::Result<Backend> {
        let scheme = url.split(':').next().unwrap_or_default();
        match scheme {
            "sqlite" => Ok(Backend::Sqlite),
            "postgres" | "postgresql" => Ok(Backend::Postgres),
            _ => bail!(
                "unsupported database URL scheme {scheme:?}: use sqlite://PATH or postgres://HOST/DB"
            ),
        }
    }
}

/// A pool of connections to SQLite or PostgreSQL; cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

impl Db {
    /// Connects, creating a SQLite file when missing, and applies pending migrations.
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_string(),
        };
        let options = AnyConnectOptions::from_str(&url).context("invalid database URL")?;
        // Connections idle for a minute are closed (with their page caches); the follow loops
        // keep one or two in use.
        let pool_options = AnyPoolOptions::new()
            .acquire_timeout(Duration::from_secs(10))
            .idle_timeout(Duration::from_secs(60));
        let pool = match backend {
            Backend::Sqlite => {
                pool_options
                    .max_connections(8)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            // Set on every connection: WAL lets readers run beside the writer;
                            // NORMAL sync in WAL mode keeps every commit across a process crash;
                            // a 2 MB page cache per connection (SQLite's default; it was 8 MB,
                            // eight times over for eight connections), the OS page cache
                            // keeping the rest of the file; checkpoints run in the background
                            // (see `checkpoints`), not in whichever commit happens to fill the
                            // log.
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
                                 PRAGMA cache_size = -2000; \
                                 PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 0;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await
            }
            Backend::Postgres => pool_options.max_connections(16).connect_with(options).await,
        }
        .with_context(|| format!("cannot connect to the database at {}", redact(&url)))?;
        let db = Db { pool, backend };
        db.migrate().await?;
        if backend == Backend::Sqlite {
            tokio::spawn(checkpoints(db.pool.clone()));
        }
        Ok(db)
    }

    async fn migrate(&self) -> anyhow::Result<()> {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&self.pool).await,
            Backend::Postgres => {
                sqlx::migrate!("./migrations/postgres")
                    .run(&self.pool)
                    .await
            }
        }
        .context("database migration failed")
    }

    /// Answers when the database does.
    pub async fn ping(&self) -> sqlx::Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(drop)
    }
}

/// SQLite: copies the write-ahead log into the database file once a second, off the commit
/// path. SQLite's automatic checkpoint (turned off in `Db::connect`) would run it, with its
/// fsync, inside whichever commit fills the log, stalling every writer behind it. A passive
/// checkpoint waits for nobody and nobody waits for it. Ends when the pool is closed.
async fn checkpoints(pool: AnyPool) {
    let mut every = tokio::time::interval(Duration::from_secs(1));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if pool.is_closed() {
            return;
        }
        if let Err(err) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&pool)
            .await
        {
            if pool.is_closed() {
                return;
            }
            tracing::debug!(error = %err, "checkpoint failed; trying again");
        }
    }
}

/// Hides the password in a database URL for messages and logs.
fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

/// Now, as stored: milliseconds since the Unix epoch, UTC.
pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// Folds text for case-insensitive search across scripts: lower case, `ё` as `е`.
pub fn fold(text: &str) -> String {
    text.to_lowercase().replace('ё', "е")
}

/// The words of a text as search terms: folded, split at anything that is not a letter or a
/// digit, at most 64 characters each, without repeats, in order of first appearance.
pub fn terms(text: &str) -> Vec<String> {
    let folded = fold(text);
    let mut out: Vec<String> = Vec::new();
    for word in folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let term: String = word.chars().take(64).collect();
        if !out.contains(&term) {
            out.push(term);
        }
    }
    out
}

/// The end of the range of terms that begin with `prefix`: `prefix <= term < end`, in byte
/// order (SQLite's BINARY collation, PostgreSQL's "C").
pub fn prefix_end(prefix: &str) -> String {
    format!("{prefix}{}", char::MAX)
}

/// A `LIKE` pattern that finds `needle` anywhere; use with `ESCAPE '\'`.
pub fn like_pattern(needle: &str) -> String {
    let mut pattern = String::with_capacity(needle.len() + 2);
    pattern.push('%');
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// True when the error is a unique-constraint violation (on either backend).
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Database(db) => {
            db.is_unique_violation() || db.message().contains("UNIQUE constraint failed")
        }
        _ => false,
    }
}

/// A value bound to a query assembled with [`Sql`].
#[derive(Clone, Debug)]
pub enum Param {
    Int(i64),
    Text(String),
}

/// SQL text with numbered placeholders, for queries whose filters depend on the input.
///
/// ```
/// # use circula::store::Sql;
/// let mut sql = Sql::new("SELECT id FROM members WHERE status = ");
/// sql.push_bind("active");
/// sql.push(" AND country = ").push_bind("KZ");
/// assert_eq!(sql.text(), "SELECT id FROM members WHERE status = $1 AND country = $2");
/// ```
#[derive(Clone, Debug, Default)]
pub struct Sql {
    text: String,
    params: Vec<Param>,
}

impl Sql {
    pub fn new(text: &str) -> Sql {
        Sql {
            text: text.to_string(),
            params: Vec::new(),
        }
    }

    pub fn push(&mut self, text: &str) -> &mut Sql {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder for `value`.
    pub fn push_bind(&mut self, value: impl Into<Param>) -> &mut Sql {
        self.params.push(value.into());
        self.text.push('$');
        self.text.push_str(&self.params.len().to_string());
        self
    }

    /// Appends `(…, …)` with one placeholder per value, for `IN` lists.
    pub fn push_list<T: Into<Param> + Clone>(&mut self, values: &[T]) -> &mut Sql {
        self.text.push('(');
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            self.push_bind(value.clone());
        }
        self.text.push(')');
        self
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The query with its arguments bound, ready to run.
    pub fn query(&self) -> sqlx::query::Query<'_, sqlx::Any, sqlx::any::AnyArguments<'_>> {
        let mut query = sqlx::query(&self.text);
        for param in &self.params {
            query = match param {
                Param::Int(v) => query.bind(*v),
                Param::Text(v) => query.bind(v.as_str()),
            };
        }
        query
    }

    /// Like [`Sql::query`], mapping rows to `T`.
    pub fn query_as<T>(&self) -> sqlx::query::QueryAs<'_, sqlx::Any, T, sqlx::any::AnyArguments<'_>>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        let mut query = sqlx::query_as(&self.text);
        for param in &self.params {
            query = match param {
                Param::Int(v) => query.bind(*v),
                Param::Text(v) => query.bind(v.as_str()),
            };
        }
        query
    }

    /// Like [`Sql::query`], for a single scalar column.
    pub fn query_scalar<T>(
        &self,
    ) -> sqlx::query::QueryScalar<'_, sqlx::Any, T, sqlx::any::AnyArguments<'_>>
    where
        (T,): for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        let mut query = sqlx::query_scalar(&self.text);
        for param in &self.params {
            query = match param {
                Param::Int(v) => query.bind(*v),
                Param::Text(v) => query.bind(v.as_str()),
            };
        }
        query
    }
}

impl From<i64> for Param {
    fn from(v: i64) -> Param {
        Param::Int(v)
    }
}

impl From<String> for Param {
    fn from(v: String) -> Param {
        Param::Text(v)
    }
}

impl From<&str> for Param {
    fn from(v: &str) -> Param {
        Param::Text(v.to_string())
    }
}

impl From<&String> for Param {
    fn from(v: &String) -> Param {
        Param::Text(v.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_from_url() {
        assert_eq!(
            Backend::from_url("sqlite://data/c.db").unwrap(),
            Backend::Sqlite
        );
        assert_eq!(
            Backend::from_url("postgres://localhost/c").unwrap(),
            Backend::Postgres
        );
        let err = Backend::from_url("mysql://localhost/c").unwrap_err();
        assert!(err.to_string().contains("mysql"));
    }

    #[test]
    fn fold_handles_cyrillic_and_latin() {
        assert_eq!(fold("ÖKO Ёлка Алматы"), "öko елка алматы");
        assert_eq!(fold("ҚАЗАҚСТАН"), "қазақстан");
    }

    #[test]
    fn terms_are_folded_words() {
        assert_eq!(
            terms("Ольга Иванова, EcoRecycling-Almaty: Переработка ПЭТ; ПЭТ"),
            vec![
                "ольга",
                "иванова",
                "ecorecycling",
                "almaty",
                "переработка",
                "пэт"
            ]
        );
        assert_eq!(terms("Қалдықтарды жинау"), vec!["қалдықтарды", "жинау"]);
        assert!(terms(" -- ").is_empty());
        let end = prefix_end("алм");
        assert!("алматы" >= "алм" && "алматы" < end.as_str());
        assert!("алн" >= end.as_str());
    }

    #[test]
    fn like_pattern_escapes_wildcards() {
        assert_eq!(like_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }

    #[test]
    fn sql_numbers_placeholders_and_lists() {
        let mut sql = Sql::new("SELECT 1 WHERE a = ");
        sql.push_bind(1i64).push(" AND b IN ").push_list(&[2i64, 3]);
        assert_eq!(sql.text(), "SELECT 1 WHERE a = $1 AND b IN ($2, $3)");
    }

    #[test]
    fn redact_hides_password() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
    }
}
