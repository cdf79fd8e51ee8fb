//! Library search benchmark: a generated multilingual corpus (German, Russian, English, Kazakh),
//! indexed by the library's tantivy index and by SQLite FTS5 in the same run, then the same
//! one-, two- and five-word queries against both.
//!
//!     cargo bench --bench library                          # 100,000 documents
//!     CIRCULA_BENCH_DOCS=10000 cargo bench --bench library # a quick run
//!
//! Prints indexing throughput (documents/s) and query latency p50/p99 per query length for
//! both, and the ratio of FTS5's p99 to ours. A tantivy query is the library's whole search:
//! all words must match in any language (stemmed), BM25 top 10, the total count, the facet
//! counts (type, language, topic, year) and a highlighted snippet per hit. The FTS5 baseline
//! does the same minus the facets: `MATCH` with BM25 rank, top 10 with `snippet()`, and a
//! `count(*)`. Words are generated from syllables of each language with a Zipf distribution
//! over 20,000 words per language; documents have 150–600 words (mean 375) and a title.
//! Settings: CIRCULA_BENCH_DOCS (default 100000), CIRCULA_BENCH_FTS5=0 (skip the baseline, to
//! profile ours), CIRCULA_BENCH_QUERIES (per length, default 300), CIRCULA_BENCH_WRITER_THREADS
//! and CIRCULA_BENCH_WRITER_MEMORY (bytes; default the server's writer,
//! `library::WRITER_THREADS` and `WRITER_MEMORY`).

use std::time::{Duration, Instant};

use circula::library::index::{IndexDoc, SearchIndex, SearchParams};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

const VOCABULARY: usize = 20_000;

struct Language {
    code: &'static str,
    syllables: &'static [&'static str],
    endings: &'static [&'static str],
}

const LANGUAGES: [Language; 4] = [
    Language {
        code: "en",
        syllables: &[
            "re", "cy", "cle", "waste", "land", "fill", "com", "post", "plas", "tic", "pa", "per",
            "glass", "met", "al", "or", "gan", "col", "lec", "tion", "sort", "en", "er", "gy",
            "man", "age", "ment", "pol", "i", "cy", "mu", "ni", "ci", "pal", "con", "tain", "dis",
            "pos", "ure", "tre", "at", "ment", "struc", "ture", "ver", "sion", "mar", "ket",
        ],
        endings: &["", "", "s", "ed", "ing", "er"],
    },
    Language {
        code: "de",
        syllables: &[
            "ab", "fall", "wirt", "schaft", "ver", "wer", "tung", "samm", "lung", "kreis", "lauf",
            "de", "po", "nie", "müll", "ge", "setz", "richt", "li", "um", "welt", "schutz",
            "stoff", "glas", "pa", "pier", "bio", "gas", "an", "la", "ge", "sor", "tier", "ent",
            "sor", "gung", "be", "trieb", "kom", "mu", "nal", "ä", "rung", "grün", "wert", "ü",
        ],
        endings: &["", "", "e", "en", "es", "er", "n"],
    },
    Language {
        code: "ru",
        syllables: &[
            "от", "хо", "д", "пе", "ре", "ра", "бот", "сбор", "му", "сор", "по", "ли", "гон",
            "эко", "ло", "ги", "за", "кон", "ут", "ил", "из", "ци", "сор", "ти", "ров", "пред",
            "при", "я", "ти", "вод", "ство", "про", "из", "пла", "стик", "бу", "ма", "ги", "сте",
            "кло", "тех", "но", "кон", "тей", "нер", "пол", "ни", "тель",
        ],
        endings: &["", "а", "ы", "ов", "ам", "ами", "ах", "ой", "е", "у"],
    },
    Language {
        code: "kk",
        syllables: &[
            "қал", "дық", "жи", "нау", "өң", "деу", "қор", "ша", "ған", "ор", "та", "заң", "қай",
            "ү", "ні", "мді", "лік", "сұ", "рып", "тау", "ке", "ңес", "қа", "ла", "ау", "дан",
            "ын", "ты", "мақ", "сат", "жүй", "е", "кә", "сіп", "о", "рын", "бақ", "ы", "лау",
            "әкім", "дік", "құ", "рал", "жұ", "мыс", "тұр", "ғын", "дар",
        ],
        endings: &["", "", "лар", "дың", "ға", "ды", "да", "мен"],
    },
];

const TYPES: [&str; 7] = [
    "law",
    "study",
    "presentation",
    "guide",
    "report",
    "concept",
    "other",
];
const TOPICS: [&str; 8] = [
    "waste-collection",
    "sorting",
    "recycling",
    "composting",
    "landfill",
    "legislation-epr",
    "circular-economy",
    "research",
];

