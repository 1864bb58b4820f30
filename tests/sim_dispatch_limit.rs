//! The dispatcher's limit towards slow receivers: at most k delivery attempts open to one endpoint
//! at once, the rest queued in order at the dispatcher. Checked from the message log, apart from
//! the counters that report it.
#![cfg(not(target_arch = "wasm32"))]

mod sim_support;

use std::collections::HashMap;

use proptest::prelude::*;
use sim_support::observe;
use webhook_vs_api::sim::{
    transcript_sha256, Config, Endpoint, Message, MessageKind, Mode, Payload, Simulation,
};

/// Webhooks to a few endpoints whose receivers take `handler_ms` before answering.
fn slow(k: u32, rate_per_min: f64, seed: u64) -> Config {
    Config {
        mode: Mode::Webhook,
        clients: 4,
        rate_per_min,
        latency_ms: 50,
        delivery_concurrency: k,
        seed,
        ..Config::default()
    }
}

/// Runs `cfg` with receivers that process for `handler_ms` before answering, and returns the
/// simulation and every message it sent.
fn run(cfg: Config, handler_ms: u64, until_ms: u64) -> (Simulation, Vec<Message>) {
    let mut sim = Simulation::new(cfg).expect("valid test configuration");
    let log = observe(&mut sim);
    sim.set_slow_handler(Some(handler_ms));
    sim.run_until(until_ms);
    let log = log.take();
    (sim, log)
}

/// The most attempts open at once to one endpoint, read from the wire: an attempt is open from
/// its send until its answer reaches the dispatcher, or until the timeout if none does in time.
fn most_open_on_the_wire(log: &[Message], timeout_ms: u64) -> u64 {
    let mut answers = HashMap::new();
    for m in log {
        if let (Endpoint::Client(c), Payload::Answer { event, attempt, .. }) = (m.from, m.payload) {
            if m.to == Endpoint::Server && !m.lost {
                answers.insert((c, event, attempt), m.arrives_ms);
            }
        }
    }
    let mut edges: HashMap<u32, Vec<(u64, i64)>> = HashMap::new();
    for m in log {
        let is_attempt = matches!(
            m.kind,
            MessageKind::WebhookDelivery | MessageKind::WebhookRetry
        );
        let Payload::Delivery { event, attempt, .. } = m.payload else {
            continue;
        };
        if !is_attempt || m.from != Endpoint::Server {
            continue;
        }
        let deadline = m.sent_ms + timeout_ms;
        let end = match answers.get(&(m.client, event, attempt)) {
            Some(&at) if at <= deadline => at,
            _ => deadline,
        };
        let e = edges.entry(m.client).or_default();
        e.push((m.sent_ms, 1));
        e.push((end, -1));
    }
    edges
        .into_values()
        .map(|mut e| {
            // At equal times the close comes first: the next attempt leaves as the answer lands.
            e.sort();
            e.iter()
                .scan(0i64, |open, &(_, d)| {
                    *open += d;
                    Some(*open)
                })
                .max()
                .unwrap_or(0) as u64
        })
        .max()
        .unwrap_or(0)
}

#[test]
fn a_slow_receiver_gets_at_most_k_attempts_and_the_rest_queue() {
    // Events every 3 s per endpoint; each delivery holds its receiver 10 s: about 3.4 open at
    // once without a limit, and one endpoint takes at most 2 / 10.1 s with k = 2.
    let timeout = Config::default().receiver_timeout_ms;
    let (free, free_log) = run(slow(0, 20.0, 1), 10_000, 600_000);
    let (held, held_log) = run(slow(2, 20.0, 1), 10_000, 600_000);
    let unlimited = most_open_on_the_wire(&free_log, timeout);
    assert!(unlimited > 2, "{unlimited}");
    assert_eq!(free.metrics().counters.most_open_per_endpoint, unlimited);
    assert_eq!(free.metrics().counters.attempts_queued, 0);
    assert_eq!(most_open_on_the_wire(&held_log, timeout), 2);
    let c = held.metrics().counters;
    assert_eq!(c.most_open_per_endpoint, 2);
    assert!(c.attempts_queued > 100, "{c:?}");
    // The backlog grows: events come faster than the endpoints take them.
    assert!(c.longest_endpoint_queue > 20, "{c:?}");
    let limit = held.theory().endpoint_limit.expect("a limit");
    assert!((limit.deliveries_per_min - 2.0 * 60.0 / 10.105).abs() < 1e-9);
    assert!(limit.events_per_min > limit.deliveries_per_min);
    // Nothing timed out: the queue waits at the dispatcher, not at the receiver.
    assert_eq!(c.retries, 0, "{c:?}");
    assert!(held.metrics().delay.mean() > 10.0 * free.metrics().delay.mean());
}

