//! The learner's scenario: a preset from the tutorial's use cases and four numbers, each with the
//! range its slider allows. Typed or URL values outside a range are clamped with a message. Pure:
//! shared by the UI, the URL state and native tests.

use crate::sim::registration::Registration;
use crate::sim::{Config, Mode, Query, Scheme};

/// Scenarios from the tutorial's use cases, each with numbers that make its point: four where
/// events happen at the provider, and three where users ask the API for data on demand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    Payments,
    Orders,
    Chat,
    Registrations,
    Capacity,
    Weather,
    Social,
    Cloud,
    Profile,
    Search,
    Report,
}

impl Preset {
    pub const ALL: [Preset; 11] = [
        Preset::Payments,
        Preset::Orders,
        Preset::Chat,
        Preset::Registrations,
        Preset::Capacity,
        Preset::Weather,
        Preset::Social,
        Preset::Cloud,
        Preset::Profile,
        Preset::Search,
        Preset::Report,
    ];

    /// Short, stable name for URLs.
    pub fn key(self) -> &'static str {
        match self {
            Self::Payments => "payments",
            Self::Orders => "orders",
            Self::Chat => "chat",
            Self::Registrations => "signups",
            Self::Capacity => "capacity",
            Self::Weather => "weather",
            Self::Social => "social",
            Self::Cloud => "cloud",
            Self::Profile => "profile",
            Self::Search => "search",
            Self::Report => "report",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Payments => "Payment confirmations",
            Self::Orders => "Order status updates",
            Self::Chat => "Chat message notifications",
            Self::Registrations => "User registration alerts",
            Self::Capacity => "Server capacity",
            Self::Weather => "Weather forecast refresh",
            Self::Social => "Social media mentions",
            Self::Cloud => "Cloud service alerts",
            Self::Profile => "Profile lookup (on demand)",
            Self::Search => "Product search (on demand)",
            Self::Report => "Monthly report (on demand)",
        }
    }

    /// What the users ask for, for the on-demand presets; they open the on-demand view.
    pub fn query(self) -> Option<Query> {
        match self {
            Self::Profile => Some(Query::Profile),
            Self::Search => Some(Query::Search),
            Self::Report => Some(Query::Report),
            Self::Payments
            | Self::Orders
            | Self::Chat
            | Self::Registrations
            | Self::Capacity
            | Self::Weather
            | Self::Social
            | Self::Cloud => None,
        }
    }

    pub fn from_key(key: &str) -> Option<Preset> {
        Self::ALL.into_iter().find(|p| p.key() == key)
    }

    /// Clients, poll interval (s), events (on demand: user actions) per client per minute,
    /// latency (ms).
    fn numbers(self) -> [f64; 4] {
        match self {
            // A shop checks for paid orders every 10 s; a payment every two minutes or so.
            Self::Payments => [8.0, 10.0, 0.5, 80.0],
            // Busy shops: order updates are frequent, polled every 5 s.
            Self::Orders => [10.0, 5.0, 6.0, 60.0],
            // Chat wants messages at once; polling every 2 s is already a heavy load.
            Self::Chat => [12.0, 2.0, 20.0, 40.0],
            // Rare sign-ups polled every 30 s: nearly every poll comes back empty.
            Self::Registrations => [6.0, 30.0, 0.1, 100.0],
            // More pollers than one server takes: fewer clients find its limit, and webhooks
            // carry the same events with a fraction of the requests.
            Self::Capacity => [6_000.0, 5.0, 0.5, 50.0],
            // A weather app refreshes the forecast every 10 minutes; the provider updates it
            // about once an hour, so most refreshes find nothing new, but nobody needs it sooner.
            Self::Weather => [20.0, 600.0, 0.02, 80.0],
            // Mentions and replies arrive in bursts through the day; users want them at once.
            Self::Social => [15.0, 10.0, 3.0, 60.0],
            // A monitoring service raises an alert rarely, and it must arrive at once.
            Self::Cloud => [5.0, 30.0, 0.01, 70.0],
            // A user opens a profile now and then.
            Self::Profile => [10.0, 5.0, 2.0, 60.0],
            // Shoppers search often, each search a different term.
            Self::Search => [12.0, 5.0, 10.0, 60.0],
            // A report is asked for rarely and is large.
            Self::Report => [5.0, 5.0, 0.5, 80.0],
        }
    }
}

