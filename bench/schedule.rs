//! Schedule benchmark: the public schedule page of a four-day event with 80 sessions (four
//! tracks, speakers, capacities, registrations), served by the real `circula serve` process.
//!
//! Prints requests/s and latency p50/p99 for the schedule page (HTML, anonymous, the first
//! day and any day in the viewer's own zone), the whole week on one page (`?day=all`), one
//! session's page, the JSON schedule and the event's iCalendar file.
//!
//!     cargo bench --bench schedule                    # SQLite (the target)
//!     CIRCULA_BENCH_DB=both cargo bench --bench schedule
//!
//! Settings: CIRCULA_BENCH_SECONDS (per scenario, default 10), CIRCULA_BENCH_CONCURRENCY
//! (connections, default 32), CIRCULA_TEST_POSTGRES.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{env_or, load, percentile, rss_kib, start_server};

#[path = "support.rs"]
mod support;

const TRACKS: [&str; 4] = ["Policy", "Technology", "Municipalities", "B2B"];
const TOPICS: [&str; 10] = [
    "Landfill gas capture",
    "Extended producer responsibility",
    "Sorting lines for mid-sized cities",
    "Переработка пластика в Казахстане",
    "Kreislaufwirtschaftsgesetz in der Praxis",
    "Composting municipal organic waste",
    "Қалдықтарды бөлек жинау",
    "Financing waste infrastructure",
    "Construction and demolition waste",
    "Medical waste treatment",
];

/// Creates the organiser, the event and its 80 sessions through the public API.
async fn seed(base: &str) -> anyhow::Result<(i64, Vec<i64>)> {
    let client = reqwest::Client::new();
    let register = client
        .post(format!("{base}/api/v1/auth/register"))
        .json(&json!({"email": "organiser@bench.test", "password": "Bench-Organiser-2023", "name": "Bench Organiser"}))
        .send()
        .await?;
    anyhow::ensure!(
        register.status().is_success(),
        "register: {}",
        register.status()
    );
    let token: Value = client
        .post(format!("{base}/api/v1/auth/token"))
        .json(&json!({"email": "organiser@bench.test", "password": "Bench-Organiser-2023"}))
        .send()
        .await?
        .json()
        .await?;
    let token = token["token"].as_str().unwrap_or_default().to_string();
    let event: Value = client
        .post(format!("{base}/api/v1/events"))
        .bearer_auth(&token)
        .json(&json!({
            "texts": [
                {"locale": "en", "title": "ECO week 2031", "description": "Four days of sessions on waste and the circular economy."},
                {"locale": "ru", "title": "ЭКО-неделя 2031", "description": "Четыре дня сессий."}
            ],
            "starts_on": "2031-02-18", "ends_on": "2031-02-21", "timezone": "Asia/Almaty"
        }))
        .send()
        .await?
        .json()
        .await?;
    let id = event["id"]
        .as_i64()
        .ok_or_else(|| anyhow::anyhow!("event: {event}"))?;
    let mut sessions = Vec::new();
    for day in 0..4 {
        for slot in 0..20 {
            let n = day * 20 + slot;
            let track = TRACKS[slot % 4];
            let hour = 9 + slot / 4 * 2;
            let kind = ["talk", "panel", "workshop", "networking", "b2b"][slot % 5];
            let body = json!({
                "title": format!("{} ({})", TOPICS[n % TOPICS.len()], n + 1),
                "description": "A session of the benchmark event with **Markdown** and a [link](https://example.org).",
                "kind": kind,
                "track": track,
                "room": format!("Room {}", slot % 4 + 1),
                "starts_at": format!("2031-02-{:02}T{:02}:00", 18 + day, hour),
                "ends_at": format!("2031-02-{:02}T{:02}:30", 18 + day, hour + 1),
                "languages": ["ru", "de"],
                "interpretation": ["en"],
                "join_url": format!("https://meet.example.org/eco-{n}"),
                "capacity": if slot % 3 == 0 { json!(50) } else { Value::Null },
                "speakers": [{"name": "Айгерим Сапарова", "bio": "Ministry of Ecology"}, {"name": "Markus Weber", "bio": "Recycler"}],
            });
            let created: Value = client
                .post(format!("{base}/api/v1/events/{id}/sessions"))
                .bearer_auth(&token)
                .json(&body)
                .send()
                .await?
                .json()
                .await?;
            sessions.push(
                created["id"]
                    .as_i64()
                    .ok_or_else(|| anyhow::anyhow!("session: {created}"))?,
            );
        }
    }
    Ok((id, sessions))
}

