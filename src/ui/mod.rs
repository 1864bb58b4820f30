//! The Yew front end: views that draw what the application core ([`crate::app`]) hands them and
//! dispatch its actions, the hooks that own the browser's timers, and the calls into the browser.

mod comparison;
mod controls;
mod copy;
mod drills;
mod eavesdropper;
mod embed;
mod focus;
mod glossary;
mod hooks;
mod lab;
mod lessons;
mod mode_switch;
mod panels;
mod progress;
mod quiz;
mod registration;
mod replay;
mod sequence;
mod simulator;
mod stage;
mod store;
mod teacher;
mod worksheet;

pub use lab::SignatureLab;
pub use mode_switch::ModeSwitch;
pub use simulator::Simulator;
pub use store::Store;

use yew::prelude::*;

pub use crate::url_state::Page;

use crate::app::{Action, LessonAction};
use crate::lessons::quiz_text::QUIZ_PANEL;
use embed::{AddressNotices, PageTools};
use lessons::LessonPanel;
use progress::SavedProgress;
use quiz::ConceptChecks;
use teacher::TeacherGuide;
use worksheet::PrintKit;

/// The page's address without its query, or nothing (relative links) when it cannot be read:
/// the base of the links the teacher's page and the worksheet give.
fn page_base() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| crate::app::address::without_query(&href).to_string())
        .unwrap_or_default()
}

/// The whole page: header with the view switch and page tools, the active view, footer; in embed
/// mode only the view, compact.
#[component]
pub fn App() -> Html {
    let store = use_reducer(|| progress::initial_store(embed::first_query()));
    let state: Store = (*store).clone();
    let dispatch = {
        let store = store.clone();
        Callback::from(move |a: Action| store.dispatch(a))
    };
    embed::use_address_sync(&state);
    embed::use_host_messages(dispatch.clone(), state.lock);
    embed::use_parent_messages();
    let onchange = dispatch.reform(Action::SetView);
    let mode = state.scene.view;
    let page = state.page;
    let in_lessons = state.classroom.lesson.is_some();
    let content = html! {
        <>
            <AddressNotices notices={state.url_notices.clone()} dispatch={dispatch.clone()} />
            <SavedProgress state={state.clone()} dispatch={dispatch.clone()} />
            // Both views stay mounted, so a run and a half-typed lab request survive a switch;
            // the hidden simulator stops its clock.
            <div hidden={page != Page::Simulator}>
                <LessonPanel state={state.clone()} dispatch={dispatch.clone()} />
                <ModeSwitch value={mode} {onchange} />
                <section class="mode-summary" aria-labelledby="mode-heading" data-testid="mode-summary">
                    <h2 id="mode-heading">{ mode.label() }</h2>
                    <p data-testid="mode-description">{ mode.description() }</p>
                </section>
                <Simulator state={state.clone()} dispatch={dispatch.clone()} active={page == Page::Simulator} />
            </div>
            <div hidden={page != Page::Lab}>
                <SignatureLab lab={state.lab.clone()} dispatch={dispatch.reform(Action::Lab)} />
            </div>
            if page == Page::Teacher {
                <TeacherGuide />
            }
            if page == Page::Quiz {
                <ConceptChecks checks={state.checks.clone()} dispatch={dispatch.clone()} />
            }
        </>
    };
    if state.embed {
        return html! {
            <main id="main" class="embedded">
                <h1 class="embed-title">{ "Webhook vs API" }</h1>
                { content }
            </main>
        };
    }
    // Tabs: the simulator, the simulator with the lessons open, the signature lab, the
    // teacher's guide, the concept checks.
    let tabs = [
        ("Simulator", page == Page::Simulator && !in_lessons),
        ("Guided lessons", page == Page::Simulator && in_lessons),
        ("Signature lab", page == Page::Lab),
        ("For teachers", page == Page::Teacher),
        (QUIZ_PANEL.tab, page == Page::Quiz),
    ];
    html! {
        <>
            <header class={classes!("site-header", in_lessons.then_some("lesson-open"))}>
                <h1>{ "Webhook vs API" }</h1>
                <p class="tagline">{ "A live simulator of how applications learn about changes." }</p>
                <div class="header-bar">
                    <nav aria-label="Views" class="views">
                        { for tabs.into_iter().enumerate().map(|(k, (label, current))| {
                            let onclick = {
                                let dispatch = dispatch.clone();
                                Callback::from(move |_| {
                                    dispatch.emit(Action::SetPage(match k {
                                        2 => Page::Lab,
                                        3 => Page::Teacher,
                                        4 => Page::Quiz,
                                        _ => Page::Simulator,
                                    }));
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
                    <PageTools state={state.clone()} dispatch={dispatch.clone()} />
                </div>
            </header>
            <main id="main">{ content }</main>
            <footer class="site-footer">
                <p>{ "Everything runs in this page: no server, no network, nothing leaves your browser." }</p>
                <PrintKit />
            </footer>
        </>
    }
}
