//! The stage: the server on the left, the clients on the right, and every travelling message
//! drawn on its path at the place its send and arrival times give. SVG with a viewBox, so it
//! scales from a phone to a projector.

use yew::prelude::*;

use crate::sim::config::Behaviour;
use crate::sim::{Endpoint, Message, MessageKind, Scheme};

/// Clients drawn one by one; the rest share one group node.
pub const DRAWN_CLIENTS: u32 = 12;
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 300.0;
const SERVER_X: f64 = 150.0;
const CLIENT_X: f64 = 470.0;
/// The eavesdropper sits on the network, between the server and the clients, below their paths.
const EAVESDROPPER_X: f64 = 300.0;
const EAVESDROPPER_Y: f64 = HEIGHT - 45.0;
/// At most this many travelling messages are drawn, newest first.
const MAX_DRAWN: usize = 80;

#[derive(Properties, PartialEq)]
pub struct StageProps {
    pub behaviour: Behaviour,
    pub clients: u32,
    pub now_ms: u64,
    /// Messages to draw now, each with the simulated span its trip is drawn over.
    pub in_flight: Vec<(Message, u64)>,
    pub receivers_online: bool,
    pub reduced_motion: bool,
    pub onselect: Callback<Message>,
    /// Distinguishes the two stages of Compare in ids.
    pub id: AttrValue,
    /// How API requests and webhook deliveries travel, which decides what the eavesdropper reads.
    #[prop_or((Scheme::Https, Scheme::Https))]
    pub schemes: (Scheme, Scheme),
    /// Deliveries processed after a newer update, and of those the ones applied over it.
    pub out_of_order: (u64, u64),
    /// With a limit on open deliveries per endpoint: the attempts waiting for a slot now.
    #[prop_or_default]
    pub dispatch_queue: Option<usize>,
}

/// Slot a client is drawn in: its own up to the last slot, which groups everyone else.
fn slot(client: u32, clients: u32) -> u32 {
    if clients <= DRAWN_CLIENTS {
        client
    } else {
        client.min(DRAWN_CLIENTS - 1)
    }
}

fn slot_y(slot: u32, slots: u32) -> f64 {
    let gap = (HEIGHT - 40.0) / slots.max(1) as f64;
    20.0 + gap * (slot as f64 + 0.5)
}

const SERVER_Y: f64 = HEIGHT / 2.0;

/// What a message kind looks like: a short label and a CSS class that sets shape and colour.
pub fn kind_label(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::PollRequest => "Poll request",
        MessageKind::EmptyResponse => "Empty response",
        MessageKind::DataResponse => "Response with data",
        MessageKind::WebhookDelivery => "Webhook delivery",
        MessageKind::WebhookRetry => "Webhook retry",
        MessageKind::Ack => "Acknowledgement",
        MessageKind::Failure => "Failure",
        MessageKind::ApiError => "API refusal",
        MessageKind::ApiFetch => "API fetch",
        MessageKind::ApiFetchResponse => "Fetched details",
        MessageKind::Query => "User's query",
        MessageKind::QueryResponse => "Answer to the query",
        MessageKind::RegisterRequest => "Registration request",
        MessageKind::RegisterResponse => "Registration answer",
        MessageKind::Challenge => "Verification challenge",
        MessageKind::ChallengeAnswer => "Challenge answer",
    }
}

/// The glyph drawn for a kind: distinct shapes and letters, so colour is never the only cue.
pub fn glyph(kind: MessageKind) -> Html {
    let letter = |t: &'static str| html! { <text class="glyph-letter" y="4">{ t }</text> };
    match kind {
        MessageKind::PollRequest => html! { <><circle r="9" />{ letter("?") }</> },
        MessageKind::EmptyResponse => html! { <><circle r="9" class="hollow" />{ letter("0") }</> },
        MessageKind::DataResponse => {
            html! { <><rect x="-9" y="-9" width="18" height="18" />{ letter("D") }</> }
        }
        MessageKind::WebhookDelivery => {
            html! { <><polygon points="0,-11 11,0 0,11 -11,0" />{ letter("W") }</> }
        }
        MessageKind::WebhookRetry => {
            html! { <><polygon points="0,-11 11,0 0,11 -11,0" class="dashed" />{ letter("R") }</> }
        }
        MessageKind::Ack => html! { <><polygon points="-9,8 9,8 0,-9" />{ letter("✓") }</> },
        MessageKind::Failure | MessageKind::ApiError => {
            html! { <><path d="M-8,-8 L8,8 M8,-8 L-8,8" class="cross" />{ letter("!") }</> }
        }
        MessageKind::ApiFetch => {
            html! { <><rect x="-13" y="-8" width="26" height="16" rx="6" />{ letter("G") }</> }
        }
        MessageKind::ApiFetchResponse => {
            html! { <><rect x="-13" y="-8" width="26" height="16" rx="1" />{ letter("d") }</> }
        }
        MessageKind::Query => {
            html! { <><polygon points="-10,0 -5,-9 5,-9 10,0 5,9 -5,9" />{ letter("Q") }</> }
        }
        MessageKind::QueryResponse => {
            html! { <><rect x="-11" y="-9" width="22" height="18" rx="4" />{ letter("A") }</> }
        }
        MessageKind::RegisterRequest => {
            html! { <><rect x="-11" y="-8" width="22" height="16" rx="8" />{ letter("+") }</> }
        }
        MessageKind::RegisterResponse => {
            html! { <><rect x="-11" y="-8" width="22" height="16" rx="8" class="hollow" />{ letter("S") }</> }
        }
        MessageKind::Challenge => {
            html! { <><polygon points="-10,-6 0,-11 10,-6 10,6 0,11 -10,6" />{ letter("C") }</> }
        }
        MessageKind::ChallengeAnswer => {
            html! { <><polygon points="-10,-6 0,-11 10,-6 10,6 0,11 -10,6" class="hollow" />{ letter("E") }</> }
        }
    }
}

