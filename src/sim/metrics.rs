//! What the run measured: counters, the event-to-knowledge delay summary and bounded time series.
//!
//! Memory is fixed whatever the run length: the delay histogram has a fixed number of
//! log-spaced buckets (mean and max are exact, percentiles within 1 %), and the series keep
//! the last [`SERIES_LEN`] buckets of [`SERIES_BUCKET_MS`] each.

use serde::Serialize;

use super::config::Mode;

/// Width of one time-series bucket, in simulated milliseconds.
pub const SERIES_BUCKET_MS: u64 = 1_000;
/// Number of buckets kept.
pub const SERIES_LEN: usize = 120;

const EXACT: u64 = 1024;
const SUB_BITS: u32 = 7;
const SUB: u64 = 1 << SUB_BITS;
const BUCKETS: usize = EXACT as usize + (64 - 10) * SUB as usize;

/// Log-linear histogram of delays in ms: exact below 1024 ms, then 128 buckets per doubling.
#[derive(Debug, Clone)]
pub struct DelayHistogram {
    counts: Vec<u64>,
    n: u64,
    sum: u128,
    max: u64,
}

impl Default for DelayHistogram {
    fn default() -> Self {
        Self {
            counts: vec![0; BUCKETS],
            n: 0,
            sum: 0,
            max: 0,
        }
    }
}

impl DelayHistogram {
    fn index(v: u64) -> usize {
        if v < EXACT {
            return v as usize;
        }
        let exp = 63 - v.leading_zeros(); // >= 10
        let sub = (v >> (exp - SUB_BITS)) & (SUB - 1);
        EXACT as usize + (exp as usize - 10) * SUB as usize + sub as usize
    }

    /// The middle of a bucket's value range.
    fn value(i: usize) -> u64 {
        if i < EXACT as usize {
            return i as u64;
        }
        let j = i - EXACT as usize;
        let exp = (j / SUB as usize) as u32 + 10;
        let sub = (j % SUB as usize) as u64;
        let lo = (1u64 << exp) | (sub << (exp - SUB_BITS));
        lo + (1u64 << (exp - SUB_BITS)) / 2
    }

    #[inline]
    pub fn record(&mut self, v: u64) {
        self.counts[Self::index(v)] += 1;
        self.n += 1;
        self.sum += v as u128;
        self.max = self.max.max(v);
    }

    pub fn count(&self) -> u64 {
        self.n
    }

    pub fn mean(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.sum as f64 / self.n as f64
        }
    }

    pub fn max(&self) -> u64 {
        self.max
    }

    /// The q-quantile (0..=1), within 1 % above 1 s and exact below.
    pub fn quantile(&self, q: f64) -> u64 {
        if self.n == 0 {
            return 0;
        }
        let q = if q.is_nan() { 0.5 } else { q.clamp(0.0, 1.0) };
        let rank = ((q * self.n as f64).ceil() as u64).clamp(1, self.n);
        if rank == self.n {
            return self.max;
        }
        let mut seen = 0;
        for (i, &c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                return Self::value(i).min(self.max);
            }
        }
        self.max
    }
}

/// One time-series bucket.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Bucket {
    /// Position of the bucket: its start is `index * SERIES_BUCKET_MS`.
    pub index: u64,
    /// HTTP requests sent (polls, deliveries, fetches).
    pub requests: u64,
    /// Server busy time started in this bucket.
    pub busy_ms: u64,
    /// Total queueing wait of the requests that arrived in this bucket.
    pub wait_ms: u64,
    pub delay_sum_ms: u64,
    pub delay_n: u64,
}

/// A point of the charts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SeriesPoint {
    /// Start of the bucket in simulated ms.
    pub t_ms: u64,
    pub requests_per_s: f64,
    /// Busy fraction of all workers, 0..=1 (can exceed 1 briefly when work started is counted early).
    pub utilization: f64,
    /// Mean number of requests waiting for a worker (Little's law over the bucket).
    pub queue_length: f64,
    /// Mean event-to-knowledge delay of the events learnt in this bucket (0 when none).
    pub mean_delay_ms: f64,
}

/// A fixed ring of buckets.
#[derive(Debug, Clone)]
pub struct Series {
    ring: Vec<Bucket>,
    /// Index of the newest bucket.
    head: u64,
}

impl Default for Series {
    fn default() -> Self {
        Self {
            ring: vec![Bucket::default(); SERIES_LEN],
            head: 0,
        }
    }
}

impl Series {
    /// Start of the oldest bucket kept while the clock reads `now_ms`: work before it only counts.
    pub fn first_kept_ms(now_ms: u64) -> u64 {
        (now_ms / SERIES_BUCKET_MS).saturating_sub(SERIES_LEN as u64 - 1) * SERIES_BUCKET_MS
    }

