//! The model: the provider (event source, API, webhook dispatcher), the clients (pollers,
//! receivers), the network (latency, loss, outages), and the protocol rules that tie them.
//!
//! Every rule is one arm of the `match` in [`Simulation::handle`], with one comment each; the
//! arm calls the role that carries it out, one file each: `poller` (clients polling on a schedule
//! or held open, and the API answering them), `dispatcher` (the provider's webhook sends, retries
//! and dead letters), `receiver` (a client's answer to a delivery, its dedupe memory and hybrid's
//! fetch), `ordering` (updates that arrive after newer ones), `ondemand` (users' queries and
//! their answers), `network` (latency, loss, the log and the transcript), `drills` (what the
//! failure drills set up, and their records) and `eavesdropper` (what a party on the wire reads,
//! and the copies it sends). What differs between modes is decided once, in
//! [`Behaviour`], when the simulation is built.

use std::collections::VecDeque;

use super::config::{Behaviour, Config, ConfigError};
use super::engine::{Ev, EventQueue, Service, WorkerPool};
use super::message::{self, EventType, HttpText, Message, RenderContext};
use super::metrics::Metrics;
use super::rng::{Rng, Stream};
use super::theory::{EndpointLimit, Theory};
use crate::signing::standard::Secret;

mod dispatcher;
mod drills;
mod eavesdropper;
mod fastpath;
mod network;
mod ondemand;
mod ordering;
mod poller;
mod receiver;
mod registry;

