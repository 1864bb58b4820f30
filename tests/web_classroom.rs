//! Browser tests of the classroom: the lessons panel driven through the real App, and the
//! address kept in step with the controls.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use webhook_vs_api::ui::App;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

async fn wait_for(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..300 {
        if cond() {
            return;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for {what}");
}

fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

fn click(root: &Element, selector: &str) {
    find(root, selector)
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

fn attr(root: &Element, selector: &str, name: &str) -> Option<String> {
    find(root, selector).and_then(|e| e.get_attribute(name))
}

fn search() -> String {
    web_sys::window().unwrap().location().search().unwrap()
}

#[wasm_bindgen_test]
async fn lessons_open_predict_run_and_go_back() {
    // The first app of the page reads the address: start it with a shared lesson link.
    let history = web_sys::window().unwrap().history().unwrap();
    history
        .replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some("?lesson=2&speed=5&bogus=1"),
        )
        .unwrap();
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();

    let lesson = |r: &Element| attr(r, "[data-testid=lesson]", "data-lesson");
    wait_for("the lesson from the address", || {
        lesson(&root).as_deref() == Some("webhook")
    })
    .await;
    assert!(
        find(&root, "[data-testid=url-notice]").is_some(),
        "the unknown parameter is listed"
    );
    wait_for("the canonical address", || {
        search() == "?lesson=webhook&speed=5"
    })
    .await;
    assert_eq!(
        document()
            .document_element()
            .unwrap()
            .get_attribute("data-theme"),
        None
    );

    // Waiting for a prediction, the step shows its setup only: no figure, a quiet live region.
    assert!(find(&root, "[data-testid^=counter-]").is_none());
    assert!(find(&root, "[data-testid^=comparison-]").is_none());
    assert!(find(&root, "[data-testid=predict-first]").is_some());
    let announcer = find(&root, "[data-testid=announcer]").and_then(|e| e.text_content());
    assert!(announcer.is_some_and(|t| t.starts_with("Predict first")));
    assert!(attr(&root, "[data-testid=play]", "disabled").is_some());

    // A thousands-or-decimal comma is refused with a message; then predict, run, read the reveal.
    let input: HtmlInputElement = find(&root, "[data-testid=lesson-prediction]")
        .unwrap()
        .dyn_into()
        .unwrap();
    let typed = |v: &str| {
        input.set_value(v);
        input
            .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
            .unwrap();
    };
    typed("1,500");
    wait_for("the refusal", || {
        attr(&root, "[data-testid=lesson-prediction]", "aria-invalid").as_deref() == Some("true")
    })
    .await;
    assert!(attr(&root, "[data-testid=lesson-run]", "disabled").is_some());
    typed("40");
    wait_for("the Run button", || {
        attr(&root, "[data-testid=lesson-run]", "disabled").is_none()
    })
    .await;
    click(&root, "[data-testid=lesson-run]");
    wait_for("the reveal", || {
        find(&root, "[data-testid=lesson-measured]").is_some()
    })
    .await;
    let predicted = find(&root, "[data-testid=lesson-predicted]")
        .unwrap()
        .text_content();
    assert_eq!(predicted.as_deref(), Some("40 deliveries"));
    assert!(find(&root, "[data-testid=lesson-working]").is_some());
    assert!(
        find(&root, "[data-testid^=counter-]").is_some(),
        "the run shows its figures"
    );

    // Next, then Back restores the run step, reveal included.
    click(&root, "[data-testid=lesson-next]");
    wait_for("lesson 3", || {
        lesson(&root).as_deref() == Some("mailbox-doorbell")
    })
    .await;
    assert!(find(&root, "[data-testid=lesson-reveal]").is_none());
    wait_for("the address of lesson 3", || {
        search() == "?lesson=mailbox-doorbell&speed=5"
    })
    .await;
    click(&root, "[data-testid=lesson-back]");
    wait_for("lesson 2 again", || {
        lesson(&root).as_deref() == Some("webhook")
    })
    .await;
    wait_for("its reveal", || {
        find(&root, "[data-testid=lesson-predicted]").is_some()
    })
    .await;
    assert_eq!(
        find(&root, "[data-testid=lesson-predicted]")
            .unwrap()
            .text_content()
            .as_deref(),
        Some("40 deliveries")
    );
    // Opened from a link, lesson 2 has no history before it: Back steps to lesson 1.
    click(&root, "[data-testid=lesson-back]");
    wait_for("lesson 1", || lesson(&root).as_deref() == Some("api")).await;
    wait_for("the address of lesson 1", || {
        search() == "?lesson=api&speed=5"
    })
    .await;
}
