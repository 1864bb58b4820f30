//! The page's place in the browser: the address (read once, then kept up to date with
//! `history.replaceState`), the theme on `<html>`, the messages to and from a parent page when
//! embedded, and the share and embed panel. Every web API here may be missing or may throw inside a
//! sandboxed iframe, so each call is guarded and a failure only skips that feature.

use std::cell::Cell;

use gloo_events::EventListener;
use gloo_timers::callback::Interval;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::copy::{copy_text, select_text};
use super::store::Store;
use crate::app::{address, host, Action};
use crate::url_state::{self, Theme};

/// How often an embedded page checks whether its height changed.
const HEIGHT_CHECK_MS: u32 = 200;

thread_local! {
    /// The address describes the page's one app: the first app mounted reads it, later ones
    /// (several apps mounted in one test page) start from the defaults.
    static ADDRESS_READ: Cell<bool> = const { Cell::new(false) };
}

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The page's query for the first app mounted, `None` for later ones.
pub fn first_query() -> Option<String> {
    let first = ADDRESS_READ.with(|r| !r.replace(true));
    first.then(|| {
        window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default()
    })
}

/// The page's address without its query, or `None` when the location cannot be read.
fn base_address() -> Option<String> {
    let href = window()?.location().href().ok()?;
    Some(address::without_query(&href).to_string())
}

/// Replaces the address's query with `query`, keeping path and fragment; silently does nothing
/// where history is unavailable.
fn write_query(query: &str) {
    let Some(w) = window() else { return };
    let loc = w.location();
    let wanted = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    if loc.search().ok().as_deref() == Some(wanted.as_str()) {
        return;
    }
    let (Ok(path), Ok(hash)) = (loc.pathname(), loc.hash()) else {
        return;
    };
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(
            &JsValue::NULL,
            "",
            Some(&format!("{path}{wanted}{hash}")),
        );
    }
}

fn set_root_attribute(name: &str, value: Option<&str>) {
    let Some(root) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match value {
        Some(v) => root.set_attribute(name, v),
        None => root.remove_attribute(name),
    };
}

/// Keeps the address, the theme and the embed flag on `<html>` in step with the state.
#[hook]
pub fn use_address_sync(state: &Store) {
    use_effect_with(address::url_state(state), |s| {
        write_query(&url_state::to_query(s));
        set_root_attribute("data-theme", s.theme.map(Theme::key));
        set_root_attribute("data-embed", s.embed.then_some("1"));
    });
}

/// The parent window when the page is framed; `None` at the top level or when unreadable.
fn parent_window() -> Option<web_sys::Window> {
    let w = window()?;
    let parent = w.parent().ok()??;
    let me: &JsValue = w.as_ref();
    let them: &JsValue = parent.as_ref();
    (me != them).then_some(parent)
}

fn post(parent: &web_sys::Window, json: &str) {
    if let Ok(message) = js_sys::JSON::parse(json) {
        let _ = parent.post_message(&message, "*");
    }
}

fn page_height() -> i32 {
    window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .map_or(0, |b| b.offset_height())
}

/// The fields of a host's set message, each value as text (`None` for one that is not text,
/// a number or a boolean); `None` for any other message.
fn set_message_fields(data: &JsValue) -> Option<Vec<(String, Option<String>)>> {
    let kind = js_sys::Reflect::get(data, &JsValue::from_str("type")).ok()?;
    if !data.is_object() || kind.as_string().as_deref() != Some(host::SET) {
        return None;
    }
    let entries = js_sys::Object::entries(data.unchecked_ref());
    Some(
        entries
            .iter()
            .filter_map(|pair| {
                let pair = js_sys::Array::from(&pair);
                let value = pair.get(1);
                let text = value
                    .as_string()
                    .or_else(|| value.as_f64().map(|n| n.to_string()))
                    .or_else(|| value.as_bool().map(|b| if b { "1" } else { "0" }.into()));
                Some((pair.get(0).as_string()?, text))
            })
            .collect(),
    )
}

/// In a frame: applies the parent page's set messages through the reducer, and answers with a
/// notice message listing what could not be used. Messages from any other window are ignored.
/// The listener is owned by the effect and removed with it.
#[hook]
pub fn use_host_messages(dispatch: Callback<Action>, locked: bool) {
    use_effect_with(locked, move |&locked| {
        let listener = parent_window().zip(window()).map(|(parent, w)| {
            EventListener::new(&w, "message", move |e| {
                let Some(e) = e.dyn_ref::<web_sys::MessageEvent>() else {
                    return;
                };
                let them: &JsValue = parent.as_ref();
                if e.source().map(JsValue::from).as_ref() != Some(them) {
                    return;
                }
                let Some(fields) = set_message_fields(&e.data()) else {
                    return;
                };
                let (actions, notices) = host::actions(&fields, locked);
                for a in actions {
                    dispatch.emit(a);
                }
                if !notices.is_empty() {
                    let reply: serde_json::Map<_, _> = [
                        ("type".to_string(), host::NOTICE.into()),
                        ("notices".to_string(), notices.into()),
                    ]
                    .into_iter()
                    .collect();
                    post(&parent, &serde_json::Value::Object(reply).to_string());
                }
            })
        });
        move || drop(listener)
    });
}

