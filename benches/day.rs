//! The day benchmark: 1,000 clients polling every 5 s for 24 simulated hours (17.28 million polls,
//! each a request and a response). Also prints engine events per wall-clock second.

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use webhook_vs_api::sim::{Config, Mode, Simulation};

const DAY_MS: u64 = 86_400_000;

fn day_config(mode: Mode) -> Config {
    Config {
        mode,
        clients: 1_000,
        poll_interval_ms: 5_000,
        ..Config::default()
    }
}

fn run(cfg: Config, until_ms: u64) -> u64 {
    let mut sim = Simulation::new(cfg).expect("benchmark settings are valid");
    sim.run_until(until_ms);
    sim.engine_events()
}

fn day(c: &mut Criterion) {
    // One timed run first, so the events-per-second figure is printed whatever criterion does.
    let t = Instant::now();
    let events = run(day_config(Mode::Polling), DAY_MS);
    let wall = t.elapsed().as_secs_f64();
    println!(
        "polling day: {events} engine events in {wall:.2} s = {:.1} M events/s",
        events as f64 / wall / 1e6
    );

    let mut g = c.benchmark_group("day");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(40))
        .warm_up_time(Duration::from_secs(1));
    g.bench_function("polling_1000_clients_5s_24h", |b| {
        b.iter(|| run(day_config(Mode::Polling), DAY_MS))
    });
    g.finish();

    let mut g = c.benchmark_group("hour");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .warm_up_time(Duration::from_secs(1));
    for mode in [
        Mode::Polling,
        Mode::Webhook,
        Mode::Hybrid,
        Mode::LongPolling,
    ] {
        g.bench_function(mode.as_str(), |b| {
            b.iter(|| run(day_config(mode), 3_600_000))
        });
    }
    g.finish();
}

criterion_group!(benches, day);
criterion_main!(benches);
