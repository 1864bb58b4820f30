//! Webhook registration's rules: nothing is pushed to an endpoint before it registers, nor for
//! event types it did not ask for; the registration, the verification handshake and the stored
//! subscription appear on the wire in order; unregistering stops deliveries; a failed handshake
//! leaves the subscription unverified and unserved; a 410 Gone ends a delivery's retries at once.
#![cfg(not(target_arch = "wasm32"))]

mod sim_support;

use std::cell::RefCell;
use std::rc::Rc;

use sim_support::observe;

use webhook_vs_api::sim::registration::{EventTypes, Registration, Verification};
use webhook_vs_api::sim::{
    Config, EventType, Message, MessageKind, Mode, Payload, Simulation, Status,
};

fn config(registration: Registration) -> Config {
    Config {
        mode: Mode::Webhook,
        clients: 3,
        rate_per_min: 30.0,
        registration,
        ..Config::default()
    }
}

fn deliveries_to(log: &[Message], client: u32) -> Vec<Message> {
    log.iter()
        .filter(|m| {
            m.client == client
                && matches!(
                    m.kind,
                    MessageKind::WebhookDelivery | MessageKind::WebhookRetry
                )
        })
        .copied()
        .collect()
}

#[test]
fn registration_off_keeps_the_transcript_and_sends_no_registration() {
    // The pinned transcripts of tests/sim_determinism.rs check the default run itself.
    let off = config(Registration::Off);
    assert_eq!(Config::default().registration, Registration::Off);
    assert!(!serde_json::to_string(&off)
        .unwrap()
        .contains("registration"));
    let mut sim = Simulation::new(off).unwrap();
    let log = observe(&mut sim);
    sim.run_until(600_000);
    assert!(log.borrow().iter().all(|m| !matches!(
        m.kind,
        MessageKind::RegisterRequest | MessageKind::Challenge
    )));
    assert!(!deliveries_to(&log.borrow(), 0).is_empty());
}

#[test]
fn an_endpoint_gets_nothing_before_it_registers_nor_for_types_it_did_not_ask_for() {
    // A slow network: the registration takes 4 s to be stored, and events happen meanwhile.
    let cfg = Config {
        latency_ms: 2_000,
        rate_per_min: 60.0,
        ..config(Registration::On)
    };
    let mut sim = Simulation::new(cfg).unwrap();
    let log = observe(&mut sim);
    sim.run_until(10);
    assert_eq!(sim.subscriptions().count(), 0);
    sim.run_until(600_000);
    let log = log.borrow();
    let stored_at = sim.subscription(0).expect("client 0 registered").created_ms;
    assert_eq!(stored_at, 2_000);
    let first = deliveries_to(&log, 0);
    assert!(!first.is_empty());
    // Every event produced before the subscription existed is not pushed, and counted.
    assert!(sim.registry_counters().not_pushed > 0);
    for d in &first {
        assert!(
            d.sent_ms >= stored_at,
            "delivery before registration: {d:?}"
        );
    }

    // Client 1 registers again for payments only: from then on it receives only payments.
    let payments = EventTypes::of(&[EventType::PaymentCompleted]);
    let mut sim = Simulation::new(config(Registration::On)).unwrap();
    let log = observe(&mut sim);
    sim.run_until(1_000);
    sim.register(1, payments).unwrap();
    let from = sim.now_ms() + 1_000;
    sim.run_until(1_200_000);
    assert_eq!(sim.subscription(1).map(|s| s.events), Some(payments));
    let later: Vec<Message> = deliveries_to(&log.borrow(), 1)
        .into_iter()
        .filter(|m| m.sent_ms > from)
        .collect();
    assert!(later.len() >= 3, "too few payments to judge: {later:?}");
    for d in &later {
        let event = d.event().unwrap();
        assert_eq!(sim.event_type(1, event), EventType::PaymentCompleted);
    }
    // The other clients still get every type.
    let types: std::collections::BTreeSet<&str> = deliveries_to(&log.borrow(), 2)
        .iter()
        .map(|d| sim.event_type(2, d.event().unwrap()).as_str())
        .collect();
    assert!(types.len() > 1);
}

