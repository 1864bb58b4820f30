//! Browser tests of rendering cost: a panel whose data did not change is not drawn again on the
//! simulation's ticks, and is drawn again when its data does change. The drills panel counts its
//! renders in a `data-renders` attribute in debug builds.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;
use webhook_vs_api::ui::App;

wasm_bindgen_test_configure!(run_in_browser);

fn renders(root: &Element) -> u32 {
    element(root, "[data-testid=drills]")
        .get_attribute("data-renders")
        .and_then(|n| n.parse().ok())
        .expect("the drills panel counts its renders in debug builds")
}

/// Simulated time on the playback bar, in ms.
fn sim_ms(root: &Element) -> u64 {
    let text = text_of(root, "[data-testid=sim-clock]");
    let clock = text.rsplit(' ').next().unwrap_or_default();
    let parts: Vec<f64> = clock.split(':').filter_map(|p| p.parse().ok()).collect();
    assert_eq!(parts.len(), 3, "unreadable clock {text}");
    ((parts[0] * 3600.0 + parts[1] * 60.0 + parts[2]) * 1000.0).round() as u64
}

#[wasm_bindgen_test]
async fn the_drills_panel_is_drawn_again_only_when_its_results_change() {
    let root = mount::<App>();
    wait_for("the simulation to play", || {
        root.query_selector("[data-testid=drills]")
            .unwrap()
            .is_some()
            && sim_ms(&root) > 0
    })
    .await;
    let before = renders(&root);
    let from = sim_ms(&root);
    // Playing at 1×, a simulated second is about thirty ticks, each redrawing the stage.
    wait_up_to(10, "a simulated second of polling", || {
        sim_ms(&root) >= from + 1_000
    })
    .await;
    assert_eq!(
        renders(&root),
        before,
        "polling moved no drill result, so the panel was not drawn again"
    );

    element(&root, "[data-testid=drill-api-key-run]")
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    wait_up_to(10, "the refused poll to be counted", || {
        text_of(&root, "[data-testid=drill-result-unauthorized-0]") == "1"
    })
    .await;
    assert!(renders(&root) > before, "new results are drawn");
    assert!(text_of(&root, "[data-testid=drill-status]").contains("without its API key"));
    root.remove();
}
