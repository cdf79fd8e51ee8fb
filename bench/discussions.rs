//! Discussions benchmark: 50,000 topics and 500,000 replies in six categories, served by the
//! real `circula serve` process. Categories and the first member come through the API; the
//! topics and replies are written straight into the database in large transactions (through
//! the API this would take far longer than the measurement), with the counts the application
//! keeps (`post_count`, `reply_count`, `last_post_at`).
//!
//! Prints how fast the server's search index follows the change feed over all of it, then
//! requests/s and latency p50/p99 for the latest-topics page, a category's page, deeper pages,
//! a topic page of 200 replies (HTML and JSON) and searches: first as a visitor who is not
//! signed in (pages kept in the render cache, rendered once per change), then as a signed-in
//! member (made for each request). Target with SQLite on a 2-core machine: at least 3,000
//! requests/s with p99 under 30 ms.
//!
//!     cargo bench --bench discussions                  # SQLite (the target)
//!     CIRCULA_BENCH_DB=both cargo bench --bench discussions
//!
//! Settings: CIRCULA_BENCH_SECONDS (per scenario, default 10), CIRCULA_BENCH_CONCURRENCY
//! (connections, default 32), CIRCULA_BENCH_TOPICS (default 50,000), CIRCULA_BENCH_REPLIES
//! (default 500,000), CIRCULA_TEST_POSTGRES.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sqlx::any::AnyPoolOptions;
use support::{env_or, load_as, percentile, rss_kib, start_server};

#[path = "support.rs"]
mod support;

const WORDS: [&str; 16] = [
    "separate",
    "collection",
    "Тараз",
    "отходы",
    "Verpackung",
    "recycling",
    "қалдықтар",
    "landfill",
    "компост",
    "EPR",
    "containers",
    "Sortierung",
    "тариф",
    "municipal",
    "pilot",
    "Almaty",
];

/// Searches: a rare pair, a Russian word in another case, a German stem, a common word.
const SEARCHES: [&str; 4] = ["pilot Тараз", "отходов", "Verpackungen", "recycling"];

fn urlencode(q: &str) -> String {
    url::form_urlencoded::byte_serialize(q.as_bytes()).collect()
}

