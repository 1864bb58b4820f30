//! The fast path of fast-forwards and headless runs: work in proportion to what happens, not to
//! the number of empty polls.
//!
//! Two shortcuts, both off during playback (which draws every message) and while a transcript is
//! recorded:
//!
//! - **Empty runs.** Below half load, a scheduled poller whose every event is known finds nothing
//!   until its next business event, whose time its event stream already holds. The polls that
//!   reach the server before then are all empty; instead of three engine events each, the run is
//!   one event at its end, and its polls are counted from their known times (send, arrival,
//!   answer) whenever the counters are read. The run assumes each of its polls finds a free worker:
//!   it is taken only when nobody waits at its start and the offered load is at most one half.
//! - **Parked slots.** A poller that is waiting for an answer, or backing off, skips its slots.
//!   Rather than an engine event per skipped slot, it sleeps until its answer, timeout or 503
//!   comes (or its back-off ends), and the slots in between are counted then.
//!
//! Counting exactly what the per-event engine counts holds where the model is deterministic (no
//! loss, no jitter, no queueing); elsewhere the shortcuts draw the shared random streams in
//! another order, so the figures agree in distribution (tests/sim_fastpath.rs).

use super::{Ev, Simulation, MAX_TIME_MS};
use crate::sim::message::{estimated_bytes, MessageKind, Payload};

/// Offered load at or below which empty polls are counted in runs.
const EMPTY_RUN_MAX_LOAD: f64 = 0.5;

/// A scheduled poller's empty polls in slots `[start, end)`; each field is the first slot whose
/// step (sent, arrived and answered, answer read) is not counted yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct EmptyRun {
    end: u64,
    sent: u64,
    arrived: u64,
    answered: u64,
}

/// What the fast path may do in this run, decided when it is switched on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FastPath {
    /// Poll interval, when empty polls can be counted in runs.
    empty_runs: Option<u64>,
}

impl EmptyRun {
    /// Its poll sent and not answered yet (0 or 1: the answer comes before the next slot).
    pub(super) fn in_flight(self) -> u64 {
        self.sent - self.answered
    }
}

impl Simulation {
    /// Switches the fast path on (fast-forwards, headless runs) or off (playback). Off, every
    /// poll and skipped slot is an engine event again, and the state is what the per-event engine
    /// would hold. Stays off while a transcript is recorded or an observer sees every message.
    pub fn set_fast_path(&mut self, on: bool) {
        let on = on && self.transcript.is_none() && self.observer.is_none();
        if on == self.fast.is_some() {
            return;
        }
        if on {
            let cfg = &self.cfg;
            let b = self.behaviour;
            let empty_runs = b.poll_every_ms.filter(|&t| {
                !b.long_polls
                    && cfg.poll_jitter == 0.0
                    && cfg.loss == 0.0
                    && cfg.latency_jitter_ms == 0
                    && 2 * cfg.latency_ms + cfg.service_ms < t
                    && self.theory().server_utilization <= EMPTY_RUN_MAX_LOAD
            });
            self.fast = Some(FastPath { empty_runs });
        } else {
            for client in 0..self.clients.len() as u32 {
                self.resume_run(client);
                self.wake(client);
            }
            self.fast = None;
        }
    }

    /// Whether the fast path is on.
    pub fn fast_path(&self) -> bool {
        self.fast.is_some()
    }

    /// Brings the counters of every empty run and parked poller up to now (called when a run of
    /// the engine stops).
    pub(super) fn settle_runs(&mut self) {
        if self.fast.is_some() {
            for client in 0..self.clients.len() as u32 {
                self.settle_run(client);
                self.count_skipped(client, self.now, true);
            }
        }
    }

    /// At a slot of `client`, which is neither waiting nor backing off: starts an empty run if
    /// the polls from this slot on will find nothing. True when it did.
    pub(super) fn start_empty_run(&mut self, client: u32) -> bool {
        let Some(interval) = self.fast.and_then(|f| f.empty_runs) else {
            return false;
        };
        if self.drill.rate_limit.is_some() || self.pool.queued(self.now) > 0 {
            return false;
        }
        let latency = self.cfg.latency_ms;
        let c = &mut self.clients[client as usize];
        let first = c.slot;
        if c.producer.count != c.replay.count
            || c.phase_ms.saturating_add(first.saturating_mul(interval)) != self.now
        {
            return false;
        }
        // Polls reaching the server before the next event (strictly) are empty.
        let next_event = c.producer.time().unwrap_or(MAX_TIME_MS).min(MAX_TIME_MS);
        let end = next_event
            .saturating_sub(latency + c.phase_ms)
            .div_ceil(interval);
        if end <= first {
            return false;
        }
        c.run = Some(EmptyRun {
            end,
            sent: first,
            arrived: first,
            answered: first,
        });
        c.slot = end;
        let at = c.phase_ms + end * interval;
        self.queue.push(
            at,
            Ev::RunEnd {
                client,
                slot: end as u32,
            },
        );
        true
    }

    /// The end of an empty run: its polls are counted and the client polls at this slot.
    pub(super) fn run_ends(&mut self, client: u32, slot: u32) {
        let c = &self.clients[client as usize];
        if c.run.is_some_and(|r| r.end as u32 == slot) {
            self.settle_run(client);
            self.clients[client as usize].run = None;
            self.poll_send(client);
        }
    }

