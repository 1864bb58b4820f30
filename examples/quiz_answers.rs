//! Prints the concept checks' answer key as one JSON object, from the question text itself: for
//! each question its id, kind and chapter, the right option (and a wrong one with its
//! explanation), the steps in their right order, or the rows with the entries they pair with;
//! for each security step, the answer its native run gives and the counts it measured. The
//! end-to-end quiz test answers by these.
//!
//! ```sh
//! cargo run --quiet --example quiz_answers
//! ```

use serde_json::json;
use webhook_vs_api::app::security;
use webhook_vs_api::lessons::quiz::{self, Kind};
use webhook_vs_api::lessons::quiz_text::{DRILL_STEPS, QUESTIONS};

fn main() {
    let chapters = quiz::chapters();
    let questions: Vec<_> = QUESTIONS
        .iter()
        .map(|q| {
            let chapter = chapters.iter().position(|&c| c == q.chapter);
            let key = match q.kind {
                Kind::Choice(options) => {
                    let right = options.iter().find(|o| o.correct);
                    let wrong = options.iter().find(|o| !o.correct);
                    json!({
                        "kind": "choice",
                        "right": right.map(|o| o.label),
                        "wrong": wrong.map(|o| json!({ "id": o.id, "label": o.label, "why": o.why })),
                    })
                }
                Kind::Order(steps) => json!({
                    "kind": "order",
                    "steps": steps.iter().map(|s| s.id).collect::<Vec<_>>(),
                }),
                Kind::Match(rows) => json!({
                    "kind": "match",
                    "rows": rows.iter().map(|r| json!({ "label": r.label, "entry": r.pairs_with })).collect::<Vec<_>>(),
                }),
            };
            json!({ "id": q.id, "chapter": chapter, "key": key })
        })
        .collect();
    let drills: Vec<_> = DRILL_STEPS
        .iter()
        .map(|step| {
            let run = security::run(step.id);
            let right = run.as_ref().and_then(|r| {
                step.options
                    .iter()
                    .find(|o| o.0 == r.reception)
                    .map(|o| o.1)
            });
            let counts: serde_json::Map<_, _> = run
                .iter()
                .flat_map(|r| &r.counts)
                .map(|&(key, _, n)| (key.to_string(), n.into()))
                .collect();
            json!({ "id": step.id, "right": right, "counts": counts })
        })
        .collect();
    println!("{}", json!({ "questions": questions, "drills": drills }));
}
