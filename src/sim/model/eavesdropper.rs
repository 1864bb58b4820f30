//! The eavesdropper: a party on the network between the provider and its clients. It reads what
//! the scheme lets it read (over HTTP every header and body, over HTTPS only the host name, the
//! sizes and the timing) and can send copies of what it read: a poll with a client's stolen API
//! key, which the server answers until that key is rotated, or a webhook delivery byte for byte,
//! which the receiver's timestamp tolerance and its memory of message ids stop.

use super::dispatcher::Delivery;
use super::network::Outgoing;
use super::{Ev, Simulation};
use crate::sim::message::{
    Endpoint, HttpText, Injection, Message, MessageKind, Payload, Status, Tamper, API_HOST,
};
use crate::sim::wire::{ApiKeys, Direction, Scheme};

/// What the eavesdropper holds, and how its copies fared.
#[derive(Debug, Default)]
pub(super) struct Eavesdrop {
    pub(super) keys: ApiKeys,
    pub(super) tally: Tally,
}

/// How the answers to the eavesdropper's copies came back.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Polls with a stolen key that the server answered with data.
    pub stolen_accepted: u32,
    /// Polls with a stolen key refused with 401 (the key was rotated).
    pub stolen_refused: u32,
    /// Replayed deliveries refused for a timestamp outside the tolerance.
    pub replays_stale: u32,
    /// Replayed deliveries acknowledged as duplicates of a message id already seen.
    pub replays_duplicate: u32,
    /// Replayed deliveries the receiver processed as new (it had never seen that id).
    pub replays_processed: u32,
}

impl Tally {
    /// Counts an answer sent to the eavesdropper.
    pub(super) fn count(&mut self, m: &Message) {
        match (m.kind, m.payload) {
            (MessageKind::DataResponse | MessageKind::EmptyResponse, _) => {
                self.stolen_accepted += 1
            }
            (MessageKind::ApiError, _) => self.stolen_refused += 1,
            (MessageKind::Failure, Payload::Answer { stale: true, .. }) => self.replays_stale += 1,
            (
                MessageKind::Ack,
                Payload::Answer {
                    processed_ms: None, ..
                },
            ) => self.replays_duplicate += 1,
            (MessageKind::Ack, _) => self.replays_processed += 1,
            _ => {}
        }
    }
}

/// What the eavesdropper captured of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    pub message: Message,
    pub scheme: Scheme,
    /// The host name, which HTTPS shows in the clear too (the TLS handshake's SNI).
    pub host: String,
    /// The whole request or response over HTTP; `None` over HTTPS.
    pub text: Option<HttpText>,
}

impl Capture {
    /// The API key read from an `Authorization: Bearer` header, over HTTP only.
    pub fn api_key(&self) -> Option<&str> {
        self.text
            .as_ref()?
            .headers
            .get("authorization")?
            .strip_prefix("Bearer ")
    }
}

/// Why the eavesdropper could not do what it was asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EavesdropError {
    /// The message travelled over HTTPS: the eavesdropper holds only encrypted bytes, and a TLS
    /// connection's keys are new each time, so a copy of them is useless.
    Encrypted(u64),
    /// Only a poll carrying an API key can be sent with that key.
    NotAKeyedPoll(u64),
    /// Only a webhook delivery can be replayed to a receiver.
    NotADelivery(u64),
}

impl std::fmt::Display for EavesdropError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Encrypted(id) => write!(
                f,
                "Message {id} went over HTTPS: the eavesdropper holds only encrypted bytes it can neither read nor reuse."
            ),
            Self::NotAKeyedPoll(id) => {
                write!(f, "Message {id} is not a poll carrying an API key.")
            }
            Self::NotADelivery(id) => write!(f, "Message {id} is not a webhook delivery."),
        }
    }
}

impl Simulation {
    /// The scheme of the direction `m` travels in.
    pub fn scheme_of(&self, m: &Message) -> Scheme {
        match Direction::of(m.kind) {
            Direction::Api => self.cfg.api_scheme,
            Direction::Webhook => self.cfg.webhook_scheme,
        }
    }

    /// What the eavesdropper captured of `m`: everything over HTTP, the host, size and timing
    /// over HTTPS.
    pub fn capture(&self, m: &Message) -> Capture {
        let scheme = self.scheme_of(m);
        let host = match Direction::of(m.kind) {
            Direction::Api => API_HOST.to_string(),
            Direction::Webhook => format!("client-{}.example", m.client),
        };
        Capture {
            message: *m,
            scheme,
            host,
            text: (scheme == Scheme::Http).then(|| self.render(m)),
        }
    }

