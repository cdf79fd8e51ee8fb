//! What the benchmarks share: the real `circula serve` process, a keep-alive HTTP load
//! generator that records every latency, percentiles and resident memory.
#![allow(dead_code)]

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A running `circula serve`, killed on drop.
pub struct Server {
    child: Child,
    pub pid: u32,
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Resident memory of a process, in KiB.
pub fn rss_kib(pid: u32) -> u64 {
    status_kib(pid, "VmRSS")
}

/// One figure of `/proc/PID/status` in KiB (`VmRSS`, `RssAnon`, `RssFile`, …), 0 if absent.
pub fn status_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| {
                    l.strip_prefix(field)
                        .is_some_and(|rest| rest.starts_with(':'))
                })
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// Starts `circula serve` and returns it with the time until /healthz first answered.
pub async fn start_server(data: &std::path::Path, url: &str) -> anyhow::Result<(Server, Duration)> {
    start_server_with(data, url, &[]).await
}

/// [`start_server`] with more arguments for `serve` (such as `--demo`).
pub async fn start_server_with(
    data: &std::path::Path,
    url: &str,
    extra: &[&str],
) -> anyhow::Result<(Server, Duration)> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let started = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_circula"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--data"])
        .arg(data)
        .args(["--database-url", url])
        .args(extra)
        .env("RUST_LOG", "warn")
        // Every benchmark client connects from loopback: one address, thousands of sockets.
        .env("CIRCULA_MAX_CONNECTIONS_PER_ADDRESS", "1000000")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()?;
    let pid = child.id();
    let server = Server {
        child,
        pid,
        base: format!("http://127.0.0.1:{port}"),
    };
    let client = reqwest::Client::new();
    loop {
        if let Ok(response) = client.get(format!("{}/healthz", server.base)).send().await
            && response.status().is_success()
        {
            return Ok((server, started.elapsed()));
        }
        if started.elapsed() > Duration::from_secs(30) {
            anyhow::bail!("server did not answer within 30 s");
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

pub struct Outcome {
    pub requests: usize,
    pub errors: usize,
    pub elapsed: Duration,
    pub latencies: Vec<Duration>,
}

impl Outcome {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }
}

/// Runs `concurrency` keep-alive connections for `seconds`, each requesting `paths` in turn.
pub async fn load(
    base: &str,
    paths: Arc<Vec<String>>,
    concurrency: usize,
    seconds: u64,
) -> Outcome {
    load_as(base, paths, concurrency, seconds, None).await
}

/// [`load`], each request with this bearer token (a signed-in member's).
pub async fn load_as(
    base: &str,
    paths: Arc<Vec<String>>,
    concurrency: usize,
    seconds: u64,
    token: Option<String>,
) -> Outcome {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(token) = token {
        let value = format!("Bearer {token}").parse().expect("a token header");
        headers.insert(reqwest::header::AUTHORIZATION, value);
    }
    load_with(base, paths, concurrency, seconds, headers).await
}

/// [`load`] as a browser asks for a page (`Accept: text/html…`), for servers that answer
/// other clients with something else (pretalx gives them plain text).
pub async fn load_pages(
    base: &str,
    paths: Arc<Vec<String>>,
    concurrency: usize,
    seconds: u64,
) -> Outcome {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT,
        reqwest::header::HeaderValue::from_static(
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        ),
    );
    load_with(base, paths, concurrency, seconds, headers).await
}

async fn load_with(
    base: &str,
    paths: Arc<Vec<String>>,
    concurrency: usize,
    seconds: u64,
    headers: reqwest::header::HeaderMap,
) -> Outcome {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..concurrency {
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(1)
            .default_headers(headers.clone())
            .build()
            .unwrap();
        let paths = paths.clone();
        let base = base.to_string();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0;
            let mut i = worker;
            while Instant::now() < deadline {
                let path = &paths[i % paths.len()];
                i += 7;
                let t = Instant::now();
                match client.get(format!("{base}{path}")).send().await {
                    Ok(response) if response.status().is_success() => {
                        let _ = response.bytes().await;
                        latencies.push(t.elapsed());
                    }
                    _ => errors += 1,
                }
            }
            (latencies, errors)
        }));
    }
    let mut outcome = Outcome {
        requests: 0,
        errors: 0,
        elapsed: Duration::ZERO,
        latencies: Vec::new(),
    };
    for task in tasks {
        let (latencies, errors) = task.await.unwrap();
        outcome.requests += latencies.len();
        outcome.errors += errors;
        outcome.latencies.extend(latencies);
    }
    outcome.elapsed = started.elapsed();
    outcome.latencies.sort();
    outcome
}

/// The `p` quantile (0–1) of sorted latencies, in milliseconds.
pub fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

/// A new PostgreSQL database on the server named by `CIRCULA_TEST_POSTGRES` (default the local
/// one): its URL, and what [`drop_postgres_database`] needs to remove it.
pub async fn create_postgres_database(prefix: &str) -> anyhow::Result<(String, PgScratch)> {
    use sqlx::Connection;
    let admin = std::env::var("CIRCULA_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = format!("{prefix}_{}", std::process::id());
    let mut conn = sqlx::PgConnection::connect(&admin).await?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await?;
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    let url = format!("{base}/{name}");
    Ok((url, PgScratch { admin, name }))
}

pub struct PgScratch {
    admin: String,
    name: String,
}

pub async fn drop_postgres_database(scratch: PgScratch) -> anyhow::Result<()> {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(&scratch.admin).await?;
    sqlx::query(&format!(
        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
        scratch.name
    ))
    .execute(&mut conn)
    .await?;
    Ok(())
}
