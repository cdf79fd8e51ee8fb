//! Live sessions benchmark: the audience of one session follows its questions while votes
//! come in.
//!
//! Seeds CIRCULA_BENCH_FOLLOWERS members (default 1,000) with API tokens, starts the real
//! `circula serve`, creates through the JSON API a public event with a session running now and
//! 20 questions, connects every member over the chat WebSocket and follows the session
//! (`follow` `session:<id>`), then votes come in over HTTP at CIRCULA_BENCH_RATE a second
//! (default 100) for CIRCULA_BENCH_SECONDS (default 10), each from another member, round robin
//! over the questions.
//!
//! Vote to screen: for each vote and each follower, the time from sending the vote's request
//! to the follower receiving a `question_votes` frame whose count includes it (frames carry
//! the count as it is, so a later frame covers earlier votes). Prints its p50/p99/max over all
//! (vote, follower) pairs, the votes' own HTTP latency, votes a follower never saw, and the CPU
//! used by the server and by the load generator while voting. Target on the 2-core machine
//! (issue 13): p99 under 100 ms on both databases.
//!
//!     cargo bench --bench live                          # SQLite, then PostgreSQL
//!     CIRCULA_BENCH_DB=sqlite cargo bench --bench live
//!
//! The load generator (1,000 sockets, the voters) runs on one thread of this process and
//! shares the machine with the server. Loopback only; the benchmark stops by itself.

#[path = "chat_common.rs"]
mod chat_common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chat_common::*;
use futures::StreamExt;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

const QUESTIONS: usize = 20;

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let followers: usize = env_or("CIRCULA_BENCH_FOLLOWERS", 1_000);
    let rate: u64 = env_or("CIRCULA_BENCH_RATE", 100);
    let seconds: u64 = env_or("CIRCULA_BENCH_SECONDS", 10);
    let which = std::env::var("CIRCULA_BENCH_DB").unwrap_or_else(|_| "both".into());
    let limit = open_files_limit();
    let followers = if followers + 300 > limit {
        let fit = limit.saturating_sub(300);
        println!("open-files limit {limit}: using {fit} followers (raise `ulimit -n` for more)");
        fit
    } else {
        followers
    };
    println!(
        "Live session: {followers} followers of one session, {rate} votes/s over HTTP for {seconds} s \
         on {QUESTIONS} questions; client and server share this machine"
    );
    if which != "postgres" {
        let data = tempfile::tempdir()?;
        let url = format!("sqlite://{}", data.path().join("circula.db").display());
        println!("\n== SQLite");
        run(&url, data.path(), followers, rate, seconds).await?;
    }
    if which != "sqlite" {
        let data = tempfile::tempdir()?;
        let (admin, name, url) = postgres_database("live").await?;
        println!("\n== PostgreSQL");
        let result = run(&url, data.path(), followers, rate, seconds).await;
        drop_postgres_database(&admin, &name).await?;
        result?;
    }
    Ok(())
}

/// Today plus `days`, and now plus `minutes`, as the API's UTC local forms.
fn local(minutes: i64) -> String {
    let t = jiff::Timestamp::now() + jiff::SignedDuration::from_mins(minutes);
    t.to_zoned(jiff::tz::TimeZone::UTC)
        .strftime("%Y-%m-%dT%H:%M")
        .to_string()
}

