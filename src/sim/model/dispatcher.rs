//! The webhook dispatcher: one signed delivery per event, attempted on the retry schedule until
//! the receiver acknowledges it in time, then dead-lettered after the last attempt. With a
//! concurrency limit, it keeps at most that many attempts open to one endpoint; the others wait
//! in the endpoint's queue and leave in order as answers come back (or time out).

use std::collections::VecDeque;

use super::network::Outgoing;
use super::receiver::Mark;
use super::{Ev, InjectError, Simulation};
use crate::sim::message::{Endpoint, MessageKind, Payload, Status, Tamper};

/// One message being delivered by the webhook dispatcher, across its attempts.
#[derive(Debug, Clone, Copy)]
pub(super) struct Delivery {
    pub(super) client: u32,
    pub(super) event: u32,
    pub(super) event_ms: u64,
    /// Current attempt, from 1.
    pub(super) attempt: u8,
    pub(super) sent_ms: u64,
    pub(super) success: bool,
    pub(super) tamper: Tamper,
    /// Injected by a drill: one attempt, no retries, not part of the event accounting.
    pub(super) injected: bool,
    /// Id of the message of the current attempt.
    pub(super) msg_id: u64,
    /// The receiver's answer to the current attempt, once one came back.
    pub(super) status: Option<Status>,
    /// Who sent it, and gets the receiver's answer: the dispatcher, or the eavesdropper.
    pub(super) sender: Endpoint,
    /// The current attempt holds one of its endpoint's slots until its outcome.
    pub(super) holds_slot: bool,
}

/// The dispatcher's side of one endpoint: its attempts open now, and those waiting for a slot.
/// The queue holds only what is pending, so memory follows the backlog, not the run's length.
#[derive(Debug, Default)]
pub(super) struct Lane {
    open: u32,
    /// Attempts ready to be sent, oldest first, with the time each became ready.
    waiting: VecDeque<(u32, u64)>,
}

impl Delivery {
    /// The first attempt of event `event` of `client`, which happened at `event_ms`, sent at `now`.
    pub(super) fn first(client: u32, event: u32, event_ms: u64, now: u64) -> Self {
        Delivery {
            client,
            event,
            event_ms,
            attempt: 1,
            sent_ms: now,
            success: false,
            tamper: Tamper::None,
            injected: false,
            msg_id: 0,
            status: None,
            sender: Endpoint::Server,
            holds_slot: false,
        }
    }
}

impl Simulation {
    /// Delivery attempts waiting at the dispatcher for a free slot now, all endpoints together.
    pub fn deliveries_waiting(&self) -> usize {
        self.lanes.iter().map(|l| l.waiting.len()).sum()
    }

    /// Starts delivering event `event` of `client`, which happened now: the first attempt after
    /// the schedule's first wait.
    pub(super) fn dispatch(&mut self, client: u32, event: u32) {
        let d = self.new_delivery(Delivery::first(client, event, self.now, self.now));
        match self.cfg.retry_schedule_ms.first() {
            Some(&wait) if wait > 0 => self
                .queue
                .push(self.now + wait, Ev::AttemptStart { delivery: d }),
            _ => self.start_attempt(d),
        }
    }

    /// Sends an extra delivery of event `event` of `client` now, optionally tampered with: the
    /// seam of the tamper / replay drills. It is attempted once and never retried.
    pub fn inject_delivery(
        &mut self,
        client: u32,
        event: u32,
        tamper: Tamper,
    ) -> Result<(), InjectError> {
        let c = self
            .clients
            .get(client as usize)
            .ok_or(InjectError::NoSuchClient(client))?;
        if event >= c.producer.count {
            return Err(InjectError::NoSuchEvent { client, event });
        }
        let d = self.new_delivery(Delivery {
            tamper,
            injected: true,
            ..Delivery::first(client, event, self.now, self.now)
        });
        self.start_attempt(d);
        Ok(())
    }

    pub(super) fn new_delivery(&mut self, d: Delivery) -> u32 {
        match self.free_deliveries.pop() {
            Some(i) => {
                self.deliveries[i as usize] = d;
                i
            }
            None => {
                self.deliveries.push(d);
                (self.deliveries.len() - 1) as u32
            }
        }
    }

