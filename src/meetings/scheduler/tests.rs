//! Hand-made instances with known optima, and property tests on random instances.

use proptest::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::*;

/// A person available in `available`, preferring `preferred`, with room for `limit` meetings.
fn person(limit: u32, available: &[usize], preferred: &[usize]) -> Person {
    Person {
        limit,
        available: available.iter().copied().collect(),
        preferred: preferred.iter().copied().collect(),
    }
}

fn everywhere(slots: usize, limit: u32) -> Person {
    Person {
        limit,
        available: SlotSet::full(slots),
        preferred: SlotSet::full(slots),
    }
}

fn req(a: usize, b: usize) -> Request {
    Request {
        a,
        b,
        priority: 1,
        ..Request::default()
    }
}

fn slot_of(s: &Schedule, request: usize) -> Option<usize> {
    s.placements
        .iter()
        .find(|p| p.request == request)
        .map(|p| p.slot)
}

#[test]
fn slot_sets_behave_like_sets() {
    let mut s = SlotSet::new(10);
    assert!(s.is_empty());
    assert!(s.insert(3));
    assert!(!s.insert(3));
    assert!(s.insert(130));
    assert!(s.contains(3) && s.contains(130) && !s.contains(4) && !s.contains(1000));
    assert_eq!(s.len(), 2);
    assert_eq!(s.iter().collect::<Vec<_>>(), vec![3, 130]);
    assert!(s.remove(130) && !s.remove(130));
    assert_eq!(s, [3].into_iter().collect::<SlotSet>());
    assert_eq!(SlotSet::full(65).len(), 65);
    assert_eq!(SlotSet::full(64).iter().last(), Some(63));
}

#[test]
fn a_triangle_in_one_slot_has_one_meeting() {
    let instance = Instance {
        slots: 1,
        people: vec![everywhere(1, 5); 3],
        requests: vec![req(0, 1), req(1, 2), req(0, 2)],
    };
    let s = schedule(&instance).unwrap();
    assert_eq!(s.quality.placed, 1);
    assert_eq!(s.quality.upper_bound, 1);
    assert_eq!(s.quality.gap(), 0.0);
    check(&instance, &s.placements).unwrap();
}

#[test]
fn finds_the_optimum_where_first_fit_does_not() {
    // First-fit puts 0-1 into slot 0, where 0-2 had to go.
    let instance = Instance {
        slots: 2,
        people: vec![
            person(2, &[0, 1], &[]),
            person(2, &[0, 1], &[]),
            person(2, &[0], &[]),
        ],
        requests: vec![req(0, 1), req(0, 2)],
    };
    assert_eq!(greedy_first_fit(&instance).len(), 1);
    let s = schedule(&instance).unwrap();
    assert_eq!(s.quality.greedy, 1);
    assert_eq!(s.quality.placed, 2);
    assert_eq!(s.quality.upper_bound, 2);
    assert_eq!(slot_of(&s, 0), Some(1));
    assert_eq!(slot_of(&s, 1), Some(0));
}

#[test]
fn fixed_meetings_stay_where_they_are() {
    let mut instance = Instance {
        slots: 3,
        people: vec![everywhere(3, 3); 3],
        requests: vec![req(0, 1), req(1, 2), req(0, 2)],
    };
    instance.requests[0].fixed = Some(2);
    instance.requests[2].fixed = Some(0);
    let s = schedule(&instance).unwrap();
    assert_eq!(slot_of(&s, 0), Some(2));
    assert_eq!(slot_of(&s, 2), Some(0));
    assert_eq!(slot_of(&s, 1), Some(1));
    check(&instance, &s.placements).unwrap();
}

