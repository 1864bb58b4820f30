//! Hooks: the simulator's driver and its tick, and a render counter for tests.

use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Interval;
use yew::prelude::*;

use super::store::Store;
use crate::app::session::{Command, Frame, Session};
use crate::app::Action;

/// Tick period of the simulation loop (about 30 per second).
const TICK_MS: u32 = 33;

/// The browser's monotonic clock in ms; 0 where it cannot be read.
pub fn wall_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn document_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| !d.hidden())
}

/// The simulations for `state`, played while `active`: returns this tick's view model and the
/// callback that steps, fast-forwards, drills or selects on them.
///
/// The session lives as long as the component; its clock is an [`Interval`] owned by an effect
/// and dropped (so cancelled) by the effect's teardown, and it only runs while the run plays or
/// fast-forwards and the page is visible. A lesson's run that reaches its span is measured on
/// these very simulations and reported through `dispatch`.
///
/// ```ignore
/// let (frame, command) = use_driver(&state, dispatch.clone(), true);
/// html! { <p>{ frame.now_ms }</p> }
/// ```
#[hook]
pub fn use_driver(
    state: &Store,
    dispatch: Callback<Action>,
    active: bool,
) -> (Rc<Frame>, Callback<Command>) {
    let session = use_mut_ref(|| Session::new(state, wall_ms()));
    let redraw = use_force_update();
    let visible = use_state(document_visible);

    // Hidden tabs stop the clock; it resumes without a jump when the tab shows again.
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

    // New settings rebuild the run; the receivers switch acts on it from now on.
    {
        let (session, redraw) = (session.clone(), redraw.clone());
        use_effect_with(state.clone(), move |state| {
            if session.borrow_mut().sync(state, wall_ms()) {
                redraw.force_update();
            }
        });
    }

    let frame = session.borrow().frame();
    let scene = &state.scene;
    let running = (scene.playing || frame.fast_forward.is_some()) && *visible && active;
    // Paused, a tick only works on a fast-forward: it never moves time on by itself.
    let speed = if scene.playing { scene.speed } else { 0.0 };
    {
        let (session, redraw) = (session.clone(), redraw.clone());
        use_effect_with((running, speed), move |&(running, speed)| {
            session.borrow_mut().pause(wall_ms());
            redraw.force_update();
            let interval = running.then(|| {
                Interval::new(TICK_MS, move || {
                    let measured = session.borrow_mut().tick(wall_ms(), speed, wall_ms);
                    redraw.force_update();
                    if let Some(action) = measured {
                        dispatch.emit(action);
                    }
                })
            });
            move || drop(interval)
        });
    }

    let command = {
        let session = session.clone();
        use_callback((), move |c: Command, _| {
            session.borrow_mut().command(c, wall_ms());
            redraw.force_update();
        })
    };
    (frame, command)
}

/// How many times the calling component has rendered, in debug builds (tests read it from a
/// `data-renders` attribute); `None` in release builds, where nothing is counted.
#[hook]
pub fn use_render_count() -> Option<u32> {
    let count = use_mut_ref(|| 0_u32);
    cfg!(debug_assertions).then(|| {
        let mut n = count.borrow_mut();
        *n += 1;
        *n
    })
}
