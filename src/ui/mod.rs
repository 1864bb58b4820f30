//! The Yew front end. It reads the simulation through a small view model and never reaches into
//! engine internals; the simulation never knows it is drawn.

mod controls;
mod drills;
mod lab;
mod mode_switch;
mod panels;
mod simulator;
mod stage;

pub use controls::{Action, Controls};
pub use lab::SignatureLab;
pub use mode_switch::{ModeSwitch, ViewMode};
pub use simulator::Simulator;

use yew::prelude::*;

/// The two top-level views of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Simulator,
    Lab,
}

/// The whole page: header with the view switch, the active view, footer.
#[component]
pub fn App() -> Html {
    let page = use_state(|| Page::Simulator);
    let controls = use_reducer(Controls::default);
    let dispatch = {
        let controls = controls.clone();
        Callback::from(move |a: Action| controls.dispatch(a))
    };
    let onchange = dispatch.reform(Action::SetView);
    let mode = controls.view;
    html! {
        <>
            <header class="site-header">
                <h1>{ "Webhook vs API" }</h1>
                <p class="tagline">{ "A live simulator of how applications learn about changes." }</p>
                <nav aria-label="Views" class="views">
                    { for [(Page::Simulator, "Simulator"), (Page::Lab, "Signature lab")].into_iter().map(|(p, label)| {
                        let onclick = { let page = page.clone(); Callback::from(move |_| page.set(p)) };
                        html! {
                            <button type="button" class="view-tab" aria-current={(*page == p).then_some("page")} {onclick}>
                                { label }
                            </button>
                        }
                    }) }
                </nav>
            </header>
            <main id="main">
                { match *page {
                    Page::Simulator => html! {
                        <>
                            <ModeSwitch value={mode} {onchange} />
                            <section class="mode-summary" aria-labelledby="mode-heading" data-testid="mode-summary">
                                <h2 id="mode-heading">{ mode.label() }</h2>
                                <p data-testid="mode-description">{ mode.description() }</p>
                            </section>
                            <Simulator controls={(*controls).clone()} {dispatch} />
                        </>
                    },
                    Page::Lab => html! { <SignatureLab /> },
                } }
            </main>
            <footer class="site-footer">
                <p>{ "Everything runs in this page: no server, no network, nothing leaves your browser." }</p>
            </footer>
        </>
    }
}
