//! The discrete-event engine: a time-ordered queue with a sequence number to break ties, and the
//! server's FIFO worker pool computed at arrival.
//!
//! Entries are 32 bytes (time, sequence, compact event); push and pop are O(log n) in the number
//! of pending events, which is a few per client, never a scan over clients.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

/// Something that happens at a simulated instant. Small and `Copy`: indexes, not data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ev {
    /// The next business event of a client.
    Produce { client: u32 },
    /// A scheduled (or long) poll leaves the client.
    PollSend { client: u32 },
    /// A poll reaches the server; `after` is the client's cursor when it was sent.
    PollArrive { client: u32, after: u32 },
    /// A poll response reaches the client; it covers events below `upto`.
    PollResponse { client: u32, upto: u32 },
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
    /// Hybrid: the fetched event reaches the client.
    FetchResponse { client: u32, event: u32 },
    /// Hybrid: the client's fetch timer fires after a lost fetch.
    FetchRetry { client: u32, event: u32 },
    /// A poll sent without an API key reaches the server (the API key drill).
    UnauthenticatedPollArrive { client: u32, after: u32 },
    /// A 429 answer reaches the client, asking it to wait `retry_after_ms`.
    PollRefused { client: u32, retry_after_ms: u32 },
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    time: u64,
    seq: u64,
    ev: Ev,
}

impl PartialEq for Entry {
    fn eq(&self, o: &Self) -> bool {
        self.time == o.time && self.seq == o.seq
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Entry {
    /// Reversed, so that the max-heap pops the earliest (then first scheduled) entry.
    fn cmp(&self, o: &Self) -> Ordering {
        (o.time, o.seq).cmp(&(self.time, self.seq))
    }
}

/// Pending events in time order; equal times come out in scheduling order.
#[derive(Debug, Default)]
pub struct EventQueue {
    heap: BinaryHeap<Entry>,
    seq: u64,
}

impl EventQueue {
    #[inline]
    pub fn push(&mut self, time: u64, ev: Ev) {
        self.seq += 1;
        self.heap.push(Entry {
            time,
            seq: self.seq,
            ev,
        });
    }

    /// Time of the earliest pending event.
    #[inline]
    pub fn peek_time(&self) -> Option<u64> {
        self.heap.peek().map(|e| e.time)
    }

    /// Removes the earliest event if it is due at or before `limit`.
    #[inline]
    pub fn pop_until(&mut self, limit: u64) -> Option<(u64, Ev)> {
        match self.heap.peek() {
            Some(e) if e.time <= limit => self.heap.pop().map(|e| (e.time, e.ev)),
            _ => None,
        }
    }

    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

/// A FIFO pool of `c` identical workers with service time `S`. Because service times are known at
/// arrival, a request's start and finish are computed then: start = max(arrival, earliest free
/// worker), finish = start + S.
#[derive(Debug)]
pub struct WorkerPool {
    free_at: BinaryHeap<Reverse<u64>>,
    service_ms: u64,
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
        }
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
                Service { start, finish }
            }
            None => Service {
                start: arrival,
                finish: arrival + s,
            },
        }
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
        assert!(std::mem::size_of::<Ev>() <= 12);
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
}
