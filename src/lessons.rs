//! Guided lessons: each sets the simulator up, asks for a prediction of one measurable quantity,
//! runs the simulation for a fixed span and sets the measured value beside the prediction and the
//! theory. Pure: the learner-facing words live in [`text`], the numbers here.

pub mod text;

use crate::scenario::{Field, Preset, Settings};
use crate::sim::{Simulation, Summary, Theory};
use crate::view::ViewMode;

/// What a lesson asks the learner to predict, read from the run of the given stage (0 or 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Quantity {
    /// HTTP requests sent by anyone in the span.
    Requests(usize),
    /// Webhook delivery attempts in the span.
    Deliveries(usize),
    /// Share of polls that found nothing, in percent.
    EmptyShare(usize),
    /// Mean delay from event to client, in milliseconds.
    MeanDelay(usize),
    /// Events the clients came to know of.
    Delivered(usize),
    /// Requests of stage 0 for each request of stage 1.
    RequestRatio,
}

impl Quantity {
    /// Unit shown beside the prediction input.
    pub fn unit(self) -> &'static str {
        match self {
            Self::Requests(_) => "requests",
            Self::Deliveries(_) => "deliveries",
            Self::EmptyShare(_) => "%",
            Self::MeanDelay(_) => "ms",
            Self::Delivered(_) => "events",
            Self::RequestRatio => "polls per delivery",
        }
    }

    /// Slack below which a prediction counts as close, besides 15 % of the measured value.
    fn slack(self) -> f64 {
        match self {
            Self::EmptyShare(_) => 2.0,
            Self::MeanDelay(_) => 20.0,
            Self::RequestRatio => 0.3,
            _ => 1.0,
        }
    }

    pub fn measure(self, runs: &[Summary]) -> f64 {
        let at = |i: usize| runs.get(i).cloned().unwrap_or_else(|| runs[0].clone());
        match self {
            Self::Requests(i) => at(i).counters.requests as f64,
            Self::Deliveries(i) => at(i).counters.webhook_attempts as f64,
            Self::EmptyShare(i) => at(i).empty_fraction * 100.0,
            Self::MeanDelay(i) => at(i).mean_delay_ms,
            Self::Delivered(i) => at(i).counters.delivered as f64,
            Self::RequestRatio => {
                at(0).counters.requests as f64 / (at(1).counters.requests as f64).max(1.0)
            }
        }
    }

    /// The closed form for the span, when there is one.
    pub fn theory(self, theories: &[Theory], span_ms: u64, receivers_offline: bool) -> Option<f64> {
        let at = |i: usize| theories.get(i).or(theories.first());
        let secs = span_ms as f64 / 1000.0;
        match self {
            Self::Requests(i) => at(i).map(|t| t.requests_per_s * secs),
            Self::Deliveries(i) => at(i).map(|t| t.webhook_requests_per_s * secs),
            Self::EmptyShare(i) => at(i).map(|t| t.empty_fraction * 100.0),
            Self::MeanDelay(i) => at(i).map(|t| t.mean_delay_ms),
            Self::Delivered(i) => at(i).map(|t| {
                if receivers_offline {
                    0.0
                } else {
                    t.events_per_s * secs
                }
            }),
            Self::RequestRatio => {
                let (a, b) = (at(0)?, at(1)?);
                (b.requests_per_s > 0.0).then(|| a.requests_per_s / b.requests_per_s)
            }
        }
    }
}

/// How the simulator is set up when a lesson opens.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Setup {
    pub view: ViewMode,
    pub preset: Preset,
    /// Clients, interval (s), rate (per client per minute), latency (ms) replacing the preset's.
    pub numbers: Option<[f64; 4]>,
    pub seed: u64,
    pub receivers_offline: bool,
}

impl Setup {
    pub fn settings(&self) -> Settings {
        let mut s = Settings {
            seed: self.seed,
            ..Settings::from_preset(self.preset)
        };
        if let Some(numbers) = self.numbers {
            for (f, v) in Field::ALL.into_iter().zip(numbers) {
                s.set(f, v);
            }
            s.preset = None;
        }
        s
    }
}

/// The numbers of one lesson; its words are `text::LESSONS` at the same index.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plan {
    /// Short, stable name used in URLs.
    pub slug: &'static str,
    pub setup: Setup,
    pub quantity: Quantity,
    /// Simulated time the lesson's run covers, from time zero.
    pub span_ms: u64,
}

const MINUTE: u64 = 60_000;
const HOUR: u64 = 60 * MINUTE;

