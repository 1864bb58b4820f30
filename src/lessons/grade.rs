//! Grading a prediction: the closed form of the step's own settings is the answer, the worked
//! arithmetic shows how to reach it, and a per-step table of misconceptions names the usual wrong
//! answers. Shares are graded in percentage points, counts, times and ratios relative to the answer.

use super::{Plan, Quantity};
use crate::scenario::Settings;
use crate::sim::{Mode, Simulation, Summary, Theory};
use crate::view::ViewMode;

/// Half-width of the "close" band for shares, in percentage points.
const SHARE_POINTS: f64 = 2.0;
/// Half-width of the "close" band for counts, times and ratios, relative to the value.
const RELATIVE: f64 = 0.05;

/// The numbers of a step's own settings, in the units its text uses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figures {
    pub clients: f64,
    pub interval_s: f64,
    pub rate_per_min: f64,
    pub latency_ms: f64,
    /// The server's work per request or send (S).
    pub service_ms: f64,
    pub span_s: f64,
    /// Both: one safety poll per client this often.
    pub safety_interval_s: f64,
    /// Long polling: how long the server holds a poll that finds nothing (H).
    pub hold_s: f64,
    /// Receivers offline: when the second and the third attempt start after the event, in s.
    /// Each attempt takes the send (S) and the 503's way back (2L) before the wait begins.
    pub retry_at_s: [f64; 2],
    /// Attempts in the whole retry schedule.
    pub attempts: usize,
    pub receivers_offline: bool,
}

impl Figures {
    fn of(plan: &Plan) -> Option<Figures> {
        let c = plan.configs(plan.setup.seed).into_iter().next()?;
        let ms = |v: u64| v as f64 / 1000.0;
        let cycle = ms(c.service_ms + 2 * c.latency_ms);
        let wait = |k: usize| ms(c.retry_schedule_ms.get(k).copied().unwrap_or(u64::MAX / 4));
        let second = cycle + wait(1);
        Some(Figures {
            clients: c.clients as f64,
            interval_s: ms(c.poll_interval_ms),
            rate_per_min: c.rate_per_min,
            latency_ms: c.latency_ms as f64,
            service_ms: c.service_ms as f64,
            span_s: ms(plan.span_ms),
            safety_interval_s: ms(c.reconcile_interval_ms),
            hold_s: ms(c.long_poll_timeout_ms),
            retry_at_s: [second, second + cycle + wait(2)],
            attempts: c.retry_schedule_ms.len(),
            receivers_offline: plan.setup.receivers_offline,
        })
    }

    /// Expected business events in the span, all clients: N·λ·W.
    pub fn events(&self) -> f64 {
        self.clients * self.rate_per_min * self.span_s / 60.0
    }

    /// Polls in the span, all clients: N·W/T.
    pub fn polls(&self) -> f64 {
        self.clients * self.span_s / self.interval_s
    }

    /// Both: safety polls in the span, all clients.
    pub fn safety_polls(&self) -> f64 {
        self.clients * self.span_s / self.safety_interval_s
    }

    /// λT: expected events per client per poll interval.
    pub fn lambda_t(&self) -> f64 {
        self.rate_per_min * self.interval_s / 60.0
    }

    /// λH: expected events per client while the server holds one long poll.
    pub fn lambda_h(&self) -> f64 {
        self.rate_per_min * self.hold_s / 60.0
    }

    /// Receivers offline: expected events early enough for the second attempt to start in the span.
    pub fn retried(&self) -> f64 {
        self.events() * ((self.span_s - self.retry_at_s[0]) / self.span_s).max(0.0)
    }
}

/// How the step's answer is reached from its settings: typed data, worded by
/// [`super::text::working`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Working {
    /// Each client polls every T over the span: N·W/T.
    Polls(Figures),
    /// One delivery per event: N·λ·W.
    Pushes(Figures),
    /// Both: a delivery and a fetch per event, plus the safety polls.
    Both(Figures),
    /// Receivers offline: a first attempt per event, and a second for the events early enough.
    Retries(Figures),
    /// e^(−λT), in percent.
    EmptyShare(Figures),
    /// Long polling: a hold ends empty only if no event comes while it lasts, e^(−λH), in percent.
    HeldEmpty(Figures),
    /// T/2 + L + S.
    PollDelay(Figures),
    /// L + S.
    PushDelay(Figures),
    /// Polls per delivery: (1/T) / λ.
    Ratio(Figures),
}

