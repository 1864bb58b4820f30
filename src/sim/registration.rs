//! Webhook registration as the wire shows it: the setting that turns it on, the event types a
//! subscription asks for, the subscription the provider stores, and the text of the registration,
//! verification handshake and unregistration messages.
//!
//! With registration off (the default) every client's endpoint is taken as registered before the
//! run starts, as the simulator always did; on, each client registers its callback URL first.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::config::ConfigError;
use super::message::{rfc3339, EventType, HttpText, Message, Payload, RenderContext, Status};
use super::rng::hash3;

/// How clients come to receive webhooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Registration {
    /// Every endpoint is registered before the run starts; no registration is sent.
    #[default]
    Off,
    /// Each client registers its callback URL at the start and the provider stores it as given.
    On,
    /// As `On`, and the provider first sends a challenge to the URL, which must echo it back.
    Handshake,
}

impl Registration {
    pub const ALL: [Registration; 3] =
        [Registration::Off, Registration::On, Registration::Handshake];

    /// The lowercase name used in serde and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Registration::Off => "off",
            Registration::On => "on",
            Registration::Handshake => "handshake",
        }
    }

    pub fn is_off(&self) -> bool {
        *self == Registration::Off
    }
}

impl fmt::Display for Registration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Registration {
    type Err = ConfigError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        Registration::ALL
            .into_iter()
            .find(|r| r.as_str() == t)
            .ok_or_else(|| ConfigError::new("registration", s, "one of off, on, handshake"))
    }
}

/// The business event types, in the order of [`EventTypes`]' bits.
const TYPES: [EventType; 4] = [
    EventType::PaymentCompleted,
    EventType::OrderStatusChanged,
    EventType::MessageReceived,
    EventType::UserRegistered,
];

/// The event types a subscription asks for: one bit per type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct EventTypes(u8);

impl EventTypes {
    pub const ALL: EventTypes = EventTypes(0b1111);

    /// Exactly these types.
    pub fn of(types: &[EventType]) -> Self {
        EventTypes(types.iter().fold(0, |bits, t| bits | Self::bit(*t)))
    }

    fn bit(t: EventType) -> u8 {
        TYPES.iter().position(|x| *x == t).map_or(0, |i| 1 << i)
    }

    pub fn contains(self, t: EventType) -> bool {
        self.0 & Self::bit(t) != 0
    }

    pub fn iter(self) -> impl Iterator<Item = EventType> {
        TYPES.into_iter().filter(move |t| self.contains(*t))
    }

    /// `["payment.completed","order.status_changed"]`.
    pub fn json(self) -> String {
        let names: Vec<String> = self.iter().map(|t| format!("\"{}\"", t.as_str())).collect();
        format!("[{}]", names.join(","))
    }
}

/// Whether the provider checked that the callback URL answers for its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verification {
    /// Registered without a handshake: the provider took the URL on trust.
    NotRequired,
    /// The challenge was sent and its answer has not come back yet.
    Pending,
    /// The endpoint echoed the challenge.
    Passed,
    /// The endpoint answered without echoing the challenge, or refused it.
    Failed,
}

/// A subscription as the provider stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subscription {
    pub client: u32,
    pub events: EventTypes,
    pub verification: Verification,
    /// When the provider stored it (0 for the endpoints registered before the run).
    pub created_ms: u64,
    /// Disabled after the endpoint answered 410 Gone.
    pub disabled: bool,
}

impl Subscription {
    /// Deliveries go only to an enabled subscription that passed its handshake or needed none.
    pub fn active(&self) -> bool {
        !self.disabled
            && matches!(
                self.verification,
                Verification::NotRequired | Verification::Passed
            )
    }

    /// Whether an event of type `t` is pushed to this subscription.
    pub fn wants(&self, t: EventType) -> bool {
        self.active() && self.events.contains(t)
    }
}

/// The callback URL a client registers.
pub fn callback_url(client: u32) -> String {
    format!("https://client-{client}.example/webhooks")
}

/// The provider's id of a client's subscription.
pub fn subscription_id(client: u32) -> String {
    format!("sub_{client}")
}