use dispatcher::{Delivery, Lane};
pub use drills::{
    AttemptOutcome, AttemptRecord, DeadLetter, RateLimit, DEAD_LETTER_CAPACITY, HISTORY_CAPACITY,
};
pub use eavesdropper::{Capture, EavesdropError, Tally};
use fastpath::{FastPath, Run};
use network::Transcript;
pub use network::{MessageObserver, TranscriptSink};
use receiver::Seen;
pub use registry::RegistryCounters;

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
    /// Time of the event consumed last.
    last_ms: Option<u64>,
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
            last_ms: None,
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
        self.last_ms = Some(t);
        self.next_ms += self.rng.exp(mean_gap_ms);
        t
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
    /// The client polls again no earlier than this (a 429's `Retry-After`, or its back-off).
    backoff_until_ms: u64,
    /// Number of the client's latest scheduled poll.
    poll_seq: u32,
    /// That poll is still unanswered, and the client gives up on it at `deadline_ms`.
    awaiting: bool,
    deadline_ms: u64,
    /// Timeouts and 503s in a row: the exponent of the back-off.
    failures: u8,
    /// The fast path: polls counted together; or, while waiting, the time of the first slot
    /// slept through and not counted yet.
    run: Option<Run>,
    parked_at: Option<u64>,
    /// The engine holds a `Produce` event of this client (an open run reads events itself).
    produce_queued: bool,
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
    /// The dispatcher's open attempts and queue, per endpoint (one per client).
    lanes: Vec<Lane>,
    pool: WorkerPool,
    net: Rng,
    poll_rng: Rng,
    retry_rng: Rng,
    backoff_rng: Rng,
    receivers_online: bool,
    next_msg_id: u64,
    log: VecDeque<Message>,
    metrics: Metrics,
    observer: Option<MessageObserver>,
    transcript: Option<Transcript>,
    mean_gap_ms: f64,
    behaviour: Behaviour,
    last_learned: Option<Learned>,
    drill: drills::DrillState,
    eavesdrop: eavesdropper::Eavesdrop,
    asks: ondemand::Asks,
    versions: ordering::Versions,
    registry: registry::Registry,
    /// Set during fast-forwards and headless runs (see `fastpath`).
    fast: Option<FastPath>,
    /// Long polls the server holds open: they count against its accept queue.
    held_polls: usize,
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
            lanes: (0..cfg.clients).map(|_| Lane::default()).collect(),
            pool: WorkerPool::new(cfg.workers, cfg.service_ms),
            net: Rng::stream(seed, Stream::Network, 0),
            poll_rng: Rng::stream(seed, Stream::Polls, 0),
            retry_rng: Rng::stream(seed, Stream::Retries, 0),
            backoff_rng: Rng::stream(seed, Stream::Backoff, 0),
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
            behaviour: Behaviour::of(&cfg),
            last_learned: None,
            drill: drills::DrillState::default(),
            eavesdrop: eavesdropper::Eavesdrop::default(),
            asks: ondemand::Asks::default(),
            versions: ordering::Versions::for_clients(cfg.clients),
            registry: registry::Registry::new(cfg.clients, cfg.registration.is_off()),
            fast: None,
            held_polls: 0,
            cfg,
        };
        let interval = sim.behaviour.poll_every_ms;
        for i in 0..sim.cfg.clients {
            let producer = EventStream::new(seed, i, mean_gap_ms);
            let produce_queued = producer.time().is_some();
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
                poll_seq: 0,
                awaiting: false,
                deadline_ms: 0,
                failures: 0,
                run: None,
                parked_at: None,
                produce_queued,
            });
            if sim.behaviour.long_polls {
                sim.queue.push(phase_ms, Ev::PollSend { client: i });
            } else if interval.is_some() {
                let t = sim.slot_time(i);
                sim.queue.push(t, Ev::PollSend { client: i });
            }
        }
        sim.start_registrations();
        Ok(sim)
    }

    // ----- reading -----

    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// What this run's mode does: whether clients poll, whether the provider pushes, and how.
    pub fn behaviour(&self) -> Behaviour {
        self.behaviour
    }

    pub fn now_ms(&self) -> u64 {
        self.now
    }

    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// The closed forms for this configuration, with the receivers' answer time in force (the
    /// slow-handler drills make them process before answering).
    pub fn theory(&self) -> Theory {
        Theory {
            endpoint_limit: EndpointLimit::of(&self.cfg, self.slow_handler().unwrap_or(0)),
            ..Theory::of(&self.cfg)
        }
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

    /// The endpoint secret the dispatcher signs with at `t_ms` (the new one during a rotation's
    /// overlap, when it signs with both).
    pub fn signing_secret(&self, t_ms: u64) -> &Secret {
        self.render_context().signing_secrets(t_ms).0
    }

    fn render_context(&self) -> RenderContext<'_> {
        RenderContext {
            seed: self.cfg.seed,
            thin: self.behaviour.thin,
            start_unix: self.cfg.start_unix,
            secret: &self.secret,
            rotation: self.drill.rotation.as_ref(),
            injections: &self.drill.injections,
            keys: &self.eavesdrop.keys,
        }
    }

    pub fn receivers_online(&self) -> bool {
        self.receivers_online
    }

    /// Whether receivers answer at `t_ms` (the live switch and the configured outage).
    pub fn receivers_up_at(&self, t_ms: u64) -> bool {
        self.receivers_online
            && !self
                .outage()
                .is_some_and(|(start, len)| t_ms >= start && t_ms - start < len)
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
        // On demand the stream is users' actions: no event is produced to become known.
        if self.behaviour.on_demand {
            return 0;
        }
        self.clients
            .iter()
            .map(|c| c.producer.count as u64 - c.seen.known() - c.seen.lost_count as u64)
            .sum()
    }

    /// Scheduled polls sent and not yet answered, timed out or rejected, counted from the
    /// clients' state (independently of the counters).
    pub fn polls_in_flight(&self) -> u64 {
        self.clients
            .iter()
            .map(|c| u64::from(c.awaiting) + c.run.as_ref().map_or(0, Run::in_flight))
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
        self.settle_runs();
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
            // A poller asks for the events after its cursor, and books its next slot (a slot
            // comes while its previous poll is unanswered, or inside its back-off, is skipped).
            Ev::PollSend { client } => self.poll_send(client),
            // The server answers a poll with the events after the cursor (long polls with
            // nothing to return are held instead); a full accept queue answers 503.
            Ev::PollArrive { client, after, seq } => self.poll_arrives(client, after, seq),
            // The client learns the listed events (dedupe by id in hybrid) and moves its cursor;
            // a long poller asks again at once.
            Ev::PollResponse { client, upto, seq } => self.poll_response(client, upto, seq),
            // A poller gives up on an unanswered poll and backs off.
            Ev::PollTimeout { client, seq } => self.poll_timeout(client, seq),
            // A 503 reaches the poller, which backs off at least its `Retry-After`.
            Ev::PollRejected {
                client,
                retry_after_ms,
            } => self.poll_rejected(client, retry_after_ms),
            // A held long poll with nothing new is answered with an empty list.
            Ev::HoldTimeout { client, gen } => self.hold_timeout(client, gen),
            // The retry timer of a delivery fires: the dispatcher sends the next attempt.
            Ev::AttemptStart { delivery } => self.start_attempt(delivery),
            // A delivery reaches the receiver, which answers it (see `delivery_arrives`).
            Ev::DeliveryArrive { delivery } => self.delivery_arrives(delivery),
            // A 2xx in time ends a delivery; anything else schedules the next attempt, or
            // dead-letters the message after the last one.
            Ev::AttemptOutcome { delivery } => self.attempt_outcome(delivery),
            // Hybrid: the server answers a fetch with the event's details.
            Ev::FetchArrive { client, event } => self.answer_fetch(client, event),
            // Hybrid: the fetched details arrive; the client now knows the event.
            Ev::FetchResponse {
                client,
                event,
                version,
            } => self.fetch_response(client, event, version),
            // Hybrid: a fetch went unanswered; the client fetches again if it still needs to.
            Ev::FetchRetry { client, event } => self.fetch_retry(client, event),
            // A poll without an API key is refused with 401 before anything is served.
            Ev::UnauthenticatedPollArrive { client, after } => {
                self.refuse_unauthenticated(client, after)
            }
            // A 429 reaches the client: it polls again only after `Retry-After` (a long poller
            // re-polls then, a scheduled poller skips its slots until then).
            Ev::PollRefused {
                client,
                retry_after_ms,
            } => self.poll_refused(client, retry_after_ms),
            // Fast path: a run of empty polls ends; they are counted and the client polls.
            Ev::RunEnd { client, slot } => self.run_ends(client, slot),
            // A copy of a poll sent by the eavesdropper: answered like the key's owner while
            // that key is in force, refused with 401 once it has been rotated.
            Ev::StolenKeyArrive { client, after, key } => {
                self.answer_stolen_key(client, after, key)
            }
            // On demand: the server reads what the query asks for, as it is now, and answers.
            Ev::QueryArrive { client, action } => self.answer_query(client, action),
            // On demand: the answer reaches the user who asked.
            Ev::QueryAnswer { client, action } => self.query_answered(client, action),
            // Registration: a client registers or removes its callback URL, and the provider
            // checks the URL with a challenge when the handshake is on.
            Ev::Registry(step) => self.registry_step(step),
        }
    }

    /// A business event of `client` happens now (on demand: one of its users acts).
    fn produce(&mut self, client: u32) {
        let lazily = self.events_read_lazily(client);
        let mean = self.mean_gap_ms;
        let c = &mut self.clients[client as usize];
        c.produce_queued = false;
        if lazily {
            // An open run of the fast path counts the client's events itself.
            return;
        }
        let event = c.producer.count;
        c.producer.advance(mean);
        if let Some(t) = c.producer.time() {
            c.produce_queued = true;
            self.queue.push(t.max(self.now), Ev::Produce { client });
        }
        if self.behaviour.on_demand {
            // The stream is the users' actions: nothing happened at the provider to push.
            self.user_action(client, event);
            return;
        }
        self.metrics.counters.events += 1;
        if self.behaviour.long_polls {
            if let Some(after) = self.release_hold(client) {
                self.answer_poll(client, after, 0);
            }
        }
        if self.behaviour.pushes && self.pushes_to(client, event) {
            self.dispatch(client, event);
        }
    }

    /// A job on the server's workers, arriving now.
    #[inline]
    fn serve(&mut self) -> Service {
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
}
