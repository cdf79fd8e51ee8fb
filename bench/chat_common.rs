//! Shared pieces of the chat benchmarks: seeding members with API tokens and channels straight
//! into the database, starting the real `circula serve` process, WebSocket clients, figures.
#![allow(dead_code)]

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use circula::store::{Db, now_ms};
use circula::web::identity::token_hash;
use futures::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The soft limit of open files of this process (the server inherits it).
pub fn open_files_limit() -> usize {
    std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Max open files"))
                .and_then(|l| l.split_whitespace().nth(3).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(1024)
}

/// Members `prefix-0…` with one API token each; returns (member id, token).
pub async fn seed_members(
    db: &Db,
    prefix: &str,
    count: usize,
) -> anyhow::Result<Vec<(i64, String)>> {
    let mut out = Vec::with_capacity(count);
    let mut tx = db.pool.begin().await?;
    let now = now_ms();
    for i in 0..count {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO members (email, password_hash, name, sort_name, created_at) VALUES ($1, 'x', $2, $2, $3) RETURNING id",
        )
        .bind(format!("{prefix}-{i}@bench.test"))
        .bind(format!("{prefix} {i}"))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let token = circula::web::identity::random_token();
        sqlx::query(
            "INSERT INTO sessions (token_hash, member_id, kind, created_at, expires_at) VALUES ($1, $2, 'api', $3, $4)",
        )
        .bind(token_hash(&token))
        .bind(id)
        .bind(now)
        .bind(now + 86_400_000)
        .execute(&mut *tx)
        .await?;
        out.push((id, token));
    }
    tx.commit().await?;
    Ok(out)
}

/// A private channel with the given members; returns its id.
pub async fn seed_channel(db: &Db, title: &str, members: &[i64]) -> anyhow::Result<i64> {
    let mut tx = db.pool.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO chat_channels (kind, title, created_at) VALUES ('private', $1, $2) RETURNING id",
    )
    .bind(title)
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await?;
    for member in members {
        sqlx::query(
            "INSERT INTO chat_memberships (channel_id, member_id, joined_at) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(member)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

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

pub fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// CPU time (user + system) a process has used so far, in seconds.
pub fn cpu_seconds(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            // The fields after the command name, which is in parentheses.
            let rest = s.rsplit_once(')')?.1;
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let utime: f64 = fields.get(11)?.parse().ok()?;
            let stime: f64 = fields.get(12)?.parse().ok()?;
            Some((utime + stime) / 100.0)
        })
        .unwrap_or(0.0)
}

/// Starts `circula serve` on a free loopback port without flood limits.
pub async fn start_server(data: &std::path::Path, url: &str) -> anyhow::Result<Server> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_circula"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--data"])
        .arg(data)
        .args(["--database-url", url])
        .env("RUST_LOG", "warn")
        .env("CIRCULA_CHAT_BURST", "1000000")
        .env("CIRCULA_CHAT_PER_SECOND", "1000000")
        // Every client of a benchmark comes from 127.0.0.1.
        .env("CIRCULA_MAX_CONNECTIONS_PER_ADDRESS", "1000000")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()?;
    let pid = child.id();
    let server = Server {
        child,
        pid,
        base: format!("127.0.0.1:{port}"),
    };
    let started = Instant::now();
    loop {
        if let Ok(response) = reqwest::get(format!("http://{}/healthz", server.base)).await
            && response.status().is_success()
        {
            return Ok(server);
        }
        if started.elapsed() > Duration::from_secs(30) {
            anyhow::bail!("server did not answer within 30 s");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

pub async fn connect(base: &str, token: &str) -> anyhow::Result<Socket> {
    let mut request = format!("ws://{base}/api/v1/chat/socket").into_client_request()?;
    request
        .headers_mut()
        .insert("authorization", format!("Bearer {token}").parse()?);
    // A small read buffer: tungstenite's default (128 KiB) is zeroed before each read, which
    // would make the load generator, not the server, the bottleneck.
    let config = WebSocketConfig::default().read_buffer_size(4096);
    let (socket, _) =
        tokio_tungstenite::connect_async_with_config(request, Some(config), true).await?;
    Ok(socket)
}

/// Connects every token, `parallel` at a time.
pub async fn connect_all(
    base: &str,
    tokens: &[String],
    parallel: usize,
) -> anyhow::Result<Vec<Socket>> {
    let base = base.to_string();
    let sockets: Vec<anyhow::Result<Socket>> = futures::stream::iter(tokens.iter().cloned())
        .map(|token| {
            let base = base.clone();
            async move { connect(&base, &token).await }
        })
        .buffered(parallel)
        .collect()
        .await;
    sockets.into_iter().collect()
}

pub async fn send_json(socket: &mut Socket, value: serde_json::Value) -> anyhow::Result<()> {
    socket.send(Message::text(value.to_string())).await?;
    Ok(())
}

/// The value at `p` (0–1) of sorted durations, in milliseconds.
pub fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

/// A fresh PostgreSQL database for a benchmark: (admin URL, name, URL).
pub async fn postgres_database(tag: &str) -> anyhow::Result<(String, String, String)> {
    use sqlx::Connection;
    let admin = std::env::var("CIRCULA_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = format!("circula_bench_{tag}_{}", std::process::id());
    let mut conn = sqlx::PgConnection::connect(&admin).await?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await?;
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    let url = format!("{base}/{name}");
    Ok((admin, name, url))
}

pub async fn drop_postgres_database(admin: &str, name: &str) -> anyhow::Result<()> {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(admin).await?;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut conn)
        .await?;
    Ok(())
}