/// Words of one language and a Zipf sampler over them.
struct Words {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Words {
    fn new(language: &Language, rng: &mut StdRng) -> Words {
        let mut seen = std::collections::HashSet::new();
        let mut words = Vec::with_capacity(VOCABULARY);
        while words.len() < VOCABULARY {
            let n = rng.random_range(2..=4);
            let mut word = String::new();
            for _ in 0..n {
                word.push_str(language.syllables[rng.random_range(0..language.syllables.len())]);
            }
            if seen.insert(word.clone()) {
                words.push(word);
            }
        }
        let mut total = 0.0;
        let cumulative = (1..=VOCABULARY)
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Words { words, cumulative }
    }

    fn sample(&self, rng: &mut StdRng, top: usize) -> &str {
        let top = top.min(self.words.len());
        let x = rng.random::<f64>() * self.cumulative[top - 1];
        let i = self.cumulative.partition_point(|c| *c < x);
        &self.words[i.min(top - 1)]
    }

    fn text(&self, language: &Language, rng: &mut StdRng, count: usize) -> String {
        let mut out = String::with_capacity(count * 9);
        for i in 0..count {
            if i > 0 {
                out.push(if i % 17 == 0 { '.' } else { ' ' });
                if i % 17 == 0 {
                    out.push(' ');
                }
            }
            out.push_str(self.sample(rng, VOCABULARY));
            out.push_str(language.endings[rng.random_range(0..language.endings.len())]);
        }
        out
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    }
    let count: usize = std::env::var("CIRCULA_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let queries_per_length: usize = std::env::var("CIRCULA_BENCH_QUERIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let mut rng = StdRng::seed_from_u64(2023);
    let vocabularies: Vec<Words> = LANGUAGES.iter().map(|l| Words::new(l, &mut rng)).collect();

    println!("library benchmark: generating {count} documents (de, ru, en, kk) …");
    let mut docs = Vec::with_capacity(count);
    let mut words_total = 0usize;
    for id in 1..=count {
        let l = rng.random_range(0..LANGUAGES.len());
        let language = &LANGUAGES[l];
        let words = &vocabularies[l];
        let length = rng.random_range(150..=600);
        words_total += length;
        let title_length = rng.random_range(4..=10);
        docs.push(IndexDoc {
            id: id as i64,
            kind: "file".into(),
            title: words.text(language, &mut rng, title_length),
            about: String::new(),
            body: words.text(language, &mut rng, length),
            doc_type: TYPES[rng.random_range(0..TYPES.len())].into(),
            languages: vec![language.code.into()],
            topics: vec![TOPICS[rng.random_range(0..TOPICS.len())].into()],
            year: Some(rng.random_range(2000..=2025)),
            visibility: if rng.random_bool(0.8) {
                "public"
            } else {
                "members"
            }
            .into(),
            format: Some("pdf".into()),
            created_at: id as i64,
        });
    }
    let bytes: usize = docs.iter().map(|d| d.body.len() + d.title.len()).sum();
    println!(
        "corpus: {count} documents, {} words on average, {:.0} MB of text",
        words_total / count.max(1),
        bytes as f64 / 1e6
    );

    // tantivy, through the library's own index.
    let dir = tempfile::tempdir()?;
    let (index, _) = SearchIndex::open(&dir.path().join("index"))?;
    // The writer a server opens (one thread, a small budget); CIRCULA_BENCH_WRITER_MEMORY
    // (bytes) and CIRCULA_BENCH_WRITER_THREADS try others.
    let threads = env_or(
        "CIRCULA_BENCH_WRITER_THREADS",
        circula::library::WRITER_THREADS,
    );
    let memory = env_or(
        "CIRCULA_BENCH_WRITER_MEMORY",
        circula::library::WRITER_MEMORY,
    );
    let started = Instant::now();
    let mut writer = index.store().writer(threads, memory)?;
    index.add_new(&writer, &docs)?;
    index.store().commit(&mut writer, 1)?;
    let tantivy_indexing = started.elapsed();
    let tantivy_rate = count as f64 / tantivy_indexing.as_secs_f64();
    let committed_segments = index.store().num_segments();
    // Then, as a server closes its writer when quiet: the merges its commit made possible end
    // before the writer goes, and searches see the merged segments.
    let merging = Instant::now();
    writer.wait_merging_threads()?;
    index.store().reload()?;
    println!(
        "tantivy indexing ({threads} thread(s), {} MB): {:.1} s, {:.0} documents/s (target ≥ 5,000), \
         {committed_segments} segments, merged into {} in {:.1} s more",
        memory / 1_000_000,
        tantivy_indexing.as_secs_f64(),
        tantivy_rate,
        index.store().num_segments(),
        merging.elapsed().as_secs_f64()
    );

    // SQLite FTS5 with the same corpus (CIRCULA_BENCH_FTS5=0 skips it, to profile ours).
    let baseline = std::env::var("CIRCULA_BENCH_FTS5").map_or(true, |v| v != "0");
    let options = SqliteConnectOptions::new()
        .filename(dir.path().join("fts.db"))
        .create_if_missing(true)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .synchronous(sqlx::sqlite::SqliteSynchronous::Normal);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await?;
    sqlx::query("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'unicode61')")
        .execute(&pool)
        .await?;
    let started = Instant::now();
    for batch in docs
        .chunks(1000)
        .take(if baseline { usize::MAX } else { 0 })
    {
        let mut tx = pool.begin().await?;
        for doc in batch {
            sqlx::query("INSERT INTO docs (rowid, title, body) VALUES (?1, ?2, ?3)")
                .bind(doc.id)
                .bind(&doc.title)
                .bind(&doc.body)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
    }
    let fts_indexing = started.elapsed();
    println!(
        "FTS5 indexing:    {:.1} s, {:.0} documents/s",
        fts_indexing.as_secs_f64(),
        count as f64 / fts_indexing.as_secs_f64()
    );
    drop(docs);

    println!();
    println!("query latency over {queries_per_length} queries per length (machine shared):");
    println!("words | tantivy p50    p99   hits | FTS5 p50     p99   hits | p99 FTS5/tantivy");
    let mut worst_p99 = Duration::ZERO;
    let mut worst_ratio = f64::MAX;
    for length in [1usize, 2, 5] {
        let queries: Vec<(usize, Vec<String>)> = (0..queries_per_length)
            .map(|_| {
                let l = rng.random_range(0..LANGUAGES.len());
                let words = (0..length)
                    .map(|_| vocabularies[l].sample(&mut rng, 3000).to_string())
                    .collect();
                (l, words)
            })
            .collect();
        // Warm both up with the first queries.
        for (_, words) in queries.iter().take(20) {
            let params = SearchParams {
                q: words.join(" "),
                page: 1,
                per_page: 10,
                members: true,
                ..SearchParams::default()
            };
            index.search(&params)?;
        }
        let mut ours = Vec::with_capacity(queries.len());
        let mut our_hits = 0usize;
        for (_, words) in &queries {
            let params = SearchParams {
                q: words.join(" "),
                page: 1,
                per_page: 10,
                members: true,
                ..SearchParams::default()
            };
            let started = Instant::now();
            let results = index.search(&params)?;
            ours.push(started.elapsed());
            our_hits += results.total;
        }
        let mut theirs = Vec::with_capacity(queries.len());
        let mut their_hits = 0usize;
        for (i, (_, words)) in
            queries
                .iter()
                .enumerate()
                .take(if baseline { usize::MAX } else { 0 })
        {
            let expression = words
                .iter()
                .map(|w| format!("\"{w}\""))
                .collect::<Vec<_>>()
                .join(" ");
            let started = Instant::now();
            let rows: Vec<(i64, String)> = sqlx::query_as(
                "SELECT rowid, snippet(docs, 1, '<b>', '</b>', '…', 24) FROM docs \
                 WHERE docs MATCH ?1 ORDER BY rank LIMIT 10",
            )
            .bind(&expression)
            .fetch_all(&pool)
            .await?;
            let total: i64 = sqlx::query_scalar("SELECT count(*) FROM docs WHERE docs MATCH ?1")
                .bind(&expression)
                .fetch_one(&pool)
                .await?;
            if i >= 20 || queries.len() <= 20 {
                theirs.push(started.elapsed());
            }
            their_hits += total as usize;
            std::hint::black_box(rows);
        }
        ours.sort();
        theirs.sort();
        if theirs.is_empty() {
            theirs.push(Duration::ZERO);
        }
        let (p50, p99) = (percentile(&ours, 0.5), percentile(&ours, 0.99));
        let (f50, f99) = (percentile(&theirs, 0.5), percentile(&theirs, 0.99));
        let ratio = f99.as_secs_f64() / p99.as_secs_f64();
        worst_p99 = worst_p99.max(p99);
        worst_ratio = worst_ratio.min(ratio);
        println!(
            "{length:>5} | {:>8.2} ms {:>6.2} ms {:>6} | {:>7.2} ms {:>6.2} ms {:>6} | {ratio:.1}×",
            ms(p50),
            ms(p99),
            our_hits / queries.len(),
            ms(f50),
            ms(f99),
            their_hits / queries.len(),
        );
    }
    println!();
    println!(
        "summary: indexing {:.0} docs/s (target ≥ 5,000: {}), worst p99 {:.2} ms (target < 20 ms: {}), \
         lowest p99 ratio {:.1}× (target ≥ 5×: {})",
        tantivy_rate,
        if tantivy_rate >= 5000.0 {
            "met"
        } else {
            "missed"
        },
        ms(worst_p99),
        if ms(worst_p99) < 20.0 {
            "met"
        } else {
            "missed"
        },
        worst_ratio,
        if worst_ratio >= 5.0 { "met" } else { "missed" },
    );
    Ok(())
}
