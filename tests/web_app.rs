//! Browser tests of the app shell: mount the real app in headless Chromium and drive it as a user
//! would.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen_test::*;
use webhook_vs_api::ui::App;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn switching_mode_changes_the_visible_text() {
    let root = mount::<App>();
    let description = "[data-testid=mode-description]";
    wait_for("the app to mount", || {
        text_of(&root, description).contains("mailbox")
    })
    .await;

    click(&root, "#mode-webhook");
    wait_for("the webhook description", || {
        text_of(&root, description).contains("doorbell")
    })
    .await;
    assert_eq!(text_of(&root, "#mode-heading"), "Webhook");
}