/// One of the four numbers, with its slider's range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Clients,
    Interval,
    Rate,
    Latency,
}

impl Field {
    pub const ALL: [Field; 4] = [Field::Clients, Field::Interval, Field::Rate, Field::Latency];

    /// The URL parameter name.
    pub fn key(self) -> &'static str {
        match self {
            Self::Clients => "clients",
            Self::Interval => "interval",
            Self::Rate => "rate",
            Self::Latency => "latency",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Clients => "Clients",
            Self::Interval => "Poll interval (s)",
            Self::Rate => "Events per client per minute",
            Self::Latency => "Network latency (ms)",
        }
    }

    /// Minimum, maximum and step of the slider and of the number input, from the simulation's
    /// table of limits (the interval in seconds).
    pub fn range(self) -> (f64, f64, f64) {
        use crate::sim::config::limits::*;
        let seconds = |ms: u64| ms as f64 / 1000.0;
        match self {
            Self::Clients => (
                f64::from(*CLIENTS.start()),
                f64::from(*CLIENTS.end()),
                f64::from(CLIENTS_STEP),
            ),
            Self::Interval => (
                seconds(*POLL_INTERVAL_MS.start()),
                seconds(*POLL_INTERVAL_MS.end()),
                seconds(POLL_INTERVAL_STEP_MS),
            ),
            Self::Rate => (
                *RATE_PER_MIN.start(),
                *RATE_PER_MIN.end(),
                RATE_PER_MIN_STEP,
            ),
            Self::Latency => (
                *LATENCY_MS.start() as f64,
                *LATENCY_MS.end() as f64,
                LATENCY_STEP_MS as f64,
            ),
        }
    }

    /// Brings a typed value into range; the message says what changed, if anything.
    pub fn clamp(self, value: f64) -> (f64, Option<String>) {
        let (lo, hi, step) = self.range();
        clamp_number(self.label(), value, (lo, hi), step >= 1.0)
    }
}

/// Brings a typed `value` into `lo..=hi` (rounded when `whole`); the message names the setting
/// and says what changed, if anything.
fn clamp_number(
    label: &str,
    value: f64,
    (lo, hi): (f64, f64),
    whole: bool,
) -> (f64, Option<String>) {
    let fixed = if value.is_nan() {
        lo
    } else {
        value.clamp(lo, hi)
    };
    let fixed = if whole { fixed.round() } else { fixed };
    if fixed == value {
        (fixed, None)
    } else {
        let shown = if value.is_finite() {
            format!("{value}")
        } else {
            "that value".into()
        };
        (
            fixed,
            Some(format!(
                "{label}: {shown} is outside {lo} to {hi}, so {fixed} is used."
            )),
        )
    }
}

/// The label of the dispatcher's limit on open deliveries per endpoint.
pub const DELIVERY_CONCURRENCY_LABEL: &str =
    "Webhook deliveries open at once per endpoint (0: no limit)";

/// The learner's settings, turned into a simulation [`Config`] per stage.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub preset: Option<Preset>,
    pub clients: u32,
    pub interval_s: f64,
    pub rate_per_min: f64,
    pub latency_ms: u64,
    pub seed: u64,
    /// How API requests and webhook deliveries travel; a preset leaves them as they are.
    pub api_scheme: Scheme,
    pub webhook_scheme: Scheme,
    /// What users ask for in the on-demand view.
    pub query: Query,
    /// Webhook receivers ignore an update older than one they processed.
    pub orders_by_version: bool,
    /// Whether webhook clients register their callback URL first (not one of the numbers).
    pub registration: Registration,
    /// Most delivery attempts the dispatcher keeps open to one endpoint; 0: no limit.
    pub delivery_concurrency: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self::from_preset(Preset::Orders)
    }
}

impl Settings {
    pub fn from_preset(p: Preset) -> Self {
        let [clients, interval_s, rate_per_min, latency_ms] = p.numbers();
        Self {
            preset: Some(p),
            clients: clients as u32,
            interval_s,
            rate_per_min,
            latency_ms: latency_ms as u64,
            seed: 42,
            api_scheme: Scheme::Https,
            webhook_scheme: Scheme::Https,
            query: p.query().unwrap_or_default(),
            orders_by_version: false,
            registration: Registration::Off,
            delivery_concurrency: 0,
        }
    }

