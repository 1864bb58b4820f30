//! The tutorial's comparison table, live: each feature with the API's and the webhook's answer,
//! and a column of numbers measured in the current run that show the row at work.

use yew::prelude::*;

use super::panels::StageFigures;
use crate::lessons::format_number;
use crate::sim::{Mode, Summary};

struct Feature {
    key: &'static str,
    name: &'static str,
    api: &'static str,
    webhook: &'static str,
    /// What this run shows for the feature, for one stage.
    measured: fn(&Summary) -> String,
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

fn pushes(s: &Summary) -> bool {
    matches!(s.mode, Mode::Webhook | Mode::Hybrid)
}

const FEATURES: [Feature; 6] = [
    Feature {
        key: "communication",
        name: "Communication",
        api: "Request and response",
        webhook: "Event-driven",
        measured: |s| {
            if pushes(s) {
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
    Feature {
        key: "data-flow",
        name: "Data flow",
        api: "Client → server",
        webhook: "Server → client",
        measured: |s| {
            let asked = s
                .counters
                .requests
                .saturating_sub(s.counters.webhook_attempts);
            format!(
                "{asked} requests from clients, {} pushes from the server",
                s.counters.webhook_attempts
            )
        },
    },
    Feature {
        key: "real-time",
        name: "Real time",
        api: "No",
        webhook: "Yes",
        measured: |s| {
            if s.counters.delivered == 0 {
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
            if pushes(s) {
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
            if pushes(s) {
                format!(
                    "the server chose when to send {} times, with {} retries",
                    s.counters.webhook_attempts, s.counters.retries
                )
            } else {
                format!("the clients chose when to ask {} times", s.counters.polls)
            }
        },
    },
];

#[derive(Properties, PartialEq)]
pub struct ComparisonTableProps {
    pub stages: Vec<StageFigures>,
}

#[component]
pub fn ComparisonTable(p: &ComparisonTableProps) -> Html {
    html! {
        <div class="comparison-wrap">
            <table class="comparison" data-testid="comparison">
                <caption>{ "Webhook vs API, with numbers measured in this run" }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Feature" }</th>
                        <th scope="col">{ "API" }</th>
                        <th scope="col">{ "Webhook" }</th>
                        <th scope="col">{ "Measured in this run" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for FEATURES.iter().map(|f| html! {
                        <tr>
                            <th scope="row">{ f.name }</th>
                            <td>{ f.api }</td>
                            <td>{ f.webhook }</td>
                            <td data-testid={format!("comparison-{}", f.key)}>
                                { for p.stages.iter().map(|s| html! {
                                    <span class="comparison-line">{ format!("{}: {}", s.name, (f.measured)(&s.summary)) }</span>
                                }) }
                            </td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
