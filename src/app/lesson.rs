//! The guided lessons' flow: opening a lesson sets the scene up, the learner predicts, Run
//! restarts the simulation to be fast-forwarded over the lesson's span, and the run the learner
//! watched is measured when it gets there. Back restores the step before exactly (scene,
//! prediction and result), not just the previous lesson's setup.

use crate::lessons::{self, Outcome};
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

impl Classroom {
    /// The typed prediction, when it is a number.
    pub fn prediction(&self) -> Option<f64> {
        self.draft
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
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

    /// Sets the scene up for lesson `i`, playing, with no prediction yet.
    fn open(&mut self, scene: &mut Scene, i: usize) -> Rerun {
        let Some(plan) = lessons::PLANS.get(i) else {
            return Rerun::Keep;
        };
        scene.view = plan.setup.view;
        scene.settings = plan.setup.settings();
        scene.receivers_offline = plan.setup.receivers_offline;
        scene.playing = true;
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
    use crate::lessons::Verdict;
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
        assert!(scene.playing);
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
        room.reduce(&mut scene, LessonAction::Predict("1e9".into()));
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
        assert_eq!(room.draft, "1e9");
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
