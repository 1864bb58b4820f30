//! The live simulator screen: owns the [`Driver`] and the tick loop, turns the simulations into a
//! small view model each frame, and lays out the stage(s), controls, counters, chart, inspector
//! and log.

use gloo_events::EventListener;
use gloo_timers::callback::Interval;
use yew::prelude::*;

use super::comparison::ComparisonTable;
use super::controls::{Action, Controls, Playback, SettingsPanel};
use super::drills::{resend_form, Drill, DrillsPanel, StageDrills};
use super::panels::{Chart, Counters, Inspector, Log, StageFigures};
use super::stage::{Legend, Stage};
use super::ViewMode;
use crate::driver::Driver;
use crate::scenario::Settings;
use crate::sim::{Message, Mode, Simulation};

/// Tick period of the simulation loop (about 30 per second).
const TICK_MS: u32 = 33;
/// Wall-clock time a fast-forward may take per tick, leaving the rest of the frame to drawing.
const FAST_FORWARD_BUDGET_MS: f64 = 20.0;
/// Rows in the message log.
const LOG_ROWS: usize = 20;
/// Shortest time a message is drawn travelling, in wall-clock ms, so the eye can follow it even
/// when the simulated network takes a few ms. Only the drawing is stretched, never the counters.
const MIN_FLIGHT_WALL_MS: f64 = 700.0;
/// While playing, the counters, chart and log refresh this often (wall ms); the stage every tick.
const PANEL_REFRESH_MS: f64 = 250.0;
/// Minimum wall-clock gap between two live-region announcements.
const ANNOUNCE_EVERY_MS: f64 = 5_000.0;

/// The stages a view shows, with their names.
pub fn lineup(view: ViewMode) -> &'static [(&'static str, Mode)] {
    match view {
        ViewMode::Polling => &[("Polling", Mode::Polling)],
        ViewMode::Webhook => &[("Webhook", Mode::Webhook)],
        ViewMode::Both => &[("Both", Mode::Hybrid)],
        // Same settings and seed, hence the same event stream, on both sides.
        ViewMode::Compare => &[("Polling", Mode::Polling), ("Webhook", Mode::Webhook)],
    }
}

/// What the driver was built for; a change rebuilds it from time zero.
#[derive(Clone, PartialEq)]
struct BuildKey {
    view: ViewMode,
    settings: Settings,
    epoch: u32,
}

struct Live {
    key: BuildKey,
    driver: Result<Driver, String>,
    last_announcement: (f64, u64),
    panels: Option<Panels>,
}

