//! The simulation: a deterministic discrete-event model of polling, webhooks and both together.
//! Pure Rust: nothing here knows it is drawn.
