//! The run as a sequence diagram, as textbooks draw request–response and callbacks: a lane per
//! party, time running down, each message an arrow from its sender's lane to its receiver's.
//!
//! [`layout`] computes the geometry once; a view draws and selects its arrows (each knows its
//! message id), [`to_svg`] writes it as a standalone SVG document for slides, and [`to_text`]
//! reads it out as sentences for a screen reader. In Compare the stages sit side by side on one
//! time axis, each with its own group of lanes.

use std::fmt::Write;

use crate::sim::{Endpoint, HttpText, Message};

/// At most this many clients get a lane of their own per stage; the rest share one.
pub const MAX_CLIENTS: usize = 4;

/// Height of the time axis in the diagram's units, whatever the window's length.
const PLOT_HEIGHT: f64 = 560.0;
/// Room above the plot for the stage names and lane names.
const TOP: f64 = 84.0;
/// Room below the plot for arrows still travelling at the window's end.
const BOTTOM: f64 = 36.0;
/// Room left of the first lane for the time axis labels.
const LEFT: f64 = 110.0;
const RIGHT: f64 = 90.0;
const LANE_GAP: f64 = 180.0;
/// Extra space between the lane groups of two stages.
const STAGE_GAP: f64 = 70.0;
/// A message faster than the window's resolution still slopes down by this much, so that an
/// arrow always reads as going forward in time.
const MIN_DROP: f64 = 10.0;
/// A lost message's cross stands this far short of its receiver's lane: half way between lanes,
/// so that it never sits on a lane and reads as "lost at that party".
const LOST_SHORT: f64 = LANE_GAP / 2.0;
const MAX_TICKS: u64 = 6;

/// The span of simulated time drawn, both ends included. A message is drawn when it was sent in
/// the window; one still travelling at `to_ms` is drawn up to that instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from_ms: u64,
    pub to_ms: u64,
}

impl Window {
    pub fn contains(&self, message: &Message) -> bool {
        (self.from_ms..=self.to_ms).contains(&message.sent_ms)
    }

    fn y(&self, t_ms: u64) -> f64 {
        let span = self.to_ms.saturating_sub(self.from_ms).max(1);
        TOP + t_ms.saturating_sub(self.from_ms) as f64 * PLOT_HEIGHT / span as f64
    }
}

/// Choices that change which lanes are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Adds a lane for the network's eavesdropper between the server and the clients, where
    /// every arrow crosses it.
    pub eavesdropper: bool,
}

/// Who a lane stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Server,
    Eavesdropper,
    Client(u32),
    /// The clients without a lane of their own.
    OtherClients,
}

impl Party {
    pub fn name(self) -> String {
        match self {
            Party::Server => "server".to_string(),
            Party::Eavesdropper => "eavesdropper".to_string(),
            Party::Client(i) => format!("client {i}"),
            Party::OtherClients => "other clients".to_string(),
        }
    }
}

/// A vertical lane: one party in one stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    pub stage: usize,
    pub party: Party,
    pub x: f64,
}

/// How an arrow ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// At the receiver's lane, with an arrowhead.
    Arrived,
    /// Part of the way, with a cross: the network dropped it.
    Lost,
    /// At the window's end, before reaching the receiver.
    InFlight,
}

/// One message, drawn from `(x1, y1)` to `(x2, y2)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrow {
    /// The message's id, as in the log and the inspector.
    pub id: u64,
    /// Index into [`Diagram::stages`].
    pub stage: usize,
    pub from: Endpoint,
    pub to: Endpoint,
    pub sent_ms: u64,
    pub request: bool,
    pub label: String,
    pub end: End,
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
}

/// A labelled instant on the time axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tick {
    pub ms: u64,
    pub y: f64,
}

