//! Overload as real servers and clients meet it: a poller keeps one poll outstanding and gives up
//! after its timeout, the server refuses polls beyond its accept queue with 503, and the pollers
//! back off with jitter. Every poll sent is accounted for exactly once.
#![cfg(not(target_arch = "wasm32"))]

mod sim_support;

use proptest::prelude::*;
use sim_support::{assert_accounted, observe};
use webhook_vs_api::sim::{Config, MessageKind, Mode, Simulation, Status};

/// 2,000 clients every 0.5 s offer 4,000 polls a second to a server that takes 800; a short queue
/// and a short timeout keep the run small.
fn overloaded(seed: u64) -> Config {
    Config {
        mode: Mode::Polling,
        clients: 2_000,
        poll_interval_ms: 500,
        rate_per_min: 6.0,
        accept_queue: 400,
        request_timeout_ms: 300,
        seed,
        ..Config::default()
    }
}

#[test]
fn overload_times_polls_out_and_refuses_them_with_503() {
    let mut sim = Simulation::new(overloaded(1)).unwrap();
    let log = observe(&mut sim);
    sim.run_until(60_000);
    let c = sim.metrics().counters;
    assert!(c.timed_out > 1_000, "{c:?}");
    assert!(c.rejected > 1_000, "{c:?}");
    assert_accounted(&sim);
    // The server cannot answer more than it can serve: 800 a second.
    assert!(c.answered <= 800 * 60, "{c:?}");
    assert!(sim.theory().server_utilization > 4.9);
    let busy = log
        .borrow()
        .iter()
        .find(|m| m.status == Some(Status::ServiceUnavailable))
        .copied()
        .expect("a 503 on the wire");
    let text = sim.render(&busy);
    assert_eq!(busy.kind, MessageKind::ApiError);
    assert_eq!(
        text.headers.get("retry-after").map(String::as_str),
        Some("1")
    );
}

#[test]
fn a_poller_waits_for_its_answer_before_polling_again() {
    // Default queue and timeout: 2,000 clients every 0.5 s queue about 2.5 s at the server.
    let mut sim = Simulation::new(Config {
        accept_queue: Config::default().accept_queue,
        request_timeout_ms: Config::default().request_timeout_ms,
        ..overloaded(2)
    })
    .unwrap();
    let mut most = 0;
    for t in (1_000..=30_000).step_by(1_000) {
        sim.run_until(t);
        most = most.max(sim.polls_in_flight());
    }
    let c = sim.metrics().counters;
    assert!(most <= 2_000 && most > 1_000, "{most}");
    assert!(c.polls_skipped > 10_000, "{c:?}");
    assert_eq!((c.timed_out, c.rejected), (0, 0));
    assert_accounted(&sim);
}

#[test]
fn below_saturation_nothing_times_out_or_is_refused() {
    let mut sim = Simulation::new(Config {
        poll_interval_ms: 5_000,
        clients: 2_000,
        ..Config::default()
    })
    .unwrap();
    sim.run_until(120_000);
    let c = sim.metrics().counters;
    assert_eq!((c.timed_out, c.rejected, c.polls_skipped), (0, 0, 0));
    assert!(c.answered > 45_000);
    assert_accounted(&sim);
}

#[test]
fn back_off_spreads_the_retries_after_a_mass_503() {
    // Every client polls within the first half second: far more than the queue takes.
    let mut sim = Simulation::new(overloaded(3)).unwrap();
    let log = observe(&mut sim);
    sim.run_until(61_000);
    assert!(sim.metrics().counters.rejected > 500);
    let mut per_second = [0u64; 60];
    for m in log.borrow().iter() {
        if m.kind == MessageKind::PollRequest && (1_000..61_000).contains(&m.sent_ms) {
            per_second[(m.sent_ms / 1_000 - 1) as usize] += 1;
        }
    }
    let mean = per_second.iter().sum::<u64>() as f64 / 60.0;
    let worst = *per_second.iter().max().unwrap() as f64;
    assert!(
        worst <= 2.0 * mean,
        "worst {worst}, mean {mean}: {per_second:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Whatever the load, loss and limits, a poll is answered, timed out, rejected or still in
    /// flight: never lost from the books, never counted twice.
    #[test]
    fn every_poll_is_accounted_for_once(
        clients in 1u32..600,
        interval in 500u64..5_000,
        loss in 0.0f64..0.3,
        queue in 1u32..200,
        timeout in 100u64..3_000,
        hybrid in any::<bool>(),
        seed in any::<u64>(),
        stop in 1_000u64..40_000,
    ) {
        let mut sim = Simulation::new(Config {
            mode: if hybrid { Mode::Hybrid } else { Mode::Polling },
            clients,
            poll_interval_ms: interval,
            reconcile_interval_ms: interval.max(1_000),
            loss,
            accept_queue: queue,
            request_timeout_ms: timeout,
            seed,
            ..Config::default()
        })
        .unwrap();
        sim.run_until(stop);
        assert_accounted(&sim);
    }
}

#[test]
fn held_long_polls_fill_the_accept_queue_and_the_rest_are_refused() {
    // 300 long pollers with no events: the server holds every poll, but only 100 at once.
    let mut sim = Simulation::new(Config {
        mode: Mode::LongPolling,
        clients: 300,
        rate_per_min: 0.0,
        accept_queue: 100,
        seed: 3,
        ..Config::default()
    })
    .unwrap();
    let log = observe(&mut sim);
    sim.run_until(60_000);
    let refused = log
        .borrow()
        .iter()
        .filter(|m| m.status == Some(Status::ServiceUnavailable))
        .count() as u64;
    let c = sim.metrics().counters;
    assert!(refused >= 200, "{refused}");
    assert!(c.rejected > 0 && c.rejected <= refused, "{c:?}");
    // Refused pollers come back after their back-off, and some find room as holds time out.
    let polls = log
        .borrow()
        .iter()
        .filter(|m| m.kind == MessageKind::PollRequest)
        .count() as u64;
    assert!(
        polls > 300 + refused / 2,
        "{polls} polls, {refused} refused"
    );
}
