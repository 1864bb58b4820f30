//! The on-demand client: each action of a user sends one query, the API reads what it asks for at
//! that moment and answers with as many rows as the query selects. Nothing is sent without a user
//! asking, and the provider has nothing to push.

use std::collections::BTreeMap;

use super::network::Outgoing;
use super::{Ev, Simulation};
use crate::sim::message::{MessageKind, Payload, Status};

/// Queries not yet answered, by client and action.
#[derive(Debug, Default)]
pub(super) struct Asks(BTreeMap<(u32, u32), Ask>);

#[derive(Debug)]
struct Ask {
    asked_ms: u64,
    /// When the server read the rows, once it has.
    read_ms: Option<u64>,
}

impl Simulation {
    fn query_payload(&self, client: u32, action: u32) -> Payload {
        let query = self.cfg.query;
        Payload::Query {
            query,
            action,
            rows: query.rows(self.cfg.seed, client, action),
        }
    }

    /// A user of `client` acts now: the client sends the query for it.
    pub(super) fn user_action(&mut self, client: u32, action: u32) {
        self.metrics.counters.user_actions += 1;
        let (arr, lost) = self.send(Outgoing::request(
            MessageKind::Query,
            client,
            self.now,
            self.query_payload(client, action),
        ));
        if !lost {
            let ask = Ask {
                asked_ms: self.now,
                read_ms: None,
            };
            self.asks.0.insert((client, action), ask);
            self.queue.push(arr, Ev::QueryArrive { client, action });
        }
    }

    /// The server reads the rows the query selects, as they are when a worker is free, and sends
    /// them back.
    pub(super) fn answer_query(&mut self, client: u32, action: u32) {
        self.metrics.counters.requests_arrived += 1;
        let svc = self.serve();
        let payload = self.query_payload(client, action);
        let (arr, lost) = self.send(Outgoing::response(
            MessageKind::QueryResponse,
            client,
            svc.finish,
            Status::Ok,
            payload,
        ));
        if lost {
            self.asks.0.remove(&(client, action));
        } else {
            if let Some(ask) = self.asks.0.get_mut(&(client, action)) {
                ask.read_ms = Some(svc.finish);
            }
            self.queue.push(arr, Ev::QueryAnswer { client, action });
        }
    }

    /// The answer reaches the user: counted with its rows, its wait and its data's age.
    pub(super) fn query_answered(&mut self, client: u32, action: u32) {
        let Some(ask) = self.asks.0.remove(&(client, action)) else {
            return;
        };
        let rows = self.cfg.query.rows(self.cfg.seed, client, action);
        let c = &mut self.metrics.counters;
        c.queries_answered += 1;
        c.answer_rows += rows as u64;
        if rows == 0 {
            c.empty_answers += 1;
        }
        c.answer_wait_ms += self.now - ask.asked_ms;
        c.answer_age_ms += self.now - ask.read_ms.unwrap_or(self.now);
    }
}
