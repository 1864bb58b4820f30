//! Out-of-order arrivals at a webhook receiver. Each client's events are successive updates of
//! one record (an order's status, say): event `k` is version `k`. Retries and concurrent
//! deliveries can bring version `k` after a newer one; a receiver that applies updates in arrival
//! order then overwrites newer data with older. One that compares versions ignores the stale one.
//!
//! In Both the notifications arrive out of order just the same, but a notification carries no
//! data: the client fetches the record, and the server answers with its current version. So a
//! late notification leads to the current state, never to a stale one; only fetch answers that
//! cross on the way (latency jitter) can bring an older state, and those are counted like a late
//! delivery.

use super::Simulation;

/// Per client: the newest version of its record applied (or seen arrive, in plain webhooks), and
/// in Both the newest version a notification named.
#[derive(Debug)]
pub(super) struct Versions {
    applied: Vec<Option<u32>>,
    notified: Vec<Option<u32>>,
}

impl Versions {
    pub(super) fn for_clients(clients: u32) -> Self {
        Self {
            applied: vec![None; clients as usize],
            notified: vec![None; clients as usize],
        }
    }
}

/// Whether `version` comes after a newer one; otherwise it becomes the newest.
fn behind(newest: &mut Option<u32>, version: u32) -> bool {
    match *newest {
        Some(n) if version < n => true,
        _ => {
            *newest = Some(version);
            false
        }
    }
}

impl Simulation {
    /// Version `version` of `client`'s record reaches the receiver's data now (a delivery, or in
    /// Both a fetch's answer): counted when it comes after a newer one, and then applied (stale
    /// data over newer) or, when the receiver compares versions, ignored.
    pub(super) fn apply_version(&mut self, client: u32, version: u32) {
        if behind(&mut self.versions.applied[client as usize], version) {
            let c = &mut self.metrics.counters;
            c.out_of_order += 1;
            if self.cfg.orders_by_version {
                c.stale_ignored += 1;
            } else {
                c.stale_applied += 1;
            }
        }
    }

    /// Both: a notification of version `event` is processed now; counted when it comes after a
    /// newer one. Nothing is applied from it: the fetch it starts brings the current state.
    pub(super) fn note_notification(&mut self, client: u32, event: u32) {
        if behind(&mut self.versions.notified[client as usize], event) {
            self.metrics.counters.out_of_order += 1;
        }
    }
}