const fn plan(
    slug: &'static str,
    view: ViewMode,
    preset: Preset,
    numbers: Option<[f64; 4]>,
    quantity: Quantity,
    span_ms: u64,
) -> Plan {
    Plan {
        slug,
        setup: Setup {
            view,
            preset,
            numbers,
            seed: 7,
            receivers_offline: false,
        },
        quantity,
        span_ms,
    }
}

/// The same lesson with every receiver offline from the start.
const fn offline(mut p: Plan) -> Plan {
    p.setup.receivers_offline = true;
    p
}

use Preset::*;
use Quantity::*;
use ViewMode::{Both, Compare, Polling, Webhook};

pub const PLANS: [Plan; 16] = [
    plan("api", Polling, Payments, None, Requests(0), MINUTE),
    plan(
        "webhook",
        Webhook,
        Payments,
        None,
        Deliveries(0),
        10 * MINUTE,
    ),
    plan(
        "mailbox-doorbell",
        Compare,
        Registrations,
        None,
        EmptyShare(0),
        HOUR,
    ),
    plan(
        "api-steps",
        Polling,
        Orders,
        None,
        MeanDelay(0),
        10 * MINUTE,
    ),
    plan(
        "webhook-steps",
        Webhook,
        Orders,
        None,
        MeanDelay(0),
        10 * MINUTE,
    ),
    plan(
        "style-timing",
        Compare,
        Chat,
        None,
        MeanDelay(0),
        10 * MINUTE,
    ),
    plan(
        "efficiency",
        Compare,
        Registrations,
        Some([10.0, 60.0, 0.015, 100.0]),
        EmptyShare(0),
        6 * HOUR,
    ),
    plan(
        "real-time",
        Compare,
        Orders,
        Some([10.0, 10.0, 30.0, 60.0]),
        Deliveries(1),
        MINUTE,
    ),
    plan("table", Compare, Orders, None, RequestRatio, HOUR),
    plan(
        "when-api",
        Polling,
        Registrations,
        Some([6.0, 300.0, 0.1, 100.0]),
        Requests(0),
        HOUR,
    ),
    plan(
        "when-webhook",
        Webhook,
        Chat,
        None,
        MeanDelay(0),
        10 * MINUTE,
    ),
    plan(
        "api-pros-cons",
        Polling,
        Orders,
        Some([1000.0, 5.0, 0.5, 60.0]),
        Requests(0),
        MINUTE,
    ),
    offline(plan(
        "webhook-pros-cons",
        Webhook,
        Payments,
        None,
        Delivered(0),
        2 * MINUTE,
    )),
    plan("security", Webhook, Orders, None, Deliveries(0), MINUTE),
    plan("together", Both, Orders, None, Requests(0), MINUTE),
    plan("real-world", Compare, Payments, None, RequestRatio, HOUR),
];

/// Number of lessons.
pub const COUNT: usize = PLANS.len();

/// A lesson: its numbers and its words.
pub struct Lesson {
    pub index: usize,
    pub plan: &'static Plan,
    pub text: &'static text::LessonText,
}

pub fn lesson(index: usize) -> Option<Lesson> {
    Some(Lesson {
        index,
        plan: PLANS.get(index)?,
        text: text::LESSONS.get(index)?,
    })
}

/// The lesson a URL names, by slug or by its 1-based number.
pub fn find(name: &str) -> Option<usize> {
    PLANS.iter().position(|p| p.slug == name).or_else(|| {
        name.parse::<usize>()
            .ok()
            .filter(|n| (1..=COUNT).contains(n))
            .map(|n| n - 1)
    })
}

/// How a prediction compares with the measurement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Close,
    TooLow,
    TooHigh,
}

/// A lesson's run: the learner's prediction, the measured value and the closed form.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    pub predicted: f64,
    pub measured: f64,
    pub theory: Option<f64>,
    pub verdict: Verdict,
}

/// Runs `view` with `settings` from time zero for the lesson's span (the same seed and settings
/// give the same run the visible simulator shows) and compares the prediction with it.
pub fn run(
    plan: &Plan,
    view: ViewMode,
    settings: &Settings,
    receivers_offline: bool,
    predicted: f64,
) -> Option<Outcome> {
    let mut runs = Vec::new();
    let mut theories = Vec::new();
    for &mode in view.modes() {
        let mut sim = Simulation::new(settings.config(mode)).ok()?;
        sim.set_receivers_online(!receivers_offline);
        sim.run_until(plan.span_ms);
        runs.push(sim.metrics().summary());
        theories.push(sim.theory());
    }
    let measured = plan.quantity.measure(&runs);
    let theory = plan
        .quantity
        .theory(&theories, plan.span_ms, receivers_offline);
    Some(Outcome {
        predicted,
        measured,
        theory,
        verdict: verdict(plan.quantity, predicted, measured),
    })
}

