//! The fast path (empty polls counted in runs, skipped slots slept through) against the
//! per-event engine over 240 random settings: the same counters where the model is deterministic,
//! the same means (within 1 %) and shares (within 0.5 points), pooled over the settings, where
//! it draws random numbers. Queueing waits are the exception: empty runs take no worker.
#![cfg(not(target_arch = "wasm32"))]

mod sim_support;

use sim_support::assert_accounted;
use webhook_vs_api::sim::{Config, Mode, Simulation};

/// A small xorshift, so that the settings are the same on every run of the test.
struct Pick(u64);

impl Pick {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn of<T: Copy>(&mut self, options: &[T]) -> T {
        options[(self.next() % options.len() as u64) as usize]
    }
}

/// Settings of case `i`: deterministic ones (no loss, no jitter) first, random ones after.
fn settings(p: &mut Pick, deterministic: bool) -> Config {
    let mode = p.of(&[Mode::Polling, Mode::Polling, Mode::Polling, Mode::Hybrid]);
    let clients = p.of(&[1, 3, 10, 40, 120]);
    Config {
        mode,
        clients,
        poll_interval_ms: p.of(&[500, 1_000, 2_000, 5_000, 10_000, 30_000]),
        rate_per_min: p.of(&[0.0, 0.2, 1.0, 2.0, 10.0, 60.0]),
        latency_ms: p.of(&[0, 20, 50, 150, 400]),
        workers: p.of(&[1, 2, 4]),
        service_ms: p.of(&[0, 1, 5, 20]),
        reconcile_interval_ms: p.of(&[0, 5_000, 60_000]),
        poll_jitter: if deterministic {
            0.0
        } else {
            p.of(&[0.0, 0.3, 1.0])
        },
        latency_jitter_ms: if deterministic { 0 } else { p.of(&[0, 30]) },
        loss: if deterministic {
            0.0
        } else {
            p.of(&[0.0, 0.02])
        },
        accept_queue: p.of(&[8, 64, 4_096]),
        request_timeout_ms: p.of(&[300, 5_000]),
        seed: p.next(),
        ..Config::default()
    }
}

const RUN_MS: u64 = 600_000;

/// The run in slices of a minute, with the fast path on or off.
fn run(cfg: &Config, fast: bool) -> Simulation {
    let mut sim = Simulation::new(cfg.clone()).expect("valid settings");
    sim.set_fast_path(fast);
    assert_eq!(sim.fast_path(), fast);
    for t in (60_000..=RUN_MS).step_by(60_000) {
        sim.run_until(t);
    }
    sim
}

#[test]
fn where_nothing_is_random_the_fast_path_counts_what_the_engine_counts() {
    let mut p = Pick(0x5eed_f00d);
    let mut compared = 0;
    let mut saved = 0;
    for _ in 0..160 {
        let cfg = settings(&mut p, true);
        let exact = run(&cfg, false);
        let fast = run(&cfg, true);
        let (e, f) = (exact.metrics(), fast.metrics());
        assert_accounted(&fast);
        saved += exact.engine_events().saturating_sub(fast.engine_events());
        // Back-off draws random waits: those runs are compared with the random ones below.
        if e.counters.timed_out + e.counters.rejected > 0 {
            continue;
        }
        compared += 1;
        assert_eq!(e.counters, f.counters, "{cfg:?}");
        assert_eq!((e.jobs, e.busy_ms), (f.jobs, f.busy_ms), "{cfg:?}");
        assert_eq!(e.delay.count(), f.delay.count(), "{cfg:?}");
        // Empty polls take no worker from the polls that carry events: their waits, and so
        // the delays, may be shorter by a little.
        let (de, df) = (e.delay.mean(), f.delay.mean());
        assert!(df <= de + 1e-9 && df >= de * 0.99, "{de} {df} {cfg:?}");
        assert_eq!(
            exact.now_ms(),
            fast.now_ms(),
            "both stop at the same simulated time"
        );
    }
    assert!(compared >= 120, "only {compared} deterministic runs");
    assert!(saved > 0, "the fast path handled fewer engine events");
}

/// Sums over runs: delays, polls sent and their outcomes.
#[derive(Default)]
struct Pooled {
    delay_sum: f64,
    delays: f64,
    sent: f64,
    answered: f64,
    empty: f64,
    polls: f64,
    failed: f64,
}

impl Pooled {
    fn add(&mut self, sim: &Simulation) {
        let m = sim.metrics();
        let c = &m.counters;
        self.delay_sum += m.delay.mean() * m.delay.count() as f64;
        self.delays += m.delay.count() as f64;
        self.sent += c.polls_sent as f64;
        self.answered += c.answered as f64;
        self.empty += c.empty_polls as f64;
        self.polls += c.polls as f64;
        self.failed += (c.timed_out + c.rejected) as f64;
    }
}

/// Runs `cases` random settings whose offered load is in `load` both ways, pooled.
fn pooled(seed: u64, cases: usize, load: std::ops::Range<f64>) -> (Pooled, Pooled) {
    let mut p = Pick(seed);
    let (mut exact, mut fast) = (Pooled::default(), Pooled::default());
    let mut n = 0;
    while n < cases {
        let cfg = Config {
            clients: p.of(&[10, 60, 400]),
            poll_interval_ms: p.of(&[500, 1_000, 5_000]),
            ..settings(&mut p, false)
        };
        let probe = Simulation::new(cfg.clone()).expect("valid settings");
        if !load.contains(&probe.theory().server_utilization) {
            continue;
        }
        n += 1;
        let e = run(&cfg, false);
        let f = run(&cfg, true);
        assert_accounted(&f);
        exact.add(&e);
        fast.add(&f);
    }
    (exact, fast)
}