pub fn kind_class(kind: MessageKind) -> &'static str {
    kind.as_str()
}

fn endpoint_xy(e: Endpoint, clients: u32) -> (f64, f64) {
    match e {
        Endpoint::Server => (SERVER_X, SERVER_Y),
        Endpoint::Client(c) => {
            let slots = clients.min(DRAWN_CLIENTS);
            (CLIENT_X, slot_y(slot(c, clients), slots))
        }
        Endpoint::Eavesdropper => (EAVESDROPPER_X, EAVESDROPPER_Y),
    }
}

#[component]
pub fn Stage(p: &StageProps) -> Html {
    let slots = p.clients.min(DRAWN_CLIENTS);
    let pushes = p.behaviour.pushes;
    // Hybrid's fetches reach the API even when it never polls.
    let polls = p.behaviour.polls() || p.behaviour.thin;
    let client_nodes = (0..slots).map(|s| {
        let y = slot_y(s, slots);
        let grouped = p.clients > DRAWN_CLIENTS && s == DRAWN_CLIENTS - 1;
        let name = if grouped {
            format!("+{} more", p.clients - (DRAWN_CLIENTS - 1))
        } else {
            format!("Client {}", s)
        };
        let offline = pushes && !p.receivers_online;
        html! {
            <g class={classes!("client", offline.then_some("offline"))} transform={format!("translate({CLIENT_X},{y:.1})")}>
                <line class="path" x1={format!("{:.1}", SERVER_X - CLIENT_X + 60.0)} y1={format!("{:.1}", SERVER_Y - y)} x2="0" y2="0" />
                <rect x="0" y="-10" width="150" height="20" rx="4" />
                { if polls { html! { <g class="icon mailbox" transform="translate(12,0)"><rect x="-7" y="-5" width="14" height="10" rx="3" /><line x1="4" y1="-5" x2="4" y2="-11" /></g> } } else { html! {} } }
                { if pushes { html! { <g class="icon doorbell" transform="translate(28,0)"><circle r="6" /><circle r="2" class="dot" /></g> } } else { html! {} } }
                { if p.behaviour.on_demand { html! { <g class="icon user" transform="translate(12,0)"><circle cy="-4" r="3.5" /><path d="M-6,8 Q0,-2 6,8" /></g> } } else { html! {} } }
                <text x="40" y="4">{ name }{ if offline { " (offline)" } else { "" } }</text>
            </g>
        }
    });
    let travelling = if p.reduced_motion {
        Vec::new()
    } else {
        p.in_flight.iter().rev().take(MAX_DRAWN).collect::<Vec<_>>()
    };
    let messages = travelling.into_iter().map(|(m, span)| {
        let (x0, y0) = endpoint_xy(m.from, p.clients);
        let (x1, y1) = endpoint_xy(m.to, p.clients);
        // Messages leave the server's right edge and reach the client's left edge.
        let (x0, x1) = if m.from == Endpoint::Server { (x0 + 60.0, x1) } else { (x0, x1 + 60.0) };
        let f = (p.now_ms.saturating_sub(m.sent_ms) as f64 / *span as f64).clamp(0.0, 1.0);
        let (x, y) = (x0 + (x1 - x0) * f, y0 + (y1 - y0) * f);
        let onclick = { let m = *m; p.onselect.reform(move |_| m) };
        html! {
            <g key={m.id} class={classes!("msg", kind_class(m.kind))} transform={format!("translate({x:.1},{y:.1})")} {onclick}>
                <title>{ format!("{} #{}", kind_label(m.kind), m.id) }</title>
                { glyph(m.kind) }
            </g>
        }
    });
    let title_id = format!("{}-title", p.id);
    let desc_id = format!("{}-desc", p.id);
    html! {
        <svg class="stage" viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img"
            aria-labelledby={format!("{title_id} {desc_id}")} data-testid={p.id.clone()}>
            <title id={title_id}>{ "Server and clients" }</title>
            <desc id={desc_id}>{ format!("{} messages travelling between the server and {} clients.", p.in_flight.len(), p.clients) }</desc>
            <g class="server" transform={format!("translate({},{})", SERVER_X - 90.0, SERVER_Y)}>
                <rect x="0" y="-45" width="150" height="90" rx="8" />
                <text x="75" y="-18" class="server-name">{ "Server" }</text>
                <text x="75" y="2">{ "API + webhooks" }</text>
                <g class="icon source" transform="translate(75,24)"><path d="M-4,-9 L3,-1 L-1,-1 L4,9 L-4,1 L0,1 Z" /></g>
                if let Some(n) = p.dispatch_queue {
                    <text x="75" y="62" data-testid={format!("{}-dispatch-queue", p.id)}>
                        { format!("{n} waiting for a free slot") }
                    </text>
                }
            </g>
            { for client_nodes }
            { eavesdropper(p.schemes, pushes) }
            if pushes {
                <text class="late" x={(WIDTH - 4.0).to_string()} y={(HEIGHT - 4.0).to_string()} data-testid={format!("{}-late", p.id)}>
                    { format!("Out of order: {} ({} stale applied", p.out_of_order.0, p.out_of_order.1) }
                    // Why Both applies nothing stale: a notification carries no data of its own.
                    { if p.behaviour.thin { ": a late notice only starts a fetch of the current state)" } else { ")" } }
                </text>
            }
            <g class="messages">{ for messages }</g>
        </svg>
    }
}

