//! Browser tests: mount the real components in headless Chromium and drive them as a user would.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use webhook_vs_api::ui::App;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element in the document for one test to render into.
fn mount_point() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div
}

/// Lets Yew render until `cond` holds, failing after two seconds of waiting.
async fn wait_for(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..200 {
        if cond() {
            return;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for {what}");
}

fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn switching_mode_changes_the_visible_text() {
    let root = mount_point();
    yew::Renderer::<App>::with_root(root.clone()).render();
    let description = "[data-testid=mode-description]";
    wait_for("the app to mount", || {
        text_of(&root, description).contains("mailbox")
    })
    .await;

    let webhook: HtmlElement = root
        .query_selector("#mode-webhook")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    webhook.click();
    wait_for("the webhook description", || {
        text_of(&root, description).contains("doorbell")
    })
    .await;
    assert_eq!(text_of(&root, "#mode-heading"), "Webhook");
}
