//! Chat fan-out benchmark: many connected clients, a few senders, big channels.
//!
//! Seeds CIRCULA_BENCH_CLIENTS members (default 10,000) in channels of CIRCULA_BENCH_CHANNEL
//! members (default 1,000) plus 4 senders in every channel, starts the real `circula serve`,
//! connects every client over WebSocket (bearer tokens), then the senders post
//! CIRCULA_BENCH_RATE messages a second in total (default 100, i.e. 100,000 deliveries a second)
//! with 200-byte bodies, round robin over the channels, for CIRCULA_BENCH_SECONDS (default 10).
//! Each body carries its send time, so each receiver measures send-to-receive latency, and
//! each sender the latency of its acknowledgements.
//!
//! Prints deliveries/s, p50/p99/max latency, lost deliveries, ack latency, the CPU used by the
//! server and by the load generator, and the server's resident memory;
//! CIRCULA_BENCH_TIMELINE=1 adds latency per second of the run. Targets on the 2-core machine
//! (issue 15): ≥ 300,000 deliveries/s at p99 ≤ 50 ms with CIRCULA_BENCH_RATE=300 (the default
//! 100 messages/s makes 100,000 deliveries/s).
//!
//! The load generator runs on one thread (a current-thread runtime) with 4 KiB read buffers:
//! it needs about a third of a core, and leaves the rest of the machine to the server.
//!
//!     ulimit -n 20000; cargo bench --bench chat_fanout
//!     CIRCULA_BENCH_CLIENTS=2000 CIRCULA_BENCH_RATE=100 cargo bench --bench chat_fanout
//!
//! CIRCULA_BENCH_SHAPE=synapse measures the round trip instead, in the shape of the Synapse
//! comparison (issue 15): one room of 100 members (96 readers and the 4 senders), each sender
//! with one message in flight (the next sent when the previous is acknowledged); target:
//! send-to-ack p50 under 2 ms.
//!
//!     CIRCULA_BENCH_SHAPE=synapse cargo bench --bench chat_fanout
//!
//! CIRCULA_BENCH_DB=postgres runs it on PostgreSQL (fan-out through LISTEN/NOTIFY).
//! Loopback only; the benchmark stops by itself.

#[path = "chat_common.rs"]
mod chat_common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chat_common::*;
use futures::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;

const SENDERS: usize = 4;
const BODY_BYTES: usize = 200;

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let closed_loop = std::env::var("CIRCULA_BENCH_SHAPE").is_ok_and(|v| v == "synapse");
    let (default_clients, default_channel) = if closed_loop {
        (100 - SENDERS, 100 - SENDERS)
    } else {
        (10_000, 1_000)
    };
    let mut clients: usize = env_or("CIRCULA_BENCH_CLIENTS", default_clients);
    let channel_size: usize = env_or("CIRCULA_BENCH_CHANNEL", default_channel);
    let rate: u64 = env_or("CIRCULA_BENCH_RATE", 100);
    let seconds: u64 = env_or("CIRCULA_BENCH_SECONDS", 10);
    let limit = open_files_limit();
    if clients + 200 > limit {
        clients = limit.saturating_sub(200) / channel_size * channel_size;
        println!("open-files limit {limit}: using {clients} clients (raise `ulimit -n` for more)");
    }
    let channels = (clients / channel_size).max(1);
    let pace = if closed_loop {
        "each sender one message in flight".to_string()
    } else {
        format!("{rate} messages/s")
    };
    println!(
        "Chat fan-out: {clients} clients, {channels} channels of {channel_size} (+{SENDERS} senders), \
         {pace} for {seconds} s, {BODY_BYTES}-byte bodies; client and server share this machine"
    );

    let data = tempfile::tempdir()?;
    let postgres = std::env::var("CIRCULA_BENCH_DB").is_ok_and(|v| v == "postgres");
    let (url, pg) = if postgres {
        let (admin, name, url) = postgres_database("fanout").await?;
        (url, Some((admin, name)))
    } else {
        (
            format!("sqlite://{}", data.path().join("circula.db").display()),
            None,
        )
    };
    let result = run(
        &url,
        data.path(),
        clients,
        channel_size,
        channels,
        (rate, closed_loop),
        seconds,
    )
    .await;
    if let Some((admin, name)) = pg {
        drop_postgres_database(&admin, &name).await?;
    }
    result
}

