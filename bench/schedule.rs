//! Schedule benchmark: the public schedule page of a four-day event with 80 sessions (four
//! tracks, speakers, capacities, registrations), served by the real `circula serve` process.
//!
//! Prints requests/s and latency p50/p99 for the schedule page (HTML, anonymous, the first
//! day and any day in the viewer's own zone), the whole week on one page (`?day=all`, for a
//! visitor and for a signed-in member), one session's page, the JSON schedule and the event's
//! iCalendar file.
//!
//! Then, in the same run and with the same client, the peer: pretalx's whole week rendered on
//! the server (`/schedule/nojs`, 80 talks over four days), installed, filled and served with
//! the scripts in `../shared/peers/pretalx/` (gunicorn as pretalx's production docs say, two
//! workers for two cores), and the ratios of the whole-week pages (requests/s, and p99).
//!
//!     cargo bench --bench schedule                    # SQLite (the target)
//!     CIRCULA_BENCH_DB=both cargo bench --bench schedule
//!
//! Settings: CIRCULA_BENCH_SECONDS (per scenario, default 10), CIRCULA_BENCH_CONCURRENCY
//! (connections, default 32), CIRCULA_TEST_POSTGRES, CIRCULA_BENCH_PRETALX (the peer's
//! scripts; `0` skips it).

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{env_or, load, load_as, load_pages, percentile, rss_kib, start_server};

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

/// Creates the organiser, the event and its 80 sessions through the public API; gives the
/// event, its sessions and the organiser's token.
async fn seed(base: &str) -> anyhow::Result<(i64, Vec<i64>, String)> {
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
    Ok((id, sessions, token))
}

/// Requests/s, p50 and p99 (ms) of one scenario.
type Figures = (f64, f64, f64);

fn figures(outcome: &support::Outcome) -> Figures {
    (
        outcome.per_second(),
        percentile(&outcome.latencies, 0.50),
        percentile(&outcome.latencies, 0.99),
    )
}

fn print_row(name: &str, (per_second, p50, p99): Figures, errors: usize) {
    println!("{name:<32} {per_second:>10.0} {p50:>9.2} {p99:>9.2} {errors:>7}");
}

const WHOLE_WEEK: &str = "whole week, 80 sessions (HTML)";

/// Runs every scenario; gives the figures of the whole week for a visitor.
async fn run(backend: &str, url: &str, data: &std::path::Path) -> anyhow::Result<Figures> {
    let seconds = env_or("CIRCULA_BENCH_SECONDS", 10u64);
    let concurrency = env_or("CIRCULA_BENCH_CONCURRENCY", 32usize);
    let (server, _) = start_server(data, url).await?;
    let t = Instant::now();
    let (id, sessions, token) = seed(&server.base).await?;
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
        (WHOLE_WEEK, vec![format!("/events/{id}?day=all")]),
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
    let mut whole_week = (0.0, 0.0, 0.0);
    for (name, paths) in scenarios {
        let paths = Arc::new(paths);
        load(&server.base, paths.clone(), concurrency, 1).await; // warm-up
        let outcome = load(&server.base, paths, concurrency, seconds).await;
        print_row(name, figures(&outcome), outcome.errors);
        if name == WHOLE_WEEK {
            whole_week = figures(&outcome);
        }
    }
    // A member's page is their own (seats, join links, forms): rendered for each request.
    let paths = Arc::new(vec![format!("/events/{id}?day=all")]);
    let token = Some(token);
    load_as(&server.base, paths.clone(), concurrency, 1, token.clone()).await;
    let outcome = load_as(&server.base, paths, concurrency, seconds, token).await;
    print_row(
        "whole week, signed in (HTML)",
        figures(&outcome),
        outcome.errors,
    );
    println!(
        "resident memory after load: {:.1} MB",
        rss_kib(server.pid) as f64 / 1024.0
    );
    Ok(whole_week)
}

