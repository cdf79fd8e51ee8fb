//! B2B meeting scheduler benchmark: a generated event, scheduled in-process (no server).
//!
//!     cargo bench --bench meetings                        # seeds 1, 2 and 3
//!     CIRCULA_BENCH_SEED=7 cargo bench --bench meetings   # one seed
//!
//! The event: 2,000 participants, 20,000 distinct accepted requests between random pairs,
//! 36 slots of 20 minutes (12 hours), each person available in a random ~60 % of the slots,
//! a limit of 12 meetings per person, priorities 1-3, ~5 % must-meet. Working hours are a
//! band of 24 slots (8 hours): slots 0-23 for the first zone group, slots 15-35 for the
//! second, 5 hours later (the band is cut at the end of the event).
//!
//! Prints per seed: the time to schedule (median of 3 runs), meetings placed, the upper bound
//! and placed/bound, greedy first-fit and the gain over it, the share of meetings in both
//! sides' working hours, must-meet placed, and the `check` result; then the targets (under
//! 2 s, at least 97 % of the bound, at least 10 % more than first-fit), met or missed. The
//! gain over first-fit can never exceed `upper bound / first-fit - 1`, printed next to it; on
//! this event that ceiling is below 10 %, so that target is out of reach for any scheduler.
//! The process exits with 1 if the time, the bound or the check target is missed.

use std::collections::BTreeSet;
use std::time::Instant;

use circula::meetings::scheduler::{Instance, Person, Request, SlotSet, check, schedule};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const PEOPLE: usize = 2_000;
const REQUESTS: usize = 20_000;
const SLOTS: usize = 36;
const AVAILABLE: f64 = 0.6;
const LIMIT: u32 = 12;
const MUST_MEET: f64 = 0.05;
/// Working hours: 8 hours of 3 slots.
const BAND: usize = 24;
/// The second zone group is 5 hours later.
const ZONE_OFFSET: usize = 15;

fn event(seed: u64) -> Instance {
    let mut rng = StdRng::seed_from_u64(seed);
    let people = (0..PEOPLE)
        .map(|_| {
            let start = if rng.random_bool(0.5) { 0 } else { ZONE_OFFSET };
            Person {
                limit: LIMIT,
                available: (0..SLOTS).filter(|_| rng.random_bool(AVAILABLE)).collect(),
                preferred: (start..(start + BAND).min(SLOTS)).collect::<SlotSet>(),
            }
        })
        .collect();
    let mut pairs = BTreeSet::new();
    let mut requests = Vec::with_capacity(REQUESTS);
    while requests.len() < REQUESTS {
        let a = rng.random_range(0..PEOPLE);
        let b = rng.random_range(0..PEOPLE);
        if a == b || !pairs.insert((a.min(b), a.max(b))) {
            continue;
        }
        requests.push(Request {
            a,
            b,
            priority: rng.random_range(1..=3),
            must_meet: rng.random_bool(MUST_MEET),
            fixed: None,
        });
    }
    Instance {
        slots: SLOTS,
        people,
        requests,
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "MISSED" }
}

fn main() {
    let seeds: Vec<u64> = match std::env::var("CIRCULA_BENCH_SEED") {
        Ok(v) => vec![v.parse().expect("CIRCULA_BENCH_SEED is a number")],
        Err(_) => vec![1, 2, 3],
    };
    println!(
        "B2B scheduler: {PEOPLE} people, {REQUESTS} requests, {SLOTS} slots, limit {LIMIT}, \
         ~{:.0} % available",
        AVAILABLE * 100.0
    );
    let mut all_met = true;
    for seed in seeds {
        let instance = event(seed);
        let mut times = Vec::new();
        let mut runs = Vec::new();
        for _ in 0..3 {
            let started = Instant::now();
            let s = schedule(&instance).expect("no fixed meetings, no clash");
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            runs.push(s);
        }
        let s = &runs[0];
        let same = runs.iter().all(|r| r.placements == s.placements);
        times.sort_by(f64::total_cmp);
        let ms = times[1];
        let q = &s.quality;
        let of_bound = 100.0 * q.placed as f64 / q.upper_bound.max(1) as f64;
        let over_greedy = 100.0 * (q.placed as f64 / q.greedy.max(1) as f64 - 1.0);
        // No schedule can beat first-fit by more than the bound does.
        let ceiling = 100.0 * (q.upper_bound as f64 / q.greedy.max(1) as f64 - 1.0);
        let wh = 100.0 * q.in_working_hours as f64 / q.placed.max(1) as f64;
        let checked = check(&instance, &s.placements);
        println!();
        println!("seed {seed}");
        println!("  time to schedule  {ms:8.0} ms (median of 3)");
        println!("  meetings placed   {:8}", q.placed);
        println!("  upper bound       {:8}", q.upper_bound);
        println!("  placed / bound    {of_bound:8.2} %");
        println!("  greedy first-fit  {:8}", q.greedy);
        println!(
            "  over first-fit    {over_greedy:8.2} %  (at most {ceiling:.2} %: bound / first-fit)"
        );
        println!("  in working hours  {wh:8.2} %");
        println!(
            "  must-meet placed  {:8} of {}",
            q.must_meet_placed, q.must_meet_total
        );
        println!(
            "  check             {}{}",
            match &checked {
                Ok(()) => "ok".to_string(),
                Err(v) => format!("FAILED: {v}"),
            },
            if same {
                ", 3 runs identical"
            } else {
                ", RUNS DIFFER"
            }
        );
        let (fast, close, better) = (ms < 2000.0, of_bound >= 97.0, over_greedy >= 10.0);
        println!(
            "  targets: < 2 s {}, ≥ 97 % of bound {}, ≥ 10 % over first-fit {}{}",
            verdict(fast),
            verdict(close),
            verdict(better),
            if !better && ceiling < 10.0 {
                " (out of reach on this event: the bound itself is less than 10 % over it)"
            } else {
                ""
            }
        );
        all_met &= fast && close && (better || ceiling < 10.0) && checked.is_ok() && same;
    }
    if !all_met {
        std::process::exit(1);
    }
}
