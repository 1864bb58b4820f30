//! The failure drills' side of the model: what the drills set up on a running simulation (an
//! edited or replayed delivery, a secret rotation, an API key check, a rate limit, an outage, lost
//! acknowledgements) and the bounded records they are read back from (recent delivery attempts,
//! the dead-letter list). Every number comes out of the same protocol rules as the rest of the run.
//!
//! All records are capped rings: memory stays fixed however long the run.

use std::collections::{BTreeMap, VecDeque};
use std::num::NonZeroU32;

use sha2::{Digest, Sha256};

use super::dispatcher::Delivery;
use super::network::Outgoing;
use super::receiver::Mark;
use super::{Ev, InjectError, Simulation};
use crate::signing::standard::Secret;
use crate::signing::VerifyError;
use crate::sim::config::limits;
use crate::sim::message::{
    Endpoint, Injection, Message, MessageKind, Payload, Rotation, Status, Tamper,
};

/// Delivery attempts kept for the outage timeline.
pub const HISTORY_CAPACITY: usize = 64;
/// Dead letters kept for the replay list.
pub const DEAD_LETTER_CAPACITY: usize = 50;
/// Drill-injected deliveries whose originals are remembered for rendering.
const INJECTION_CAPACITY: usize = 64;

/// A per-client fixed-window rate limit on polls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub max_requests: u32,
    pub window_ms: u64,
}

/// How one delivery attempt ended, as the dispatcher saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptOutcome {
    /// A 2xx in time.
    Acked(Status),
    /// A non-2xx answer (503 down, 401 refused).
    Refused(Status),
    /// No answer before the timeout (the request or the answer was lost).
    NoAnswer,
}

/// One finished delivery attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttemptRecord {
    pub client: u32,
    pub event: u32,
    /// From 1.
    pub attempt: u8,
    /// When the event happened (the schedule counts from its first attempt, right after).
    pub event_ms: u64,
    pub sent_ms: u64,
    /// When the dispatcher learnt the outcome.
    pub outcome_ms: u64,
    pub outcome: AttemptOutcome,
    /// Sent by a drill (one attempt, no retries).
    pub injected: bool,
}

/// A message given up after the last attempt of the schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadLetter {
    pub client: u32,
    pub event: u32,
    pub attempts: u8,
    pub event_ms: u64,
    pub at_ms: u64,
    /// The client did not know the event when it was dead-lettered.
    pub unknown_to_client: bool,
}

/// Settings the drills change mid-run. They are held apart from the run's [`Config`], which never
/// changes, so that the theory shown always describes the settings the run was built with.
///
/// [`Config`]: crate::sim::Config
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Overrides {
    pub ack_loss: Option<f64>,
    pub retry_jitter: Option<f64>,
    /// Replaces the configured outage.
    pub outage: Option<(u64, u64)>,
    /// Receivers process a new delivery for this long before acknowledging it.
    pub slow_handler_ms: Option<u64>,
}

/// What the drills changed, and their bounded records.
#[derive(Debug, Default)]
pub(super) struct DrillState {
    pub overrides: Overrides,
    pub injections: BTreeMap<u64, Injection>,
    pub rotation: Option<Rotation>,
    pub rotations: u32,
    pub rate_limit: Option<RateLimit>,
    history: VecDeque<AttemptRecord>,
    dead: VecDeque<DeadLetter>,
}

impl DrillState {
    /// Records the outcome of an attempt (called once per attempt, no allocation once full).
    #[inline]
    pub fn record_attempt(&mut self, d: &Delivery, now: u64) {
        let outcome = match (d.success, d.status) {
            (true, Some(s)) => AttemptOutcome::Acked(s),
            // A success always has its answer; an answer that came too late counts as none.
            (true, None) | (false, None) => AttemptOutcome::NoAnswer,
            (false, Some(s)) if s.is_success() => AttemptOutcome::NoAnswer,
            (false, Some(s)) => AttemptOutcome::Refused(s),
        };
        if self.history.len() == HISTORY_CAPACITY {
            self.history.pop_front();
        }
        self.history.push_back(AttemptRecord {
            client: d.client,
            event: d.event,
            attempt: d.attempt,
            event_ms: d.event_ms,
            sent_ms: d.sent_ms,
            outcome_ms: now,
            outcome,
            injected: d.injected,
        });
    }

