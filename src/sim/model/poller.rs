//! The poller's side: clients asking `GET /v1/events?after=<cursor>` on a schedule, or keeping one
//! long poll open; the API answering (or holding, or refusing) them; the client reading the answer.
//!
//! A scheduled poller keeps at most one poll outstanding and gives up on it after its timeout;
//! the server accepts a bounded queue and answers 503 beyond it; after a timeout or a 503 the
//! poller backs off, exponentially up to a cap and with jitter, so that load sheds as it does
//! in real systems instead of queueing without end.

use std::num::NonZeroU32;

use super::network::Outgoing;
use super::{Ev, Simulation, MAX_TIME_MS};
use crate::sim::message::{MessageKind, Payload, Status};

/// First back-off after a timeout or a 503; it doubles with each failure in a row ...
const BACKOFF_BASE_MS: u64 = 1_000;
/// ... up to this.
const BACKOFF_CAP_MS: u64 = 60_000;
/// The `Retry-After` of a 503, in seconds.
const BUSY_RETRY_AFTER_S: NonZeroU32 = NonZeroU32::MIN;

impl Simulation {
    /// Send time of the client's current slot: phase + slot·T, delayed by the jitter.
    pub(super) fn slot_time(&mut self, client: u32) -> u64 {
        let interval = self
            .behaviour
            .poll_every_ms
            .unwrap_or(self.cfg.poll_interval_ms);
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

    pub(super) fn poll_send(&mut self, client: u32) {
        let long = self.behaviour.long_polls;
        let c = &self.clients[client as usize];
        if !long && (c.backoff_until_ms > self.now || c.awaiting) {
            // Still inside a `Retry-After` or a back-off, or still waiting for the previous
            // answer: this slot is skipped (on the fast path, with the slots that follow).
            if c.awaiting {
                if self.park(client) {
                    return;
                }
                self.metrics.counters.polls_skipped += 1;
            } else {
                if self.defer_until_back_off_ends(client) {
                    return;
                }
                self.metrics.counters.polls_deferred += 1;
            }
            self.clients[client as usize].slot += 1;
            let t = self.slot_time(client).max(self.now);
            self.queue.push(t, Ev::PollSend { client });
            return;
        }
        if !long && self.start_run(client) {
            return;
        }
        let after = self.clients[client as usize].replay.count;
        let (arr, lost) = self.send(Outgoing::poll(client, after, true, self.now));
        let seq = if long {
            0
        } else {
            self.await_answer(client, arr, lost)
        };
        if !lost {
            self.queue.push(arr, Ev::PollArrive { client, after, seq });
        }
        if long {
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

    /// A scheduled poll of `client` leaves now and reaches the server at `arr` (or is lost): the
    /// client starts waiting for it, and gives up at its deadline if it cannot arrive by then.
    /// Returns the poll's number.
    fn await_answer(&mut self, client: u32, arr: u64, lost: bool) -> u32 {
        let timeout = self.poll_timeout_ms();
        self.metrics.counters.polls_sent += 1;
        let c = &mut self.clients[client as usize];
        c.poll_seq = c.poll_seq.wrapping_add(1);
        c.awaiting = true;
        c.deadline_ms = self.now + timeout;
        let seq = c.poll_seq;
        if lost || arr > c.deadline_ms {
            self.queue
                .push(c.deadline_ms, Ev::PollTimeout { client, seq });
        }
        seq
    }

    /// How long a scheduled poller waits for an answer: its timeout beyond an idle round trip.
    pub(super) fn poll_timeout_ms(&self) -> u64 {
        let cfg = &self.cfg;
        cfg.request_timeout_ms + 2 * (cfg.latency_ms + cfg.latency_jitter_ms) + cfg.service_ms
    }

    /// The answer `ev` to scheduled poll `seq` of `client` leaves the server: it reaches a client
    /// still waiting for it at `arr`, unless it is lost or late, when the client's timeout comes
    /// first. A client that has given up already never reads it.
    pub(super) fn answer_in_time(&mut self, client: u32, seq: u32, arr: u64, lost: bool, ev: Ev) {
        let c = &self.clients[client as usize];
        if !c.awaiting || c.poll_seq != seq {
            return;
        }
        if lost || arr > c.deadline_ms {
            self.queue
                .push(c.deadline_ms, Ev::PollTimeout { client, seq });
        } else {
            self.queue.push(arr, ev);
        }
    }

    /// The client's poll was answered in time: it stops waiting and forgets its failures.
    fn answered(&mut self, client: u32) {
        self.metrics.counters.answered += 1;
        let c = &mut self.clients[client as usize];
        c.awaiting = false;
        c.failures = 0;
        self.wake(client);
    }

    /// The poller gives up on poll `seq`, unless it was answered meanwhile.
    pub(super) fn poll_timeout(&mut self, client: u32, seq: u32) {
        let c = &self.clients[client as usize];
        if c.awaiting && c.poll_seq == seq {
            self.metrics.counters.timed_out += 1;
            self.back_off(client, 0);
        }
    }

    /// A 503 reaches the poller; a long poller asks again when its back-off ends.
    pub(super) fn poll_rejected(&mut self, client: u32, retry_after_ms: u32) {
        self.metrics.counters.rejected += 1;
        self.back_off(client, retry_after_ms as u64);
        if self.behaviour.long_polls {
            let until = self.clients[client as usize].backoff_until_ms;
            self.queue.push(until, Ev::PollSend { client });
        }
    }

    /// After a timeout or a 503: the client stops waiting and skips its slots for a while: the
    /// base doubled for each failure in a row, capped, of which the second half is random (and
    /// the first half is at least `at_least_ms`, a 503's `Retry-After`). The randomness spreads
    /// the clients that failed together, so they do not come back together.
    fn back_off(&mut self, client: u32, at_least_ms: u64) {
        let c = &mut self.clients[client as usize];
        c.awaiting = false;
        c.failures = c.failures.saturating_add(1);
        let exp = BACKOFF_BASE_MS
            .saturating_mul(1 << (c.failures - 1).min(16))
            .min(BACKOFF_CAP_MS);
        let wait = (exp / 2).max(at_least_ms) + self.backoff_rng.up_to(exp / 2);
        c.backoff_until_ms = self.now + wait;
        self.wake(client);
    }

    pub(super) fn long_poll_client_timeout(&self) -> u64 {
        self.cfg.long_poll_timeout_ms
            + 2 * (self.cfg.latency_ms + self.cfg.latency_jitter_ms)
            + self.cfg.service_ms
            + 1
    }

    pub(super) fn answer_poll(&mut self, client: u32, after: u32, seq: u32) {
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
        let response = Ev::PollResponse { client, upto, seq };
        if !self.behaviour.long_polls {
            self.answer_in_time(client, seq, arr, lost, response);
        } else if !lost {
            self.queue.push(arr, response);
        } else {
            self.queue.push(
                self.now + self.long_poll_client_timeout(),
                Ev::PollSend { client },
            );
        }
    }

    /// The server's accept queue is full: the poll is refused with 503 and a `Retry-After`,
    /// without taking a worker.
    fn reject_poll(&mut self, client: u32, after: u32, seq: u32) {
        let (arr, lost) = self.send(Outgoing::response(
            MessageKind::ApiError,
            client,
            self.now,
            Status::ServiceUnavailable,
            Payload::Refusal {
                after,
                retry_after_s: Some(BUSY_RETRY_AFTER_S),
            },
        ));
        let retry_after_ms = BUSY_RETRY_AFTER_S.get().saturating_mul(1000);
        let ev = Ev::PollRejected {
            client,
            retry_after_ms,
        };
        if !self.behaviour.long_polls {
            self.answer_in_time(client, seq, arr, lost, ev);
        } else if !lost {
            self.queue.push(arr, ev);
        } else {
            self.queue.push(
                self.now + self.long_poll_client_timeout(),
                Ev::PollSend { client },
            );
        }
    }

    pub(super) fn poll_response(&mut self, client: u32, upto: u32, seq: u32) {
        let mean = self.mean_gap_ms;
        let reconciles = self.behaviour.thin;
        loop {
            let c = &mut self.clients[client as usize];
            let k = c.replay.count;
            if k >= upto {
                break;
            }
            let event_ms = c.replay.advance(mean);
            // A thin-webhook client polls only to reconcile: what it learns so, the webhook missed.
            if self.learn(client, k, event_ms) && reconciles {
                self.metrics.counters.reconciled += 1;
            }
        }
        if self.behaviour.long_polls {
            self.poll_send(client);
        } else {
            debug_assert_eq!(self.clients[client as usize].poll_seq, seq);
            self.answered(client);
        }
    }

    /// A poll reaches the server: refused when the accept queue is full or over the rate limit,
    /// held when a long poll finds nothing new, answered otherwise.
    pub(super) fn poll_arrives(&mut self, client: u32, after: u32, seq: u32) {
        self.metrics.counters.requests_arrived += 1;
        // Held long polls wait in the accept queue too, for an event instead of a worker.
        if self.pool.queued(self.now) + self.held_polls >= self.cfg.accept_queue as usize {
            self.reject_poll(client, after, seq);
            return;
        }
        // Over the rate limit: refused with 429 and a `Retry-After`, nothing served.
        if let Some(wait_ms) = self.over_rate_limit(client) {
            self.refuse_poll(client, after, Some(wait_ms), seq);
            return;
        }
        let c = &mut self.clients[client as usize];
        if self.behaviour.long_polls && c.producer.count <= after {
            c.hold_gen += 1;
            c.held = Some(after);
            self.held_polls += 1;
            let gen = c.hold_gen;
            self.queue.push(
                self.now + self.cfg.long_poll_timeout_ms,
                Ev::HoldTimeout { client, gen },
            );
        } else {
            self.answer_poll(client, after, seq);
        }
    }

    /// A held long poll times out: answered empty, unless it was answered already.
    pub(super) fn hold_timeout(&mut self, client: u32, gen: u32) {
        if self.clients[client as usize].hold_gen == gen {
            if let Some(after) = self.release_hold(client) {
                self.answer_poll(client, after, 0);
            }
        }
    }

    /// The server stops holding `client`'s long poll, if it held one: returns its cursor.
    pub(super) fn release_hold(&mut self, client: u32) -> Option<u32> {
        let after = self.clients[client as usize].held.take()?;
        self.held_polls -= 1;
        Some(after)
    }

    /// A poll without an API key is refused with 401.
    pub(super) fn refuse_unauthenticated(&mut self, client: u32, after: u32) {
        self.metrics.counters.requests_arrived += 1;
        self.metrics.counters.unauthorized += 1;
        self.refuse_poll(client, after, None, 0);
    }

    /// A 429 reaches the client, which waits `retry_after_ms` before its next poll.
    pub(super) fn poll_refused(&mut self, client: u32, retry_after_ms: u32) {
        let until = self.now + retry_after_ms as u64;
        self.clients[client as usize].backoff_until_ms = until;
        if self.behaviour.long_polls {
            self.queue.push(until, Ev::PollSend { client });
        } else {
            self.answered(client);
        }
    }
}