/// The eavesdropper's node: what it reads of each direction, in words, not colour alone.
fn eavesdropper((api, webhooks): (Scheme, Scheme), pushes: bool) -> Html {
    let reads = |s: Scheme| match s {
        Scheme::Http => "reads all",
        Scheme::Https => "sizes and times",
    };
    let line =
        |name: &str, s: Scheme| format!("{name}: {}, {}", s.as_str().to_uppercase(), reads(s));
    let open = api == Scheme::Http || (pushes && webhooks == Scheme::Http);
    // 8 units from the stage's left edge, in the node's own coordinates.
    let left = (8.0 - EAVESDROPPER_X).to_string();
    html! {
        <g class={classes!("eavesdropper-node", open.then_some("reading"))} data-testid="stage-eavesdropper"
            transform={format!("translate({EAVESDROPPER_X},{EAVESDROPPER_Y})")}>
            <title>{ "Eavesdropper on the network" }</title>
            <ellipse rx="9" ry="6" />
            <circle r="3" class="dot" />
            // From the stage's left edge to the node, under the server: clear of the paths and the
            // clients, and inside the drawing at the projector's type size.
            <text x={left.clone()} y="-22" class="eavesdropper-name">{ "Eavesdropper" }</text>
            <text x={left.clone()} y="-4">{ line("API", api) }</text>
            if pushes { <text x={left} y="14">{ line("Webhooks", webhooks) }</text> }
        </g>
    }
}

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    /// Clients register their callback URL: the registration messages get a key too.
    #[prop_or_default]
    pub registration: bool,
}

/// The key to the shapes, shown under the stage.
#[component]
pub fn Legend(p: &LegendProps) -> Html {
    const KINDS: [MessageKind; 11] = [
        MessageKind::PollRequest,
        MessageKind::EmptyResponse,
        MessageKind::DataResponse,
        MessageKind::WebhookDelivery,
        MessageKind::WebhookRetry,
        MessageKind::Ack,
        MessageKind::Failure,
        MessageKind::ApiFetch,
        MessageKind::ApiFetchResponse,
        MessageKind::Query,
        MessageKind::QueryResponse,
    ];
    const REGISTRATION: [MessageKind; 4] = [
        MessageKind::RegisterRequest,
        MessageKind::RegisterResponse,
        MessageKind::Challenge,
        MessageKind::ChallengeAnswer,
    ];
    let shown = if p.registration {
        &REGISTRATION[..]
    } else {
        &[]
    };
    html! {
        <ul class="legend" aria-label="Message shapes">
            { for KINDS.iter().chain(shown).map(|&k| html! {
                <li>
                    <svg viewBox="-14 -14 28 28" width="22" height="22" aria-hidden="true">
                        <g class={classes!("msg", kind_class(k))}>{ glyph(k) }</g>
                    </svg>
                    { kind_label(k) }
                </li>
            }) }
            <li><svg viewBox="-10 -10 20 20" width="22" height="22" aria-hidden="true"><g class="icon mailbox"><rect x="-7" y="-5" width="14" height="10" rx="3" /><line x1="4" y1="-5" x2="4" y2="-11" /></g></svg>{ "Mailbox: the client polls" }</li>
            <li><svg viewBox="-10 -10 20 20" width="22" height="22" aria-hidden="true"><g class="icon doorbell"><circle r="6" /><circle r="2" class="dot" /></g></svg>{ "Doorbell: the server calls the client" }</li>
            <li><svg viewBox="-10 -10 20 20" width="22" height="22" aria-hidden="true"><g class="icon user"><circle cy="-4" r="3.5" /><path d="M-6,8 Q0,-2 6,8" /></g></svg>{ "User: asks the API when they want something" }</li>
            <li>{ "Short trips are drawn slowed down so you can follow them; the counters use the real times." }</li>
        </ul>
    }
}
