//! The learner's controls: the settings panel (preset, the four numbers, the receivers switch)
//! and the playback bar. They draw the state and dispatch [`Action`]s; the decisions are the
//! core's.

use yew::prelude::*;

use super::store::Store;
use crate::app::format::clock;
use crate::app::lesson::hides_answers;
use crate::app::session::Command;
use crate::app::Action;
use crate::scenario::{Field, Preset, DELIVERY_CONCURRENCY_LABEL};
use crate::sim::config::limits::DELIVERY_CONCURRENCY;
use crate::view::SPEEDS;

const HOUR_MS: u64 = 3_600_000;
const DAY_MS: u64 = 24 * HOUR_MS;
const WEEK_MS: u64 = 7 * DAY_MS;

/// Reads a number from an input event's target; `None` for an empty or non-numeric field.
fn input_number(e: &Event) -> Option<f64> {
    let input: web_sys::HtmlInputElement = e.target_dyn_into()?;
    input.value().trim().parse::<f64>().ok()
}

fn select_value(e: &Event) -> Option<String> {
    let select: web_sys::HtmlSelectElement = e.target_dyn_into()?;
    Some(select.value())
}

#[derive(Properties, PartialEq)]
pub struct SettingsPanelProps {
    pub state: Store,
    pub dispatch: Callback<Action>,
}