    /// These settings' preset, numbers and query with `other`'s choices that no preset makes:
    /// the seed, the schemes, the receivers' version check, registration, the delivery limit.
    pub fn keeping_choices_of(&self, other: &Settings) -> Settings {
        Settings {
            seed: other.seed,
            api_scheme: other.api_scheme,
            webhook_scheme: other.webhook_scheme,
            orders_by_version: other.orders_by_version,
            registration: other.registration,
            delivery_concurrency: other.delivery_concurrency,
            ..self.clone()
        }
    }

    /// Sets the dispatcher's limit from any number, clamped to its range and made whole; the
    /// message says what changed. Something that is not a number keeps the current limit.
    pub fn set_delivery_concurrency(&mut self, value: f64) -> Option<String> {
        let label = DELIVERY_CONCURRENCY_LABEL;
        if value.is_nan() {
            return Some(format!(
                "{label} needs a number, so {} is kept.",
                self.delivery_concurrency
            ));
        }
        let r = crate::sim::config::limits::DELIVERY_CONCURRENCY;
        let range = (f64::from(*r.start()), f64::from(*r.end()));
        let (v, note) = clamp_number(label, value, range, true);
        self.delivery_concurrency = v as u32;
        note
    }

    /// Sets what the users ask for; another query than the preset's leaves the preset.
    pub fn set_query(&mut self, q: Query) {
        if q != self.query {
            self.query = q;
            self.preset = None;
        }
    }

    pub fn get(&self, f: Field) -> f64 {
        match f {
            Field::Clients => self.clients as f64,
            Field::Interval => self.interval_s,
            Field::Rate => self.rate_per_min,
            Field::Latency => self.latency_ms as f64,
        }
    }

    /// Sets a field from any number, clamped; a changed number means the preset no longer applies.
    /// Something that is not a number (NaN) keeps the current value, and says so.
    pub fn set(&mut self, f: Field, value: f64) -> Option<String> {
        if value.is_nan() {
            return Some(format!(
                "{} needs a number, so {} is kept.",
                f.label(),
                self.get(f)
            ));
        }
        let (v, note) = f.clamp(value);
        if v != self.get(f) {
            self.preset = None;
        }
        match f {
            Field::Clients => self.clients = v as u32,
            Field::Interval => self.interval_s = v,
            Field::Rate => self.rate_per_min = v,
            Field::Latency => self.latency_ms = v as u64,
        }
        note
    }