    /// The dispatcher is ready to send attempt `d`: it leaves now if its endpoint has a free
    /// slot, else it waits at the back of the endpoint's queue.
    pub(super) fn start_attempt(&mut self, d: u32) {
        let limit = self.cfg.delivery_concurrency;
        let lane = &mut self.lanes[self.deliveries[d as usize].client as usize];
        if limit > 0 && lane.open >= limit {
            lane.waiting.push_back((d, self.now));
            let longest = &mut self.metrics.counters.longest_endpoint_queue;
            *longest = (*longest).max(lane.waiting.len() as u64);
            return;
        }
        self.send_attempt(d);
    }

    /// The dispatcher learns the outcome of attempt `d`: its slot frees, and the oldest attempt
    /// waiting for the endpoint takes it.
    fn free_slot(&mut self, d: u32) {
        let del = &mut self.deliveries[d as usize];
        if !std::mem::take(&mut del.holds_slot) {
            return;
        }
        let lane = del.client as usize;
        self.lanes[lane].open -= 1;
        while let Some((next, since)) = self.lanes[lane].waiting.pop_front() {
            // Counted as they leave, so that the wait is summed over the same attempts.
            let c = &mut self.metrics.counters;
            c.attempts_queued += 1;
            c.slot_wait_ms += self.now - since;
            if self.send_attempt(next) {
                break;
            }
        }
    }

    /// Sends attempt `d` now, holding a slot of its endpoint; false if its subscription is gone
    /// and the attempt was dropped instead.
    fn send_attempt(&mut self, d: u32) -> bool {
        if self.drop_unsubscribed(d) {
            return false;
        }
        let svc = self.serve();
        let del = self.deliveries[d as usize];
        let kind = if del.attempt <= 1 {
            MessageKind::WebhookDelivery
        } else {
            MessageKind::WebhookRetry
        };
        self.metrics.counters.webhook_attempts += 1;
        if del.attempt > 1 {
            self.metrics.counters.retries += 1;
        }
        let msg_id = self.next_msg_id;
        let (arr, lost) = self.send(Outgoing {
            kind,
            from: Endpoint::Server,
            client: del.client,
            sent: svc.finish,
            status: None,
            payload: Payload::Delivery {
                event: del.event,
                attempt: del.attempt,
                tamper: del.tamper,
            },
        });
        let del = &mut self.deliveries[d as usize];
        del.sent_ms = svc.finish;
        del.success = false;
        del.msg_id = msg_id;
        del.status = None;
        del.holds_slot = true;
        let lane = &mut self.lanes[del.client as usize];
        lane.open += 1;
        let most = &mut self.metrics.counters.most_open_per_endpoint;
        *most = (*most).max(u64::from(lane.open));
        if lost {
            self.queue.push(
                svc.finish + self.cfg.receiver_timeout_ms,
                Ev::AttemptOutcome { delivery: d },
            );
        } else {
            self.queue.push(arr, Ev::DeliveryArrive { delivery: d });
        }
        true
    }

    pub(super) fn attempt_outcome(&mut self, d: u32) {
        self.free_slot(d);
        let del = self.deliveries[d as usize];
        self.drill.record_attempt(&del, self.now);
        if self.ends_on_gone(d) {
            return;
        }
        if del.success || del.injected {
            self.free_deliveries.push(d);
            return;
        }
        let schedule = &self.cfg.retry_schedule_ms;
        if (del.attempt as usize) < schedule.len() {
            let wait = schedule[del.attempt as usize];
            let j = self.retry_jitter();
            let wait = if j > 0.0 && wait > 0 {
                let factor = 1.0 + (2.0 * self.retry_rng.unit() - 1.0) * j;
                (wait as f64 * factor) as u64
            } else {
                wait
            };
            self.deliveries[d as usize].attempt += 1;
            self.queue
                .push(self.now + wait, Ev::AttemptStart { delivery: d });
        } else {
            self.metrics.counters.dead_letters += 1;
            let keep_lost = self.behaviour.reconciles();
            let c = &mut self.clients[del.client as usize];
            let unknown = c.seen.get(del.event).is_none();
            if unknown {
                c.seen.set(del.event, Mark::Lost, keep_lost);
                self.metrics.counters.lost += 1;
            }
            self.drill.dead_letter(&del, self.now, unknown);
            self.free_deliveries.push(d);
        }
    }
}
