//! The same seed and settings give the same transcript in the browser as natively. `make test-wasm`
//! runs the headless example first and passes its hashes in at compile time; without them the
//! test fails rather than pass vacuously.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
use webhook_vs_api::sim::{transcript_sha256, Config, Mode};

wasm_bindgen_test_configure!(run_in_browser);

fn native(name: &str, value: Option<&'static str>) -> &'static str {
    value.unwrap_or_else(|| {
        panic!("{name} is not set: run the browser tests through `make test-wasm`")
    })
}

/// `simulate --duration-s 60 --hash` natively.
#[wasm_bindgen_test]
fn default_minute_matches_the_native_run() {
    let expected = native(
        "NATIVE_SHA256_POLLING",
        option_env!("NATIVE_SHA256_POLLING"),
    );
    assert_eq!(
        transcript_sha256(&Config::default(), 60_000).unwrap(),
        expected
    );
}

/// `simulate --mode webhook --duration-s 120 --outage-s 10:30 --hash` natively: signed
/// deliveries, failures and jittered retries.
#[wasm_bindgen_test]
fn webhook_outage_matches_the_native_run() {
    let expected = native(
        "NATIVE_SHA256_WEBHOOK",
        option_env!("NATIVE_SHA256_WEBHOOK"),
    );
    let config = Config {
        mode: Mode::Webhook,
        outage: Some((10_000, 30_000)),
        ..Config::default()
    };
    assert_eq!(transcript_sha256(&config, 120_000).unwrap(), expected);
}
