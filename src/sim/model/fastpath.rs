//! The fast path of fast-forwards and headless runs: work in proportion to what happens, not to
//! the number of polls.
//!
//! Two shortcuts, both off during playback (which draws every message) and while a transcript is
//! recorded:
//!
//! - **Runs of polls.** Below half load, a scheduled poller whose every step is known in advance
//!   needs no engine event per poll: the polls from a slot on are a run, counted from their known
//!   times (send, arrival, answer) whenever the counters are read. Each poll is assumed to find a
//!   free worker, so runs are taken only when nobody waits at their start and the offered load is
//!   at most one half.
//!   - In polling mode, where an event does nothing at the provider but wait to be listed, a run
//!     is *open*: its polls carry the events too. The provider's events are read from the
//!     client's stream when the counters are read, each listed by the first poll to reach the
//!     server at or after it and learnt when that poll's answer is back, so the cost follows the
//!     events and the engine does nothing between them. Open runs also leave out the queueing
//!     wait of the polls that carry events, so they are taken only where that wait, bounded by
//!     ρ/(1 - ρ) service times, is at most a thousandth of the poll interval.
//!   - Elsewhere (hybrid's reconciliation) a run is *empty*: it ends at the slot before the
//!     client's next event, whose time its stream already holds, and that poll is the engine's.
//! - **Parked slots.** A poller that is waiting for an answer, or backing off, skips its slots.
//!   Rather than an engine event per skipped slot, it sleeps until its answer, timeout or 503
//!   comes (or its back-off ends), and the slots in between are counted then.
//!
//! Counting exactly what the per-event engine counts holds where the model is deterministic (no
//! loss, no jitter, no queueing); elsewhere the shortcuts draw the shared random streams in
//! another order, so the figures agree in distribution (tests/sim_fastpath.rs).

use std::collections::VecDeque;

use super::{Ev, EventStream, Simulation, MAX_TIME_MS};
use crate::sim::message::{estimated_bytes, MessageKind, Payload};
use crate::sim::metrics::Series;

/// Offered load at or below which polls are counted in runs.
const RUN_MAX_LOAD: f64 = 0.5;
/// An open run leaves out queueing waits up to this fraction of the poll interval.
const OPEN_RUN_MAX_WAIT: f64 = 0.001;
/// The end of an open run: it lasts until the fast path stops.
const OPEN: u64 = u64::MAX;

/// A scheduled poller's polls in slots `[first, end)`; `sent`, `arrived` and `answered` are the
/// first slot whose step (sent, arrived and answered, answer read) is not counted yet.
#[derive(Debug)]
pub(super) struct Run {
    first: u64,
    end: u64,
    sent: u64,
    arrived: u64,
    answered: u64,
    /// Open runs: the events produced and not learnt yet, oldest first, each as the client's
    /// stream stood before it, with the slot of the poll that lists it. The first `listed` are
    /// in answers on their way back.
    pending: VecDeque<(u64, EventStream)>,
    listed: usize,
}

/// What the fast path may do in this run, decided when it is switched on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FastPath {
    /// Poll interval, when polls can be counted in runs.
    runs: Option<u64>,
    /// Whether those runs are open (carry events).
    open: bool,
}

/// The polls that list events in one settling: how many, and the bytes of their answers.
struct Listings {
    thin: bool,
    polls: u64,
    bytes: u64,
    /// The slot of the latest listing poll and the events it lists so far.
    last: Option<(u64, u32)>,
}

impl Listings {
    fn new(thin: bool) -> Self {
        Self {
            thin,
            polls: 0,
            bytes: 0,
            last: None,
        }
    }

    /// One more event, listed by the poll of `slot` (slots come in order).
    fn add(&mut self, slot: u64) {
        match &mut self.last {
            Some((k, count)) if *k == slot => *count += 1,
            last => {
                let done = last.replace((slot, 1));
                self.polls += 1;
                self.close(done);
            }
        }
    }

    fn close(&mut self, listing: Option<(u64, u32)>) {
        if let Some((_, count)) = listing {
            let answer = Payload::Events { after: 0, count };
            self.bytes += estimated_bytes(MessageKind::DataResponse, answer, self.thin) as u64;
        }
    }

    /// The bytes of all the answers that list events.
    fn finish(mut self) -> u64 {
        let last = self.last.take();
        self.close(last);
        self.bytes
    }
}

impl Run {
    /// Its poll sent and not answered yet (0 or 1: the answer comes before the next slot).
    pub(super) fn in_flight(&self) -> u64 {
        self.sent - self.answered
    }

