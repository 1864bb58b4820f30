//! The provider's registry of webhook subscriptions and the clients' side of registering: the
//! registration request, the optional verification handshake, the stored subscription, its
//! removal, and what an endpoint that no longer exists does to deliveries (410 Gone ends them).
//!
//! With registration off every client starts with a subscription to every event type, taken on
//! trust: the run is exactly what it was before registration existed.

use super::dispatcher::Delivery;
use super::network::Outgoing;
use super::receiver::Mark;
use super::{Ev, InjectError, Simulation};
use crate::sim::engine::RegistryEv;
use crate::sim::message::{Endpoint, MessageKind, Payload, Status};
use crate::sim::registration::{EventTypes, Registration, Subscription, Verification};

/// What a client's callback endpoint does, as the client sees it.
#[derive(Debug, Clone, Copy)]
struct Callback {
    /// The event types the client registers for.
    wants: EventTypes,
    /// Its handler echoes a verification challenge (one that does not only acknowledges it).
    echoes: bool,
    /// The URL no longer exists: everything sent to it is answered 410 Gone.
    gone: bool,
    /// The provider's answer to its latest registration came back.
    confirmed: bool,
    /// Registrations sent so far; numbers each one's challenge.
    nonce: u32,
}

/// What the registry counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RegistryCounters {
    /// Events not pushed: their client had no active subscription for their type.
    pub not_pushed: u64,
    /// Deliveries ended at once by a 410 Gone, with no further attempt.
    pub ended_by_gone: u64,
    /// Pending attempts dropped because their subscription was removed or disabled.
    pub dropped: u64,
}

/// The provider's subscriptions and the clients' endpoints, by client.
#[derive(Debug)]
pub(super) struct Registry {
    subs: Vec<Option<Subscription>>,
    callbacks: Vec<Callback>,
    counters: RegistryCounters,
}

impl Registry {
    /// Subscriptions to every type for every client when `preregistered`, none otherwise.
    pub(super) fn new(clients: u32, preregistered: bool) -> Self {
        let sub = |client| Subscription {
            client,
            events: EventTypes::ALL,
            verification: Verification::NotRequired,
            created_ms: 0,
            disabled: false,
        };
        Registry {
            subs: (0..clients)
                .map(|c| preregistered.then(|| sub(c)))
                .collect(),
            callbacks: vec![
                Callback {
                    wants: EventTypes::ALL,
                    echoes: true,
                    gone: false,
                    confirmed: preregistered,
                    nonce: 0,
                };
                clients as usize
            ],
            counters: RegistryCounters::default(),
        }
    }

    /// Whether a delivery may still be attempted to `client`.
    fn delivers_to(&self, client: u32) -> bool {
        self.subs[client as usize].is_some_and(|s| s.active())
    }
}

impl Simulation {
    // ----- reading -----

    /// The subscription the provider stores for `client`, if any.
    pub fn subscription(&self, client: u32) -> Option<Subscription> {
        self.registry.subs.get(client as usize).copied().flatten()
    }

    /// Every stored subscription, by client.
    pub fn subscriptions(&self) -> impl Iterator<Item = &Subscription> {
        self.registry.subs.iter().flatten()
    }

    pub fn registry_counters(&self) -> RegistryCounters {
        self.registry.counters
    }

    /// Whether `client`'s callback URL no longer exists.
    pub fn endpoint_gone(&self, client: u32) -> bool {
        self.registry
            .callbacks
            .get(client as usize)
            .is_some_and(|c| c.gone)
    }

    // ----- driving -----

    /// `client` registers its callback URL for `events` now (again, if it already had).
    pub fn register(&mut self, client: u32, events: EventTypes) -> Result<(), InjectError> {
        self.callback_mut(client)?.wants = events;
        self.send_registration(client);
        Ok(())
    }

    /// `client` asks the provider to remove its subscription now.
    pub fn unregister(&mut self, client: u32) -> Result<(), InjectError> {
        self.callback_mut(client)?;
        let (arr, lost) = self.send(Outgoing::request(
            MessageKind::RegisterRequest,
            client,
            self.now,
            Payload::Unregister,
        ));
        if !lost {
            self.queue
                .push(arr, Ev::Registry(RegistryEv::UnregisterArrive { client }));
        }
        Ok(())
    }

