//! The simulation: a deterministic discrete-event model of polling, webhooks and both together.
//! Pure Rust: nothing here knows it is drawn.
//!
//! - [`config`]: the settings, the one table of their limits, and what each mode does;
//! - [`engine`]: the time-ordered event queue and the server's worker pool;
//! - [`model`]: provider, clients, network and the protocol rules ([`Simulation`]);
//! - [`message`]: the compact message record and its HTTP text, built on demand;
//! - [`metrics`]: counters, delay summary, bounded time series;
//! - [`theory`]: the closed forms shown beside the measurements;
//! - [`rng`]: the seeded generator, identical natively and in wasm32;
//! - [`wire`]: HTTP or HTTPS per direction, and the versions of the clients' API keys.

pub mod config;
pub mod engine;
pub mod message;
pub mod metrics;
pub mod model;
pub mod query;
pub mod registration;
pub mod rng;
pub mod theory;
pub mod wire;

pub use config::{Behaviour, Config, ConfigError, Mode};
pub use message::{Endpoint, EventType, HttpText, Message, MessageKind, Payload, Status, Tamper};
pub use metrics::{Metrics, SeriesPoint, Summary};
pub use model::{AttemptOutcome, AttemptRecord, DeadLetter, RateLimit};
pub use model::{Capture, EavesdropError, Tally};
pub use model::{InjectError, Learned, MessageObserver, Simulation, TranscriptSink};
pub use query::Query;
pub use theory::{EndpointLimit, Theory};
pub use wire::Scheme;

/// Runs `config` from time 0 to `until_ms` and returns the hex SHA-256 of the canonical transcript
/// of every message (one JSON line each, `\n`-terminated). The same value natively and in wasm32.
pub fn transcript_sha256(config: &Config, until_ms: u64) -> Result<String, ConfigError> {
    let mut sim = Simulation::new(config.clone())?;
    sim.record_transcript(None);
    sim.run_until(until_ms);
    Ok(sim.transcript_sha256().unwrap_or_default())
}
