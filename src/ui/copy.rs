//! Taking text out of the page: a Copy button for a read-only text box or code block, and the
//! clipboard call behind it. The shown text is the fallback wherever the clipboard is not allowed
//! (a sandboxed frame, an old browser, a denied permission): the button selects it for Ctrl+C.

use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

/// Writes to the clipboard where the page may; false where it may not.
pub async fn copy_text(text: &str) -> bool {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return false;
    };
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"));
    if !clipboard.as_ref().is_ok_and(|c| c.is_object()) {
        return false;
    }
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// Selects the text of the element with id `id`, if there is one.
pub fn select_text(id: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(element) = window.document().and_then(|d| d.get_element_by_id(id)) else {
        return;
    };
    match element.dyn_into::<web_sys::HtmlTextAreaElement>() {
        Ok(area) => area.select(),
        Err(element) => {
            if let Ok(Some(selection)) = window.get_selection() {
                let _ = selection.select_all_children(&element);
            }
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    pub text: AttrValue,
    /// The id of the read-only text box or code block that shows `text`.
    pub target: AttrValue,
    /// Names what is copied, for screen readers ("Copy the exact curl command").
    pub label: AttrValue,
}

/// "Copy", then a short status saying whether it worked or how to copy by hand.
#[component]
pub fn CopyButton(p: &CopyButtonProps) -> Html {
    let status = use_state(String::new);
    let onclick = {
        let (status, text, target) = (status.clone(), p.text.clone(), p.target.clone());
        Callback::from(move |_| {
            select_text(&target);
            let (status, text) = (status.clone(), text.clone());
            wasm_bindgen_futures::spawn_local(async move {
                status.set(if copy_text(&text).await {
                    "Copied.".into()
                } else {
                    "Copying is not allowed here: the text is selected, press Ctrl+C or ⌘C.".into()
                });
            });
        })
    };
    html! {
        <span class="copy-action">
            <button type="button" aria-label={p.label.clone()} {onclick}>{ "Copy" }</button>
            <span role="status">{ (*status).clone() }</span>
        </span>
    }
}
