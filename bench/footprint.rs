//! Footprint benchmark: the resident memory of `circula serve --demo` (SQLite), idle with the
//! example content loaded, right after a burst of library uploads, and a minute later.
//!
//!     cargo bench --bench footprint
//!     CIRCULA_BENCH_UPLOADS=200 cargo bench --bench footprint   # a quicker burst
//!
//! Prints the kernel's figures for the server process (`VmRSS`, and its anonymous and
//! file-backed parts, from `/proc/PID/status`): idle after the demo load and a few page views,
//! right after CIRCULA_BENCH_UPLOADS (1,000) text documents uploaded through the JSON API by
//! CIRCULA_BENCH_CONCURRENCY (4) clients, then every 10 s for a minute. Targets: idle under
//! 50 MB; under 60 MB a minute after the burst. Settings: CIRCULA_BENCH_SETTLE (seconds of
//! quiet before the idle figure, default 15).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};
use support::{env_or, start_server_with, status_kib};

#[path = "support.rs"]
mod support;

const IDLE_TARGET_MB: f64 = 50.0;
const AFTER_BURST_TARGET_MB: f64 = 60.0;

const WORDS: [&str; 24] = [
    "recycling",
    "landfill",
    "compost",
    "sorting",
    "municipal",
    "Abfall",
    "Kreislauf",
    "Verwertung",
    "Deponie",
    "отходы",
    "переработка",
    "полигон",
    "сортировка",
    "қалдықтар",
    "жинау",
    "қайта",
    "plastic",
    "glass",
    "paper",
    "metal",
    "methane",
    "tariff",
    "collection",
    "container",
];

fn mb(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// The kernel's figures for the server: resident, anonymous and file-backed, in MB.
fn figures(pid: u32) -> String {
    format!(
        "{:.1} MB resident ({:.1} MB anonymous, {:.1} MB file-backed)",
        mb(status_kib(pid, "VmRSS")),
        mb(status_kib(pid, "RssAnon")),
        mb(status_kib(pid, "RssFile")),
    )
}

fn verdict(value_mb: f64, target_mb: f64) -> &'static str {
    if value_mb < target_mb {
        "met"
    } else {
        "MISSED"
    }
}

/// A text document of 300–700 words, different for every `n`.
fn text(n: usize) -> String {
    let mut rng = StdRng::seed_from_u64(n as u64);
    let words = rng.random_range(300..700);
    let mut out = format!("Report {n}\n\n");
    for i in 0..words {
        out.push_str(WORDS[rng.random_range(0..WORDS.len())]);
        out.push(if i % 12 == 11 { '\n' } else { ' ' });
    }
    out.push_str(&format!("\nreference-{n}\n"));
    out
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let uploads: usize = env_or("CIRCULA_BENCH_UPLOADS", 1_000);
    let concurrency: usize = env_or("CIRCULA_BENCH_CONCURRENCY", 4);
    let settle: u64 = env_or("CIRCULA_BENCH_SETTLE", 15);
    let data = tempfile::tempdir()?;
    let url = format!("sqlite://{}", data.path().join("circula.db").display());
    let started = Instant::now();
    let (server, _) = start_server_with(data.path(), &url, &["--demo"]).await?;
    let base = server.base.clone();
    println!(
        "serve --demo answered after {:.1} s: {}",
        started.elapsed().as_secs_f64(),
        figures(server.pid)
    );

    // A few page views, as a visitor and a member would make, then quiet.
    let client = reqwest::Client::new();
    let token: Value = client
        .post(format!("{base}/api/v1/auth/token"))
        .json(&json!({"email": "admin@circula.example", "password": "circula-demo-2023"}))
        .send()
        .await?
        .json()
        .await?;
    let token = token["token"]
        .as_str()
        .ok_or_else(|| anyhow::anyhow!("no token: {token}"))?
        .to_string();
    for path in [
        "/",
        "/events",
        "/library",
        "/library?q=recycling",
        "/members",
        "/api/v1/library/search?q=отходы",
    ] {
        let status = client
            .get(format!("{base}{path}"))
            .bearer_auth(&token)
            .send()
            .await?
            .status();
        anyhow::ensure!(status.is_success(), "{path}: {status}");
    }
    tokio::time::sleep(Duration::from_secs(settle)).await;
    let idle = status_kib(server.pid, "VmRSS");
    println!(
        "idle, {settle} s after the demo load and a few page views: {} — target < {IDLE_TARGET_MB} MB: {}",
        figures(server.pid),
        verdict(mb(idle), IDLE_TARGET_MB)
    );

    // The burst: `uploads` text documents through the JSON API.
    let next = Arc::new(AtomicUsize::new(0));
    let burst = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (client, base, token, next) =
            (client.clone(), base.clone(), token.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= uploads {
                    return anyhow::Ok(());
                }
                let form = reqwest::multipart::Form::new()
                    .text("title", format!("Burst report {n}"))
                    .text("doc_type", "report")
                    .text("visibility", if n % 5 == 0 { "members" } else { "public" })
                    .part(
                        "file",
                        reqwest::multipart::Part::bytes(text(n).into_bytes())
                            .file_name(format!("report-{n}.txt")),
                    );
                let response = client
                    .post(format!("{base}/api/v1/library/documents"))
                    .bearer_auth(&token)
                    .multipart(form)
                    .send()
                    .await?;
                anyhow::ensure!(
                    response.status().as_u16() == 201,
                    "upload {n}: {}",
                    response.status()
                );
            }
        }));
    }
    for task in tasks {
        task.await??;
    }
    let took = burst.elapsed();
    println!(
        "{uploads} uploads by {concurrency} clients in {:.1} s ({:.0}/s); right after: {}",
        took.as_secs_f64(),
        uploads as f64 / took.as_secs_f64(),
        figures(server.pid)
    );
    for second in (10..=60).step_by(10) {
        tokio::time::sleep(Duration::from_secs(10)).await;
        println!("  {second} s later: {}", figures(server.pid));
    }
    let after = status_kib(server.pid, "VmRSS");
    println!(
        "a minute after the burst: {:.1} MB — target < {AFTER_BURST_TARGET_MB} MB: {}",
        mb(after),
        verdict(mb(after), AFTER_BURST_TARGET_MB)
    );
    // The uploads are searchable (the burst was indexed, not only stored).
    let found: Value = client
        .get(format!(
            "{base}/api/v1/library/search?q=reference-{}",
            uploads - 1
        ))
        .bearer_auth(&token)
        .send()
        .await?
        .json()
        .await?;
    println!("search for the last upload: {} hit(s)", found["total"]);
    Ok(())
}
