//! On-demand API use: requests follow the users' actions one for one, no answer is empty, each
//! answer is as large as its query selects and as fresh as its trip back, and the run repeats
//! exactly from its seed.
#![cfg(not(target_arch = "wasm32"))]

use webhook_vs_api::sim::{
    transcript_sha256, Config, MessageKind, Mode, Payload, Query, Simulation,
};

fn on_demand(query: Query, clients: u32, rate_per_min: f64) -> Config {
    Config {
        mode: Mode::OnDemand,
        query,
        clients,
        rate_per_min,
        latency_ms: 40,
        service_ms: 5,
        workers: 8,
        seed: 11,
        ..Config::default()
    }
}

fn run(cfg: Config, until_ms: u64) -> Simulation {
    let mut sim = Simulation::new(cfg).expect("valid test configuration");
    sim.run_until(until_ms);
    sim
}

#[test]
fn requests_follow_the_users_actions_one_for_one() {
    // 20 clients · 6 actions a minute · 100 minutes: about 12,000 actions.
    let sim = run(on_demand(Query::Search, 20, 6.0), 6_000_000);
    let c = sim.metrics().counters;
    assert!(
        (11_400..=12_600).contains(&c.user_actions),
        "Poisson actions at N·λ·t ≈ 12,000, got {}",
        c.user_actions
    );
    assert_eq!(
        c.requests, c.user_actions,
        "one query per action, no other request"
    );
    assert_eq!((c.polls, c.webhook_attempts, c.events), (0, 0, 0));
    assert_eq!(sim.pending_events(), 0, "no event waits to be known");
    // Twice the users' rate, twice the requests (within the Poisson noise).
    let busier = run(on_demand(Query::Search, 20, 12.0), 6_000_000);
    let ratio = busier.metrics().counters.requests as f64 / c.requests as f64;
    assert!((1.9..=2.1).contains(&ratio), "{ratio}");
    // No user acts, no request is sent.
    let idle = run(on_demand(Query::Search, 20, 0.0), 6_000_000);
    assert_eq!(idle.metrics().counters.requests, 0);
}

#[test]
fn every_answer_arrives_with_rows_and_fresh_data() {
    let sim = run(on_demand(Query::Report, 10, 3.0), 3_600_000);
    let c = sim.metrics().counters;
    // Answers still on their way at the end are the only ones not counted.
    let in_flight = sim
        .in_flight(sim.now_ms())
        .filter(|m| m.kind == MessageKind::Query)
        .count() as u64
        + sim
            .in_flight(sim.now_ms())
            .filter(|m| m.kind == MessageKind::QueryResponse)
            .count() as u64;
    assert!(c.queries_answered > 1_000, "{}", c.queries_answered);
    assert_eq!(c.queries_answered + in_flight, c.user_actions);
    assert_eq!(c.empty_answers, 0);
    // Reports hold one row a day: 28 to 31.
    assert!(c.answer_rows >= 28 * c.queries_answered && c.answer_rows <= 31 * c.queries_answered);
    // Read when the worker finished, received one latency later: 40 ms old on arrival.
    assert_eq!(c.answer_age_ms, 40 * c.queries_answered);
    // An idle server: a round trip and the service time, 2·40 + 5 ms, for every answer.
    assert_eq!(c.answer_wait_ms, 85 * c.queries_answered);
}

#[test]
fn each_answer_is_as_large_as_its_query_selects() {
    for (query, row_key, per_row) in [
        (Query::Profile, "\"plan\"", 240),
        (Query::Search, "\"title\"", 70),
        (Query::Report, "\"day\"", 45),
    ] {
        let sim = run(on_demand(query, 5, 20.0), 120_000);
        let answers: Vec<_> = sim
            .messages()
            .filter(|m| m.kind == MessageKind::QueryResponse)
            .collect();
        assert!(answers.len() > 100, "{query:?}: {}", answers.len());
        let mut sizes = std::collections::BTreeSet::new();
        for m in answers {
            let Payload::Query { rows, .. } = m.payload else {
                panic!("a query answer carries its query: {m:?}");
            };
            let text = sim.render(m);
            assert_eq!(
                text.body.matches(row_key).count(),
                rows as usize,
                "{}",
                text.body
            );
            assert_eq!(m.bytes, 130 + rows * per_row);
            assert!(text.body.contains("\"as_of\""));
            sizes.insert(rows);
        }
        match query {
            Query::Profile => assert_eq!(sizes.into_iter().collect::<Vec<_>>(), vec![1]),
            Query::Search => {
                assert!(sizes.len() > 3 && sizes.iter().all(|&r| (1..=20).contains(&r)))
            }
            Query::Report => assert_eq!(sizes.into_iter().collect::<Vec<_>>(), vec![28, 30, 31]),
        }
    }
}

#[test]
fn the_request_carries_the_query_and_the_answer_repeats_it() {
    let sim = run(on_demand(Query::Search, 3, 30.0), 60_000);
    let ask = sim
        .messages()
        .find(|m| m.kind == MessageKind::Query)
        .expect("a query was sent");
    let text = sim.render(ask);
    assert_eq!(text.method, "GET");
    assert!(
        text.path.starts_with("/v1/search?q=") && text.path.ends_with("&limit=20"),
        "{}",
        text.path
    );
    assert!(text.headers.contains_key("authorization"));
    let answer = sim
        .messages()
        .find(|m| m.kind == MessageKind::QueryResponse && m.payload == ask.payload)
        .expect("the query was answered");
    let term = text
        .path
        .trim_start_matches("/v1/search?q=")
        .trim_end_matches("&limit=20");
    assert!(sim
        .render(answer)
        .body
        .contains(&format!("\"q\":\"{term}\"")));
}

#[test]
fn a_run_repeats_from_its_seed() {
    let cfg = on_demand(Query::Profile, 10, 10.0);
    let a = transcript_sha256(&cfg, 600_000).expect("valid");
    assert_eq!(a, transcript_sha256(&cfg, 600_000).expect("valid"));
    let other = Config {
        seed: 12,
        ..cfg.clone()
    };
    assert_ne!(a, transcript_sha256(&other, 600_000).expect("valid"));
    let other_query = Config {
        query: Query::Report,
        ..cfg
    };
    assert_ne!(a, transcript_sha256(&other_query, 600_000).expect("valid"));
}