    /// `client`'s callback URL stops existing now (its route was deleted, its domain lapsed):
    /// every later request to it is answered 410 Gone.
    pub fn remove_endpoint(&mut self, client: u32) -> Result<(), InjectError> {
        self.callback_mut(client)?.gone = true;
        Ok(())
    }

    /// Whether `client`'s handler echoes a verification challenge (true unless changed).
    pub fn set_endpoint_echoes(&mut self, client: u32, echoes: bool) -> Result<(), InjectError> {
        self.callback_mut(client)?.echoes = echoes;
        Ok(())
    }

    fn callback_mut(&mut self, client: u32) -> Result<&mut Callback, InjectError> {
        self.registry
            .callbacks
            .get_mut(client as usize)
            .ok_or(InjectError::NoSuchClient(client))
    }

    // ----- the rules -----

    /// Every client registers at the start when registration is on and the provider pushes.
    pub(super) fn start_registrations(&mut self) {
        if self.cfg.registration.is_off() || !self.behaviour.pushes {
            return;
        }
        for client in 0..self.cfg.clients {
            self.queue
                .push(0, Ev::Registry(RegistryEv::Send { client }));
        }
    }

    /// One step of a registration, its handshake or its removal.
    pub(super) fn registry_step(&mut self, ev: RegistryEv) {
        match ev {
            // The client sends `POST /v1/webhooks` with its URL and event types.
            RegistryEv::Send { client } => self.send_registration(client),
            // The provider stores the subscription; with a handshake it is not trusted until the
            // URL echoes a challenge, otherwise it is active at once and confirmed.
            RegistryEv::Arrive { client, nonce } => self.registration_arrives(client, nonce),
            // The endpoint answers the challenge: the echo if its handler does it, 410 if the URL
            // no longer exists, a plain acknowledgement otherwise.
            RegistryEv::ChallengeArrive { client, nonce } => self.answer_challenge(client, nonce),
            // Only an echo verifies the subscription; either way the provider answers with it.
            RegistryEv::AnswerArrive { client, echoed } => {
                let svc = self.serve();
                let verification = if echoed {
                    Verification::Passed
                } else {
                    Verification::Failed
                };
                self.confirm(client, verification, svc.finish);
            }
            // The client has its subscription (and its secret).
            RegistryEv::Confirmed { client } => {
                self.registry.callbacks[client as usize].confirmed = true
            }
            // No answer in time: something was lost on the way, and the client registers again.
            RegistryEv::Check { client } => {
                if !self.registry.callbacks[client as usize].confirmed {
                    self.send_registration(client);
                }
            }
            // The provider forgets the subscription: nothing more is pushed to the URL.
            RegistryEv::UnregisterArrive { client } => {
                let svc = self.serve();
                self.registry.subs[client as usize] = None;
                self.send(Outgoing::response(
                    MessageKind::RegisterResponse,
                    client,
                    svc.finish,
                    Status::NoContent,
                    Payload::Unregister,
                ));
            }
        }
    }

    fn send_registration(&mut self, client: u32) {
        let cb = &mut self.registry.callbacks[client as usize];
        cb.confirmed = false;
        cb.nonce += 1;
        let (nonce, events) = (cb.nonce, cb.wants);
        let (arr, lost) = self.send(Outgoing::request(
            MessageKind::RegisterRequest,
            client,
            self.now,
            Payload::Register { events },
        ));
        if !lost {
            self.queue
                .push(arr, Ev::Registry(RegistryEv::Arrive { client, nonce }));
        }
        // The client waits beyond the four trips a handshake takes, so that only a loss makes
        // it register again.
        let trips = 4 * (self.cfg.latency_ms + self.cfg.latency_jitter_ms);
        self.queue.push(
            self.now + trips + self.cfg.receiver_timeout_ms,
            Ev::Registry(RegistryEv::Check { client }),
        );
    }

