//! The poller's side: clients asking `GET /v1/events?after=<cursor>` on a schedule, or keeping one
//! long poll open; the API answering (or holding, or refusing) them; the client reading the answer.

use super::network::Outgoing;
use super::{Ev, Simulation, MAX_TIME_MS};
use crate::sim::message::{MessageKind, Payload, Status};

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
        if self.clients[client as usize].backoff_until_ms > self.now && !self.behaviour.long_polls {
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
        if self.behaviour.long_polls {
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

    pub(super) fn long_poll_client_timeout(&self) -> u64 {
        self.cfg.long_poll_timeout_ms
            + 2 * (self.cfg.latency_ms + self.cfg.latency_jitter_ms)
            + self.cfg.service_ms
            + 1
    }

    pub(super) fn answer_poll(&mut self, client: u32, after: u32) {
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
        } else if self.behaviour.long_polls {
            self.queue.push(
                self.now + self.long_poll_client_timeout(),
                Ev::PollSend { client },
            );
        }
    }

    pub(super) fn poll_response(&mut self, client: u32, upto: u32) {
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
        }
    }

    /// A poll reaches the server: refused over the rate limit, held when a long poll finds
    /// nothing new, answered otherwise.
    pub(super) fn poll_arrives(&mut self, client: u32, after: u32) {
        self.metrics.counters.requests_handled += 1;
        // Over the rate limit: refused with 429 and a `Retry-After`, nothing served.
        if let Some(wait_ms) = self.over_rate_limit(client) {
            self.refuse_poll(client, after, Some(wait_ms));
            return;
        }
        let c = &mut self.clients[client as usize];
        if self.behaviour.long_polls && c.producer.count <= after {
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

    /// A held long poll times out: answered empty, unless it was answered already.
    pub(super) fn hold_timeout(&mut self, client: u32, gen: u32) {
        let c = &mut self.clients[client as usize];
        if c.hold_gen == gen {
            if let Some(after) = c.held.take() {
                self.answer_poll(client, after);
            }
        }
    }

    /// A poll without an API key is refused with 401.
    pub(super) fn refuse_unauthenticated(&mut self, client: u32, after: u32) {
        self.metrics.counters.requests_handled += 1;
        self.metrics.counters.unauthorized += 1;
        self.refuse_poll(client, after, None);
    }

    /// A 429 reaches the client, which waits `retry_after_ms` before its next poll.
    pub(super) fn poll_refused(&mut self, client: u32, retry_after_ms: u32) {
        let until = self.now + retry_after_ms as u64;
        self.clients[client as usize].backoff_until_ms = until;
        if self.behaviour.long_polls {
            self.queue.push(until, Ev::PollSend { client });
        }
    }
}
