//! The printable classroom kit: a worksheet with each lesson's question, the settings its run
//! uses and room for a prediction, and an answer key with the value the lesson's own run
//! measures, the closed form and the explanation. Both are built from the lesson data
//! (`lessons::PLANS` and `lessons::text::LESSONS`), so paper and app never disagree.

use crate::lessons::{self, format_number, Plan};
use crate::scenario::Field;
use crate::sim::Mode;

/// One lesson on the worksheet.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    pub number: usize,
    pub chapter: &'static str,
    pub title: &'static str,
    pub question: &'static str,
    pub unit: &'static str,
    /// What to set in the simulator before predicting: label and value.
    pub settings: Vec<(&'static str, String)>,
}

/// One lesson in the answer key.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub number: usize,
    pub title: &'static str,
    pub question: &'static str,
    pub unit: &'static str,
    /// What the lesson's run measures: the value the app reveals.
    pub measured: String,
    /// The closed form for the same span, where there is one.
    pub theory: Option<String>,
    /// Why the answer is what it is, in the lesson's words.
    pub explanation: &'static str,
}

/// A simulated span in the largest whole unit.
fn span(ms: u64) -> String {
    let (n, unit) = match ms {
        ms if ms % 3_600_000 == 0 => (ms / 3_600_000, "hour"),
        ms if ms % 60_000 == 0 => (ms / 60_000, "minute"),
        ms => (ms / 1000, "second"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

fn settings(plan: &Plan) -> Vec<(&'static str, String)> {
    let setup = &plan.setup;
    let s = setup.settings();
    let mut rows = vec![
        ("Mode", setup.view.label().to_string()),
        ("Scenario", setup.preset.label().to_string()),
    ];
    rows.extend(
        Field::ALL
            .into_iter()
            .map(|f| (f.label(), format_number(s.get(f)))),
    );
    // Long polling's hold is no setting of the page, but the step's answer depends on it.
    if let Some(c) = plan
        .configs(s.seed)
        .iter()
        .find(|c| c.mode == Mode::LongPolling)
    {
        rows.push((
            "Server holds an empty poll for (s)",
            format_number(c.long_poll_timeout_ms as f64 / 1000.0),
        ));
    }
    rows.push(("Seed", s.seed.to_string()));
    rows.push((
        "Receivers",
        if setup.receivers_offline {
            "offline"
        } else {
            "online"
        }
        .to_string(),
    ));
    rows.push(("Run from time zero for", span(plan.span_ms)));
    rows
}

fn all() -> impl Iterator<Item = lessons::Lesson> {
    (0..lessons::COUNT).filter_map(lessons::lesson)
}

/// The worksheet: every lesson's question with its settings, in lesson order.
pub fn questions() -> Vec<Question> {
    all()
        .map(|l| Question {
            number: l.index + 1,
            chapter: l.text.chapter,
            title: l.text.title,
            question: l.text.question,
            unit: l.plan.quantity.unit(),
            settings: settings(l.plan),
        })
        .collect()
}

/// The answer key: each lesson's run, exactly as the app runs it when the learner reveals.
pub fn answers() -> Vec<Answer> {
    all()
        .map(|l| {
            let s = &l.plan.setup;
            let outcome = lessons::run(l.plan, s.view, &s.settings(), s.receivers_offline, 0.0);
            Answer {
                number: l.index + 1,
                title: l.text.title,
                question: l.text.question,
                unit: l.plan.quantity.unit(),
                measured: outcome.map_or_else(|| "—".into(), |o| format_number(o.measured)),
                theory: outcome.and_then(|o| o.theory).map(format_number),
                explanation: l.text.reveal,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::text::LESSONS;

    fn setting<'a>(q: &'a Question, label: &str) -> &'a str {
        &q.settings.iter().find(|(l, _)| *l == label).unwrap().1
    }

    #[test]
    fn the_worksheet_asks_every_lesson_question_with_its_settings() {
        let qs = questions();
        assert_eq!(qs.len(), LESSONS.len());
        for (q, text) in qs.iter().zip(LESSONS.iter()) {
            assert_eq!(q.question, text.question);
        }
        // Lesson 1 as its text describes it: 8 shops asking every 10 seconds, for a minute.
        let first = &qs[0];
        assert_eq!(first.number, 1);
        assert_eq!(setting(first, "Mode"), "API polling");
        assert_eq!(setting(first, Field::Clients.label()), "8");
        assert_eq!(setting(first, Field::Interval.label()), "10");
        assert_eq!(setting(first, "Seed"), "7");
        assert_eq!(setting(first, "Run from time zero for"), "1 minute");
        assert!(qs.iter().any(|q| setting(q, "Receivers") == "offline"));
        // The long-polling step names the hold its answer depends on, 20 s as its text says.
        let held = qs.iter().find(|q| setting(q, "Mode") == "Long polling");
        assert_eq!(
            held.map(|q| setting(q, "Server holds an empty poll for (s)")),
            Some("20")
        );
    }

    #[test]
    fn the_key_gives_what_each_lesson_run_measures() {
        let key = answers();
        assert_eq!(key.len(), LESSONS.len());
        // Lesson 1: 8 clients × 6 polls in a minute, measured and in theory.
        assert_eq!(key[0].measured, "48");
        assert_eq!(key[0].theory.as_deref(), Some("48"));
        assert_eq!(key[0].unit, "requests");
        for a in &key {
            assert_ne!(a.measured, "—", "lesson {} did not run", a.number);
            assert_eq!(a.explanation, LESSONS[a.number - 1].reveal);
        }
    }

    #[test]
    fn spans_read_in_whole_units() {
        assert_eq!(span(60_000), "1 minute");
        assert_eq!(span(600_000), "10 minutes");
        assert_eq!(span(7_200_000), "2 hours");
        assert_eq!(span(1_500), "1 second");
    }
}
