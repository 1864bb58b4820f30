//! The figures shown beside a run: the load counters with their closed forms, and the tutorial's
//! comparison table with a measured line per feature. Tables of rows, each a pure function of a
//! stage's summary (and theory), drawn as they are by the UI.

use super::format::{bytes, count, pct, secs, DASH};
use crate::lessons::format_number;
use crate::lessons::text::COMPARISON_ROWS;
use crate::sim::{Mode, SeriesPoint, Summary, Theory};

/// What one stage shows in the counters, the comparison and the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct StageFigures {
    pub name: &'static str,
    pub summary: Summary,
    pub theory: Theory,
    pub series: Vec<SeriesPoint>,
}

/// One counter row: its key (for test ids), label, the exact measured value (for `data-value`),
/// then measured and theory text.
pub struct CounterRow {
    pub key: &'static str,
    pub label: &'static str,
    pub raw: fn(&Summary) -> f64,
    pub cells: fn(&Summary, &Theory) -> (String, String),
}

/// A sum over the on-demand answers, per answer.
fn per_answer(total: u64, s: &Summary) -> f64 {
    total as f64 / s.counters.queries_answered.max(1) as f64
}

fn first_deliveries(s: &Summary) -> u64 {
    s.counters.webhook_attempts - s.counters.retries
}

