//! The application core: everything the page decides, in pure Rust that native tests reach.
//! The state and its reducer, the lesson flow, the drills' rules, the signature lab's form, the
//! inspector's curl copies, the figures and formatters, the address mapping, and the simulator screen's view model. The Yew
//! views in `ui` draw what this hands them and dispatch its actions.

pub mod address;
pub mod drills;
pub mod figures;
pub mod focus;
pub mod format;
pub mod glossary;
pub mod host;
pub mod lab;
pub mod lesson;
pub mod progress;
pub mod replay;
pub mod sequence;
pub mod session;
pub mod state;
pub mod teacher;
pub mod worksheet;

pub use lesson::{Classroom, LessonAction, Scene};
pub use state::{Action, State};
