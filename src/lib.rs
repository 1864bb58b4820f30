//! Webhook vs API: a live simulator of API polling and webhooks.
//!
//! Three layers with one direction of dependency:
//! - [`sim`]: the deterministic discrete-event simulation (pure Rust);
//! - [`signing`]: HMAC-SHA256 webhook signature schemes (pure Rust);
//! - [`scenario`]: presets and the learner's settings, mapped to a simulation config (pure Rust);
//! - [`view`], [`url_state`], [`lessons`]: the view, the query string and the guided lessons
//!   (pure Rust);
//! - [`export`]: a request as a curl command, a delivery re-signed for a live receiver, the
//!   log as a HAR file (pure Rust);
//! - [`driver`]: plays the simulations in wall-clock time, steps and fast-forwards them;
//! - [`app`]: the application core: state, reducers, lesson flow, drills, lab form, view model
//!   (pure Rust);
//! - `ui`: the Yew views and hooks, compiled only for the browser.

pub mod app;
pub mod driver;
pub mod export;
pub mod lessons;
pub mod scenario;
pub mod signing;
pub mod sim;
pub mod url_state;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod ui;

/// Mounts the app on the page body (browser), or explains how to run it (native).
pub fn start() {
    #[cfg(target_arch = "wasm32")]
    yew::Renderer::<ui::App>::new().render();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("This is a browser app: run `make run` and open http://127.0.0.1:8080");
}