async fn api(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    path: &str,
    body: Value,
) -> anyhow::Result<Value> {
    let response = client
        .post(format!("http://{base}{path}"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await?;
    let status = response.status();
    let json: Value = response.json().await?;
    anyhow::ensure!(status.is_success(), "POST {path}: {status} {json}");
    Ok(json)
}

async fn run(
    url: &str,
    data: &std::path::Path,
    followers: usize,
    rate: u64,
    seconds: u64,
) -> anyhow::Result<()> {
    let db = circula::store::Db::connect(url).await?;
    let members = seed_members(&db, "audience", followers).await?;
    let organiser = seed_members(&db, "organiser", 1).await?.remove(0);
    sqlx::query("UPDATE members SET role = 'admin' WHERE id = $1")
        .bind(organiser.0)
        .execute(&db.pool)
        .await?;
    db.pool.close().await;

    let server = start_server(data, url).await?;
    let base = server.base.clone();
    let client = reqwest::Client::new();
    let today = &local(0)[..10];
    let event = api(
        &client,
        &base,
        &organiser.1,
        "/api/v1/events",
        json!({"title": "ECO week", "locale": "en", "starts_on": today, "ends_on": today,
               "timezone": "UTC"}),
    )
    .await?["id"]
        .as_i64()
        .unwrap_or_default();
    // The session runs from now until the day's end (or an hour, whichever is shorter).
    let minutes_left = {
        let now = jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC);
        i64::from(23 - now.hour()) * 60 + i64::from(59 - now.minute())
    };
    let session = api(
        &client,
        &base,
        &organiser.1,
        &format!("/api/v1/events/{event}/sessions"),
        json!({"title": "Landfill gas", "starts_at": local(0), "ends_at": local(minutes_left.clamp(2, 60))}),
    )
    .await?["id"]
        .as_i64()
        .unwrap_or_default();
    let mut question_ids = Vec::new();
    for (i, (_, token)) in members.iter().take(QUESTIONS).enumerate() {
        let q = api(
            &client,
            &base,
            token,
            &format!("/api/v1/sessions/{session}/questions"),
            json!({"body": format!("Question {i}: how is landfill gas measured?")}),
        )
        .await?;
        question_ids.push(q["id"].as_i64().unwrap_or_default());
    }
    let index: Arc<HashMap<i64, usize>> = Arc::new(
        question_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, i))
            .collect(),
    );

    // Every member connects and follows the session.
    let started = Instant::now();
    let tokens: Vec<String> = members.iter().map(|m| m.1.clone()).collect();
    let mut sockets = connect_all(&base, &tokens, 64).await?;
    let topic = format!("session:{session}");
    for socket in &mut sockets {
        send_json(socket, json!({"type": "follow", "topic": topic})).await?;
    }
    println!(
        "{} followers connected in {:.1} s; server RSS {} MB",
        sockets.len(),
        started.elapsed().as_secs_f64(),
        rss_kib(server.pid) / 1024
    );

    let epoch = Instant::now();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let (following_tx, mut following_rx) = tokio::sync::mpsc::unbounded_channel::<()>();
    let mut readers = Vec::new();
    for mut socket in sockets {
        let index = index.clone();
        let following = following_tx.clone();
        let mut stopped = stopped.clone();
        readers.push(tokio::spawn(async move {
            // (question, votes, received at in µs since the epoch) of each frame.
            let mut frames: Vec<(u16, u32, u64)> = Vec::new();
            loop {
                let message = tokio::select! {
                    biased;
                    next = socket.next() => match next {
                        Some(Ok(message)) => message,
                        _ => break,
                    },
                    _ = stopped.changed() => break,
                };
                let Message::Text(text) = message else {
                    continue;
                };
                if text.contains("\"type\":\"question_votes\"") {
                    let now = epoch.elapsed().as_micros() as u64;
                    if let Ok(frame) = serde_json::from_str::<Value>(&text)
                        && let Some(q) = frame["question_id"].as_i64().and_then(|id| index.get(&id))
                    {
                        let votes = frame["votes"].as_u64().unwrap_or(0) as u32;
                        frames.push((*q as u16, votes, now));
                    }
                } else if text.contains("\"type\":\"following\"") {
                    let _ = following.send(());
                }
            }
            frames
        }));
    }
    drop(following_tx);
    for _ in 0..readers.len() {
        tokio::time::timeout(Duration::from_secs(30), following_rx.recv())
            .await?
            .ok_or_else(|| anyhow::anyhow!("a follower's socket closed"))?;
    }
    println!(
        "all following after {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // Past the greeting of each new connection (see bench/chat_fanout.rs).
    tokio::time::sleep(Duration::from_secs(env_or("CIRCULA_BENCH_SETTLE", 2))).await;

    // Votes: an open loop at `rate`, each from the next member on the next question. Each
    // question's successful votes in order: the n-th makes its count n.
    let cpu_before = (cpu_seconds(server.pid), cpu_seconds(std::process::id()));
    let voting = Instant::now();
    let sent: Arc<Mutex<Vec<Vec<u64>>>> = Arc::new(Mutex::new(vec![Vec::new(); QUESTIONS]));
    let http: Arc<Mutex<Vec<Duration>>> = Arc::default();
    let failed = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let total = rate * seconds;
    let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / rate as f64));
    let mut votes = Vec::new();
    for n in 0..total as usize {
        tick.tick().await;
        let q = n % QUESTIONS;
        // Voter n votes once, on question n mod 20: never twice on one question.
        let voter = members[(QUESTIONS + n) % members.len()].1.clone();
        let path = format!("http://{base}/api/v1/questions/{}/vote", question_ids[q]);
        let (client, sent, http, failed) =
            (client.clone(), sent.clone(), http.clone(), failed.clone());
        votes.push(tokio::spawn(async move {
            let at = epoch.elapsed().as_micros() as u64;
            let start = Instant::now();
            let ok = client
                .post(path)
                .bearer_auth(voter)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            http.lock().expect("lock").push(start.elapsed());
            if ok {
                sent.lock().expect("lock")[q].push(at);
            } else {
                failed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        }));
    }
    for v in votes {
        v.await?;
    }
    let vote_seconds = voting.elapsed().as_secs_f64();
    // Let the last frames arrive, then measure CPU over the voting.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let cpu_after = (cpu_seconds(server.pid), cpu_seconds(std::process::id()));
    let window = voting.elapsed().as_secs_f64();

    stop.send(true)?;
    let mut per_follower = Vec::with_capacity(readers.len());
    for r in readers {
        per_follower.push(r.await?);
    }
    let mut sent = sent.lock().expect("lock").clone();
    // A question's votes are 20 sends apart (200 ms at 100 votes/s), each answered long before
    // the next: send order is commit order, and the n-th vote makes the count n.
    for s in &mut sent {
        s.sort_unstable();
    }
    let mut latencies: Vec<Duration> = Vec::new();
    let mut unseen = 0usize;
    for frames in &per_follower {
        let mut seen = [0usize; QUESTIONS];
        for &(q, votes, at) in frames {
            let q = usize::from(q);
            let shown = (votes as usize).min(sent[q].len());
            for sent_at in &sent[q][seen[q].min(shown)..shown] {
                latencies.push(Duration::from_micros(at.saturating_sub(*sent_at)));
            }
            seen[q] = seen[q].max(shown);
        }
        unseen += (0..QUESTIONS)
            .map(|q| sent[q].len() - seen[q])
            .sum::<usize>();
    }
    latencies.sort_unstable();
    let mut http = http.lock().expect("lock").clone();
    http.sort_unstable();
    let counted: usize = sent.iter().map(Vec::len).sum();
    let frames: usize = per_follower.iter().map(Vec::len).sum();
    println!(
        "votes: {counted} counted, {} refused, {:.0}/s sent; HTTP p50 {:.1} ms, p99 {:.1} ms",
        failed.load(std::sync::atomic::Ordering::Relaxed),
        total as f64 / vote_seconds,
        percentile(&http, 0.50),
        percentile(&http, 0.99),
    );
    println!(
        "vote to screen over {} (vote, follower) pairs from {frames} frames: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; never shown {unseen} (target p99 < 100 ms)",
        latencies.len(),
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
    );
    println!(
        "CPU while voting ({window:.1} s): server {:.2} cores, load generator {:.2} cores; server RSS {} MB",
        (cpu_after.0 - cpu_before.0) / window,
        (cpu_after.1 - cpu_before.1) / window,
        rss_kib(server.pid) / 1024
    );
    Ok(())
}
