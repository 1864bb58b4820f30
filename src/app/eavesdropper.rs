//! The eavesdropper's side of the page: what a party on the network captured in each stage
//! (every header and body over HTTP; over HTTPS only the host, the size and the time), the API
//! keys it holds, the server's record of what it did with them, the copies it can send, and the
//! layers of protection put in words from what actually happened in the run.

use super::drills::{edited_body, REPLAY_TOLERANCE_MS};
use crate::driver::Driver;
use crate::sim::wire::{api_key, Direction, Scheme};
use crate::sim::{Capture, Endpoint, Message, MessageKind, Payload, Simulation};

/// Captured messages listed, newest first.
pub const CAPTURES_SHOWN: usize = 10;
/// Requests and answers of the eavesdropper listed, newest first.
const OWN_SHOWN: usize = 8;
/// "Older than the tolerance" with a margin, so the receiver's rounding cannot make it fresh.
const OLD_MARGIN_MS: u64 = 1_000;

/// One captured message, as the eavesdropper's view lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct CaptureRow {
    pub id: u64,
    pub sent_ms: u64,
    pub route: String,
    pub host: String,
    pub bytes: u32,
    pub scheme: Scheme,
    /// Over HTTP: the request or status line and what matters in it; `None` over HTTPS.
    pub read: Option<String>,
}

/// An API key the eavesdropper read, with the latest captured poll that carried it.
#[derive(Clone, Debug, PartialEq)]
pub struct StolenKey {
    pub client: u32,
    pub key: String,
    pub poll: Message,
    /// The owner still uses this key: the server accepts it.
    pub in_force: bool,
}

/// A message between the eavesdropper and a server or receiver, as their log records it.
#[derive(Clone, Debug, PartialEq)]
pub struct OwnRow {
    pub id: u64,
    pub sent_ms: u64,
    pub route: String,
    /// What was sent, or the answer's status.
    pub what: String,
}

/// One layer of protection and what it did in this run.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    pub name: &'static str,
    pub text: String,
}

/// What the eavesdropper panel shows of one stage.
#[derive(Clone, Debug, PartialEq)]
pub struct StageEavesdropper {
    pub stage: usize,
    pub name: &'static str,
    pub api: Scheme,
    pub webhooks: Scheme,
    /// Whether the stage's provider sends webhooks.
    pub pushes: bool,
    pub captured: Vec<CaptureRow>,
    /// Newest first.
    pub keys: Vec<StolenKey>,
    /// The newest delivery read over HTTP, to replay inside the tolerance.
    pub recent_delivery: Option<Message>,
    /// A delivery read over HTTP and signed longer ago than the tolerance.
    pub old_delivery: Option<Message>,
    pub own: Vec<OwnRow>,
    pub layers: Vec<Layer>,
}

/// What the eavesdropper does, as a button asks for it.
#[derive(Clone, Debug, PartialEq)]
pub enum Eavesdrop {
    /// Sends captured poll `message` again, with the key it carried.
    UseKey { stage: usize, message: Message },
    /// Gives `client` a new API key.
    RotateKey { stage: usize, client: u32 },
    /// Sends captured delivery `message` to its receiver again, byte for byte.
    ReplayDelivery { stage: usize, message: Message },
    /// Changes the body of a copy of delivery `message` on its way.
    ChangeBody { stage: usize, message: Message },
}

fn route(m: &Message) -> String {
    format!("{} → {}", m.from.name(), m.to.name())
}

/// What the eavesdropper read of a message over HTTP: the lines that matter to it.
fn read_line(c: &Capture) -> Option<String> {
    let t = c.text.as_ref()?;
    let first = match t.status {
        Some(s) => format!("{s}"),
        None => format!("{} {}", t.method, t.path),
    };
    let mut parts = vec![first];
    if let Some(auth) = t.headers.get("authorization") {
        parts.push(format!("Authorization: {auth}"));
    }
    if let Some(sig) = t.headers.get("webhook-signature") {
        parts.push(format!("webhook-signature: {sig}"));
    }
    if !t.body.is_empty() {
        parts.push(t.body.clone());
    }
    Some(parts.join(" · "))
}

