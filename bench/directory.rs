//! Directory benchmark: 10,000 generated members, then load on the HTML directory page and the
//! JSON directory search, against the real `circula serve` process, on SQLite and PostgreSQL.
//!
//! Prints requests/s and latency p50/p99 per scenario, the server's resident memory when idle
//! and after the load, and the time from process start to the first answered request.
//!
//!     cargo bench --bench directory                 # both databases
//!     CIRCULA_BENCH_DB=sqlite cargo bench --bench directory
//!
//! Settings: CIRCULA_BENCH_SECONDS (per scenario, default 10), CIRCULA_BENCH_CONCURRENCY
//! (connections, default 32), CIRCULA_BENCH_MEMBERS (default 10000), CIRCULA_TEST_POSTGRES,
//! CIRCULA_BENCH_KEEP (a folder to keep the seeded SQLite database in, for profiling).

use std::sync::Arc;
use std::time::{Duration, Instant};

use circula::store::{Db, fold, now_ms};
use support::{env_or, load, percentile, rss_kib, start_server};

#[path = "support.rs"]
mod support;

const CITIES: [(&str, &str, &str); 10] = [
    ("Алматы", "KZ", "Asia/Almaty"),
    ("Астана", "KZ", "Asia/Almaty"),
    ("Шымкент", "KZ", "Asia/Almaty"),
    ("Тараз", "KZ", "Asia/Almaty"),
    ("Караганда", "KZ", "Asia/Almaty"),
    ("Berlin", "DE", "Europe/Berlin"),
    ("München", "DE", "Europe/Berlin"),
    ("Augsburg", "DE", "Europe/Berlin"),
    ("Tashkent", "UZ", "Asia/Tashkent"),
    ("Bishkek", "KG", "Asia/Bishkek"),
];
const FIRST: [&str; 12] = [
    "Айгерим",
    "Даулет",
    "Ольга",
    "Асель",
    "Тимур",
    "Ерлан",
    "Markus",
    "Sabine",
    "Jonas",
    "Anna",
    "Dilnoza",
    "Nurlan",
];
const LAST: [&str; 12] = [
    "Сапарова",
    "Нұрланұлы",
    "Иванова",
    "Тулегенова",
    "Сейткали",
    "Абенов",
    "Weber",
    "Koch",
    "Hartmann",
    "Schmidt",
    "Karimova",
    "Bekov",
];
const POSITIONS: [&str; 6] = [
    "Engineer",
    "Директор",
    "Projektleiterin",
    "Researcher",
    "Маман",
    "Consultant",
];
const BIO_WORDS: [&str; 24] = [
    "recycling",
    "landfill",
    "compost",
    "sorting",
    "переработка",
    "полигон",
    "отходы",
    "компост",
    "Kreislaufwirtschaft",
    "Deponie",
    "Abfall",
    "Sortieranlage",
    "қалдық",
    "қайта",
    "өңдеу",
    "экология",
    "municipal",
    "collection",
    "energy",
    "plastic",
    "paper",
    "glass",
    "metal",
    "organic",
];
const KINDS: [&str; 6] = [
    "company",
    "public_body",
    "ngo",
    "research",
    "association",
    "chamber",
];
const LANGS: [&str; 6] = ["en", "de", "ru", "kk", "uz", "tr"];
const QUERIES: [&str; 10] = [
    "алматы",
    "weber",
    "переработка",
    "deponie",
    "sorting",
    "тараз",
    "engineer",
    "компост",
    "koch",
    "қалдық",
];

/// A small deterministic generator, so every run seeds the same members.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

/// A made-up word from syllables, Latin or Cyrillic: some 20,000 different ones.
fn filler_word(rng: &mut Rng) -> String {
    const LATIN: [&str; 12] = [
        "ka", "ro", "mi", "sta", "len", "do", "ver", "an", "tu", "gri", "bel", "os",
    ];
    const CYRILLIC: [&str; 12] = [
        "ка", "ро", "ми", "ста", "лен", "до", "вер", "ан", "ту", "гри", "бел", "ос",
    ];
    let syllables = if rng.next().is_multiple_of(2) {
        &LATIN
    } else {
        &CYRILLIC
    };
    (0..2 + rng.next() % 3)
        .map(|_| *rng.pick(syllables))
        .collect()
}

