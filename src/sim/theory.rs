//! Closed forms of reference/theory.md, computed from the same settings as the run, for display
//! beside the measured values.
//!
//! Notation: N clients, λ events per client per ms, T poll interval, L mean one-way latency,
//! S service time, c workers, P receiver processing time.

use serde::Serialize;

use super::config::{Config, Mode};

/// What the model predicts for a configuration (ms and per-second units as named).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Theory {
    pub mode: Mode,
    /// λT: expected events per poll interval per client.
    pub lambda_t: f64,
    /// Business events per second, all clients (N·λ).
    pub events_per_s: f64,
    /// Polling: requests per second, N/T, whatever the events.
    pub polling_requests_per_s: f64,
    /// Webhooks: first delivery attempts per second, N·λ (no retries).
    pub webhook_requests_per_s: f64,
    /// Requests per second of this configuration's mode (long polling: one per event or hold timeout).
    pub requests_per_s: f64,
    /// Fraction of polls that find nothing: e^(−λT).
    pub empty_fraction: f64,
    /// Polling: mean delay T/2·(1 + j²/6) + L + S (j = poll jitter).
    pub polling_mean_delay_ms: f64,
    /// Polling: worst delay T(1 + j) + L + S.
    pub polling_max_delay_ms: f64,
    /// Webhooks, receivers up: L + S.
    pub webhook_delay_ms: f64,
    /// Hybrid, receivers up: webhook, processing, then a fetch round trip: 3L + 2S + P.
    pub hybrid_delay_ms: f64,
    /// Mean delay predicted for this configuration's mode.
    pub mean_delay_ms: f64,
    /// 95th percentile delay, where a closed form is exact: without poll or latency jitter,
    /// polling waits uniformly on [0, T) for the next poll, so 0.95·T + L + S; push delays are
    /// constant while receivers are up. `None` for long polling and for jittered settings.
    pub p95_delay_ms: Option<f64>,
    /// Server utilisation, the offered load ρ: requests (or sends) per ms × S / c. Past 1 the
    /// server cannot keep up: polls queue, time out and are refused with 503.
    pub server_utilization: f64,
    /// The load at which the server saturates (ρ = 1): c / S requests per second.
    pub saturation_requests_per_s: f64,
    /// Polling: the number of clients polling every T that saturates the server, c·T / S.
    pub saturation_clients: f64,
    /// True when polling needs fewer requests than push (λT > 1).
    pub polling_cheaper: bool,
    /// L: the mean one-way latency, how old an answer's data is when it arrives.
    pub one_way_ms: f64,
    /// The webhook dispatcher's limit on attempts open to one endpoint, when there is one.
    pub endpoint_limit: Option<EndpointLimit>,
}

/// What the dispatcher's limit of k open attempts per endpoint lets through.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EndpointLimit {
    /// k.
    pub concurrency: u32,
    /// The most deliveries a minute one endpoint takes: k / (S + 2L + A), each attempt holding
    /// its slot for the send S, a round trip 2L and the processing A its receiver does before
    /// answering (none when it acknowledges on receipt). A queue for a worker only lowers it.
    pub deliveries_per_min: f64,
    /// λ: events a minute per endpoint. Above `deliveries_per_min`, deliveries queue.
    pub events_per_min: f64,
}

impl EndpointLimit {
    /// The limit of `c`, with receivers that process for `answer_after_ms` before answering.
    pub fn of(c: &Config, answer_after_ms: u64) -> Option<Self> {
        let held_ms = c.service_ms as f64
            + 2.0 * (c.latency_ms as f64 + c.latency_jitter_ms as f64 / 2.0)
            + answer_after_ms as f64;
        (c.delivery_concurrency > 0 && c.mode.pushes()).then(|| EndpointLimit {
            concurrency: c.delivery_concurrency,
            // The engine counts whole milliseconds: an attempt holds its slot for at least one.
            deliveries_per_min: f64::from(c.delivery_concurrency) * 60_000.0 / held_ms.max(1.0),
            events_per_min: c.rate_per_min,
        })
    }
}

