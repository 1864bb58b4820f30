//! The coverage table: every idea of the tutorial, section by section, and what shows it. Every
//! step, preset, drill and question it names exists, every tutorial section has a concept check,
//! every concept check belongs to an idea, and the README's table is this data, word for word.
//!
//! Drills and the eavesdropper panel are Yew code (src/ui/drills.rs, src/ui/eavesdropper.rs,
//! browser only), so their buttons are found by id in those files' source rather than through a
//! native list.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use webhook_vs_api::lessons::coverage::{Shown, IDEAS};
use webhook_vs_api::lessons::quiz_text::{DRILL_STEPS, QUESTIONS};
use webhook_vs_api::lessons::{self, quiz};
use webhook_vs_api::scenario::Preset;
use webhook_vs_api::url_state;

/// The tutorial's section headings, in its order (the two pairs of advantages and disadvantages
/// sections each counted as one).
const SECTIONS: [&str; 16] = [
    "What is an API?",
    "What is a webhook?",
    "Simple real-life example",
    "How an API works",
    "How a webhook works",
    "Key differences",
    "Comparison table",
    "When to use an API",
    "When to use a webhook",
    "Advantages and disadvantages of APIs",
    "Advantages and disadvantages of webhooks",
    "Security considerations",
    "Webhooks and APIs together",
    "Learning perspective",
    "Real-world applications",
    "Conclusion",
];

fn source(path: &str) -> String {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn shown(s: Shown) -> String {
    match s {
        Shown::Step(slug) => format!("step `{slug}`"),
        Shown::Preset(key) => format!("preset `{key}`"),
        Shown::Drill(name) => format!("drill `{name}`"),
        Shown::Eavesdropper(name) => format!("eavesdropper `{name}`"),
        Shown::Security(id) => format!("security step `{id}`"),
        Shown::Setting(key) => format!("setting `{key}`"),
    }
}

/// The README's table, from the data.
fn table() -> String {
    let mut out = String::from(
        "| Tutorial section | Idea | Shown by | Asked by |\n| --- | --- | --- | --- |\n",
    );
    for i in &IDEAS {
        let shown_by = if i.shown_by.is_empty() {
            "only said, not yet shown".to_string()
        } else {
            i.shown_by
                .iter()
                .map(|&s| shown(s))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let asked_by: Vec<String> = i.asked_by.iter().map(|q| format!("`{q}`")).collect();
        out += &format!(
            "| {} | {} | {shown_by} | {} |\n",
            i.section,
            i.idea,
            asked_by.join(", ")
        );
    }
    out
}

#[test]
fn every_entry_points_at_something_that_exists() {
    let drills = source("src/ui/drills.rs");
    let eavesdropper = source("src/ui/eavesdropper.rs");
    for i in &IDEAS {
        for &s in i.shown_by {
            let exists = match s {
                Shown::Step(slug) => lessons::PLANS.iter().any(|p| p.slug == slug),
                Shown::Preset(key) => Preset::ALL.iter().any(|p| p.key() == key),
                Shown::Drill(name) => drills.contains(&format!("button(\"{name}\"")),
                Shown::Eavesdropper(name) => eavesdropper.contains(&format!("\"eaves-{name}")),
                Shown::Security(id) => DRILL_STEPS.iter().any(|s| s.id == id),
                Shown::Setting(key) => {
                    !url_state::parse(&format!("{key}=?")).1[0].contains("Unknown parameter")
                }
            };
            assert!(exists, "{}: {s:?} does not exist", i.idea);
        }
        for id in i.asked_by {
            assert!(quiz::find(id).is_some(), "{}: no question {id}", i.idea);
        }
    }
}

#[test]
fn the_sections_follow_the_tutorial_and_each_has_a_concept_check() {
    let mut order: Vec<&str> = IDEAS.iter().map(|i| i.section).collect();
    order.dedup();
    assert_eq!(order, SECTIONS);
    for section in order {
        assert!(
            IDEAS
                .iter()
                .any(|i| i.section == section && !i.asked_by.is_empty()),
            "no question on {section}"
        );
    }
    let asked: BTreeSet<&str> = IDEAS
        .iter()
        .flat_map(|i| i.asked_by.iter().copied())
        .collect();
    for q in &QUESTIONS {
        assert!(asked.contains(q.id), "{} belongs to no idea", q.id);
    }
}

#[test]
fn the_readme_table_is_the_data() {
    let readme = source("README.md");
    let table = table();
    assert!(
        readme.contains(&table),
        "README.md's coverage table differs from src/lessons/coverage.rs; it should read:\n{table}"
    );
}
