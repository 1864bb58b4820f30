//! The model: the provider (event source, API, webhook dispatcher), the clients (pollers,
//! receivers), the network (latency, loss, outages), and the protocol rules that tie them.
//!
//! Every rule is one arm of the `match` in [`Simulation::handle`], with one comment each; the
//! receiver's answer to a delivery is one more `match` in [`Simulation::delivery_arrives`].

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use sha2::{Digest, Sha256};

use super::config::{Config, ConfigError, Mode};
use super::engine::{Ev, EventQueue, WorkerPool};
use super::message::{
    self, estimated_bytes, Endpoint, EventType, HttpText, Message, MessageKind, Payload,
    RenderContext, Status, Tamper,
};

mod drills;
use super::metrics::Metrics;
use super::rng::{Rng, Stream};
use super::theory::Theory;
use crate::signing::standard::Secret;
use crate::signing::VerifyError;
pub use drills::{AttemptOutcome, AttemptRecord, DeadLetter, RateLimit};

/// Messages kept for the UI's log and in-flight drawing.
pub const LOG_CAPACITY: usize = 500;
/// Simulated time never goes beyond this (about 139 years), so no time arithmetic overflows.
pub const MAX_TIME_MS: u64 = 1 << 42;

/// The business events of one client: a Poisson process read from its own random stream.
/// Two copies exist per client: the provider's (producing) and the client's (replaying the same
/// events when a poll response lists them), so nothing per event is stored in between.
#[derive(Debug, Clone)]
struct EventStream {
    rng: Rng,
    next_ms: f64,
    count: u32,
}

impl EventStream {
    fn new(seed: u64, client: u32, mean_gap_ms: f64) -> Self {
        let mut rng = Rng::stream(seed, Stream::Events, client as u64);
        let next_ms = if mean_gap_ms.is_finite() {
            rng.exp(mean_gap_ms)
        } else {
            f64::INFINITY
        };
        Self {
            rng,
            next_ms,
            count: 0,
        }
    }

    /// Time of the next event, if there is one within the simulated horizon.
    fn time(&self) -> Option<u64> {
        (self.next_ms < MAX_TIME_MS as f64).then_some(self.next_ms as u64)
    }

    /// Consumes the next event and returns its time.
    #[inline]
    fn advance(&mut self, mean_gap_ms: f64) -> u64 {
        let t = self.next_ms as u64;
        self.count += 1;
        self.next_ms += self.rng.exp(mean_gap_ms);
        t
    }
}

/// What a client knows about one of its events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// Hybrid: the thin webhook arrived, the fetch is under way.
    Claimed {
        event_ms: u64,
    },
    Known,
    /// Dead-lettered before the client knew it.
    Lost,
}

/// The receiver's dedupe memory: everything below `watermark` is known or lost, so the map holds
/// only the out-of-order tail and memory stays bounded by what is pending.
#[derive(Debug, Default)]
struct Seen {
    watermark: u32,
    above: BTreeMap<u32, Mark>,
    /// Lost ids below the watermark, kept only when reconciliation may still recover them.
    lost_below: BTreeSet<u32>,
    lost_count: u32,
}

impl Seen {
    fn get(&self, k: u32) -> Option<Mark> {
        if k < self.watermark {
            Some(if self.lost_below.contains(&k) {
                Mark::Lost
            } else {
                Mark::Known
            })
        } else {
            self.above.get(&k).copied()
        }
    }

    fn set(&mut self, k: u32, m: Mark, keep_lost: bool) {
        let old = self.get(k);
        if old == Some(Mark::Lost) && m != Mark::Lost {
            self.lost_count -= 1;
        }
        if m == Mark::Lost && old != Some(Mark::Lost) {
            self.lost_count += 1;
        }
        if k < self.watermark {
            if m == Mark::Lost {
                self.lost_below.insert(k);
            } else {
                self.lost_below.remove(&k);
            }
            return;
        }
        if k == self.watermark && m == Mark::Known && self.above.is_empty() {
            self.watermark += 1;
            return;
        }
        self.above.insert(k, m);
        while let Some(&mark) = self.above.get(&self.watermark) {
            match mark {
                Mark::Claimed { .. } => break,
                Mark::Lost if keep_lost => {
                    self.lost_below.insert(self.watermark);
                }
                Mark::Lost | Mark::Known => {}
            }
            self.above.remove(&self.watermark);
            self.watermark += 1;
        }
    }

    /// Events known by the client.
    fn known(&self) -> u64 {
        let known_above = self.above.values().filter(|m| **m == Mark::Known).count() as u64;
        let lost_above = self.above.values().filter(|m| **m == Mark::Lost).count() as u64;
        self.watermark as u64 + known_above - (self.lost_count as u64 - lost_above)
    }
}

