//! Read-only panels: the counters beside their theory values, the chart, the inspector and the
//! message log. Each takes plain values from the view model; none touches a simulation.

use yew::prelude::*;

use super::stage::{glyph, kind_class, kind_label};
use crate::sim::{HttpText, Message, Mode, SeriesPoint, Summary, Theory};

/// What one stage shows in the counters and the chart.
#[derive(Clone, PartialEq)]
pub struct StageFigures {
    pub name: &'static str,
    pub summary: Summary,
    pub theory: Theory,
    pub series: Vec<SeriesPoint>,
}

fn secs(ms: f64) -> String {
    if ms < 1_000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

fn count(n: f64) -> String {
    if n >= 1e6 {
        format!("{:.2} M", n / 1e6)
    } else if n >= 1e4 {
        format!("{:.1} k", n / 1e3)
    } else {
        format!("{n:.0}")
    }
}

fn bytes(n: u64) -> String {
    match n {
        0..=9_999 => format!("{n} B"),
        10_000..=9_999_999 => format!("{:.1} kB", n as f64 / 1e3),
        _ => format!("{:.1} MB", n as f64 / 1e6),
    }
}

fn pct(f: f64) -> String {
    format!("{:.1} %", f * 100.0)
}

/// One counter row: its key (for test ids), label, the exact measured value (for `data-value`),
/// then measured and theory text.
struct Row {
    key: &'static str,
    label: &'static str,
    raw: fn(&Summary) -> f64,
    cells: fn(&Summary, &Theory) -> (String, String),
}

const DASH: &str = "—";

fn first_deliveries(s: &Summary) -> u64 {
    s.counters.webhook_attempts - s.counters.retries
}

const ROWS: [Row; 12] = [
    Row {
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
    Row {
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
    Row {
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
    Row {
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
    Row {
        key: "retries",
        label: "Webhook retries",
        raw: |s| s.counters.retries as f64,
        cells: |s, _| (count(s.counters.retries as f64), DASH.into()),
    },
    Row {
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
    Row {
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
                secs(t.mean_delay_ms),
            )
        },
    },
    Row {
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
    Row {
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
    Row {
        key: "utilization",
        label: "Server utilization",
        raw: |s| s.server_utilization,
        cells: |s, t| (pct(s.server_utilization), pct(t.server_utilization)),
    },
    Row {
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
    Row {
        key: "bytes",
        label: "Bytes moved",
        raw: |s| s.counters.bytes as f64,
        cells: |s, _| (bytes(s.counters.bytes), DASH.into()),
    },
];

#[derive(Properties, PartialEq)]
pub struct CountersProps {
    pub stages: Vec<StageFigures>,
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
                    { for p.stages.iter().map(|s| html! { <>
                        <th scope="col">{ format!("{} (measured)", s.name) }</th>
                        <th scope="col">{ format!("{} (theory)", s.name) }</th>
                    </> }) }
                </tr>
            </thead>
            <tbody>
                { for ROWS.iter().map(|row| html! {
                    <tr>
                        <th scope="row">{ row.label }</th>
                        { for p.stages.iter().enumerate().map(|(i, s)| {
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
    pub stages: Vec<StageFigures>,
}

/// Two small line charts over the recent buckets: requests per second and mean delay.
#[component]
pub fn Chart(p: &ChartProps) -> Html {
    let plot = |title: &'static str, unit: &'static str, value: fn(&SeriesPoint) -> f64| {
        let max = p
            .stages
            .iter()
            .flat_map(|s| s.series.iter().map(value))
            .fold(0.0_f64, f64::max)
            .max(1e-9);
        let lines = p.stages.iter().enumerate().map(|(i, s)| {
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
        let latest = p
            .stages
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
            if p.stages.len() > 1 {
                <p class="chart-key">
                    { for p.stages.iter().enumerate().map(|(i, s)| html! {
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
    pub selected: Option<(Message, HttpText)>,
    /// Actions on the selected message, shown under its text.
    #[prop_or_default]
    pub children: Html,
}

/// The whole HTTP exchange of the selected message, as text.
#[component]
pub fn Inspector(p: &InspectorProps) -> Html {
    let Some((m, text)) = &p.selected else {
        return html! {
            <section class="inspector" aria-labelledby="inspector-heading" data-testid="inspector">
                <h3 id="inspector-heading">{ "Inspector" }</h3>
                <p>{ "Select a message on the stage or in the log to see the whole HTTP exchange." }</p>
            </section>
        };
    };
    let request = m.kind.is_request();
    let mut lines = Vec::new();
    if request {
        lines.push(format!("{} {} HTTP/1.1", text.method, text.path));
    } else {
        lines.push(format!(
            "HTTP/1.1 {}",
            text.status.map_or_else(String::new, |s| s.to_string())
        ));
    }
    lines.extend(text.headers.iter().map(|(k, v)| format!("{k}: {v}")));
    lines.push(String::new());
    lines.push(text.body.clone());
    let verdict = text.verdict.as_ref().map(|v| match v {
        Ok(()) => html! { <p class="verdict ok" data-testid="verdict">{ "Receiver's check: signature valid." }</p> },
        Err(e) => html! { <p class="verdict bad" data-testid="verdict">{ format!("Receiver's check: rejected. {e}") }</p> },
    });
    html! {
        <section class="inspector" aria-labelledby="inspector-heading" data-testid="inspector">
            <h3 id="inspector-heading">{ format!("Inspector: {} #{}", kind_label(m.kind), m.id) }</h3>
            <p>{ format!("{} → {}, sent at {}, arrives at {}{}", m.from.name(), m.to.name(), clock(m.sent_ms), clock(m.arrives_ms), if m.lost { " (lost on the way)" } else { "" }) }</p>
            <pre tabindex="0" aria-label="HTTP text" data-testid="http-text">{ lines.join("\n") }</pre>
            { for verdict }
            { p.children.clone() }
        </section>
    }
}

/// Simulated time as h:mm:ss.mmm.
pub fn clock(ms: u64) -> String {
    let s = ms / 1000;
    format!(
        "{}:{:02}:{:02}.{:03}",
        s / 3600,
        s / 60 % 60,
        s % 60,
        ms % 1000
    )
}

#[derive(Properties, PartialEq)]
pub struct LogProps {
    /// Most recent first: stage name and message.
    pub rows: Vec<(&'static str, Message)>,
    pub selected: Option<u64>,
    pub onselect: Callback<(usize, Message)>,
    pub stage_names: Vec<&'static str>,
}

/// The most recent messages; each row's button selects it for the inspector.
#[component]
pub fn Log(p: &LogProps) -> Html {
    let compare = p.stage_names.len() > 1;
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
                    { for p.rows.iter().map(|(stage, m)| {
                        let index = p.stage_names.iter().position(|n| n == stage).unwrap_or(0);
                        let onclick = { let m = *m; p.onselect.reform(move |_| (index, m)) };
                        let pressed = p.selected == Some(m.id);
                        html! {
                            <tr key={format!("{stage}-{}", m.id)} class={classes!(pressed.then_some("selected"))}>
                                <td>
                                    <button type="button" class="log-pick" aria-pressed={pressed.to_string()} {onclick}>
                                        <svg viewBox="-14 -14 28 28" width="18" height="18" aria-hidden="true">
                                            <g class={classes!("msg", kind_class(m.kind))}>{ glyph(m.kind) }</g>
                                        </svg>
                                        { format!("{} #{}", kind_label(m.kind), m.id) }
                                    </button>
                                </td>
                                if compare { <td>{ *stage }</td> }
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
