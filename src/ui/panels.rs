//! Read-only panels: the counters beside their theory values, the chart, the inspector and the
//! message log. Each draws a versioned part of the view model, so it re-renders only when that
//! part changed; none touches a simulation.

use yew::prelude::*;

use super::stage::{glyph, kind_class, kind_label};
use crate::app::figures::COUNTER_ROWS;
use crate::app::format::{clock, DASH};
use crate::app::session::{Command, Panels, Selection, Versioned};
use crate::sim::{Payload, SeriesPoint};

#[derive(Properties, PartialEq)]
pub struct CountersProps {
    pub panels: Versioned<Panels>,
}

#[component]
pub fn Counters(p: &CountersProps) -> Html {
    html! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="counters-caption">
        <table class="counters" data-testid="counters">
            <caption id="counters-caption">{ "Load counters: measured in this run, and what theory predicts for these settings" }</caption>
            <thead>
                <tr>
                    <th scope="col">{ "Measure" }</th>
                    { for p.panels.figures.iter().map(|s| html! { <>
                        <th scope="col">{ format!("{} (measured)", s.name) }</th>
                        <th scope="col">{ format!("{} (theory)", s.name) }</th>
                    </> }) }
                </tr>
            </thead>
            <tbody>
                { for COUNTER_ROWS.iter().map(|row| html! {
                    <tr>
                        <th scope="row">{ row.label }</th>
                        { for p.panels.figures.iter().enumerate().map(|(i, s)| {
                            let (measured, theory) = (row.cells)(&s.summary, &s.theory);
                            let bar = (row.key == "utilization").then(|| html! {
                                <meter min="0" max="1" value={s.summary.server_utilization.min(1.0).to_string()} aria-hidden="true" />
                            });
                            html! { <>
                                <td data-testid={format!("counter-{}-{i}", row.key)} data-value={(row.raw)(&s.summary).to_string()}>{ measured }{ for bar }</td>
                                <td class="theory" data-testid={format!("theory-{}-{i}", row.key)}>{ theory }</td>
                            </> }
                        }) }
                    </tr>
                }) }
            </tbody>
        </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ChartProps {
    pub panels: Versioned<Panels>,
}

/// Two small line charts over the recent buckets: requests per second and mean delay.
#[component]
pub fn Chart(p: &ChartProps) -> Html {
    let stages = &p.panels.figures;
    let plot = |title: &'static str, unit: &'static str, value: fn(&SeriesPoint) -> f64| {
        let max = stages
            .iter()
            .flat_map(|s| s.series.iter().map(value))
            .fold(0.0_f64, f64::max)
            .max(1e-9);
        let lines = stages.iter().enumerate().map(|(i, s)| {
            let n = s.series.len().max(2) - 1;
            let points: String = s
                .series
                .iter()
                .enumerate()
                .map(|(k, pt)| {
                    format!(
                        "{:.1},{:.1} ",
                        k as f64 * 300.0 / n as f64,
                        100.0 - value(pt) / max * 95.0
                    )
                })
                .collect();
            html! { <polyline class={format!("line line-{i}")} points={points} /> }
        });
        let latest = stages
            .iter()
            .map(|s| {
                format!(
                    "{}: {:.2} {unit}",
                    s.name,
                    s.series.last().map_or(0.0, value)
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        html! {
            <figure class="chart">
                <figcaption>{ title }<span class="chart-max">{ format!(" (top of scale {max:.2} {unit})") }</span></figcaption>
                <svg viewBox="0 0 300 100" preserveAspectRatio="none" role="img" aria-label={format!("{title}, latest: {latest}")}>
                    <line class="axis" x1="0" y1="100" x2="300" y2="100" />
                    { for lines }
                </svg>
            </figure>
        }
    };
    html! {
        <div class="charts" data-testid="chart">
            { plot("Server requests per second", "req/s", |pt| pt.requests_per_s) }
            { plot("Mean delay, event to client", "ms", |pt| pt.mean_delay_ms) }
            if stages.len() > 1 {
                <p class="chart-key">
                    { for stages.iter().enumerate().map(|(i, s)| html! {
                        <span class={format!("key key-{i}")}>{ s.name }</span>
                    }) }
                </p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    /// The selected message and its text, built on selection.
    pub selection: Versioned<Option<Selection>>,
    /// Actions on the selected message (shown under its text) and on the whole log.
    #[prop_or_default]
    pub children: Html,
}

/// The whole HTTP exchange of the selected message, as text.
#[component]
pub fn Inspector(p: &InspectorProps) -> Html {
    let Some(Selection {
        message: m, text, ..
    }) = p.selection.as_ref()
    else {
        return html! {
            <section class="inspector" aria-labelledby="inspector-heading" data-testid="inspector">
                <h3 id="inspector-heading">{ "Inspector" }</h3>
                <p>{ "Select a message on the stage or in the log to see the whole HTTP exchange." }</p>
                { p.children.clone() }
            </section>
        };
    };
    let request = m.kind.is_request();
    let mut lines = Vec::new();
    if request {
        lines.push(format!("{} {} HTTP/1.1", text.method, text.path));
    } else {
        let status = text.status.or(m.status);
        lines.push(format!(
            "HTTP/1.1 {}",
            status.map_or_else(String::new, |s| s.to_string())
        ));
    }
    lines.extend(text.headers.iter().map(|(k, v)| format!("{k}: {v}")));
    lines.push(String::new());
    lines.push(text.body.clone());
    // A receiver's answer: when the delivery came in and when its handler finished, which the
    // acknowledgement's own send time does not show.
    let handling = match m.payload {
        Payload::Answer {
            received_ms,
            processed_ms: Some(done),
            ..
        } => Some(format!(
            "Received at {}, acknowledged at {}, processed at {}.",
            clock(received_ms),
            clock(m.sent_ms),
            clock(done)
        )),
        _ => None,
    };
    let verdict = text.verdict.as_ref().map(|v| match v {
        Ok(()) => html! { <p class="verdict ok" data-testid="verdict">{ "Receiver's check: signature valid." }</p> },
        Err(e) => html! { <p class="verdict bad" data-testid="verdict">{ format!("Receiver's check: rejected. {e}") }</p> },
    });
    html! {
        <section class="inspector" aria-labelledby="inspector-heading" data-testid="inspector">
            <h3 id="inspector-heading">{ format!("Inspector: {} #{}", kind_label(m.kind), m.id) }</h3>
            <p>{ format!("{} → {}, sent at {}, arrives at {}{}", m.from.name(), m.to.name(), clock(m.sent_ms), clock(m.arrives_ms), if m.lost { " (lost on the way)" } else { "" }) }</p>
            <pre tabindex="0" aria-label="HTTP text" data-testid="http-text">{ lines.join("\n") }</pre>
            { for handling.map(|t| html! { <p data-testid="handling">{ t }</p> }) }
            { for verdict }
            { p.children.clone() }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct LogProps {
    /// The rows, most recent first.
    pub panels: Versioned<Panels>,
    /// The selected message's id.
    pub selected: Option<u64>,
    /// Selects a row's message for the inspector.
    pub oncommand: Callback<Command>,
}

/// The most recent messages; each row's button selects it for the inspector.
#[component]
pub fn Log(p: &LogProps) -> Html {
    let names: Vec<&str> = p.panels.figures.iter().map(|f| f.name).collect();
    let compare = names.len() > 1;
    html! {
        <div class="log-wrap" tabindex="0" role="region" aria-labelledby="log-caption">
            <table class="log" data-testid="log">
                <caption id="log-caption">{ "Message log, most recent first" }</caption>
                <thead><tr>
                    <th scope="col">{ "Message" }</th>
                    if compare { <th scope="col">{ "Stage" }</th> }
                    <th scope="col">{ "Sent" }</th>
                    <th scope="col">{ "From → to" }</th>
                    <th scope="col">{ "Status" }</th>
                    <th scope="col">{ "Bytes" }</th>
                </tr></thead>
                <tbody>
                    { for p.panels.rows.iter().map(|row| {
                        let (stage, m) = (row.stage, &row.message);
                        let name = names.get(stage).copied().unwrap_or_default();
                        let onclick = { let message = *m; p.oncommand.reform(move |_| Command::Select { stage, message }) };
                        let pressed = p.selected == Some(m.id);
                        html! {
                            <tr key={format!("{name}-{}", m.id)} class={classes!(pressed.then_some("selected"))}>
                                <td>
                                    <button type="button" class="log-pick" aria-pressed={pressed.to_string()} {onclick}>
                                        <svg viewBox="-14 -14 28 28" width="18" height="18" aria-hidden="true">
                                            <g class={classes!("msg", kind_class(m.kind))}>{ glyph(m.kind) }</g>
                                        </svg>
                                        { format!("{} #{}", kind_label(m.kind), m.id) }
                                    </button>
                                </td>
                                if compare { <td>{ name }</td> }
                                <td>{ clock(m.sent_ms) }</td>
                                <td>{ format!("{} → {}", m.from.name(), m.to.name()) }</td>
                                <td>{ m.status.map_or(DASH.to_string(), |s| s.code().to_string()) }</td>
                                <td>{ m.bytes }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}
