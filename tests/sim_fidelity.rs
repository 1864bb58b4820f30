//! Fidelity: with fixed seeds and at least 100,000 events each, the measured values reproduce the
//! closed forms of reference/theory.md.
#![cfg(not(target_arch = "wasm32"))]

use webhook_vs_api::sim::{Config, Mode, Simulation};

fn run(cfg: Config, duration_ms: u64) -> Simulation {
    let mut sim = Simulation::new(cfg).expect("valid test configuration");
    sim.run_until(duration_ms);
    sim
}

fn polling(clients: u32, interval_ms: u64, rate_per_min: f64, seed: u64) -> Config {
    Config {
        mode: Mode::Polling,
        clients,
        poll_interval_ms: interval_ms,
        rate_per_min,
        latency_ms: 50,
        service_ms: 5,
        workers: 16,
        seed,
        ..Config::default()
    }
}

#[test]
fn polling_mean_delay_within_2_percent_of_t_over_2_plus_l_plus_s() {
    // λT = 1; 100 clients · 6/min · 10,200 s ≈ 102,000 events.
    let sim = run(polling(100, 10_000, 6.0, 1), 10_200_000);
    let m = sim.metrics();
    assert!(
        m.counters.delivered >= 100_000,
        "{} events delivered",
        m.counters.delivered
    );
    let theory = sim.theory().polling_mean_delay_ms;
    assert_eq!(theory, 5_055.0);
    let rel = (m.delay.mean() - theory).abs() / theory;
    assert!(rel < 0.02, "mean {} vs {theory}", m.delay.mean());
    // Worst case T + L + S, up to the millisecond rounding of event times.
    assert!(m.delay.max() <= 10_056, "max {}", m.delay.max());
    // The wait for the next poll is uniform on [0, T): the 95th percentile is 0.95·T + L + S.
    let p95 = sim.theory().p95_delay_ms.expect("exact without jitter");
    assert_eq!(p95, 0.95 * 10_000.0 + 50.0 + 5.0);
    let measured = m.delay.quantile(0.95) as f64;
    assert!(
        (measured - p95).abs() / p95 < 0.02,
        "p95 {measured} vs {p95}"
    );
}

#[test]
fn empty_poll_fraction_within_one_point_of_exp_minus_lambda_t() {
    for (rate, seed) in [(6.0, 2), (1.2, 3)] {
        // λT = 1 and 0.2, about 100,000 polls each.
        let sim = run(polling(100, 10_000, rate, seed), 10_000_000);
        let m = sim.metrics();
        assert!(m.counters.polls >= 99_000, "{} polls", m.counters.polls);
        let measured = m.counters.empty_polls as f64 / m.counters.polls as f64;
        let expected = sim.theory().empty_fraction;
        assert!(
            (measured - expected).abs() < 0.01,
            "λ={rate}/min: {measured} vs {expected}"
        );
        assert!(m.counters.empty_polls <= m.counters.requests);
    }
}

#[test]
fn request_count_is_n_w_over_t_whatever_the_events() {
    for rate in [0.0, 0.5, 60.0] {
        let cfg = polling(200, 5_000, rate, 4);
        let w = 2_500_000; // 100,000 polls
        let sim = run(cfg.clone(), w);
        let expected = sim.theory().polls_in(&cfg, w);
        let sent = sim.metrics().counters.requests as f64;
        // Each client's random phase changes its count by at most one.
        assert!(
            (sent - expected).abs() <= cfg.clients as f64,
            "rate {rate}: {sent} vs {expected}"
        );
    }
}