    #[inline]
    pub fn bucket(&mut self, t_ms: u64) -> &mut Bucket {
        let idx = t_ms / SERIES_BUCKET_MS;
        if idx > self.head {
            // Clear the buckets skipped over (at most the ring's length).
            let from = (self.head + 1).max(idx.saturating_sub(SERIES_LEN as u64 - 1));
            for i in from..=idx {
                self.ring[(i % SERIES_LEN as u64) as usize] = Bucket {
                    index: i,
                    ..Bucket::default()
                };
            }
            self.head = idx;
        }
        // Work recorded for a bucket already rotated out (far past) lands in the oldest kept one.
        let idx = idx.max(self.head.saturating_sub(SERIES_LEN as u64 - 1));
        &mut self.ring[(idx % SERIES_LEN as u64) as usize]
    }

    /// Buckets from oldest to newest, up to and including the one holding `now_ms`.
    pub fn points(&self, workers: u32) -> Vec<SeriesPoint> {
        let first = self.head.saturating_sub(SERIES_LEN as u64 - 1);
        let w = SERIES_BUCKET_MS as f64;
        (first..=self.head)
            .map(|i| self.ring[(i % SERIES_LEN as u64) as usize])
            .filter(|b| b.index >= first)
            .map(|b| SeriesPoint {
                t_ms: b.index * SERIES_BUCKET_MS,
                requests_per_s: b.requests as f64 * 1000.0 / w,
                utilization: b.busy_ms as f64 / (w * workers.max(1) as f64),
                queue_length: b.wait_ms as f64 / w,
                mean_delay_ms: if b.delay_n == 0 {
                    0.0
                } else {
                    b.delay_sum_ms as f64 / b.delay_n as f64
                },
            })
            .collect()
    }
}

/// What the run counted: one field per counter, shared by [`Metrics`] and [`Summary`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counters {
    /// Business events produced.
    pub events: u64,
    /// Events the client came to know (each counted once).
    pub delivered: u64,
    /// HTTP requests sent by anyone (polls, webhook attempts, fetches).
    pub requests: u64,
    /// API requests that reached the server (polls, fetches), served or refused.
    pub requests_arrived: u64,
    /// Polls the server answered with events (possibly after their client gave up).
    pub polls: u64,
    /// Scheduled polls the clients sent. Each ends answered, timed out or rejected, or is still
    /// in flight.
    pub polls_sent: u64,
    /// Scheduled polls answered in time (200, or 429 from the rate-limit drill): the goodput.
    pub answered: u64,
    /// Scheduled polls whose client gave up waiting (lost, or queued too long at the server).
    pub timed_out: u64,
    /// Scheduled polls refused with 503 because the server's accept queue was full.
    pub rejected: u64,
    /// Poll slots a client skipped because its previous poll was still unanswered.
    pub polls_skipped: u64,
    /// Poll responses with an empty list.
    pub empty_polls: u64,
    /// Webhook attempts sent (first attempts and retries).
    pub webhook_attempts: u64,
    /// Attempts after the first.
    pub retries: u64,
    /// Deliveries of an already-known message id, acknowledged and not processed again.
    pub duplicates: u64,
    /// Deliveries given up after the last attempt.
    pub dead_letters: u64,
    /// Events given up before the client knew them (and not recovered since): dead-lettered,
    /// ended by a 410 Gone, or never pushed for want of an active subscription.
    pub lost: u64,
    /// Deliveries refused with 401 because the signature did not verify.
    pub rejected_signatures: u64,
    /// Of those, refused because the timestamp was outside the 5-minute tolerance (replays).
    pub rejected_stale: u64,
    /// Polls refused with 401 because they carried no API key.
    pub unauthorized: u64,
    /// Polls refused with 429 because the client was over the rate limit.
    pub rate_limited: u64,
    /// Poll slots a client skipped while waiting out a `Retry-After`.
    pub polls_deferred: u64,
    /// Dead-lettered messages sent again by hand.
    pub dead_letters_replayed: u64,
    /// Hybrid: events learnt from the reconciliation poll rather than the webhook.
    pub reconciled: u64,
    /// Messages lost in the network (acknowledgements included).
    pub messages_lost: u64,
    /// Messages sent.
    pub messages: u64,
    /// Estimated bytes on the wire.
    pub bytes: u64,
    /// On demand: users' actions, each of which sends one query.
    pub user_actions: u64,
    /// On demand: answers that reached their client.
    pub queries_answered: u64,
    /// On demand: of those, answers without a single row.
    pub empty_answers: u64,
    /// On demand: rows in the answers that reached their client.
    pub answer_rows: u64,
    /// On demand: summed wait of those answers, from the user's action to the answer arriving.
    pub answer_wait_ms: u64,
    /// On demand: summed age of those answers' data when they arrived (from the server reading
    /// it to the client receiving it).
    pub answer_age_ms: u64,
    /// Webhook deliveries processed after a newer event of the same client (a later version); in
    /// Both, notifications processed after a newer one, and fetch answers that bring an older
    /// version than one already applied.
    pub out_of_order: u64,
    /// Deliveries (Both: fetch answers) applied over newer data: the receiver does not compare
    /// versions.
    pub stale_applied: u64,
    /// Deliveries (Both: fetch answers) older than the data applied, ignored because the
    /// receiver compares versions.
    pub stale_ignored: u64,
    /// Delivery attempts (first ones and retries) that found every slot of their endpoint taken,
    /// waited in the dispatcher's queue and have left it (sent, or dropped with their
    /// subscription). Those still waiting are not counted yet.
    pub attempts_queued: u64,
    /// The longest any endpoint's queue at the dispatcher has been.
    pub longest_endpoint_queue: u64,
    /// Summed wait of those attempts, from ready to leaving the queue: delay the limit added.
    pub slot_wait_ms: u64,
    /// The most attempts open at once to one endpoint (sent, not yet answered or timed out).
    pub most_open_per_endpoint: u64,
}

