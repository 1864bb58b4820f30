//! The discrete-event engine: a time-ordered queue with a sequence number to break ties, and the
//! server's FIFO worker pool computed at arrival.
//!
//! Entries are 32 bytes (time and sequence in one key, compact event); push and pop are O(log n) in the number
//! of pending events, which is a few per client, never a scan over clients. Most handled events
//! schedule one more, so the queue hands out its earliest entry without removing it and lets the
//! next push overwrite it: one sift instead of a pop's and a push's.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, VecDeque};

/// Something that happens at a simulated instant. Small and `Copy`: indexes, not data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ev {
    /// The next business event of a client.
    Produce { client: u32 },
    /// A scheduled (or long) poll leaves the client.
    PollSend { client: u32 },
    /// A poll reaches the server; `after` is the client's cursor when it was sent, `seq` the
    /// poll's number among the client's scheduled polls.
    PollArrive { client: u32, after: u32, seq: u32 },
    /// A poll response reaches the client; it covers events below `upto`.
    PollResponse { client: u32, upto: u32, seq: u32 },
    /// A scheduled poller gives up waiting for its poll `seq`.
    PollTimeout { client: u32, seq: u32 },
    /// A 503 reaches a scheduled poller: the server's accept queue was full.
    PollRejected { client: u32, retry_after_ms: u32 },
    /// A held long poll times out (ignored when `gen` is stale).
    HoldTimeout { client: u32, gen: u32 },
    /// A delivery attempt is due (retry timer).
    AttemptStart { delivery: u32 },
    /// A delivery attempt reaches the receiver.
    DeliveryArrive { delivery: u32 },
    /// The dispatcher learns how an attempt went (answer or timeout).
    AttemptOutcome { delivery: u32 },
    /// Hybrid: a fetch of one event reaches the server.
    FetchArrive { client: u32, event: u32 },
    /// Hybrid: the fetched event reaches the client, with the record's version when the server
    /// answered.
    FetchResponse {
        client: u32,
        event: u32,
        version: u32,
    },
    /// Hybrid: the client's fetch timer fires after a lost fetch.
    FetchRetry { client: u32, event: u32 },
    /// A poll sent without an API key reaches the server (the API key drill).
    UnauthenticatedPollArrive { client: u32, after: u32 },
    /// A 429 answer reaches the client, asking it to wait `retry_after_ms`.
    PollRefused { client: u32, retry_after_ms: u32 },
    /// The fast path: an empty run of polls ends at slot `slot` (low 32 bits; ignored when stale).
    RunEnd { client: u32, slot: u32 },
    /// The eavesdropper's copy of a poll reaches the server with version `key` of the key of
    /// `client`.
    StolenKeyArrive { client: u32, after: u32, key: u32 },
    /// On demand: the query of a user's action reaches the server.
    QueryArrive { client: u32, action: u32 },
    /// On demand: its answer reaches the client.
    QueryAnswer { client: u32, action: u32 },
    /// A step of a webhook registration, its handshake or its removal.
    Registry(RegistryEv),
}

/// The steps of a webhook registration (see `model/registry.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistryEv {
    /// A client sends its registration (at the start, or again after no answer came).
    Send { client: u32 },
    /// A registration reaches the provider.
    Arrive { client: u32, nonce: u32 },
    /// The provider's challenge reaches the callback URL.
    ChallengeArrive { client: u32, nonce: u32 },
    /// The endpoint's answer to the challenge reaches the provider.
    AnswerArrive { client: u32, echoed: bool },
    /// The stored subscription reaches the client.
    Confirmed { client: u32 },
    /// A client's wait for its registration's answer ends.
    Check { client: u32 },
    /// A removal reaches the provider.
    UnregisterArrive { client: u32 },
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Time in the high 64 bits, sequence in the low: one comparison orders by both.
    key: u128,
    ev: Ev,
}

impl Entry {
    fn time(&self) -> u64 {
        (self.key >> 64) as u64
    }
}

impl PartialEq for Entry {
    fn eq(&self, o: &Self) -> bool {
        self.key == o.key
    }
}
impl Eq for Entry {}
/// Reversed, so that the max-heap pops the earliest (then first scheduled) entry. The operators
/// the heap uses are written out, so each is one comparison of keys.
impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
    #[inline]
    fn lt(&self, o: &Self) -> bool {
        o.key < self.key
    }
    #[inline]
    fn le(&self, o: &Self) -> bool {
        o.key <= self.key
    }
    #[inline]
    fn gt(&self, o: &Self) -> bool {
        o.key > self.key
    }
    #[inline]
    fn ge(&self, o: &Self) -> bool {
        o.key >= self.key
    }
}
impl Ord for Entry {
    fn cmp(&self, o: &Self) -> Ordering {
        o.key.cmp(&self.key)
    }
}

/// Pending events in time order; equal times come out in scheduling order.
#[derive(Debug, Default)]
pub struct EventQueue {
    heap: BinaryHeap<Entry>,
    seq: u64,
    /// The heap's top was handed out by `pop_until` and is no longer pending: the next push
    /// overwrites it, the next pop removes it.
    spent_top: bool,
}

impl EventQueue {
    #[inline]
    pub fn push(&mut self, time: u64, ev: Ev) {
        self.seq += 1;
        let e = Entry {
            key: u128::from(time) << 64 | u128::from(self.seq),
            ev,
        };
        if self.spent_top {
            // Same set of entries as a pop and a push, so the same order comes out.
            if let Some(mut top) = self.heap.peek_mut() {
                *top = e;
            }
            self.spent_top = false;
        } else {
            self.heap.push(e);
        }
    }