    pub fn config(&self, mode: Mode) -> Config {
        Config {
            mode,
            clients: self.clients,
            poll_interval_ms: (self.interval_s * 1000.0).round() as u64,
            rate_per_min: self.rate_per_min,
            latency_ms: self.latency_ms,
            seed: self.seed,
            api_scheme: self.api_scheme,
            webhook_scheme: self.webhook_scheme,
            query: self.query,
            orders_by_version: self.orders_by_version,
            registration: self.registration,
            delivery_concurrency: self.delivery_concurrency,
            ..Config::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_values_are_clamped_with_a_message() {
        let mut s = Settings::default();
        let note = s
            .set(Field::Clients, 50_000.0)
            .expect("out of range is reported");
        assert_eq!(s.clients, 10_000);
        assert!(note.contains("50000") && note.contains("10000"), "{note}");
        let before = s.latency_ms;
        let note = s
            .set(Field::Latency, f64::NAN)
            .expect("not a number is reported");
        assert!(note.contains("needs a number"), "{note}");
        assert_eq!(s.latency_ms, before, "not a number keeps the value");
        assert!(s.set(Field::Interval, -3.0).is_some());
        assert_eq!(s.interval_s, 0.5);
    }

    #[test]
    fn the_delivery_limit_is_clamped_whole_and_kept_across_presets() {
        let mut s = Settings::default();
        assert_eq!(s.set_delivery_concurrency(2.0), None);
        assert_eq!(s.config(Mode::Webhook).delivery_concurrency, 2);
        let note = s
            .set_delivery_concurrency(1e6)
            .expect("out of range is reported");
        assert_eq!(s.delivery_concurrency, 100);
        assert!(note.contains("1000000") && note.contains("100"), "{note}");
        assert!(s.set_delivery_concurrency(-1.0).is_some());
        assert_eq!(s.delivery_concurrency, 0);
        assert!(s.set_delivery_concurrency(1.4).is_some());
        assert_eq!(s.delivery_concurrency, 1);
        let note = s.set_delivery_concurrency(f64::NAN).expect("reported");
        assert!(note.contains("needs a number"), "{note}");
        assert_eq!(s.delivery_concurrency, 1);
        let chat = Settings::from_preset(Preset::Chat).keeping_choices_of(&s);
        assert_eq!(
            (chat.preset, chat.delivery_concurrency),
            (Some(Preset::Chat), 1)
        );
    }

    #[test]
    fn in_range_values_pass_and_leave_the_preset() {
        let mut s = Settings::from_preset(Preset::Chat);
        assert_eq!(s.set(Field::Rate, 3.5), None);
        assert_eq!(s.rate_per_min, 3.5);
        assert_eq!(s.preset, None);
    }

    #[test]
    fn on_demand_presets_carry_their_query_into_the_run() {
        let s = Settings::from_preset(Preset::Search);
        assert_eq!(s.config(Mode::OnDemand).query, Query::Search);
        assert_eq!(Settings::from_preset(Preset::Orders).query, Query::Profile);
        let mut s = Settings::from_preset(Preset::Report);
        s.set_query(Query::Report);
        assert_eq!(
            s.preset,
            Some(Preset::Report),
            "the same query keeps the preset"
        );
        s.set_query(Query::Search);
        assert_eq!((s.preset, s.query), (None, Query::Search));
    }

    #[test]
    fn the_capacity_preset_overloads_a_polled_server_and_not_a_pushing_one() {
        let s = Settings::from_preset(Preset::Capacity);
        // 6,000 clients every 5 s ask 1,200 times a second; 4 workers of 5 ms answer 800.
        let polling = crate::sim::theory::Theory::of(&s.config(Mode::Polling));
        assert!((polling.server_utilization - 1.5).abs() < 1e-9);
        assert_eq!(polling.saturation_clients, 4_000.0);
        // The same 50 events a second pushed: 50 sends of 5 ms on 4 workers.
        let webhook = crate::sim::theory::Theory::of(&s.config(Mode::Webhook));
        assert!((webhook.server_utilization - 0.0625).abs() < 1e-9);
    }

    #[test]
    fn the_real_world_presets_show_what_their_comments_say() {
        use crate::sim::Simulation;
        let run = |p: Preset, mode: Mode, hours: u64| {
            let mut sim = Simulation::new(Settings::from_preset(p).config(mode)).unwrap();
            sim.run_until(hours * 3_600_000);
            let m = sim.metrics();
            let c = m.counters;
            (c.empty_polls as f64 / c.polls as f64, m.delay.mean(), c)
        };
        // The forecast: most refreshes find nothing new, and none is older than a refresh.
        let (empty, delay, _) = run(Preset::Weather, Mode::Polling, 24);
        assert!(empty > 0.7, "{empty}");
        assert!(delay < 600_000.0, "{delay}");
        // Mentions: pushed, they arrive many times sooner than a poll finds them.
        let (_, polled, _) = run(Preset::Social, Mode::Polling, 1);
        let (_, pushed, _) = run(Preset::Social, Mode::Webhook, 1);
        assert!(pushed * 10.0 < polled, "{pushed} {polled}");
        // Alerts: nearly every poll is empty, while webhooks send one request per alert.
        let (empty, _, _) = run(Preset::Cloud, Mode::Polling, 24);
        let (_, _, c) = run(Preset::Cloud, Mode::Webhook, 24);
        assert!(empty > 0.95, "{empty}");
        assert!(c.events > 0 && c.requests == c.events, "{c:?}");
    }

    #[test]
    fn every_preset_gives_a_valid_config_in_every_mode() {
        for p in Preset::ALL {
            assert_eq!(Preset::from_key(p.key()), Some(p));
            for mode in Mode::ALL {
                let c = Settings::from_preset(p).config(mode);
                assert_eq!(c.validate(), Ok(()), "{p:?} {mode:?}");
            }
        }
    }

    #[test]
    fn every_slider_extreme_gives_a_valid_config() {
        for f in Field::ALL {
            let (lo, hi, _) = f.range();
            for v in [lo, hi] {
                let mut s = Settings::default();
                assert_eq!(s.set(f, v), None);
                assert_eq!(s.config(Mode::Webhook).validate(), Ok(()), "{f:?} = {v}");
            }
        }
    }
}
