//! The inspector's tools for a developer's own receiver: the selected message as curl commands
//! (its exact bytes, and for a delivery its receiver accepted, a copy re-signed now), "Open in
//! lab" for a delivery, and the run's message log as a HAR file to download.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::copy::CopyButton;
use crate::app::lab::{delivery, Delivery};
use crate::app::replay::curl_copies;
use crate::app::session::{Command, HarFile, Selection, Versioned};
use crate::sim::model::LOG_CAPACITY;

/// The browser's clock in whole Unix seconds.
fn now_unix() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

#[derive(Properties, PartialEq)]
pub struct ReplayToolsProps {
    pub selection: Versioned<Option<Selection>>,
    /// Opens the lab with a delivery's fields.
    pub onopenlab: Callback<Delivery>,
}

/// "Copy as curl" for the selected message, and "Open in lab" for a delivery.
#[component]
pub fn ReplayTools(p: &ReplayToolsProps) -> Html {
    // Bumped by "Sign again now": the re-signed copy is made at render time, and a live
    // receiver accepts it only for its tolerance.
    let signings = use_state(|| 0_u32);
    let Some(selection) = p.selection.as_ref() else {
        return html! {};
    };
    let copies = match curl_copies(selection, now_unix()) {
        Err(why) => html! { <p data-testid="curl-none">{ why }</p> },
        Ok(copies) => {
            let resigned = copies.len() > 1;
            let again = {
                let signings = signings.clone();
                Callback::from(move |_| signings.set(signings.wrapping_add(1)))
            };
            html! { <>
                { for copies.into_iter().enumerate().map(|(i, c)| {
                    let key = if i == 0 { "exact" } else { "resigned" };
                    let id = format!("curl-{key}");
                    html! {
                        <div class="replay-copy">
                            <label for={id.clone()}>{ format!("Copy as curl: {}", c.title) }</label>
                            <p class="hint" id={format!("{id}-why")}>{ c.why }</p>
                            <textarea id={id.clone()} readonly=true rows="6" spellcheck="false"
                                aria-describedby={format!("{id}-why")} data-testid={id.clone()}
                                value={c.command.clone()} />
                            <CopyButton text={c.command} target={id}
                                label={format!("Copy the curl command: {}", c.title)} />
                        </div>
                    }
                }) }
                if resigned {
                    <button type="button" onclick={again}>{ "Sign again now" }</button>
                }
            </> }
        }
    };
    let open = delivery(&selection.text, &selection.secret).map(|d| {
        let onclick = p.onopenlab.reform(move |_| d.clone());
        html! {
            <p>
                <button type="button" {onclick} data-testid="open-in-lab">{ "Open in lab" }</button>
                { " Opens the signature lab with this delivery's headers, exact body and secret, \
                   set to verify as of its own simulated timestamp." }
            </p>
        }
    });
    html! {
        <div class="replay" data-testid="replay">
            <h4>{ "Replay it yourself" }</h4>
            { copies }
            { for open }
        </div>
    }
}

/// A download of `text` as the file `name`, through an object URL, which it returns (to be
/// revoked once the download has started); `None` where the browser refuses.
fn download(name: &str, mime: &str, text: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window()?.document()?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    link.set_href(&url);
    link.set_download(name);
    let body = document.body()?;
    body.append_child(&link).ok()?;
    link.click();
    link.remove();
    Some(url)
}

#[derive(Properties, PartialEq)]
pub struct HarDownloadProps {
    /// The stages' names, in order.
    pub stages: Vec<&'static str>,
    /// The last file the session made.
    pub har: Versioned<Option<HarFile>>,
    pub oncommand: Callback<Command>,
}

/// "Download HAR" per stage: the session writes the file, and each new one is downloaded once.
#[component]
pub fn HarDownload(p: &HarDownloadProps) -> Html {
    // The file present when this view appeared was downloaded before it; only newer ones are.
    let seen = use_mut_ref(|| p.har.generation());
    // One object URL is kept alive at a time, revoked at the next download or on unmount.
    let url: Rc<RefCell<Option<String>>> = use_mut_ref(|| None);
    {
        let url = url.clone();
        use_effect_with((), move |_| {
            move || {
                if let Some(old) = url.borrow_mut().take() {
                    let _ = web_sys::Url::revoke_object_url(&old);
                }
            }
        });
    }
    use_effect_with(p.har.clone(), move |har| {
        if *seen.borrow() != har.generation() {
            *seen.borrow_mut() = har.generation();
            if let Some(file) = har.as_ref() {
                let name = format!("webhook-vs-api-{}.har", file.stage.to_lowercase());
                let new = download(&name, "application/json", &file.json);
                if let Some(old) = std::mem::replace(&mut *url.borrow_mut(), new) {
                    let _ = web_sys::Url::revoke_object_url(&old);
                }
            }
        }
    });
    let compare = p.stages.len() > 1;
    html! {
        <div class="har" data-testid="har">
            <p class="hint">{ format!(
                "A HAR file holds the run's messages as requests and responses, for browser \
                 devtools and HTTP tools. It holds what the log keeps: the most recent \
                 {LOG_CAPACITY} messages."
            ) }</p>
            { for p.stages.iter().enumerate().map(|(i, name)| {
                let label = if compare { format!("Download HAR ({name})") } else { "Download HAR".to_string() };
                html! {
                    <button type="button" onclick={p.oncommand.reform(move |_| Command::ExportHar(i))}>{ label }</button>
                }
            }) }
        </div>
    }
}
