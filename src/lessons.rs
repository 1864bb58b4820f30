//! Guided lessons: each step sets the simulator up, asks for a prediction of one measurable
//! quantity, runs the simulation for a fixed span and grades the prediction against the closed
//! form of the step's own settings, with the measured value beside it. Pure: the learner-facing
//! words live in [`text`], the numbers here and in [`grade`].

pub mod coverage;
pub mod grade;
pub mod parse;
pub mod quiz;
pub mod quiz_text;
pub mod text;

pub use grade::{assess, run, Misconception, Outcome, Verdict, Working};
pub use parse::{parse_prediction, PredictionError};

use crate::scenario::{Field, Preset, Settings};
use crate::sim::{Config, Mode, Summary};
use crate::view::ViewMode;

/// What a lesson asks the learner to predict, read from the run of the given stage (0 or 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Quantity {
    /// HTTP requests sent by anyone in the span.
    Requests(usize),
    /// Webhook delivery attempts in the span, retries included.
    Deliveries(usize),
    /// Share of polls that found nothing, in percent.
    EmptyShare(usize),
    /// Mean delay from event to client, in milliseconds.
    MeanDelay(usize),
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
            Self::RequestRatio => "polls per delivery",
        }
    }

    /// The measured value in the runs of a view's stages (a missing stage reads as stage 0).
    pub fn measure(self, runs: &[Summary]) -> Option<f64> {
        let at = |i: usize| runs.get(i).or(runs.first());
        Some(match self {
            Self::Requests(i) => at(i)?.counters.requests as f64,
            Self::Deliveries(i) => at(i)?.counters.webhook_attempts as f64,
            Self::EmptyShare(i) => at(i)?.empty_fraction * 100.0,
            Self::MeanDelay(i) => at(i)?.mean_delay_ms,
            Self::RequestRatio => {
                at(0)?.counters.requests as f64 / (at(1)?.counters.requests as f64).max(1.0)
            }
        })
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
    /// The wrong answers this step recognises and names; `grade` and the tests read this table.
    pub misconceptions: &'static [Misconception],
}

impl Plan {
    /// The simulation settings of each stage of the step's own setup, with `seed`.
    pub fn configs(&self, seed: u64) -> Vec<Config> {
        let settings = Settings {
            seed,
            ..self.setup.settings()
        };
        self.setup
            .view
            .modes()
            .iter()
            .map(|&m| settings.config(m))
            .collect()
    }

    /// The mode of the stage the quantity is read from.
    fn mode(&self) -> Mode {
        let i = match self.quantity {
            Quantity::Requests(i)
            | Quantity::Deliveries(i)
            | Quantity::EmptyShare(i)
            | Quantity::MeanDelay(i) => i,
            Quantity::RequestRatio => 0,
        };
        let modes = self.setup.view.modes();
        modes.get(i).or(modes.first()).copied().unwrap_or_default()
    }
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
    misconceptions: &'static [Misconception],
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
        misconceptions,
    }
}

/// The same lesson with every receiver offline from the start.
const fn offline(mut p: Plan) -> Plan {
    p.setup.receivers_offline = true;
    p
}

use Misconception as M;
use Preset::*;
use Quantity::*;
use ViewMode::{Both, Compare, LongPolling, Polling, Webhook};