async fn seed(url: &str, members: usize) -> anyhow::Result<()> {
    let db = Db::connect(url).await?;
    circula::members::ensure_taxonomy(&db).await?;
    let taxonomy = circula::members::db::taxonomy(&db).await?;
    let hash = circula::accounts::model::hash_password("bench-password-not-used")?;
    let mut rng = Rng(0x2023_0221);
    let mut tx = db.pool.begin().await?;
    let mut org_ids = Vec::new();
    for i in 0..200 {
        let name = format!(
            "{} {} {}",
            rng.pick(&["Eco", "Green", "Kreislauf", "Таза", "Жасыл"]),
            rng.pick(&LAST),
            i
        );
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO organisations (name, name_key, kind, country, city, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(&name)
        .bind(fold(&name))
        .bind(*rng.pick(&KINDS))
        .bind("KZ")
        .bind("Алматы")
        .bind(now_ms())
        .fetch_one(&mut *tx)
        .await?;
        org_ids.push((id, name));
    }
    for i in 0..members {
        let name = format!("{} {}", rng.pick(&FIRST), rng.pick(&LAST));
        let (city, country, tz) = *rng.pick(&CITIES);
        let position = *rng.pick(&POSITIONS);
        let (org_id, org_name) = rng.pick(&org_ids).clone();
        // A quarter of a bio's words are the sector's common words, the rest vary.
        let bio: Vec<String> = (0..30)
            .map(|_| match rng.next() % 4 {
                0 => rng.pick(&BIO_WORDS).to_string(),
                _ => filler_word(&mut rng),
            })
            .collect();
        let bio = bio.join(" ");
        let areas: Vec<&circula::members::db::ExpertiseRow> =
            (0..3).map(|_| rng.pick(&taxonomy)).collect();
        let mut search = vec![
            name.clone(),
            position.to_string(),
            city.to_string(),
            org_name.clone(),
        ];
        for area in &areas {
            search.extend([
                area.name_en.clone(),
                area.name_de.clone(),
                area.name_ru.clone(),
                area.name_kk.clone(),
            ]);
        }
        search.push(bio.clone());
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO members (email, password_hash, name, role, status, position, organisation_id, country, city,
                bio, bio_html, timezone, locale, sort_name, created_at)
             VALUES ($1, $2, $3, 'member', 'active', $4, $5, $6, $7, $8, $9, $10, 'en', $11, $12) RETURNING id",
        )
        .bind(format!("member{i}@bench.circula.test"))
        .bind(&hash)
        .bind(&name)
        .bind(position)
        .bind(org_id)
        .bind(country)
        .bind(city)
        .bind(&bio)
        .bind(format!("<p>{bio}</p>"))
        .bind(tz)
        .bind(fold(&name))
        .bind(now_ms())
        .fetch_one(&mut *tx)
        .await?;
        let terms = circula::store::terms(&search.join(" "));
        let mut sql =
            circula::store::Sql::new("INSERT INTO member_terms (member_id, term) VALUES ");
        for (i, term) in terms.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.push_bind(id).push(", ").push_bind(term).push(")");
        }
        sql.query().execute(&mut *tx).await?;
        let mut seen = Vec::new();
        for area in areas {
            if !seen.contains(&area.id) {
                seen.push(area.id);
                sqlx::query(
                    "INSERT INTO member_expertise (member_id, expertise_id) VALUES ($1, $2)",
                )
                .bind(id)
                .bind(area.id)
                .execute(&mut *tx)
                .await?;
            }
        }
        let lang = *rng.pick(&LANGS);
        sqlx::query("INSERT INTO member_languages (member_id, language) VALUES ($1, $2)")
            .bind(id)
            .bind(lang)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    // Fresh statistics and visibility maps, as autovacuum gives a database that has been
    // running a while.
    let maintenance = match db.backend {
        circula::store::Backend::Sqlite => "ANALYZE",
        circula::store::Backend::Postgres => "VACUUM ANALYZE",
    };
    sqlx::query(maintenance).execute(&db.pool).await?;
    db.pool.close().await;
    Ok(())
}

