//! Prints each lesson step's closed-form answer, worked from the step's own settings by
//! `lessons::grade`, and the values of the misconceptions it names, as one JSON array. The
//! end-to-end lesson walk types these; the claims ledger checks the closed forms natively
//! against the simulation.
//!
//! ```sh
//! cargo run --release --example lesson_answers
//! ```

use serde_json::json;
use webhook_vs_api::lessons::{format_number, Working, PLANS};

fn main() {
    let steps: Vec<_> = PLANS
        .iter()
        .map(|plan| {
            let working = Working::of(plan);
            let misconceptions: Vec<_> = working
                .iter()
                .flat_map(|w| {
                    plan.misconceptions.iter().map(
                        |m| json!({ "name": format!("{m:?}"), "typed": format_number(m.value(w)) }),
                    )
                })
                .collect();
            json!({
                "slug": plan.slug,
                "unit": plan.quantity.unit(),
                "answer": working.map(|w| format_number(w.total())),
                "misconceptions": misconceptions,
            })
        })
        .collect();
    println!("{}", serde_json::Value::Array(steps));
}
