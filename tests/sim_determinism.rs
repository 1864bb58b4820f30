//! Determinism and the transcript: the same seed and settings give the same transcript hash,
//! however the run is chopped into steps; messages render as verifiable HTTP.
#![cfg(not(target_arch = "wasm32"))]

use std::cell::RefCell;
use std::rc::Rc;

use webhook_vs_api::signing::standard::{verify, Secret};
use webhook_vs_api::sim::{
    transcript_sha256, Config, Message, MessageKind, Mode, Payload, RateLimit, Simulation, Status,
    Tamper,
};

fn small(mode: Mode, seed: u64) -> Config {
    Config {
        mode,
        clients: 8,
        rate_per_min: 6.0,
        latency_ms: 40,
        latency_jitter_ms: 30,
        loss: 0.02,
        ack_loss: 0.05,
        seed,
        outage: Some((60_000, 120_000)),
        retry_schedule_ms: vec![0, 2_000, 10_000, 60_000],
        ..Config::default()
    }
}

#[test]
fn same_seed_same_transcript_hash_in_every_mode() {
    for mode in Mode::ALL {
        let a = transcript_sha256(&small(mode, 11), 600_000).unwrap();
        let b = transcript_sha256(&small(mode, 11), 600_000).unwrap();
        let c = transcript_sha256(&small(mode, 12), 600_000).unwrap();
        assert_eq!(a.len(), 64);
        assert_eq!(a, b, "{mode}");
        assert_ne!(a, c, "{mode}: another seed gives another transcript");
    }
}

#[test]
fn hash_does_not_depend_on_how_time_is_advanced() {
    let cfg = small(Mode::Hybrid, 13);
    let whole = transcript_sha256(&cfg, 600_000).unwrap();
    let mut sim = Simulation::new(cfg).unwrap();
    sim.record_transcript(None);
    while sim.now_ms() < 600_000 {
        sim.advance(137.min(600_000 - sim.now_ms()));
    }
    assert_eq!(sim.transcript_sha256().unwrap(), whole);
}

#[test]
fn business_events_do_not_depend_on_mode_or_network() {
    let times = |cfg: Config| {
        let seen = Rc::new(RefCell::new(Vec::new()));
        let mut sim = Simulation::new(cfg).unwrap();
        let s = seen.clone();
        sim.set_message_observer(Some(Box::new(move |m: &Message| {
            if m.kind == MessageKind::WebhookDelivery {
                s.borrow_mut().push((m.client, m.event(), m.sent_ms));
            }
        })));
        sim.run_until(300_000);
        (sim.metrics().counters.events, seen.take())
    };
    let base = Config {
        clients: 20,
        latency_ms: 0,
        service_ms: 0,
        workers: 64,
        ..small(Mode::Webhook, 14)
    };
    let (n1, d1) = times(base.clone());
    let (n2, d2) = times(Config {
        latency_jitter_ms: 0,
        loss: 0.0,
        ..base.clone()
    });
    let (n3, _) = times(Config {
        mode: Mode::Polling,
        ..base.clone()
    });
    assert_eq!(n1, n2);
    assert_eq!(n1, n3);
    assert_eq!(
        d1, d2,
        "first attempts leave at the event times whatever the network does"
    );
}

#[test]
fn transcript_lines_are_canonical_json_and_deliveries_verify() {
    let lines = Rc::new(RefCell::new(Vec::<String>::new()));
    let cfg = Config {
        retry_jitter: 0.0,
        ..small(Mode::Webhook, 15)
    };
    let mut sim = Simulation::new(cfg.clone()).unwrap();
    let l = lines.clone();
    sim.record_transcript(Some(Box::new(move |line: &str| {
        l.borrow_mut().push(line.to_string())
    })));
    sim.run_until(400_000);
    let secret = Secret::parse(&cfg.secret).unwrap();
    let lines = lines.take();
    assert_eq!(lines.len() as u64, sim.metrics().counters.messages);
    let mut first_ts = std::collections::HashMap::new();
    let mut deliveries = 0;
    for line in &lines {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        for key in [
            "id",
            "kind",
            "method",
            "path",
            "status",
            "headers",
            "body",
            "sent_ms",
            "arrived_ms",
        ] {
            assert!(v.get(key).is_some(), "{key} missing in {line}");
        }
        let kind = v["kind"].as_str().unwrap();
        if kind == "webhook_delivery" || kind == "webhook_retry" {
            deliveries += 1;
            let h = &v["headers"];
            let id = h["webhook-id"].as_str().unwrap();
            let ts = h["webhook-timestamp"].as_str().unwrap();
            let sig = h["webhook-signature"].as_str().unwrap();
            let body = v["body"].as_str().unwrap();
            let sent_ms = v["sent_ms"].as_u64().unwrap();
            assert_eq!(
                ts.parse::<i64>().unwrap(),
                cfg.start_unix + (sent_ms / 1000) as i64
            );
            assert_eq!(h["content-type"], "application/json");
            assert!(h["user-agent"].is_string());
            let now = ts.parse::<i64>().unwrap();
            assert_eq!(verify(&secret, id, ts, sig, body.as_bytes(), now), Ok(()));
            // The id stays the same across retries; the timestamp moves with the attempt.
            first_ts.entry(id.to_string()).or_insert(ts.to_string());
        }
    }
    assert!(deliveries > 0);
    assert!(sim.metrics().counters.retries > 0);
    assert!(first_ts.len() < deliveries, "some ids were retried");
}