    pub fn dead_letter(&mut self, d: &Delivery, now: u64, unknown_to_client: bool) {
        if self.dead.len() == DEAD_LETTER_CAPACITY {
            self.dead.pop_front();
        }
        self.dead.push_back(DeadLetter {
            client: d.client,
            event: d.event,
            attempts: d.attempt,
            event_ms: d.event_ms,
            at_ms: now,
            unknown_to_client,
        });
    }

    /// A dead-lettered event reached its client after all: it leaves the list.
    pub fn recovered(&mut self, client: u32, event: u32) {
        if !self.dead.is_empty() {
            self.dead
                .retain(|x| !(x.client == client && x.event == event));
        }
    }

    pub(super) fn remember(&mut self, id: u64, injection: Injection) {
        self.injections.insert(id, injection);
        while self.injections.len() > INJECTION_CAPACITY {
            self.injections.pop_first();
        }
    }
}

impl Simulation {
    // ----- reading the drills' records -----

    /// The last [`HISTORY_CAPACITY`] finished delivery attempts, oldest first.
    pub fn attempt_history(&self) -> impl DoubleEndedIterator<Item = &AttemptRecord> {
        self.drill.history.iter()
    }

    /// The last [`DEAD_LETTER_CAPACITY`] dead letters not replayed or recovered, oldest first.
    pub fn dead_letters(&self) -> impl DoubleEndedIterator<Item = &DeadLetter> {
        self.drill.dead.iter()
    }