    /// Counts the steps of `client`'s empty run that are due by now.
    fn settle_run(&mut self, client: u32) {
        let (Some(interval), Some(mut run)) = (
            self.fast.and_then(|f| f.empty_runs),
            self.clients[client as usize].run,
        ) else {
            return;
        };
        let old = run;
        let (latency, service) = (self.cfg.latency_ms, self.cfg.service_ms);
        let now = self.now;
        let c = &self.clients[client as usize];
        let phase = c.phase_ms;
        let after = c.replay.count;
        // The first slot whose step, `offset` after its send, comes after now.
        let due = |offset: u64| {
            now.checked_sub(phase + offset)
                .map_or(0, |t| t / interval + 1)
                .min(run.end)
        };
        // The series keep two minutes: older steps only count.
        let kept_from = (now / 1_000).saturating_sub(119) * 1_000;
        let kept = |offset: u64, from: u64| {
            from.max(kept_from.saturating_sub(phase + offset).div_ceil(interval))
        };
        let thin = self.behaviour.thin;
        let m = &mut self.metrics;

        let to = due(0).max(run.sent);
        let n = to - run.sent;
        let bytes = estimated_bytes(
            MessageKind::PollRequest,
            Payload::Poll {
                after,
                api_key: true,
            },
            thin,
        );
        m.counters.polls_sent += n;
        m.counters.requests += n;
        m.counters.messages += n;
        m.counters.bytes += n * bytes as u64;
        for k in kept(0, run.sent)..to {
            m.series.bucket(phase + k * interval).requests += 1;
        }
        run.sent = to;

        let to = due(latency).max(run.arrived);
        let n = to - run.arrived;
        let bytes = estimated_bytes(
            MessageKind::EmptyResponse,
            Payload::Events { after, count: 0 },
            thin,
        );
        m.counters.requests_arrived += n;
        m.counters.polls += n;
        m.counters.empty_polls += n;
        m.counters.messages += n;
        m.counters.bytes += n * bytes as u64;
        m.jobs += n;
        m.busy_ms += n * service;
        for k in kept(latency, run.arrived)..to {
            m.series.bucket(phase + k * interval + latency).busy_ms += service;
        }
        run.arrived = to;

        let to = due(2 * latency + service).max(run.answered);
        m.counters.answered += to - run.answered;
        run.answered = to;

        // Message ids stay unique; their order among the run's polls is not kept.
        self.next_msg_id += (run.sent - old.sent) + (run.arrived - old.arrived);
        self.clients[client as usize].run = Some(run);
    }

    /// Fast path off: `client`'s empty run becomes what the per-event engine would have pending:
    /// the poll under way, and its next slot.
    fn resume_run(&mut self, client: u32) {
        self.settle_run(client);
        let Some(interval) = self.fast.and_then(|f| f.empty_runs) else {
            return;
        };
        let Some(run) = self.clients[client as usize].run.take() else {
            return;
        };
        let (latency, service) = (self.cfg.latency_ms, self.cfg.service_ms);
        let timeout = self.poll_timeout_ms();
        let c = &mut self.clients[client as usize];
        let after = c.replay.count;
        let sent_at = c.phase_ms + run.answered * interval;
        if run.answered < run.sent {
            c.poll_seq = c.poll_seq.wrapping_add(1);
            c.awaiting = true;
            c.deadline_ms = sent_at + timeout;
            let seq = c.poll_seq;
            let ev = if run.answered < run.arrived {
                (
                    sent_at + 2 * latency + service,
                    Ev::PollResponse {
                        client,
                        upto: after,
                        seq,
                    },
                )
            } else {
                (sent_at + latency, Ev::PollArrive { client, after, seq })
            };
            self.queue.push(ev.0, ev.1);
        }
        let c = &mut self.clients[client as usize];
        c.slot = run.sent;
        let at = c.phase_ms + run.sent * interval;
        self.queue.push(at, Ev::PollSend { client });
    }

    /// A scheduled poller that is waiting for an answer sleeps through its slots instead of
    /// skipping each one. True when it did.
    pub(super) fn park(&mut self, client: u32) -> bool {
        if self.fast.is_none() {
            return false;
        }
        self.clients[client as usize].parked_at = Some(self.now);
        true
    }

    /// Counts the slots a parked poller slept through before `limit` (and at it, when
    /// `inclusive`), and returns the time of the next one.
    fn count_skipped(&mut self, client: u32, limit: u64, inclusive: bool) -> Option<u64> {
        let mut t = self.clients[client as usize].parked_at?;
        let mut skipped = 0;
        while t < limit || (inclusive && t == limit) {
            skipped += 1;
            self.clients[client as usize].slot += 1;
            t = self.slot_time(client);
        }
        self.metrics.counters.polls_skipped += skipped;
        self.clients[client as usize].parked_at = Some(t);
        Some(t)
    }

    /// A parked poller wakes (its answer, timeout or 503 came, or the fast path ends): it is due
    /// at its first slot from now. A slot at the instant of an answer comes first in the
    /// per-event engine (it was scheduled earlier), so it is skipped too; when the fast path ends,
    /// the slots at now have been handled as well.
    pub(super) fn wake(&mut self, client: u32) {
        if let Some(t) = self.count_skipped(client, self.now, true) {
            self.clients[client as usize].parked_at = None;
            self.queue.push(t, Ev::PollSend { client });
        }
    }

    /// At a slot inside a back-off: the slots until it ends are deferred at once, and the poller
    /// is due at the first one after. True when it did.
    pub(super) fn defer_until_back_off_ends(&mut self, client: u32) -> bool {
        if self.fast.is_none() {
            return false;
        }
        let until = self.clients[client as usize].backoff_until_ms;
        let mut deferred = 0;
        let mut t = self.now;
        while t < until {
            deferred += 1;
            self.clients[client as usize].slot += 1;
            t = self.slot_time(client).max(self.now);
        }
        self.metrics.counters.polls_deferred += deferred;
        self.queue.push(t, Ev::PollSend { client });
        true
    }
}