#[test]
fn clashing_fixed_meetings_are_an_error() {
    let base = Instance {
        slots: 2,
        people: vec![
            person(1, &[0, 1], &[]),
            everywhere(2, 2),
            person(2, &[0], &[]),
        ],
        requests: vec![req(0, 1), req(1, 2)],
    };
    let mut double = base.clone();
    double.people[0].limit = 2;
    double.requests[0].fixed = Some(0);
    double.requests[1].fixed = Some(0);
    assert_eq!(
        schedule(&double),
        Err(Clash::DoubleBooked {
            person: 1,
            slot: 0,
            first: 0,
            second: 1
        })
    );
    let mut unavailable = base.clone();
    unavailable.requests[1].fixed = Some(1);
    assert_eq!(
        schedule(&unavailable),
        Err(Clash::Unavailable {
            request: 1,
            person: 2,
            slot: 1
        })
    );
    let mut over = base.clone();
    over.requests.push(req(0, 2));
    over.requests[0].fixed = Some(1);
    over.requests[2].fixed = Some(0);
    assert_eq!(
        schedule(&over),
        Err(Clash::OverLimit {
            person: 0,
            limit: 1,
            requests: vec![0, 2]
        })
    );
    let mut bad = base;
    bad.requests[1].b = 1;
    assert!(matches!(
        schedule(&bad),
        Err(Clash::InvalidRequest { request: 1, .. })
    ));
}

#[test]
fn limits_are_respected() {
    let mut people = vec![everywhere(3, 1); 4];
    people[0].limit = 2;
    let instance = Instance {
        slots: 3,
        people,
        requests: vec![req(0, 1), req(0, 2), req(0, 3)],
    };
    let s = schedule(&instance).unwrap();
    assert_eq!(s.quality.placed, 2);
    assert_eq!(s.quality.upper_bound, 2);
    check(&instance, &s.placements).unwrap();
}

#[test]
fn working_hours_win_when_the_count_is_equal() {
    let instance = Instance {
        slots: 3,
        people: vec![person(1, &[0, 1, 2], &[2]), person(1, &[0, 1, 2], &[1, 2])],
        requests: vec![req(0, 1)],
    };
    let s = schedule(&instance).unwrap();
    assert_eq!(slot_of(&s, 0), Some(2));
    assert_eq!(s.quality.in_working_hours, 1);
}

#[test]
fn must_meet_and_priority_win_when_the_count_is_equal() {
    let mut instance = Instance {
        slots: 1,
        people: vec![everywhere(1, 1); 3],
        requests: vec![req(0, 1), req(0, 2)],
    };
    instance.requests[0].priority = 3;
    instance.requests[1].must_meet = true;
    let s = schedule(&instance).unwrap();
    assert_eq!(
        s.placements,
        vec![Placement {
            request: 1,
            slot: 0
        }]
    );
    assert_eq!(
        (s.quality.must_meet_placed, s.quality.must_meet_total),
        (1, 1)
    );
    instance.requests[1].must_meet = false;
    instance.requests[1].priority = 2;
    let s = schedule(&instance).unwrap();
    assert_eq!(
        s.placements,
        vec![Placement {
            request: 0,
            slot: 0
        }]
    );
}

#[test]
fn the_count_comes_before_must_meet() {
    // One slot: the must-meet 0-1 alone, or 0-2 and 1-3 together.
    let mut instance = Instance {
        slots: 1,
        people: vec![everywhere(1, 1); 4],
        requests: vec![req(0, 1), req(0, 2), req(1, 3)],
    };
    instance.requests[0].must_meet = true;
    let s = schedule(&instance).unwrap();
    assert_eq!(s.quality.placed, 2);
    assert_eq!(slot_of(&s, 0), None);
    assert_eq!(s.quality.must_meet_placed, 0);
}

