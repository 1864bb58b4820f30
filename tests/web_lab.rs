//! Browser tests of the signature lab: mount it in headless Chromium, type a request as a user
//! would, press Verify or Sign and read the verdict.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement};
use webhook_vs_api::app::lab::{Lab, LabAction};
use webhook_vs_api::ui::SignatureLab;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The lab's form held as the page holds it: the core's reducer behind a Yew reducer.
#[derive(Clone, PartialEq)]
struct LabStore(Lab);

impl Reducible for LabStore {
    type Action = LabAction;

    fn reduce(self: std::rc::Rc<Self>, action: LabAction) -> std::rc::Rc<Self> {
        let mut lab = self.0.clone();
        lab.reduce(action);
        std::rc::Rc::new(LabStore(lab))
    }
}

#[component]
fn LabAlone() -> Html {
    let store = use_reducer(|| LabStore(Lab::default()));
    let dispatch = {
        let store = store.clone();
        Callback::from(move |a| store.dispatch(a))
    };
    html! { <SignatureLab lab={store.0.clone()} {dispatch} /> }
}

const VERDICT: &str = "[data-testid=lab-verdict]";

/// The lab rendered into a fresh element, once Yew has mounted it.
async fn mount_lab() -> Element {
    let root = mount::<LabAlone>();
    wait_for("the lab to mount", || {
        root.query_selector("#lab-secret").unwrap().is_some()
    })
    .await;
    root
}

fn verdict_state(root: &Element) -> String {
    element(root, VERDICT)
        .get_attribute("data-state")
        .unwrap_or_default()
}

/// Waits until the verdict region reaches `state`, then returns its text.
async fn verdict(root: &Element, state: &str) -> String {
    wait_for(&format!("a verdict of {state}"), || {
        verdict_state(root) == state
    })
    .await;
    text_of(root, VERDICT)
}

fn github_example(root: &Element) {
    type_into(root, "#lab-secret", "It's a Secret to Everybody");
    type_into(
        root,
        "#lab-headers",
        "X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    );
    type_into(root, "#lab-body", "Hello, World!");
}

#[wasm_bindgen_test]
async fn the_github_documentation_example_verifies() {
    let root = mount_lab().await;
    github_example(&root);
    button(&root, "Verify").click();
    let text = verdict(&root, "valid").await;
    assert!(text.contains("detected from the headers: GitHub"), "{text}");
    assert_eq!(
        text_of(&root, "[data-testid=lab-hmac-hex]"),
        "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
    );
    assert_eq!(
        text_of(&root, "[data-testid=lab-signed-content]"),
        "Hello, World!"
    );
}

#[wasm_bindgen_test]
async fn a_one_character_change_to_the_body_is_rejected() {
    let root = mount_lab().await;
    github_example(&root);
    type_into(&root, "#lab-body", "Hello, World?");
    button(&root, "Verify").click();
    let text = verdict(&root, "invalid").await;
    assert!(text.contains("The signature does not match"), "{text}");
}

#[wasm_bindgen_test]
async fn the_standard_webhooks_vector_verifies_as_of_its_own_timestamp() {
    let root = mount_lab().await;
    choose(&root, "#lab-scheme", "standard");
    type_into(
        &root,
        "#lab-secret",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    );
    type_into(
        &root,
        "#lab-headers",
        "webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek\nwebhook-timestamp: 1614265330\n\
         webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    );
    type_into(&root, "#lab-body", r#"{"test": 2432232314}"#);
    let ignore = element(&root, "#lab-ignore-clock");
    // Against the real clock the 2021 timestamp is far too old.
    if ignore.dyn_ref::<HtmlInputElement>().unwrap().checked() {
        click(&root, "#lab-ignore-clock");
    }
    button(&root, "Verify").click();
    let text = verdict(&root, "invalid").await;
    assert!(text.contains("in the past"), "{text}");

    click(&root, "#lab-ignore-clock");
    button(&root, "Verify").click();
    let text = verdict(&root, "valid").await;
    assert!(text.contains("1614265330"), "{text}");
    assert_eq!(
        text_of(&root, "[data-testid=lab-signed-content]"),
        r#"msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}"#
    );
    assert_eq!(
        text_of(&root, "[data-testid=lab-header-output]").trim(),
        "webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    );
}

#[wasm_bindgen_test]
async fn garbage_input_gets_a_message_not_a_panic() {
    let root = mount_lab().await;
    type_into(&root, "#lab-headers", "this is not a header");
    button(&root, "Verify").click();
    let text = verdict(&root, "error").await;
    assert!(text.contains("Line 1"), "{text}");

    type_into(&root, "#lab-headers", "Content-Type: text/plain");
    button(&root, "Verify").click();
    wait_for("the missing-scheme message", || {
        text_of(&root, VERDICT).contains("No signature header")
    })
    .await;

    choose(&root, "#lab-scheme", "standard");
    type_into(&root, "#lab-secret", "whsec_not*base64!");
    button(&root, "Sign").click();
    wait_for("the bad-secret message", || {
        text_of(&root, VERDICT).contains("not base64")
    })
    .await;
}

#[wasm_bindgen_test]
async fn signed_headers_then_verify() {
    let root = mount_lab().await;
    choose(&root, "#lab-scheme", "stripe");
    type_into(&root, "#lab-secret", "whsec_test_secret");
    type_into(&root, "#lab-body", "{\"amount\": 42}\n");
    button(&root, "Sign").click();
    verdict(&root, "signed").await;
    let headers = element(&root, "#lab-headers")
        .dyn_into::<HtmlTextAreaElement>()
        .unwrap()
        .value();
    assert!(headers.starts_with("stripe-signature: t="), "{headers}");
    if element(&root, "#lab-ignore-clock")
        .dyn_ref::<HtmlInputElement>()
        .unwrap()
        .checked()
    {
        click(&root, "#lab-ignore-clock");
    }
    button(&root, "Verify").click();
    verdict(&root, "valid").await;
}