fn own_row(s: &Simulation, m: &Message) -> OwnRow {
    let what = match (m.status, m.kind) {
        (Some(st), _) => format!("answered {st}"),
        (None, MessageKind::PollRequest) => format!(
            "GET with {}",
            s.render(m)
                .headers
                .get("authorization")
                .map_or("no key", |a| a.trim_start_matches("Bearer "))
        ),
        (None, _) => format!("replayed delivery {}", m.webhook_id().unwrap_or_default()),
    };
    OwnRow {
        id: m.id,
        sent_ms: m.sent_ms,
        route: route(m),
        what,
    }
}

fn is_delivery(m: &Message) -> bool {
    matches!(m.payload, Payload::Delivery { .. })
}

impl StageEavesdropper {
    pub fn of(stage: usize, name: &'static str, s: &Simulation) -> Self {
        let cfg = s.config();
        let now = s.now_ms();
        let captures: Vec<Capture> = s.captures().collect();
        let captured = captures
            .iter()
            .rev()
            .take(CAPTURES_SHOWN)
            .map(|c| CaptureRow {
                id: c.message.id,
                sent_ms: c.message.sent_ms,
                route: route(&c.message),
                host: c.host.clone(),
                bytes: c.message.bytes,
                scheme: c.scheme,
                read: read_line(c),
            })
            .collect();
        let mut keys: Vec<StolenKey> = Vec::new();
        for c in captures.iter().rev() {
            let Some(key) = c.api_key() else { continue };
            if c.message.kind != MessageKind::PollRequest || keys.iter().any(|k| k.key == key) {
                continue;
            }
            let client = c.message.client;
            keys.push(StolenKey {
                client,
                key: key.to_string(),
                poll: c.message,
                in_force: key == api_key(client, s.api_key_version(client)),
            });
        }
        let readable_delivery = |c: &&Capture| c.text.is_some() && is_delivery(&c.message);
        let recent_delivery = captures
            .iter()
            .rev()
            .find(readable_delivery)
            .map(|c| c.message);
        let old_delivery = captures
            .iter()
            .filter(readable_delivery)
            .find(|c| c.message.sent_ms + REPLAY_TOLERANCE_MS + OLD_MARGIN_MS < now)
            .map(|c| c.message);
        let own = s
            .messages()
            .rev()
            .filter(|m| m.from == Endpoint::Eavesdropper || m.to == Endpoint::Eavesdropper)
            .take(OWN_SHOWN)
            .map(|m| own_row(s, m))
            .collect();
        Self {
            stage,
            name,
            api: cfg.api_scheme,
            webhooks: cfg.webhook_scheme,
            pushes: s.behaviour().pushes,
            layers: layers(s, &captures),
            captured,
            keys,
            recent_delivery,
            old_delivery,
            own,
        }
    }
}

/// What one direction's scheme let the eavesdropper see.
fn seen(what: &str, scheme: Scheme, n: usize, secrets: usize, secret: &str) -> String {
    match scheme {
        Scheme::Http => format!(
            "{what} went over HTTP: the eavesdropper read every one of the last {n} messages it captured, {secrets} {secret} among them."
        ),
        Scheme::Https => format!(
            "{what} went over HTTPS: of the last {n} messages it captured, the eavesdropper saw only the host name, the size and the time."
        ),
    }
}