/// pretalx's whole week (`/schedule/nojs`), served by the peer's scripts: installed when
/// missing (`setup.sh`, a few minutes once), started, measured like our pages, stopped.
/// `None` when the peer cannot run here (said why).
async fn pretalx() -> anyhow::Result<Option<Figures>> {
    let scripts = std::env::var("CIRCULA_BENCH_PRETALX")
        .unwrap_or_else(|_| format!("{}/../shared/peers/pretalx", env!("CARGO_MANIFEST_DIR")));
    let scripts = std::path::PathBuf::from(scripts);
    if scripts.as_os_str() == "0" {
        return Ok(None);
    }
    if !scripts.join("serve.sh").exists() {
        println!(
            "\npretalx: no peer scripts at {} (set CIRCULA_BENCH_PRETALX)",
            scripts.display()
        );
        return Ok(None);
    }
    let root = std::env::var("PRETALX_BENCH_ROOT").unwrap_or_else(|_| "/tmp/peers/pretalx".into());
    if !std::path::Path::new(&root)
        .join("venv/bin/gunicorn")
        .exists()
    {
        println!(
            "\npretalx: installing with {}/setup.sh …",
            scripts.display()
        );
        let setup = std::process::Command::new(scripts.join("setup.sh"))
            .stdout(std::process::Stdio::null())
            .status()?;
        if !setup.success() {
            println!("pretalx: setup.sh failed ({setup}); no comparison");
            return Ok(None);
        }
    }
    let port = env_or("CIRCULA_BENCH_PRETALX_PORT", 8345u16);
    let serve = std::process::Command::new(scripts.join("serve.sh"))
        .arg(port.to_string())
        .stderr(std::process::Stdio::null())
        .output()?;
    if !serve.status.success() {
        println!("pretalx: serve.sh failed ({}); no comparison", serve.status);
        return Ok(None);
    }
    let seconds = env_or("CIRCULA_BENCH_SECONDS", 10u64);
    let concurrency = env_or("CIRCULA_BENCH_CONCURRENCY", 32usize);
    let base = format!("http://127.0.0.1:{port}");
    let paths = Arc::new(vec!["/eco-woche-2023/schedule/nojs".to_string()]);
    load_pages(&base, paths.clone(), concurrency, 5).await; // warm-up, as the peer's bench.sh
    let outcome = load_pages(&base, paths, concurrency, seconds).await;
    let _ = std::process::Command::new(scripts.join("stop.sh"))
        .arg(port.to_string())
        .stderr(std::process::Stdio::null())
        .status();
    println!("\n== pretalx (gunicorn, 2 sync workers, SQLite), the same client and settings");
    print_row(
        "/schedule/nojs, 80 talks (HTML)",
        figures(&outcome),
        outcome.errors,
    );
    Ok((outcome.requests > 0).then(|| figures(&outcome)))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let which = std::env::var("CIRCULA_BENCH_DB").unwrap_or_else(|_| "sqlite".into());
    println!(
        "Circula schedule benchmark ({} s per scenario, {} connections; client and server share this machine)",
        env_or("CIRCULA_BENCH_SECONDS", 10u64),
        env_or("CIRCULA_BENCH_CONCURRENCY", 32usize)
    );
    let mut ours = Vec::new();
    if which == "both" || which == "sqlite" {
        let data = tempfile::tempdir()?;
        let url = format!("sqlite://{}", data.path().join("circula.db").display());
        ours.push(("SQLite", run("SQLite", &url, data.path()).await?));
    }
    if which == "both" || which == "postgres" {
        let (url, scratch) = support::create_postgres_database("circula_bench_schedule").await?;
        let data = tempfile::tempdir()?;
        let result = run("PostgreSQL", &url, data.path()).await;
        support::drop_postgres_database(scratch).await?;
        ours.push(("PostgreSQL", result?));
    }
    if let Some((per_second, _, p99)) = pretalx().await? {
        println!(
            "\nwhole week on one page, Circula (visitor) against pretalx (targets: ≥200× requests/s, p99 ≤ 1/100):"
        );
        for (backend, (ours_per_second, _, ours_p99)) in ours {
            println!(
                "  {backend:<10} {:>8.0}× requests/s   p99 1/{:.0}",
                ours_per_second / per_second,
                p99 / ours_p99
            );
        }
    }
    Ok(())
}
