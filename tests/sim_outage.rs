//! Outages and retries: attempts follow the schedule exactly without jitter, every event ends
//! delivered or dead-lettered, and duplicates from lost acknowledgements are suppressed.
#![cfg(not(target_arch = "wasm32"))]

mod sim_support;

use sim_support::observe;
use std::collections::{BTreeMap, HashSet};

use webhook_vs_api::sim::config::SVIX_SCHEDULE_MS;
use webhook_vs_api::sim::{Config, MessageKind, Mode, Simulation, Status};

fn webhook(clients: u32, rate_per_min: f64, seed: u64) -> Config {
    Config {
        mode: Mode::Webhook,
        clients,
        rate_per_min,
        retry_jitter: 0.0,
        workers: 64,
        seed,
        ..Config::default()
    }
}

#[test]
fn attempts_happen_exactly_on_the_svix_schedule_without_jitter() {
    for (latency, service) in [(0u64, 0u64), (50, 5)] {
        let cfg = Config {
            latency_ms: latency,
            service_ms: service,
            outage: Some((0, 100 * 3_600_000)),
            ..webhook(2, 0.5, 21)
        };
        let mut sim = Simulation::new(cfg).unwrap();
        let log = observe(&mut sim);
        sim.run_until(2 * 3_600_000);
        sim.set_receivers_online(true);
        sim.run_until(60 * 3_600_000);
        let mut attempts: BTreeMap<(u32, Option<u32>), Vec<u64>> = BTreeMap::new();
        for m in log.borrow().iter() {
            if matches!(
                m.kind,
                MessageKind::WebhookDelivery | MessageKind::WebhookRetry
            ) {
                attempts
                    .entry((m.client, m.event()))
                    .or_default()
                    .push(m.sent_ms);
            }
        }
        // Events of the first 2 hours have had all their attempts by hour 60.
        let full: Vec<_> = attempts.values().filter(|a| a[0] < 2 * 3_600_000).collect();
        assert!(full.len() > 20);
        for a in full {
            assert_eq!(a.len(), SVIX_SCHEDULE_MS.len());
            for k in 1..a.len() {
                // Each wait starts when the 503 comes back (a round trip after the send) and the
                // send itself takes a service time.
                assert_eq!(
                    a[k] - a[k - 1],
                    SVIX_SCHEDULE_MS[k] + 2 * latency + service,
                    "attempt {}",
                    k + 1
                );
            }
        }
        // Three failures then success: about 35 min 5 s after the first attempt.
        let cumulative: u64 = SVIX_SCHEDULE_MS[..4].iter().sum();
        assert_eq!(cumulative, 35 * 60_000 + 5_000);
        let m = sim.metrics();
        assert_eq!(m.counters.delivered, 0);
        assert_eq!(m.counters.dead_letters, m.counters.lost);
        assert_eq!(
            m.counters.delivered + m.counters.lost + sim.pending_events(),
            m.counters.events
        );
    }
}

#[test]
fn after_an_outage_every_event_is_delivered_or_dead_lettered() {
    // A short schedule (71 s in all) and a 5-minute outage: events early in the outage exhaust
    // their attempts; the last minute's events are delivered once the receivers are back.
    let cfg = Config {
        retry_schedule_ms: vec![0, 1_000, 10_000, 60_000],
        outage: Some((600_000, 300_000)),
        ..webhook(200, 3.0, 22)
    };
    let mut sim = Simulation::new(cfg).unwrap();
    sim.run_until(2_000_000);
    let m = sim.metrics();
    assert!(m.counters.events > 15_000);
    assert!(m.counters.dead_letters > 500, "{}", m.counters.dead_letters);
    assert!(m.counters.retries > 0);
    assert_eq!(
        m.counters.lost, m.counters.dead_letters,
        "without lost acks every dead letter is an unseen event"
    );
    assert_eq!(
        m.counters.delivered + m.counters.dead_letters + sim.pending_events(),
        m.counters.events
    );
    assert!(
        sim.pending_events() < 50,
        "only the last second's events are in flight"
    );
    assert_eq!(m.counters.duplicates, 0);
}

