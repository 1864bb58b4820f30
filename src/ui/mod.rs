//! The Yew front end. It reads the simulation through a small view model and never reaches into
//! engine internals; the simulation never knows it is drawn.

mod mode_switch;

pub use mode_switch::{ModeSwitch, ViewMode};

use yew::prelude::*;

/// The whole page: header, mode switch, the active mode's stage, footer.
#[component]
pub fn App() -> Html {
    let mode = use_state(|| ViewMode::Polling);
    let onchange = {
        let mode = mode.clone();
        Callback::from(move |m: ViewMode| mode.set(m))
    };
    html! {
        <>
            <header class="site-header">
                <h1>{ "Webhook vs API" }</h1>
                <p class="tagline">{ "A live simulator of how applications learn about changes." }</p>
            </header>
            <main id="main">
                <ModeSwitch value={*mode} {onchange} />
                <section class="mode-summary" aria-labelledby="mode-heading" data-testid="mode-summary">
                    <h2 id="mode-heading">{ mode.label() }</h2>
                    <p data-testid="mode-description">{ mode.description() }</p>
                </section>
            </main>
            <footer class="site-footer">
                <p>{ "Everything runs in this page: no server, no network, nothing leaves your browser." }</p>
            </footer>
        </>
    }
}
