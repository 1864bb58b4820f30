//! A learner walks every step on several seeds: the closed-form answer is graded exact, a
//! near miss close, and each misconception in the step's table is graded not close and named in
//! the feedback. The values come from the table the grader reads, computed from the step's own
//! settings, never from the run.

use std::collections::BTreeSet;

use webhook_vs_api::lessons::{self, grade, text, Misconception, Plan, Verdict, Working};
use webhook_vs_api::sim::Simulation;

const SEEDS: [u64; 4] = [7, 1, 99, 2026];

/// Runs the step's own setup with `seed` over its span, once, and grades predictions against it.
fn grader(p: &Plan, seed: u64) -> impl Fn(f64) -> lessons::Outcome + '_ {
    let mut runs = Vec::new();
    let mut theories = Vec::new();
    for c in p.configs(seed) {
        let mut sim = Simulation::new(c).expect("the step's setup runs");
        sim.set_receivers_online(!p.setup.receivers_offline);
        sim.run_until(p.span_ms);
        runs.push(sim.metrics().summary());
        theories.push(sim.theory());
    }
    move |predicted| lessons::assess(p, &runs, &theories, predicted)
}

#[test]
fn every_step_grades_its_answer_and_names_its_misconceptions_on_every_seed() {
    for p in &lessons::PLANS {
        let w = Working::of(p).unwrap_or_else(|| panic!("{}: no closed form", p.slug));
        let answer = w.total();
        assert!(!p.misconceptions.is_empty(), "{}: no misconception", p.slug);
        for seed in SEEDS {
            let outcome = grader(p, seed);
            let o = outcome(answer);
            assert_eq!(o.theory, Some(answer), "{} seed {seed}", p.slug);
            assert_eq!(o.verdict, Verdict::Exact, "{} seed {seed}", p.slug);
            assert!(o.measured.is_finite(), "{} seed {seed}", p.slug);
            let nudged = answer + grade::tolerance(p.quantity, answer) * 0.8;
            assert_eq!(
                outcome(nudged).verdict,
                Verdict::Close,
                "{} seed {seed}: {nudged} against {answer}",
                p.slug
            );
            for &m in p.misconceptions {
                let v = outcome(m.value(&w)).verdict;
                assert_eq!(
                    v,
                    Verdict::Misconception(m),
                    "{} seed {seed}: {m:?} = {} against {answer}",
                    p.slug,
                    m.value(&w)
                );
                assert!(!v.is_close());
                assert_eq!(text::verdict(v), text::misconception(m));
            }
        }
    }
}

#[test]
fn a_prediction_far_from_everything_is_too_low_or_too_high() {
    for p in &lessons::PLANS {
        let w = Working::of(p).expect("closed form");
        let o = grader(p, 7)(w.total() * 40.0 + 1000.0);
        assert_eq!(o.verdict, Verdict::TooHigh, "{}", p.slug);
    }
}

#[test]
fn misconceptions_sit_clear_of_the_answer_and_of_each_other() {
    for p in &lessons::PLANS {
        let w = Working::of(p).expect("closed form");
        let answer = w.total();
        let reach = |v: f64| grade::tolerance(p.quantity, v);
        let values: Vec<(Misconception, f64)> =
            p.misconceptions.iter().map(|&m| (m, m.value(&w))).collect();
        for (i, &(m, v)) in values.iter().enumerate() {
            // "Both is cheaper" covers every answer at or below polling's count.
            let clear = if m == Misconception::BothCheaper {
                v < answer - reach(answer)
            } else {
                (v - answer).abs() > reach(v) + reach(answer)
            };
            assert!(
                clear,
                "{}: {m:?} = {v} is too near the answer {answer}",
                p.slug
            );
            for &(n, u) in &values[..i] {
                assert!(
                    (v - u).abs() > reach(v) + reach(u),
                    "{}: {m:?} and {n:?} overlap",
                    p.slug
                );
            }
        }
    }
}

#[test]
fn every_misconception_has_its_own_words_and_every_step_its_working() {
    let mut used = BTreeSet::new();
    for p in &lessons::PLANS {
        let w = Working::of(p).expect("closed form");
        let shown = text::working(&w);
        assert!(
            shown.contains(&lessons::format_number(w.total())),
            "{}: {shown}",
            p.slug
        );
        assert!(!text::why_they_differ(&w).is_empty());
        for &m in p.misconceptions {
            used.insert(text::misconception(m));
        }
    }
    let mut kinds: Vec<Misconception> = Vec::new();
    for &m in lessons::PLANS.iter().flat_map(|p| p.misconceptions) {
        if !kinds.contains(&m) {
            kinds.push(m);
        }
    }
    assert_eq!(
        used.len(),
        kinds.len(),
        "two misconceptions share their words"
    );
}

#[test]
fn the_worked_arithmetic_quotes_the_steps_settings() {
    let at = |slug: &str| {
        let p = &lessons::PLANS[lessons::find(slug).expect(slug)];
        text::working(&Working::of(p).expect("closed form"))
    };
    assert_eq!(
        at("api"),
        "Every 10 s for 60 s is 6 polls a client; 8 clients: 48."
    );
    assert_eq!(
        at("api-steps"),
        "Half the interval, 2500 ms, plus the response's trip, 60 ms, plus the server's work, 5 ms: 2565 ms."
    );
    assert!(
        at("together").ends_with("in all 130."),
        "{}",
        at("together")
    );
    assert!(
        at("efficiency").contains("e^(−0.015) = 98.51 %"),
        "{}",
        at("efficiency")
    );
}
