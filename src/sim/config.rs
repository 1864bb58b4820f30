//! The settings of one simulation run: what the UI's controls, the URL and the command line set.
//!
//! [`limits`] is the one table of allowed values: `validate` checks it (saying precisely what is
//! wrong, and never panicking, NaN included), and the learner's sliders, the URL parser and the
//! headless example's flags read it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::query::Query;
use super::registration::Registration;
use super::wire::Scheme;
use crate::signing::standard::Secret;

/// How clients learn about business events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Clients ask `GET /v1/events?after=<cursor>` every poll interval.
    #[default]
    Polling,
    /// The provider pushes one signed delivery per event, retried on failure.
    Webhook,
    /// A thin webhook, then an API fetch of the details, plus an optional reconciliation poll.
    Hybrid,
    /// The provider holds each poll open until an event arrives or the hold times out.
    LongPolling,
    /// Clients ask the API only when a user acts (a profile, a search, a report), and the
    /// provider has nothing to push.
    OnDemand,
}

impl Mode {
    pub const ALL: [Mode; 5] = [
        Mode::Polling,
        Mode::Webhook,
        Mode::Hybrid,
        Mode::LongPolling,
        Mode::OnDemand,
    ];

    /// The lowercase name used in serde, URLs and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Polling => "polling",
            Mode::Webhook => "webhook",
            Mode::Hybrid => "hybrid",
            Mode::LongPolling => "longpolling",
            Mode::OnDemand => "ondemand",
        }
    }

    /// Whether the provider dispatches webhooks.
    pub fn pushes(self) -> bool {
        matches!(self, Mode::Webhook | Mode::Hybrid)
    }
}

/// What a run's mode does, decided once from the settings: the one place that says whether and
/// how clients poll and whether the provider pushes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Behaviour {
    /// Clients poll on a fixed schedule, every this many ms: polling, or hybrid's reconciliation.
    pub poll_every_ms: Option<u64>,
    /// Clients keep one poll open, which the server holds until there is something to answer.
    pub long_polls: bool,
    /// The provider pushes one signed delivery per event.
    pub pushes: bool,
    /// Deliveries carry only the event's id, and the receiver fetches the details (hybrid).
    pub thin: bool,
    /// Each client's event stream is its users' actions, each one query to the API.
    pub on_demand: bool,
}

impl Behaviour {
    pub fn of(c: &Config) -> Self {
        let poll_every_ms = match c.mode {
            Mode::Polling => Some(c.poll_interval_ms),
            Mode::Hybrid if c.reconcile_interval_ms > 0 => Some(c.reconcile_interval_ms),
            Mode::Hybrid | Mode::Webhook | Mode::LongPolling | Mode::OnDemand => None,
        };
        Self {
            poll_every_ms,
            long_polls: c.mode == Mode::LongPolling,
            pushes: c.mode.pushes(),
            thin: c.mode == Mode::Hybrid,
            on_demand: c.mode == Mode::OnDemand,
        }
    }

    /// Whether clients poll at all, on a schedule or held open.
    pub fn polls(self) -> bool {
        self.poll_every_ms.is_some() || self.long_polls
    }

    /// A thin-webhook client that also polls: what the webhook missed, the poll recovers.
    pub fn reconciles(self) -> bool {
        self.thin && self.poll_every_ms.is_some()
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Mode {
    type Err = ConfigError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        Mode::ALL
            .into_iter()
            .find(|m| m.as_str() == t || (t == "long-polling" && *m == Mode::LongPolling))
            .ok_or_else(|| {
                ConfigError::new(
                    "mode",
                    s,
                    "one of polling, webhook, hybrid, longpolling, ondemand",
                )
            })
    }
}

/// A setting out of range: names the field, the value and what is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub field: &'static str,
    pub value: String,
    pub allowed: String,
}

impl ConfigError {
    pub fn new(field: &'static str, value: impl fmt::Display, allowed: impl Into<String>) -> Self {
        Self {
            field,
            value: value.to_string(),
            allowed: allowed.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} = {} is not allowed: it must be {}.",
            self.field, self.value, self.allowed
        )
    }
}

impl std::error::Error for ConfigError {}

