//! The failure drills' rules: an edited body is refused, a replay is refused as too old or
//! suppressed as a duplicate, an outage retries on the schedule then dead-letters and a replay
//! recovers, lost acknowledgements produce suppressed duplicates, a secret rotation accepts both
//! secrets for the overlap only, and the API refuses a poll without a key (401) or over the rate
//! limit (429 with `Retry-After`), after which the client backs off; a slow handler that
//! processes before acknowledging times out and its retry is suppressed as a duplicate.
#![cfg(not(target_arch = "wasm32"))]

mod sim_support;

use sim_support::observe;

use webhook_vs_api::sim::config::SVIX_SCHEDULE_MS;
use webhook_vs_api::sim::{
    transcript_sha256, AttemptOutcome, Config, Message, MessageKind, Mode, Payload, RateLimit,
    Simulation, Status, Tamper,
};

fn webhook(seed: u64) -> Config {
    Config {
        mode: Mode::Webhook,
        clients: 2,
        rate_per_min: 6.0,
        seed,
        ..Config::default()
    }
}

fn last_delivery(sim: &Simulation) -> Message {
    *sim.messages()
        .rev()
        .find(|m| {
            matches!(
                m.payload,
                Payload::Delivery {
                    attempt: 1,
                    tamper: Tamper::None,
                    ..
                }
            )
        })
        .expect("a delivery")
}

fn event_of(delivery: &Message) -> u32 {
    delivery.event().expect("a delivery names its event")
}

fn answer_to(log: &[Message], sent_after: u64, client: u32, event: u32) -> Message {
    *log.iter()
        .find(|m| {
            matches!(m.kind, MessageKind::Ack | MessageKind::Failure)
                && m.sent_ms >= sent_after
                && m.client == client
                && m.event() == Some(event)
        })
        .expect("an answer")
}

#[test]
fn an_edited_body_is_refused_with_401_and_the_unedited_one_is_a_duplicate() {
    let mut sim = Simulation::new(webhook(3)).unwrap();
    sim.run_until(60_000);
    let original = last_delivery(&sim);
    let body = sim.render(&original).body;
    let before = sim.metrics().clone();
    let log = observe(&mut sim);
    let edited = body.replacen("\"data\":{", "\"data\":{\"amount\":1,", 1);
    let id = sim.resend_edited(&original, edited.clone()).unwrap();
    let sent = sim.messages().last().copied().unwrap();
    assert_eq!(sent.id, id);
    assert_eq!(
        sim.render(&sent).body,
        edited,
        "the edited body is what travels"
    );
    sim.advance(1_000);
    assert_eq!(
        sim.metrics().counters.rejected_signatures,
        before.counters.rejected_signatures + 1
    );
    let answer = answer_to(&log.borrow(), sent.sent_ms, sent.client, event_of(&sent));
    assert_eq!(answer.status, Some(Status::Unauthorized));
    assert!(sim
        .render(&answer)
        .body
        .contains("invalid webhook signature"));
    // The same body untouched verifies, and is suppressed by its id.
    sim.resend_edited(&original, body).unwrap();
    sim.advance(1_000);
    assert_eq!(
        sim.metrics().counters.rejected_signatures,
        before.counters.rejected_signatures + 1
    );
    assert_eq!(
        sim.metrics().counters.duplicates,
        before.counters.duplicates + 1
    );
    // Only deliveries can be resent.
    let ack = *sim
        .messages()
        .find(|m| m.kind == MessageKind::Ack)
        .expect("an acknowledgement");
    assert!(sim.replay_delivery(&ack).is_err());
}