/// One client: its event stream, its poll schedule and its receiver's memory.
#[derive(Debug)]
struct Client {
    producer: EventStream,
    /// The client's replay of the same stream; `replay.count` is its poll cursor.
    replay: EventStream,
    phase_ms: u64,
    slot: u64,
    seen: Seen,
    /// A long poll held by the server: the cursor it was sent with.
    held: Option<u32>,
    hold_gen: u32,
    /// Rate limit: start of the client's current window and the requests counted in it.
    window_start_ms: u64,
    window_count: u32,
    /// The client polls again no earlier than this (a 429's `Retry-After`).
    backoff_until_ms: u64,
}

/// One message being delivered by the webhook dispatcher, across its attempts.
#[derive(Debug, Clone, Copy)]
struct Delivery {
    client: u32,
    event: u32,
    event_ms: u64,
    /// Current attempt, from 1.
    attempt: u8,
    sent_ms: u64,
    success: bool,
    tamper: Tamper,
    /// Injected by a drill: one attempt, no retries, not part of the event accounting.
    injected: bool,
    /// Id of the message of the current attempt.
    msg_id: u64,
    /// The receiver's answer to the current attempt, once one came back.
    status: Option<Status>,
}

impl Delivery {
    /// The first attempt of event `event` of `client`, which happened at `event_ms`, sent at `now`.
    fn first(client: u32, event: u32, event_ms: u64, now: u64) -> Self {
        Delivery {
            client,
            event,
            event_ms,
            attempt: 1,
            sent_ms: now,
            success: false,
            tamper: Tamper::None,
            injected: false,
            msg_id: 0,
            status: None,
        }
    }
}

/// A message about to be put on the network by [`Simulation::send`].
#[derive(Clone, Copy)]
struct Outgoing {
    kind: MessageKind,
    from: Endpoint,
    client: u32,
    sent: u64,
    /// HTTP status of a response; `None` for requests.
    status: Option<Status>,
    payload: Payload,
}

impl Outgoing {
    /// `GET /v1/events?after=<after>` from `client`, sent at `sent`.
    fn poll(client: u32, after: u32, api_key: bool, sent: u64) -> Self {
        Outgoing {
            kind: MessageKind::PollRequest,
            from: Endpoint::Client(client),
            client,
            sent,
            status: None,
            payload: Payload::Poll { after, api_key },
        }
    }

    /// A response from the server to `client`.
    fn response(
        kind: MessageKind,
        client: u32,
        sent: u64,
        status: Status,
        payload: Payload,
    ) -> Self {
        Outgoing {
            kind,
            from: Endpoint::Server,
            client,
            sent,
            status: Some(status),
            payload,
        }
    }
}

/// Receives every message as it is created (no text built).
pub type MessageObserver = Box<dyn FnMut(&Message)>;
/// Receives every canonical transcript line (without the newline).
pub type TranscriptSink = Box<dyn FnMut(&str)>;

struct Transcript {
    hasher: Sha256,
    sink: Option<TranscriptSink>,
}

/// Why `inject_delivery` refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InjectError {
    NoSuchClient(u32),
    NoSuchEvent {
        client: u32,
        event: u32,
    },
    /// Only webhook deliveries can be resent.
    NotADelivery(u64),
    /// The dead-letter list holds no such message (any more).
    NoSuchDeadLetter {
        client: u32,
        event: u32,
    },
}

impl std::fmt::Display for InjectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoSuchClient(c) => write!(f, "There is no client {c}."),
            Self::NoSuchEvent { client, event } => {
                write!(f, "Client {client} has no event {event} yet.")
            }
            Self::NotADelivery(id) => write!(f, "Message {id} is not a webhook delivery."),
            Self::NoSuchDeadLetter { client, event } => write!(
                f,
                "msg_{client}_{event} is not in the dead-letter list any more."
            ),
        }
    }
}

/// A running simulation. Drive it with [`advance`](Self::advance), [`run_until`](Self::run_until)
/// or [`step`](Self::step); read it with [`metrics`](Self::metrics), [`messages`](Self::messages)
/// and [`in_flight`](Self::in_flight).
pub struct Simulation {
    cfg: Config,
    secret: Secret,
    now: u64,
    queue: EventQueue,
    engine_events: u64,
    clients: Vec<Client>,
    deliveries: Vec<Delivery>,
    free_deliveries: Vec<u32>,
    pool: WorkerPool,
    net: Rng,
    poll_rng: Rng,
    retry_rng: Rng,
    receivers_online: bool,
    next_msg_id: u64,
    log: VecDeque<Message>,
    metrics: Metrics,
    observer: Option<MessageObserver>,
    transcript: Option<Transcript>,
    mean_gap_ms: f64,
    keep_lost: bool,
    last_learned: Option<Learned>,
    drill: drills::DrillState,
}

