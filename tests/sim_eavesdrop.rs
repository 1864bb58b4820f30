//! The eavesdropper on the network: what it reads over HTTP and over HTTPS, and how its copies
//! fare against the API key check, the signature, the timestamp tolerance and deduplication.
#![cfg(not(target_arch = "wasm32"))]

use webhook_vs_api::sim::{
    transcript_sha256, Config, EavesdropError, Endpoint, Message, MessageKind, Mode, Payload,
    Scheme, Simulation, Status, Tally,
};

fn sim(mode: Mode, api: Scheme, webhook: Scheme) -> Simulation {
    Simulation::new(Config {
        mode,
        clients: 3,
        rate_per_min: 6.0,
        api_scheme: api,
        webhook_scheme: webhook,
        ..Config::default()
    })
    .unwrap()
}

fn latest(s: &Simulation, kind: MessageKind) -> Message {
    *s.messages()
        .rev()
        .find(|m| m.kind == kind && m.from != Endpoint::Eavesdropper)
        .expect("a message of that kind was sent")
}

/// The answers sent to the eavesdropper, oldest first.
fn answers_to_eavesdropper(s: &Simulation) -> Vec<Message> {
    s.messages()
        .filter(|m| m.to == Endpoint::Eavesdropper)
        .copied()
        .collect()
}

#[test]
fn over_http_the_eavesdropper_reads_the_api_key_and_over_https_only_sizes_and_timing() {
    let mut http = sim(Mode::Polling, Scheme::Http, Scheme::Https);
    http.run_until(20_000);
    let poll = latest(&http, MessageKind::PollRequest);
    let c = http.capture(&poll);
    let key = format!("key_test_client_{}", poll.client);
    assert_eq!(c.api_key(), Some(key.as_str()));
    let text = c.text.expect("readable over HTTP");
    assert_eq!(text.headers["authorization"], format!("Bearer {key}"));
    assert!(http
        .captures()
        .any(|c| c.message.kind == MessageKind::DataResponse
            && c.text.is_some_and(|t| t.body.contains("\"data\":[{"))));

    let mut https = sim(Mode::Polling, Scheme::Https, Scheme::Https);
    https.run_until(20_000);
    let all: Vec<_> = https.captures().collect();
    assert!(all.len() > 10);
    for c in &all {
        assert_eq!(c.text, None, "nothing readable over HTTPS");
        assert_eq!(c.api_key(), None);
        assert_eq!(c.host, "api.provider.example", "the host shows (SNI)");
        assert!(c.message.bytes > 0, "the size shows");
    }
}

#[test]
fn over_http_the_eavesdropper_reads_webhook_bodies_and_signatures() {
    let mut s = sim(Mode::Webhook, Scheme::Https, Scheme::Http);
    s.run_until(60_000);
    let d = latest(&s, MessageKind::WebhookDelivery);
    let c = s.capture(&d);
    assert_eq!(c.host, format!("client-{}.example", d.client));
    let text = c.text.expect("readable over HTTP");
    assert!(text.body.starts_with("{\"type\":"));
    assert!(text.headers["webhook-signature"].starts_with("v1,"));
    // The other direction stays sealed.
    let mut s = sim(Mode::Webhook, Scheme::Http, Scheme::Https);
    s.run_until(60_000);
    let d = latest(&s, MessageKind::WebhookDelivery);
    assert_eq!(s.capture(&d).text, None);
}

