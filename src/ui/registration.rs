//! The registration panel: the setting that makes clients register their callback URL (with or
//! without a verification handshake), and the subscriptions the server stores, stage by stage.
//! What it shows is [`crate::app::registration`]'s.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::app::drills::StageDrills;
use crate::app::registration;
use crate::app::session::{Selection, Versioned};
use crate::app::Action;
use crate::sim::registration::Registration;

/// Each setting and what it does, in the learner's words.
const CHOICES: [(Registration, &str); 3] = [
    (
        Registration::Off,
        "Off: every endpoint is registered before the run",
    ),
    (
        Registration::On,
        "On: each client registers its URL at the start",
    ),
    (
        Registration::Handshake,
        "On, with a handshake: the server checks the URL first",
    ),
];

/// What the selected registration message means, under its text in the inspector.
pub fn inspector_note(selection: Option<&Selection>) -> Html {
    match selection.and_then(|s| registration::inspector_note(&s.message)) {
        Some(note) => html! { <p data-testid="registration-note">{ note }</p> },
        None => html! {},
    }
}

#[derive(Properties, PartialEq)]
pub struct RegistrationPanelProps {
    pub stages: Versioned<Vec<StageDrills>>,
    pub setting: Registration,
    /// A locked page keeps its scenario.
    pub locked: bool,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn RegistrationPanel(p: &RegistrationPanelProps) -> Html {
    let onchange = p.dispatch.reform(|e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        Action::SetRegistration(value.parse().unwrap_or_default())
    });
    let stages = p.stages.iter().enumerate().filter(|(_, s)| s.pushes).map(|(i, s)| {
        let r = &s.registry;
        let rows = r.rows.iter().map(|row| html! {
            <tr class={classes!((!row.active).then_some("inactive"))}>
                <td>{ &row.id }</td>
                <td><code>{ &row.url }</code></td>
                <td>{ &row.events }</td>
                <td>{ row.verified }</td>
                <td>{ &row.created_at }</td>
                <td>{ row.state }</td>
            </tr>
        });
        html! {
            <div class="subscriptions" data-testid={format!("subscriptions-{i}")}>
                <h4>{ format!("Stored on the server ({})", s.name) }</h4>
                if r.rows.is_empty() {
                    <p data-testid={format!("no-subscriptions-{i}")}>{ "No subscription stored: nothing is pushed to any client." }</p>
                } else {
                    <table>
                        <caption class="visually-hidden">{ "Webhook subscriptions the server stores" }</caption>
                        <thead><tr>
                            <th scope="col">{ "Id" }</th><th scope="col">{ "Callback URL" }</th>
                            <th scope="col">{ "Events" }</th><th scope="col">{ "Verified" }</th>
                            <th scope="col">{ "Created at" }</th><th scope="col">{ "State" }</th>
                        </tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                }
                <p data-testid={format!("registry-counts-{i}")}>{ format!(
                    "Stored but not listed: {}. Clients without a subscription: {}. Events not pushed for want of an active subscription: {}. Deliveries ended by 410 Gone: {}. Pending retries dropped: {}.",
                    r.more, r.unregistered, r.counters.not_pushed, r.counters.ended_by_gone, r.counters.dropped
                ) }</p>
            </div>
        }
    });
    html! {
        <section class="registration" aria-labelledby="registration-heading" data-testid="registration">
            <h3 id="registration-heading">{ "Webhook registration" }</h3>
            <p>{ "Before a server can call a client, the client gives it a callback URL and the event types it wants; the server stores them and issues the secret the deliveries are signed with. Some providers first send a challenge to the URL and trust it only if it is echoed back." }</p>
            <label for="registration-setting">{ "Registration" }</label>
            <select id="registration-setting" data-testid="registration-setting" disabled={p.locked} {onchange}>
                { for CHOICES.iter().map(|(r, label)| html! {
                    <option value={r.as_str()} selected={*r == p.setting}>{ *label }</option>
                }) }
            </select>
            if !p.stages.iter().any(|s| s.pushes) {
                <p>{ "Registration is a webhook matter: choose Webhook, Both or Compare to see it." }</p>
            }
            { for stages }
        </section>
    }
}