/// The latest moment a client came to know of an event, for the UI's announcements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Learned {
    pub client: u32,
    pub event: u32,
    pub at_ms: u64,
    /// From the event happening to the client knowing it.
    pub delay_ms: u64,
}

impl std::fmt::Debug for Simulation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Simulation")
            .field("mode", &self.cfg.mode)
            .field("now_ms", &self.now)
            .field("engine_events", &self.engine_events)
            .field("pending", &self.queue.len())
            .finish()
    }
}

impl Simulation {
    /// Validates the settings and schedules every client's first event and first poll.
    pub fn new(cfg: Config) -> Result<Self, ConfigError> {
        cfg.validate()?;
        let secret = cfg.parse_secret()?;
        let mean_gap_ms = if cfg.rate_per_min > 0.0 {
            60_000.0 / cfg.rate_per_min
        } else {
            f64::INFINITY
        };
        let seed = cfg.seed;
        let mut sim = Simulation {
            secret,
            now: 0,
            queue: EventQueue::default(),
            engine_events: 0,
            clients: Vec::with_capacity(cfg.clients as usize),
            deliveries: Vec::new(),
            free_deliveries: Vec::new(),
            pool: WorkerPool::new(cfg.workers, cfg.service_ms),
            net: Rng::stream(seed, Stream::Network, 0),
            poll_rng: Rng::stream(seed, Stream::Polls, 0),
            retry_rng: Rng::stream(seed, Stream::Retries, 0),
            receivers_online: true,
            next_msg_id: 0,
            log: VecDeque::with_capacity(LOG_CAPACITY),
            metrics: Metrics {
                mode: cfg.mode,
                clients: cfg.clients,
                workers: cfg.workers,
                ..Metrics::default()
            },
            observer: None,
            transcript: None,
            mean_gap_ms,
            keep_lost: cfg.mode == Mode::Hybrid && cfg.reconcile_interval_ms > 0,
            last_learned: None,
            drill: drills::DrillState::default(),
            cfg,
        };
        let interval = sim.poll_interval();
        for i in 0..sim.cfg.clients {
            let producer = EventStream::new(seed, i, mean_gap_ms);
            if let Some(t) = producer.time() {
                sim.queue.push(t, Ev::Produce { client: i });
            }
            // A random phase in [0, T) so that clients do not poll in lockstep.
            let phase_ms = match interval {
                Some(t) => sim.poll_rng.up_to(t - 1),
                None => 0,
            };
            sim.clients.push(Client {
                replay: producer.clone(),
                producer,
                phase_ms,
                slot: 0,
                seen: Seen::default(),
                held: None,
                hold_gen: 0,
                window_start_ms: 0,
                window_count: 0,
                backoff_until_ms: 0,
            });
            match sim.cfg.mode {
                Mode::LongPolling => sim.queue.push(phase_ms, Ev::PollSend { client: i }),
                _ if interval.is_some() => {
                    let t = sim.slot_time(i);
                    sim.queue.push(t, Ev::PollSend { client: i });
                }
                _ => {}
            }
        }
        Ok(sim)
    }

    // ----- reading -----

    pub fn config(&self) -> &Config {
        &self.cfg
    }

    pub fn now_ms(&self) -> u64 {
        self.now
    }

    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// The closed forms for this configuration.
    pub fn theory(&self) -> Theory {
        Theory::of(&self.cfg)
    }

    /// Engine events processed so far.
    pub fn engine_events(&self) -> u64 {
        self.engine_events
    }

    /// Time of the next engine event, if any.
    pub fn next_event_ms(&self) -> Option<u64> {
        self.queue.peek_time()
    }

    /// The last [`LOG_CAPACITY`] messages, oldest first.
    pub fn messages(&self) -> impl DoubleEndedIterator<Item = &Message> + ExactSizeIterator {
        self.log.iter()
    }

    /// Logged messages travelling at `now_ms` (sent, not yet arrived).
    pub fn in_flight(&self, now_ms: u64) -> impl Iterator<Item = &Message> {
        self.log.iter().filter(move |m| m.in_flight(now_ms))
    }

    /// Method, path, headers, raw body and signature verdict of a message, built now.
    pub fn render(&self, m: &Message) -> HttpText {
        message::render(&self.render_context(), m)
    }