impl Working {
    /// What `plan` asks, worked from its own settings; `None` where there is no closed form.
    pub fn of(plan: &Plan) -> Option<Working> {
        let f = Figures::of(plan)?;
        let mode = plan.mode();
        Some(match (plan.quantity, mode) {
            (Quantity::Requests(_), Mode::Polling) => Working::Polls(f),
            (Quantity::Requests(_) | Quantity::Deliveries(_), Mode::Webhook)
                if f.receivers_offline =>
            {
                Working::Retries(f)
            }
            (Quantity::Requests(_) | Quantity::Deliveries(_), Mode::Webhook) => Working::Pushes(f),
            (Quantity::Requests(_), Mode::Hybrid) if !f.receivers_offline => Working::Both(f),
            (Quantity::EmptyShare(_), Mode::Polling) => Working::EmptyShare(f),
            (Quantity::EmptyShare(_), Mode::LongPolling) => Working::HeldEmpty(f),
            (Quantity::MeanDelay(_), Mode::Polling) => Working::PollDelay(f),
            (Quantity::MeanDelay(_), Mode::Webhook) if !f.receivers_offline => {
                Working::PushDelay(f)
            }
            (Quantity::RequestRatio, _) if plan.setup.view == ViewMode::Compare => {
                Working::Ratio(f)
            }
            _ => return None,
        })
    }

    pub fn figures(&self) -> &Figures {
        match self {
            Working::Polls(f)
            | Working::Pushes(f)
            | Working::Both(f)
            | Working::Retries(f)
            | Working::EmptyShare(f)
            | Working::HeldEmpty(f)
            | Working::PollDelay(f)
            | Working::PushDelay(f)
            | Working::Ratio(f) => f,
        }
    }

    /// The closed-form answer.
    pub fn total(&self) -> f64 {
        let f = self.figures();
        match self {
            Working::Polls(_) => f.polls(),
            Working::Pushes(_) => f.events(),
            Working::Both(_) => 2.0 * f.events() + f.safety_polls(),
            Working::Retries(_) => f.events() + f.retried(),
            Working::EmptyShare(_) => 100.0 * libm::exp(-f.lambda_t()),
            Working::HeldEmpty(_) => 100.0 * libm::exp(-f.lambda_h()),
            Working::PollDelay(_) => f.interval_s * 500.0 + f.latency_ms + f.service_ms,
            Working::PushDelay(_) => f.latency_ms + f.service_ms,
            Working::Ratio(_) => 1.0 / f.lambda_t(),
        }
    }
}

/// A usual wrong answer, with the value it gives for a step's settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Misconception {
    /// Counting the events instead of the requests: N·λ·W.
    CountedEvents,
    /// Forgetting to multiply by the number of clients.
    OneClient,
    /// Counting each response (or acknowledgement) as well as the request: twice the answer.
    CountedAnswers,
    /// Thinking a webhook also runs on the poll timer: N·W/T.
    OnATimer,
    /// Giving the share of polls that find something: 1 − e^(−λT).
    FoundShare,
    /// Giving the webhook side's share of empty messages: 0 %.
    DoorbellSide,
    /// A full interval T instead of T/2 for the mean wait: T + L + S.
    FullInterval,
    /// Only the network trip, no wait for the next poll: L + S.
    TripOnly,
    /// A round trip instead of one way: 2L + S.
    RoundTrip,
    /// Forgetting the network latency: S.
    NoLatency,
    /// A push delay as if the receiver still polled: T/2 + L + S.
    PollingHabit,
    /// Deliveries per poll instead of polls per delivery.
    Inverted,
    /// One poll for each event.
    OnePerEvent,
    /// Forgetting retries: one attempt per event.
    NoRetries,
    /// Every attempt of the schedule inside the span.
    WholeSchedule,
    /// Thinking nothing is sent while receivers are down.
    NothingSent,
    /// Thinking the signature travels as a message of its own: twice the answer.
    SignatureApart,
    /// Both without its fetches: one delivery per event plus the safety polls.
    NoFetch,
    /// Assuming Both costs no more than polling on the step's interval: any answer at or below
    /// N·W/T.
    BothCheaper,
    /// Long polling graded as timed polling on the same interval: e^(−λT).
    TimedShare,
    /// Thinking a held poll waits for news however long it takes: 0 %.
    NeverEmpty,
}