    /// Whether the run carries events, and the provider's events are read lazily.
    pub(super) fn is_open(&self) -> bool {
        self.end == OPEN
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
            let load = self.theory().server_utilization;
            let runs = b.poll_every_ms.filter(|&t| {
                !b.long_polls
                    && cfg.poll_jitter == 0.0
                    && cfg.loss == 0.0
                    && cfg.latency_jitter_ms == 0
                    && 2 * cfg.latency_ms + cfg.service_ms < t
                    && load <= RUN_MAX_LOAD
            });
            let open = runs.is_some_and(|t| {
                let wait_bound = load / (1.0 - load) * cfg.service_ms as f64;
                !b.pushes && !b.on_demand && wait_bound <= OPEN_RUN_MAX_WAIT * t as f64
            });
            self.fast = Some(FastPath { runs, open });
        } else {
            self.end_runs();
            self.fast = None;
        }
    }

    /// Whether the fast path is on.
    pub fn fast_path(&self) -> bool {
        self.fast.is_some()
    }

    /// Every run becomes what the per-event engine would have pending (a drill that changes how
    /// polls are answered calls this; runs start again at the clients' next slots).
    pub(super) fn end_runs(&mut self) {
        for client in 0..self.clients.len() as u32 {
            self.resume_run(client);
            self.wake(client);
        }
    }

    /// Brings the counters of every run and parked poller up to now (called when a run of the
    /// engine stops).
    pub(super) fn settle_runs(&mut self) {
        if self.fast.is_some() {
            for client in 0..self.clients.len() as u32 {
                self.settle_run(client);
                self.count_skipped(client, self.now, true);
            }
        }
    }

    /// At a slot of `client`, which is neither waiting nor backing off: starts a run if the
    /// polls from this slot on are known in advance. True when it did.
    pub(super) fn start_run(&mut self, client: u32) -> bool {
        let Some(FastPath {
            runs: Some(interval),
            open,
        }) = self.fast
        else {
            return false;
        };
        if self.drill.rate_limit.is_some() || self.pool.queued(self.now) > 0 {
            return false;
        }
        let latency = self.cfg.latency_ms;
        let c = &mut self.clients[client as usize];
        let first = c.slot;
        if c.phase_ms.saturating_add(first.saturating_mul(interval)) != self.now {
            return false;
        }
        let end = if open {
            OPEN
        } else {
            if c.producer.count != c.replay.count {
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
            let at = c.phase_ms + end * interval;
            self.queue.push(
                at,
                Ev::RunEnd {
                    client,
                    slot: end as u32,
                },
            );
            end
        };
        let c = &mut self.clients[client as usize];
        let mut run = Run {
            first,
            end,
            sent: first,
            arrived: first,
            answered: first,
            pending: VecDeque::new(),
            listed: 0,
        };
        // Events produced since the last answer are the first poll's to list.
        let mut stream = c.replay.clone();
        while stream.count < c.producer.count {
            run.pending.push_back((first, stream.clone()));
            stream.advance(self.mean_gap_ms);
        }
        c.run = Some(run);
        true
    }

    /// The end of an empty run: its polls are counted and the client polls at this slot.
    pub(super) fn run_ends(&mut self, client: u32, slot: u32) {
        let c = &self.clients[client as usize];
        if c.run.as_ref().is_some_and(|r| r.end as u32 == slot) {
            self.settle_run(client);
            let c = &mut self.clients[client as usize];
            c.slot = slot as u64;
            c.run = None;
            self.poll_send(client);
        }
    }

    /// Whether `client`'s events are read by an open run rather than by the engine.
    pub(super) fn events_read_lazily(&self, client: u32) -> bool {
        self.clients[client as usize]
            .run
            .as_ref()
            .is_some_and(Run::is_open)
    }

    /// Counts the steps of `client`'s run that are due by now.
    pub(super) fn settle_run(&mut self, client: u32) {
        let Some(interval) = self.fast.and_then(|f| f.runs) else {
            return;
        };
        let Some(mut run) = self.clients[client as usize].run.take() else {
            return;
        };
        let (latency, service) = (self.cfg.latency_ms, self.cfg.service_ms);
        let (now, mean, thin) = (self.now, self.mean_gap_ms, self.behaviour.thin);
        let round_trip = 2 * latency + service;
        let phase = self.clients[client as usize].phase_ms;
        // The first slot whose step, `offset` after its send, comes after now.
        let due = |offset: u64| {
            now.checked_sub(phase + offset)
                .map_or(0, |t| t / interval + 1)
                .min(run.end)
        };
        let (sent, arrived, answered) = (
            due(0).max(run.sent),
            due(latency).max(run.arrived),
            due(round_trip).max(run.answered),
        );
        let answer_at = |slot: u64| phase + slot * interval + round_trip;

        // The events: those pending first, then those produced since (open runs), in order.
        // Each is listed by the poll of its slot and learnt when that poll's answer is back.
        let mut listings = Listings::new(thin);
        for &(slot, _) in run.pending.iter().skip(run.listed) {
            if slot >= arrived {
                break;
            }
            listings.add(slot);
            run.listed += 1;
        }
        while let Some((slot, stream)) = run.pending.front().filter(|(k, _)| *k < answered) {
            let (at, event, event_ms) = (answer_at(*slot), stream.count, stream.next_ms as u64);
            run.pending.pop_front();
            run.listed -= 1;
            self.learn_at(client, event, event_ms, at);
        }
        if run.is_open() {
            loop {
                let c = &mut self.clients[client as usize];
                let Some(event_ms) = c.producer.time().filter(|&t| t <= now) else {
                    break;
                };
                // The first poll of the run to reach the server after the event lists it, or
                // the one arriving at the same instant when the engine would have scheduled the
                // event first (its predecessor happened before the poll was sent).
                let k = event_ms.saturating_sub(phase + latency).div_ceil(interval);
                let poll_sent = phase + k * interval;
                let tie = poll_sent + latency == event_ms
                    && c.producer.last_ms.is_some_and(|t| t >= poll_sent);
                let slot = (k + u64::from(tie)).max(run.first);
                let event = c.producer.count;
                if slot >= answered {
                    run.pending.push_back((slot, c.producer.clone()));
                }
                c.producer.advance(mean);
                self.metrics.counters.events += 1;
                if slot < arrived {
                    listings.add(slot);
                    run.listed += usize::from(slot >= answered);
                }
                if slot < answered {
                    self.learn_at(client, event, event_ms, answer_at(slot));
                }
            }
        }
        // The client's stream stands before the first event it does not know yet.
        let c = &mut self.clients[client as usize];
        match run.pending.front() {
            Some((_, stream)) if stream.count > c.replay.count => c.replay = stream.clone(),
            None if run.is_open() && c.producer.count > c.replay.count => {
                c.replay = c.producer.clone()
            }
            _ => {}
        }

        // The series keep two minutes: older steps only count.
        let kept_from = Series::first_kept_ms(now);
        let kept = |offset: u64, from: u64| {
            from.max(kept_from.saturating_sub(phase + offset).div_ceil(interval))
        };
        let m = &mut self.metrics;
        let n = sent - run.sent;
        let bytes = estimated_bytes(
            MessageKind::PollRequest,
            Payload::Poll {
                after: c.replay.count,
                api_key: true,
            },
            thin,
        );
        m.counters.polls_sent += n;
        m.counters.requests += n;
        m.counters.messages += n;
        m.counters.bytes += n * bytes as u64;
        for k in kept(0, run.sent)..sent {
            m.series.bucket(phase + k * interval).requests += 1;
        }

        let n = arrived - run.arrived;
        let empty = n - listings.polls;
        let no_events = Payload::Events { after: 0, count: 0 };
        m.counters.requests_arrived += n;
        m.counters.polls += n;
        m.counters.empty_polls += empty;
        m.counters.messages += n;
        m.counters.bytes += empty
            * estimated_bytes(MessageKind::EmptyResponse, no_events, thin) as u64
            + listings.finish();
        m.jobs += n;
        m.busy_ms += n * service;
        for k in kept(latency, run.arrived)..arrived {
            m.series.bucket(phase + k * interval + latency).busy_ms += service;
        }
        m.counters.answered += answered - run.answered;

        // Message ids stay unique; their order among the run's polls is not kept.
        self.next_msg_id += (sent - run.sent) + (arrived - run.arrived);
        (run.sent, run.arrived, run.answered) = (sent, arrived, answered);
        self.clients[client as usize].run = Some(run);
    }

    /// `client`'s run becomes what the per-event engine would have pending: the provider's next
    /// event, the poll under way and the next slot.
    fn resume_run(&mut self, client: u32) {
        self.settle_run(client);
        let Some(interval) = self.fast.and_then(|f| f.runs) else {
            return;
        };
        let Some(run) = self.clients[client as usize].run.take() else {
            return;
        };
        let (latency, service) = (self.cfg.latency_ms, self.cfg.service_ms);
        let timeout = self.poll_timeout_ms();
        let c = &mut self.clients[client as usize];
        if run.is_open() && !c.produce_queued {
            if let Some(t) = c.producer.time() {
                c.produce_queued = true;
                self.queue.push(t.max(self.now), Ev::Produce { client });
            }
        }
        let c = &mut self.clients[client as usize];
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
                        upto: c.replay.count + run.listed as u32,
                        seq,
                    },
                )
            } else {
                (
                    sent_at + latency,
                    Ev::PollArrive {
                        client,
                        after: c.replay.count,
                        seq,
                    },
                )
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