pub const PLANS: [Plan; 17] = [
    plan(
        "api",
        Polling,
        Payments,
        None,
        Requests(0),
        MINUTE,
        &[M::CountedEvents, M::OneClient, M::CountedAnswers],
    ),
    plan(
        "webhook",
        Webhook,
        Payments,
        None,
        Deliveries(0),
        10 * MINUTE,
        &[M::OnATimer, M::OneClient, M::CountedAnswers],
    ),
    plan(
        "mailbox-doorbell",
        Compare,
        Registrations,
        None,
        EmptyShare(0),
        HOUR,
        &[M::FoundShare, M::DoorbellSide],
    ),
    plan(
        "api-steps",
        Polling,
        Orders,
        None,
        MeanDelay(0),
        10 * MINUTE,
        &[M::FullInterval, M::TripOnly],
    ),
    plan(
        "webhook-steps",
        Webhook,
        Orders,
        None,
        MeanDelay(0),
        10 * MINUTE,
        &[M::RoundTrip, M::NoLatency, M::PollingHabit],
    ),
    plan(
        "style-timing",
        Compare,
        Chat,
        None,
        MeanDelay(0),
        10 * MINUTE,
        &[M::FullInterval, M::TripOnly],
    ),
    plan(
        "efficiency",
        Compare,
        Registrations,
        Some([10.0, 60.0, 0.015, 100.0]),
        EmptyShare(0),
        6 * HOUR,
        &[M::FoundShare],
    ),
    plan(
        "real-time",
        Compare,
        Orders,
        Some([10.0, 10.0, 30.0, 60.0]),
        Deliveries(1),
        MINUTE,
        &[M::OnATimer, M::OneClient],
    ),
    plan(
        "table",
        Compare,
        Orders,
        None,
        RequestRatio,
        HOUR,
        &[M::Inverted, M::OnePerEvent],
    ),
    plan(
        "when-api",
        Polling,
        Registrations,
        Some([6.0, 300.0, 0.1, 100.0]),
        Requests(0),
        HOUR,
        &[M::CountedEvents, M::OneClient, M::CountedAnswers],
    ),
    plan(
        "when-webhook",
        Webhook,
        Chat,
        None,
        MeanDelay(0),
        10 * MINUTE,
        &[M::RoundTrip, M::NoLatency, M::PollingHabit],
    ),
    plan(
        "api-pros-cons",
        Polling,
        Orders,
        Some([1000.0, 5.0, 0.5, 60.0]),
        Requests(0),
        MINUTE,
        &[M::CountedEvents, M::OneClient, M::CountedAnswers],
    ),
    offline(plan(
        "webhook-pros-cons",
        Webhook,
        Payments,
        None,
        Deliveries(0),
        2 * MINUTE,
        &[M::NoRetries, M::WholeSchedule, M::NothingSent],
    )),
    plan(
        "security",
        Webhook,
        Orders,
        None,
        Deliveries(0),
        MINUTE,
        &[M::SignatureApart, M::OneClient],
    ),
    plan(
        "together",
        Both,
        Orders,
        None,
        Requests(0),
        MINUTE,
        &[M::NoFetch, M::BothCheaper],
    ),
    plan(
        "real-world",
        Compare,
        Payments,
        None,
        RequestRatio,
        HOUR,
        &[M::Inverted, M::OnePerEvent],
    ),
    plan(
        "long-polling",
        LongPolling,
        Orders,
        None,
        EmptyShare(0),
        HOUR,
        &[M::TimedShare, M::FoundShare, M::NeverEmpty],
    ),
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

/// A number for people: whole numbers plainly, others with up to two decimals, and numbers below
/// one with three significant digits (so λT = 0.015 is not shown as 0.02).
pub fn format_number(v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    if (v - v.round()).abs() < 1e-9 || v.abs() >= 100.0 {
        format!("{:.0}", v)
    } else {
        let decimals = if v.abs() < 1.0 {
            (2 - libm::floor(libm::log10(v.abs())) as i32).clamp(2, 6) as usize
        } else {
            2
        };
        let s = format!("{v:.decimals$}");
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
            for c in p.configs(p.setup.seed) {
                assert_eq!(c.validate(), Ok(()), "{}", p.slug);
            }
        }
        assert!(find(text::DRILLS_STEP).is_some());
        assert_eq!(find("0"), None);
        assert_eq!(find("nope"), None);
    }

    #[test]
    fn the_slugs_keep_their_order() {
        let slugs: Vec<&str> = PLANS.iter().map(|p| p.slug).collect();
        assert_eq!(
            slugs,
            [
                "api",
                "webhook",
                "mailbox-doorbell",
                "api-steps",
                "webhook-steps",
                "style-timing",
                "efficiency",
                "real-time",
                "table",
                "when-api",
                "when-webhook",
                "api-pros-cons",
                "webhook-pros-cons",
                "security",
                "together",
                "real-world",
                "long-polling",
            ]
        );
    }

    #[test]
    fn the_lessons_cover_every_idea_of_the_tutorial() {
        let all = text::all_text().join(" ").to_lowercase();
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
            "data",
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
        assert_eq!(format_number(0.015), "0.015");
        assert_eq!(format_number(1.0 / 12.0), "0.0833");
        assert_eq!(format_number(0.5), "0.5");
    }
}