impl Misconception {
    /// The answer this misconception gives, from the step's working.
    pub fn value(self, w: &Working) -> f64 {
        let f = w.figures();
        let answer = w.total();
        match self {
            Self::CountedEvents | Self::NoRetries => f.events(),
            Self::OneClient => answer / f.clients,
            Self::CountedAnswers | Self::SignatureApart => 2.0 * answer,
            Self::OnATimer | Self::BothCheaper => f.polls(),
            Self::FoundShare => 100.0 - answer,
            Self::DoorbellSide | Self::NothingSent | Self::NeverEmpty => 0.0,
            Self::FullInterval => f.interval_s * 1000.0 + f.latency_ms + f.service_ms,
            Self::TripOnly => f.latency_ms + f.service_ms,
            Self::RoundTrip => 2.0 * f.latency_ms + f.service_ms,
            Self::NoLatency => f.service_ms,
            Self::PollingHabit => f.interval_s * 500.0 + f.latency_ms + f.service_ms,
            Self::Inverted => 1.0 / answer,
            Self::OnePerEvent => 1.0,
            Self::WholeSchedule => f.events() * f.attempts as f64,
            Self::NoFetch => f.events() + f.safety_polls(),
            Self::TimedShare => 100.0 * libm::exp(-f.lambda_t()),
        }
    }

    /// Whether `predicted` shows this misconception, given its value `at`.
    fn matches(self, q: Quantity, at: f64, predicted: f64) -> bool {
        match self {
            Self::BothCheaper => predicted <= at,
            _ => (predicted - at).abs() <= tolerance(q, at),
        }
    }
}

/// How far from `value` a prediction still counts as close.
pub fn tolerance(q: Quantity, value: f64) -> f64 {
    match q {
        Quantity::EmptyShare(_) => SHARE_POINTS,
        Quantity::Requests(_) | Quantity::Deliveries(_) => (value.abs() * RELATIVE).max(0.5),
        Quantity::MeanDelay(_) => (value.abs() * RELATIVE).max(1.0),
        Quantity::RequestRatio => (value.abs() * RELATIVE).max(0.001),
    }
}

/// How a prediction compares with the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The same number as the answer, as shown.
    Exact,
    Close,
    /// Not close, and what this misconception gives.
    Misconception(Misconception),
    TooLow,
    TooHigh,
}

impl Verdict {
    /// Exact or close.
    pub fn is_close(self) -> bool {
        matches!(self, Verdict::Exact | Verdict::Close)
    }
}

/// A step's run: the learner's prediction, the measured value, the closed form and the grade.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    pub predicted: f64,
    /// From the runs the learner watched; NaN if they hold no stage.
    pub measured: f64,
    /// The closed form of the step's own settings; `None` when the run was not the step's setup.
    pub theory: Option<f64>,
    /// Graded against the theory when there is one, else against the measured value.
    pub verdict: Verdict,
    /// How the theory is reached from the step's settings.
    pub working: Option<Working>,
}

/// Grades `predicted` for step `plan`, given the runs the learner watched (one per stage of the
/// view) and their theories. The closed form applies only when those theories are the step's
/// own (the learner did not change the settings); otherwise the measured value is the answer.
pub fn assess(plan: &Plan, runs: &[Summary], theories: &[Theory], predicted: f64) -> Outcome {
    let measured = plan.quantity.measure(runs).unwrap_or(f64::NAN);
    let own: Vec<Theory> = plan
        .configs(plan.setup.seed)
        .iter()
        .map(Theory::of)
        .collect();
    let working = Working::of(plan).filter(|_| own == theories);
    let theory = working.map(|w| w.total());
    let answer = theory.unwrap_or(measured);
    let misconceptions = working.map_or(&[][..], |_| plan.misconceptions);
    Outcome {
        predicted,
        measured,
        theory,
        verdict: grade(plan.quantity, answer, predicted, misconceptions, working),
        working,
    }
}

fn grade(
    q: Quantity,
    answer: f64,
    predicted: f64,
    misconceptions: &[Misconception],
    working: Option<Working>,
) -> Verdict {
    if super::format_number(predicted) == super::format_number(answer) {
        return Verdict::Exact;
    }
    if (predicted - answer).abs() <= tolerance(q, answer) {
        return Verdict::Close;
    }
    let named = working.and_then(|w| {
        misconceptions
            .iter()
            .map(|&m| (m, m.value(&w)))
            .filter(|&(m, at)| m.matches(q, at, predicted))
            .min_by(|a, b| (a.1 - predicted).abs().total_cmp(&(b.1 - predicted).abs()))
    });
    match named {
        Some((m, _)) => Verdict::Misconception(m),
        None if predicted < answer => Verdict::TooLow,
        None => Verdict::TooHigh,
    }
}

