//! Messages on the wire: a compact record for every HTTP request and response, and their text
//! (method, path, headers, raw JSON body, signature verdict) built only when something asks.
//!
//! A [`Message`] is `Copy` and small so that a day-long fast-forward creates millions of them
//! without formatting a single string; [`render`] turns one into [`HttpText`] on demand.

use std::collections::BTreeMap;
use std::fmt;
use std::num::NonZeroU32;

use serde::Serialize;

use super::rng::hash3;
use crate::signing::standard::{self, Secret};
use crate::signing::VerifyError;

/// Who sends or receives a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Endpoint {
    Server,
    Client(u32),
}

impl Endpoint {
    pub fn name(self) -> String {
        match self {
            Endpoint::Server => "server".to_string(),
            Endpoint::Client(i) => format!("client-{i}"),
        }
    }
}

/// What a message is, in the protocol's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// `GET /v1/events?after=<cursor>` from a poller (or a long poll, or a reconciliation poll).
    PollRequest,
    /// A poll answered with an empty list.
    EmptyResponse,
    /// A poll answered with one or more events.
    DataResponse,
    /// The first signed `POST` of an event to a receiver.
    WebhookDelivery,
    /// A later attempt of the same message (same `webhook-id`).
    WebhookRetry,
    /// A receiver's 2xx answer.
    Ack,
    /// A receiver's non-2xx answer (503 when down, 401 when the signature fails).
    Failure,
    /// The API refusing a poll: 401 without an API key, 429 over the rate limit.
    ApiError,
    /// Hybrid: `GET /v1/events/<id>` after a thin webhook.
    ApiFetch,
    /// The event's details in answer to an `ApiFetch`.
    ApiFetchResponse,
}

impl MessageKind {
    /// The snake_case name used in transcripts.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::PollRequest => "poll_request",
            MessageKind::EmptyResponse => "empty_response",
            MessageKind::DataResponse => "data_response",
            MessageKind::WebhookDelivery => "webhook_delivery",
            MessageKind::WebhookRetry => "webhook_retry",
            MessageKind::Ack => "ack",
            MessageKind::Failure => "failure",
            MessageKind::ApiFetch => "api_fetch",
            MessageKind::ApiFetchResponse => "api_fetch_response",
            MessageKind::ApiError => "api_error",
        }
    }

    /// Requests (as opposed to responses).
    pub fn is_request(self) -> bool {
        matches!(
            self,
            MessageKind::PollRequest
                | MessageKind::WebhookDelivery
                | MessageKind::WebhookRetry
                | MessageKind::ApiFetch
        )
    }
}

/// How an injected delivery is altered (the tamper / replay drill).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tamper {
    /// A genuine delivery.
    #[default]
    None,
    /// The body was changed after signing.
    Body,
    /// Signed with another secret.
    WrongSecret,
    /// A replay of a genuine delivery whose timestamp is 10 minutes old.
    StaleTimestamp,
    /// Resent by the dispatcher with a fresh signature over the original body, and the body
    /// replaced on the way by the text kept in the simulation's injections.
    EditedBody,
    /// An earlier delivery resent byte for byte: its original timestamp and signature.
    Replay,
    /// Sent by a stale sender that signs with the secret from before the last rotation only.
    OldSecret,
}

/// The HTTP statuses the simulated server and receivers answer with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// 200: a poll's or a fetch's answer, a receiver's acknowledgement.
    Ok,
    /// 401: a delivery whose signature does not verify, a poll without an API key.
    Unauthorized,
    /// 429: a poll over the rate limit.
    TooManyRequests,
    /// 503: a receiver that is down.
    ServiceUnavailable,
}

impl Status {
    pub fn code(self) -> u16 {
        match self {
            Status::Ok => 200,
            Status::Unauthorized => 401,
            Status::TooManyRequests => 429,
            Status::ServiceUnavailable => 503,
        }
    }

    /// The reason phrase of the status line.
    pub fn reason(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::Unauthorized => "Unauthorized",
            Status::TooManyRequests => "Too Many Requests",
            Status::ServiceUnavailable => "Service Unavailable",
        }
    }

    pub fn is_success(self) -> bool {
        self == Status::Ok
    }
}