/// In a frame: tells the parent the page is ready, then its height whenever it changes. The
/// interval is owned by the effect and dropped with it.
#[hook]
pub fn use_parent_messages() {
    use_effect_with((), |_| {
        let interval = parent_window().map(|parent| {
            post(&parent, r#"{"type":"webhook-vs-api:ready"}"#);
            let last = Cell::new(-1);
            Interval::new(HEIGHT_CHECK_MS, move || {
                let h = page_height();
                if h > 0 && h != last.get() {
                    last.set(h);
                    post(
                        &parent,
                        &format!(r#"{{"type":"webhook-vs-api:resize","height":{h}}}"#),
                    );
                }
            })
        });
        move || drop(interval)
    });
}

#[derive(Properties, PartialEq)]
pub struct PageToolsProps {
    pub state: Store,
    pub dispatch: Callback<Action>,
}

/// Theme, projector mode, the focus layout, and the share and embed panel.
#[component]
pub fn PageTools(p: &PageToolsProps) -> Html {
    let open = use_state(|| false);
    let copied = use_state(String::new);
    let theme = p.state.theme;
    let on_theme = p.dispatch.reform(|e: Event| {
        let select: Option<web_sys::HtmlSelectElement> = e.target_dyn_into();
        Action::SetTheme(select.and_then(|s| Theme::from_key(&s.value())))
    });
    let projector = theme == Some(Theme::Projector);
    let on_projector = p
        .dispatch
        .reform(move |_| Action::SetTheme((!projector).then_some(Theme::Projector)));
    let focused = p.state.focused();
    let on_focus = p.dispatch.reform(move |_| Action::SetFocus(!focused));
    let toggle = {
        let open = open.clone();
        let copied = copied.clone();
        Callback::from(move |_| {
            open.set(!*open);
            copied.set(String::new());
        })
    };
    let (link, snippet) = address::share(&base_address().unwrap_or_default(), &p.state);
    let on_copy = {
        let copied = copied.clone();
        let snippet = snippet.clone();
        Callback::from(move |_| {
            select_text("embed-snippet");
            let copied = copied.clone();
            let text = snippet.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let done = copy_text(&text).await;
                copied.set(if done {
                    "Copied.".into()
                } else {
                    "Copying is not allowed here: the snippet is selected, press Ctrl+C or ⌘C."
                        .into()
                });
            });
        })
    };
    html! {
        <div class="page-tools">
            <label for="theme">{ "Theme" }</label>
            <select id="theme" onchange={on_theme} data-testid="theme">
                <option value="" selected={theme.is_none()}>{ "System" }</option>
                { for Theme::ALL.iter().map(|t| html! {
                    <option value={t.key()} selected={theme == Some(*t)}>{ t.label() }</option>
                }) }
            </select>
            <button type="button" aria-pressed={projector.to_string()} onclick={on_projector} data-testid="projector">{ "Projector mode" }</button>
            // Projector mode implies focus; the toggle is for any other theme.
            <button type="button" aria-pressed={focused.to_string()} disabled={projector} onclick={on_focus} data-testid="focus">{ "Focus" }</button>
            <button type="button" aria-expanded={open.to_string()} aria-controls="share-panel" onclick={toggle} data-testid="embed-button">{ "Share and embed" }</button>
            if *open {
                <section id="share-panel" class="share" aria-label="Share and embed" data-testid="share-panel">
                    <p>
                        { "Link to exactly this view: " }
                        <a href={link.clone()} data-testid="share-link">{ link.clone() }</a>
                    </p>
                    <label for="embed-snippet">{ "Paste this into a page to embed the simulator" }</label>
                    <textarea id="embed-snippet" readonly=true rows="3" value={snippet} data-testid="embed-snippet" />
                    <div class="share-actions">
                        <button type="button" onclick={on_copy}>{ "Copy" }</button>
                        <span role="status" data-testid="copy-status">{ (*copied).clone() }</span>
                    </div>
                </section>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct AddressNoticesProps {
    pub notices: Vec<String>,
    pub dispatch: Callback<Action>,
}

/// What the address asked for but could not be used as given.
#[component]
pub fn AddressNotices(p: &AddressNoticesProps) -> Html {
    if p.notices.is_empty() {
        return html! {};
    }
    html! {
        <div class="notice url-notices" role="status" data-testid="url-notice">
            <div>
                <p>{ "Some parts of this page's address could not be used as given:" }</p>
                <ul>{ for p.notices.iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
            </div>
            <button type="button" onclick={p.dispatch.reform(|_| Action::DismissUrlNotices)}>{ "Dismiss" }</button>
        </div>
    }
}
