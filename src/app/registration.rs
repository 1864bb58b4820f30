//! What the registration panel shows of a stage: the subscriptions the provider stores (URL,
//! event types, whether the URL was verified, when it was stored) and what the registry counted.

use crate::sim::message::{rfc3339, Message, MessageKind, Payload, Status};
use crate::sim::model::RegistryCounters;
use crate::sim::registration::{callback_url, subscription_id, Registration, Verification};
use crate::sim::Simulation;

/// Subscriptions listed at most; the rest are counted.
pub const ROWS: usize = 8;

/// One stored subscription, in words.
#[derive(Clone, Debug, PartialEq)]
pub struct SubscriptionRow {
    pub id: String,
    pub url: String,
    pub events: String,
    pub verified: &'static str,
    pub created_at: String,
    /// Deliveries go to it.
    pub active: bool,
    /// The state in a few words: active, unverified, disabled after a 410.
    pub state: &'static str,
}

/// The stored subscriptions of a stage that pushes, and its registry counters.
#[derive(Clone, Debug, PartialEq)]
pub struct RegistryView {
    pub setting: Registration,
    /// The first [`ROWS`] subscriptions by client.
    pub rows: Vec<SubscriptionRow>,
    /// Subscriptions stored beyond those listed.
    pub more: usize,
    /// Clients with no subscription stored.
    pub unregistered: u32,
    pub counters: RegistryCounters,
}

/// Words for a verification state.
pub fn verified_text(v: Verification) -> &'static str {
    match v {
        Verification::NotRequired => "not asked (no handshake)",
        Verification::Pending => "challenge sent",
        Verification::Passed => "yes: the challenge was echoed",
        Verification::Failed => "no: the challenge was not echoed",
    }
}

impl RegistryView {
    pub fn of(s: &Simulation) -> RegistryView {
        let start_ms = s.config().start_unix.saturating_mul(1000);
        let stored = s.subscriptions().count();
        let rows = s
            .subscriptions()
            .take(ROWS)
            .map(|sub| {
                let names: Vec<&str> = sub.events.iter().map(|t| t.as_str()).collect();
                SubscriptionRow {
                    id: subscription_id(sub.client),
                    url: callback_url(sub.client),
                    events: names.join(", "),
                    verified: verified_text(sub.verification),
                    created_at: rfc3339(start_ms.saturating_add(sub.created_ms as i64)),
                    active: sub.active(),
                    state: match (sub.disabled, sub.active()) {
                        (true, _) => "disabled after 410 Gone",
                        (false, true) => "active",
                        (false, false) => "receives nothing",
                    },
                }
            })
            .collect::<Vec<_>>();
        RegistryView {
            setting: s.config().registration,
            more: stored - rows.len(),
            rows,
            unregistered: s.config().clients - stored as u32,
            counters: s.registry_counters(),
        }
    }
}

fn event_names(events: crate::sim::registration::EventTypes) -> String {
    events
        .iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a registration message means, for the inspector; `None` for any other message.
pub fn inspector_note(m: &Message) -> Option<String> {
    let url = callback_url(m.client);
    Some(match (m.kind, m.payload) {
        (MessageKind::RegisterRequest, Payload::Register { events }) => format!(
            "Client {} gives the server its callback URL {url} and asks for {}.",
            m.client,
            event_names(events)
        ),
        (_, Payload::Registered { events, verification, .. }) => format!(
            "The server stored {} for {url} ({}); verified: {}. It issues the secret in the body, which signs every delivery.",
            subscription_id(m.client),
            event_names(events),
            verified_text(verification)
        ),
        (MessageKind::RegisterRequest, Payload::Unregister) => format!(
            "Client {} asks the server to delete {}: nothing more will be pushed to {url}.",
            m.client,
            subscription_id(m.client)
        ),
        (_, Payload::Unregister) => "The server deleted the subscription.".to_string(),
        (MessageKind::Challenge, _) => format!(
            "Before trusting {url}, the server sends it a random challenge: only an endpoint that echoes it is verified."
        ),
        (_, Payload::Challenge { .. }) if m.status == Some(Status::Gone) => {
            "The URL no longer exists (410 Gone): the subscription stays unverified.".to_string()
        }
        (_, Payload::Challenge { echoed: true, .. }) => {
            "The endpoint echoed the challenge: the URL is verified.".to_string()
        }
        (_, Payload::Challenge { echoed: false, .. }) => {
            "The endpoint answered without the challenge: the subscription stays unverified and gets no deliveries.".to_string()
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{Config, Mode};

    #[test]
    fn a_handshake_run_lists_verified_subscriptions_and_counts_the_rest() {
        let mut s = Simulation::new(Config {
            mode: Mode::Webhook,
            clients: 12,
            registration: Registration::Handshake,
            ..Config::default()
        })
        .unwrap();
        assert_eq!(RegistryView::of(&s).unregistered, 12);
        s.run_until(5_000);
        let v = RegistryView::of(&s);
        assert_eq!(v.rows.len(), ROWS);
        assert_eq!(v.more, 4);
        assert_eq!(v.unregistered, 0);
        let first = &v.rows[0];
        assert_eq!(first.url, "https://client-0.example/webhooks");
        assert_eq!(first.verified, "yes: the challenge was echoed");
        assert_eq!(first.state, "active");
        // Stored when the registration reached the server, 50 ms after time zero.
        assert_eq!(first.created_at, "2023-11-14T22:13:20.050Z");
        assert_eq!(
            first.events,
            "payment.completed, order.status_changed, message.received, user.registered"
        );
    }

    #[test]
    fn the_inspector_explains_each_registration_message_and_nothing_else() {
        let mut s = Simulation::new(Config {
            mode: Mode::Webhook,
            clients: 1,
            rate_per_min: 6.0,
            registration: Registration::Handshake,
            ..Config::default()
        })
        .unwrap();
        s.set_endpoint_echoes(0, false).unwrap();
        s.run_until(60_000);
        let notes: Vec<Option<String>> = s.messages().map(inspector_note).collect();
        assert!(notes[0]
            .as_deref()
            .unwrap()
            .contains("https://client-0.example/webhooks"));
        assert!(notes[1].as_deref().unwrap().contains("random challenge"));
        assert!(notes[2]
            .as_deref()
            .unwrap()
            .contains("without the challenge"));
        assert!(notes[3]
            .as_deref()
            .unwrap()
            .contains("no: the challenge was not echoed"));
        assert_eq!(notes.len(), 4, "an unverified endpoint gets no delivery");
        // Deliveries and their answers have none.
        let mut s = Simulation::new(Config {
            mode: Mode::Webhook,
            clients: 1,
            rate_per_min: 6.0,
            ..Config::default()
        })
        .unwrap();
        s.run_until(60_000);
        assert!(s.messages().len() > 2);
        assert!(s.messages().all(|m| inspector_note(m).is_none()));
    }
}