/// The code and the reason phrase, as in a status line: `429 Too Many Requests`.
impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code(), self.reason())
    }
}

/// Serialised as the bare code, as transcripts and JSON APIs show it.
impl Serialize for Status {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u16(self.code())
    }
}

/// What a message carries besides its kind, one shape per family of kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Payload {
    /// A poll request: the client's cursor (how many of its events it already knows), and whether
    /// it carries the client's API key (the drill sends one without).
    Poll { after: u32, api_key: bool },
    /// A poll's answer: events `after .. after + count`.
    Events { after: u32, count: u32 },
    /// The API refusing a poll sent with cursor `after`; a 429 or a 503 says when to try again.
    Refusal {
        after: u32,
        retry_after_s: Option<NonZeroU32>,
    },
    /// One delivery attempt of an event.
    Delivery {
        event: u32,
        attempt: u8,
        tamper: Tamper,
    },
    /// The receiver's answer to a delivery attempt; `stale` when it refused the delivery for a
    /// timestamp outside the tolerance. `received_ms` is when the delivery arrived, and
    /// `processed_ms` when the receiver's handler finished with it (`None`: not processed, as a
    /// refusal or a duplicate).
    Answer {
        event: u32,
        attempt: u8,
        stale: bool,
        received_ms: u64,
        processed_ms: Option<u64>,
    },
    /// Hybrid: a fetch of one event's details, or its answer.
    Fetch { event: u32 },
}

/// One HTTP message, as drawn and inspected by the UI. Text is built by [`render`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Message {
    /// Sequence number of the message in the run.
    pub id: u64,
    pub kind: MessageKind,
    pub from: Endpoint,
    pub to: Endpoint,
    pub sent_ms: u64,
    /// When it arrives, or would have arrived had it not been lost.
    pub arrives_ms: u64,
    pub lost: bool,
    /// HTTP status of a response; `None` for requests.
    pub status: Option<Status>,
    /// The client involved.
    pub client: u32,
    pub payload: Payload,
    /// Estimated size on the wire (headers and body).
    pub bytes: u32,
}

impl Message {
    /// Whether the message is travelling at `now_ms`.
    pub fn in_flight(&self, now_ms: u64) -> bool {
        self.sent_ms <= now_ms && now_ms < self.arrives_ms
    }

    /// The one event a delivery, its answer or a fetch is about; `None` for polls and their
    /// answers.
    pub fn event(&self) -> Option<u32> {
        match self.payload {
            Payload::Delivery { event, .. }
            | Payload::Answer { event, .. }
            | Payload::Fetch { event } => Some(event),
            Payload::Poll { .. } | Payload::Events { .. } | Payload::Refusal { .. } => None,
        }
    }

    /// The Standard Webhooks id of a delivery or of its answer.
    pub fn webhook_id(&self) -> Option<String> {
        match self.payload {
            Payload::Delivery { event, .. } | Payload::Answer { event, .. } => {
                Some(webhook_id(self.client, event))
            }
            _ => None,
        }
    }
}

/// The business event types of the tutorial's use cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum EventType {
    PaymentCompleted,
    OrderStatusChanged,
    MessageReceived,
    UserRegistered,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::PaymentCompleted => "payment.completed",
            EventType::OrderStatusChanged => "order.status_changed",
            EventType::MessageReceived => "message.received",
            EventType::UserRegistered => "user.registered",
        }
    }

    /// A short sentence naming event `k` in the learner's terms, e.g. "Order 17 changed status".
    pub fn headline(self, k: u32) -> String {
        match self {
            EventType::PaymentCompleted => format!("Payment {k} completed"),
            EventType::OrderStatusChanged => format!("Order {k} changed status"),
            EventType::MessageReceived => format!("Message {k} arrived"),
            EventType::UserRegistered => format!("User {k} registered"),
        }
    }

    /// The type of event `k` of `client`: a pure function of the seed, never of the run.
    pub fn of(seed: u64, client: u32, k: u32) -> Self {
        match hash3(seed, client as u64, k as u64) % 4 {
            0 => EventType::PaymentCompleted,
            1 => EventType::OrderStatusChanged,
            2 => EventType::MessageReceived,
            _ => EventType::UserRegistered,
        }
    }
}

