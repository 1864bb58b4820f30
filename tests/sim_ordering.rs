//! Out-of-order deliveries: jitter and retries bring an older update after a newer one; a
//! receiver that compares versions applies none of them, one that does not applies every one.
#![cfg(not(target_arch = "wasm32"))]

use webhook_vs_api::sim::{transcript_sha256, Config, Mode, Simulation};

fn webhook(latency_jitter_ms: u64, orders_by_version: bool) -> Config {
    pushed(Mode::Webhook, latency_jitter_ms, orders_by_version)
}

fn pushed(mode: Mode, latency_jitter_ms: u64, orders_by_version: bool) -> Config {
    Config {
        mode,
        clients: 10,
        rate_per_min: 30.0,
        latency_ms: 50,
        latency_jitter_ms,
        orders_by_version,
        seed: 5,
        ..Config::default()
    }
}

fn counters(cfg: Config, until_ms: u64) -> webhook_vs_api::sim::metrics::Counters {
    let mut sim = Simulation::new(cfg).expect("valid test configuration");
    sim.run_until(until_ms);
    sim.metrics().counters
}

#[test]
fn jitter_brings_older_updates_after_newer_ones() {
    // Events 2 s apart on average, each delivery 50 ms to 2,050 ms on the way.
    let c = counters(webhook(2_000, false), 600_000);
    assert!(c.out_of_order > 10, "{c:?}");
    assert_eq!((c.stale_applied, c.stale_ignored), (c.out_of_order, 0));
    // Without jitter or failures, every client's deliveries arrive in the order sent.
    assert_eq!(counters(webhook(0, false), 600_000).out_of_order, 0);
}

#[test]
fn a_receiver_that_compares_versions_applies_no_stale_update() {
    let off = counters(webhook(2_000, false), 600_000);
    let on = counters(webhook(2_000, true), 600_000);
    // The same deliveries arrive in the same order: only what the receiver does with them differs.
    assert_eq!(on.out_of_order, off.out_of_order);
    assert_eq!((on.stale_applied, on.stale_ignored), (0, off.out_of_order));
    assert_eq!(
        transcript_sha256(&webhook(2_000, true), 120_000),
        transcript_sha256(&webhook(2_000, false), 120_000)
    );
}

#[test]
fn retries_after_an_outage_arrive_behind_newer_first_attempts() {
    // Down for the first minute: its events wait for their retries (5 s, then 5 min), while
    // events after the outage are delivered at once.
    let cfg = Config {
        outage: Some((0, 60_000)),
        ..webhook(0, false)
    };
    let c = counters(cfg.clone(), 900_000);
    assert!(c.retries > 0 && c.out_of_order > 0, "{c:?}");
    let fixed = counters(
        Config {
            orders_by_version: true,
            ..cfg
        },
        900_000,
    );
    assert_eq!(
        (fixed.stale_applied, fixed.stale_ignored),
        (0, c.out_of_order)
    );
}

#[test]
fn in_both_late_notifications_lead_to_the_current_state() {
    // The outage of the test above: retried notifications arrive behind newer ones, but each
    // starts a fetch whose answer carries the record's current version, so nothing stale is
    // applied even by a receiver that does not compare versions.
    let cfg = Config {
        outage: Some((0, 60_000)),
        ..pushed(Mode::Hybrid, 0, false)
    };
    let both = counters(cfg.clone(), 900_000);
    assert!(both.retries > 0 && both.out_of_order > 0, "{both:?}");
    assert_eq!((both.stale_applied, both.stale_ignored), (0, 0));
    let pushed_only = counters(
        Config {
            mode: Mode::Webhook,
            ..cfg
        },
        900_000,
    );
    assert!(pushed_only.stale_applied > 0, "{pushed_only:?}");
}

#[test]
fn in_both_fetch_answers_that_cross_are_counted_and_a_version_check_ignores_them() {
    let jittery = counters(pushed(Mode::Hybrid, 2_000, false), 600_000);
    let pushed_only = counters(webhook(2_000, false), 600_000);
    assert!(jittery.out_of_order > 10, "{jittery:?}");
    // Fetch answers cross on a jittery network too, but a fetch answered later carries a version
    // at least as new, so far fewer states are stale than deliveries are late.
    assert!(
        jittery.stale_applied < pushed_only.stale_applied / 2,
        "{jittery:?} against {pushed_only:?}"
    );
    let checked = counters(pushed(Mode::Hybrid, 2_000, true), 600_000);
    assert_eq!(checked.stale_applied, 0, "{checked:?}");
    assert_eq!(checked.stale_ignored, jittery.stale_applied);
    assert_eq!(checked.out_of_order, jittery.out_of_order);
}