#[test]
fn check_finds_each_broken_constraint() {
    let mut instance = Instance {
        slots: 2,
        people: vec![
            person(1, &[0, 1], &[]),
            everywhere(2, 2),
            person(2, &[0], &[]),
        ],
        requests: vec![req(0, 1), req(1, 2), req(0, 2)],
    };
    let at = |request, slot| Placement { request, slot };
    assert_eq!(check(&instance, &[at(0, 1), at(1, 0)]), Ok(()));
    assert_eq!(
        check(&instance, &[at(7, 0)]),
        Err(Violation::UnknownRequest { request: 7 })
    );
    assert_eq!(
        check(&instance, &[at(0, 0), at(0, 1)]),
        Err(Violation::Duplicate { request: 0 })
    );
    assert_eq!(
        check(&instance, &[at(0, 2)]),
        Err(Violation::SlotOutOfRange {
            request: 0,
            slot: 2
        })
    );
    assert_eq!(
        check(&instance, &[at(1, 1)]),
        Err(Violation::Unavailable {
            request: 1,
            person: 2,
            slot: 1
        })
    );
    assert!(matches!(
        check(&instance, &[at(0, 0), at(1, 0)]),
        Err(Violation::DoubleBooked {
            person: 1,
            slot: 0,
            ..
        })
    ));
    assert!(matches!(
        check(&instance, &[at(0, 1), at(2, 0)]),
        Err(Violation::OverLimit {
            person: 0,
            limit: 1,
            placed: 2
        })
    ));
    instance.requests[1].fixed = Some(0);
    assert_eq!(
        check(&instance, &[at(0, 1)]),
        Err(Violation::FixedMissing { request: 1 })
    );
    instance.people[2].available.insert(1);
    assert_eq!(
        check(&instance, &[at(1, 1)]),
        Err(Violation::FixedMoved {
            request: 1,
            expected: 0,
            found: 1
        })
    );
}

#[test]
fn the_bound_counts_people_per_slot() {
    // Five people, all pairs requested, one slot: at most two meetings.
    let mut requests = Vec::new();
    for a in 0..5 {
        for b in a + 1..5 {
            requests.push(req(a, b));
        }
    }
    let instance = Instance {
        slots: 1,
        people: vec![everywhere(1, 4); 5],
        requests,
    };
    assert_eq!(upper_bound(&instance), 2);
    assert_eq!(schedule(&instance).unwrap().quality.placed, 2);
}

#[test]
fn the_bound_counts_a_person_slots() {
    // A star: the centre has three free slots but five partners who are all only in slot 0.
    let mut people = vec![person(9, &[0], &[]); 6];
    people[0] = everywhere(3, 9);
    let instance = Instance {
        slots: 3,
        people,
        requests: (1..6).map(|b| req(0, b)).collect(),
    };
    assert_eq!(upper_bound(&instance), 1);
}

#[test]
fn an_empty_instance_is_fine() {
    let s = schedule(&Instance::default()).unwrap();
    assert!(s.placements.is_empty());
    assert_eq!((s.quality.placed, s.quality.upper_bound), (0, 0));
}

/// A random instance; `fixed_share` of a first-fit schedule's meetings become fixed.
fn random_instance(
    seed: u64,
    people: usize,
    slots: usize,
    requests: usize,
    tiny: bool,
) -> Instance {
    let mut rng = StdRng::seed_from_u64(seed);
    let density = rng.random_range(0.3..1.0);
    let people: Vec<Person> = (0..people)
        .map(|_| Person {
            limit: rng.random_range(1..=5),
            available: (0..slots).filter(|_| rng.random_bool(density)).collect(),
            preferred: (0..slots).filter(|_| rng.random_bool(0.6)).collect(),
        })
        .collect();
    let n = people.len();
    let requests = (0..requests)
        .map(|_| {
            let a = rng.random_range(0..n);
            let b = (a + rng.random_range(1..n)) % n;
            Request {
                a,
                b,
                priority: rng.random_range(1..=3),
                must_meet: rng.random_bool(0.1),
                fixed: None,
            }
        })
        .collect();
    let mut instance = Instance {
        slots,
        people,
        requests,
    };
    let fixed_share = if tiny { 0.2 } else { 0.15 };
    for p in greedy_first_fit(&instance) {
        if rng.random_bool(fixed_share) {
            instance.requests[p.request].fixed = Some(p.slot);
        }
    }
    instance
}