/// Preset, the four number fields (each a slider paired with a number input), the switches
/// that take the receivers offline and make them compare versions, and the dispatcher's limit.
#[component]
pub fn SettingsPanel(p: &SettingsPanelProps) -> Html {
    let s = &p.state.scene.settings;
    let locked = p.state.lock;
    let on_preset = p.dispatch.reform(|e: Event| {
        let preset = select_value(&e).as_deref().and_then(Preset::from_key);
        preset.map_or(Action::DismissNotice, Action::SetPreset)
    });
    let fields = Field::ALL.iter().map(|&f| {
        let (min, max, step) = f.range();
        let id = format!("field-{}", f.key());
        // The slider moves the value live; the number box commits on change and may be clamped.
        let on_slide = p.dispatch.reform(move |e: InputEvent| {
            input_number(&e).map_or(Action::DismissNotice, |v| Action::SetField(f, v))
        });
        let on_type = p.dispatch.reform(move |e: Event| Action::SetField(f, input_number(&e).unwrap_or(f64::NAN)));
        let value = s.get(f).to_string();
        html! {
            <div class="field">
                <label for={id.clone()}>{ f.label() }</label>
                <div class="field-inputs">
                    <input type="range" id={format!("{id}-slider")} aria-label={format!("{} slider", f.label())}
                        min={min.to_string()} max={max.to_string()} step={step.to_string()}
                        value={value.clone()} oninput={on_slide} disabled={locked} />
                    <input type="number" id={id} min={min.to_string()} max={max.to_string()} step="any"
                        value={value} onchange={on_type} data-testid={format!("input-{}", f.key())} disabled={locked} />
                </div>
            </div>
        }
    });
    let offline = p.state.scene.receivers_offline;
    let on_offline = p
        .dispatch
        .reform(move |_: Event| Action::SetReceiversOffline(!offline));
    let by_version = s.orders_by_version;
    let on_by_version = p
        .dispatch
        .reform(move |_: Event| Action::SetOrdersByVersion(!by_version));
    let on_concurrency = p
        .dispatch
        .reform(|e: Event| Action::SetDeliveryConcurrency(input_number(&e).unwrap_or(f64::NAN)));
    html! {
        <section class="settings" aria-labelledby="settings-heading">
            <h3 id="settings-heading">{ "Settings" }</h3>
            if locked {
                <p class="lock-note" data-testid="lock-note">{ "This page fixes the scenario for one demonstration, so the settings are locked. Playback still works." }</p>
            }
            <div class="field">
                <label for="preset">{ "Scenario" }</label>
                <select id="preset" onchange={on_preset} disabled={locked}>
                    if s.preset.is_none() { <option value="" selected=true>{ "Custom numbers" }</option> }
                    { for Preset::ALL.iter().map(|pr| html! {
                        <option value={pr.key()} selected={s.preset == Some(*pr)}>{ pr.label() }</option>
                    }) }
                </select>
            </div>
            { for fields }
            <div class="field switch">
                <input type="checkbox" role="switch" id="receivers-offline" checked={offline} onchange={on_offline} />
                <label for="receivers-offline">{ "Receivers offline (webhooks fail and are retried)" }</label>
            </div>
            <div class="field switch">
                <input type="checkbox" role="switch" id="orders-by-version" checked={by_version} onchange={on_by_version} disabled={locked} />
                <label for="orders-by-version">{ "Receivers compare versions (an update older than one processed is ignored)" }</label>
            </div>
            <div class="field">
                <label for="delivery-concurrency">{ DELIVERY_CONCURRENCY_LABEL }</label>
                <input type="number" id="delivery-concurrency" min={DELIVERY_CONCURRENCY.start().to_string()}
                    max={DELIVERY_CONCURRENCY.end().to_string()} step="1" value={s.delivery_concurrency.to_string()}
                    onchange={on_concurrency} data-testid="input-concurrency" disabled={locked} />
            </div>
            if let Some(note) = &p.state.notice {
                <div class="notice" role="status" data-testid="clamp-notice">
                    <span>{ note }</span>
                    <button type="button" onclick={p.dispatch.reform(|_| Action::DismissNotice)}>{ "Dismiss" }</button>
                </div>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct PlaybackProps {
    pub state: Store,
    pub dispatch: Callback<Action>,
    pub now_ms: u64,
    /// Fraction done of a fast-forward under way.
    pub fast_forward: Option<f64>,
    /// Steps, fast-forwards or cancels on the running simulations.
    pub oncommand: Callback<Command>,
}

#[component]
pub fn Playback(p: &PlaybackProps) -> Html {
    let playing = p.state.scene.playing;
    let toggle = p.dispatch.reform(move |_| Action::SetPlaying(!playing));
    let on_speed = p.dispatch.reform(|e: Event| {
        Action::SetSpeed(select_value(&e).and_then(|v| v.parse().ok()).unwrap_or(1.0))
    });
    // A lesson step waiting for its prediction stays at its start: time moves only with its run.
    let waiting = hides_answers(&p.state);
    let busy = p.fast_forward.is_some() || waiting;
    html! {
        <section class="playback" aria-label="Playback">
            <button type="button" onclick={toggle} aria-pressed={playing.to_string()} disabled={waiting} data-testid="play">
                { if playing { "Pause" } else { "Play" } }
            </button>
            <button type="button" onclick={p.oncommand.reform(|_| Command::Step)} disabled={busy}>{ "Step" }</button>
            <label for="speed">{ "Speed" }</label>
            <select id="speed" onchange={on_speed}>
                { for SPEEDS.iter().map(|s| html! {
                    <option value={s.to_string()} selected={*s == p.state.scene.speed}>{ format!("{s}×") }</option>
                }) }
            </select>
            <button type="button" onclick={p.oncommand.reform(|_| Command::FastForward(HOUR_MS))} disabled={busy}>{ "+1 hour" }</button>
            <button type="button" onclick={p.oncommand.reform(|_| Command::FastForward(DAY_MS))} disabled={busy} data-testid="ff-day">{ "+1 day" }</button>
            <button type="button" onclick={p.oncommand.reform(|_| Command::FastForward(WEEK_MS))} disabled={busy} data-testid="ff-week">{ "+1 week" }</button>
            <button type="button" onclick={p.dispatch.reform(|_| Action::Reset)}>{ "Reset" }</button>
            <span class="sim-clock" data-testid="sim-clock">{ format!("Simulated time {}", clock(p.now_ms)) }</span>
            if let Some(f) = p.fast_forward {
                <span class="ff">
                    <label for="ff-progress">{ "Fast-forward" }</label>
                    <progress id="ff-progress" max="1" value={f.to_string()} data-testid="ff-progress" />
                    <button type="button" onclick={p.oncommand.reform(|_| Command::CancelFastForward)}>{ "Cancel" }</button>
                </span>
            }
        </section>
    }
}
