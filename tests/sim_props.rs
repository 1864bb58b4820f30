//! Property tests over random settings: no panic, every event accounted for, empty polls never
//! exceed requests, and any typed setting yields a valid configuration.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;

use webhook_vs_api::scenario::{Field, Settings};
use webhook_vs_api::sim::{Config, Mode, Simulation};

fn arb_mode() -> impl Strategy<Value = Mode> {
    prop_oneof![
        Just(Mode::Polling),
        Just(Mode::Webhook),
        Just(Mode::Hybrid),
        Just(Mode::LongPolling)
    ]
}

prop_compose! {
    fn arb_config()(
        mode in arb_mode(),
        clients in 1u32..25,
        poll_interval_ms in 500u64..60_000,
        poll_jitter in 0.0f64..=1.0,
        rate_per_min in prop_oneof![Just(0.0), 0.0f64..120.0],
        latency_ms in 0u64..2_000,
        latency_jitter_ms in 0u64..500,
        loss in 0.0f64..0.5,
        ack_loss in 0.0f64..0.9,
        workers in 1u32..8,
        service_ms in 0u64..300,
        receiver_processing_ms in 0u64..20_000,
        receiver_timeout_ms in 100u64..30_000,
        outage in proptest::option::of((0u64..300_000, 0u64..300_000)),
        retry_schedule_ms in proptest::collection::vec(0u64..60_000, 1..6),
        retry_jitter in 0.0f64..0.5,
        reconcile_interval_ms in prop_oneof![Just(0u64), 1_000u64..60_000],
        long_poll_timeout_ms in 1_000u64..30_000,
        seed in any::<u64>(),
    ) -> Config {
        Config {
            mode, clients, poll_interval_ms, poll_jitter, rate_per_min, latency_ms, latency_jitter_ms,
            loss, ack_loss, workers, service_ms, receiver_processing_ms, receiver_timeout_ms, outage,
            retry_schedule_ms, retry_jitter, reconcile_interval_ms, long_poll_timeout_ms, seed,
            ..Config::default()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn every_event_is_delivered_lost_or_pending(cfg in arb_config(), chunks in proptest::collection::vec(1u64..120_000, 1..6), toggle in any::<bool>()) {
        let mut sim = Simulation::new(cfg).expect("generated settings are in range");
        for (i, dt) in chunks.iter().enumerate() {
            if toggle && i == 1 {
                sim.set_receivers_online(false);
            }
            sim.advance(*dt);
            let m = sim.metrics();
            prop_assert_eq!(m.counters.delivered + m.counters.lost + sim.pending_events(), m.counters.events);
            prop_assert!(m.counters.dead_letters >= m.counters.lost);
            prop_assert!(m.counters.empty_polls <= m.counters.polls);
            prop_assert!(m.counters.polls <= m.counters.requests);
            prop_assert!(sim.messages().len() <= 500);
            prop_assert!(m.delay.count() == m.counters.delivered);
        }
        for _ in 0..50 {
            if !sim.step() { break; }
        }
        let _ = sim.metrics().summary();
        let _ = sim.metrics().series_points();
        let _ = sim.theory();
    }

    /// The sliders and the URL read the same table as `validate`: whatever number is typed, the
    /// settings give a valid run, and a run just outside a slider's range is refused.
    #[test]
    fn typed_settings_always_give_a_valid_config(v in any::<f64>(), mode in arb_mode()) {
        for f in Field::ALL {
            let mut s = Settings::default();
            s.set(f, v);
            prop_assert_eq!(s.config(mode).validate(), Ok(()), "{:?} = {}", f, v);
            let (_, hi, step) = f.range();
            let mut beyond = Settings::default();
            match f {
                Field::Clients => beyond.clients = (hi + step) as u32,
                Field::Interval => beyond.interval_s = hi + step,
                Field::Rate => beyond.rate_per_min = hi + step,
                Field::Latency => beyond.latency_ms = (hi + step) as u64,
            }
            prop_assert!(beyond.config(mode).validate().is_err(), "{:?} = {}", f, hi + step);
        }
    }
}