async fn run(backend: &str, url: &str, data: &std::path::Path) -> anyhow::Result<()> {
    let seconds = env_or("CIRCULA_BENCH_SECONDS", 10u64);
    let concurrency = env_or("CIRCULA_BENCH_CONCURRENCY", 32usize);
    let (server, _) = start_server(data, url).await?;
    let t = Instant::now();
    let (id, sessions) = seed(&server.base).await?;
    println!(
        "\n== {backend}: event with {} sessions created in {:.1} s",
        sessions.len(),
        t.elapsed().as_secs_f64()
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    let days = ["2031-02-18", "2031-02-19", "2031-02-20", "2031-02-21"];
    let scenarios: Vec<(&str, Vec<String>)> = vec![
        ("schedule page (HTML)", vec![format!("/events/{id}")]),
        (
            "any day, viewer zone (HTML)",
            days.iter()
                .flat_map(|d| {
                    ["Europe/Berlin", "Asia/Almaty"]
                        .map(|tz| format!("/events/{id}?day={d}&tz={}", tz.replace('/', "%2F")))
                })
                .collect(),
        ),
        (
            "whole week, 80 sessions (HTML)",
            vec![format!("/events/{id}?day=all")],
        ),
        (
            "session page (HTML)",
            sessions
                .iter()
                .take(40)
                .map(|s| format!("/sessions/{s}"))
                .collect(),
        ),
        (
            "/api/v1/events/{id}/schedule",
            vec![format!("/api/v1/events/{id}/schedule?tz=Europe/Berlin")],
        ),
        (
            "calendar.ics (80 sessions)",
            vec![format!("/events/{id}/calendar.ics")],
        ),
    ];
    println!(
        "{:<32} {:>10} {:>9} {:>9} {:>7}",
        "scenario", "req/s", "p50 ms", "p99 ms", "errors"
    );
    for (name, paths) in scenarios {
        let paths = Arc::new(paths);
        load(&server.base, paths.clone(), concurrency, 1).await; // warm-up
        let outcome = load(&server.base, paths, concurrency, seconds).await;
        println!(
            "{:<32} {:>10.0} {:>9.2} {:>9.2} {:>7}",
            name,
            outcome.per_second(),
            percentile(&outcome.latencies, 0.50),
            percentile(&outcome.latencies, 0.99),
            outcome.errors
        );
    }
    println!(
        "resident memory after load: {:.1} MB",
        rss_kib(server.pid) as f64 / 1024.0
    );
    Ok(())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let which = std::env::var("CIRCULA_BENCH_DB").unwrap_or_else(|_| "sqlite".into());
    println!(
        "Circula schedule benchmark ({} s per scenario, {} connections; client and server share this machine)",
        env_or("CIRCULA_BENCH_SECONDS", 10u64),
        env_or("CIRCULA_BENCH_CONCURRENCY", 32usize)
    );
    if which == "both" || which == "sqlite" {
        let data = tempfile::tempdir()?;
        let url = format!("sqlite://{}", data.path().join("circula.db").display());
        run("SQLite", &url, data.path()).await?;
    }
    if which == "both" || which == "postgres" {
        let (url, scratch) = support::create_postgres_database("circula_bench_schedule").await?;
        let data = tempfile::tempdir()?;
        let result = run("PostgreSQL", &url, data.path()).await;
        support::drop_postgres_database(scratch).await?;
        result?;
    }
    Ok(())
}