    /// The current rate limit on polls, if any.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.drill.rate_limit
    }

    /// The last secret rotation's overlap: `(started_ms, until_ms)`.
    pub fn rotation_window(&self) -> Option<(u64, u64)> {
        self.drill
            .rotation
            .as_ref()
            .map(|r| (r.started_ms, r.until_ms))
    }

    /// Secret rotations done so far.
    pub fn rotations(&self) -> u32 {
        self.drill.rotations
    }

    /// The probability that a receiver's answer is lost: the configured one, or the drill's.
    pub fn ack_loss(&self) -> f64 {
        self.drill.overrides.ack_loss.unwrap_or(self.cfg.ack_loss)
    }

    /// The retry jitter in force: the configured one, or the drill's.
    pub fn retry_jitter(&self) -> f64 {
        self.drill
            .overrides
            .retry_jitter
            .unwrap_or(self.cfg.retry_jitter)
    }

    /// The receivers' outage `(start_ms, len_ms)` in force: the drill's, or the configured one.
    pub fn outage(&self) -> Option<(u64, u64)> {
        self.drill.overrides.outage.or(self.cfg.outage)
    }

    /// The slow handler's processing time, when receivers process before acknowledging.
    pub fn slow_handler(&self) -> Option<u64> {
        self.drill.overrides.slow_handler_ms
    }

    // ----- the drills -----

    /// From now, receivers process each new delivery for `handler_ms` and only then acknowledge
    /// it (the old process-then-acknowledge way); `None` brings back acknowledging on receipt.
    /// A handler slower than the dispatcher's timeout makes every first attempt time out.
    pub fn set_slow_handler(&mut self, handler_ms: Option<u64>) {
        self.drill.overrides.slow_handler_ms =
            handler_ms.map(|h| h.min(*limits::RECEIVER_PROCESSING_MS.end()));
    }

    /// Resends delivery `original` now with `body` in place of its payload: the dispatcher signs
    /// the original payload afresh and the body is changed on the way. Returns the new message id.
    pub fn resend_edited(&mut self, original: &Message, body: String) -> Result<u64, InjectError> {
        self.inject_copy(original, Tamper::EditedBody, Some(body))
    }

    /// Sends delivery `original` again byte for byte (its timestamp and signature). Returns the
    /// new message id.
    pub fn replay_delivery(&mut self, original: &Message) -> Result<u64, InjectError> {
        self.inject_copy(original, Tamper::Replay, None)
    }

    fn inject_copy(
        &mut self,
        original: &Message,
        tamper: Tamper,
        body: Option<String>,
    ) -> Result<u64, InjectError> {
        let Payload::Delivery { event, .. } = original.payload else {
            return Err(InjectError::NotADelivery(original.id));
        };
        // Remembered before sending, so that the transcript line is rendered with it.
        let id = self.next_msg_id;
        let injection = Injection {
            original_sent_ms: original.sent_ms,
            body,
        };
        self.drill.remember(id, injection);
        match self.inject_delivery(original.client, event, tamper) {
            Ok(()) => Ok(id),
            Err(e) => {
                self.drill.injections.remove(&id);
                Err(e)
            }
        }
    }

    /// Rotates the endpoint's secret now: the dispatcher signs with the new and the old secret
    /// (`v1,new v1,old`) and receivers accept either for `overlap_ms`; after that only the new.
    pub fn rotate_secret(&mut self, overlap_ms: u64) {
        self.drill.rotations += 1;
        let mut h = Sha256::new();
        h.update(b"webhook-vs-api secret rotation");
        h.update(self.cfg.seed.to_le_bytes());
        h.update(self.drill.rotations.to_le_bytes());
        let Ok(new) = Secret::from_bytes(&h.finalize()) else {
            return;
        };
        let old = std::mem::replace(&mut self.secret, new);
        self.drill.rotation = Some(Rotation {
            old,
            started_ms: self.now,
            until_ms: self.now.saturating_add(overlap_ms),
        });
    }

    /// Sends one poll of `client` without its API key.
    pub fn send_unauthenticated_poll(&mut self, client: u32) -> Result<(), InjectError> {
        let c = self
            .clients
            .get(client as usize)
            .ok_or(InjectError::NoSuchClient(client))?;
        let after = c.replay.count;
        let (arr, lost) = self.send(Outgoing::poll(client, after, false, self.now));
        if !lost {
            self.queue
                .push(arr, Ev::UnauthenticatedPollArrive { client, after });
        }
        Ok(())
    }

    /// Sets (or lifts) the per-client rate limit on polls, from now.
    pub fn set_rate_limit(&mut self, limit: Option<RateLimit>) {
        // Polls counted in runs are not rate limited: they go back to the engine.
        self.end_runs();
        self.drill.rate_limit = limit.map(|l| RateLimit {
            max_requests: l.max_requests.max(1),
            window_ms: l.window_ms.clamp(1, u32::MAX as u64 / 2),
        });
        for c in &mut self.clients {
            c.window_start_ms = self.now;
            c.window_count = 0;
        }
    }

    /// Sets the probability that a receiver's answer is lost, from now (0 to 0.9).
    pub fn set_ack_loss(&mut self, p: f64) {
        let r = limits::ACK_LOSS;
        self.drill.overrides.ack_loss = Some(if p.is_nan() {
            0.0
        } else {
            p.clamp(*r.start(), *r.end())
        });
    }

    /// Takes receivers down for `len_ms` from `start_ms` (replaces the configured outage).
    pub fn set_outage(&mut self, start_ms: u64, len_ms: u64) {
        self.drill.overrides.outage = Some((start_ms, len_ms));
    }

    /// Sets the retry jitter from now; 0 makes attempts follow the schedule exactly.
    pub fn set_retry_jitter(&mut self, j: f64) {
        let r = limits::RETRY_JITTER;
        self.drill.overrides.retry_jitter = Some(if j.is_nan() {
            0.0
        } else {
            j.clamp(*r.start(), *r.end())
        });
    }

    /// Sends a dead-lettered message again now, with the whole retry schedule ahead of it.
    pub fn replay_dead_letter(&mut self, client: u32, event: u32) -> Result<(), InjectError> {
        let i = self
            .drill
            .dead
            .iter()
            .position(|x| x.client == client && x.event == event)
            .ok_or(InjectError::NoSuchDeadLetter { client, event })?;
        let Some(dl) = self.drill.dead.remove(i) else {
            return Err(InjectError::NoSuchDeadLetter { client, event });
        };
        if dl.unknown_to_client {
            // Still unknown (a recovery would have removed it from the list): make sure the
            // receiver's memory says so even if its watermark has moved past it.
            let seen = &mut self.clients[client as usize].seen;
            if event < seen.watermark {
                seen.lost_below.insert(event);
            }
            debug_assert_eq!(seen.get(event), Some(Mark::Lost));
        }
        self.metrics.counters.dead_letters_replayed += 1;
        let d = self.new_delivery(Delivery::first(client, event, dl.event_ms, self.now));
        self.start_attempt(d);
        Ok(())
    }

    // ----- rules' helpers -----

    /// The receiver's real signature check of a drill-sent delivery arriving now.
    pub(super) fn receiver_check(&self, d: &Delivery) -> Result<(), VerifyError> {
        let m = Message {
            id: d.msg_id,
            kind: if d.attempt <= 1 {
                MessageKind::WebhookDelivery
            } else {
                MessageKind::WebhookRetry
            },
            from: Endpoint::Server,
            to: Endpoint::Client(d.client),
            sent_ms: d.sent_ms,
            arrives_ms: self.now,
            lost: false,
            status: None,
            client: d.client,
            payload: Payload::Delivery {
                event: d.event,
                attempt: d.attempt,
                tamper: d.tamper,
            },
            bytes: 0,
        };
        self.render(&m).verdict.unwrap_or(Ok(()))
    }

    /// Counts a poll of `client` against the rate limit; the wait before the window resets when
    /// it is over.
    #[inline]
    pub(super) fn over_rate_limit(&mut self, client: u32) -> Option<u64> {
        let rl = self.drill.rate_limit?;
        let now = self.now;
        let c = &mut self.clients[client as usize];
        if now >= c.window_start_ms + rl.window_ms {
            c.window_start_ms = now;
            c.window_count = 0;
        }
        c.window_count += 1;
        (c.window_count > rl.max_requests).then(|| c.window_start_ms + rl.window_ms - now)
    }

    /// Answers a poll (scheduled poll `seq`, if one) with an error instead of events: 401 when
    /// `over_limit_ms` is `None`, else 429 with `Retry-After` (whole seconds, rounded up, so
    /// waiting it out always reaches the next window).
    pub(super) fn refuse_poll(
        &mut self,
        client: u32,
        after: u32,
        over_limit_ms: Option<u64>,
        seq: u32,
    ) {
        let svc = self.serve();
        let retry_after_s = over_limit_ms.map(|wait_ms| {
            self.metrics.counters.rate_limited += 1;
            NonZeroU32::new(wait_ms.div_ceil(1000).max(1) as u32).unwrap_or(NonZeroU32::MIN)
        });
        let status = match retry_after_s {
            Some(_) => Status::TooManyRequests,
            None => Status::Unauthorized,
        };
        let (arr, lost) = self.send(Outgoing::response(
            MessageKind::ApiError,
            client,
            svc.finish,
            status,
            Payload::Refusal {
                after,
                retry_after_s,
            },
        ));
        let Some(retry_after_s) = retry_after_s else {
            return;
        };
        let refused = Ev::PollRefused {
            client,
            retry_after_ms: retry_after_s.get().saturating_mul(1000),
        };
        if !self.behaviour.long_polls {
            self.answer_in_time(client, seq, arr, lost, refused);
        } else if !lost {
            self.queue.push(arr, refused);
        } else {
            self.queue.push(
                self.now + self.long_poll_client_timeout(),
                Ev::PollSend { client },
            );
        }
    }
}