/// Everything a view needs to draw the diagram, in one coordinate space `width` × `height`.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagram {
    /// Stage names in the order they first appear in the input.
    pub stages: Vec<String>,
    pub window: Window,
    pub lanes: Vec<Lane>,
    /// In input (log) order.
    pub arrows: Vec<Arrow>,
    pub ticks: Vec<Tick>,
    pub width: f64,
    pub height: f64,
}

/// The label of a message: method and path for a request ("GET /v1/events?after=41"), status
/// and reason phrase for a response ("401 Unauthorized").
pub fn label(text: &HttpText) -> String {
    match text.status {
        None => format!("{} {}", text.method, text.path),
        Some(status) => status.to_string(),
    }
}

/// Lays out `entries` (stage name and message, in log order) for `window`. `label` gives an
/// entry's label from its stage index and message (usually [`label`] of the stage's render); it
/// is only called for the messages in the window, so a long log costs no text.
pub fn layout<'a>(
    entries: impl IntoIterator<Item = (&'a str, &'a Message)>,
    mut label: impl FnMut(usize, &Message) -> String,
    window: Window,
    options: Options,
) -> Diagram {
    let mut stages: Vec<String> = Vec::new();
    let mut shown: Vec<(usize, &Message)> = Vec::new();
    for (name, message) in entries {
        let stage = match stages.iter().position(|s| s == name) {
            Some(i) => i,
            None => {
                stages.push(name.to_string());
                stages.len() - 1
            }
        };
        if window.contains(message) {
            shown.push((stage, message));
        }
    }

    let mut lanes = Vec::new();
    let mut x = LEFT;
    for stage in 0..stages.len() {
        for party in parties(stage, &shown, options) {
            lanes.push(Lane { stage, party, x });
            x += LANE_GAP;
        }
        x += STAGE_GAP;
    }

    let lane_x = |stage: usize, endpoint: Endpoint| {
        lanes
            .iter()
            .filter(|l| l.stage == stage)
            .find(|l| match (endpoint, l.party) {
                (Endpoint::Server, Party::Server) => true,
                (Endpoint::Client(i), Party::Client(j)) => i == j,
                (Endpoint::Client(_), Party::OtherClients) => true,
                (Endpoint::Eavesdropper, Party::Eavesdropper) => true,
                _ => false,
            })
            .map_or(LEFT, |l| l.x)
    };
    let arrows = shown
        .iter()
        .map(|&(stage, m)| {
            let (x1, y1) = (lane_x(stage, m.from), window.y(m.sent_ms));
            let (x_end, y_end) = (
                lane_x(stage, m.to),
                window.y(m.arrives_ms).max(y1 + MIN_DROP),
            );
            let (end, along) = if m.arrives_ms > window.to_ms {
                // arrives_ms > to_ms >= sent_ms, so the division is by a positive number.
                let elapsed = (window.to_ms - m.sent_ms) as f64;
                (End::InFlight, elapsed / (m.arrives_ms - m.sent_ms) as f64)
            } else if m.lost {
                (End::Lost, (1.0 - LOST_SHORT / (x_end - x1).abs()).max(0.5))
            } else {
                (End::Arrived, 1.0)
            };
            Arrow {
                id: m.id,
                stage,
                from: m.from,
                to: m.to,
                sent_ms: m.sent_ms,
                request: m.kind.is_request(),
                label: label(stage, m),
                end,
                x1,
                y1,
                x2: x1 + (x_end - x1) * along,
                y2: y1 + (y_end - y1) * along,
            }
        })
        .collect();

    Diagram {
        stages,
        window,
        lanes,
        arrows,
        ticks: ticks(window),
        width: (x - STAGE_GAP - LANE_GAP).max(LEFT) + RIGHT,
        height: TOP + PLOT_HEIGHT + BOTTOM,
    }
}