/// The one table of allowed values, in the units of [`Config`]: read by `validate`, the sliders
/// (through `scenario::Field::range`), the URL parser and the headless example's flags.
pub mod limits {
    use std::ops::RangeInclusive;
    pub const CLIENTS: RangeInclusive<u32> = 1..=10_000;
    pub const POLL_INTERVAL_MS: RangeInclusive<u64> = 500..=600_000;
    pub const POLL_JITTER: RangeInclusive<f64> = 0.0..=1.0;
    pub const RATE_PER_MIN: RangeInclusive<f64> = 0.0..=120.0;
    pub const LATENCY_MS: RangeInclusive<u64> = 0..=5_000;
    pub const LATENCY_JITTER_MS: RangeInclusive<u64> = 0..=10_000;
    pub const LOSS: RangeInclusive<f64> = 0.0..=0.5;
    pub const ACK_LOSS: RangeInclusive<f64> = 0.0..=0.9;
    pub const WORKERS: RangeInclusive<u32> = 1..=1_024;
    pub const SERVICE_MS: RangeInclusive<u64> = 0..=10_000;
    pub const RECEIVER_PROCESSING_MS: RangeInclusive<u64> = 0..=120_000;
    pub const RECEIVER_TIMEOUT_MS: RangeInclusive<u64> = 100..=120_000;
    pub const OUTAGE_MS: RangeInclusive<u64> = 0..=30 * 86_400_000;
    pub const RETRY_ATTEMPTS: RangeInclusive<usize> = 1..=20;
    pub const RETRY_DELAY_MS: RangeInclusive<u64> = 0..=7 * 86_400_000;
    pub const RETRY_JITTER: RangeInclusive<f64> = 0.0..=0.5;
    /// 0 switches reconciliation off.
    pub const RECONCILE_INTERVAL_MS: RangeInclusive<u64> = 1_000..=86_400_000;
    pub const LONG_POLL_TIMEOUT_MS: RangeInclusive<u64> = 1_000..=120_000;
    pub const ACCEPT_QUEUE: RangeInclusive<u32> = 1..=1_000_000;
    pub const REQUEST_TIMEOUT_MS: RangeInclusive<u64> = 100..=120_000;
    /// 0 lifts the limit.
    pub const DELIVERY_CONCURRENCY: RangeInclusive<u32> = 0..=100;
    pub const START_UNIX: RangeInclusive<i64> = 0..=4_102_444_800;

    /// Steps of the learner's sliders and number inputs.
    pub const CLIENTS_STEP: u32 = 1;
    pub const POLL_INTERVAL_STEP_MS: u64 = 500;
    pub const RATE_PER_MIN_STEP: f64 = 0.01;
    pub const LATENCY_STEP_MS: u64 = 1;
}

/// Svix's schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
pub const SVIX_SCHEDULE_MS: [u64; 8] = [
    0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
];

/// The Standard Webhooks test secret: fine for a classroom, never for production.
pub const DEFAULT_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// Every setting of a run. Times are integer milliseconds of simulated time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    pub mode: Mode,
    /// Number of clients (each one subscriber / poller).
    pub clients: u32,
    /// Poll interval T.
    pub poll_interval_ms: u64,
    /// Each poll is delayed from its slot by a uniform fraction in [0, jitter) of T.
    pub poll_jitter: f64,
    /// Business events per client per minute (λ).
    pub rate_per_min: f64,
    /// One-way network latency L (fixed part).
    pub latency_ms: u64,
    /// Extra one-way latency, uniform on [0, jitter].
    pub latency_jitter_ms: u64,
    /// Probability that any message is lost.
    pub loss: f64,
    /// Extra probability that a webhook acknowledgement is lost (causes a duplicate).
    pub ack_loss: f64,
    /// Server workers c.
    pub workers: u32,
    /// Server service time S per request (API request or webhook send).
    pub service_ms: u64,
    /// Receiver processing time before it acknowledges a new delivery.
    pub receiver_processing_ms: u64,
    /// How long the dispatcher (and a client) waits for an answer.
    pub receiver_timeout_ms: u64,
    /// Receivers are down during `[start_ms, start_ms + len_ms)`.
    pub outage: Option<(u64, u64)>,
    /// Wait before each delivery attempt; the first is the wait before the first attempt.
    pub retry_schedule_ms: Vec<u64>,
    /// Each retry wait is multiplied by a uniform factor in [1 - j, 1 + j].
    pub retry_jitter: f64,
    /// Hybrid only: interval of the reconciliation poll; 0 switches it off.
    pub reconcile_interval_ms: u64,
    /// Long polling only: how long the server holds an empty poll.
    pub long_poll_timeout_ms: u64,
    /// Polls waiting for a worker that the server accepts; one more is answered 503.
    pub accept_queue: u32,
    /// How long a scheduled poller waits for its answer beyond an idle server's round trip
    /// (2·(latency + jitter) + service time) before it gives up. A client sets its timeout
    /// above the round trip it expects, so only a queue at the server makes a poll time out.
    pub request_timeout_ms: u64,
    pub seed: u64,
    /// Wall-clock Unix time of simulated zero (signature timestamps).
    pub start_unix: i64,
    /// Standard Webhooks secret, `whsec_` + base64.
    pub secret: String,
    /// How API requests travel. Left out of serialised settings while HTTPS, the default.
    #[serde(skip_serializing_if = "Scheme::is_https")]
    pub api_scheme: Scheme,
    /// How webhook deliveries travel. Left out of serialised settings while HTTPS.
    #[serde(skip_serializing_if = "Scheme::is_https")]
    pub webhook_scheme: Scheme,
    /// On demand only: what the users ask for (ignored by the other modes).
    pub query: Query,
    /// Webhook receivers compare an update's version with the newest they applied and ignore
    /// an older one, instead of applying updates in arrival order.
    pub orders_by_version: bool,
    /// Whether clients register their callback URL first (off: endpoints registered beforehand).
    #[serde(skip_serializing_if = "Registration::is_off")]
    pub registration: Registration,
    /// Most delivery attempts the dispatcher keeps open at once to one endpoint (sent, and not
    /// yet answered or timed out); the rest wait in that endpoint's queue, in order. 0: no limit.
    #[serde(skip_serializing_if = "is_unlimited")]
    pub delivery_concurrency: u32,
}