pub const COUNTER_ROWS: [CounterRow; 16] = [
    CounterRow {
        key: "events",
        label: "Business events that happened",
        raw: |s| s.counters.events as f64,
        cells: |s, t| {
            (
                count(s.counters.events as f64),
                format!("≈ {}", count(t.events_per_s * s.sim_seconds)),
            )
        },
    },
    CounterRow {
        key: "requests",
        label: "Requests to the server",
        raw: |s| s.counters.requests as f64,
        cells: |s, t| {
            (
                count(s.counters.requests as f64),
                format!("≈ {}", count(t.requests_per_s * s.sim_seconds)),
            )
        },
    },
    CounterRow {
        key: "wasted",
        label: "Polls that found nothing",
        raw: |s| s.counters.empty_polls as f64,
        cells: |s, t| {
            let measured = if s.counters.polls == 0 {
                "0".into()
            } else {
                format!(
                    "{} ({})",
                    count(s.counters.empty_polls as f64),
                    pct(s.empty_fraction)
                )
            };
            // e^(−λT) describes the regular poll of polling mode only.
            (
                measured,
                if t.mode == Mode::Polling {
                    pct(t.empty_fraction)
                } else {
                    DASH.into()
                },
            )
        },
    },
    CounterRow {
        key: "deliveries",
        label: "Webhook deliveries (first attempts)",
        raw: |s| first_deliveries(s) as f64,
        cells: |s, t| {
            let theory = if t.mode.pushes() {
                format!("≈ {}", count(t.webhook_requests_per_s * s.sim_seconds))
            } else {
                DASH.into()
            };
            (count(first_deliveries(s) as f64), theory)
        },
    },
    CounterRow {
        key: "retries",
        label: "Webhook retries",
        raw: |s| s.counters.retries as f64,
        cells: |s, _| (count(s.counters.retries as f64), DASH.into()),
    },
    CounterRow {
        key: "delivered",
        label: "Events the clients know of",
        raw: |s| s.counters.delivered as f64,
        cells: |s, t| {
            (
                format!(
                    "{} of {}",
                    count(s.counters.delivered as f64),
                    count(s.counters.events as f64)
                ),
                format!("≈ {} events", count(t.events_per_s * s.sim_seconds)),
            )
        },
    },
    CounterRow {
        key: "mean-delay",
        label: "Mean delay, event to client",
        raw: |s| s.mean_delay_ms,
        cells: |s, t| {
            (
                if s.counters.delivered == 0 {
                    DASH.into()
                } else {
                    secs(s.mean_delay_ms)
                },
                // On demand no event reaches a client: its wait has a row of its own.
                if t.mode == Mode::OnDemand {
                    DASH.into()
                } else {
                    secs(t.mean_delay_ms)
                },
            )
        },
    },
    CounterRow {
        key: "p95-delay",
        label: "95th percentile delay",
        raw: |s| s.p95_delay_ms as f64,
        cells: |s, t| {
            (
                if s.counters.delivered == 0 {
                    DASH.into()
                } else {
                    secs(s.p95_delay_ms as f64)
                },
                t.p95_delay_ms.map_or(DASH.into(), secs),
            )
        },
    },
    CounterRow {
        key: "rps",
        label: "Server load (requests per second)",
        raw: |s| s.requests_per_s,
        cells: |s, t| {
            (
                format!("{:.2}", s.requests_per_s),
                format!("{:.2}", t.requests_per_s),
            )
        },
    },
    CounterRow {
        key: "utilization",
        label: "Server utilization",
        raw: |s| s.server_utilization,
        cells: |s, t| (pct(s.server_utilization), pct(t.server_utilization)),
    },
    CounterRow {
        key: "overload",
        label: "Polls answered in time / timed out / refused (503)",
        raw: |s| (s.counters.timed_out + s.counters.rejected) as f64,
        cells: |s, t| {
            let c = &s.counters;
            // Where the offered load ρ reaches 1: past it polls queue, time out and are refused.
            let saturates = if t.mode == Mode::Polling {
                format!(
                    "server saturates at {} clients",
                    count(t.saturation_clients)
                )
            } else {
                format!(
                    "server saturates at {} requests/s",
                    count(t.saturation_requests_per_s)
                )
            };
            (
                format!(
                    "{} / {} / {}",
                    count(c.answered as f64),
                    count(c.timed_out as f64),
                    count(c.rejected as f64)
                ),
                saturates,
            )
        },
    },
    CounterRow {
        key: "endpoint-open",
        label: "Most webhook deliveries open at once to one endpoint",
        raw: |s| s.counters.most_open_per_endpoint as f64,
        cells: |s, t| {
            let theory = match t.endpoint_limit {
                Some(l) => format!("at most {}, the limit", l.concurrency),
                None if t.mode.pushes() => "no limit".into(),
                None => DASH.into(),
            };
            (count(s.counters.most_open_per_endpoint as f64), theory)
        },
    },
    CounterRow {
        key: "dispatch-queue",
        label: "Attempts sent after waiting for a free slot / longest queue at one endpoint / their mean wait",
        raw: |s| s.counters.attempts_queued as f64,
        cells: |s, t| {
            let c = &s.counters;
            let wait = if c.attempts_queued == 0 {
                DASH.into()
            } else {
                secs(c.slot_wait_ms as f64 / c.attempts_queued as f64)
            };
            // Events come faster than the limit lets them out: the queue grows.
            let theory = t.endpoint_limit.map_or(DASH.into(), |l| {
                format!(
                    "one endpoint takes ≤ {} a minute; its events come at {} a minute",
                    format_number(l.deliveries_per_min),
                    format_number(l.events_per_min)
                )
            });
            (
                format!(
                    "{} / {} / {wait}",
                    count(c.attempts_queued as f64),
                    count(c.longest_endpoint_queue as f64)
                ),
                theory,
            )
        },
    },
    CounterRow {
        key: "failures",
        label: "Dead letters / duplicates suppressed",
        raw: |s| s.counters.dead_letters as f64,
        cells: |s, _| {
            (
                format!("{} / {}", s.counters.dead_letters, s.counters.duplicates),
                DASH.into(),
            )
        },
    },
    CounterRow {
        key: "out-of-order",
        label: "Updates that arrived after a newer one (stale applied / ignored)",
        raw: |s| s.counters.out_of_order as f64,
        cells: |s, _| {
            let c = &s.counters;
            (
                format!(
                    "{} ({} / {})",
                    count(c.out_of_order as f64),
                    count(c.stale_applied as f64),
                    count(c.stale_ignored as f64)
                ),
                DASH.into(),
            )
        },
    },
    CounterRow {
        key: "bytes",
        label: "Bytes moved",
        raw: |s| s.counters.bytes as f64,
        cells: |s, _| (bytes(s.counters.bytes), DASH.into()),
    },
];

