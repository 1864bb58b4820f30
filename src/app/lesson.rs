//! The guided lessons' flow: opening a lesson sets the scene up, paused at time zero, the
//! learner predicts, Run restarts the simulation to be fast-forwarded over the lesson's span, and
//! the run the learner watched is measured when it gets there. Until then nothing that answers
//! the question is shown ([`hides_answers`]). Back restores the step before exactly (scene,
//! prediction and result), not just the previous lesson's setup.

use super::state::State;
use crate::lessons::{self, parse_prediction, Outcome, PredictionError, Verdict};
use crate::scenario::Settings;
use crate::sim::{Summary, Theory};
use crate::view::ViewMode;

/// Steps Back can retrace.
const BACK_STEPS: usize = 64;
/// Longest prediction kept, in characters: a number needs no more.
const DRAFT_CHARS: usize = 40;

/// What the simulator shows and how: the part of the state a lesson sets up and Back restores.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    pub view: ViewMode,
    pub settings: Settings,
    pub speed: f64,
    pub playing: bool,
    pub receivers_offline: bool,
}

impl Default for Scene {
    fn default() -> Self {
        Self {
            view: ViewMode::Polling,
            settings: Settings::default(),
            speed: 1.0,
            playing: true,
            receivers_offline: false,
        }
    }
}

/// Where the learner is in the lessons.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Classroom {
    /// Index of the open lesson.
    pub lesson: Option<usize>,
    /// The prediction as typed.
    pub draft: String,
    pub outcome: Option<Outcome>,
    /// Earlier steps, most recent last.
    back: Vec<Step>,
}

/// Everything Back puts back.
#[derive(Clone, Debug, PartialEq)]
struct Step {
    lesson: Option<usize>,
    draft: String,
    outcome: Option<Outcome>,
    scene: Scene,
}

pub enum LessonAction {
    /// Opens a lesson from the menu or the Lessons tab.
    Open(usize),
    Next,
    Back,
    Close,
    Predict(String),
    Run,
    /// The lesson's run reached the end of its span: each stage's figures there.
    Measured {
        runs: Vec<Summary>,
        theories: Vec<Theory>,
    },
}

/// How the simulations must restart after a lesson action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rerun {
    /// Nothing to restart.
    Keep,
    /// From time zero, as set up.
    FromZero,
    /// From time zero, fast-forwarded over this span and then paused.
    Span(u64),
}

/// Whether the page must keep the open step's answer out of sight: a step waits for a
/// prediction and its run has neither started nor been measured. The run then stays paused at
/// time zero, and no counter, theory value, comparison, chart, log or announcement is shown.
pub fn hides_answers(s: &State) -> bool {
    s.classroom.lesson.is_some() && s.classroom.outcome.is_none() && s.run_span.is_none()
}

/// A verdict's kind, as the page marks it for styling and tests.
pub fn verdict_key(v: Verdict) -> &'static str {
    match v {
        Verdict::Exact => "exact",
        Verdict::Close => "close",
        Verdict::Misconception(_) => "misconception",
        Verdict::TooLow => "too-low",
        Verdict::TooHigh => "too-high",
    }
}

impl Classroom {
    /// The typed prediction read as a number, or why it cannot be (a decimal comma is a point).
    pub fn parsed(&self) -> Result<f64, PredictionError> {
        parse_prediction(&self.draft)
    }

    /// The typed prediction, when it is a number.
    pub fn prediction(&self) -> Option<f64> {
        self.parsed().ok()
    }

    pub fn can_go_back(&self) -> bool {
        !self.back.is_empty() || self.lesson.is_some_and(|i| i > 0)
    }

    fn push(&mut self, scene: &Scene) {
        if self.back.len() >= BACK_STEPS {
            self.back.remove(0);
        }
        self.back.push(Step {
            lesson: self.lesson,
            draft: self.draft.clone(),
            outcome: self.outcome,
            scene: scene.clone(),
        });
    }

