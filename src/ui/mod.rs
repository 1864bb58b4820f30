//! The Yew front end. It reads the simulation through a small view model and never reaches into
//! engine internals; the simulation never knows it is drawn.

mod comparison;
mod controls;
mod drills;
mod embed;
mod lab;
mod lessons;
mod mode_switch;
mod panels;
mod simulator;
mod stage;

pub use controls::{Action, Controls};
pub use lab::SignatureLab;
pub use lessons::LessonAction;
pub use mode_switch::{ModeSwitch, ViewMode};
pub use simulator::Simulator;

use yew::prelude::*;

use embed::{AddressNotices, PageTools};
use lessons::LessonPanel;

/// The two top-level views of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Simulator,
    Lab,
}

/// The whole page: header with the view switch and page tools, the active view, footer; in embed
/// mode only the view, compact.
#[component]
pub fn App() -> Html {
    let page = use_state(|| Page::Simulator);
    let controls = use_reducer(embed::initial_controls);
    embed::use_address_sync(&controls);
    embed::use_parent_messages();
    let dispatch = {
        let controls = controls.clone();
        Callback::from(move |a: Action| controls.dispatch(a))
    };
    let onchange = dispatch.reform(Action::SetView);
    let mode = controls.view;
    let in_lessons = controls.classroom.lesson.is_some();
    let content = html! {
        <>
            <AddressNotices notices={controls.url_notices.clone()} dispatch={dispatch.clone()} />
            // Both views stay mounted, so a run and a half-typed lab request survive a switch;
            // the hidden simulator stops its clock.
            <div hidden={*page != Page::Simulator}>
                <LessonPanel controls={(*controls).clone()} dispatch={dispatch.clone()} />
                <ModeSwitch value={mode} {onchange} />
                <section class="mode-summary" aria-labelledby="mode-heading" data-testid="mode-summary">
                    <h2 id="mode-heading">{ mode.label() }</h2>
                    <p data-testid="mode-description">{ mode.description() }</p>
                </section>
                <Simulator controls={(*controls).clone()} dispatch={dispatch.clone()} active={*page == Page::Simulator} />
            </div>
            <div hidden={*page != Page::Lab}>
                <SignatureLab />
            </div>
        </>
    };
    if controls.embed {
        return html! {
            <main id="main" class="embedded">
                <h1 class="embed-title">{ "Webhook vs API" }</h1>
                { content }
            </main>
        };
    }
    // Tabs: the simulator, the simulator with the lessons open, the signature lab.
    let tabs = [
        ("Simulator", *page == Page::Simulator && !in_lessons),
        ("Guided lessons", *page == Page::Simulator && in_lessons),
        ("Signature lab", *page == Page::Lab),
    ];
    html! {
        <>
            <header class="site-header">
                <h1>{ "Webhook vs API" }</h1>
                <p class="tagline">{ "A live simulator of how applications learn about changes." }</p>
                <div class="header-bar">
                    <nav aria-label="Views" class="views">
                        { for tabs.into_iter().enumerate().map(|(k, (label, current))| {
                            let onclick = {
                                let page = page.clone();
                                let dispatch = dispatch.clone();
                                Callback::from(move |_| {
                                    page.set(if k == 2 { Page::Lab } else { Page::Simulator });
                                    match (k, in_lessons) {
                                        (0, true) => dispatch.emit(Action::Lesson(LessonAction::Close)),
                                        (1, false) => dispatch.emit(Action::Lesson(LessonAction::Next)),
                                        _ => {}
                                    }
                                })
                            };
                            html! {
                                <button type="button" class="view-tab" aria-current={current.then_some("page")} {onclick}>
                                    { label }
                                </button>
                            }
                        }) }
                    </nav>
                    <PageTools controls={(*controls).clone()} dispatch={dispatch.clone()} />
                </div>
            </header>
            <main id="main">{ content }</main>
            <footer class="site-footer">
                <p>{ "Everything runs in this page: no server, no network, nothing leaves your browser." }</p>
            </footer>
        </>
    }
}