/// The rows of an on-demand run, shown when a stage runs one: requests follow the users'
/// actions, every answer holds what was asked, fresh, and there is nothing a webhook could push.
pub const ON_DEMAND_ROWS: [CounterRow; 6] = [
    CounterRow {
        key: "user-actions",
        label: "Users' actions (one query each)",
        raw: |s| s.counters.user_actions as f64,
        cells: |s, t| {
            (
                format!(
                    "{} actions, {} requests",
                    count(s.counters.user_actions as f64),
                    count(s.counters.requests as f64)
                ),
                format!("≈ {}", count(t.requests_per_s * s.sim_seconds)),
            )
        },
    },
    CounterRow {
        key: "empty-answers",
        label: "Answers with nothing in them",
        raw: |s| s.counters.empty_answers as f64,
        cells: |s, _| {
            (
                format!(
                    "{} of {}",
                    count(s.counters.empty_answers as f64),
                    count(s.counters.queries_answered as f64)
                ),
                "0: each answers what a user asked".into(),
            )
        },
    },
    CounterRow {
        key: "answer-rows",
        label: "Rows per answer (set by the query)",
        raw: |s| per_answer(s.counters.answer_rows, s),
        cells: |s, _| {
            (
                if s.counters.queries_answered == 0 {
                    DASH.into()
                } else {
                    format_number(per_answer(s.counters.answer_rows, s))
                },
                "profile 1, search 1 to 20, report 28 to 31".into(),
            )
        },
    },
    CounterRow {
        key: "answer-wait",
        label: "Mean wait, user action to answer",
        raw: |s| per_answer(s.counters.answer_wait_ms, s),
        cells: |s, t| {
            (
                if s.counters.queries_answered == 0 {
                    DASH.into()
                } else {
                    secs(per_answer(s.counters.answer_wait_ms, s))
                },
                secs(t.mean_delay_ms),
            )
        },
    },
    CounterRow {
        key: "answer-age",
        label: "Age of the data when the answer arrives",
        raw: |s| per_answer(s.counters.answer_age_ms, s),
        cells: |s, t| {
            (
                if s.counters.queries_answered == 0 {
                    DASH.into()
                } else {
                    secs(per_answer(s.counters.answer_age_ms, s))
                },
                secs(t.one_way_ms),
            )
        },
    },
    CounterRow {
        key: "nothing-to-push",
        label: "Events a webhook could have pushed",
        raw: |s| s.counters.events as f64,
        cells: |s, _| {
            (
                format!(
                    "{}: the users chose all {} questions",
                    count(s.counters.events as f64),
                    count(s.counters.user_actions as f64)
                ),
                "0: nothing happens at the provider".into(),
            )
        },
    },
];

/// A row of the tutorial's comparison table.
pub struct Feature {
    pub key: &'static str,
    pub name: &'static str,
    pub api: &'static str,
    pub webhook: &'static str,
    /// What this run shows for the feature, for one stage.
    pub measured: fn(&Summary) -> String,
}

fn per_event(requests: u64, events: u64) -> String {
    if events == 0 {
        "no events yet".into()
    } else {
        format!(
            "{} requests per event",
            format_number(requests as f64 / events as f64)
        )
    }
}

