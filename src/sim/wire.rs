//! What travels on the wire besides the HTTP text: the scheme each direction uses (HTTP or
//! HTTPS) and the version of each client's API key, which changes when the key is rotated.
//!
//! A message's text is the same under either scheme; the scheme decides what an eavesdropper on
//! the network can read of it (see `Simulation::capture`).

use std::collections::VecDeque;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::message::{Message, MessageKind};

/// How the bytes of one direction travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    /// Plain text: anyone on the way reads and can change every byte.
    Http,
    /// HTTP inside TLS: the way shows only the host name (SNI), sizes and timing.
    #[default]
    Https,
}

impl Scheme {
    pub const ALL: [Scheme; 2] = [Scheme::Http, Scheme::Https];

    /// The lowercase name used in serde and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }

    pub fn is_https(&self) -> bool {
        *self == Scheme::Https
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which of the two directions a message belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Client to provider API requests, and their answers.
    Api,
    /// Provider to client webhook deliveries, and the receivers' answers.
    Webhook,
}

impl Direction {
    pub fn of(kind: MessageKind) -> Self {
        match kind {
            MessageKind::WebhookDelivery
            | MessageKind::WebhookRetry
            | MessageKind::Ack
            | MessageKind::Failure
            | MessageKind::Challenge
            | MessageKind::ChallengeAnswer => Direction::Webhook,
            MessageKind::PollRequest
            | MessageKind::EmptyResponse
            | MessageKind::DataResponse
            | MessageKind::ApiError
            | MessageKind::ApiFetch
            | MessageKind::ApiFetchResponse
            | MessageKind::Query
            | MessageKind::QueryResponse
            | MessageKind::RegisterRequest
            | MessageKind::RegisterResponse => Direction::Api,
        }
    }
}

/// Rotations of API keys remembered; older ones only shift every version of their client alike.
const ROTATIONS_KEPT: usize = 64;
/// Requests sent with a stolen key whose key version is remembered for rendering.
const STOLEN_KEPT: usize = 64;

/// The API keys in force: each client's key has a version, 0 until its first rotation.
/// Short lists rather than maps: they hold a few entries, and the browser bundle stays smaller.
#[derive(Debug, Default, Clone)]
pub struct ApiKeys {
    /// `(client, time)` of the recent rotations, oldest first.
    rotations: VecDeque<(u32, u64)>,
    /// `(client, rotations)` forgotten from `rotations`.
    forgotten: Vec<(u32, u32)>,
    /// Requests sent with a captured key rather than the owner's current one: message id and the
    /// version of that key.
    stolen: VecDeque<(u64, u32)>,
}

impl ApiKeys {
    /// The version of `client`'s key at `t_ms`.
    pub fn version_at(&self, client: u32, t_ms: u64) -> u32 {
        let forgotten = self
            .forgotten
            .iter()
            .find(|(c, _)| *c == client)
            .map_or(0, |(_, n)| *n);
        let recent = self
            .rotations
            .iter()
            .filter(|&&(c, t)| c == client && t <= t_ms)
            .count() as u32;
        forgotten + recent
    }

    /// Gives `client` a new key at `t_ms`; the old one is refused from then on.
    pub fn rotate(&mut self, client: u32, t_ms: u64) {
        self.rotations.push_back((client, t_ms));
        if self.rotations.len() > ROTATIONS_KEPT {
            let Some((c, _)) = self.rotations.pop_front() else {
                return;
            };
            match self.forgotten.iter_mut().find(|(x, _)| *x == c) {
                Some((_, n)) => *n += 1,
                None => self.forgotten.push((c, 1)),
            }
        }
    }

    /// Remembers that message `id` carries version `version` of its client's key.
    pub fn mark_stolen(&mut self, id: u64, version: u32) {
        self.stolen.push_back((id, version));
        if self.stolen.len() > STOLEN_KEPT {
            self.stolen.pop_front();
        }
    }

    fn stolen_version(&self, id: u64) -> Option<u32> {
        self.stolen.iter().find(|(m, _)| *m == id).map(|(_, v)| *v)
    }

    /// Whether message `id` was sent with a stolen key.
    pub fn is_stolen(&self, id: u64) -> bool {
        self.stolen_version(id).is_some()
    }

    /// The key a request carries: its owner's key when it was sent, or the stolen one.
    pub fn key_of(&self, m: &Message) -> String {
        let version = self
            .stolen_version(m.id)
            .unwrap_or_else(|| self.version_at(m.client, m.sent_ms));
        api_key(m.client, version)
    }
}

/// Version `version` of a client's API key (a classroom value, never a real credential).
pub fn api_key(client: u32, version: u32) -> String {
    match version {
        0 => format!("key_test_client_{client}"),
        v => format!("key_test_client_{client}_r{v}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rotation_changes_the_key_from_its_time_on() {
        let mut keys = ApiKeys::default();
        assert_eq!(keys.version_at(3, 10), 0);
        keys.rotate(3, 1_000);
        assert_eq!(keys.version_at(3, 999), 0);
        assert_eq!(keys.version_at(3, 1_000), 1);
        assert_eq!(keys.version_at(2, 5_000), 0, "other clients keep theirs");
        assert_eq!(api_key(3, 0), "key_test_client_3");
        assert_eq!(api_key(3, 1), "key_test_client_3_r1");
        for t in 0..70 {
            keys.rotate(3, 2_000 + t);
        }
        keys.rotate(4, 3_000);
        assert_eq!(
            keys.version_at(3, 10_000),
            71,
            "forgotten rotations still count"
        );
        assert_eq!(keys.version_at(4, 10_000), 1);
    }

    #[test]
    fn https_is_the_default_and_names_are_lowercase() {
        assert_eq!(Scheme::default(), Scheme::Https);
        assert_eq!(Scheme::Http.to_string(), "http");
        assert_eq!(serde_json::to_string(&Scheme::Https).unwrap(), "\"https\"");
    }
}