impl Theory {
    pub fn of(c: &Config) -> Theory {
        let n = c.clients as f64;
        let lambda = c.rate_per_ms().max(0.0);
        let t = c.poll_interval_ms as f64;
        let l = c.latency_ms as f64 + c.latency_jitter_ms as f64 / 2.0;
        let s = c.service_ms as f64;
        let j = c.poll_jitter;
        let lambda_t = lambda * t;
        let polling_rps = n * 1000.0 / t;
        let webhook_rps = n * lambda * 1000.0;
        let polling_mean = t / 2.0 * (1.0 + j * j / 6.0) + l + s;
        let webhook_delay = l + s;
        let hybrid_delay = 3.0 * l + 2.0 * s + c.receiver_processing_ms as f64;
        let reconcile_rps = if c.reconcile_interval_ms > 0 {
            n * 1000.0 / c.reconcile_interval_ms as f64
        } else {
            0.0
        };
        let (rps, mean_delay) = match c.mode {
            Mode::Polling => (polling_rps, polling_mean),
            Mode::Webhook => (webhook_rps, webhook_delay),
            Mode::Hybrid => (2.0 * webhook_rps + reconcile_rps, hybrid_delay),
            // One answer per event, or an empty answer per hold timeout when nothing happens. A
            // held poll is answered as the event happens, so the delay is a push's, L + S; only
            // the rare events in the gap between an answer and the next poll wait a little more.
            Mode::LongPolling => {
                let h = c.long_poll_timeout_ms as f64;
                let per_client = if lambda > 0.0 {
                    lambda / (1.0 - libm::exp(-lambda * h))
                } else {
                    1.0 / h
                };
                (n * per_client * 1000.0, webhook_delay)
            }
            // One query per user action, answered after a round trip and the server's work.
            Mode::OnDemand => (webhook_rps, 2.0 * l + s),
        };
        // Server jobs: API requests, webhook sends, fetches (a webhook send also takes a worker).
        let server_jobs_per_ms = match c.mode {
            Mode::Hybrid => 2.0 * n * lambda + reconcile_rps / 1000.0,
            _ => rps / 1000.0,
        };
        Theory {
            mode: c.mode,
            lambda_t,
            // On demand, λ is the users' actions: nothing happens at the provider.
            events_per_s: if c.mode == Mode::OnDemand {
                0.0
            } else {
                n * lambda * 1000.0
            },
            polling_requests_per_s: polling_rps,
            webhook_requests_per_s: webhook_rps,
            requests_per_s: rps,
            empty_fraction: libm::exp(-lambda_t),
            polling_mean_delay_ms: polling_mean,
            polling_max_delay_ms: t * (1.0 + j)
                + c.latency_ms as f64
                + c.latency_jitter_ms as f64
                + s,
            webhook_delay_ms: webhook_delay,
            hybrid_delay_ms: hybrid_delay,
            mean_delay_ms: mean_delay,
            p95_delay_ms: if c.poll_jitter > 0.0 || c.latency_jitter_ms > 0 {
                None
            } else {
                match c.mode {
                    Mode::Polling => Some(0.95 * t + l + s),
                    Mode::Webhook => Some(webhook_delay),
                    Mode::Hybrid => Some(hybrid_delay),
                    Mode::LongPolling => None,
                    Mode::OnDemand => None,
                }
            },
            server_utilization: server_jobs_per_ms * s / c.workers.max(1) as f64,
            saturation_requests_per_s: c.workers.max(1) as f64 * 1000.0 / s,
            saturation_clients: c.workers.max(1) as f64 * t / s,
            polling_cheaper: lambda_t > 1.0,
            one_way_ms: l,
            endpoint_limit: EndpointLimit::of(c, 0),
        }
    }

    /// Expected number of polls in a window of `w_ms`: N·W/T.
    pub fn polls_in(&self, c: &Config, w_ms: u64) -> f64 {
        c.clients as f64 * w_ms as f64 / c.poll_interval_ms as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limited_endpoint_takes_k_deliveries_per_slot_holding_time() {
        let c = Config {
            mode: Mode::Webhook,
            delivery_concurrency: 2,
            latency_ms: 50,
            service_ms: 5,
            rate_per_min: 20.0,
            ..Config::default()
        };
        assert_eq!(
            Theory::of(&c).endpoint_limit.map(|l| l.concurrency),
            Some(2)
        );
        // Acknowledged on receipt: 2 per 105 ms. Answered after 10 s: 2 per 10.105 s.
        let on_receipt = EndpointLimit::of(&c, 0).expect("limited");
        assert!((on_receipt.deliveries_per_min - 2.0 * 60_000.0 / 105.0).abs() < 1e-9);
        let slow = EndpointLimit::of(&c, 10_000).expect("limited");
        assert!((slow.deliveries_per_min - 2.0 * 60_000.0 / 10_105.0).abs() < 1e-9);
        assert_eq!(slow.events_per_min, 20.0);
        let unlimited = Config {
            delivery_concurrency: 0,
            ..c.clone()
        };
        assert_eq!(Theory::of(&unlimited).endpoint_limit, None);
        let polling = Config {
            mode: Mode::Polling,
            ..c
        };
        assert_eq!(
            Theory::of(&polling).endpoint_limit,
            None,
            "nothing is pushed"
        );
    }

    #[test]
    fn zapier_case() {
        let c = Config {
            poll_interval_ms: 60_000,
            rate_per_min: 0.015,
            ..Config::default()
        };
        let t = Theory::of(&c);
        assert!((t.lambda_t - 0.015).abs() < 1e-12);
        assert!((t.empty_fraction - 0.9851).abs() < 1e-3);
        assert!(!t.polling_cheaper);
    }

    #[test]
    fn the_default_server_saturates_at_800_requests_a_second() {
        let c = Config {
            clients: 10_000,
            poll_interval_ms: 30_000,
            ..Config::default()
        };
        let t = Theory::of(&c);
        // 4 workers of 5 ms; 10,000 clients every 30 s offer 333 a second.
        assert_eq!(t.saturation_requests_per_s, 800.0);
        assert_eq!(t.saturation_clients, 24_000.0);
        assert!((t.server_utilization - 10_000.0 / 30.0 / 800.0).abs() < 1e-12);
    }

    #[test]
    fn polling_delay_closed_form() {
        let c = Config {
            poll_interval_ms: 10_000,
            latency_ms: 100,
            service_ms: 5,
            ..Config::default()
        };
        assert_eq!(Theory::of(&c).polling_mean_delay_ms, 5_105.0);
    }
}