#[test]
fn live_toggle_takes_effect_from_now_and_retries_catch_up() {
    let mut sim = Simulation::new(webhook(50, 6.0, 23)).unwrap();
    sim.run_until(60_000);
    sim.set_receivers_online(false);
    sim.run_until(120_000);
    let during = sim.metrics().counters.delivered;
    let failures = sim
        .messages()
        .filter(|m| m.kind == MessageKind::Failure && m.status == Some(Status::ServiceUnavailable))
        .count();
    assert!(failures > 0);
    sim.set_receivers_online(true);
    sim.run_until(3_600_000);
    let m = sim.metrics();
    assert!(m.counters.delivered > during);
    assert_eq!(m.counters.dead_letters, 0);
    // Events of the outage waited for the 5-minute retry: the maximum delay shows it.
    assert!(m.delay.max() >= 300_000, "{}", m.delay.max());
    assert_eq!(
        m.counters.delivered + sim.pending_events(),
        m.counters.events
    );
}

#[test]
fn duplicates_from_lost_acknowledgements_are_suppressed_and_counted() {
    let cfg = Config {
        ack_loss: 0.3,
        retry_schedule_ms: vec![0, 1_000, 5_000, 10_000, 30_000],
        ..webhook(100, 6.0, 24)
    };
    let mut sim = Simulation::new(cfg).unwrap();
    let log = observe(&mut sim);
    sim.run_until(1_800_000);
    let m = sim.metrics();
    assert!(m.counters.duplicates > 1_000, "{}", m.counters.duplicates);
    // Every 200 after the first for an event is a duplicate the receiver recognised.
    let mut acked = HashSet::new();
    let mut repeat_acks = 0;
    for msg in log.borrow().iter().filter(|m| m.kind == MessageKind::Ack) {
        if !acked.insert((msg.client, msg.event())) {
            repeat_acks += 1;
        }
    }
    assert_eq!(repeat_acks, m.counters.duplicates);
    assert_eq!(
        m.counters.delivered as usize,
        acked.len(),
        "each event is processed once"
    );
    // An event whose every ack was lost is dead-lettered by the dispatcher though the client knew it.
    assert_eq!(m.counters.lost, 0);
    assert_eq!(
        m.counters.delivered + sim.pending_events(),
        m.counters.events
    );
}

#[test]
fn hybrid_reconciliation_recovers_what_webhooks_missed() {
    let cfg = Config {
        mode: Mode::Hybrid,
        // The last retry comes 2 minutes later, often after reconciliation found the event.
        retry_schedule_ms: vec![0, 1_000, 120_000],
        outage: Some((300_000, 600_000)),
        reconcile_interval_ms: 60_000,
        ..webhook(50, 6.0, 25)
    };
    let mut sim = Simulation::new(cfg).unwrap();
    sim.run_until(1_800_000);
    let m = sim.metrics();
    assert!(m.counters.dead_letters > 100);
    assert!(
        m.counters.reconciled >= m.counters.dead_letters,
        "{} reconciled, {} dead",
        m.counters.reconciled,
        m.counters.dead_letters
    );
    assert_eq!(m.counters.lost, 0);
    assert!(
        m.counters.duplicates > 0,
        "webhooks of already reconciled events are recognised"
    );
    assert_eq!(
        m.counters.delivered + sim.pending_events(),
        m.counters.events
    );
}

/// The latest learned event carries the true delay: with receivers up it is the one-way latency
/// plus service time, and it names an event the client really had.
#[test]
fn last_learned_reports_the_delivery_delay() {
    let cfg = Config {
        mode: Mode::Webhook,
        latency_ms: 120,
        service_ms: 7,
        ..Config::default()
    };
    let mut sim = Simulation::new(cfg).unwrap();
    assert_eq!(sim.last_learned(), None);
    sim.run_until(600_000);
    let l = sim
        .last_learned()
        .expect("events were delivered in ten minutes");
    assert_eq!(l.delay_ms, 127);
    assert!(l.at_ms <= 600_000 && l.client < 10);
    assert!(!sim
        .event_type(l.client, l.event)
        .headline(l.event)
        .is_empty());
}