async fn run(
    url: &str,
    data: &std::path::Path,
    clients: usize,
    channel_size: usize,
    channels: usize,
    (rate, closed_loop): (u64, bool),
    seconds: u64,
) -> anyhow::Result<()> {
    let db = circula::store::Db::connect(url).await?;
    let receivers = seed_members(&db, "reader", clients).await?;
    let senders = seed_members(&db, "sender", SENDERS).await?;
    let sender_ids: Vec<i64> = senders.iter().map(|s| s.0).collect();
    let mut channel_ids = Vec::new();
    for (i, chunk) in receivers.chunks(channel_size).take(channels).enumerate() {
        let mut members: Vec<i64> = chunk.iter().map(|r| r.0).collect();
        members.extend(&sender_ids);
        channel_ids.push(seed_channel(&db, &format!("Channel {i}"), &members).await?);
    }
    db.pool.close().await;

    let server = start_server(data, url).await?;
    let idle_rss = rss_kib(server.pid);
    let started = Instant::now();
    let tokens: Vec<String> = receivers.iter().map(|r| r.1.clone()).collect();
    let sockets = connect_all(&server.base, &tokens, 64).await?;
    println!(
        "connected {} clients in {:.1} s; server RSS {} MB idle, {} MB connected",
        sockets.len(),
        started.elapsed().as_secs_f64(),
        idle_rss / 1024,
        rss_kib(server.pid) / 1024
    );

    // The server greets each new connection (unread counts, contacts' presence, a session
    // check: a few queries, which take 10,000 connections a few seconds on PostgreSQL), then
    // waits up to 0.5 s for a `resume` frame before it sends live frames (see
    // src/chat/PROTOCOL.md). These clients send none; let all that pass: the benchmark
    // measures fan-out to connected clients, not their first seconds.
    tokio::time::sleep(Duration::from_secs(env_or("CIRCULA_BENCH_SETTLE", 3))).await;
    let cpu_before = (cpu_seconds(server.pid), cpu_seconds(std::process::id()));
    // Receivers: count deliveries and measure latency from the send time in the body.
    let epoch = Instant::now();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(seconds + 3);
    let delivered = Arc::new(AtomicU64::new(0));
    let mut readers = Vec::new();
    for mut socket in sockets {
        let delivered = delivered.clone();
        readers.push(tokio::spawn(async move {
            // (send time in ms since the start, latency in µs) of each delivery.
            let mut latencies: Vec<(u32, u32)> = Vec::new();
            // One timer per reader for the whole run, not one per frame.
            let end = tokio::time::sleep_until(deadline);
            tokio::pin!(end);
            loop {
                let message = tokio::select! {
                    biased;
                    next = socket.next() => match next {
                        Some(Ok(message)) => message,
                        _ => break,
                    },
                    _ = &mut end => break,
                };
                if let Message::Text(text) = message
                    && let Some(at) = text.find("\"body\":\"t")
                {
                    let digits = &text[at + 9..at + 29];
                    if let Ok(sent) = digits.parse::<u64>() {
                        let now = epoch.elapsed().as_micros() as u64;
                        latencies.push(((sent / 1000) as u32, now.saturating_sub(sent) as u32));
                        delivered.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
            latencies
        }));
    }

    let started_sending = Instant::now();
    // Senders: an open loop at the given rate, acks read and dropped.
    let sent = Arc::new(AtomicU64::new(0));
    let mut sending = Vec::new();
    let mut acking = Vec::new();
    for (i, (_, token)) in senders.iter().enumerate() {
        let socket = connect(&server.base, token).await?;
        let (mut sink, mut stream) = socket.split();
        // Closed loop: each ack lets its sender send the next message.
        let (acked, mut next) = tokio::sync::mpsc::unbounded_channel::<()>();
        // Acks carry the send time in the echoed body: acknowledgement latency per message.
        acking.push(tokio::spawn(async move {
            let mut latencies: Vec<u32> = Vec::new();
            let end = tokio::time::sleep_until(deadline);
            tokio::pin!(end);
            loop {
                let message = tokio::select! {
                    next = stream.next() => match next {
                        Some(Ok(message)) => message,
                        _ => break,
                    },
                    _ = &mut end => break,
                };
                if let Message::Text(text) = message
                    && text.starts_with("{\"type\":\"ack\"")
                    && let Some(at) = text.find("\"body\":\"t")
                    && let Ok(sent) = text[at + 9..at + 29].parse::<u64>()
                {
                    let now = epoch.elapsed().as_micros() as u64;
                    latencies.push(now.saturating_sub(sent) as u32);
                    let _ = acked.send(());
                }
            }
            latencies
        }));
        let channel_ids = channel_ids.clone();
        let sent = sent.clone();
        let per_sender = (rate as f64 / SENDERS as f64).max(0.1);
        sending.push(tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / per_sender));
            let end = Instant::now() + Duration::from_secs(seconds);
            let mut n = 0usize;
            while Instant::now() < end {
                if !closed_loop {
                    tick.tick().await;
                } else if n > 0 && next.recv().await.is_none() {
                    break;
                }
                let at = epoch.elapsed().as_micros() as u64;
                let mut body = format!("t{at:020} ");
                while body.len() < BODY_BYTES {
                    body.push('x');
                }
                let channel = channel_ids[(n + i) % channel_ids.len()];
                let frame = serde_json::json!({"type": "send", "channel_id": channel, "body": body, "client_id": format!("s{i}-{n}")});
                if sink.send(Message::text(frame.to_string())).await.is_err() {
                    break;
                }
                sent.fetch_add(1, Ordering::Relaxed);
                n += 1;
            }
        }));
    }
    for task in sending {
        task.await?;
    }
    let busy_rss = rss_kib(server.pid);
    let mut timed: Vec<(u32, u32)> = Vec::new();
    for reader in readers {
        timed.extend(reader.await?);
    }
    let micros = |us: u32| Duration::from_micros(us.into());
    if std::env::var("CIRCULA_BENCH_TIMELINE").is_ok() {
        // Latency by the second the message was sent in: shows whether the tail is spread
        // out or comes from a few stalls.
        timed.sort_unstable();
        for second in timed.chunk_by(|a, b| a.0 / 1000 == b.0 / 1000) {
            let mut lat: Vec<Duration> = second.iter().map(|t| micros(t.1)).collect();
            lat.sort_unstable();
            println!(
                "  second {:>2}: {:>6} deliveries, p50 {:>7.1} ms, p99 {:>7.1} ms, max {:>7.1} ms",
                second[0].0 / 1000,
                lat.len(),
                percentile(&lat, 0.5),
                percentile(&lat, 0.99),
                percentile(&lat, 1.0)
            );
        }
    }
    let mut latencies: Vec<Duration> = timed.iter().map(|t| micros(t.1)).collect();
    latencies.sort_unstable();
    let mut acks: Vec<Duration> = Vec::new();
    for task in acking {
        acks.extend(
            task.await?
                .into_iter()
                .map(|us| Duration::from_micros(us.into())),
        );
    }
    acks.sort_unstable();
    let sent = sent.load(Ordering::Relaxed);
    let expected = sent * channel_size as u64;
    let got = latencies.len() as u64;
    println!(
        "sent {sent} messages; {got} deliveries of {expected} expected ({} lost)",
        expected.saturating_sub(got)
    );
    println!(
        "deliveries/s {:.0}; latency p50 {:.1} ms, p99 {:.1} ms (target < 50), max {:.1} ms",
        got as f64 / seconds as f64,
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0)
    );
    println!(
        "acknowledged {} messages to their senders; ack latency p50 {:.2} ms, p99 {:.2} ms{}",
        acks.len(),
        percentile(&acks, 0.5),
        percentile(&acks, 0.99),
        if closed_loop {
            " (target: under 2 ms)"
        } else {
            ""
        }
    );
    let window = started_sending.elapsed().as_secs_f64();
    println!(
        "CPU while sending and receiving ({window:.1} s): server {:.2} cores, load generator {:.2} cores",
        (cpu_seconds(server.pid) - cpu_before.0) / window,
        (cpu_seconds(std::process::id()) - cpu_before.1) / window,
    );
    println!("server RSS under load {} MB", busy_rss / 1024);
    Ok(())
}