    fn registration_arrives(&mut self, client: u32, nonce: u32) {
        let svc = self.serve();
        let handshake = self.cfg.registration == Registration::Handshake;
        self.registry.subs[client as usize] = Some(Subscription {
            client,
            events: self.registry.callbacks[client as usize].wants,
            verification: if handshake {
                Verification::Pending
            } else {
                Verification::NotRequired
            },
            created_ms: self.now,
            disabled: false,
        });
        if !handshake {
            self.confirm(client, Verification::NotRequired, svc.finish);
            return;
        }
        let (arr, lost) = self.send(Outgoing {
            kind: MessageKind::Challenge,
            from: Endpoint::Server,
            client,
            sent: svc.finish,
            status: None,
            payload: Payload::Challenge {
                nonce,
                echoed: false,
            },
        });
        if !lost {
            self.queue.push(
                arr,
                Ev::Registry(RegistryEv::ChallengeArrive { client, nonce }),
            );
        }
    }

    fn answer_challenge(&mut self, client: u32, nonce: u32) {
        let cb = self.registry.callbacks[client as usize];
        let echoed = cb.echoes && !cb.gone;
        let status = if cb.gone { Status::Gone } else { Status::Ok };
        let (arr, lost) = self.send(Outgoing {
            kind: MessageKind::ChallengeAnswer,
            from: Endpoint::Client(client),
            client,
            sent: self.now,
            status: Some(status),
            payload: Payload::Challenge { nonce, echoed },
        });
        if !lost {
            self.queue.push(
                arr,
                Ev::Registry(RegistryEv::AnswerArrive { client, echoed }),
            );
        }
    }

    /// The provider records the handshake's result and answers the registration with the
    /// stored subscription.
    fn confirm(&mut self, client: u32, verification: Verification, sent: u64) {
        let Some(sub) = self.registry.subs[client as usize].as_mut() else {
            return;
        };
        sub.verification = verification;
        let sub = *sub;
        let (arr, lost) = self.send(Outgoing::response(
            MessageKind::RegisterResponse,
            client,
            sent,
            Status::Created,
            Payload::Registered {
                events: sub.events,
                verification,
                created_ms: sub.created_ms,
            },
        ));
        if !lost {
            self.queue
                .push(arr, Ev::Registry(RegistryEv::Confirmed { client }));
        }
    }

    /// Whether event `event` of `client` is pushed: only to an active subscription for its type.
    /// An event not pushed is one the client will not learn from a webhook.
    pub(super) fn pushes_to(&mut self, client: u32, event: u32) -> bool {
        let pushed = match self.registry.subs[client as usize] {
            Some(s) if s.events == EventTypes::ALL => s.active(),
            Some(s) => s.wants(self.event_type(client, event)),
            None => false,
        };
        if !pushed {
            self.registry.counters.not_pushed += 1;
            self.give_up(client, event);
        }
        pushed
    }

    /// Drops a pending attempt whose subscription was removed or disabled since; true if it did.
    pub(super) fn drop_unsubscribed(&mut self, d: u32) -> bool {
        let del = self.deliveries[d as usize];
        if del.injected || self.registry.delivers_to(del.client) {
            return false;
        }
        self.registry.counters.dropped += 1;
        self.give_up(del.client, del.event);
        self.free_deliveries.push(d);
        true
    }

    /// A 410 Gone ends the delivery at once, and the provider disables the subscription; true if
    /// this attempt was answered so.
    pub(super) fn ends_on_gone(&mut self, d: u32) -> bool {
        let del: Delivery = self.deliveries[d as usize];
        if del.status != Some(Status::Gone) || del.success {
            return false;
        }
        if !del.injected {
            self.registry.counters.ended_by_gone += 1;
            self.give_up(del.client, del.event);
            if let Some(s) = self.registry.subs[del.client as usize].as_mut() {
                s.disabled = true;
            }
        }
        self.free_deliveries.push(d);
        true
    }

    /// The client will not learn `event` from the webhook: it counts as lost unless known.
    fn give_up(&mut self, client: u32, event: u32) {
        let keep_lost = self.behaviour.reconciles();
        let seen = &mut self.clients[client as usize].seen;
        if seen.get(event).is_none() {
            seen.set(event, Mark::Lost, keep_lost);
            self.metrics.counters.lost += 1;
        }
    }
}