/// Estimated wire size of a message of this kind with this payload.
pub fn estimated_bytes(kind: MessageKind, payload: Payload, thin: bool) -> u32 {
    match (kind, payload) {
        (MessageKind::PollRequest, _) => 140,
        (MessageKind::EmptyResponse, _) => 110,
        (MessageKind::DataResponse, Payload::Events { count, .. }) => {
            110u32.saturating_add(count.saturating_mul(150))
        }
        (MessageKind::DataResponse, _) => 110,
        (MessageKind::WebhookDelivery | MessageKind::WebhookRetry, _) if thin => 380,
        (MessageKind::WebhookDelivery | MessageKind::WebhookRetry, _) => 480,
        (MessageKind::Ack, _) => 60,
        (MessageKind::Failure, _) => 110,
        (MessageKind::ApiFetch, _) => 130,
        (MessageKind::ApiFetchResponse, _) => 260,
        (MessageKind::ApiError, _) => 150,
    }
}

/// The text of a message: what an HTTP inspector shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HttpText {
    /// Method of the request (for a response, of the request it answers).
    pub method: &'static str,
    /// Path of the request (for a response, of the request it answers).
    pub path: String,
    /// Status of a response; `None` for a request.
    pub status: Option<Status>,
    /// Header names are lowercase.
    pub headers: BTreeMap<String, String>,
    /// The exact raw body.
    pub body: String,
    /// For webhook deliveries: the receiver's signature check of exactly these bytes.
    #[serde(skip)]
    pub verdict: Option<Result<(), VerifyError>>,
}

/// What rendering needs from the run's settings.
pub struct RenderContext<'a> {
    pub seed: u64,
    /// Deliveries carry only the event's id (hybrid).
    pub thin: bool,
    pub start_unix: i64,
    /// The endpoint's current secret.
    pub secret: &'a Secret,
    /// The last secret rotation, if any.
    pub rotation: Option<&'a Rotation>,
    /// What drills injected, by message id.
    pub injections: &'a BTreeMap<u64, Injection>,
}

/// A secret rotation: from `started_ms` the dispatcher signs with the new secret and the old one;
/// receivers accept the old one until `until_ms`, after which only the new one verifies.
#[derive(Debug, Clone)]
pub struct Rotation {
    pub old: Secret,
    pub started_ms: u64,
    pub until_ms: u64,
}

/// What a drill-injected delivery needs to be rendered: the original it was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Injection {
    /// Send time of the original delivery (its payload timestamp, and a replay's headers).
    pub original_sent_ms: u64,
    /// The edited body of a [`Tamper::EditedBody`] resend.
    pub body: Option<String>,
}

impl<'a> RenderContext<'a> {
    /// The secrets the dispatcher signs with at `t_ms`: the old one before a rotation, both
    /// during the overlap, the new one after.
    pub(crate) fn signing_secrets(&self, t_ms: u64) -> (&'a Secret, Option<&'a Secret>) {
        match self.rotation {
            Some(r) if t_ms < r.started_ms => (&r.old, None),
            Some(r) if t_ms < r.until_ms => (self.secret, Some(&r.old)),
            _ => (self.secret, None),
        }
    }

    /// The `webhook-signature` header: one `v1,` entry per signing secret, space-separated.
    fn sign_at(&self, t_ms: u64, id: &str, ts: i64, body: &[u8]) -> String {
        match self.signing_secrets(t_ms) {
            (s, None) => standard::sign(s, id, ts, body),
            (s, Some(old)) => format!(
                "{} {}",
                standard::sign(s, id, ts, body),
                standard::sign(old, id, ts, body)
            ),
        }
    }

