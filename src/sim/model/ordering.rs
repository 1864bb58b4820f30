//! Out-of-order arrivals at a webhook receiver. Each client's events are successive updates of
//! one record (an order's status, say): event `k` is version `k`. Retries and concurrent
//! deliveries can bring version `k` after a newer one; a receiver that applies updates in arrival
//! order then overwrites newer data with older. One that compares versions ignores the stale one.

use super::Simulation;

/// The newest version of its record each client has seen arrive.
#[derive(Debug)]
pub(super) struct Versions(Vec<Option<u32>>);

impl Versions {
    pub(super) fn for_clients(clients: u32) -> Self {
        Self(vec![None; clients as usize])
    }
}

impl Simulation {
    /// A delivery of version `event` of `client`'s record is processed now: counted when it comes
    /// after a newer one, and then applied (stale data over newer) or, when the receiver compares
    /// versions, ignored.
    pub(super) fn apply_version(&mut self, client: u32, event: u32) {
        let seen = &mut self.versions.0[client as usize];
        match *seen {
            Some(v) if event < v => {
                let c = &mut self.metrics.counters;
                c.out_of_order += 1;
                if self.cfg.orders_by_version {
                    c.stale_ignored += 1;
                } else {
                    c.stale_applied += 1;
                }
            }
            _ => *seen = Some(event),
        }
    }
}