/// The lexicographic optimum `(count, weight, working hours)` by trying everything.
fn brute_force(instance: &Instance) -> (usize, u64, usize) {
    fn go(
        instance: &Instance,
        i: usize,
        chosen: &mut Vec<Placement>,
        best: &mut (usize, u64, usize),
    ) {
        if i == instance.requests.len() {
            if check(instance, chosen).is_ok() {
                *best = (*best).max(objective(instance, chosen));
            }
            return;
        }
        if check_placements(instance, chosen).is_err() {
            return;
        }
        let slots = match instance.requests[i].fixed {
            Some(slot) => slot..slot + 1,
            None => {
                go(instance, i + 1, chosen, best);
                0..instance.slots
            }
        };
        for slot in slots {
            chosen.push(Placement { request: i, slot });
            go(instance, i + 1, chosen, best);
            chosen.pop();
        }
    }
    let mut best = (0, 0, 0);
    go(instance, 0, &mut Vec::new(), &mut best);
    best
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn schedules_are_valid_and_at_least_first_fit(
        seed in any::<u64>(),
        people in 2usize..=30,
        slots in 1usize..=12,
        requests in 0usize..=80,
    ) {
        let instance = random_instance(seed, people, slots, requests, false);
        let s = schedule(&instance).unwrap();
        prop_assert_eq!(check(&instance, &s.placements), Ok(()));
        let q = &s.quality;
        prop_assert_eq!(q.placed, s.placements.len());
        prop_assert_eq!(q.greedy, greedy_first_fit(&instance).len());
        prop_assert!(q.placed >= q.greedy);
        prop_assert!(q.placed <= q.upper_bound, "{} > bound {}", q.placed, q.upper_bound);
        prop_assert_eq!(q.upper_bound, upper_bound(&instance));
        for (request, r) in instance.requests.iter().enumerate() {
            if let Some(slot) = r.fixed {
                let kept = s.placements.contains(&Placement { request, slot });
                prop_assert!(kept, "fixed request {} left slot {}", request, slot);
            }
        }
        prop_assert!(s.placements.windows(2).all(|w| w[0].request < w[1].request));
        let again = schedule(&instance).unwrap();
        prop_assert_eq!(&again.placements, &s.placements);
        prop_assert_eq!(Quality { millis: 0, ..again.quality }, Quality { millis: 0, ..s.quality });
    }

    #[test]
    fn tiny_instances_reach_the_optimum_within_the_bound(
        seed in any::<u64>(),
        people in 2usize..=6,
        slots in 1usize..=4,
        requests in 0usize..=8,
    ) {
        let instance = random_instance(seed, people, slots, requests, true);
        let optimum = brute_force(&instance);
        let bound = upper_bound(&instance);
        prop_assert!(bound >= optimum.0, "bound {} < optimum {}", bound, optimum.0);
        let s = schedule(&instance).unwrap();
        prop_assert_eq!(check(&instance, &s.placements), Ok(()));
        // At most 8 requests over at most 4 slots: the exact search always finishes.
        prop_assert_eq!(objective(&instance, &s.placements), optimum);
    }
}

/// The heuristic alone (no exact search) on tiny instances: within one meeting of the optimum
/// always, and at the optimum in nearly every case (the share is printed).
#[test]
fn the_heuristic_alone_is_near_the_optimum_on_tiny_instances() {
    let (mut cases, mut optimal, mut bound_tight) = (0, 0, 0);
    for seed in 0..600u64 {
        let mut rng = StdRng::seed_from_u64(seed);
        let people = rng.random_range(2..=7);
        let slots = rng.random_range(1..=4);
        let requests = rng.random_range(1..=8);
        let instance = random_instance(seed, people, slots, requests, true);
        let optimum = brute_force(&instance).0;
        let model = model::Model::new(&instance, true);
        let bounds = bound::Bounds::new(&model);
        let placements = search::solve_heuristic(&model, &bounds);
        assert_eq!(check(&instance, &placements), Ok(()));
        assert!(
            bounds.total >= optimum,
            "seed {seed}: bound below the optimum"
        );
        assert!(
            placements.len() + 1 >= optimum,
            "seed {seed}: two below the optimum"
        );
        cases += 1;
        optimal += usize::from(placements.len() == optimum);
        bound_tight += usize::from(bounds.total == optimum);
    }
    eprintln!("heuristic optimal in {optimal}/{cases}, bound tight in {bound_tight}/{cases}");
    assert!(
        optimal * 100 >= cases * 95,
        "heuristic optimal in only {optimal}/{cases}"
    );
}