#[test]
fn a_replay_is_a_duplicate_within_five_minutes_and_refused_as_too_old_after() {
    let mut sim = Simulation::new(webhook(4)).unwrap();
    sim.run_until(60_000);
    let original = last_delivery(&sim);
    let before = sim.metrics().clone();
    let log = observe(&mut sim);
    sim.replay_delivery(&original).unwrap();
    let replay = *sim.messages().last().unwrap();
    let (a, b) = (sim.render(&original), sim.render(&replay));
    for h in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
        assert_eq!(a.headers[h], b.headers[h], "{h} is replayed as is");
    }
    assert_eq!(a.body, b.body);
    sim.advance(1_000);
    assert_eq!(
        sim.metrics().counters.duplicates,
        before.counters.duplicates + 1
    );
    assert_eq!(sim.metrics().counters.rejected_stale, 0);
    // 301 s after the original's timestamp second, the same bytes are too old.
    sim.run_until((original.sent_ms / 1000 + 301) * 1000);
    sim.replay_delivery(&original).unwrap();
    let late = *sim.messages().last().unwrap();
    sim.advance(1_000);
    let m = sim.metrics();
    assert_eq!(m.counters.rejected_stale, 1);
    assert_eq!(
        m.counters.rejected_signatures,
        before.counters.rejected_signatures + 1
    );
    assert_eq!(m.counters.duplicates, before.counters.duplicates + 1);
    let answer = answer_to(&log.borrow(), late.sent_ms, late.client, event_of(&late));
    assert_eq!(answer.status, Some(Status::Unauthorized));
    assert!(sim.render(&answer).body.contains("timestamp"));
    assert!(sim.render(&late).verdict.unwrap().is_err());
}

#[test]
fn an_outage_retries_on_the_schedule_then_dead_letters_and_a_replay_recovers() {
    let mut sim = Simulation::new(Config {
        latency_ms: 0,
        service_ms: 0,
        ..webhook(5)
    })
    .unwrap();
    sim.run_until(10_000);
    sim.set_retry_jitter(0.0);
    sim.set_outage(sim.now_ms(), 40 * 3_600_000);
    sim.run_until(10_000 + 40 * 3_600_000);
    let m = sim.metrics().clone();
    assert!(m.counters.dead_letters > 0);
    assert_eq!(m.counters.lost, m.counters.dead_letters);
    let dead: Vec<_> = sim.dead_letters().copied().collect();
    assert_eq!(dead.len() as u64, m.counters.dead_letters.min(50));
    assert!(dead
        .iter()
        .all(|d| d.attempts as usize == SVIX_SCHEDULE_MS.len() && d.unknown_to_client));
    // The timeline's records follow the schedule: attempt k starts the schedule's wait after
    // the previous answer (a 503, at once with no latency).
    let hist: Vec<_> = sim.attempt_history().copied().collect();
    assert!(!hist.is_empty());
    for r in &hist {
        assert_eq!(
            r.outcome,
            AttemptOutcome::Refused(Status::ServiceUnavailable)
        );
        if let Some(prev) = hist
            .iter()
            .find(|p| (p.client, p.event, p.attempt + 1) == (r.client, r.event, r.attempt))
        {
            assert_eq!(
                r.sent_ms - prev.sent_ms,
                SVIX_SCHEDULE_MS[r.attempt as usize - 1]
            );
        }
    }
    // The receivers are back: replaying a dead letter delivers it.
    let d = dead[0];
    let log = observe(&mut sim);
    sim.replay_dead_letter(d.client, d.event).unwrap();
    assert!(sim.replay_dead_letter(d.client, d.event).is_err());
    sim.advance(1_000);
    let after = sim.metrics();
    assert_eq!(after.counters.dead_letters_replayed, 1);
    assert_eq!(after.counters.lost, m.counters.lost - 1);
    assert!(after.counters.delivered > m.counters.delivered);
    let ack = answer_to(&log.borrow(), 0, d.client, d.event);
    assert_eq!((ack.kind, ack.status), (MessageKind::Ack, Some(Status::Ok)));
    assert_eq!(sim.dead_letters().count(), dead.len() - 1);
    assert_eq!(
        after.counters.delivered + after.counters.lost + sim.pending_events(),
        after.counters.events
    );
}

#[test]
fn lost_acknowledgements_cause_duplicates_that_are_suppressed() {
    let mut sim = Simulation::new(Config {
        clients: 10,
        ..webhook(6)
    })
    .unwrap();
    sim.run_until(30_000);
    assert_eq!(sim.metrics().counters.duplicates, 0);
    sim.set_ack_loss(0.5);
    sim.run_until(600_000);
    sim.set_ack_loss(0.0);
    sim.run_until(900_000);
    let m = sim.metrics();
    assert!(m.counters.duplicates > 5, "{}", m.counters.duplicates);
    // Each event is counted once however many copies arrived.
    assert_eq!(
        m.counters.delivered + m.counters.lost + sim.pending_events(),
        m.counters.events
    );
    assert!(m.counters.delivered <= m.counters.events);
}