#[test]
fn registration_and_handshake_appear_in_order_on_the_wire() {
    let mut sim = Simulation::new(config(Registration::Handshake)).unwrap();
    let lines = Rc::new(RefCell::new(Vec::<String>::new()));
    let l = lines.clone();
    sim.record_transcript(Some(Box::new(move |line: &str| {
        l.borrow_mut().push(line.to_string())
    })));
    sim.run_until(120_000);
    let client0: Vec<serde_json::Value> = lines
        .borrow()
        .iter()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["from"] == "client-0" || v["to"] == "client-0")
        .collect();
    let kinds: Vec<&str> = client0
        .iter()
        .map(|v| v["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds[..5],
        [
            "register_request",
            "challenge",
            "challenge_answer",
            "register_response",
            "webhook_delivery"
        ]
    );
    let register = &client0[0];
    assert_eq!(register["method"], "POST");
    assert_eq!(register["path"], "/v1/webhooks");
    let body: serde_json::Value = serde_json::from_str(register["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["url"], "https://client-0.example/webhooks");
    assert_eq!(body["events"].as_array().unwrap().len(), 4);
    // The endpoint echoes the very challenge the provider sent.
    let sent: serde_json::Value =
        serde_json::from_str(client0[1]["body"].as_str().unwrap()).unwrap();
    let echo: serde_json::Value =
        serde_json::from_str(client0[2]["body"].as_str().unwrap()).unwrap();
    assert!(sent["challenge"].as_str().unwrap().starts_with("ch_"));
    assert_eq!(sent["challenge"], echo["challenge"]);
    // The stored subscription comes back with the secret the deliveries are signed with.
    let stored = &client0[3];
    assert_eq!(stored["status"], 201);
    let stored: serde_json::Value = serde_json::from_str(stored["body"].as_str().unwrap()).unwrap();
    assert_eq!(stored["verified"], true);
    assert_eq!(stored["secret"], Config::default().secret);
    assert_eq!(stored["id"], "sub_0");
    let sub = sim.subscription(0).unwrap();
    assert_eq!(sub.verification, Verification::Passed);
    assert!(sub.active());
}

#[test]
fn unregistering_stops_deliveries() {
    let mut sim = Simulation::new(config(Registration::On)).unwrap();
    let log = observe(&mut sim);
    sim.run_until(300_000);
    assert!(!deliveries_to(&log.borrow(), 0).is_empty());
    sim.unregister(0).unwrap();
    let removed_by = sim.now_ms() + 1_000;
    sim.run_until(1_800_000);
    let log = log.borrow();
    let delete = log
        .iter()
        .find(|m| m.kind == MessageKind::RegisterRequest && m.payload == Payload::Unregister)
        .expect("the removal is on the wire");
    assert_eq!(
        sim.render(delete).path,
        "/v1/webhooks/sub_0",
        "DELETE names the subscription"
    );
    assert!(log
        .iter()
        .any(|m| m.status == Some(Status::NoContent) && m.client == 0));
    assert_eq!(sim.subscription(0), None);
    assert!(deliveries_to(&log, 0)
        .iter()
        .all(|d| d.sent_ms <= removed_by));
    // Client 1 keeps receiving.
    assert!(deliveries_to(&log, 1)
        .iter()
        .any(|d| d.sent_ms > removed_by));
}

#[test]
fn a_failed_handshake_leaves_the_subscription_unverified_and_unserved() {
    let mut sim = Simulation::new(config(Registration::Handshake)).unwrap();
    sim.set_endpoint_echoes(0, false).unwrap();
    let log = observe(&mut sim);
    sim.run_until(1_800_000);
    let log = log.borrow();
    let sub = sim.subscription(0).expect("stored even so");
    assert_eq!(sub.verification, Verification::Failed);
    assert!(!sub.active());
    let answer = log
        .iter()
        .find(|m| m.kind == MessageKind::ChallengeAnswer && m.client == 0)
        .unwrap();
    assert!(!sim.render(answer).body.contains("ch_"));
    assert!(deliveries_to(&log, 0).is_empty());
    assert!(!deliveries_to(&log, 1).is_empty());
    assert!(sim.registry_counters().not_pushed > 0);
}

#[test]
fn a_410_gone_ends_the_retries_at_once_and_disables_the_subscription() {
    // Registration off: the pre-registered endpoint of client 0 disappears.
    let mut sim = Simulation::new(config(Registration::Off)).unwrap();
    let log = observe(&mut sim);
    sim.run_until(60_000);
    sim.remove_endpoint(0).unwrap();
    let gone_from = sim.now_ms();
    sim.run_until(86_400_000);
    let log = log.borrow();
    let after: Vec<Message> = deliveries_to(&log, 0)
        .into_iter()
        .filter(|d| d.sent_ms >= gone_from)
        .collect();
    // One attempt answered 410, then nothing more: no retry, no later event pushed.
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(after[0].kind, MessageKind::WebhookDelivery);
    let answer = log
        .iter()
        .find(|m| m.kind == MessageKind::Failure && m.client == 0 && m.sent_ms >= gone_from)
        .unwrap();
    assert_eq!(answer.status, Some(Status::Gone));
    assert!(sim.render(answer).body.contains("no such endpoint"));
    assert_eq!(sim.registry_counters().ended_by_gone, 1);
    assert!(sim.subscription(0).unwrap().disabled);
    assert!(sim.registry_counters().not_pushed > 0);
    assert_eq!(sim.metrics().counters.dead_letters, 0);
    // The other clients are served as before.
    assert!(deliveries_to(&log, 1).len() > 100);
}

#[test]
fn a_client_registers_again_when_a_registration_step_is_lost() {
    let cfg = Config {
        loss: 0.3,
        clients: 20,
        ..config(Registration::Handshake)
    };
    let mut sim = Simulation::new(cfg).unwrap();
    let log = observe(&mut sim);
    sim.run_until(600_000);
    let log = log.borrow();
    let sent = |kind| log.iter().filter(|m| m.kind == kind).count();
    // Some registrations were sent more than once, and every client ended up verified.
    assert!(sent(MessageKind::RegisterRequest) > 20);
    assert_eq!(sim.subscriptions().count(), 20);
    assert!(sim
        .subscriptions()
        .all(|s| s.verification == Verification::Passed));
}
