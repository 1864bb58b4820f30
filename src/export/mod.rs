//! Developer exports of a run's messages, pure Rust so `cargo test` reaches them:
//!
//! - [`curl`]: a request as a POSIX shell command that sends its exact bytes;
//! - [`replay`]: a delivery's exact bytes and a copy re-signed at the current time;
//! - [`har`]: the message log as a HAR 1.2 file that browser devtools and HTTP tools open;
//! - [`sequence`]: the messages as a sequence diagram: geometry for a view, SVG, and sentences.

pub mod curl;
pub mod har;
pub mod replay;
pub mod sequence;

pub use curl::{curl, CurlError};
pub use har::har;
pub use replay::{copies, CopyKind, ReplayCopy};