/// Every acknowledgement of a new delivery, with when the delivery came in and when its handler
/// finished.
fn acks(log: &[Message]) -> Vec<(u64, u64, u64)> {
    log.iter()
        .filter_map(|m| match m.payload {
            Payload::Answer {
                received_ms,
                processed_ms: Some(done),
                ..
            } if m.kind == MessageKind::Ack => Some((received_ms, m.sent_ms, done)),
            _ => None,
        })
        .collect()
}

#[test]
fn receivers_acknowledge_on_receipt_unless_the_handler_is_slow() {
    let processing = Config::default().receiver_processing_ms;
    let timeout = Config::default().receiver_timeout_ms;
    let mut sim = Simulation::new(Config {
        clients: 10,
        ..webhook(8)
    })
    .unwrap();
    let log = observe(&mut sim);
    sim.run_until(300_000);
    let quick = acks(&log.borrow());
    assert!(quick.len() > 20);
    for (received, acked, done) in quick {
        assert_eq!(acked, received, "acknowledged on receipt");
        assert_eq!(done, received + processing, "processed after");
    }
    assert_eq!(sim.metrics().counters.retries, 0);

    log.borrow_mut().clear();
    sim.set_slow_handler(Some(timeout + 5_000));
    sim.run_until(900_000);
    let slow = acks(&log.borrow());
    assert!(slow.len() > 20);
    for (received, acked, done) in slow {
        assert_eq!(done, received + timeout + 5_000);
        assert_eq!(acked, done, "processed, then acknowledged");
    }
    let c = &sim.metrics().counters;
    // Every slow first attempt times out; its retry finds the id known and is acknowledged
    // at once as a duplicate, so each event is still learnt once.
    assert!(c.retries > 20 && c.duplicates > 20, "{c:?}");
    assert_eq!(c.delivered + c.lost + sim.pending_events(), c.events);
    let outcomes: Vec<_> = sim.attempt_history().filter(|r| r.attempt == 1).collect();
    assert!(!outcomes.is_empty());
    assert!(outcomes
        .iter()
        .all(|r| r.outcome == AttemptOutcome::NoAnswer));
}

#[test]
fn a_rotation_accepts_both_secrets_for_the_overlap_and_only_the_new_one_after() {
    let mut sim = Simulation::new(Config {
        rate_per_min: 30.0,
        ..webhook(7)
    })
    .unwrap();
    sim.run_until(20_000);
    let old_sig = sim.render(&last_delivery(&sim)).headers["webhook-signature"].clone();
    sim.rotate_secret(60_000);
    assert_eq!(sim.rotation_window(), Some((20_000, 80_000)));
    let before = sim.metrics().counters.rejected_signatures;
    sim.run_until(40_000);
    let during = last_delivery(&sim);
    let text = sim.render(&during);
    let sig = &text.headers["webhook-signature"];
    assert_eq!(sig.split(' ').count(), 2, "{sig}");
    assert!(sig.split(' ').all(|e| e.starts_with("v1,")));
    assert!(text.verdict.unwrap().is_ok());
    // A stale sender signing with the old secret only is accepted during the overlap.
    sim.inject_delivery(during.client, event_of(&during), Tamper::OldSecret)
        .unwrap();
    sim.advance(1_000);
    assert_eq!(sim.metrics().counters.rejected_signatures, before);
    sim.run_until(100_000);
    let after = last_delivery(&sim);
    let text = sim.render(&after);
    assert_eq!(text.headers["webhook-signature"].split(' ').count(), 1);
    assert!(text.verdict.unwrap().is_ok());
    assert_ne!(text.headers["webhook-signature"], old_sig);
    sim.inject_delivery(after.client, event_of(&after), Tamper::OldSecret)
        .unwrap();
    sim.advance(1_000);
    assert_eq!(sim.metrics().counters.rejected_signatures, before + 1);
    assert_eq!(sim.metrics().counters.rejected_stale, 0);
}

#[test]
fn a_poll_without_an_api_key_gets_401_and_keyed_polls_go_on() {
    let mut sim = Simulation::new(Config::default()).unwrap();
    sim.run_until(10_000);
    let log = observe(&mut sim);
    sim.send_unauthenticated_poll(0).unwrap();
    let bare = *sim.messages().last().unwrap();
    assert!(!sim.render(&bare).headers.contains_key("authorization"));
    sim.run_until(20_000);
    assert_eq!(sim.metrics().counters.unauthorized, 1);
    let log = log.borrow();
    let refusal = log
        .iter()
        .find(|m| m.kind == MessageKind::ApiError)
        .unwrap();
    assert_eq!(refusal.status, Some(Status::Unauthorized));
    assert!(matches!(
        refusal.payload,
        Payload::Refusal {
            retry_after_s: None,
            ..
        }
    ));
    assert!(sim.render(refusal).headers.contains_key("www-authenticate"));
    let keyed = log
        .iter()
        .find(|m| matches!(m.payload, Payload::Poll { api_key: true, .. }))
        .unwrap();
    assert!(sim.render(keyed).headers["authorization"].starts_with("Bearer "));
    assert!(sim.send_unauthenticated_poll(99).is_err());
}