pub fn verdict(q: Quantity, predicted: f64, measured: f64) -> Verdict {
    let slack = (measured.abs() * 0.15).max(q.slack());
    if (predicted - measured).abs() <= slack {
        Verdict::Close
    } else if predicted < measured {
        Verdict::TooLow
    } else {
        Verdict::TooHigh
    }
}

/// A number for people: whole numbers plainly, others with up to two decimals.
pub fn format_number(v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    if (v - v.round()).abs() < 1e-9 || v.abs() >= 100.0 {
        format!("{:.0}", v)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lesson_has_words_a_valid_setup_and_a_unique_slug() {
        assert_eq!(text::LESSONS.len(), PLANS.len());
        for (i, p) in PLANS.iter().enumerate() {
            assert_eq!(find(p.slug), Some(i));
            assert_eq!(find(&(i + 1).to_string()), Some(i));
            assert!(PLANS[..i].iter().all(|q| q.slug != p.slug), "{}", p.slug);
            for &m in p.setup.view.modes() {
                assert_eq!(
                    p.setup.settings().config(m).validate(),
                    Ok(()),
                    "{}",
                    p.slug
                );
            }
        }
        assert_eq!(find("0"), None);
        assert_eq!(find("nope"), None);
    }

    #[test]
    fn each_lesson_runs_and_its_theory_is_near_the_measurement() {
        for p in &PLANS {
            let s = p.setup.settings();
            let o = run(p, p.setup.view, &s, p.setup.receivers_offline, 0.0).expect(p.slug);
            assert!(o.measured.is_finite(), "{}", p.slug);
            if let Some(t) = o.theory {
                let tol = (t.abs() * 0.25).max(p.quantity.slack() * 3.0);
                assert!(
                    (o.measured - t).abs() <= tol,
                    "{}: measured {} theory {}",
                    p.slug,
                    o.measured,
                    t
                );
            }
        }
    }

    #[test]
    fn predictions_are_judged_against_the_measurement() {
        let first = &PLANS[0];
        let s = first.setup.settings();
        let o = run(first, first.setup.view, &s, false, 48.0).unwrap();
        assert_eq!(
            o.measured, 48.0,
            "8 clients polling every 10 s for a minute"
        );
        assert_eq!(o.verdict, Verdict::Close);
        assert_eq!(verdict(Requests(0), 10.0, 48.0), Verdict::TooLow);
        assert_eq!(verdict(Requests(0), 100.0, 48.0), Verdict::TooHigh);
        let offline = &PLANS[12];
        let o = run(offline, Webhook, &offline.setup.settings(), true, 0.0).unwrap();
        assert_eq!((o.measured, o.verdict), (0.0, Verdict::Close));
    }

    #[test]
    fn the_lessons_cover_every_idea_of_the_tutorial() {
        let all: String = text::LESSONS
            .iter()
            .flat_map(|l| {
                [l.chapter, l.title, l.question, l.reveal]
                    .into_iter()
                    .chain(l.body.iter().copied())
            })
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        for idea in [
            "api",
            "webhook",
            "request and response",
            "get",
            "post",
            "weather",
            "reverse api",
            "payment",
            "mailbox",
            "doorbell",
            "callback url",
            "stores",
            "event-driven",
            "polling",
            "communication style",
            "timing",
            "efficiency",
            "real time",
            "data flow",
            "setup",
            "control",
            "on demand",
            "flexible queries",
            "profile",
            "search",
            "report",
            "stored",
            "order",
            "messages",
            "registrations",
            "strengths",
            "weaknesses",
            "load",
            "api key",
            "token",
            "secret",
            "signature",
            "https",
            "together",
            "e-commerce",
            "social media",
            "cloud",
            "beginners",
        ] {
            assert!(all.contains(idea), "no lesson mentions {idea:?}");
        }
    }

    #[test]
    fn numbers_are_formatted_for_people() {
        assert_eq!(format_number(48.0), "48");
        assert_eq!(format_number(2.5), "2.5");
        assert_eq!(format_number(95.12345), "95.12");
        assert_eq!(format_number(1234.56), "1235");
        assert_eq!(format_number(f64::NAN), "—");
    }
}
