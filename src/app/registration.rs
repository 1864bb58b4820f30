//! What the registration panel shows of a stage: the subscriptions the provider stores (URL,
//! event types, whether the URL was verified, when it was stored) and what the registry counted.

use crate::sim::message::rfc3339;
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
}