fn is_unlimited(n: &u32) -> bool {
    *n == 0
}

impl Default for Config {
    fn default() -> Self {
        Self {
            mode: Mode::Polling,
            clients: 10,
            poll_interval_ms: 5_000,
            poll_jitter: 0.0,
            rate_per_min: 2.0,
            latency_ms: 50,
            latency_jitter_ms: 0,
            loss: 0.0,
            ack_loss: 0.0,
            workers: 4,
            service_ms: 5,
            receiver_processing_ms: 20,
            receiver_timeout_ms: 15_000,
            outage: None,
            retry_schedule_ms: SVIX_SCHEDULE_MS.to_vec(),
            retry_jitter: 0.2,
            reconcile_interval_ms: 60_000,
            long_poll_timeout_ms: 20_000,
            // With the default 4 workers of 5 ms, a full queue waits 5.1 s: past the timeout,
            // so an overloaded server both times polls out and refuses them, as real ones do.
            accept_queue: 4_096,
            request_timeout_ms: 5_000,
            seed: 42,
            start_unix: 1_700_000_000,
            secret: DEFAULT_SECRET.to_string(),
            api_scheme: Scheme::Https,
            webhook_scheme: Scheme::Https,
            query: Query::default(),
            orders_by_version: false,
            registration: Registration::Off,
            delivery_concurrency: 0,
        }
    }
}

fn range_text<T: fmt::Display>(r: &std::ops::RangeInclusive<T>) -> String {
    format!("between {} and {}", r.start(), r.end())
}

fn check<T: PartialOrd + fmt::Display + Copy>(
    field: &'static str,
    v: T,
    r: &std::ops::RangeInclusive<T>,
) -> Result<(), ConfigError> {
    // `contains` is false for NaN, so NaN is rejected too.
    if r.contains(&v) {
        Ok(())
    } else {
        Err(ConfigError::new(field, v, range_text(r)))
    }
}

