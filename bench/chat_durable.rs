//! Durable sends: how many messages a second the server stores and acknowledges, and how long
//! an acknowledgement takes, on SQLite and on PostgreSQL.
//!
//! CIRCULA_BENCH_SENDERS sockets (default 32), each in its own channel with two other members,
//! send 200-byte messages in a closed loop (the next after the previous `ack`) for
//! CIRCULA_BENCH_SECONDS (default 10). Prints acknowledged messages/s and p50/p99 ack latency.
//!
//!     cargo bench --bench chat_durable                      # SQLite, then PostgreSQL
//!     CIRCULA_BENCH_DB=sqlite CIRCULA_BENCH_SECONDS=3 cargo bench --bench chat_durable

#[path = "chat_common.rs"]
mod chat_common;

use std::time::{Duration, Instant};

use chat_common::*;
use futures::StreamExt;
use tokio_tungstenite::tungstenite::Message;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let which = std::env::var("CIRCULA_BENCH_DB").unwrap_or_else(|_| "both".into());
    let senders: usize = env_or("CIRCULA_BENCH_SENDERS", 32);
    let seconds: u64 = env_or("CIRCULA_BENCH_SECONDS", 10);
    println!(
        "Chat durable sends: {senders} sockets, closed loop, {seconds} s; client and server share this machine"
    );
    if which == "both" || which == "sqlite" {
        let data = tempfile::tempdir()?;
        let url = format!("sqlite://{}", data.path().join("circula.db").display());
        run("SQLite", &url, data.path(), senders, seconds).await?;
    }
    if which == "both" || which == "postgres" {
        let data = tempfile::tempdir()?;
        let (admin, name, url) = postgres_database("durable").await?;
        let result = run("PostgreSQL", &url, data.path(), senders, seconds).await;
        drop_postgres_database(&admin, &name).await?;
        result?;
    }
    Ok(())
}

async fn run(
    backend: &str,
    url: &str,
    data: &std::path::Path,
    senders: usize,
    seconds: u64,
) -> anyhow::Result<()> {
    let db = circula::store::Db::connect(url).await?;
    let members = seed_members(&db, "writer", senders * 3).await?;
    let mut work = Vec::new();
    for (i, group) in members.chunks(3).enumerate() {
        let ids: Vec<i64> = group.iter().map(|m| m.0).collect();
        let channel = seed_channel(&db, &format!("Durable {i}"), &ids).await?;
        work.push((channel, group[0].1.clone()));
    }
    db.pool.close().await;
    let server = start_server(data, url).await?;
    let mut tasks = Vec::new();
    let end = Instant::now() + Duration::from_secs(seconds);
    for (i, (channel, token)) in work.into_iter().enumerate() {
        let mut socket = connect(&server.base, &token).await?;
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let body = "d".repeat(200);
            let mut n = 0;
            while Instant::now() < end {
                let client_id = format!("w{i}-{n}");
                let started = Instant::now();
                let frame = serde_json::json!({"type": "send", "channel_id": channel, "body": body, "client_id": client_id});
                if send_json(&mut socket, frame).await.is_err() {
                    break;
                }
                // Wait for this message's ack (other frames, e.g. the echo, are skipped).
                loop {
                    match socket.next().await {
                        Some(Ok(Message::Text(text))) if text.starts_with("{\"type\":\"ack\"") => break,
                        Some(Ok(_)) => continue,
                        _ => return latencies,
                    }
                }
                latencies.push(started.elapsed());
                n += 1;
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await?);
    }
    latencies.sort_unstable();
    println!(
        "{backend}: {} messages acknowledged, {:.0} messages/s; ack latency p50 {:.1} ms, p99 {:.1} ms",
        latencies.len(),
        latencies.len() as f64 / seconds as f64,
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99)
    );
    drop(server);
    Ok(())
}