/// The layers of protection, each with what it did in this run.
pub fn layers(s: &Simulation, captures: &[Capture]) -> Vec<Layer> {
    let cfg = s.config();
    let count = |d: Direction| {
        captures
            .iter()
            .filter(move |c| Direction::of(c.message.kind) == d)
    };
    let api_keys = count(Direction::Api)
        .filter(|c| c.api_key().is_some())
        .count();
    let signed = count(Direction::Webhook)
        .filter(|c| {
            c.text
                .as_ref()
                .is_some_and(|t| t.headers.contains_key("webhook-signature"))
        })
        .count();
    let mut https = seen(
        "API traffic",
        cfg.api_scheme,
        count(Direction::Api).count(),
        api_keys,
        "requests with an API key",
    );
    if s.behaviour().pushes {
        https.push(' ');
        https.push_str(&seen(
            "Webhook traffic",
            cfg.webhook_scheme,
            count(Direction::Webhook).count(),
            signed,
            "signed deliveries",
        ));
    }
    let tally = s.eavesdropper_tally();
    let counters = &s.metrics().counters;
    let tolerance_min = REPLAY_TOLERANCE_MS / 60_000;
    let mut out = vec![
        Layer {
            name: "HTTPS hides and protects the bytes in transit",
            text: https,
        },
        Layer {
            name: "An API key names the client, whoever sends it",
            text: format!(
                "Requests made with a stolen key: {} served as if the key's owner sent them, {} refused with 401 after the key was rotated.",
                tally.stolen_accepted, tally.stolen_refused
            ),
        },
    ];
    if s.behaviour().pushes {
        out.extend([
            Layer {
                name: "The signature proves the sender and that nothing changed",
                text: format!(
                    "Deliveries refused because their signature did not match their bytes, over HTTP and HTTPS alike: {}.",
                    counters.rejected_signatures - counters.rejected_stale
                ),
            },
            Layer {
                name: "The timestamp limits a replay to a window",
                text: format!(
                    "Replayed deliveries refused for a timestamp more than {tolerance_min} minutes old: {}.",
                    tally.replays_stale
                ),
            },
            Layer {
                name: "The message id stops replays inside the window",
                text: format!(
                    "Replayed deliveries acknowledged as duplicates of a message id already seen, and not processed again: {}.",
                    tally.replays_duplicate
                ),
            },
        ]);
    }
    out
}

impl Eavesdrop {
    /// Does it on the stage it names; says what happened, or why it could not.
    pub fn apply(&self, d: &mut Driver) -> String {
        let stage = match self {
            Eavesdrop::UseKey { stage, .. }
            | Eavesdrop::RotateKey { stage, .. }
            | Eavesdrop::ReplayDelivery { stage, .. }
            | Eavesdrop::ChangeBody { stage, .. } => *stage,
        };
        let Some(s) = d.stages_mut().get_mut(stage) else {
            return format!("There is no stage {stage}.");
        };
        let result = match self {
            Eavesdrop::UseKey { message, .. } => s.replay_stolen_poll(message).map(|id| {
                format!(
                    "The eavesdropper sent request #{id}, a copy of #{} with its API key. Its server's answer shows below.",
                    message.id
                )
            }),
            Eavesdrop::RotateKey { client, .. } => {
                s.rotate_api_key(*client);
                Ok(format!(
                    "Client {client} now uses {}; the server refuses its old key with 401.",
                    api_key(*client, s.api_key_version(*client))
                ))
            }
            Eavesdrop::ReplayDelivery { message, .. } => {
                s.replay_captured_delivery(message).map(|id| {
                    format!(
                        "The eavesdropper sent delivery #{id}, a byte-for-byte copy of {} signed {} s ago.",
                        message.webhook_id().unwrap_or_default(),
                        s.now_ms().saturating_sub(message.sent_ms) / 1000
                    )
                })
            }
            Eavesdrop::ChangeBody { message, .. } => {
                let body = edited_body(&s.render(message).body);
                s.tamper_on_the_wire(message, body).map(|id| {
                    format!(
                        "The eavesdropper changed the body of delivery #{id} on its way; the signature was made over the original."
                    )
                })
            }
        };
        result.unwrap_or_else(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::{Action, State};
    use crate::scenario::Preset;
    use crate::sim::{Config, Mode};

    fn driver(mode: Mode, api: Scheme, webhooks: Scheme, until_ms: u64) -> Driver {
        let cfg = Config {
            mode,
            clients: 3,
            rate_per_min: 6.0,
            api_scheme: api,
            webhook_scheme: webhooks,
            ..Config::default()
        };
        let mut d = Driver::new(&[cfg]).unwrap();
        d.run_until(until_ms);
        d
    }

    fn view(d: &Driver) -> StageEavesdropper {
        StageEavesdropper::of(0, "Polling", &d.stages()[0])
    }

    #[test]
    fn over_http_the_view_shows_keys_and_over_https_only_sizes() {
        let d = driver(Mode::Polling, Scheme::Http, Scheme::Https, 20_000);
        let v = view(&d);
        assert_eq!(v.captured.len(), CAPTURES_SHOWN);
        let mut keys: Vec<&str> = v.keys.iter().map(|k| k.key.as_str()).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "key_test_client_0",
                "key_test_client_1",
                "key_test_client_2"
            ]
        );
        assert!(v.keys.iter().all(|k| k.in_force));
        assert!(v.captured.iter().any(|c| c
            .read
            .as_deref()
            .is_some_and(|r| r.contains("Authorization: Bearer key_test_client_"))));
        assert!(v.layers[0]
            .text
            .contains("went over HTTP: the eavesdropper read every one"));

        let d = driver(Mode::Polling, Scheme::Https, Scheme::Https, 20_000);
        let v = view(&d);
        assert!(v.keys.is_empty());
        assert!(v.captured.iter().all(|c| c.read.is_none() && c.bytes > 0));
        assert!(v.layers[0]
            .text
            .contains("saw only the host name, the size and the time"));
        assert_eq!(v.layers.len(), 2, "no webhook layers in polling");
    }

