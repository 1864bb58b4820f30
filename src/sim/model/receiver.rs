//! The receiver's side: a client's answer to a delivery (401, 503, a duplicate's 200 or a new
//! event processed), its dedupe memory of message ids, and hybrid's fetch of the details after a
//! thin webhook.

use std::collections::{BTreeMap, BTreeSet};

use super::network::Outgoing;
use super::{Ev, Learned, Simulation};
use crate::signing::VerifyError;
use crate::sim::message::{Endpoint, MessageKind, Payload, Status, Tamper};
use crate::sim::metrics::Series;

/// What a client knows about one of its events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    /// Hybrid: the thin webhook arrived, the fetch is under way.
    Claimed {
        event_ms: u64,
    },
    Known,
    /// Dead-lettered before the client knew it.
    Lost,
}

/// The receiver's dedupe memory: everything below `watermark` is known or lost, so the map holds
/// only the out-of-order tail and memory stays bounded by what is pending.
#[derive(Debug, Default)]
pub(super) struct Seen {
    pub(super) watermark: u32,
    pub(super) above: BTreeMap<u32, Mark>,
    /// Lost ids below the watermark, kept only when reconciliation may still recover them.
    pub(super) lost_below: BTreeSet<u32>,
    pub(super) lost_count: u32,
}

impl Seen {
    pub(super) fn get(&self, k: u32) -> Option<Mark> {
        if k < self.watermark {
            Some(if self.lost_below.contains(&k) {
                Mark::Lost
            } else {
                Mark::Known
            })
        } else {
            self.above.get(&k).copied()
        }
    }

    pub(super) fn set(&mut self, k: u32, m: Mark, keep_lost: bool) {
        let old = self.get(k);
        if old == Some(Mark::Lost) && m != Mark::Lost {
            self.lost_count -= 1;
        }
        if m == Mark::Lost && old != Some(Mark::Lost) {
            self.lost_count += 1;
        }
        if k < self.watermark {
            if m == Mark::Lost {
                self.lost_below.insert(k);
            } else {
                self.lost_below.remove(&k);
            }
            return;
        }
        if k == self.watermark && m == Mark::Known && self.above.is_empty() {
            self.watermark += 1;
            return;
        }
        self.above.insert(k, m);
        while let Some(&mark) = self.above.get(&self.watermark) {
            match mark {
                Mark::Claimed { .. } => break,
                Mark::Lost if keep_lost => {
                    self.lost_below.insert(self.watermark);
                }
                Mark::Lost | Mark::Known => {}
            }
            self.above.remove(&self.watermark);
            self.watermark += 1;
        }
    }

    /// Events known by the client.
    pub(super) fn known(&self) -> u64 {
        let known_above = self.above.values().filter(|m| **m == Mark::Known).count() as u64;
        let lost_above = self.above.values().filter(|m| **m == Mark::Lost).count() as u64;
        self.watermark as u64 + known_above - (self.lost_count as u64 - lost_above)
    }
}

impl Simulation {
    /// The receiver's rules for an arriving delivery.
    pub(super) fn delivery_arrives(&mut self, d: u32) {
        enum Answer {
            Gone,
            Stale,
            Reject,
            Down,
            Duplicate,
            New,
        }
        let del = self.deliveries[d as usize];
        let up = self.receivers_up_at(self.now);
        let mark = self.clients[del.client as usize].seen.get(del.event);
        // Genuine deliveries verify by construction; anything a drill sent is really checked.
        let verdict = match del.tamper {
            Tamper::None => Ok(()),
            _ => self.receiver_check(&del),
        };
        let gone = self.endpoint_gone(del.client);
        let answer = match (verdict, up, mark) {
            // A URL that no longer exists answers 410 Gone, whatever was sent.
            _ if gone => Answer::Gone,
            // A timestamp more than 5 minutes away is refused with 401: a possible replay.
            (
                Err(VerifyError::TimestampTooOld { .. } | VerifyError::TimestampInFuture { .. }),
                _,
                _,
            ) => Answer::Stale,
            // A delivery whose signature does not verify is refused with 401 and never processed.
            (Err(_), _, _) => Answer::Reject,
            // A receiver that is down answers 503 (its load balancer has no healthy backend).
            (Ok(()), false, _) => Answer::Down,
            // A message id seen before (known, or being fetched) is acknowledged, not processed again.
            (Ok(()), true, Some(Mark::Known | Mark::Claimed { .. })) => Answer::Duplicate,
            // A new message is acknowledged on receipt and processed after (the slow-handler
            // drill processes first and acknowledges when processing ends).
            (Ok(()), true, None | Some(Mark::Lost)) => Answer::New,
        };
        let stale = matches!(answer, Answer::Stale);
        let (status, processed_ms) = match answer {
            Answer::Gone => (Status::Gone, None),
            Answer::Stale => {
                self.metrics.counters.rejected_signatures += 1;
                self.metrics.counters.rejected_stale += 1;
                (Status::Unauthorized, None)
            }
            Answer::Reject => {
                self.metrics.counters.rejected_signatures += 1;
                (Status::Unauthorized, None)
            }
            Answer::Down => (Status::ServiceUnavailable, None),
            Answer::Duplicate => {
                self.metrics.counters.duplicates += 1;
                (Status::Ok, None)
            }
            Answer::New => {
                let handler_ms = self
                    .slow_handler()
                    .unwrap_or(self.cfg.receiver_processing_ms);
                let done = self.now + handler_ms;
                if self.behaviour.thin {
                    let keep_lost = self.behaviour.reconciles();
                    if mark == Some(Mark::Lost) {
                        self.metrics.counters.lost -= 1;
                        self.drill.recovered(del.client, del.event);
                    }
                    let c = &mut self.clients[del.client as usize];
                    c.seen.set(
                        del.event,
                        Mark::Claimed {
                            event_ms: del.event_ms,
                        },
                        keep_lost,
                    );
                    self.note_notification(del.client, del.event);
                    self.send_fetch(del.client, del.event, done);
                } else {
                    self.learn(del.client, del.event, del.event_ms);
                    self.apply_version(del.client, del.event);
                }
                (Status::Ok, Some(done))
            }
        };
        let respond_at = match processed_ms {
            Some(done) if self.slow_handler().is_some() => done,
            _ => self.now,
        };
        let kind = if status.is_success() {
            MessageKind::Ack
        } else {
            MessageKind::Failure
        };
        let (arr, lost) = self.send_to(
            Outgoing {
                kind,
                from: Endpoint::Client(del.client),
                client: del.client,
                sent: respond_at,
                status: Some(status),
                payload: Payload::Answer {
                    event: del.event,
                    attempt: del.attempt,
                    stale,
                    received_ms: self.now,
                    processed_ms,
                },
            },
            del.sender,
        );
        self.deliveries[d as usize].status = Some(status);
        let deadline = del.sent_ms + self.cfg.receiver_timeout_ms;
        let (at, success) = if lost || arr > deadline {
            (deadline.max(self.now), false)
        } else {
            (arr, kind == MessageKind::Ack)
        };
        self.deliveries[d as usize].success = success;
        self.queue.push(at, Ev::AttemptOutcome { delivery: d });
    }