fn assert_shares_agree(exact: &Pooled, fast: &Pooled, tolerance: f64) {
    for (name, share_e, share_f) in [
        (
            "answered",
            exact.answered / exact.sent,
            fast.answered / fast.sent,
        ),
        ("failed", exact.failed / exact.sent, fast.failed / fast.sent),
        ("empty", exact.empty / exact.polls, fast.empty / fast.polls),
    ] {
        assert!(
            (share_e - share_f).abs() <= tolerance,
            "{name}: {share_e} vs {share_f}"
        );
    }
}

#[test]
fn where_numbers_are_drawn_the_fast_path_agrees_in_distribution() {
    let (exact, fast) = pooled(0xfa57_5eed, 60, 0.0..0.9);
    assert_pooled_agree(&exact, &fast);
}

#[test]
fn past_saturation_the_fast_path_sheds_load_as_the_engine_does() {
    let (exact, fast) = pooled(0x0be7_10ad, 20, 1.5..f64::INFINITY);
    assert!(exact.failed > 0.0, "the runs were overloaded");
    assert_pooled_agree(&exact, &fast);
}

/// Pooled over the settings: mean delay and polls sent within 1 %, shares within 0.5 points.
fn assert_pooled_agree(exact: &Pooled, fast: &Pooled) {
    let mean = |p: &Pooled| p.delay_sum / p.delays;
    let (me, mf) = (mean(exact), mean(fast));
    assert!((mf - me).abs() <= 0.01 * me, "mean delay {me} vs {mf}");
    let sent = (exact.sent, fast.sent);
    assert!(
        (sent.0 - sent.1).abs() <= 0.01 * sent.0,
        "polls sent {sent:?}"
    );
    assert_shares_agree(exact, fast, 0.005);
}

#[test]
fn switching_the_fast_path_off_leaves_the_engine_where_it_would_be() {
    // Below half load, then played on per event: the same counters as a run per event throughout.
    let cfg = Config {
        clients: 50,
        poll_interval_ms: 2_000,
        rate_per_min: 1.0,
        ..Config::default()
    };
    let mut mixed = Simulation::new(cfg.clone()).unwrap();
    mixed.set_fast_path(true);
    mixed.run_until(300_037);
    mixed.set_fast_path(false);
    mixed.run_until(600_000);
    let exact = run(&cfg, false);
    assert_eq!(mixed.metrics().counters, exact.metrics().counters);
    assert_accounted(&mixed);
}

/// Polling settings where no poll waits for a worker (as many workers as clients), so the
/// per-event engine's delays have nothing the fast path leaves out.
fn unqueued(clients: u32, seed: u64) -> Config {
    Config {
        mode: Mode::Polling,
        clients,
        workers: clients,
        poll_interval_ms: 5_000,
        rate_per_min: 6.0,
        seed,
        ..Config::default()
    }
}

#[test]
fn in_polling_mode_runs_carry_the_events_and_every_delay_is_the_engines() {
    for seed in [1, 2, 3] {
        let cfg = unqueued(30, seed);
        let (mut exact, mut fast) = (
            Simulation::new(cfg.clone()).unwrap(),
            Simulation::new(cfg).unwrap(),
        );
        fast.set_fast_path(true);
        // Read at uneven instants, so steps are cut between a poll's send, arrival and answer.
        for t in [7_313, 60_000, 1_234_567, 3_600_001, 7_200_000] {
            exact.run_until(t);
            fast.run_until(t);
            let (e, f) = (exact.metrics(), fast.metrics());
            assert_eq!(e.counters, f.counters, "seed {seed} at {t} ms");
            assert_eq!((e.jobs, e.busy_ms), (f.jobs, f.busy_ms));
            assert_eq!(e.delay.count(), f.delay.count());
            assert_eq!(e.delay.mean(), f.delay.mean(), "seed {seed} at {t} ms");
            assert_eq!(e.delay.max(), f.delay.max());
            assert_eq!(exact.pending_events(), fast.pending_events());
            assert_accounted(&fast);
        }
        assert!(fast.metrics().counters.delivered > 20_000);
    }
}

#[test]
fn in_polling_mode_the_engines_work_does_not_grow_with_the_span() {
    // Open runs read the events when the counters are read: the engine itself only starts them.
    let cfg = Config {
        clients: 200,
        ..Config::default()
    };
    let events_after = |span_ms: u64| {
        let mut sim = Simulation::new(cfg.clone()).unwrap();
        sim.set_fast_path(true);
        sim.run_until(span_ms);
        assert_accounted(&sim);
        (sim.engine_events(), sim.metrics().counters.events)
    };
    let (hour, hour_events) = events_after(3_600_000);
    let (day, day_events) = events_after(86_400_000);
    assert!(day_events > 20 * hour_events, "{hour_events} {day_events}");
    assert!(
        day <= hour + cfg.clients as u64,
        "{hour} engine events in an hour, {day} in a day"
    );
}

#[test]
fn a_drill_that_changes_how_polls_are_answered_ends_the_runs() {
    use webhook_vs_api::sim::RateLimit;
    let cfg = unqueued(5, 9);
    let mut sim = Simulation::new(cfg).unwrap();
    sim.set_fast_path(true);
    sim.run_until(600_000);
    sim.set_rate_limit(Some(RateLimit {
        max_requests: 1,
        window_ms: 60_000,
    }));
    sim.run_until(1_200_000);
    // One poll a minute is allowed: the other slots' polls are refused with 429.
    assert!(sim.metrics().counters.rate_limited > 0);
    assert_accounted(&sim);
}