    /// The receiver's check at `t_ms`: the current secret, or the old one during the overlap.
    pub fn receiver_verify(
        &self,
        t_ms: u64,
        id: &str,
        ts: &str,
        sig: &str,
        body: &[u8],
    ) -> Result<(), VerifyError> {
        let now = unix_of(self, t_ms);
        let (current, old) = match self.rotation {
            Some(r) if t_ms < r.started_ms => (&r.old, None),
            Some(r) if t_ms < r.until_ms => (self.secret, Some(&r.old)),
            _ => (self.secret, None),
        };
        let first = standard::verify(current, id, ts, sig, body, now);
        match (first, old) {
            (Err(VerifyError::Mismatch), Some(old)) => {
                standard::verify(old, id, ts, sig, body, now)
            }
            (r, _) => r,
        }
    }
}

pub const API_HOST: &str = "api.provider.example";

/// The id of event `k` of `client`.
pub fn event_id(client: u32, k: u32) -> String {
    format!("evt_{client}_{k}")
}

/// The API key of a client (a classroom value, never a real credential).
pub fn api_key(client: u32) -> String {
    format!("key_test_client_{client}")
}

/// The Standard Webhooks message id of event `k` of `client` (the same on every retry).
pub fn webhook_id(client: u32, k: u32) -> String {
    format!("msg_{client}_{k}")
}

fn unix_of(ctx: &RenderContext<'_>, ms: u64) -> i64 {
    ctx.start_unix.saturating_add((ms / 1000) as i64)
}