#[test]
fn webhook_delay_is_network_plus_service_when_receivers_are_up() {
    let cfg = Config {
        mode: Mode::Webhook,
        clients: 100,
        rate_per_min: 60.0,
        latency_ms: 50,
        service_ms: 5,
        workers: 64,
        seed: 5,
        ..Config::default()
    };
    let sim = run(cfg, 1_020_000);
    let m = sim.metrics();
    assert!(m.counters.events >= 100_000, "{} events", m.counters.events);
    let l_plus_s = sim.theory().webhook_delay_ms;
    assert_eq!(l_plus_s, 55.0);
    assert_eq!(m.delay.mean(), l_plus_s);
    assert_eq!(m.delay.max(), 55);
    assert_eq!(m.delay.quantile(0.5), 55);
    assert_eq!(sim.theory().p95_delay_ms, Some(55.0));
    assert_eq!(m.delay.quantile(0.95), 55);
    assert_eq!(m.counters.requests, m.counters.webhook_attempts);
    assert_eq!(
        (
            m.counters.retries,
            m.counters.duplicates,
            m.counters.dead_letters,
            m.counters.empty_polls
        ),
        (0, 0, 0, 0)
    );
    assert_eq!(
        m.counters.delivered + sim.pending_events(),
        m.counters.events
    );
}

#[test]
fn zapier_case_gives_98_5_percent_empty_polls() {
    // λT = 0.015: one event per client every 66.7 intervals; 1,000 clients · 100 polls.
    let cfg = polling(1_000, 60_000, 0.015, 6);
    let sim = run(cfg, 6_000_000);
    let m = sim.metrics();
    assert!(m.counters.polls >= 99_000, "{} polls", m.counters.polls);
    assert!((sim.theory().lambda_t - 0.015).abs() < 1e-12);
    let empty = m.counters.empty_polls as f64 / m.counters.polls as f64;
    assert!((empty - 0.985).abs() < 0.01, "empty fraction {empty}");
}

#[test]
fn polling_sends_fewer_requests_than_webhooks_only_beyond_lambda_t_of_one() {
    for (rate, polling_wins) in [(30.0, true), (2.4, false)] {
        // T = 5 s: λT = 2.5, then 0.2.
        let base = polling(100, 5_000, rate, 7);
        let w = (100_000.0 / (100.0 * rate) * 60_000.0) as u64; // about 100,000 events
        let p = run(base.clone(), w);
        let h = run(
            Config {
                mode: Mode::Webhook,
                ..base
            },
            w,
        );
        assert_eq!(
            p.metrics().counters.events,
            h.metrics().counters.events,
            "both modes see the same events"
        );
        assert!(p.metrics().counters.events >= 99_000);
        let (pr, hr) = (p.metrics().counters.requests, h.metrics().counters.requests);
        assert_eq!(
            pr < hr,
            polling_wins,
            "λ={rate}/min: polling {pr} vs webhook {hr}"
        );
        assert_eq!(p.theory().polling_cheaper, polling_wins);
    }
}

#[test]
fn hybrid_delay_is_webhook_then_fetch_round_trip() {
    let cfg = Config {
        mode: Mode::Hybrid,
        clients: 50,
        rate_per_min: 12.0,
        latency_ms: 40,
        service_ms: 5,
        receiver_processing_ms: 20,
        workers: 64,
        reconcile_interval_ms: 0,
        seed: 8,
        ..Config::default()
    };
    let sim = run(cfg, 600_000);
    let m = sim.metrics();
    assert!(m.counters.events > 5_000);
    assert_eq!(m.delay.mean(), sim.theory().hybrid_delay_ms);
    assert_eq!(
        m.counters.requests_arrived, m.counters.delivered,
        "one fetch per event"
    );
}

#[test]
fn long_polling_is_empty_only_when_a_hold_times_out() {
    let base = polling(100, 5_000, 6.0, 9);
    let lp = run(
        Config {
            mode: Mode::LongPolling,
            ..base.clone()
        },
        1_000_000,
    );
    let p = run(base, 1_000_000);
    let (l, m) = (lp.metrics(), p.metrics());
    assert_eq!(l.counters.events, m.counters.events);
    // A hold of H = 20 s ends empty with probability e^(−λH) = e^(−2); plain polls every 5 s
    // are empty with probability e^(−0.5).
    let lp_empty = l.counters.empty_polls as f64 / l.counters.polls as f64;
    assert!((lp_empty - (-2.0f64).exp()).abs() < 0.01, "{lp_empty}");
    assert!(lp_empty < m.counters.empty_polls as f64 / m.counters.polls as f64 / 4.0);
    assert!(l.delay.mean() < m.delay.mean() / 10.0);
    assert_eq!(
        l.counters.delivered + lp.pending_events(),
        l.counters.events
    );
}