    /// Everything the eavesdropper captured among the logged messages between the provider and
    /// its clients, oldest first.
    pub fn captures(&self) -> impl DoubleEndedIterator<Item = Capture> + '_ {
        self.log
            .iter()
            .filter(|m| m.from != Endpoint::Eavesdropper && m.to != Endpoint::Eavesdropper)
            .map(|m| self.capture(m))
    }

    /// How the answers to the eavesdropper's copies came back so far.
    pub fn eavesdropper_tally(&self) -> Tally {
        self.eavesdrop.tally
    }

    /// Whether message `id` was sent with a stolen API key.
    pub fn sent_with_stolen_key(&self, id: u64) -> bool {
        self.eavesdrop.keys.is_stolen(id)
    }

    /// The version of `client`'s API key in force now (0 before any rotation).
    pub fn api_key_version(&self, client: u32) -> u32 {
        self.eavesdrop.keys.version_at(client, self.now)
    }

    /// Gives `client` a new API key now: the client uses it from now on, and the server refuses
    /// the old one with 401.
    pub fn rotate_api_key(&mut self, client: u32) {
        self.eavesdrop.keys.rotate(client, self.now);
    }

    fn readable(&self, m: &Message) -> Result<(), EavesdropError> {
        match self.scheme_of(m) {
            Scheme::Http => Ok(()),
            Scheme::Https => Err(EavesdropError::Encrypted(m.id)),
        }
    }

    /// The eavesdropper sends captured poll `m` again now, with the key it read in it. Returns
    /// the new message's id.
    pub fn replay_stolen_poll(&mut self, m: &Message) -> Result<u64, EavesdropError> {
        let after = match (m.from, m.payload) {
            (
                Endpoint::Client(_),
                Payload::Poll {
                    after,
                    api_key: true,
                },
            ) => after,
            _ => return Err(EavesdropError::NotAKeyedPoll(m.id)),
        };
        self.readable(m)?;
        let key = self.eavesdrop.keys.version_at(m.client, m.sent_ms);
        let id = self.next_msg_id;
        // Remembered before sending, so that the transcript line shows the stolen key.
        self.eavesdrop.keys.mark_stolen(id, key);
        let (arr, lost) = self.send(Outgoing {
            from: Endpoint::Eavesdropper,
            ..Outgoing::poll(m.client, after, true, self.now)
        });
        if !lost {
            self.queue.push(
                arr,
                Ev::StolenKeyArrive {
                    client: m.client,
                    after,
                    key,
                },
            );
        }
        Ok(id)
    }

    /// The server's rule for a poll sent with version `key` of `client`'s key: the key in force
    /// is served like its owner (the server cannot tell who holds it); a rotated one gets 401.
    pub(super) fn answer_stolen_key(&mut self, client: u32, after: u32, key: u32) {
        // The server lists the events produced by now (an open run counts them when asked).
        self.settle_run(client);
        let svc = self.serve();
        let upto = self.clients[client as usize].producer.count.max(after);
        let (kind, status, payload) = if key == self.api_key_version(client) {
            let count = upto - after;
            let kind = if count == 0 {
                MessageKind::EmptyResponse
            } else {
                MessageKind::DataResponse
            };
            (kind, Status::Ok, Payload::Events { after, count })
        } else {
            let refusal = Payload::Refusal {
                after,
                retry_after_s: None,
            };
            (MessageKind::ApiError, Status::Unauthorized, refusal)
        };
        self.send_to(
            Outgoing::response(kind, client, svc.finish, status, payload),
            Endpoint::Eavesdropper,
        );
    }

    /// The eavesdropper sends captured delivery `m` to its receiver again now, byte for byte.
    /// Returns the new message's id.
    pub fn replay_captured_delivery(&mut self, m: &Message) -> Result<u64, EavesdropError> {
        let Payload::Delivery { event, .. } = m.payload else {
            return Err(EavesdropError::NotADelivery(m.id));
        };
        self.readable(m)?;
        let id = self.next_msg_id;
        self.drill.remember(
            id,
            Injection {
                original_sent_ms: m.sent_ms,
                body: None,
            },
        );
        let d = self.new_delivery(Delivery {
            tamper: Tamper::Replay,
            injected: true,
            msg_id: id,
            sender: Endpoint::Eavesdropper,
            ..Delivery::first(m.client, event, self.now, self.now)
        });
        let (arr, lost) = self.send_to(
            Outgoing {
                kind: MessageKind::WebhookDelivery,
                from: Endpoint::Eavesdropper,
                client: m.client,
                sent: self.now,
                status: None,
                payload: Payload::Delivery {
                    event,
                    attempt: 1,
                    tamper: Tamper::Replay,
                },
            },
            Endpoint::Client(m.client),
        );
        let at = if lost {
            self.now + self.cfg.receiver_timeout_ms
        } else {
            arr
        };
        let ev = if lost {
            Ev::AttemptOutcome { delivery: d }
        } else {
            Ev::DeliveryArrive { delivery: d }
        };
        self.queue.push(at, ev);
        Ok(id)
    }

    /// The eavesdropper changes the body of a fresh copy of delivery `m` on its way to the
    /// receiver (the dispatcher signed the original). Over HTTPS it cannot: the bytes are
    /// encrypted and TLS would notice the change.
    pub fn tamper_on_the_wire(&mut self, m: &Message, body: String) -> Result<u64, EavesdropError> {
        if !matches!(m.payload, Payload::Delivery { .. }) {
            return Err(EavesdropError::NotADelivery(m.id));
        }
        self.readable(m)?;
        self.resend_edited(m, body)
            .map_err(|_| EavesdropError::NotADelivery(m.id))
    }
}