/// The lanes of one stage: the server, the eavesdropper if asked, the clients of the most recent
/// messages in the window in number order, and one lane for the others if any.
fn parties(stage: usize, shown: &[(usize, &Message)], options: Options) -> Vec<Party> {
    let mut clients: Vec<u32> = Vec::new();
    let mut others = false;
    let stage_clients = shown
        .iter()
        .rev()
        .filter(|(s, _)| *s == stage)
        .flat_map(|(_, m)| [m.from, m.to]);
    for endpoint in stage_clients {
        if let Endpoint::Client(i) = endpoint {
            if clients.len() < MAX_CLIENTS && !clients.contains(&i) {
                clients.push(i);
            } else if !clients.contains(&i) {
                others = true;
            }
        }
    }
    clients.sort_unstable();
    let mut parties = vec![Party::Server];
    if options.eavesdropper {
        parties.push(Party::Eavesdropper);
    }
    parties.extend(clients.into_iter().map(Party::Client));
    if others {
        parties.push(Party::OtherClients);
    }
    parties
}

/// Round instants (1, 2 or 5 times a power of ten ms apart), at most [`MAX_TICKS`] + 1.
fn ticks(window: Window) -> Vec<Tick> {
    let span = window.to_ms.saturating_sub(window.from_ms);
    let mut step = 1u64;
    'search: loop {
        for factor in [1, 2, 5] {
            if span / (step * factor) <= MAX_TICKS {
                step *= factor;
                break 'search;
            }
        }
        step *= 10;
    }
    let first = window.from_ms.div_ceil(step) * step;
    (first..=window.to_ms)
        .step_by(usize::try_from(step).unwrap_or(usize::MAX))
        .map(|ms| Tick {
            ms,
            y: window.y(ms),
        })
        .collect()
}

/// Simulated time as "12.345 s".
fn seconds(ms: u64) -> String {
    format!("{}.{:03} s", ms / 1000, ms % 1000)
}

fn endpoint_name(endpoint: Endpoint) -> String {
    match endpoint {
        Endpoint::Server => Party::Server.name(),
        Endpoint::Client(i) => Party::Client(i).name(),
        Endpoint::Eavesdropper => Party::Eavesdropper.name(),
    }
}

/// The arrows in order as sentences: "0.120 s: client 3 → server: GET /v1/events?after=4",
/// prefixed with the stage's name when there are several stages.
pub fn to_text(diagram: &Diagram) -> Vec<String> {
    diagram
        .arrows
        .iter()
        .map(|a| {
            let stage = if diagram.stages.len() > 1 {
                format!("{}, ", diagram.stages[a.stage])
            } else {
                String::new()
            };
            let end = match a.end {
                End::Arrived => "",
                End::Lost => " (lost)",
                End::InFlight => " (in flight)",
            };
            format!(
                "{stage}{}: {} → {}: {}{end}",
                seconds(a.sent_ms),
                endpoint_name(a.from),
                endpoint_name(a.to),
                a.label
            )
        })
        .collect()
}

/// Text for XML character data and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

const REQUEST_COLOUR: &str = "#1a4d8f";
const RESPONSE_COLOUR: &str = "#1d6b32";
const LOST_COLOUR: &str = "#b3261e";

/// An arrowhead in `colour` (one per colour: SVG 1.1 markers cannot take their line's colour).
fn marker(name: &str, colour: &str) -> String {
    format!(
        "<marker id=\"head-{name}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" \
         markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">\
         <path d=\"M0,0 L10,5 L0,10 z\" fill=\"{colour}\"/></marker>"
    )
}