/// Counters and summaries of one run. Serialises as its [`Summary`].
#[derive(Debug, Clone, Default)]
pub struct Metrics {
    pub mode: Mode,
    pub clients: u32,
    pub workers: u32,
    pub now_ms: u64,
    pub counters: Counters,
    /// Total server busy time (all workers).
    pub busy_ms: u64,
    /// Total wait for a worker.
    pub wait_ms: u64,
    /// Server jobs (API requests and webhook sends).
    pub jobs: u64,
    pub delay: DelayHistogram,
    pub series: Series,
}

/// The flat summary: what the headless example prints and the UI shows beside the theory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub mode: Mode,
    pub clients: u32,
    pub sim_seconds: f64,
    #[serde(flatten)]
    pub counters: Counters,
    pub empty_fraction: f64,
    pub mean_delay_ms: f64,
    pub p50_delay_ms: u64,
    pub p95_delay_ms: u64,
    pub max_delay_ms: u64,
    pub server_utilization: f64,
    pub requests_per_s: f64,
    /// Polls answered in time per second.
    pub goodput_per_s: f64,
    pub mean_wait_ms: f64,
}

impl Metrics {
    pub fn summary(&self) -> Summary {
        let secs = self.now_ms as f64 / 1000.0;
        Summary {
            mode: self.mode,
            clients: self.clients,
            sim_seconds: secs,
            counters: self.counters,
            empty_fraction: if self.counters.polls == 0 {
                0.0
            } else {
                self.counters.empty_polls as f64 / self.counters.polls as f64
            },
            mean_delay_ms: self.delay.mean(),
            p50_delay_ms: self.delay.quantile(0.5),
            p95_delay_ms: self.delay.quantile(0.95),
            max_delay_ms: self.delay.max(),
            server_utilization: if self.now_ms == 0 {
                0.0
            } else {
                self.busy_ms as f64 / (self.now_ms as f64 * self.workers.max(1) as f64)
            },
            requests_per_s: if self.now_ms == 0 {
                0.0
            } else {
                self.counters.requests as f64 / secs
            },
            goodput_per_s: if self.now_ms == 0 {
                0.0
            } else {
                self.counters.answered as f64 / secs
            },
            mean_wait_ms: if self.jobs == 0 {
                0.0
            } else {
                self.wait_ms as f64 / self.jobs as f64
            },
        }
    }

    /// The chart series, oldest first.
    pub fn series_points(&self) -> Vec<SeriesPoint> {
        self.series.points(self.workers)
    }
}

impl Serialize for Metrics {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.summary().serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_quantiles_are_close() {
        let mut h = DelayHistogram::default();
        for v in 0..100_000u64 {
            h.record(v);
        }
        let p50 = h.quantile(0.5) as f64;
        assert!((p50 - 50_000.0).abs() / 50_000.0 < 0.01, "{p50}");
        assert_eq!(h.max(), 99_999);
        assert!((h.mean() - 49_999.5).abs() < 1e-6);
        h.record(u64::MAX);
        assert_eq!(h.quantile(1.0), u64::MAX);
    }

    #[test]
    fn series_is_bounded_and_ordered() {
        let mut s = Series::default();
        for t in (0..1_000_000).step_by(700) {
            s.bucket(t).requests += 1;
        }
        let p = s.points(1);
        assert_eq!(p.len(), SERIES_LEN);
        assert!(p.windows(2).all(|w| w[0].t_ms < w[1].t_ms));
    }
}
