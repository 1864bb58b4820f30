//! Saved progress in the browser's local storage: read once when the page opens, written after
//! each change, only by a top-level page (never inside a frame), and a "Start over" that forgets
//! it. Storage may be missing or throw (sandboxed frames, private modes, a full quota): every
//! call is guarded, and a failure only means nothing is saved.

use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::store::Store;
use crate::app::{progress, Action};

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// True only when the page is certainly not framed; unreadable counts as framed.
fn top_level() -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    match w.parent() {
        Ok(Some(parent)) => {
            let me: &JsValue = w.as_ref();
            let them: &JsValue = parent.as_ref();
            me == them
        }
        _ => false,
    }
}

/// The state the page opens in, from its address (`None` for an app that is not the page's
/// first, which starts from the defaults) and, where storage can be read, what was saved.
pub fn initial_store(query: Option<String>) -> Store {
    let saved = query
        .as_ref()
        .and_then(|_| storage()?.get_item(progress::KEY).ok().flatten());
    Store::new(progress::initial_state(
        &query.unwrap_or_default(),
        saved.as_deref(),
    ))
}

/// Stores `record`, or forgets the saved one for `None`; failures are ignored.
fn write(record: Option<&str>) {
    let Some(s) = storage() else { return };
    let _ = match record {
        Some(r) => s.set_item(progress::KEY, r),
        None => s.remove_item(progress::KEY),
    };
}

#[derive(Properties, PartialEq)]
pub struct SavedProgressProps {
    pub state: Store,
    pub dispatch: Callback<Action>,
}

/// Keeps the record in step with the state where this page may save, and says so with a
/// "Start over" button while there is something saved.
#[component]
pub fn SavedProgress(p: &SavedProgressProps) -> Html {
    let can_store = use_memo((), |_| top_level() && storage().is_some());
    let saving = *can_store && progress::may_save(&p.state);
    let record = saving.then(|| progress::record(&p.state));
    use_effect_with(record.clone(), |r| {
        if let Some(r) = r {
            write(r.as_deref());
        }
    });
    if !matches!(record, Some(Some(_))) {
        return html! {};
    }
    html! {
        <div class="saved-progress" data-testid="saved-progress">
            <p>{ "Your place in the lessons, your predictions and your answers are kept in this browser." }</p>
            <button type="button" onclick={p.dispatch.reform(|_| Action::StartOver)} data-testid="start-over">
                { "Start over" }
            </button>
        </div>
    }
}