#[test]
fn render_is_lazy_and_matches_the_transcript() {
    let mut sim = Simulation::new(small(Mode::Polling, 16)).unwrap();
    sim.run_until(120_000);
    let m = *sim.messages().last().unwrap();
    let text = sim.render(&m);
    assert_eq!(text.method, "GET");
    assert!(text.path.starts_with("/v1/events"));
    assert!(sim.messages().count() <= 500);
    assert!(sim
        .in_flight(sim.now_ms())
        .all(|m| m.sent_ms <= sim.now_ms()));
}

#[test]
fn tampered_and_replayed_deliveries_are_refused_or_deduplicated() {
    let cfg = Config {
        clients: 1,
        rate_per_min: 60.0,
        loss: 0.0,
        ack_loss: 0.0,
        outage: None,
        ..small(Mode::Webhook, 17)
    };
    let mut sim = Simulation::new(cfg).unwrap();
    sim.run_until(30_000);
    assert!(sim.metrics().counters.delivered > 5);
    let before = sim.metrics().clone();
    sim.inject_delivery(0, 0, Tamper::Body).unwrap();
    sim.inject_delivery(0, 1, Tamper::StaleTimestamp).unwrap();
    sim.inject_delivery(0, 2, Tamper::WrongSecret).unwrap();
    sim.inject_delivery(0, 3, Tamper::None).unwrap();
    assert!(sim.inject_delivery(0, 1_000_000, Tamper::None).is_err());
    assert!(sim.inject_delivery(7, 0, Tamper::None).is_err());
    let injected: Vec<Message> = sim.messages().rev().take(4).copied().collect();
    sim.run_until(31_000);
    let m = sim.metrics();
    assert_eq!(
        m.counters.rejected_signatures,
        before.counters.rejected_signatures + 3
    );
    assert_eq!(m.counters.duplicates, before.counters.duplicates + 1);
    for msg in injected {
        let verdict = sim.render(&msg).verdict.unwrap();
        let Payload::Delivery { tamper, .. } = msg.payload else {
            panic!("{msg:?} is not a delivery");
        };
        assert_eq!(
            verdict.is_ok(),
            tamper == Tamper::None,
            "{tamper:?}: {verdict:?}"
        );
    }
    let failures: Vec<Option<Status>> = sim
        .messages()
        .filter(|m| m.kind == MessageKind::Failure)
        .map(|m| m.status)
        .collect();
    assert_eq!(failures, vec![Some(Status::Unauthorized); 3]);
}

/// A run of every drill on `mode`, transcript recorded from time 0.
fn drilled_hash(mode: Mode) -> String {
    let mut sim = Simulation::new(small(mode, 21)).unwrap();
    sim.record_transcript(None);
    sim.run_until(60_000);
    sim.set_rate_limit(Some(RateLimit {
        max_requests: 2,
        window_ms: 20_000,
    }));
    sim.send_unauthenticated_poll(0).unwrap();
    sim.set_ack_loss(0.5);
    sim.run_until(120_000);
    sim.rotate_secret(60_000);
    let delivery = sim
        .messages()
        .rev()
        .find(|m| m.kind == MessageKind::WebhookDelivery)
        .copied();
    if let Some(m) = delivery {
        sim.inject_delivery(m.client, m.event().unwrap(), Tamper::OldSecret)
            .unwrap();
        sim.replay_delivery(&m).unwrap();
        sim.resend_edited(&m, "{}".into()).unwrap();
    }
    sim.run_until(200_000);
    sim.set_rate_limit(None);
    sim.set_ack_loss(0.0);
    sim.set_retry_jitter(0.0);
    sim.set_outage(200_000, 600_000);
    sim.run_until(900_000);
    let dead = sim.dead_letters().next().copied();
    if let Some(d) = dead {
        sim.replay_dead_letter(d.client, d.event).unwrap();
    }
    sim.run_until(1_000_000);
    sim.transcript_sha256().unwrap()
}

/// Pinned transcripts: a refactoring must not change a byte. Webhook and hybrid were re-pinned
/// when receivers began to acknowledge on receipt (their acknowledgements leave earlier).
#[test]
fn transcripts_match_the_pinned_hashes() {
    let pinned = [
        (
            Mode::Polling,
            "9306ec78b859c18a8fb0e042f67a9cbaee2af3f2b0c09eb656a46bcb15d9c0d1",
            "53fe0b972a014e95ab5f5cea4ffa67d409bd9c5f377f33cf43c0cba0378f2219",
        ),
        (
            Mode::Webhook,
            "944b1b1496f7fe12e767e3680a85dc71c1d425c3b7c8d46c32746bb73eb1d2de",
            "e537da2d40dcd88658f439d7bc00e51bbd16be9cf1a5df29a3e7f6cc9d1ee7c6",
        ),
        (
            Mode::Hybrid,
            "27438f0b56ea95535cd2b54e5c9a9bfed641ea20c183145a7e56b422708432d4",
            "8948cf88437c996e6d6d66080806ae4ceb44a37106b0ca385087f44bc6af2f87",
        ),
        (
            Mode::LongPolling,
            "1902c9615e2ce7ba9e4540d876c82f8d85b01e08be76d37205539fecfb4178f6",
            "02d9160ccc9d1e4d182e1581a9ce8885326212ea53e31c39fa81a30325d96645",
        ),
    ];
    for (mode, plain, drilled) in pinned {
        assert_eq!(
            transcript_sha256(&small(mode, 21), 600_000).unwrap(),
            plain,
            "{mode}"
        );
        assert_eq!(drilled_hash(mode), drilled, "{mode}, drilled");
    }
}
