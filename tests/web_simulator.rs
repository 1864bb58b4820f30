//! Browser tests of the live simulator screen: mount the whole app in headless Chromium, drive the
//! controls as a user would, and read the counters, theory column and inspector.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen_test::*;
use web_sys::Element;
use webhook_vs_api::ui::App;

wasm_bindgen_test_configure!(run_in_browser);

/// The exact measured value behind a counter cell of stage 0.
fn counter(root: &Element, key: &str) -> f64 {
    element(root, &format!("[data-testid=counter-{key}-0]"))
        .get_attribute("data-value")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("counter {key} has no numeric data-value"))
}

fn theory(root: &Element, key: &str) -> String {
    text_of(root, &format!("[data-testid=theory-{key}-0]"))
}

/// The app, mounted and playing at 100× so that simulated minutes pass in a wall second.
async fn fast_app() -> Element {
    let root = mount::<App>();
    wait_for("the simulator to mount", || {
        root.query_selector("#speed").unwrap().is_some()
    })
    .await;
    choose(&root, "#speed", "100");
    root
}

#[wasm_bindgen_test]
async fn switching_mode_changes_what_the_counters_count() {
    let root = fast_app().await;
    wait_up_to(10, "polls, some of them empty", || {
        counter(&root, "wasted") > 0.0 && counter(&root, "requests") > 10.0
    })
    .await;
    assert_eq!(
        counter(&root, "deliveries"),
        0.0,
        "polling sends no webhooks"
    );
    assert!(theory(&root, "wasted").ends_with('%'));

    click(&root, "#mode-webhook");
    wait_up_to(10, "webhook deliveries", || {
        counter(&root, "deliveries") > 5.0
    })
    .await;
    assert_eq!(counter(&root, "wasted"), 0.0, "webhooks never poll");
    assert_eq!(theory(&root, "wasted"), "—");
    // In webhook mode every request to a client is a delivery or a retry of one.
    let (requests, deliveries, retries) = (
        counter(&root, "requests"),
        counter(&root, "deliveries"),
        counter(&root, "retries"),
    );
    assert_eq!(requests, deliveries + retries);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_inspector_shows_the_signature_of_a_webhook_delivery() {
    let root = fast_app().await;
    click(&root, "#mode-webhook");
    let delivery_button = || {
        let buttons = root.query_selector_all(".log-pick").unwrap();
        (0..buttons.length())
            .filter_map(|i| buttons.item(i))
            .find(|b| {
                b.text_content()
                    .unwrap_or_default()
                    .contains("Webhook delivery #")
            })
    };
    wait_up_to(10, "a delivery in the log", || delivery_button().is_some()).await;
    let button: web_sys::HtmlElement =
        wasm_bindgen::JsCast::dyn_into(delivery_button().unwrap()).unwrap();
    button.click();
    let http = "[data-testid=http-text]";
    wait_for("the inspector to show the delivery", || {
        text_of(&root, http).contains("POST ")
    })
    .await;
    let text = text_of(&root, http);
    for header in [
        "webhook-id: msg_",
        "webhook-timestamp: ",
        "webhook-signature: v1,",
    ] {
        assert!(text.contains(header), "{header} missing from:\n{text}");
    }
    assert!(text_of(&root, "[data-testid=verdict]").contains("signature valid"));
    root.remove();
}

#[wasm_bindgen_test]
async fn the_theory_value_follows_the_slider() {
    let root = mount::<App>();
    wait_for("the simulator to mount", || {
        root.query_selector("#field-rate-slider").unwrap().is_some()
    })
    .await;
    // e^(−λT) for λ events per minute and a poll every T seconds, computed here independently.
    let expected =
        |per_min: f64, t_s: f64| format!("{:.1} %", 100.0 * (-per_min / 60.0 * t_s).exp());
    for (rate, interval) in [(6.0, 10.0), (3.0, 10.0), (3.0, 40.0), (0.0, 40.0)] {
        set_value(&root, "#field-rate-slider", &rate.to_string(), "input");
        set_value(
            &root,
            "#field-interval-slider",
            &interval.to_string(),
            "input",
        );
        let want = expected(rate, interval);
        wait_for(
            &format!("theory {want} for {rate}/min every {interval} s"),
            || theory(&root, "wasted") == want,
        )
        .await;
    }
    root.remove();
}