    /// Sets the scene up for lesson `i`, paused at its start, with no prediction yet.
    fn open(&mut self, scene: &mut Scene, i: usize) -> Rerun {
        let Some(plan) = lessons::PLANS.get(i) else {
            return Rerun::Keep;
        };
        scene.view = plan.setup.view;
        scene.settings = plan.setup.settings();
        scene.receivers_offline = plan.setup.receivers_offline;
        // Playing would show the outcome before the learner predicted it.
        scene.playing = false;
        self.lesson = Some(i);
        self.draft.clear();
        self.outcome = None;
        Rerun::FromZero
    }

    fn restore(&mut self, scene: &mut Scene, step: Step) -> Rerun {
        *scene = step.scene;
        self.lesson = step.lesson;
        self.draft = step.draft;
        self.outcome = step.outcome;
        // A step that had been run shows its run again: same settings and seed, same numbers.
        match self.run_span().filter(|_| self.outcome.is_some()) {
            Some(span) => {
                scene.playing = false;
                Rerun::Span(span)
            }
            None => Rerun::FromZero,
        }
    }

    fn run_span(&self) -> Option<u64> {
        self.lesson
            .and_then(|i| lessons::PLANS.get(i))
            .map(|p| p.span_ms)
    }

    /// Applies a lesson action to the classroom and the scene; says how the run restarts.
    pub fn reduce(&mut self, scene: &mut Scene, a: LessonAction) -> Rerun {
        let at = self.lesson;
        match a {
            LessonAction::Open(i) => {
                if at == Some(i) || i >= lessons::COUNT {
                    return Rerun::Keep;
                }
                self.push(scene);
                self.open(scene, i)
            }
            LessonAction::Next => {
                let next = at.map_or(0, |i| i + 1);
                if next >= lessons::COUNT {
                    return Rerun::Keep;
                }
                self.push(scene);
                self.open(scene, next)
            }
            LessonAction::Back => match self.back.pop() {
                Some(step) => self.restore(scene, step),
                // Opened from a shared link: there is no history, so step to the lesson before.
                None => match at.filter(|&i| i > 0) {
                    Some(i) => self.open(scene, i - 1),
                    None => Rerun::Keep,
                },
            },
            LessonAction::Close => {
                if at.is_some() {
                    self.push(scene);
                    self.lesson = None;
                    self.draft.clear();
                    self.outcome = None;
                }
                Rerun::Keep
            }
            LessonAction::Predict(text) => {
                self.draft = text.chars().take(DRAFT_CHARS).collect();
                self.outcome = None;
                Rerun::Keep
            }
            LessonAction::Run => match (self.run_span(), self.prediction()) {
                (Some(span), Some(_)) => {
                    self.outcome = None;
                    scene.playing = false;
                    Rerun::Span(span)
                }
                _ => Rerun::Keep,
            },
            LessonAction::Measured { runs, theories } => {
                let plan = at.and_then(|i| lessons::PLANS.get(i));
                if let (Some(plan), Some(predicted), false) =
                    (plan, self.prediction(), runs.is_empty())
                {
                    self.outcome = Some(lessons::assess(plan, &runs, &theories, predicted));
                }
                Rerun::Keep
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Action;
    use crate::sim::Simulation;

    fn opened(i: usize) -> (Classroom, Scene) {
        let (mut room, mut scene) = (Classroom::default(), Scene::default());
        assert_eq!(
            room.reduce(&mut scene, LessonAction::Open(i)),
            Rerun::FromZero
        );
        (room, scene)
    }

    /// Runs the scene's stages over `span_ms` the way the simulator shows them.
    fn watched(scene: &Scene, span_ms: u64) -> LessonAction {
        let (mut runs, mut theories) = (Vec::new(), Vec::new());
        for &mode in scene.view.modes() {
            let mut sim = Simulation::new(scene.settings.config(mode)).unwrap();
            sim.set_receivers_online(!scene.receivers_offline);
            sim.run_until(span_ms);
            runs.push(sim.metrics().summary());
            theories.push(sim.theory());
        }
        LessonAction::Measured { runs, theories }
    }

    #[test]
    fn opening_a_lesson_sets_its_scene_and_clears_the_prediction() {
        let plan = &lessons::PLANS[3];
        let (room, scene) = opened(3);
        assert_eq!(room.lesson, Some(3));
        assert_eq!(scene.view, plan.setup.view);
        assert_eq!(scene.settings, plan.setup.settings());
        assert!(
            !scene.playing,
            "paused at its start until the learner predicts"
        );
        assert_eq!(room.prediction(), None);
        let (mut room, mut scene) = opened(3);
        assert_eq!(room.reduce(&mut scene, LessonAction::Open(3)), Rerun::Keep);
        assert_eq!(
            room.reduce(&mut scene, LessonAction::Open(lessons::COUNT)),
            Rerun::Keep
        );
    }

    #[test]
    fn run_waits_for_a_number_then_the_watched_run_is_measured() {
        let (mut room, mut scene) = opened(0);
        let span = lessons::PLANS[0].span_ms;
        assert_eq!(room.reduce(&mut scene, LessonAction::Run), Rerun::Keep);
        room.reduce(&mut scene, LessonAction::Predict(" twelve".into()));
        assert_eq!(room.reduce(&mut scene, LessonAction::Run), Rerun::Keep);
        room.reduce(&mut scene, LessonAction::Predict("12".into()));
        assert_eq!(
            room.reduce(&mut scene, LessonAction::Run),
            Rerun::Span(span)
        );
        assert!(!scene.playing, "a lesson's run stays paused at its end");
        assert_eq!(room.outcome, None, "nothing is shown before the run ends");
        let measured = watched(&scene, span);
        room.reduce(&mut scene, measured);
        // The lessons module's own run of the same scene is the reference.
        let expected =
            lessons::run(&lessons::PLANS[0], scene.view, &scene.settings, false, 12.0).unwrap();
        assert_eq!(room.outcome, Some(expected));
    }

    #[test]
    fn a_decimal_comma_is_read_and_a_refused_prediction_never_runs() {
        let (mut room, mut scene) = opened(2);
        room.reduce(&mut scene, LessonAction::Predict("95,4".into()));
        assert_eq!(room.prediction(), Some(95.4));
        for refused in ["1,500", "9 5", "-3", "1.000,5"] {
            room.reduce(&mut scene, LessonAction::Predict(refused.into()));
            assert!(room.parsed().is_err(), "{refused}");
            assert_eq!(
                room.reduce(&mut scene, LessonAction::Run),
                Rerun::Keep,
                "{refused}"
            );
        }
    }

    /// Every step of a walk through all the lessons keeps its answer hidden until its run.
    #[test]
    fn each_step_hides_its_answer_until_its_run_starts() {
        let mut s = State::default();
        assert!(!hides_answers(&s), "the plain simulator hides nothing");
        for i in 0..lessons::COUNT {
            s.reduce(Action::Lesson(if i == 0 {
                LessonAction::Open(0)
            } else {
                LessonAction::Next
            }));
            assert_eq!(s.classroom.lesson, Some(i));
            assert!(hides_answers(&s), "step {i} opens hidden");
            assert!(!s.scene.playing, "step {i} opens paused");
            s.reduce(Action::SetPlaying(true));
            assert!(
                !s.scene.playing,
                "step {i} cannot be played before a prediction"
            );
            s.reduce(Action::Lesson(LessonAction::Predict("1,500".into())));
            s.reduce(Action::Lesson(LessonAction::Run));
            assert!(
                hides_answers(&s),
                "step {i}: a refused prediction runs nothing"
            );
            s.reduce(Action::Lesson(LessonAction::Predict("3".into())));
            assert!(hides_answers(&s), "step {i}: typing reveals nothing");
            s.reduce(Action::Lesson(LessonAction::Run));
            assert!(
                !hides_answers(&s),
                "step {i}: the run shows what it measures"
            );
        }
        // The last step's run, measured; editing the prediction then keeps the run in view.
        let span = s.run_span.expect("a run");
        let measured = watched(&s.scene, span);
        s.reduce(Action::LessonMeasured {
            epoch: s.epoch,
            measured,
        });
        assert!(s.classroom.outcome.is_some());
        s.reduce(Action::Lesson(LessonAction::Predict("4".into())));
        assert!(!hides_answers(&s), "the answer was already seen");
        // Reset starts the step again from zero: hidden until the next run.
        s.reduce(Action::Reset);
        assert!(hides_answers(&s));
        s.reduce(Action::Lesson(LessonAction::Close));
        assert!(!hides_answers(&s));
    }

    #[test]
    fn back_to_a_step_run_before_shows_its_result_and_to_one_not_run_hides_it() {
        let mut s = State::default();
        s.reduce(Action::Lesson(LessonAction::Open(0)));
        s.reduce(Action::Lesson(LessonAction::Predict("48".into())));
        s.reduce(Action::Lesson(LessonAction::Run));
        let measured = watched(&s.scene, lessons::PLANS[0].span_ms);
        s.reduce(Action::LessonMeasured {
            epoch: s.epoch,
            measured,
        });
        s.reduce(Action::Lesson(LessonAction::Next));
        s.reduce(Action::Lesson(LessonAction::Predict("7".into())));
        s.reduce(Action::Lesson(LessonAction::Next));
        assert!(hides_answers(&s));
        s.reduce(Action::Lesson(LessonAction::Back));
        assert_eq!(s.classroom.draft, "7");
        assert!(hides_answers(&s), "predicted but not run");
        s.reduce(Action::Lesson(LessonAction::Back));
        assert_eq!(s.run_span, Some(lessons::PLANS[0].span_ms));
        assert!(!hides_answers(&s), "its run is shown again");
    }

    #[test]
    fn a_measurement_without_a_prediction_shows_nothing() {
        let (mut room, mut scene) = opened(1);
        let measured = watched(&scene, 60_000);
        room.reduce(&mut scene, measured);
        assert_eq!(room.outcome, None);
    }

    #[test]
    fn back_restores_the_step_before_with_its_result_and_rerun() {
        let (mut room, mut scene) = opened(0);
        scene.speed = 5.0;
        room.reduce(&mut scene, LessonAction::Predict("1000".into()));
        let span = lessons::PLANS[0].span_ms;
        room.reduce(&mut scene, LessonAction::Run);
        let measured = watched(&scene, span);
        room.reduce(&mut scene, measured);
        assert_eq!(room.outcome.map(|o| o.verdict), Some(Verdict::TooHigh));
        let before = (room.outcome, scene.clone());
        room.reduce(&mut scene, LessonAction::Next);
        assert_eq!(room.lesson, Some(1));
        assert_eq!(scene.speed, 5.0, "a lesson keeps the learner's speed");
        assert_eq!(
            room.reduce(&mut scene, LessonAction::Back),
            Rerun::Span(span)
        );
        assert_eq!((room.outcome, scene.clone()), before);
        assert_eq!(room.draft, "1000");
        room.reduce(&mut scene, LessonAction::Back);
        assert_eq!(room.lesson, None, "before lesson 1 the lessons were closed");
        assert!(!room.can_go_back());
    }

    #[test]
    fn back_from_a_shared_link_steps_to_the_lesson_before() {
        let mut room = Classroom {
            lesson: Some(5),
            ..Classroom::default()
        };
        let mut scene = Scene::default();
        assert!(room.can_go_back());
        assert_eq!(room.reduce(&mut scene, LessonAction::Back), Rerun::FromZero);
        assert_eq!(room.lesson, Some(4));
        assert_eq!(scene.view, lessons::PLANS[4].setup.view);
    }

    #[test]
    fn history_is_bounded_and_close_can_be_undone() {
        let (mut room, mut scene) = opened(0);
        for _ in 0..100 {
            room.reduce(&mut scene, LessonAction::Close);
            room.reduce(&mut scene, LessonAction::Open(2));
        }
        assert_eq!(room.back.len(), BACK_STEPS);
        room.reduce(&mut scene, LessonAction::Close);
        assert_eq!(room.lesson, None);
        room.reduce(&mut scene, LessonAction::Back);
        assert_eq!(room.lesson, Some(2));
        room.reduce(&mut scene, LessonAction::Predict("9".repeat(100)));
        assert_eq!(room.draft.len(), DRAFT_CHARS);
    }
}
