//! The "Eavesdropper on the network" panel: the scheme of each direction, what the eavesdropper
//! captured, the keys it holds and what the server did with them, its replays and changes, and
//! the layers of protection explained from the run. Draws [`StageEavesdropper`] and dispatches.

use yew::prelude::*;

use crate::app::eavesdropper::{Eavesdrop, StageEavesdropper};
use crate::app::format::clock;
use crate::app::session::{Command, Versioned};
use crate::app::Action;
use crate::sim::wire::{Direction, Scheme};
use crate::sim::Message;

#[derive(Properties, PartialEq)]
pub struct EavesdropperPanelProps {
    pub stages: Versioned<Vec<StageEavesdropper>>,
    pub report: Versioned<Option<String>>,
    /// The schemes the settings ask for: API requests, then webhook deliveries.
    pub schemes: (Scheme, Scheme),
    pub dispatch: Callback<Action>,
    pub oncommand: Callback<Command>,
}

fn scheme_label(s: Scheme) -> &'static str {
    match s {
        Scheme::Http => "HTTP (plain text)",
        Scheme::Https => "HTTPS (encrypted)",
    }
}

#[component]
pub fn EavesdropperPanel(p: &EavesdropperPanelProps) -> Html {
    let switch = |d: Direction, legend: &'static str, current: Scheme| {
        let key = match d {
            Direction::Api => "api",
            Direction::Webhook => "webhooks",
        };
        html! {
            <fieldset class="scheme-switch" data-testid={format!("scheme-{key}")}>
                <legend>{ legend }</legend>
                { for Scheme::ALL.into_iter().map(|s| {
                    let onchange = p.dispatch.reform(move |_: Event| Action::SetScheme(d, s));
                    html! {
                        <label>
                            <input type="radio" name={format!("scheme-{key}")} value={s.as_str()}
                                checked={s == current} {onchange} />
                            { scheme_label(s) }
                        </label>
                    }
                }) }
            </fieldset>
        }
    };
    let act = |e: Eavesdrop| {
        p.oncommand
            .reform(move |_: MouseEvent| Command::Eavesdrop(e.clone()))
    };
    let stages = p.stages.iter().map(|s| {
        let i = s.stage;
        let captured = s.captured.iter().map(|c| html! {
            <tr key={c.id}>
                <td>{ clock(c.sent_ms) }</td>
                <td>{ &c.route }</td>
                <td>{ &c.host }</td>
                <td>{ c.bytes }</td>
                <td class="captured-read">{ c.read.clone().unwrap_or_else(|| format!("{}: encrypted, only its size and time", c.scheme.as_str().to_uppercase())) }</td>
            </tr>
        });
        let keys = s.keys.iter().map(|k| {
            let stage = i;
            html! {
                <li key={k.key.clone()}>
                    <code>{ &k.key }</code>
                    { format!(" (client {}, {})", k.client, if k.in_force { "in use" } else { "rotated" }) }
                    <button type="button" data-testid={format!("eaves-use-{i}-{}", k.key)}
                        onclick={act(Eavesdrop::UseKey { stage, message: k.poll })}>{ "Send a request with this key" }</button>
                    if k.in_force {
                        <button type="button" data-testid={format!("eaves-rotate-{i}-{}", k.client)}
                            onclick={act(Eavesdrop::RotateKey { stage, client: k.client })}>{ format!("Rotate API key of client {}", k.client) }</button>
                    }
                </li>
            }
        });
        let deliveries = s.pushes.then(|| {
            let stage = i;
            let replay = |id: &'static str, label: &'static str, m: Option<Message>| match m {
                Some(message) => html! {
                    <button type="button" data-testid={format!("{id}-{i}")}
                        onclick={act(Eavesdrop::ReplayDelivery { stage, message })}>{ label }</button>
                },
                None => html! {},
            };
            let read = s.recent_delivery.is_some();
            html! {
                <div class="eaves-deliveries">
                    <h4>{ "Webhook deliveries" }</h4>
                    if s.webhooks == Scheme::Https {
                        <p>{ "Over HTTPS the eavesdropper holds only encrypted bytes: it cannot read a delivery, replay it or change it unnoticed. The Failure drills still send changed and replayed deliveries, as a proxy that ends TLS could: the signature, timestamp and message id stop them there." }</p>
                    } else if !read {
                        <p>{ "No delivery captured yet: let the run play." }</p>
                    }
                    <div class="drill-actions">
                        { replay("eaves-replay-recent", "Replay the newest captured delivery", s.recent_delivery) }
                        { replay("eaves-replay-old", "Replay a delivery signed over 5 minutes ago", s.old_delivery) }
                        if let Some(message) = s.recent_delivery {
                            <button type="button" data-testid={format!("eaves-change-{i}")}
                                onclick={act(Eavesdrop::ChangeBody { stage, message })}>{ "Change a delivery's body on the wire" }</button>
                        }
                    </div>
                </div>
            }
        });
        html! {
            <section class="eaves-stage" data-testid={format!("eaves-stage-{i}")} aria-label={format!("{}: the eavesdropper", s.name)}>
                if p.stages.len() > 1 { <h4>{ s.name }</h4> }
                <div class="log-wrap" tabindex="0" role="region" aria-labelledby={format!("eaves-caption-{i}")}>
                    <table class="log" data-testid={format!("eaves-captured-{i}")}>
                        <caption id={format!("eaves-caption-{i}")}>{ "What the eavesdropper captured, most recent first" }</caption>
                        <thead><tr>
                            <th scope="col">{ "Sent" }</th>
                            <th scope="col">{ "From → to" }</th>
                            <th scope="col">{ "Host" }</th>
                            <th scope="col">{ "Bytes" }</th>
                            <th scope="col">{ "What it read" }</th>
                        </tr></thead>
                        <tbody>{ for captured }</tbody>
                    </table>
                </div>
                <h4>{ "API keys it read" }</h4>
                if s.keys.is_empty() {
                    <p data-testid={format!("eaves-no-keys-{i}")}>{ match s.api {
                        Scheme::Https => "None: API requests go over HTTPS, so their Authorization header is encrypted.",
                        Scheme::Http => "None yet: let the run play.",
                    } }</p>
                } else {
                    <ul class="eaves-keys" data-testid={format!("eaves-keys-{i}")}>{ for keys }</ul>
                }
                { for deliveries }
                <h4>{ "What the eavesdropper sent, as the server's and receivers' logs record it" }</h4>
                if s.own.is_empty() {
                    <p>{ "Nothing yet." }</p>
                } else {
                    <ul class="eaves-own" data-testid={format!("eaves-own-{i}")}>
                        { for s.own.iter().map(|o| html! {
                            <li key={o.id}>{ format!("{} #{} {}: {}", clock(o.sent_ms), o.id, o.route, o.what) }</li>
                        }) }
                    </ul>
                }
                <h4>{ "Which layer did what" }</h4>
                <dl class="eaves-layers" data-testid={format!("eaves-layers-{i}")}>
                    { for s.layers.iter().map(|l| html! {
                        <div><dt>{ l.name }</dt><dd>{ &l.text }</dd></div>
                    }) }
                </dl>
            </section>
        }
    });
    let (api, webhooks) = p.schemes;
    html! {
        <div class="eavesdropper" data-testid="eavesdropper">
            <h3>{ "Eavesdropper on the network" }</h3>
            <p>{ "Someone on the network between the provider and its clients copies every message that passes. What it can read depends on the scheme; changing one starts the run again." }</p>
            <div class="scheme-switches">
                { switch(Direction::Api, "API requests (client → provider) travel over", api) }
                { switch(Direction::Webhook, "Webhook deliveries (provider → client) travel over", webhooks) }
            </div>
            if let Some(r) = p.report.as_ref() {
                <p class="drill-note" role="status" data-testid="eaves-report">{ r }</p>
            }
            { for stages }
        </div>
    }
}