#[test]
fn every_event_is_delivered_once_or_still_queued() {
    let (sim, log) = run(slow(1, 12.0, 2), 8_000, 900_000);
    let c = sim.metrics().counters;
    assert!(c.attempts_queued > 0 && c.lost == 0, "{c:?}");
    // Processed once each: no answer says "processed" twice for the same event.
    let mut processed = HashMap::new();
    for m in &log {
        if let Payload::Answer {
            event,
            processed_ms: Some(_),
            ..
        } = m.payload
        {
            *processed.entry((m.client, event)).or_insert(0) += 1;
        }
    }
    assert!(processed.values().all(|&n| n == 1));
    assert_eq!(processed.len() as u64, c.delivered);
    // What is not known yet is still with the dispatcher, one delivery per event; besides
    // those, each endpoint's one open attempt may be known and still waiting for its answer.
    let pending = c.events - c.delivered;
    assert_eq!(sim.pending_events(), pending);
    let with_dispatcher = sim.pending_deliveries() as u64;
    assert!(
        (pending..=pending + 4).contains(&with_dispatcher),
        "{with_dispatcher} {pending}"
    );
    assert!(c.longest_endpoint_queue <= pending + 4, "{c:?}");
}

#[test]
fn below_capacity_the_queue_stays_short_however_long_the_run() {
    // One endpoint takes 1 / 1.1 s; events come every 2 s on average.
    let (sim, _) = run(slow(1, 30.0, 3), 1_000, 3_600_000);
    let c = sim.metrics().counters;
    assert!(c.events > 400 && c.attempts_queued > 0, "{c:?}");
    assert!(c.longest_endpoint_queue < 20, "{c:?}");
    assert!(sim.pending_deliveries() < 20);
}

#[test]
fn the_wait_in_the_queue_is_the_delay_the_limit_adds() {
    // Receivers acknowledge on receipt; 1 s of latency makes each attempt hold its slot 2 s.
    let cfg = Config {
        latency_ms: 1_000,
        workers: 64,
        ..slow(1, 40.0, 4)
    };
    let mut sim = Simulation::new(cfg.clone()).expect("valid test configuration");
    sim.run_until(600_000);
    let c = sim.metrics().counters;
    assert!(c.attempts_queued > 100 && c.retries == 0, "{c:?}");
    // Each event learnt took the send, one trip, and whatever it waited for its slot.
    let sum = sim.metrics().delay.mean() * c.delivered as f64;
    let unqueued = c.delivered as f64 * (cfg.service_ms + cfg.latency_ms) as f64;
    let added = sum - unqueued;
    // Attempts sent in the last trip have waited but not arrived yet: at most one per endpoint.
    assert!(added <= c.slot_wait_ms as f64 + 1.0, "{added} {c:?}");
    assert!(added >= 0.95 * c.slot_wait_ms as f64, "{added} {c:?}");
}

#[test]
fn with_one_slot_arrivals_stay_in_order() {
    // Jitter of up to 2 s brings older updates after newer ones when attempts overlap.
    let cfg = |k| Config {
        clients: 10,
        rate_per_min: 15.0,
        latency_jitter_ms: 2_000,
        ..slow(k, 15.0, 5)
    };
    let mut free = Simulation::new(cfg(0)).expect("valid");
    free.run_until(600_000);
    assert!(free.metrics().counters.out_of_order > 10);
    let mut one = Simulation::new(cfg(1)).expect("valid");
    one.run_until(600_000);
    let c = one.metrics().counters;
    assert!(c.attempts_queued > 0 && c.retries == 0, "{c:?}");
    assert_eq!(c.out_of_order, 0, "{c:?}");
}

#[test]
fn no_limit_or_one_never_reached_leaves_the_run_unchanged() {
    let base = Config {
        clients: 8,
        rate_per_min: 6.0,
        latency_jitter_ms: 30,
        loss: 0.02,
        ack_loss: 0.05,
        outage: Some((60_000, 120_000)),
        ..slow(0, 6.0, 21)
    };
    let plain = transcript_sha256(&base, 600_000);
    let roomy = Config {
        delivery_concurrency: 100,
        ..base.clone()
    };
    assert_eq!(transcript_sha256(&roomy, 600_000), plain);
    // Unlimited is left out of saved settings, so existing ones read and write as before.
    let json = serde_json::to_string(&base).expect("serialises");
    assert!(!json.contains("delivery_concurrency"), "{json}");
    assert!(serde_json::to_string(&roomy)
        .expect("serialises")
        .contains("\"delivery_concurrency\":100"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Whatever the limit, load, loss and receiver, no endpoint ever has more than k attempts
    /// open, and every event is known, lost or still pending: never dropped from the books.
    #[test]
    fn the_limit_holds_on_the_wire(
        k in 1u32..4,
        rate in 1.0f64..60.0,
        loss in 0.0f64..0.2,
        ack_loss in 0.0f64..0.3,
        handler in 0u64..20_000,
        hybrid in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let cfg = Config {
            mode: if hybrid { Mode::Hybrid } else { Mode::Webhook },
            loss,
            ack_loss,
            retry_schedule_ms: vec![0, 2_000, 10_000],
            ..slow(k, rate, seed)
        };
        let timeout = cfg.receiver_timeout_ms;
        let (sim, log) = run(cfg, handler, 300_000);
        prop_assert!(most_open_on_the_wire(&log, timeout) <= u64::from(k));
        prop_assert!(sim.metrics().counters.most_open_per_endpoint <= u64::from(k));
        let c = sim.metrics().counters;
        prop_assert_eq!(c.events, c.delivered + c.lost + sim.pending_events());
    }
}