impl Config {
    /// Checks every field; the error names the first field that is wrong.
    pub fn validate(&self) -> Result<(), ConfigError> {
        use limits::*;
        check("clients", self.clients, &CLIENTS)?;
        check("poll_interval_ms", self.poll_interval_ms, &POLL_INTERVAL_MS)?;
        check("poll_jitter", self.poll_jitter, &POLL_JITTER)?;
        check("rate_per_min", self.rate_per_min, &RATE_PER_MIN)?;
        check("latency_ms", self.latency_ms, &LATENCY_MS)?;
        check(
            "latency_jitter_ms",
            self.latency_jitter_ms,
            &LATENCY_JITTER_MS,
        )?;
        check("loss", self.loss, &LOSS)?;
        check("ack_loss", self.ack_loss, &ACK_LOSS)?;
        check("workers", self.workers, &WORKERS)?;
        check("service_ms", self.service_ms, &SERVICE_MS)?;
        check(
            "receiver_processing_ms",
            self.receiver_processing_ms,
            &RECEIVER_PROCESSING_MS,
        )?;
        check(
            "receiver_timeout_ms",
            self.receiver_timeout_ms,
            &RECEIVER_TIMEOUT_MS,
        )?;
        if let Some((start, len)) = self.outage {
            check("outage start_ms", start, &OUTAGE_MS)?;
            check("outage len_ms", len, &OUTAGE_MS)?;
        }
        let n = self.retry_schedule_ms.len();
        if !RETRY_ATTEMPTS.contains(&n) {
            return Err(ConfigError::new(
                "retry_schedule_ms",
                format!("a list of {n} waits"),
                format!(
                    "a list of {} to {} waits",
                    RETRY_ATTEMPTS.start(),
                    RETRY_ATTEMPTS.end()
                ),
            ));
        }
        for &d in &self.retry_schedule_ms {
            check("retry_schedule_ms entry", d, &RETRY_DELAY_MS)?;
        }
        check("retry_jitter", self.retry_jitter, &RETRY_JITTER)?;
        if self.reconcile_interval_ms != 0
            && !RECONCILE_INTERVAL_MS.contains(&self.reconcile_interval_ms)
        {
            return Err(ConfigError::new(
                "reconcile_interval_ms",
                self.reconcile_interval_ms,
                format!("0 (off) or {}", range_text(&RECONCILE_INTERVAL_MS)),
            ));
        }
        check(
            "long_poll_timeout_ms",
            self.long_poll_timeout_ms,
            &LONG_POLL_TIMEOUT_MS,
        )?;
        check("accept_queue", self.accept_queue, &ACCEPT_QUEUE)?;
        check(
            "request_timeout_ms",
            self.request_timeout_ms,
            &REQUEST_TIMEOUT_MS,
        )?;
        check(
            "delivery_concurrency",
            self.delivery_concurrency,
            &DELIVERY_CONCURRENCY,
        )?;
        check("start_unix", self.start_unix, &START_UNIX)?;
        self.parse_secret()?;
        Ok(())
    }

    /// The parsed webhook secret, or an error naming the field.
    pub fn parse_secret(&self) -> Result<Secret, ConfigError> {
        let shown: String = self.secret.chars().take(12).collect();
        let shown = if self.secret.chars().count() > 12 {
            format!("{shown:?}...")
        } else {
            format!("{shown:?}")
        };
        Secret::parse(&self.secret).map_err(|e| {
            ConfigError::new(
                "secret",
                shown,
                format!("`whsec_` followed by base64 ({e})"),
            )
        })
    }

    /// λ in events per millisecond.
    pub fn rate_per_ms(&self) -> f64 {
        self.rate_per_min / 60_000.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_valid() {
        assert_eq!(Config::default().validate(), Ok(()));
    }

    #[test]
    fn errors_name_field_value_and_range() {
        let c = Config {
            clients: 0,
            ..Config::default()
        };
        let e = c.validate().unwrap_err();
        assert_eq!(e.field, "clients");
        assert_eq!(
            e.to_string(),
            "clients = 0 is not allowed: it must be between 1 and 10000."
        );
        let c = Config {
            loss: f64::NAN,
            ..Config::default()
        };
        assert_eq!(c.validate().unwrap_err().field, "loss");
        let c = Config {
            secret: "v1,abc".into(),
            ..Config::default()
        };
        assert_eq!(c.validate().unwrap_err().field, "secret");
    }

    #[test]
    fn behaviour_is_decided_by_mode_and_reconciliation() {
        let of = |mode, reconcile_interval_ms| {
            Behaviour::of(&Config {
                mode,
                reconcile_interval_ms,
                ..Config::default()
            })
        };
        let polling = of(Mode::Polling, 60_000);
        assert_eq!(polling.poll_every_ms, Some(5_000));
        assert!(polling.polls() && !polling.pushes);
        assert!(!of(Mode::Webhook, 60_000).polls());
        let long = of(Mode::LongPolling, 60_000);
        assert!(long.polls() && long.poll_every_ms.is_none());
        let hybrid = of(Mode::Hybrid, 60_000);
        assert_eq!(hybrid.poll_every_ms, Some(60_000));
        assert!(hybrid.pushes && hybrid.thin && hybrid.reconciles());
        let thin_only = of(Mode::Hybrid, 0);
        assert!(!thin_only.polls() && !thin_only.reconciles());
        let on_demand = of(Mode::OnDemand, 60_000);
        assert!(on_demand.on_demand && !on_demand.polls() && !on_demand.pushes);
    }

    #[test]
    fn mode_names_round_trip() {
        for m in Mode::ALL {
            assert_eq!(m.as_str().parse::<Mode>(), Ok(m));
            assert_eq!(
                serde_json::to_string(&m).unwrap(),
                format!("\"{}\"", m.as_str())
            );
        }
        assert!("push".parse::<Mode>().is_err());
    }
}