    /// Time of the earliest pending event.
    pub fn peek_time(&self) -> Option<u64> {
        if !self.spent_top {
            return self.heap.peek().map(Entry::time);
        }
        // Under a spent top, the earliest pending entry is one of its two children.
        self.heap
            .as_slice()
            .iter()
            .skip(1)
            .take(2)
            .map(Entry::time)
            .min()
    }

    /// Hands out the earliest event if it is due at or before `limit`.
    #[inline]
    pub fn pop_until(&mut self, limit: u64) -> Option<(u64, Ev)> {
        if self.spent_top {
            self.heap.pop();
            self.spent_top = false;
        }
        match self.heap.peek() {
            Some(e) if e.time() <= limit => {
                self.spent_top = true;
                Some((e.time(), e.ev))
            }
            _ => None,
        }
    }

    pub fn len(&self) -> usize {
        self.heap.len() - usize::from(self.spent_top)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A FIFO pool of `c` identical workers with service time `S`. Because service times are known at
/// arrival, a request's start and finish are computed then: start = max(arrival, earliest free
/// worker), finish = start + S.
#[derive(Debug)]
pub struct WorkerPool {
    free_at: BinaryHeap<Reverse<u64>>,
    service_ms: u64,
    /// Start times of the jobs still waiting for a worker, in order (FIFO starts never go back).
    waiting: VecDeque<u64>,
}

/// When a job runs on the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    pub start: u64,
    pub finish: u64,
}

impl WorkerPool {
    pub fn new(workers: u32, service_ms: u64) -> Self {
        Self {
            free_at: (0..workers.max(1)).map(|_| Reverse(0)).collect(),
            service_ms,
            waiting: VecDeque::new(),
        }
    }

    /// Jobs accepted before `now` that are still waiting for a worker at `now`.
    #[inline]
    pub fn queued(&mut self, now: u64) -> usize {
        drop_started(&mut self.waiting, now);
        self.waiting.len()
    }

    /// Schedules a job arriving at `arrival` (jobs must be offered in arrival order for FIFO).
    #[inline]
    pub fn serve(&mut self, arrival: u64) -> Service {
        let s = self.service_ms;
        match self.free_at.peek_mut() {
            Some(mut top) => {
                let start = top.0.max(arrival);
                let finish = start + s;
                top.0 = finish;
                if start > arrival {
                    // Dropping the started jobs here keeps the list as short as the queue.
                    drop_started(&mut self.waiting, arrival);
                    self.waiting.push_back(start);
                }
                Service { start, finish }
            }
            None => Service {
                start: arrival,
                finish: arrival + s,
            },
        }
    }
}

fn drop_started(waiting: &mut VecDeque<u64>, now: u64) {
    while waiting.front().is_some_and(|&start| start <= now) {
        waiting.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_orders_by_time_then_sequence() {
        let mut q = EventQueue::default();
        q.push(5, Ev::Produce { client: 1 });
        q.push(3, Ev::Produce { client: 2 });
        q.push(5, Ev::Produce { client: 3 });
        q.push(3, Ev::Produce { client: 4 });
        let order: Vec<_> = std::iter::from_fn(|| q.pop_until(u64::MAX)).collect();
        let clients: Vec<u32> = order
            .iter()
            .map(|(_, e)| match e {
                Ev::Produce { client } => *client,
                _ => 0,
            })
            .collect();
        assert_eq!(clients, vec![2, 4, 1, 3]);
        assert!(std::mem::size_of::<Entry>() <= 32);
    }

    #[test]
    fn a_push_after_a_pop_keeps_the_order_and_the_count() {
        let mut q = EventQueue::default();
        for (t, c) in [(10, 0), (20, 1), (30, 2)] {
            q.push(t, Ev::Produce { client: c });
        }
        assert_eq!(q.pop_until(u64::MAX), Some((10, Ev::Produce { client: 0 })));
        assert_eq!((q.len(), q.peek_time()), (2, Some(20)));
        // Scheduled after the handed-out entry, before the others.
        q.push(15, Ev::Produce { client: 3 });
        assert_eq!((q.len(), q.peek_time()), (3, Some(15)));
        let order: Vec<u64> = std::iter::from_fn(|| q.pop_until(u64::MAX))
            .map(|(t, _)| t)
            .collect();
        assert_eq!(order, vec![15, 20, 30]);
        assert!(q.is_empty());
        assert_eq!(q.peek_time(), None);
        assert_eq!(q.pop_until(25), None, "a limit before the next entry stops");
    }

    #[test]
    fn pool_queues_when_busy() {
        let mut p = WorkerPool::new(2, 10);
        assert_eq!(
            p.serve(0),
            Service {
                start: 0,
                finish: 10
            }
        );
        assert_eq!(
            p.serve(0),
            Service {
                start: 0,
                finish: 10
            }
        );
        assert_eq!(
            p.serve(1),
            Service {
                start: 10,
                finish: 20
            }
        );
        assert_eq!(
            p.serve(50),
            Service {
                start: 50,
                finish: 60
            }
        );
    }

    #[test]
    fn queued_counts_the_jobs_not_yet_started() {
        let mut p = WorkerPool::new(1, 10);
        for _ in 0..4 {
            p.serve(0);
        }
        // One job runs on [0, 10); the others start at 10, 20 and 30.
        assert_eq!(p.queued(0), 3);
        assert_eq!(p.queued(10), 2);
        assert_eq!(p.queued(25), 1);
        assert_eq!(p.queued(30), 0);
    }
}