/// The slower-moving part of the view model, recomputed at most every [`PANEL_REFRESH_MS`]
/// while playing, and whenever simulated time moved while paused.
struct Panels {
    wall_ms: f64,
    sim_ms: u64,
    figures: Vec<StageFigures>,
    /// Most recent first.
    rows: Vec<(&'static str, Message)>,
}

impl Panels {
    fn of(driver: &Driver, names: &[&'static str], wall_ms: f64) -> Panels {
        let figures = driver
            .stages()
            .iter()
            .zip(names)
            .map(|(s, name)| StageFigures {
                name,
                summary: s.metrics().summary(),
                theory: s.theory(),
                series: s.metrics().series_points(),
            })
            .collect();
        let mut rows: Vec<(&'static str, Message)> = driver
            .stages()
            .iter()
            .zip(names)
            .flat_map(|(s, name)| s.messages().rev().take(LOG_ROWS).map(move |m| (*name, *m)))
            .collect();
        rows.sort_by(|a, b| b.1.sent_ms.cmp(&a.1.sent_ms).then(b.1.id.cmp(&a.1.id)));
        rows.truncate(LOG_ROWS);
        Panels {
            wall_ms,
            sim_ms: driver.now_ms(),
            figures,
            rows,
        }
    }

    fn stale(&self, running: bool, wall_ms: f64, sim_ms: u64) -> bool {
        if running {
            wall_ms - self.wall_ms >= PANEL_REFRESH_MS
        } else {
            sim_ms != self.sim_ms
        }
    }
}

impl Live {
    fn build(key: BuildKey, offline: bool) -> Live {
        let configs: Vec<_> = lineup(key.view)
            .iter()
            .map(|(_, m)| key.settings.config(*m))
            .collect();
        let mut driver = Driver::new(&configs).map_err(|e| e.to_string());
        if let Ok(d) = &mut driver {
            d.stages_mut()
                .iter_mut()
                .for_each(|s| s.set_receivers_online(!offline));
        }
        Live {
            key,
            driver,
            last_announcement: (f64::NEG_INFINITY, 0),
            panels: None,
        }
    }
}

fn wall_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

fn document_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| !d.hidden())
}

/// A sentence for the live region about the latest event a client came to know of.
fn announcement(sim: &Simulation) -> Option<(u64, String)> {
    let l = sim.last_learned()?;
    let text = format!(
        "{}; client {} learned of it {:.1} s later.",
        sim.event_type(l.client, l.event).headline(l.event),
        l.client,
        l.delay_ms as f64 / 1000.0
    );
    Some((l.at_ms, text))
}

/// Messages to draw at `now`, each with the simulated span it is drawn over: its real flight, or
/// longer when that would be too quick to see at this speed.
fn drawn_flights(sim: &Simulation, now: u64, speed: f64) -> Vec<(Message, u64)> {
    let min_span = (MIN_FLIGHT_WALL_MS * speed) as u64;
    sim.messages()
        .filter_map(|m| {
            let span = m.arrives_ms.saturating_sub(m.sent_ms).max(min_span).max(1);
            (m.sent_ms <= now && now < m.sent_ms + span).then_some((*m, span))
        })
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct SimulatorProps {
    pub controls: Controls,
    /// False while another view is shown: the clock stops, the run is kept.
    #[prop_or(true)]
    pub active: bool,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn Simulator(p: &SimulatorProps) -> Html {
    let c = &p.controls;
    let key = BuildKey {
        view: c.view,
        settings: c.settings.clone(),
        epoch: c.epoch,
    };
    let live = use_mut_ref(|| Live::build(key.clone(), c.receivers_offline));
    let redraw = use_force_update();
    let selected = use_state(|| None::<(usize, Message)>);
    let visible = use_state(document_visible);
    let reduced_motion = use_state(prefers_reduced_motion);
    let announced = use_state(String::new);

    if live.borrow().key != key {
        *live.borrow_mut() = Live::build(key.clone(), c.receivers_offline);
        if selected.is_some() {
            selected.set(None);
        }
    }

    // The receivers switch acts on the running simulations from now on.
    {
        let live = live.clone();
        use_effect_with(c.receivers_offline, move |off| {
            if let Ok(d) = &mut live.borrow_mut().driver {
                d.stages_mut()
                    .iter_mut()
                    .for_each(|s| s.set_receivers_online(!*off));
            }
        });
    }

    // Hidden tabs stop the loop; it resumes without a jump when the tab shows again.
    {
        let visible = visible.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
                EventListener::new(&doc, "visibilitychange", move |_| {
                    visible.set(document_visible())
                })
            });
            move || drop(listener)
        });
    }

    // A lesson's run: the fresh simulations fast-forward over the lesson's span.
    {
        let live = live.clone();
        let redraw = redraw.clone();
        use_effect_with((c.epoch, c.run_span), move |&(_, span)| {
            if let (Some(span), Ok(d)) = (span, &mut live.borrow_mut().driver) {
                if d.now_ms() == 0 && d.fast_forward().is_none() {
                    d.start_fast_forward(span);
                    redraw.force_update();
                }
            }
        });
    }

    let fast_forward = match &live.borrow().driver {
        Ok(d) => d.fast_forward().map(|ff| ff.progress(d.now_ms())),
        Err(_) => None,
    };
    let running = (c.playing || fast_forward.is_some()) && *visible && p.active;

    // The tick loop: an owned Interval, dropped (and so cancelled) by the effect's teardown.
    {
        let live = live.clone();
        let redraw = redraw.clone();
        let announced = announced.clone();
        // Paused, a tick only works on a fast-forward: it never moves time on by itself.
        let speed = if c.playing { c.speed } else { 0.0 };
        use_effect_with((running, speed), move |&(running, speed)| {
            if let Ok(d) = &mut live.borrow_mut().driver {
                d.pause();
            }
            let interval = running.then(|| {
                Interval::new(TICK_MS, move || {
                    let mut l = live.borrow_mut();
                    let now = wall_ms();
                    let mut say = None;
                    if let Ok(d) = &mut l.driver {
                        d.tick(now, speed, FAST_FORWARD_BUDGET_MS, wall_ms);
                        say = d.stages().first().and_then(announcement);
                    }
                    let (last_at, last_id) = l.last_announcement;
                    if let Some((id, text)) = say {
                        if id != last_id && now - last_at >= ANNOUNCE_EVERY_MS {
                            l.last_announcement = (now, id);
                            announced.set(text);
                        }
                    }
                    drop(l);
                    redraw.force_update();
                })
            });
            move || drop(interval)
        });
    }

    let names: Vec<&'static str> = lineup(c.view).iter().map(|(n, _)| *n).collect();
    {
        let mut l = live.borrow_mut();
        let Live { driver, panels, .. } = &mut *l;
        if let Ok(d) = driver {
            let wall = wall_ms();
            if panels
                .as_ref()
                .is_none_or(|p| p.stale(running, wall, d.now_ms()))
            {
                *panels = Some(Panels::of(d, &names, wall));
            }
        }
    }
    let l = live.borrow();
    let (driver, panels) = match (&l.driver, &l.panels) {
        (Ok(d), Some(p)) => (d, p),
        (Err(e), _) => {
            return html! {
                <p class="error" role="alert">{ format!("These settings cannot be simulated: {e}") }</p>
            };
        }
        (Ok(_), None) => return html! {},
    };
    let now = driver.now_ms();
    let figures = panels.figures.clone();
    let on_select_stage = |i: usize| {
        let selected = selected.clone();
        Callback::from(move |m: Message| selected.set(Some((i, m))))
    };
    let stages = driver.stages().iter().zip(&names).enumerate().map(|(i, (s, name))| {
        html! {
            <figure class="stage-wrap">
                <figcaption>{ *name }</figcaption>
                <Stage id={format!("stage-{i}")} mode={s.config().mode} clients={s.config().clients} now_ms={now}
                    in_flight={drawn_flights(s, now, c.speed)}
                    receivers_online={s.receivers_online()} reduced_motion={*reduced_motion}
                    onselect={on_select_stage(i)} />
            </figure>
        }
    });
    let rows = panels.rows.clone();
    let inspected = selected
        .as_ref()
        .and_then(|(i, m)| driver.stages().get(*i).map(|s| (*m, s.render(m))));
    let selected_id = selected.as_ref().map(|(_, m)| m.id);

    let driver_action = |f: fn(&mut Driver, u64)| {
        let live = live.clone();
        let redraw = redraw.clone();
        Callback::from(move |arg: u64| {
            if let Ok(d) = &mut live.borrow_mut().driver {
                f(d, arg);
            }
            redraw.force_update();
        })
    };
    let ondrill = {
        let (live, redraw) = (live.clone(), redraw.clone());
        Callback::from(move |d: Drill| {
            let said = live
                .borrow_mut()
                .driver
                .as_mut()
                .map_or_else(|e| e.clone(), |dr| d.apply(dr));
            redraw.force_update();
            said
        })
    };
    let resend = selected
        .as_ref()
        .zip(inspected.as_ref())
        .map(|((i, m), (_, t))| (*i, *m, t.body.clone()));
    let onstep = driver_action(|d, _| d.step()).reform(|_| 0);
    let onfastforward = driver_action(|d, span| d.start_fast_forward(span));
    let oncancel = driver_action(|d, _| d.cancel_fast_forward()).reform(|_| 0);

    html! {
        <div class={classes!("simulator", (names.len() > 1).then_some("compare"))}>
            <Playback controls={c.clone()} dispatch={p.dispatch.clone()} now_ms={now}
                fast_forward={fast_forward} {onstep} {onfastforward} {oncancel} />
            <div class="stages">{ for stages }</div>
            <Legend />
            <div class="panels">
                <SettingsPanel controls={c.clone()} dispatch={p.dispatch.clone()} />
                <Counters stages={figures.clone()} />
            </div>
            <ComparisonTable stages={figures.clone()} />
            <Chart stages={figures} />
            <div class="panels">
                <Inspector selected={inspected}>{ resend_form(resend, &ondrill) }</Inspector>
                <Log rows={rows} selected={selected_id} stage_names={names.clone()}
                    onselect={{ let selected = selected.clone(); Callback::from(move |s| selected.set(Some(s))) }} />
            </div>
            <DrillsPanel stages={StageDrills::of(driver, &names)} {ondrill} />
            <p class="visually-hidden" role="status" aria-live="polite" data-testid="announcer">{ (*announced).clone() }</p>
        </div>
    }
}
