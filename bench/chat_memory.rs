//! Memory per idle chat connection: resident memory of the server before and after
//! CIRCULA_BENCH_SOCKETS authenticated WebSocket connections (default 20,000) sit idle.
//! Target: under 10 KB per connection.
//!
//! The server and this load generator each need one open file per socket: raise the limit
//! first (`ulimit -n 65536`, or as high as the machine allows); with a lower limit the
//! benchmark uses as many sockets as fit and says so.
//!
//!     ulimit -n 65536; cargo bench --bench chat_memory
//!     CIRCULA_BENCH_SOCKETS=2000 cargo bench --bench chat_memory
//!
//! Loopback only; the benchmark stops by itself (SQLite).

#[path = "chat_common.rs"]
mod chat_common;

use std::time::{Duration, Instant};

use chat_common::*;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let mut sockets: usize = env_or("CIRCULA_BENCH_SOCKETS", 20_000);
    let limit = open_files_limit();
    if sockets + 200 > limit {
        println!(
            "open-files limit {limit} is too low for {sockets} sockets: using {} (raise `ulimit -n`)",
            limit - 200
        );
        sockets = limit - 200;
    }
    let data = tempfile::tempdir()?;
    let url = format!("sqlite://{}", data.path().join("circula.db").display());
    let db = circula::store::Db::connect(&url).await?;
    let members = seed_members(&db, "idle", sockets).await?;
    // Everyone is in a few channels, as members are.
    for (i, chunk) in members.chunks(500).enumerate() {
        let ids: Vec<i64> = chunk.iter().map(|m| m.0).collect();
        seed_channel(&db, &format!("Idle {i}"), &ids).await?;
    }
    db.pool.close().await;
    let server = start_server(data.path(), &url).await?;
    // Warm the server up with a few connections first, so that one-off allocations (pools,
    // caches, thread stacks) are not counted per connection.
    let tokens: Vec<String> = members.iter().map(|m| m.1.clone()).collect();
    let warm = connect_all(&server.base, &tokens[..50.min(tokens.len())], 16).await?;
    drop(warm);
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = rss_kib(server.pid);
    let started = Instant::now();
    let open = connect_all(&server.base, &tokens, 64).await?;
    let connected = started.elapsed();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let after = rss_kib(server.pid);
    let per = (after.saturating_sub(before)) as f64 * 1024.0 / open.len() as f64;
    println!(
        "{} idle authenticated sockets (connected in {:.1} s): server RSS {} MB before, {} MB after: \
         {:.1} KB per connection (target < 10 KB)",
        open.len(),
        connected.as_secs_f64(),
        before / 1024,
        after / 1024,
        per / 1024.0
    );
    drop(open);
    Ok(())
}