/// RFC 3339 UTC time (`2023-11-14T22:13:20.000Z`) of a Unix time in milliseconds.
pub fn rfc3339(unix_ms: i64) -> String {
    let secs = unix_ms.div_euclid(1000);
    let ms = unix_ms.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{ms:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The `data` object of an event (deterministic from the seed).
fn event_data(seed: u64, client: u32, k: u32) -> String {
    let h = hash3(seed ^ 0x5EED, client as u64, k as u64);
    match EventType::of(seed, client, k) {
        EventType::PaymentCompleted => format!(
            r#"{{"payment_id":"pay_{:08x}","amount":{},"currency":"EUR"}}"#,
            h as u32,
            100 + h % 99_900
        ),
        EventType::OrderStatusChanged => {
            let status = ["paid", "packed", "shipped", "delivered"][(h % 4) as usize];
            format!(
                r#"{{"order_id":"ord_{:08x}","status":"{status}"}}"#,
                h as u32
            )
        }
        EventType::MessageReceived => {
            format!(
                r#"{{"conversation_id":"conv_{:06x}","from":"user_{}","preview":"Hello!"}}"#,
                h % 0xFF_FFFF,
                h % 1000
            )
        }
        EventType::UserRegistered => format!(
            r#"{{"user_id":"user_{0}","email":"user{0}@example.com"}}"#,
            h % 100_000
        ),
    }
}

/// One event as the API returns it.
fn api_event(seed: u64, client: u32, k: u32) -> String {
    format!(
        r#"{{"id":"{}","type":"{}","data":{}}}"#,
        event_id(client, k),
        EventType::of(seed, client, k).as_str(),
        event_data(seed, client, k)
    )
}

fn headers(pairs: &[(&str, String)]) -> BTreeMap<String, String> {
    // Inserting one by one, not `collect()`: the same map, without linking a stable sort of
    // `(String, String)` into the browser bundle.
    let mut map = BTreeMap::new();
    for (k, v) in pairs {
        map.insert(k.to_string(), v.clone());
    }
    map
}

fn poll_path(client: u32, cursor: u32) -> String {
    match cursor.checked_sub(1) {
        Some(last) => format!("/v1/events?after={}", event_id(client, last)),
        None => "/v1/events".to_string(),
    }
}

/// The Standard Webhooks payload of a delivery sent at `sent_ms`: full in webhook mode, thin in
/// hybrid.
fn delivery_body(ctx: &RenderContext<'_>, client: u32, event: u32, sent_ms: u64) -> String {
    let data = if ctx.thin {
        format!(r#"{{"id":"{}"}}"#, event_id(client, event))
    } else {
        event_data(ctx.seed, client, event)
    };
    format!(
        r#"{{"type":"{}","timestamp":"{}","data":{}}}"#,
        EventType::of(ctx.seed, client, event).as_str(),
        rfc3339(
            ctx.start_unix
                .saturating_mul(1000)
                .saturating_add(sent_ms as i64)
        ),
        data
    )
}

/// Builds the text of a message. Deliveries are signed with `crate::signing::standard::sign` over
/// the exact body string and verified by the receiver's rule at their arrival time.
pub fn render(ctx: &RenderContext<'_>, m: &Message) -> HttpText {
    let json = || ("content-type", "application/json".to_string());
    let api_req = |path: String, keyed: bool| {
        let mut h = headers(&[
            ("accept", "application/json".to_string()),
            ("host", API_HOST.to_string()),
            ("user-agent", "poller/1.0".to_string()),
        ]);
        if keyed {
            h.insert(
                "authorization".into(),
                format!("Bearer {}", api_key(m.client)),
            );
        }
        HttpText {
            method: "GET",
            path,
            status: None,
            headers: h,
            body: String::new(),
            verdict: None,
        }
    };
    let response = |path: String, body: String, method: &'static str| HttpText {
        method,
        path,
        status: m.status,
        headers: headers(&[json(), ("content-length", body.len().to_string())]),
        body,
        verdict: None,
    };
    let hook_path = "/webhooks".to_string();
    let fetch_path = |event| format!("/v1/events/{}", event_id(m.client, event));
    match m.payload {
        Payload::Poll { after, api_key } => api_req(poll_path(m.client, after), api_key),
        Payload::Events { after, count } => {
            let events: Vec<String> = (after..after.saturating_add(count))
                .map(|k| api_event(ctx.seed, m.client, k))
                .collect();
            let next = match (after.saturating_add(count)).checked_sub(1) {
                Some(last) => format!("\"{}\"", event_id(m.client, last)),
                None => "null".to_string(),
            };
            let body = format!(r#"{{"data":[{}],"next_cursor":{next}}}"#, events.join(","));
            response(poll_path(m.client, after), body, "GET")
        }
        Payload::Refusal {
            after,
            retry_after_s,
        } => {
            let body = match (retry_after_s, m.status) {
                (None, _) => r#"{"error":"missing or invalid API key"}"#,
                (Some(_), Some(Status::ServiceUnavailable)) => r#"{"error":"server busy"}"#,
                (Some(_), _) => r#"{"error":"rate limit exceeded"}"#,
            };
            let mut r = response(poll_path(m.client, after), body.to_string(), "GET");
            match retry_after_s {
                None => r.headers.insert(
                    "www-authenticate".into(),
                    format!("Bearer realm=\"{API_HOST}\""),
                ),
                Some(s) => r.headers.insert("retry-after".into(), s.to_string()),
            };
            r
        }
        Payload::Delivery { event, tamper, .. } => {
            let id = webhook_id(m.client, event);
            let injection = ctx.injections.get(&m.id);
            let original_ms = injection.map_or(m.sent_ms, |i| i.original_sent_ms);
            let genuine_body = delivery_body(ctx, m.client, event, original_ms);
            let mut ts = unix_of(ctx, m.sent_ms);
            let (sig, body) = match tamper {
                Tamper::None => (
                    ctx.sign_at(m.sent_ms, &id, ts, genuine_body.as_bytes()),
                    genuine_body,
                ),
                Tamper::EditedBody => {
                    let sig = ctx.sign_at(m.sent_ms, &id, ts, genuine_body.as_bytes());
                    let body = injection
                        .and_then(|i| i.body.clone())
                        .unwrap_or(genuine_body);
                    (sig, body)
                }
                Tamper::Replay => {
                    ts = unix_of(ctx, original_ms);
                    (
                        ctx.sign_at(original_ms, &id, ts, genuine_body.as_bytes()),
                        genuine_body,
                    )
                }
                Tamper::OldSecret => {
                    let old = ctx.rotation.map_or(ctx.secret, |r| &r.old);
                    (
                        standard::sign(old, &id, ts, genuine_body.as_bytes()),
                        genuine_body,
                    )
                }
                Tamper::Body => {
                    let sig = ctx.sign_at(m.sent_ms, &id, ts, genuine_body.as_bytes());
                    (
                        sig,
                        genuine_body.replacen("\"data\":{", "\"data\":{\"tampered\":true,", 1),
                    )
                }
                Tamper::WrongSecret => {
                    let other = Secret::from_bytes(b"not-the-endpoint-secret-at-all!!")
                        .unwrap_or_else(|_| ctx.secret.clone());
                    (
                        standard::sign(&other, &id, ts, genuine_body.as_bytes()),
                        genuine_body,
                    )
                }
                Tamper::StaleTimestamp => {
                    ts -= 600;
                    (
                        ctx.sign_at(m.sent_ms, &id, ts, genuine_body.as_bytes()),
                        genuine_body,
                    )
                }
            };
            let verdict =
                ctx.receiver_verify(m.arrives_ms, &id, &ts.to_string(), &sig, body.as_bytes());
            HttpText {
                method: "POST",
                path: hook_path,
                status: None,
                headers: headers(&[
                    json(),
                    ("content-length", body.len().to_string()),
                    ("host", format!("client-{}.example", m.client)),
                    ("user-agent", "webhook-dispatcher/1.0".to_string()),
                    ("webhook-id", id),
                    ("webhook-signature", sig),
                    ("webhook-timestamp", ts.to_string()),
                ]),
                body,
                verdict: Some(verdict),
            }
        }
        Payload::Answer { stale, .. } if m.kind == MessageKind::Failure => {
            let body = match (m.status, stale) {
                (Some(Status::Unauthorized), true) => {
                    r#"{"error":"webhook timestamp outside the tolerance"}"#
                }
                (Some(Status::Unauthorized), false) => r#"{"error":"invalid webhook signature"}"#,
                _ => r#"{"error":"service unavailable"}"#,
            };
            response(hook_path, body.to_string(), "POST")
        }
        Payload::Answer { .. } => HttpText {
            method: "POST",
            path: hook_path,
            status: m.status,
            headers: headers(&[("content-length", "0".to_string())]),
            body: String::new(),
            verdict: None,
        },
        Payload::Fetch { event } if m.kind == MessageKind::ApiFetch => {
            api_req(fetch_path(event), true)
        }
        Payload::Fetch { event } => response(
            fetch_path(event),
            api_event(ctx.seed, m.client, event),
            "GET",
        ),
    }
}

/// One transcript line: the canonical JSON of a message and its text.
#[derive(Serialize)]
struct TranscriptLine<'a> {
    id: u64,
    kind: &'static str,
    from: String,
    to: String,
    method: &'static str,
    path: &'a str,
    status: Option<Status>,
    headers: &'a BTreeMap<String, String>,
    body: &'a str,
    sent_ms: u64,
    arrived_ms: Option<u64>,
}

/// The canonical transcript line of a message (no trailing newline).
pub fn transcript_line(m: &Message, text: &HttpText) -> String {
    let line = TranscriptLine {
        id: m.id,
        kind: m.kind.as_str(),
        from: m.from.name(),
        to: m.to.name(),
        method: text.method,
        path: &text.path,
        status: text.status,
        headers: &text.headers,
        body: &text.body,
        sent_ms: m.sent_ms,
        arrived_ms: (!m.lost).then_some(m.arrives_ms),
    };
    serde_json::to_string(&line).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_known_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(1_700_000_000_123), "2023-11-14T22:13:20.123Z");
        assert_eq!(rfc3339(951_782_400_000), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn statuses_show_their_code_and_reason() {
        assert_eq!(Status::TooManyRequests.to_string(), "429 Too Many Requests");
        assert_eq!(serde_json::to_string(&Some(Status::Ok)).unwrap(), "200");
        assert!(Status::Ok.is_success() && !Status::ServiceUnavailable.is_success());
    }

    #[test]
    fn kinds_have_snake_case_names() {
        assert_eq!(MessageKind::ApiFetchResponse.as_str(), "api_fetch_response");
        assert_eq!(
            serde_json::to_string(&MessageKind::WebhookRetry).unwrap(),
            "\"webhook_retry\""
        );
    }
}