/// The diagram as a standalone SVG document: white background, 14 px text in the system's sans
/// serif, no reference outside the document, and the sentences of [`to_text`] as its description.
pub fn to_svg(diagram: &Diagram) -> String {
    let (w, h) = (diagram.width, diagram.height);
    let title = format!(
        "Sequence diagram of {} from {} to {}",
        match &diagram.stages[..] {
            [] => "no messages".to_string(),
            stages => stages.join(" and "),
        },
        seconds(diagram.window.from_ms),
        seconds(diagram.window.to_ms)
    );
    let mut svg = String::new();
    // Writing into a String cannot fail.
    let _ = write!(
        svg,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" \
         viewBox=\"0 0 {w:.0} {h:.0}\" role=\"img\" aria-labelledby=\"title desc\" \
         font-family=\"sans-serif\" font-size=\"14\">\n\
         <title id=\"title\">{}</title>\n<desc id=\"desc\">{}</desc>\n\
         <rect width=\"{w:.0}\" height=\"{h:.0}\" fill=\"#ffffff\"/>\n\
         <defs>{}{}</defs>\n",
        escape(&title),
        escape(&match to_text(diagram) {
            lines if lines.is_empty() => "No message was sent in this time span.".to_string(),
            lines => lines.join("\n"),
        }),
        marker("request", REQUEST_COLOUR),
        marker("response", RESPONSE_COLOUR),
    );

    for tick in &diagram.ticks {
        let _ = writeln!(
            svg,
            "<line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#e3e3e3\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#444444\">{}</text>",
            LEFT - 40.0,
            w - RIGHT / 2.0,
            LEFT - 48.0,
            tick.y + 5.0,
            seconds(tick.ms),
            y = tick.y,
        );
    }
    for (i, stage) in diagram.stages.iter().enumerate() {
        let xs: Vec<f64> = diagram
            .lanes
            .iter()
            .filter(|l| l.stage == i)
            .map(|l| l.x)
            .collect();
        let centre = (xs.iter().copied().fold(f64::MAX, f64::min)
            + xs.iter().copied().fold(f64::MIN, f64::max))
            / 2.0;
        let _ = writeln!(
            svg,
            "<text x=\"{centre:.1}\" y=\"26\" text-anchor=\"middle\" font-size=\"17\" \
             font-weight=\"bold\" fill=\"#111111\">{}</text>",
            escape(stage)
        );
    }
    for lane in &diagram.lanes {
        let _ = writeln!(
            svg,
            "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#111111\">{}</text>\
             <line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#8a8a8a\" \
             stroke-dasharray=\"5 4\"/>",
            TOP - 24.0,
            escape(&lane.party.name()),
            TOP - 12.0,
            h - 8.0,
            x = lane.x,
        );
    }
    for a in &diagram.arrows {
        let colour = if a.request {
            REQUEST_COLOUR
        } else {
            RESPONSE_COLOUR
        };
        let style = match (a.end, a.request) {
            (End::Arrived, true) => " marker-end=\"url(#head-request)\"",
            (End::Arrived, false) => " marker-end=\"url(#head-response)\"",
            (End::Lost, _) => "",
            (End::InFlight, _) => " stroke-dasharray=\"6 4\"",
        };
        let _ = write!(
            svg,
            "<g data-message-id=\"{}\"><line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" \
             stroke=\"{colour}\" stroke-width=\"2\"{style}/>",
            a.id, a.x1, a.y1, a.x2, a.y2
        );
        if a.end == End::Lost {
            let (x, y, r) = (a.x2, a.y2, 6.0);
            let _ = write!(
                svg,
                "<path d=\"M{:.1},{:.1} L{:.1},{:.1} M{:.1},{:.1} L{:.1},{:.1}\" \
                 stroke=\"{LOST_COLOUR}\" stroke-width=\"3\"/>",
                x - r,
                y - r,
                x + r,
                y + r,
                x - r,
                y + r,
                x + r,
                y - r
            );
        }
        // Beside the sender, above the line: a request and its quick answer then label
        // opposite ends instead of overprinting each other in the middle.
        let (x, anchor) = if a.x2 >= a.x1 {
            (a.x1 + 8.0, "start")
        } else {
            (a.x1 - 8.0, "end")
        };
        let _ = writeln!(
            svg,
            "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\" fill=\"#111111\" \
             stroke=\"#ffffff\" stroke-width=\"4\" paint-order=\"stroke\">{}</text></g>",
            a.y1 - 5.0,
            escape(&a.label)
        );
    }
    svg.push_str("</svg>\n");
    svg
}