/// Simulates `view` with `settings` from time zero over the step's span (the same seed and
/// settings give the run the visible simulator shows) and grades the prediction with it.
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
    Some(assess(plan, &runs, &theories, predicted))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::{find, PLANS};

    fn step(slug: &str) -> &'static Plan {
        &PLANS[find(slug).expect(slug)]
    }

    #[test]
    fn exact_close_named_and_plain_verdicts() {
        let p = step("api");
        let own = p.setup.settings();
        let at = |v| run(p, p.setup.view, &own, false, v).map(|o| o.verdict);
        // 8 clients polling every 10 s for a minute.
        assert_eq!(at(48.0), Some(Verdict::Exact));
        assert_eq!(at(49.0), Some(Verdict::Close));
        assert_eq!(
            at(4.0),
            Some(Verdict::Misconception(Misconception::CountedEvents))
        );
        assert_eq!(
            at(6.0),
            Some(Verdict::Misconception(Misconception::OneClient))
        );
        assert_eq!(
            at(96.0),
            Some(Verdict::Misconception(Misconception::CountedAnswers))
        );
        assert_eq!(at(30.0), Some(Verdict::TooLow));
        assert_eq!(at(70.0), Some(Verdict::TooHigh));
    }

    #[test]
    fn shares_are_graded_in_percentage_points() {
        let p = step("efficiency");
        let own = p.setup.settings();
        let at = |v| run(p, p.setup.view, &own, false, v).map(|o| o.verdict);
        // e^(−0.015) = 98.51 %: 97 is 1.5 points off, 95 is 3.5 points off.
        assert_eq!(at(97.0), Some(Verdict::Close));
        assert_eq!(at(95.0), Some(Verdict::TooLow));
        assert_eq!(at(82.0), Some(Verdict::TooLow));
    }

    #[test]
    fn a_long_poll_is_graded_on_its_hold_not_on_the_poll_interval() {
        let p = step("long-polling");
        let own = p.setup.settings();
        let at = |v| run(p, p.setup.view, &own, false, v).map(|o| o.verdict);
        // 6 orders a minute, held up to 20 s: e^(−2) = 13.53 %; polled every 5 s: e^(−0.5) = 60.65 %.
        assert_eq!(at(13.53), Some(Verdict::Exact));
        assert_eq!(at(15.0), Some(Verdict::Close));
        assert_eq!(
            at(60.0),
            Some(Verdict::Misconception(Misconception::TimedShare))
        );
        assert_eq!(
            at(87.0),
            Some(Verdict::Misconception(Misconception::FoundShare))
        );
        assert_eq!(
            at(0.0),
            Some(Verdict::Misconception(Misconception::NeverEmpty))
        );
        assert_eq!(at(30.0), Some(Verdict::TooHigh));
    }

    #[test]
    fn with_other_settings_the_measured_value_is_the_answer() {
        let p = step("api");
        let mut other = p.setup.settings();
        other.clients = 3;
        let o = run(p, p.setup.view, &other, false, 18.0).expect("runs");
        assert_eq!((o.theory, o.working), (None, None));
        assert_eq!(
            o.measured, 18.0,
            "3 clients polling every 10 s for a minute"
        );
        assert_eq!(o.verdict, Verdict::Exact);
        // The step's misconceptions are about its own numbers, so none is named here.
        let o = run(p, p.setup.view, &other, false, 4.0).expect("runs");
        assert_eq!(o.verdict, Verdict::TooLow);
    }

    #[test]
    fn both_cheaper_covers_every_answer_at_or_below_polling() {
        let p = step("together");
        let w = Working::of(p).expect("closed form");
        let polling = Misconception::BothCheaper.value(&w);
        assert_eq!(polling, 120.0, "10 clients polling every 5 s for a minute");
        for v in [100.0, 110.0, 120.0] {
            assert_eq!(
                grade(p.quantity, w.total(), v, p.misconceptions, Some(w)),
                Verdict::Misconception(Misconception::BothCheaper),
                "{v}"
            );
        }
        assert_eq!(
            grade(p.quantity, w.total(), 70.0, p.misconceptions, Some(w)),
            Verdict::Misconception(Misconception::NoFetch)
        );
    }

    #[test]
    fn no_runs_measure_nothing() {
        let p = step("api");
        let o = assess(p, &[], &[], 48.0);
        assert!(o.measured.is_nan());
        assert_eq!(o.verdict, Verdict::TooHigh);
    }
}
