//! Helpers shared by the browser tests: mount a component, act on the page as a user would, and
//! wait for a condition instead of sleeping.
#![allow(dead_code)]

use std::time::Duration;

use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement,
    HtmlTextAreaElement,
};
use yew::BaseComponent;

/// Renders `C` into a fresh element of the document and returns that element.
pub fn mount<C: BaseComponent<Properties = ()>>() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<C>::with_root(root.clone()).render();
    root
}

/// Lets the page run until `cond` holds, failing after `seconds` of waiting.
pub async fn wait_up_to(seconds: u64, what: &str, cond: impl Fn() -> bool) {
    for _ in 0..seconds * 100 {
        if cond() {
            return;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out after {seconds} s waiting for {what}");
}

/// [`wait_up_to`] with two seconds.
pub async fn wait_for(what: &str, cond: impl Fn() -> bool) {
    wait_up_to(2, what, cond).await
}

pub fn element(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

pub fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default()
}

/// Sends a bubbling event, as the browser does when a user edits a field.
pub fn dispatch(target: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

/// Replaces the text of an input or textarea and sends `event` (`input` or `change`).
pub fn set_value(root: &Element, selector: &str, value: &str, event: &str) {
    let field = element(root, selector);
    if let Some(area) = field.dyn_ref::<HtmlTextAreaElement>() {
        area.set_value(value);
    } else {
        field
            .dyn_ref::<HtmlInputElement>()
            .unwrap()
            .set_value(value);
    }
    dispatch(&field, event);
}

/// Types into a field as a user would (an `input` event).
pub fn type_into(root: &Element, selector: &str, value: &str) {
    set_value(root, selector, value, "input");
}

pub fn choose(root: &Element, selector: &str, value: &str) {
    let select = element(root, selector);
    select
        .dyn_ref::<HtmlSelectElement>()
        .unwrap()
        .set_value(value);
    dispatch(&select, "change");
}

pub fn click(root: &Element, selector: &str) {
    element(root, selector)
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

pub fn button(root: &Element, label: &str) -> HtmlElement {
    let buttons = root.query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .find(|b| b.text_content().unwrap_or_default().trim() == label)
        .unwrap_or_else(|| panic!("no button labelled {label}"))
        .dyn_into()
        .unwrap()
}
