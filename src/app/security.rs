//! The security steps' runs: each step ([`crate::lessons::quiz_text::DRILL_STEPS`]) sets up a
//! fresh simulation, runs the failure drills the drills panel runs (the same [`Drill`] rules),
//! and reads what the drill did from the counters it moved. The learner's prediction is graded
//! against that reading, so a step's answer is whatever the simulation does, never a value
//! written in the text.

use super::drills::{
    Drill, DrillCounter, DRILL_COUNTERS, REPLAY_TOLERANCE_MS, ROTATION_OVERLAP_MS,
};
use crate::driver::Driver;
use crate::lessons::quiz::Reception;
use crate::scenario::{Preset, Settings};
use crate::sim::Mode;

/// The run's seed, the lessons' own.
const SEED: u64 = 7;
/// How long the run goes on before the drill, so that deliveries and polls are under way.
const WARM_UP_MS: u64 = 60_000;
/// How long the run is watched after the drill: the drill's request has arrived and been
/// answered well within it.
const WATCH_MS: u64 = 10_000;
/// The rate limit is watched over six poll intervals of the preset, past its window of four.
const RATE_LIMIT_WATCH_MS: u64 = 60_000;

/// The counters a step reads, by their keys in [`DRILL_COUNTERS`].
const WEBHOOK_COUNTERS: [&str; 3] = ["rejected", "stale", "duplicates"];
const API_COUNTERS: [&str; 2] = ["unauthorized", "limited"];

/// What a step's run measured.
#[derive(Clone, Debug, PartialEq)]
pub struct DrillRun {
    /// Each counter the step reads: its key, label, and how much the drill moved it.
    pub counts: Vec<(&'static str, &'static str, u64)>,
    /// What the counters say became of the drill's request.
    pub reception: Reception,
}

/// How a step's run goes.
struct Plan {
    mode: Mode,
    /// Each drill with the simulated time it runs at.
    drills: Vec<(u64, Drill)>,
    /// How long the run is watched after the last drill.
    watch_ms: u64,
}

/// The run of step `step`.
fn plan(step: &str) -> Option<Plan> {
    // Past the replay tolerance, so that the delivery replayed is one sent after the start.
    let late = 2 * REPLAY_TOLERANCE_MS;
    let after_rotation = WARM_UP_MS + ROTATION_OVERLAP_MS + WATCH_MS;
    let (mode, drills, watch_ms) = match step {
        "tamper" => (Mode::Webhook, vec![(WARM_UP_MS, Drill::Tamper)], WATCH_MS),
        "replay" => (
            Mode::Webhook,
            vec![(WARM_UP_MS, Drill::ReplayRecent)],
            WATCH_MS,
        ),
        "replay-old" => (Mode::Webhook, vec![(late, Drill::ReplayOld)], WATCH_MS),
        "old-secret" => (
            Mode::Webhook,
            vec![
                (WARM_UP_MS, Drill::Rotate),
                (after_rotation, Drill::StaleSender),
            ],
            WATCH_MS,
        ),
        "no-key" => (
            Mode::Polling,
            vec![(WARM_UP_MS, Drill::MissingApiKey)],
            WATCH_MS,
        ),
        "rate-limit" => (
            Mode::Polling,
            vec![(WARM_UP_MS, Drill::RateLimit(true))],
            RATE_LIMIT_WATCH_MS,
        ),
        _ => return None,
    };
    Some(Plan {
        mode,
        drills,
        watch_ms,
    })
}

/// The settings a step runs with: the payments preset, whose few deliveries keep the message log
/// reaching back past the replay tolerance, and the lessons' seed.
fn settings() -> Settings {
    Settings {
        seed: SEED,
        ..Settings::from_preset(Preset::Payments)
    }
}