    /// The client comes to know event `k` now; false if it already knew it.
    #[inline]
    pub(super) fn learn(&mut self, client: u32, k: u32, event_ms: u64) -> bool {
        self.learn_at(client, k, event_ms, self.now)
    }

    /// The client came to know event `k` at `at` (now, or earlier in a run the fast path counts
    /// late); false if it already knew it. The charts keep only the last two minutes.
    #[inline]
    pub(super) fn learn_at(&mut self, client: u32, k: u32, event_ms: u64, at: u64) -> bool {
        let keep_lost = self.behaviour.reconciles();
        let c = &mut self.clients[client as usize];
        match c.seen.get(k) {
            Some(Mark::Known) => return false,
            Some(Mark::Lost) => {
                self.metrics.counters.lost -= 1;
                self.drill.recovered(client, k);
            }
            _ => {}
        }
        let c = &mut self.clients[client as usize];
        c.seen.set(k, Mark::Known, keep_lost);
        let delay = at.saturating_sub(event_ms);
        self.metrics.counters.delivered += 1;
        self.metrics.delay.record(delay);
        if self.last_learned.is_none_or(|l| l.at_ms <= at) {
            self.last_learned = Some(Learned {
                client,
                event: k,
                at_ms: at,
                delay_ms: delay,
            });
        }
        if at >= Series::first_kept_ms(self.now) {
            let b = self.metrics.series.bucket(at);
            b.delay_sum_ms += delay;
            b.delay_n += 1;
        }
        true
    }

    pub(super) fn send_fetch(&mut self, client: u32, event: u32, at: u64) {
        let (arr, lost) = self.send(Outgoing::request(
            MessageKind::ApiFetch,
            client,
            at,
            Payload::Fetch { event },
        ));
        if lost {
            self.queue.push(
                at + self.cfg.receiver_timeout_ms,
                Ev::FetchRetry { client, event },
            );
        } else {
            self.queue.push(arr, Ev::FetchArrive { client, event });
        }
    }

    /// Hybrid: a fetch reaches the server, which answers with the event's details and the
    /// record's current version, the newest event of the client so far.
    pub(super) fn answer_fetch(&mut self, client: u32, event: u32) {
        self.metrics.counters.requests_arrived += 1;
        let version = self.clients[client as usize]
            .producer
            .count
            .saturating_sub(1)
            .max(event);
        let svc = self.serve();
        let (arr, lost) = self.send(Outgoing::response(
            MessageKind::ApiFetchResponse,
            client,
            svc.finish,
            Status::Ok,
            Payload::Fetch { event },
        ));
        if lost {
            self.queue.push(
                svc.finish + self.cfg.receiver_timeout_ms,
                Ev::FetchRetry { client, event },
            );
        } else {
            self.queue.push(
                arr,
                Ev::FetchResponse {
                    client,
                    event,
                    version,
                },
            );
        }
    }

    /// Hybrid: the fetched details arrive; the client now knows the event and applies the
    /// record's state at `version`.
    pub(super) fn fetch_response(&mut self, client: u32, event: u32, version: u32) {
        if let Some(Mark::Claimed { event_ms }) = self.clients[client as usize].seen.get(event) {
            self.learn(client, event, event_ms);
            self.apply_version(client, version);
        }
    }

    /// Hybrid: a fetch went unanswered; the client fetches again if it still needs to.
    pub(super) fn fetch_retry(&mut self, client: u32, event: u32) {
        if let Some(Mark::Claimed { .. }) = self.clients[client as usize].seen.get(event) {
            self.send_fetch(client, event, self.now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_tracks_out_of_order_and_lost() {
        let mut s = Seen::default();
        s.set(0, Mark::Known, true);
        s.set(2, Mark::Known, true);
        assert_eq!(s.watermark, 1);
        s.set(1, Mark::Lost, true);
        assert_eq!(s.watermark, 3);
        assert_eq!(s.get(1), Some(Mark::Lost));
        assert_eq!(s.known(), 2);
        s.set(1, Mark::Known, true);
        assert_eq!(s.known(), 3);
        assert_eq!(s.lost_count, 0);
    }
}
