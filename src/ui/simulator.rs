//! The live simulator screen: lays out the playback bar, the stage(s), the settings, the
//! counters, comparison and chart, the inspector and log, and the drills, from the view model
//! that [`use_driver`] hands it each tick.

use yew::prelude::*;

use super::comparison::ComparisonTable;
use super::controls::{Playback, SettingsPanel};
use super::drills::{resend_form, DrillsPanel};
use super::eavesdropper::EavesdropperPanel;
use super::focus::KeyCounters;
use super::hooks::use_driver;
use super::panels::{Chart, Counters, Inspector, Log};
use super::registration::{inspector_note as registration_note, RegistrationPanel};
use super::replay::{HarDownload, ReplayTools};
use super::sequence::SequencePanel;
use super::stage::{Legend, Stage};
use super::store::Store;
use crate::app::lesson::hides_answers;
use crate::app::session::{Announcement, Command};
use crate::app::Action;
use crate::lessons::text::PANEL;

fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

/// A sentence for the live region about the latest event a client came to know of.
fn announcement_text(a: &Announcement) -> String {
    format!(
        "{}; client {} learned of it {:.1} s later.",
        a.headline,
        a.client,
        a.delay_ms as f64 / 1000.0
    )
}

#[derive(Properties, PartialEq)]
pub struct SimulatorProps {
    pub state: Store,
    /// False while another view is shown: the clock stops, the run is kept.
    #[prop_or(true)]
    pub active: bool,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn Simulator(p: &SimulatorProps) -> Html {
    let (frame, command) = use_driver(&p.state, p.dispatch.clone(), p.active);
    let reduced_motion = use_state(prefers_reduced_motion);
    if let Some(e) = &frame.error {
        return html! {
            <p class="error" role="alert">{ format!("These settings cannot be simulated: {e}") }</p>
        };
    }
    let now = frame.now_ms;
    let selection = frame.selection.as_ref();
    let stages = frame.stages.iter().enumerate().map(|(i, s)| {
        let onselect = command.reform(move |message| Command::Select { stage: i, message });
        html! {
            <figure class="stage-wrap">
                <figcaption>{ s.name }</figcaption>
                <Stage id={format!("stage-{i}")} behaviour={s.behaviour} clients={s.clients} now_ms={now}
                    in_flight={s.in_flight.clone()}
                    receivers_online={s.receivers_online} reduced_motion={*reduced_motion}
                    schemes={(s.api_scheme, s.webhook_scheme)} out_of_order={s.out_of_order}
                    dispatch_queue={s.dispatch_queue} {onselect} />
            </figure>
        }
    });
    // A lesson step waiting for its prediction shows the setup only: every figure would answer it.
    let hidden = hides_answers(&p.state);
    let announced = if hidden {
        PANEL.predict_first.to_string()
    } else {
        frame
            .announcement
            .as_ref()
            .map(announcement_text)
            .unwrap_or_default()
    };

    let focus = p.state.focused();
    // Folded panels keep their content mounted, so test ids and live values stay reachable.
    let fold = |title: &'static str, open: bool, content: Html| {
        html! {
            <details class="fold" {open}>
                <summary>{ title }</summary>
                { content }
            </details>
        }
    };

    html! {
        <div class={classes!("simulator", (frame.stages.len() > 1).then_some("compare"), focus.then_some("focus"))}>
            <Playback state={p.state.clone()} dispatch={p.dispatch.clone()} now_ms={now}
                fast_forward={frame.fast_forward} oncommand={command.clone()} />
            <div class="focus-main">
                <div class="stages">{ for stages }</div>
                if focus && !hidden {
                    <KeyCounters view={p.state.scene.view} panels={frame.panels.clone()} />
                }
            </div>
            <Legend registration={!p.state.scene.settings.registration.is_off()} />
            { fold("Settings and all counters", !focus, html! {
                <div class="panels">
                    <SettingsPanel state={p.state.clone()} dispatch={p.dispatch.clone()} />
                    if !hidden { <Counters panels={frame.panels.clone()} /> }
                </div>
            }) }
            if hidden {
                <p class="predict-first" data-testid="predict-first">{ PANEL.hidden_until_run }</p>
            } else {
                // Below the counters, so that stage, playback and counters still share one screen.
                <SequencePanel view={frame.sequence.clone()} selected={selection.map(|s| (s.stage, s.message.id))}
                    oncommand={command.clone()} />
                { fold("Comparison table and charts", !focus, html! { <>
                    <ComparisonTable panels={frame.panels.clone()} />
                    <Chart panels={frame.panels.clone()} />
                </> }) }
                <div class="panels">
                    // A selection opens the inspector: the learner asked to read that message.
                    { fold("Inspector", selection.is_some(), html! {
                        <Inspector selection={frame.selection.clone()}>
                            { resend_form(selection, &frame.resend_report, &command) }
                            { registration_note(selection) }
                            <ReplayTools selection={frame.selection.clone()} onopenlab={p.dispatch.reform(Action::OpenInLab)} />
                            <HarDownload stages={frame.stages.iter().map(|s| s.name).collect::<Vec<_>>()}
                                har={frame.har.clone()} oncommand={command.clone()} />
                        </Inspector>
                    }) }
                    { fold("Message log", false, html! {
                        <Log panels={frame.panels.clone()} selected={selection.map(|s| s.message.id)}
                            oncommand={command.clone()} />
                    }) }
                </div>
                { fold("Failure drills", false, html! {
                    <DrillsPanel stages={frame.drills.clone()} report={frame.drills_report.clone()} oncommand={command.clone()} />
                }) }
                { fold("Eavesdropper on the network", false, html! {
                    <EavesdropperPanel stages={frame.eavesdropper.clone()} report={frame.eavesdropper_report.clone()}
                        schemes={(p.state.scene.settings.api_scheme, p.state.scene.settings.webhook_scheme)}
                        dispatch={p.dispatch.clone()} oncommand={command.clone()} />
                }) }
                { fold("Webhook registration", false, html! {
                    <RegistrationPanel stages={frame.drills.clone()} setting={p.state.scene.settings.registration}
                        locked={p.state.lock} dispatch={p.dispatch.clone()} />
                }) }
            }
            <p class="visually-hidden" role="status" aria-live="polite" data-testid="announcer">{ announced }</p>
        </div>
    }
}