/// Runs step `step` (an id of [`crate::lessons::quiz_text::DRILL_STEPS`]): the warm-up, the
/// drills, then the watch after the last one. `None` for an unknown step.
pub fn run(step: &str) -> Option<DrillRun> {
    let Plan {
        mode,
        drills,
        watch_ms,
    } = plan(step)?;
    let mut d = Driver::new(&[settings().config(mode)]).ok()?;
    let keys: &[&str] = if mode == Mode::Webhook {
        &WEBHOOK_COUNTERS
    } else {
        &API_COUNTERS
    };
    let counters: Vec<&DrillCounter> = keys
        .iter()
        .filter_map(|k| DRILL_COUNTERS.iter().find(|c| c.key == *k))
        .collect();
    let read = |d: &Driver| -> Vec<u64> {
        let now = d.stages()[0].metrics().summary().counters;
        counters.iter().map(|c| (c.read)(&now)).collect()
    };
    let (first, _) = drills.first()?;
    d.run_until(*first);
    let before = read(&d);
    let mut end = 0;
    for (at, drill) in drills {
        d.run_until(at);
        drill.apply(&mut d);
        end = at + watch_ms;
    }
    d.run_until(end);
    let counts: Vec<(&'static str, &'static str, u64)> = counters
        .iter()
        .zip(read(&d).into_iter().zip(before))
        .map(|(c, (after, before))| (c.key, c.label, after - before))
        .collect();
    let moved = |key: &str| counts.iter().any(|&(k, _, n)| k == key && n > 0);
    // A refusal as too old is also counted as a refused signature: the more precise reading wins.
    let reception = if moved("stale") {
        Reception::TooOld
    } else if moved("rejected") {
        Reception::BadSignature
    } else if moved("unauthorized") {
        Reception::NoKey
    } else if moved("limited") {
        Reception::TooMany
    } else if moved("duplicates") {
        Reception::Duplicate
    } else {
        Reception::Processed
    };
    Some(DrillRun { counts, reception })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::quiz_text::DRILL_STEPS;

    /// What each drill must do, as the tutorial and the security lesson teach it.
    const TAUGHT: [(&str, Reception); 6] = [
        ("tamper", Reception::BadSignature),
        ("replay", Reception::Duplicate),
        ("replay-old", Reception::TooOld),
        ("old-secret", Reception::BadSignature),
        ("no-key", Reception::NoKey),
        ("rate-limit", Reception::TooMany),
    ];

    #[test]
    fn each_step_runs_as_taught_and_offers_its_run_as_exactly_one_answer() {
        assert_eq!(
            DRILL_STEPS.map(|s| s.id),
            TAUGHT.map(|(id, _)| id),
            "every step is checked"
        );
        for (step, (id, taught)) in DRILL_STEPS.iter().zip(TAUGHT) {
            let run = run(id).expect("a run");
            assert_eq!(run.reception, taught, "{id}: {run:?}");
            let right = step.options.iter().filter(|o| o.0 == run.reception);
            assert_eq!(right.count(), 1, "{id}");
            assert!(step.options.len() >= 3, "{id}");
            for (_, label, why) in step.options {
                assert!(!label.is_empty() && !why.is_empty(), "{id}");
            }
        }
        assert_eq!(run("nope"), None);
        // The one figure the steps state is the receivers' replay tolerance.
        assert_eq!(REPLAY_TOLERANCE_MS, 5 * 60_000);
        let old = DRILL_STEPS.iter().find(|s| s.id == "replay-old").unwrap();
        assert!(old.prompt.contains("5 minutes"));
    }

    /// The counters read straight from the simulation, drill by drill, without the drills
    /// panel's table.
    #[test]
    fn the_reveal_is_what_the_drill_moved_in_the_simulation() {
        for (id, _) in TAUGHT {
            let Plan {
                mode,
                drills,
                watch_ms,
            } = plan(id).expect("a plan");
            let mut d = Driver::new(&[settings().config(mode)]).unwrap();
            let counters = |d: &Driver| d.stages()[0].metrics().summary().counters;
            d.run_until(drills[0].0);
            let before = counters(&d);
            for (at, drill) in &drills {
                d.run_until(*at);
                drill.apply(&mut d);
            }
            d.run_until(drills.last().unwrap().0 + watch_ms);
            let after = counters(&d);
            let want: Vec<(&str, u64)> = if mode == Mode::Webhook {
                vec![
                    (
                        "rejected",
                        after.rejected_signatures - before.rejected_signatures,
                    ),
                    ("stale", after.rejected_stale - before.rejected_stale),
                    ("duplicates", after.duplicates - before.duplicates),
                ]
            } else {
                vec![
                    ("unauthorized", after.unauthorized - before.unauthorized),
                    ("limited", after.rate_limited - before.rate_limited),
                ]
            };
            let got: Vec<(&str, u64)> = run(id)
                .unwrap()
                .counts
                .iter()
                .map(|&(k, _, n)| (k, n))
                .collect();
            assert_eq!(got, want, "{id}");
            assert!(
                got.iter().any(|&(_, n)| n > 0),
                "{id}: the drill moved something"
            );
        }
    }
}
