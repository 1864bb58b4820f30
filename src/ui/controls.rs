//! The learner's controls and their state: mode, preset, the four numbers, playback speed,
//! play/pause and the receivers switch, as one reducer so that every change goes through `Action`.

use std::rc::Rc;

use yew::prelude::*;

use super::lessons::{Classroom, LessonAction};
use super::ViewMode;
use crate::scenario::{Field, Preset, Settings};
use crate::url_state::Theme;

pub use crate::view::SPEEDS;

#[derive(Clone, Debug, PartialEq)]
pub struct Controls {
    pub view: ViewMode,
    pub settings: Settings,
    pub speed: f64,
    pub playing: bool,
    pub receivers_offline: bool,
    /// Bumped by Reset: the simulations are rebuilt from time zero.
    pub epoch: u32,
    /// What the last typed value was clamped to, shown until dismissed.
    pub notice: Option<String>,
    /// `None` follows the system's light or dark preference.
    pub theme: Option<Theme>,
    /// Compact layout for an iframe, without the page's header and footer.
    pub embed: bool,
    /// Settings fixed by the page's address: one demonstration, not a playground.
    pub lock: bool,
    /// What the address asked for but could not be used as given, shown until dismissed.
    pub url_notices: Vec<String>,
    pub classroom: Classroom,
    /// A lesson's run: the simulations restart and fast-forward this far, then stay paused.
    pub run_span: Option<u64>,
}

impl Default for Controls {
    fn default() -> Self {
        Self {
            view: ViewMode::Polling,
            settings: Settings::default(),
            speed: 1.0,
            playing: true,
            receivers_offline: false,
            epoch: 0,
            notice: None,
            theme: None,
            embed: false,
            lock: false,
            url_notices: Vec::new(),
            classroom: Classroom::default(),
            run_span: None,
        }
    }
}

pub enum Action {
    SetView(ViewMode),
    SetPreset(Preset),
    SetField(Field, f64),
    SetSpeed(f64),
    SetPlaying(bool),
    SetReceiversOffline(bool),
    Reset,
    DismissNotice,
    SetTheme(Option<Theme>),
    DismissUrlNotices,
    Lesson(LessonAction),
}

impl Reducible for Controls {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut c = (*self).clone();
        match action {
            // A locked page keeps its scenario whatever reaches the reducer.
            Action::SetPreset(_) | Action::SetField(..) if c.lock => {}
            Action::SetView(v) => c.view = v,
            Action::SetPreset(p) => {
                c.settings = Settings {
                    seed: c.settings.seed,
                    ..Settings::from_preset(p)
                };
            }
            Action::SetField(f, v) => c.notice = c.settings.set(f, v),
            // Any speed outside the offered range snaps to the nearest offered one.
            Action::SetSpeed(s) => c.speed = crate::view::snap_speed(s),
            Action::SetPlaying(p) => c.playing = p,
            Action::SetReceiversOffline(off) => c.receivers_offline = off,
            Action::Reset => {
                c.epoch = c.epoch.wrapping_add(1);
                c.run_span = None;
            }
            Action::DismissNotice => c.notice = None,
            Action::SetTheme(t) => c.theme = t,
            Action::DismissUrlNotices => c.url_notices.clear(),
            Action::Lesson(a) => super::lessons::reduce(&mut c, a),
        }
        Rc::new(c)
    }
}

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
    pub controls: Controls,
    pub dispatch: Callback<Action>,
}

/// Preset, the four number fields (each a slider paired with a number input), and the switch
/// that takes the receivers offline.
#[component]
pub fn SettingsPanel(p: &SettingsPanelProps) -> Html {
    let s = &p.controls.settings;
    let locked = p.controls.lock;
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
    let offline = p.controls.receivers_offline;
    let on_offline = p
        .dispatch
        .reform(move |_: Event| Action::SetReceiversOffline(!offline));
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
            if let Some(note) = &p.controls.notice {
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
    pub controls: Controls,
    pub dispatch: Callback<Action>,
    pub now_ms: u64,
    /// Fraction done of a fast-forward under way.
    pub fast_forward: Option<f64>,
    pub onstep: Callback<()>,
    pub onfastforward: Callback<u64>,
    pub oncancel: Callback<()>,
}

#[component]
pub fn Playback(p: &PlaybackProps) -> Html {
    let playing = p.controls.playing;
    let toggle = p.dispatch.reform(move |_| Action::SetPlaying(!playing));
    let on_speed = p.dispatch.reform(|e: Event| {
        Action::SetSpeed(select_value(&e).and_then(|v| v.parse().ok()).unwrap_or(1.0))
    });
    let busy = p.fast_forward.is_some();
    html! {
        <section class="playback" aria-label="Playback">
            <button type="button" onclick={toggle} aria-pressed={playing.to_string()} data-testid="play">
                { if playing { "Pause" } else { "Play" } }
            </button>
            <button type="button" onclick={p.onstep.reform(|_| ())} disabled={busy}>{ "Step" }</button>
            <label for="speed">{ "Speed" }</label>
            <select id="speed" onchange={on_speed}>
                { for SPEEDS.iter().map(|s| html! {
                    <option value={s.to_string()} selected={*s == p.controls.speed}>{ format!("{s}×") }</option>
                }) }
            </select>
            <button type="button" onclick={p.onfastforward.reform(|_| 3_600_000)} disabled={busy}>{ "+1 hour" }</button>
            <button type="button" onclick={p.onfastforward.reform(|_| 86_400_000)} disabled={busy} data-testid="ff-day">{ "+1 day" }</button>
            <button type="button" onclick={p.dispatch.reform(|_| Action::Reset)}>{ "Reset" }</button>
            <span class="sim-clock" data-testid="sim-clock">{ format!("Simulated time {}", super::panels::clock(p.now_ms)) }</span>
            if let Some(f) = p.fast_forward {
                <span class="ff">
                    <label for="ff-progress">{ "Fast-forward" }</label>
                    <progress id="ff-progress" max="1" value={f.to_string()} data-testid="ff-progress" />
                    <button type="button" onclick={p.oncancel.reform(|_| ())}>{ "Cancel" }</button>
                </span>
            }
        </section>
    }
}