/// The random challenge of a client's `nonce`-th registration (a pure function of the seed).
pub fn challenge(seed: u64, client: u32, nonce: u32) -> String {
    format!(
        "ch_{:016x}",
        hash3(seed ^ 0xC4A1_1E46E, client as u64, nonce as u64)
    )
}

/// The issued secret as the provider shows it once: `whsec_` + base64 of the key.
fn secret_text(ctx: &RenderContext<'_>) -> String {
    use base64::Engine;
    format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(ctx.secret.key())
    )
}

/// The text of a registration, handshake or unregistration message.
pub(super) fn render(ctx: &RenderContext<'_>, m: &Message) -> HttpText {
    let c = m.client;
    let sub_path = format!("/v1/webhooks/{}", subscription_id(c));
    let (method, path, host, body) = match m.payload {
        Payload::Register { events } => (
            "POST",
            "/v1/webhooks".to_string(),
            super::message::API_HOST.to_string(),
            format!(
                r#"{{"url":"{}","events":{}}}"#,
                callback_url(c),
                events.json()
            ),
        ),
        Payload::Registered {
            events,
            verification,
            created_ms,
        } => {
            let verified = match verification {
                Verification::NotRequired | Verification::Pending => String::new(),
                Verification::Passed => r#","verified":true"#.to_string(),
                Verification::Failed => r#","verified":false"#.to_string(),
            };
            let created = ctx
                .start_unix
                .saturating_mul(1000)
                .saturating_add(created_ms as i64);
            (
                "POST",
                "/v1/webhooks".to_string(),
                String::new(),
                format!(
                    r#"{{"id":"{}","url":"{}","events":{}{verified},"secret":"{}","created_at":"{}"}}"#,
                    subscription_id(c),
                    callback_url(c),
                    events.json(),
                    secret_text(ctx),
                    rfc3339(created)
                ),
            )
        }
        Payload::Unregister => (
            "DELETE",
            sub_path,
            super::message::API_HOST.to_string(),
            String::new(),
        ),
        Payload::Challenge { nonce, .. } if m.kind.is_request() => (
            "POST",
            "/webhooks".to_string(),
            format!("client-{c}.example"),
            format!(
                r#"{{"type":"webhook.verification","challenge":"{}"}}"#,
                challenge(ctx.seed, c, nonce)
            ),
        ),
        Payload::Challenge { nonce, echoed } => {
            let body = match (m.status, echoed) {
                (Some(Status::Gone), _) => r#"{"error":"no such endpoint"}"#.to_string(),
                (_, true) => format!(r#"{{"challenge":"{}"}}"#, challenge(ctx.seed, c, nonce)),
                // A handler that acknowledges every POST without reading it.
                (_, false) => r#"{"received":true}"#.to_string(),
            };
            ("POST", "/webhooks".to_string(), String::new(), body)
        }
        // Not a registration message: `message::render` never asks for one.
        _ => ("GET", String::new(), String::new(), String::new()),
    };
    let mut headers = std::collections::BTreeMap::new();
    if !body.is_empty() {
        headers.insert("content-type".to_string(), "application/json".to_string());
    }
    headers.insert("content-length".to_string(), body.len().to_string());
    if !host.is_empty() {
        headers.insert("host".to_string(), host);
    }
    HttpText {
        method,
        path,
        status: m.status,
        headers,
        body,
        verdict: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_types_hold_exactly_the_types_given() {
        let t = EventTypes::of(&[EventType::MessageReceived, EventType::PaymentCompleted]);
        assert!(t.contains(EventType::PaymentCompleted));
        assert!(!t.contains(EventType::UserRegistered));
        assert_eq!(t.json(), r#"["payment.completed","message.received"]"#);
        assert_eq!(EventTypes::of(&TYPES), EventTypes::ALL);
    }

    #[test]
    fn registration_names_round_trip_and_bad_ones_are_named() {
        for r in Registration::ALL {
            assert_eq!(r.as_str().parse::<Registration>(), Ok(r));
        }
        let e = "maybe".parse::<Registration>().unwrap_err();
        assert_eq!(e.field, "registration");
    }
}