#[test]
fn the_scheme_does_not_change_the_messages() {
    let base = Config {
        mode: Mode::Hybrid,
        clients: 4,
        rate_per_min: 6.0,
        ..Config::default()
    };
    let http = Config {
        api_scheme: Scheme::Http,
        webhook_scheme: Scheme::Http,
        ..base.clone()
    };
    assert_eq!(
        transcript_sha256(&base, 300_000).unwrap(),
        transcript_sha256(&http, 300_000).unwrap()
    );
    let json = serde_json::to_string(&base).unwrap();
    assert!(
        !json.contains("scheme"),
        "HTTPS, the default, is not written"
    );
    assert!(serde_json::to_string(&http)
        .unwrap()
        .contains(r#""api_scheme":"http""#));
}

#[test]
fn a_body_changed_on_the_wire_fails_the_signature_over_http_and_https() {
    for scheme in Scheme::ALL {
        let mut s = sim(Mode::Webhook, Scheme::Https, scheme);
        s.run_until(60_000);
        let d = latest(&s, MessageKind::WebhookDelivery);
        let body = s
            .render(&d)
            .body
            .replacen("\"data\":{", "\"data\":{\"extra\":1,", 1);
        let id = match scheme {
            Scheme::Http => s.tamper_on_the_wire(&d, body).unwrap(),
            Scheme::Https => {
                assert_eq!(
                    s.tamper_on_the_wire(&d, body.clone()),
                    Err(EavesdropError::Encrypted(d.id))
                );
                // A change made anyway (the tamper drill: say, by a proxy that ends TLS).
                s.resend_edited(&d, body).unwrap()
            }
        };
        let before = s.metrics().counters.rejected_signatures;
        s.advance(1_000);
        let answer = s
            .messages()
            .find(|m| m.id > id && m.kind == MessageKind::Failure)
            .expect("the receiver answered");
        assert_eq!(answer.status, Some(Status::Unauthorized), "{scheme}");
        assert!(matches!(
            answer.payload,
            Payload::Answer { stale: false, .. }
        ));
        assert_eq!(s.metrics().counters.rejected_signatures, before + 1);
    }
}

#[test]
fn a_stolen_key_works_until_the_key_is_rotated() {
    let mut s = sim(Mode::Polling, Scheme::Http, Scheme::Https);
    s.run_until(20_000);
    let poll = latest(&s, MessageKind::PollRequest);
    let owner = poll.client;
    let id = s.replay_stolen_poll(&poll).unwrap();
    s.advance(1_000);
    let sent = s.messages().find(|m| m.id == id).copied().unwrap();
    assert_eq!(
        (sent.from, sent.to),
        (Endpoint::Eavesdropper, Endpoint::Server)
    );
    assert!(s.sent_with_stolen_key(id));
    assert_eq!(
        s.render(&sent).headers["authorization"],
        format!("Bearer key_test_client_{owner}")
    );
    let answers = answers_to_eavesdropper(&s);
    assert_eq!(answers.len(), 1);
    assert_eq!(
        answers[0].status,
        Some(Status::Ok),
        "the server cannot tell"
    );
    assert_eq!(s.eavesdropper_tally().stolen_accepted, 1);

    s.rotate_api_key(owner);
    s.replay_stolen_poll(&poll).unwrap();
    s.advance(10_000);
    let answers = answers_to_eavesdropper(&s);
    assert_eq!(answers.len(), 2);
    assert_eq!(answers[1].status, Some(Status::Unauthorized));
    assert_eq!(answers[1].kind, MessageKind::ApiError);
    assert_eq!(
        s.eavesdropper_tally(),
        Tally {
            stolen_accepted: 1,
            stolen_refused: 1,
            ..Tally::default()
        }
    );
    // The owner carries on with its new key, and is served.
    let own = *s
        .messages()
        .rev()
        .find(|m| m.kind == MessageKind::PollRequest && m.from == Endpoint::Client(owner))
        .expect("the owner polls on");
    assert!(own.sent_ms > 21_000);
    assert_eq!(
        s.render(&own).headers["authorization"],
        format!("Bearer key_test_client_{owner}_r1")
    );
    assert_eq!(s.metrics().counters.rate_limited, 0);
    assert!(!s
        .messages()
        .any(|m| m.to == Endpoint::Client(owner) && m.kind == MessageKind::ApiError));
}

#[test]
fn over_https_nothing_can_be_replayed() {
    let mut s = sim(Mode::Hybrid, Scheme::Https, Scheme::Https);
    s.run_until(60_000);
    let poll = latest(&s, MessageKind::PollRequest);
    let d = latest(&s, MessageKind::WebhookDelivery);
    assert_eq!(
        s.replay_stolen_poll(&poll),
        Err(EavesdropError::Encrypted(poll.id))
    );
    assert_eq!(
        s.replay_captured_delivery(&d),
        Err(EavesdropError::Encrypted(d.id))
    );
    assert_eq!(s.eavesdropper_tally(), Tally::default());
}

#[test]
fn a_replayed_delivery_is_stopped_by_deduplication_then_by_the_timestamp() {
    let mut s = sim(Mode::Webhook, Scheme::Https, Scheme::Http);
    s.run_until(60_000);
    let d = latest(&s, MessageKind::WebhookDelivery);
    s.run_until(d.sent_ms + 2_000);
    // Inside the five-minute tolerance: the signature and timestamp pass, the id was seen.
    s.replay_captured_delivery(&d).unwrap();
    s.advance(1_000);
    let answers = answers_to_eavesdropper(&s);
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].kind, MessageKind::Ack);
    assert!(matches!(
        answers[0].payload,
        Payload::Answer {
            processed_ms: None,
            ..
        }
    ));
    // Six minutes after it was signed: refused for its timestamp.
    s.run_until(d.sent_ms + 360_000);
    s.replay_captured_delivery(&d).unwrap();
    s.advance(1_000);
    let answers = answers_to_eavesdropper(&s);
    assert_eq!(answers.len(), 2);
    assert_eq!(answers[1].status, Some(Status::Unauthorized));
    assert!(matches!(
        answers[1].payload,
        Payload::Answer { stale: true, .. }
    ));
    assert_eq!(
        s.eavesdropper_tally(),
        Tally {
            replays_duplicate: 1,
            replays_stale: 1,
            ..Tally::default()
        }
    );
}