async fn run(backend: &str, url: &str, data: &std::path::Path) -> anyhow::Result<()> {
    let members = env_or("CIRCULA_BENCH_MEMBERS", 10_000usize);
    let seconds = env_or("CIRCULA_BENCH_SECONDS", 10u64);
    let concurrency = env_or("CIRCULA_BENCH_CONCURRENCY", 32usize);
    let t = Instant::now();
    seed(url, members).await?;
    println!(
        "\n== {backend}: {members} members seeded in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let (server, startup) = start_server(data, url).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle = rss_kib(server.pid);
    println!(
        "start to first answered request: {:.0} ms",
        startup.as_secs_f64() * 1000.0
    );
    println!("idle resident memory: {:.1} MB", idle as f64 / 1024.0);

    let pages = (members as i64 + 19) / 20;
    let scenarios: Vec<(&str, Vec<String>)> = vec![
        ("directory page 1 (HTML)", vec!["/members".to_string()]),
        (
            "directory, any page (HTML)",
            (1..=pages.min(500))
                .map(|p| format!("/members?page={p}"))
                .collect(),
        ),
        (
            "directory search (HTML)",
            QUERIES
                .iter()
                .map(|q| format!("/members?q={}", urlencode(q)))
                .collect(),
        ),
        (
            "/api/v1/members?q=",
            QUERIES
                .iter()
                .map(|q| format!("/api/v1/members?q={}", urlencode(q)))
                .collect(),
        ),
    ];
    println!(
        "{:<30} {:>10} {:>9} {:>9} {:>7}",
        "scenario", "req/s", "p50 ms", "p99 ms", "errors"
    );
    for (name, paths) in scenarios {
        let paths = Arc::new(paths);
        load(&server.base, paths.clone(), concurrency, 1).await; // warm-up
        let outcome = load(&server.base, paths, concurrency, seconds).await;
        println!(
            "{:<30} {:>10.0} {:>9.2} {:>9.2} {:>7}",
            name,
            outcome.requests as f64 / outcome.elapsed.as_secs_f64(),
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

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    // `cargo bench` passes `--bench`; nothing else is accepted.
    let which = std::env::var("CIRCULA_BENCH_DB").unwrap_or_else(|_| "both".into());
    println!(
        "Circula directory benchmark ({} s per scenario, {} connections; client and server share this machine)",
        env_or("CIRCULA_BENCH_SECONDS", 10u64),
        env_or("CIRCULA_BENCH_CONCURRENCY", 32usize)
    );
    if which == "both" || which == "sqlite" {
        let data = tempfile::tempdir()?;
        // CIRCULA_BENCH_KEEP=DIR keeps the seeded SQLite database there, for profiling.
        let keep = std::env::var("CIRCULA_BENCH_KEEP")
            .ok()
            .map(std::path::PathBuf::from);
        let dir = keep.clone().unwrap_or_else(|| data.path().to_path_buf());
        std::fs::create_dir_all(&dir)?;
        let url = format!("sqlite://{}", dir.join("circula.db").display());
        run("SQLite", &url, &dir).await?;
    }
    if which == "both" || which == "postgres" {
        let (url, scratch) = support::create_postgres_database("circula_bench").await?;
        let data = tempfile::tempdir()?;
        let result = run("PostgreSQL", &url, data.path()).await;
        if std::env::var_os("CIRCULA_BENCH_KEEP").is_some() {
            println!("kept the PostgreSQL database {url}");
        } else {
            support::drop_postgres_database(scratch).await?;
        }
        result?;
    }
    Ok(())
}