    fn render_context(&self) -> RenderContext<'_> {
        RenderContext {
            seed: self.cfg.seed,
            mode: self.cfg.mode,
            start_unix: self.cfg.start_unix,
            secret: &self.secret,
            rotation: self.drill.rotation.as_ref(),
            injections: &self.drill.injections,
        }
    }

    pub fn receivers_online(&self) -> bool {
        self.receivers_online
    }

    /// Whether receivers answer at `t_ms` (the live switch and the configured outage).
    pub fn receivers_up_at(&self, t_ms: u64) -> bool {
        self.receivers_online && !self.cfg.in_outage(t_ms)
    }

    /// The latest event a client came to know of, if any.
    pub fn last_learned(&self) -> Option<Learned> {
        self.last_learned
    }

    /// The business type of event `k` of `client` (a pure function of the seed).
    pub fn event_type(&self, client: u32, k: u32) -> EventType {
        EventType::of(self.cfg.seed, client, k)
    }

    /// Events produced but neither known by their client nor lost, counted from the clients'
    /// state (independently of the counters).
    pub fn pending_events(&self) -> u64 {
        self.clients
            .iter()
            .map(|c| c.producer.count as u64 - c.seen.known() - c.seen.lost_count as u64)
            .sum()
    }

    /// Deliveries the dispatcher is still working on.
    pub fn pending_deliveries(&self) -> usize {
        self.deliveries.len() - self.free_deliveries.len()
    }

    // ----- driving -----

    /// Switches every receiver on or off from now (the UI's live toggle).
    pub fn set_receivers_online(&mut self, online: bool) {
        self.receivers_online = online;
    }

    /// Calls `f` with every message created from now on (cheap: no text is built).
    pub fn set_message_observer(&mut self, f: Option<MessageObserver>) {
        self.observer = f;
    }

    /// Records the canonical transcript of every message from now on: a running SHA-256, and
    /// each JSON line given to `sink` if there is one. Builds text for every message, so leave
    /// it off for fast-forwards.
    pub fn record_transcript(&mut self, sink: Option<TranscriptSink>) {
        self.transcript = Some(Transcript {
            hasher: Sha256::new(),
            sink,
        });
    }

    /// Hex SHA-256 of the transcript lines so far (each followed by `\n`), if recording.
    pub fn transcript_sha256(&self) -> Option<String> {
        self.transcript
            .as_ref()
            .map(|t| hex::encode(t.hasher.clone().finalize()))
    }

    /// Sends an extra delivery of event `event` of `client` now, optionally tampered with: the
    /// seam of the tamper / replay drills. It is attempted once and never retried.
    pub fn inject_delivery(
        &mut self,
        client: u32,
        event: u32,
        tamper: Tamper,
    ) -> Result<(), InjectError> {
        let c = self
            .clients
            .get(client as usize)
            .ok_or(InjectError::NoSuchClient(client))?;
        if event >= c.producer.count {
            return Err(InjectError::NoSuchEvent { client, event });
        }
        let d = self.new_delivery(Delivery {
            tamper,
            injected: true,
            ..Delivery::first(client, event, self.now, self.now)
        });
        self.start_attempt(d);
        Ok(())
    }

    /// Processes the next engine event, whatever its time. False when nothing is pending.
    pub fn step(&mut self) -> bool {
        match self.queue.pop_until(MAX_TIME_MS) {
            Some((t, ev)) => {
                self.now = self.now.max(t);
                self.metrics.now_ms = self.now;
                self.engine_events += 1;
                self.handle(ev);
                true
            }
            None => false,
        }
    }

    /// Runs every event due at or before `t_ms`, then sets the clock to `t_ms`.
    pub fn run_until(&mut self, t_ms: u64) {
        let t_ms = t_ms.min(MAX_TIME_MS);
        if t_ms < self.now {
            return;
        }
        while let Some((t, ev)) = self.queue.pop_until(t_ms) {
            self.now = t;
            self.engine_events += 1;
            self.handle(ev);
        }
        self.now = t_ms;
        self.metrics.now_ms = t_ms;
    }

    /// Runs `dt_ms` of simulated time.
    pub fn advance(&mut self, dt_ms: u64) {
        self.run_until(self.now.saturating_add(dt_ms));
    }

    // ----- the protocol -----

    /// One engine event: the protocol rules, one arm each.
    fn handle(&mut self, ev: Ev) {
        match ev {
            // A business event happens at the provider; it is pushed to webhook subscribers and
            // answers a held long poll; pollers find it on their next poll.
            Ev::Produce { client } => self.produce(client),
            // A poller asks for the events after its cursor, and books its next slot.
            Ev::PollSend { client } => self.poll_send(client),
            // The server answers a poll with the events after the cursor (long polls with
            // nothing to return are held instead).
            Ev::PollArrive { client, after } => {
                self.metrics.counters.requests_handled += 1;
                // Over the rate limit: refused with 429 and a `Retry-After`, nothing served.
                if let Some(wait_ms) = self.over_rate_limit(client) {
                    self.refuse_poll(client, after, Some(wait_ms));
                    return;
                }
                let c = &mut self.clients[client as usize];
                if self.cfg.mode == Mode::LongPolling && c.producer.count <= after {
                    c.hold_gen += 1;
                    c.held = Some(after);
                    let gen = c.hold_gen;
                    self.queue.push(
                        self.now + self.cfg.long_poll_timeout_ms,
                        Ev::HoldTimeout { client, gen },
                    );
                } else {
                    self.answer_poll(client, after);
                }
            }
            // The client learns the listed events (dedupe by id in hybrid) and moves its cursor;
            // a long poller asks again at once.
            Ev::PollResponse { client, upto } => self.poll_response(client, upto),
            // A held long poll with nothing new is answered with an empty list.
            Ev::HoldTimeout { client, gen } => {
                let c = &mut self.clients[client as usize];
                if c.hold_gen == gen {
                    if let Some(after) = c.held.take() {
                        self.answer_poll(client, after);
                    }
                }
            }
            // The retry timer of a delivery fires: the dispatcher sends the next attempt.
            Ev::AttemptStart { delivery } => self.start_attempt(delivery),
            // A delivery reaches the receiver, which answers it (see `delivery_arrives`).
            Ev::DeliveryArrive { delivery } => self.delivery_arrives(delivery),
            // A 2xx in time ends a delivery; anything else schedules the next attempt, or
            // dead-letters the message after the last one.
            Ev::AttemptOutcome { delivery } => self.attempt_outcome(delivery),
            // Hybrid: the server answers a fetch with the event's details.
            Ev::FetchArrive { client, event } => {
                self.metrics.counters.requests_handled += 1;
                let svc = self.serve();
                let (arr, lost) = self.send(Outgoing::response(
                    MessageKind::ApiFetchResponse,
                    client,
                    svc.finish,
                    Status::Ok,
                    Payload::Fetch { event },
                ));
                if lost {
                    self.queue.push(
                        svc.finish + self.cfg.receiver_timeout_ms,
                        Ev::FetchRetry { client, event },
                    );
                } else {
                    self.queue.push(arr, Ev::FetchResponse { client, event });
                }
            }
            // Hybrid: the fetched details arrive; the client now knows the event.
            Ev::FetchResponse { client, event } => {
                if let Some(Mark::Claimed { event_ms }) =
                    self.clients[client as usize].seen.get(event)
                {
                    self.learn(client, event, event_ms);
                }
            }
            // Hybrid: a fetch went unanswered; the client fetches again if it still needs to.
            Ev::FetchRetry { client, event } => {
                if let Some(Mark::Claimed { .. }) = self.clients[client as usize].seen.get(event) {
                    self.send_fetch(client, event, self.now);
                }
            }
            // A poll without an API key is refused with 401 before anything is served.
            Ev::UnauthenticatedPollArrive { client, after } => {
                self.metrics.counters.requests_handled += 1;
                self.metrics.counters.unauthorized += 1;
                self.refuse_poll(client, after, None);
            }
            // A 429 reaches the client: it polls again only after `Retry-After` (a long poller
            // re-polls then, a scheduled poller skips its slots until then).
            Ev::PollRefused {
                client,
                retry_after_ms,
            } => {
                let until = self.now + retry_after_ms as u64;
                self.clients[client as usize].backoff_until_ms = until;
                if self.cfg.mode == Mode::LongPolling {
                    self.queue.push(until, Ev::PollSend { client });
                }
            }
        }
    }

    fn poll_interval(&self) -> Option<u64> {
        match self.cfg.mode {
            Mode::Polling => Some(self.cfg.poll_interval_ms),
            Mode::Hybrid if self.cfg.reconcile_interval_ms > 0 => {
                Some(self.cfg.reconcile_interval_ms)
            }
            _ => None,
        }
    }

    /// Send time of the client's current slot: phase + slot·T, delayed by the jitter.
    fn slot_time(&mut self, client: u32) -> u64 {
        let interval = self.poll_interval().unwrap_or(self.cfg.poll_interval_ms);
        let c = &self.clients[client as usize];
        let base = c
            .phase_ms
            .saturating_add(c.slot.saturating_mul(interval))
            .min(MAX_TIME_MS);
        if self.cfg.poll_jitter > 0.0 {
            base + (self.poll_rng.unit() * self.cfg.poll_jitter * interval as f64) as u64
        } else {
            base
        }
    }

    fn produce(&mut self, client: u32) {
        let mean = self.mean_gap_ms;
        let c = &mut self.clients[client as usize];
        let event = c.producer.count;
        c.producer.advance(mean);
        if let Some(t) = c.producer.time() {
            self.queue.push(t.max(self.now), Ev::Produce { client });
        }
        self.metrics.counters.events += 1;
        match self.cfg.mode {
            Mode::Polling => {}
            Mode::LongPolling => {
                if let Some(after) = self.clients[client as usize].held.take() {
                    self.answer_poll(client, after);
                }
            }
            Mode::Webhook | Mode::Hybrid => {
                let d = self.new_delivery(Delivery::first(client, event, self.now, self.now));
                match self.cfg.retry_schedule_ms.first() {
                    Some(&wait) if wait > 0 => self
                        .queue
                        .push(self.now + wait, Ev::AttemptStart { delivery: d }),
                    _ => self.start_attempt(d),
                }
            }
        }
    }

    fn poll_send(&mut self, client: u32) {
        if self.clients[client as usize].backoff_until_ms > self.now
            && self.cfg.mode != Mode::LongPolling
        {
            // Still inside a `Retry-After`: this slot is skipped.
            self.metrics.counters.polls_deferred += 1;
            self.clients[client as usize].slot += 1;
            let t = self.slot_time(client).max(self.now);
            self.queue.push(t, Ev::PollSend { client });
            return;
        }
        let after = self.clients[client as usize].replay.count;
        let (arr, lost) = self.send(Outgoing::poll(client, after, true, self.now));
        if !lost {
            self.queue.push(arr, Ev::PollArrive { client, after });
        }
        if self.cfg.mode == Mode::LongPolling {
            if lost {
                // The client's timer: it polls again when no answer can come any more.
                self.queue.push(
                    self.now + self.long_poll_client_timeout(),
                    Ev::PollSend { client },
                );
            }
        } else {
            self.clients[client as usize].slot += 1;
            let t = self.slot_time(client).max(self.now);
            self.queue.push(t, Ev::PollSend { client });
        }
    }

    fn long_poll_client_timeout(&self) -> u64 {
        self.cfg.long_poll_timeout_ms
            + 2 * (self.cfg.latency_ms + self.cfg.latency_jitter_ms)
            + self.cfg.service_ms
            + 1
    }

    fn answer_poll(&mut self, client: u32, after: u32) {
        let svc = self.serve();
        let upto = self.clients[client as usize].producer.count.max(after);
        let count = upto - after;
        self.metrics.counters.polls += 1;
        let kind = if count == 0 {
            self.metrics.counters.empty_polls += 1;
            MessageKind::EmptyResponse
        } else {
            MessageKind::DataResponse
        };
        let (arr, lost) = self.send(Outgoing::response(
            kind,
            client,
            svc.finish,
            Status::Ok,
            Payload::Events { after, count },
        ));
        if !lost {
            self.queue.push(arr, Ev::PollResponse { client, upto });
        } else if self.cfg.mode == Mode::LongPolling {
            self.queue.push(
                self.now + self.long_poll_client_timeout(),
                Ev::PollSend { client },
            );
        }
    }

    fn poll_response(&mut self, client: u32, upto: u32) {
        let mean = self.mean_gap_ms;
        let hybrid = self.cfg.mode == Mode::Hybrid;
        loop {
            let c = &mut self.clients[client as usize];
            let k = c.replay.count;
            if k >= upto {
                break;
            }
            let event_ms = c.replay.advance(mean);
            if !hybrid {
                self.learn(client, k, event_ms);
            } else if self.learn(client, k, event_ms) {
                self.metrics.counters.reconciled += 1;
            }
        }
        if self.cfg.mode == Mode::LongPolling {
            self.poll_send(client);
        }
    }

    /// The client comes to know event `k`; false if it already knew it.
    #[inline]
    fn learn(&mut self, client: u32, k: u32, event_ms: u64) -> bool {
        let keep_lost = self.keep_lost;
        let c = &mut self.clients[client as usize];
        match c.seen.get(k) {
            Some(Mark::Known) => return false,
            Some(Mark::Lost) => {
                self.metrics.counters.lost -= 1;
                self.drill.recovered(client, k);
            }
            _ => {}
        }
        let c = &mut self.clients[client as usize];
        c.seen.set(k, Mark::Known, keep_lost);
        let delay = self.now.saturating_sub(event_ms);
        self.metrics.counters.delivered += 1;
        self.metrics.delay.record(delay);
        self.last_learned = Some(Learned {
            client,
            event: k,
            at_ms: self.now,
            delay_ms: delay,
        });
        let b = self.metrics.series.bucket(self.now);
        b.delay_sum_ms += delay;
        b.delay_n += 1;
        true
    }

    fn new_delivery(&mut self, d: Delivery) -> u32 {
        match self.free_deliveries.pop() {
            Some(i) => {
                self.deliveries[i as usize] = d;
                i
            }
            None => {
                self.deliveries.push(d);
                (self.deliveries.len() - 1) as u32
            }
        }
    }

    fn start_attempt(&mut self, d: u32) {
        let svc = self.serve();
        let del = self.deliveries[d as usize];
        let kind = if del.attempt <= 1 {
            MessageKind::WebhookDelivery
        } else {
            MessageKind::WebhookRetry
        };
        self.metrics.counters.webhook_attempts += 1;
        if del.attempt > 1 {
            self.metrics.counters.retries += 1;
        }
        let msg_id = self.next_msg_id;
        let (arr, lost) = self.send(Outgoing {
            kind,
            from: Endpoint::Server,
            client: del.client,
            sent: svc.finish,
            status: None,
            payload: Payload::Delivery {
                event: del.event,
                attempt: del.attempt,
                tamper: del.tamper,
            },
        });
        let del = &mut self.deliveries[d as usize];
        del.sent_ms = svc.finish;
        del.success = false;
        del.msg_id = msg_id;
        del.status = None;
        if lost {
            self.queue.push(
                svc.finish + self.cfg.receiver_timeout_ms,
                Ev::AttemptOutcome { delivery: d },
            );
        } else {
            self.queue.push(arr, Ev::DeliveryArrive { delivery: d });
        }
    }

    /// The receiver's rules for an arriving delivery.
    fn delivery_arrives(&mut self, d: u32) {
        enum Answer {
            Stale,
            Reject,
            Down,
            Duplicate,
            New,
        }
        let del = self.deliveries[d as usize];
        let up = self.receivers_up_at(self.now);
        let mark = self.clients[del.client as usize].seen.get(del.event);
        // Genuine deliveries verify by construction; anything a drill sent is really checked.
        let verdict = match del.tamper {
            Tamper::None => Ok(()),
            _ => self.receiver_check(&del),
        };
        let answer = match (verdict, up, mark) {
            // A timestamp more than 5 minutes away is refused with 401: a possible replay.
            (
                Err(VerifyError::TimestampTooOld { .. } | VerifyError::TimestampInFuture { .. }),
                _,
                _,
            ) => Answer::Stale,
            // A delivery whose signature does not verify is refused with 401 and never processed.
            (Err(_), _, _) => Answer::Reject,
            // A receiver that is down answers 503 (its load balancer has no healthy backend).
            (Ok(()), false, _) => Answer::Down,
            // A message id seen before (known, or being fetched) is acknowledged, not processed again.
            (Ok(()), true, Some(Mark::Known | Mark::Claimed { .. })) => Answer::Duplicate,
            // A new message is processed, then acknowledged when processing ends.
            (Ok(()), true, None | Some(Mark::Lost)) => Answer::New,
        };
        let stale = matches!(answer, Answer::Stale);
        let (status, respond_at) = match answer {
            Answer::Stale => {
                self.metrics.counters.rejected_signatures += 1;
                self.metrics.counters.rejected_stale += 1;
                (Status::Unauthorized, self.now)
            }
            Answer::Reject => {
                self.metrics.counters.rejected_signatures += 1;
                (Status::Unauthorized, self.now)
            }
            Answer::Down => (Status::ServiceUnavailable, self.now),
            Answer::Duplicate => {
                self.metrics.counters.duplicates += 1;
                (Status::Ok, self.now)
            }
            Answer::New => {
                let done = self.now + self.cfg.receiver_processing_ms;
                if self.cfg.mode == Mode::Hybrid {
                    let keep_lost = self.keep_lost;
                    if mark == Some(Mark::Lost) {
                        self.metrics.counters.lost -= 1;
                        self.drill.recovered(del.client, del.event);
                    }
                    let c = &mut self.clients[del.client as usize];
                    c.seen.set(
                        del.event,
                        Mark::Claimed {
                            event_ms: del.event_ms,
                        },
                        keep_lost,
                    );
                    self.send_fetch(del.client, del.event, done);
                } else {
                    self.learn(del.client, del.event, del.event_ms);
                }
                (Status::Ok, done)
            }
        };
        let kind = if status.is_success() {
            MessageKind::Ack
        } else {
            MessageKind::Failure
        };
        let (arr, lost) = self.send(Outgoing {
            kind,
            from: Endpoint::Client(del.client),
            client: del.client,
            sent: respond_at,
            status: Some(status),
            payload: Payload::Answer {
                event: del.event,
                attempt: del.attempt,
                stale,
            },
        });
        self.deliveries[d as usize].status = Some(status);
        let deadline = del.sent_ms + self.cfg.receiver_timeout_ms;
        let (at, success) = if lost || arr > deadline {
            (deadline.max(self.now), false)
        } else {
            (arr, kind == MessageKind::Ack)
        };
        self.deliveries[d as usize].success = success;
        self.queue.push(at, Ev::AttemptOutcome { delivery: d });
    }

    fn attempt_outcome(&mut self, d: u32) {
        let del = self.deliveries[d as usize];
        self.drill.record_attempt(&del, self.now);
        if del.success || del.injected {
            self.free_deliveries.push(d);
            return;
        }
        let schedule = &self.cfg.retry_schedule_ms;
        if (del.attempt as usize) < schedule.len() {
            let wait = schedule[del.attempt as usize];
            let j = self.cfg.retry_jitter;
            let wait = if j > 0.0 && wait > 0 {
                let factor = 1.0 + (2.0 * self.retry_rng.unit() - 1.0) * j;
                (wait as f64 * factor) as u64
            } else {
                wait
            };
            self.deliveries[d as usize].attempt += 1;
            self.queue
                .push(self.now + wait, Ev::AttemptStart { delivery: d });
        } else {
            self.metrics.counters.dead_letters += 1;
            let keep_lost = self.keep_lost;
            let c = &mut self.clients[del.client as usize];
            let unknown = c.seen.get(del.event).is_none();
            if unknown {
                c.seen.set(del.event, Mark::Lost, keep_lost);
                self.metrics.counters.lost += 1;
            }
            self.drill.dead_letter(&del, self.now, unknown);
            self.free_deliveries.push(d);
        }
    }

    fn send_fetch(&mut self, client: u32, event: u32, at: u64) {
        let (arr, lost) = self.send(Outgoing {
            kind: MessageKind::ApiFetch,
            from: Endpoint::Client(client),
            client,
            sent: at,
            status: None,
            payload: Payload::Fetch { event },
        });
        if lost {
            self.queue.push(
                at + self.cfg.receiver_timeout_ms,
                Ev::FetchRetry { client, event },
            );
        } else {
            self.queue.push(arr, Ev::FetchArrive { client, event });
        }
    }

    /// A job on the server's workers, arriving now.
    #[inline]
    fn serve(&mut self) -> super::engine::Service {
        let svc = self.pool.serve(self.now);
        let wait = svc.start - self.now;
        let m = &mut self.metrics;
        m.jobs += 1;
        m.busy_ms += self.cfg.service_ms;
        m.wait_ms += wait;
        let b = m.series.bucket(self.now);
        b.busy_ms += self.cfg.service_ms;
        b.wait_ms += wait;
        svc
    }

    /// Puts a message on the network: latency, loss, the log, the counters and the transcript.
    fn send(&mut self, o: Outgoing) -> (u64, bool) {
        let Outgoing {
            kind,
            from,
            client,
            sent,
            status,
            payload,
        } = o;
        let cfg = &self.cfg;
        let jitter = if cfg.latency_jitter_ms > 0 {
            self.net.up_to(cfg.latency_jitter_ms)
        } else {
            0
        };
        let arrives = sent + cfg.latency_ms + jitter;
        let mut lost = self.net.chance(cfg.loss);
        if !lost && matches!(kind, MessageKind::Ack | MessageKind::Failure) {
            lost = self.net.chance(cfg.ack_loss);
        }
        let to = match from {
            Endpoint::Server => Endpoint::Client(client),
            Endpoint::Client(_) => Endpoint::Server,
        };
        let bytes = estimated_bytes(kind, payload, cfg.mode == Mode::Hybrid);
        let m = Message {
            id: self.next_msg_id,
            kind,
            from,
            to,
            sent_ms: sent,
            arrives_ms: arrives,
            lost,
            status,
            client,
            payload,
            bytes,
        };
        self.next_msg_id += 1;
        let mt = &mut self.metrics;
        mt.counters.messages += 1;
        mt.counters.bytes += bytes as u64;
        if lost {
            mt.counters.messages_lost += 1;
        }
        if kind.is_request() {
            mt.counters.requests += 1;
            mt.series.bucket(self.now).requests += 1;
        }
        if self.log.len() == LOG_CAPACITY {
            self.log.pop_front();
        }
        self.log.push_back(m);
        if let Some(f) = self.observer.as_mut() {
            f(&m);
        }
        if self.transcript.is_some() {
            let line = message::transcript_line(&m, &self.render(&m));
            if let Some(tr) = self.transcript.as_mut() {
                tr.hasher.update(line.as_bytes());
                tr.hasher.update(b"\n");
                if let Some(sink) = tr.sink.as_mut() {
                    sink(&line);
                }
            }
        }
        (arrives, lost)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_tracks_out_of_order_and_lost() {
        let mut s = Seen::default();
        s.set(0, Mark::Known, true);
        s.set(2, Mark::Known, true);
        assert_eq!(s.watermark, 1);
        s.set(1, Mark::Lost, true);
        assert_eq!(s.watermark, 3);
        assert_eq!(s.get(1), Some(Mark::Lost));
        assert_eq!(s.known(), 2);
        s.set(1, Mark::Known, true);
        assert_eq!(s.known(), 3);
        assert_eq!(s.lost_count, 0);
    }
}