pub const FEATURES: [Feature; 7] = [
    Feature {
        key: "communication",
        name: "Communication",
        api: "Request and response",
        webhook: "Event-driven",
        measured: |s| {
            if s.mode == Mode::OnDemand {
                format!(
                    "{} queries, one per user action ({} actions)",
                    s.counters.requests, s.counters.user_actions
                )
            } else if s.mode.pushes() {
                format!(
                    "{} deliveries, one per event ({} events)",
                    s.counters.webhook_attempts, s.counters.events
                )
            } else {
                format!(
                    "{} polls, on a timer whatever happened ({} events)",
                    s.counters.polls, s.counters.events
                )
            }
        },
    },
    // Who starts the exchange and which way the data goes are two rows: the data goes from the
    // server to the client either way.
    Feature {
        key: COMPARISON_ROWS[0].key,
        name: COMPARISON_ROWS[0].name,
        api: COMPARISON_ROWS[0].api,
        webhook: COMPARISON_ROWS[0].webhook,
        measured: |s| {
            let asked = s
                .counters
                .requests
                .saturating_sub(s.counters.webhook_attempts);
            format!(
                "{asked} requests started by clients, {} by the server",
                s.counters.webhook_attempts
            )
        },
    },
    Feature {
        key: COMPARISON_ROWS[1].key,
        name: COMPARISON_ROWS[1].name,
        api: COMPARISON_ROWS[1].api,
        webhook: COMPARISON_ROWS[1].webhook,
        measured: |s| {
            format!(
                "{} events' data reached the clients from the server",
                s.counters.delivered
            )
        },
    },
    Feature {
        key: "real-time",
        name: "Real time",
        api: "No",
        webhook: "Yes",
        measured: |s| {
            if s.mode == Mode::OnDemand {
                format!(
                    "no events to follow; answers {} ms old on arrival",
                    format_number(per_answer(s.counters.answer_age_ms, s))
                )
            } else if s.counters.delivered == 0 {
                "no event known yet".into()
            } else {
                format!(
                    "mean delay {} ms, 95 % within {} ms",
                    format_number(s.mean_delay_ms),
                    s.p95_delay_ms
                )
            }
        },
    },
    Feature {
        key: "efficiency",
        name: "Efficiency",
        api: "Lower for frequent updates",
        webhook: "High",
        measured: |s| {
            if s.mode == Mode::OnDemand {
                return format!(
                    "{} requests for {} user actions; {} empty answers",
                    s.counters.requests, s.counters.user_actions, s.counters.empty_answers
                );
            }
            let mut text = per_event(s.counters.requests, s.counters.events);
            if s.counters.polls > 0 {
                text.push_str(&format!(
                    "; {} % of polls empty",
                    format_number(s.empty_fraction * 100.0)
                ));
            }
            text
        },
    },
    Feature {
        key: "setup",
        name: "Setup",
        api: "Simple",
        webhook: "Requires an endpoint",
        measured: |s| {
            if s.mode.pushes() {
                format!("{} callback URLs registered and kept online", s.clients)
            } else {
                format!("{} clients, no endpoint needed", s.clients)
            }
        },
    },
    Feature {
        key: "control",
        name: "Control",
        api: "Client controlled",
        webhook: "Server controlled",
        measured: |s| {
            if s.mode.pushes() {
                format!(
                    "the server chose when to send {} times, with {} retries",
                    s.counters.webhook_attempts, s.counters.retries
                )
            } else if s.mode == Mode::OnDemand {
                format!(
                    "the users chose when and what to ask {} times",
                    s.counters.requests
                )
            } else {
                format!("the clients chose when to ask {} times", s.counters.polls)
            }
        },
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{Config, Simulation};

    fn figures(mode: Mode) -> (Summary, Theory) {
        let mut sim = Simulation::new(Config {
            mode,
            clients: 10,
            ..Config::default()
        })
        .unwrap();
        sim.run_until(600_000);
        (sim.metrics().summary(), sim.theory())
    }

    fn row(key: &str) -> &'static CounterRow {
        COUNTER_ROWS.iter().find(|r| r.key == key).unwrap()
    }

    fn feature(key: &str) -> &'static Feature {
        FEATURES.iter().find(|f| f.key == key).unwrap()
    }

    #[test]
    fn the_overload_row_counts_the_outcomes_and_names_the_saturation_point() {
        let (s, t) = figures(Mode::Polling);
        let (measured, theory) = (row("overload").cells)(&s, &t);
        // 10 clients every 5 s for 10 minutes, far below saturation: all 1,200 answered.
        assert_eq!(measured, "1200 / 0 / 0");
        // 4 workers of 5 ms take 800 polls a second: 4,000 clients polling every 5 s.
        assert_eq!(theory, "server saturates at 4000 clients");
        let (s, t) = figures(Mode::Webhook);
        assert_eq!(
            (row("overload").cells)(&s, &t).1,
            "server saturates at 800 requests/s"
        );
    }

    #[test]
    fn the_empty_poll_share_has_a_closed_form_only_for_plain_polling() {
        let (s, t) = figures(Mode::Polling);
        let (measured, theory) = (row("wasted").cells)(&s, &t);
        assert!(s.counters.empty_polls > 0);
        assert!(measured.starts_with(&s.counters.empty_polls.to_string()));
        assert!(theory.ends_with(" %"), "{theory}");
        let (s, t) = figures(Mode::Webhook);
        assert_eq!(
            (row("wasted").cells)(&s, &t),
            ("0".to_string(), DASH.to_string())
        );
    }

    #[test]
    fn first_deliveries_leave_the_retries_out() {
        let (mut s, t) = figures(Mode::Webhook);
        s.counters.webhook_attempts = 12;
        s.counters.retries = 5;
        assert_eq!((row("deliveries").raw)(&s), 7.0);
        assert_eq!((row("deliveries").cells)(&s, &t).0, "7");
        assert_eq!(
            (row("retries").cells)(&s, &t),
            ("5".to_string(), DASH.to_string())
        );
    }

    #[test]
    fn on_demand_rows_count_actions_answers_and_nothing_to_push() {
        let mut sim = Simulation::new(Config {
            mode: Mode::OnDemand,
            clients: 10,
            rate_per_min: 6.0,
            latency_ms: 50,
            ..Config::default()
        })
        .unwrap();
        sim.run_until(600_000);
        let (s, t) = (sim.metrics().summary(), sim.theory());
        let on_demand = |key: &str| ON_DEMAND_ROWS.iter().find(|r| r.key == key).unwrap();
        let c = s.counters;
        assert!(c.user_actions > 0 && c.requests == c.user_actions);
        assert_eq!(
            (on_demand("user-actions").cells)(&s, &t).0,
            format!("{} actions, {} requests", c.user_actions, c.requests)
        );
        assert_eq!(
            (on_demand("empty-answers").cells)(&s, &t).0,
            format!("0 of {}", c.queries_answered)
        );
        // Profiles: one row each; read 50 ms before they arrive; asked 2·50 + 5 ms before.
        assert_eq!((on_demand("answer-rows").raw)(&s), 1.0);
        assert_eq!((on_demand("answer-age").raw)(&s), 50.0);
        assert_eq!((on_demand("answer-wait").raw)(&s), 105.0);
        assert_eq!(t.one_way_ms, 50.0);
        assert_eq!(t.mean_delay_ms, 105.0);
        assert_eq!(
            (on_demand("nothing-to-push").cells)(&s, &t).0,
            format!("0: the users chose all {} questions", c.user_actions)
        );
        assert!((feature("communication").measured)(&s).contains("one per user action"));
        assert_eq!(
            (row("mean-delay").cells)(&s, &t),
            (DASH.into(), DASH.into())
        );
    }

    #[test]
    fn the_dispatch_rows_show_the_limit_the_queue_and_what_one_endpoint_takes() {
        let mut sim = Simulation::new(Config {
            mode: Mode::Webhook,
            clients: 2,
            rate_per_min: 20.0,
            latency_ms: 50,
            delivery_concurrency: 1,
            ..Config::default()
        })
        .unwrap();
        sim.set_slow_handler(Some(10_000));
        sim.run_until(300_000);
        let (s, t) = (sim.metrics().summary(), sim.theory());
        let c = s.counters;
        assert!(
            c.attempts_queued > 0 && c.most_open_per_endpoint == 1,
            "{c:?}"
        );
        assert_eq!(
            (row("endpoint-open").cells)(&s, &t),
            ("1".to_string(), "at most 1, the limit".to_string())
        );
        let (measured, theory) = (row("dispatch-queue").cells)(&s, &t);
        let mean = secs(c.slot_wait_ms as f64 / c.attempts_queued as f64);
        assert_eq!(
            measured,
            format!(
                "{} / {} / {mean}",
                c.attempts_queued, c.longest_endpoint_queue
            )
        );
        // One attempt at a time, each held 5 + 2·50 + 10,000 ms: 60,000 / 10,105 a minute.
        assert_eq!(
            theory,
            "one endpoint takes ≤ 5.94 a minute; its events come at 20 a minute"
        );
        let (s, t) = figures(Mode::Webhook);
        assert_eq!((row("endpoint-open").cells)(&s, &t).1, "no limit");
        assert_eq!(
            (row("dispatch-queue").cells)(&s, &t),
            (format!("0 / 0 / {DASH}"), DASH.into())
        );
    }

    #[test]
    fn delays_show_a_dash_until_an_event_is_known() {
        let (mut s, t) = figures(Mode::Polling);
        s.counters.delivered = 0;
        assert_eq!((row("mean-delay").cells)(&s, &t).0, DASH);
        assert_eq!((row("p95-delay").cells)(&s, &t).0, DASH);
    }

    #[test]
    fn the_table_says_who_starts_apart_from_where_the_data_goes() {
        let (s, _) = figures(Mode::Webhook);
        assert!(s.counters.webhook_attempts > 0);
        assert_eq!(
            (feature("initiator").measured)(&s),
            format!(
                "0 requests started by clients, {} by the server",
                s.counters.webhook_attempts
            )
        );
        let (s, _) = figures(Mode::Polling);
        assert_eq!(
            (feature("initiator").measured)(&s),
            format!(
                "{} requests started by clients, 0 by the server",
                s.counters.requests
            )
        );
        assert!(
            (feature("data-direction").measured)(&s).starts_with(&format!(
                "{} events' data reached the clients",
                s.counters.delivered
            ))
        );
        assert_eq!(feature("data-direction").api, COMPARISON_ROWS[1].api);
    }

    #[test]
    fn the_comparison_speaks_of_polls_or_deliveries_by_mode() {
        let (s, _) = figures(Mode::Polling);
        let line = (feature("communication").measured)(&s);
        assert!(
            line.starts_with(&format!("{} polls", s.counters.polls)),
            "{line}"
        );
        let (s, _) = figures(Mode::Webhook);
        let line = (feature("communication").measured)(&s);
        assert!(line.contains("deliveries, one per event"), "{line}");
        let mut quiet = s.clone();
        quiet.counters.events = 0;
        assert_eq!((feature("efficiency").measured)(&quiet), "no events yet");
    }
}