#[test]
fn polling_over_the_rate_limit_gets_429_with_retry_after_and_the_client_backs_off() {
    for mode in [Mode::Polling, Mode::LongPolling] {
        let mut sim = Simulation::new(Config {
            mode,
            clients: 3,
            rate_per_min: 20.0,
            ..Config::default()
        })
        .unwrap();
        sim.run_until(10_000);
        sim.set_rate_limit(Some(RateLimit {
            max_requests: 2,
            window_ms: 20_000,
        }));
        let log = observe(&mut sim);
        sim.run_until(300_000);
        let m = sim.metrics();
        assert!(
            m.counters.rate_limited > 3,
            "{mode}: {}",
            m.counters.rate_limited
        );
        let log = log.borrow().clone();
        for r in log
            .iter()
            .filter(|m| m.kind == MessageKind::ApiError && m.arrives_ms < 280_000)
        {
            assert_eq!(r.status, Some(Status::TooManyRequests));
            let wait: u64 = sim.render(r).headers["retry-after"].parse().unwrap();
            assert!((1..=20).contains(&wait), "{wait}");
            let Payload::Refusal {
                retry_after_s: Some(s),
                ..
            } = r.payload
            else {
                panic!("a 429 says when to retry: {r:?}");
            };
            assert_eq!(u64::from(s.get()), wait);
            // The client's next poll waits out Retry-After.
            let next = log
                .iter()
                .find(|p| {
                    p.kind == MessageKind::PollRequest
                        && p.client == r.client
                        && p.sent_ms >= r.arrives_ms
                })
                .expect("a later poll");
            assert!(next.sent_ms >= r.arrives_ms + wait * 1000, "{mode}");
        }
        if mode == Mode::Polling {
            assert!(m.counters.polls_deferred > 0);
        }
        // Lifting the limit stops the refusals.
        sim.set_rate_limit(None);
        let refused = sim.metrics().counters.rate_limited;
        sim.run_until(400_000);
        assert!(sim.metrics().counters.rate_limited <= refused + 3);
    }
}

#[test]
fn drills_are_deterministic_and_leave_undrilled_runs_alone() {
    let run = || {
        let mut sim = Simulation::new(webhook(8)).unwrap();
        sim.record_transcript(None);
        sim.run_until(30_000);
        let d = last_delivery(&sim);
        sim.resend_edited(&d, "{}".into()).unwrap();
        sim.replay_delivery(&d).unwrap();
        sim.rotate_secret(10_000);
        sim.set_ack_loss(0.3);
        sim.run_until(120_000);
        sim.transcript_sha256().unwrap()
    };
    assert_eq!(run(), run());
    let plain = transcript_sha256(&webhook(8), 120_000).unwrap();
    assert_ne!(run(), plain);
}

#[test]
fn drills_leave_the_config_and_the_theory_as_the_run_was_built() {
    let cfg = webhook(5);
    let mut sim = Simulation::new(cfg.clone()).unwrap();
    let theory = sim.theory();
    sim.run_until(30_000);
    sim.set_ack_loss(0.5);
    sim.set_retry_jitter(0.0);
    sim.set_outage(30_000, 60_000);
    sim.rotate_secret(60_000);
    sim.set_rate_limit(Some(RateLimit {
        max_requests: 1,
        window_ms: 10_000,
    }));
    sim.run_until(60_000);
    assert_eq!(sim.config(), &cfg);
    assert_eq!(sim.theory(), theory);
    // The drills' values are in force all the same.
    assert_eq!(sim.ack_loss(), 0.5);
    assert_eq!(sim.retry_jitter(), 0.0);
    assert_eq!(sim.outage(), Some((30_000, 60_000)));
    assert!(!sim.receivers_up_at(45_000));
    assert!(sim.receivers_up_at(90_000));
}