    #[test]
    fn a_stolen_key_is_served_then_refused_after_rotation() {
        let mut d = driver(Mode::Polling, Scheme::Http, Scheme::Https, 20_000);
        let key = view(&d).keys.into_iter().find(|k| k.client == 0).unwrap();
        let report = Eavesdrop::UseKey {
            stage: 0,
            message: key.poll,
        }
        .apply(&mut d);
        assert!(report.contains("with its API key"), "{report}");
        d.run_until(21_000);
        let own = view(&d).own;
        assert_eq!(own.len(), 2);
        assert_eq!(own[0].what, "answered 200 OK");
        assert_eq!(own[0].route, "server → eavesdropper");
        assert_eq!(own[1].what, "GET with key_test_client_0");

        let report = Eavesdrop::RotateKey {
            stage: 0,
            client: 0,
        }
        .apply(&mut d);
        assert_eq!(
            report,
            "Client 0 now uses key_test_client_0_r1; the server refuses its old key with 401."
        );
        let v = view(&d);
        assert!(!v.keys.iter().find(|k| k.client == 0).unwrap().in_force);
        Eavesdrop::UseKey {
            stage: 0,
            message: key.poll,
        }
        .apply(&mut d);
        d.run_until(22_000);
        let v = view(&d);
        assert_eq!(v.own[0].what, "answered 401 Unauthorized");
        assert!(
            v.layers[1].text.contains(
                "stolen key: 1 served as if the key's owner sent them, 1 refused with 401"
            ),
            "{}",
            v.layers[1].text
        );
    }

    #[test]
    fn replays_and_changes_of_deliveries_are_stopped_and_said_so() {
        let mut d = driver(Mode::Webhook, Scheme::Https, Scheme::Http, 400_000);
        let v = view(&d);
        let (recent, old) = (v.recent_delivery.unwrap(), v.old_delivery.unwrap());
        assert!(old.sent_ms + REPLAY_TOLERANCE_MS < 400_000);
        for message in [recent, old] {
            Eavesdrop::ReplayDelivery { stage: 0, message }.apply(&mut d);
        }
        Eavesdrop::ChangeBody {
            stage: 0,
            message: recent,
        }
        .apply(&mut d);
        d.run_until(402_000);
        let texts: Vec<String> = view(&d).layers.into_iter().map(|l| l.text).collect();
        assert!(texts[2].ends_with("HTTP and HTTPS alike: 1."), "{texts:?}");
        assert!(
            texts[3].ends_with("more than 5 minutes old: 1."),
            "{texts:?}"
        );
        assert!(texts[4].ends_with("not processed again: 1."), "{texts:?}");

        let mut d = driver(Mode::Webhook, Scheme::Https, Scheme::Https, 60_000);
        let v = view(&d);
        assert_eq!(v.recent_delivery, None, "nothing readable to replay");
        let m = *d.stages()[0].messages().find(|m| is_delivery(m)).unwrap();
        let report = Eavesdrop::ChangeBody {
            stage: 0,
            message: m,
        }
        .apply(&mut d);
        assert!(report.contains("went over HTTPS"), "{report}");
    }

    #[test]
    fn the_scheme_is_a_setting_a_preset_keeps() {
        let mut s = State::default();
        s.reduce(Action::SetScheme(Direction::Api, Scheme::Http));
        s.reduce(Action::SetPreset(Preset::Chat));
        assert_eq!(s.scene.settings.api_scheme, Scheme::Http);
        assert_eq!(s.scene.settings.webhook_scheme, Scheme::Https);
        assert_eq!(
            s.scene.settings.config(Mode::Polling).api_scheme,
            Scheme::Http
        );
    }
}