fn text(seed: usize, words: usize) -> String {
    (0..words)
        .map(|i| WORDS[(seed * 31 + i * 7) % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

/// Registers the first member (an admin) and the six categories; answers the member's id, their
/// token and the category ids.
async fn seed_api(base: &str) -> anyhow::Result<(i64, String, Vec<i64>)> {
    let client = reqwest::Client::new();
    let register = client
        .post(format!("{base}/api/v1/auth/register"))
        .json(&json!({"email": "admin@bench.test", "password": "Bench-Admin-2023", "name": "Bench Admin"}))
        .send()
        .await?;
    anyhow::ensure!(
        register.status().is_success(),
        "register: {}",
        register.status()
    );
    let token: Value = client
        .post(format!("{base}/api/v1/auth/token"))
        .json(&json!({"email": "admin@bench.test", "password": "Bench-Admin-2023"}))
        .send()
        .await?
        .json()
        .await?;
    let member = token["member_id"].as_i64().unwrap_or_default();
    let token = token["token"].as_str().unwrap_or_default().to_string();
    let mut categories = Vec::new();
    for slug in [
        "municipal-waste",
        "recycling-markets",
        "legislation-and-epr",
        "landfills",
        "education",
        "cooperation",
    ] {
        let created: Value = client
            .post(format!("{base}/api/v1/discussions/categories"))
            .bearer_auth(&token)
            .json(&json!({"slug": slug, "texts": [{"locale": "en", "name": slug}]}))
            .send()
            .await?
            .json()
            .await?;
        categories.push(
            created["id"]
                .as_i64()
                .ok_or_else(|| anyhow::anyhow!("category: {created}"))?,
        );
    }
    Ok((member, token, categories))
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Writes the topics and replies; answers the id of a topic with exactly 200 replies.
async fn seed_posts(
    url: &str,
    member: i64,
    categories: &[i64],
    topics: usize,
    replies: usize,
) -> anyhow::Result<i64> {
    sqlx::any::install_default_drivers();
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await?;
    let start = 1_700_000_000_000i64;
    // Topic 1 gets 200 replies; the rest are spread evenly.
    let per_topic = |t: usize| -> usize {
        if t == 0 {
            200
        } else {
            (replies.saturating_sub(200)) / (topics - 1)
                + usize::from(t <= (replies.saturating_sub(200)) % (topics - 1))
        }
    };
    const BATCH: usize = 500;
    let mut first_id = None;
    let mut tx = pool.begin().await?;
    for chunk_start in (0..topics).step_by(BATCH) {
        let chunk_end = (chunk_start + BATCH).min(topics);
        let mut sql = String::from(
            "INSERT INTO discussion_topics (category_id, author_id, title, pending, post_count, \
             reply_count, last_post_at, last_author_id, created_at) VALUES ",
        );
        for t in chunk_start..chunk_end {
            let n = per_topic(t) as i64;
            let created = start + t as i64 * 60_000;
            if t > chunk_start {
                sql.push(',');
            }
            sql.push_str(&format!(
                "({}, {member}, {}, 0, {}, {n}, {}, {member}, {created})",
                categories[t % categories.len()],
                quote(&format!("Topic {t}: {}", text(t, 6))),
                n + 1,
                created + n * 1_000,
            ));
        }
        sqlx::query(&sql).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM discussion_topics ORDER BY id")
        .fetch_all(&pool)
        .await?;
    let mut tx = pool.begin().await?;
    let mut rows = Vec::with_capacity(BATCH);
    for (t, topic) in ids.iter().enumerate() {
        first_id.get_or_insert(*topic);
        let created = start + t as i64 * 60_000;
        for number in 1..=per_topic(t) + 1 {
            let body = text(t + number, 40);
            rows.push(format!(
                "({topic}, {member}, {number}, {}, {}, 0, {})",
                quote(&body),
                quote(&format!("<p>{body}</p>")),
                created + (number as i64 - 1) * 1_000
            ));
            if rows.len() == BATCH {
                flush(&mut tx, &mut rows).await?;
            }
        }
    }
    flush(&mut tx, &mut rows).await?;
    // What the application's writes would have recorded: one change per topic, for the
    // search index to follow.
    sqlx::query(
        "INSERT INTO discussion_changes (topic_id, created_at) SELECT id, 0 FROM discussion_topics",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    pool.close().await;
    first_id.ok_or_else(|| anyhow::anyhow!("no topics"))
}

async fn flush(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    rows: &mut Vec<String>,
) -> anyhow::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO discussion_posts (topic_id, author_id, number, body, body_html, pending, \
         created_at) VALUES {}",
        rows.join(",")
    );
    sqlx::query(&sql).execute(&mut **tx).await?;
    rows.clear();
    Ok(())
}

async fn run(backend: &str, url: &str, data: &std::path::Path) -> anyhow::Result<()> {
    let seconds = env_or("CIRCULA_BENCH_SECONDS", 10u64);
    let concurrency = env_or("CIRCULA_BENCH_CONCURRENCY", 32usize);
    let topics = env_or("CIRCULA_BENCH_TOPICS", 50_000usize).max(2);
    let replies = env_or("CIRCULA_BENCH_REPLIES", 500_000usize).max(200);
    let (server, _) = start_server(data, url).await?;
    let t = Instant::now();
    let (member, token, categories) = seed_api(&server.base).await?;
    let big = seed_posts(url, member, &categories, topics, replies).await?;
    println!(
        "\n== {backend}: {topics} topics and {replies} replies written in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    // The server follows the change feed into its search index: wait for the last topic.
    let t = Instant::now();
    let client = reqwest::Client::new();
    loop {
        let found: Value = client
            .get(format!(
                "{}/api/v1/discussions/topics?q={}",
                server.base,
                topics - 1
            ))
            .send()
            .await?
            .json()
            .await?;
        // (A near miss does not count: with no exact match, the search tries one typo off.)
        let last = format!("Topic {}:", topics - 1);
        if found["items"][0]["title"]
            .as_str()
            .is_some_and(|t| t.starts_with(&last))
        {
            break;
        }
        anyhow::ensure!(
            t.elapsed() < Duration::from_secs(1800),
            "the index did not catch up"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let took = t.elapsed().as_secs_f64();
    println!(
        "search index: {topics} topics with their replies indexed from the feed in {took:.1} s ({:.0} topics/s)",
        topics as f64 / took
    );
    // Visitors who are not signed in get pages kept in the render cache (rendered once per
    // change of the discussions); a signed-in member's pages and answers are made for each
    // request, from the database and the search index.
    let topic = format!("/discussions/topics/{big}");
    let topic_json = format!("/api/v1/discussions/topics/{big}");
    let searches = |base: &str| -> Vec<String> {
        SEARCHES
            .iter()
            .map(|q| format!("{base}?q={}", urlencode(q)))
            .collect()
    };
    let scenarios: Vec<(&str, Vec<String>, bool)> = vec![
        ("latest topics (HTML)", vec!["/discussions".into()], false),
        (
            "a category's topics (HTML)",
            categories
                .iter()
                .map(|c| format!("/discussions?category={c}"))
                .collect(),
            false,
        ),
        (
            "latest, pages 2–5 (HTML)",
            (2..=5).map(|p| format!("/discussions?page={p}")).collect(),
            false,
        ),
        ("topic of 200 replies (HTML)", vec![topic.clone()], false),
        (
            "topic of 200 replies (JSON)",
            vec![topic_json.clone()],
            false,
        ),
        ("search, 4 queries (HTML)", searches("/discussions"), false),
        (
            "member: latest topics (HTML)",
            vec!["/discussions".into()],
            true,
        ),
        (
            "member: a category's topics (HTML)",
            categories
                .iter()
                .map(|c| format!("/discussions?category={c}"))
                .collect(),
            true,
        ),
        (
            "member: latest topics (JSON)",
            vec!["/api/v1/discussions/topics".into()],
            true,
        ),
        ("member: topic of 200 replies (HTML)", vec![topic], true),
        (
            "member: topic of 200 replies (JSON)",
            vec![topic_json],
            true,
        ),
        (
            "member: search, 4 queries (JSON)",
            searches("/api/v1/discussions/topics"),
            true,
        ),
    ];
    println!(
        "{:<38} {:>10} {:>9} {:>9} {:>7}",
        "scenario", "req/s", "p50 ms", "p99 ms", "errors"
    );
    for (name, paths, member) in scenarios {
        let paths = Arc::new(paths);
        let token = member.then(|| token.clone());
        load_as(&server.base, paths.clone(), concurrency, 1, token.clone()).await; // warm-up
        let outcome = load_as(&server.base, paths, concurrency, seconds, token).await;
        println!(
            "{:<38} {:>10.0} {:>9.2} {:>9.2} {:>7}",
            name,
            outcome.per_second(),
            percentile(&outcome.latencies, 0.50),
            percentile(&outcome.latencies, 0.99),
            outcome.errors
        );
    }
    println!("target: at least 3,000 requests/s with p99 under 30 ms (SQLite, 2 cores)");
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
        "Circula discussions benchmark ({} s per scenario, {} connections; client and server share this machine)",
        env_or("CIRCULA_BENCH_SECONDS", 10u64),
        env_or("CIRCULA_BENCH_CONCURRENCY", 32usize)
    );
    if which == "both" || which == "sqlite" {
        let data = tempfile::tempdir()?;
        let url = format!("sqlite://{}", data.path().join("circula.db").display());
        run("SQLite", &url, data.path()).await?;
    }
    if which == "both" || which == "postgres" {
        let (url, scratch) = support::create_postgres_database("circula_bench_discussions").await?;
        let data = tempfile::tempdir()?;
        let result = run("PostgreSQL", &url, data.path()).await;
        support::drop_postgres_database(scratch).await?;
        result?;
    }
    Ok(())
}
