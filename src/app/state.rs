//! The application's state and the one reducer every change goes through: the scene (mode,
//! settings, speed, play/pause, receivers), the page's options, the notices, the lessons, and
//! the signature lab's form.

use super::lab::{Delivery, Lab, LabAction};
use super::lesson::{Classroom, LessonAction, Rerun, Scene};
use super::progress::Notebook;
use super::quiz::{Checks, QuizAction};
use crate::scenario::{Field, Preset, Settings};
use crate::sim::registration::Registration;
use crate::sim::wire::{Direction, Scheme};
use crate::url_state::{Page, Theme};
use crate::view::{snap_speed, ViewMode};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct State {
    pub scene: Scene,
    /// Bumped whenever the simulations must restart from time zero.
    pub epoch: u32,
    /// A lesson's run: the simulations restart and fast-forward this far, then stay paused.
    pub run_span: Option<u64>,
    /// What the last typed value was clamped to, shown until dismissed.
    pub notice: Option<String>,
    /// `None` follows the system's light or dark preference.
    pub theme: Option<Theme>,
    /// Compact layout for an iframe, without the page's header and footer.
    pub embed: bool,
    /// The stage, key counters and playback on one screen, everything else folded away.
    pub focus: bool,
    /// Settings fixed by the page's address: one demonstration, not a playground.
    pub lock: bool,
    /// What the address asked for but could not be used as given, shown until dismissed.
    pub url_notices: Vec<String>,
    pub classroom: Classroom,
    /// The view shown: the simulator, the signature lab, the teacher's guide or the concept
    /// checks.
    pub page: Page,
    pub lab: Lab,
    /// The prediction and answers given on each step, for when the learner comes back to it.
    pub notebook: Notebook,
    /// The concept checks: open or not, and the answers given.
    pub checks: Checks,
}

pub enum Action {
    SetView(ViewMode),
    SetPreset(Preset),
    SetField(Field, f64),
    SetSeed(u64),
    /// HTTP or HTTPS for API requests or for webhook deliveries.
    SetScheme(Direction, Scheme),
    SetRegistration(Registration),
    /// The dispatcher's limit on open deliveries per endpoint, as typed (clamped).
    SetDeliveryConcurrency(f64),
    SetSpeed(f64),
    SetPlaying(bool),
    SetReceiversOffline(bool),
    SetOrdersByVersion(bool),
    Reset,
    DismissNotice,
    SetTheme(Option<Theme>),
    SetFocus(bool),
    DismissUrlNotices,
    Lesson(LessonAction),
    Quiz(QuizAction),
    /// Forgets the lessons' place and every prediction and concept-check answer.
    StartOver,
    /// A lesson's run reached its end in the simulations built for `epoch`.
    LessonMeasured {
        epoch: u32,
        measured: LessonAction,
    },
    SetPage(Page),
    Lab(LabAction),
    /// A delivery from the inspector: the lab opens with it, ready to verify.
    OpenInLab(Delivery),
}

impl State {
    /// Whether the focus layout applies: asked for, or implied by the projector theme.
    pub fn focused(&self) -> bool {
        self.focus || self.theme == Some(Theme::Projector)
    }

    fn restart(&mut self, rerun: Rerun) {
        let span = match rerun {
            Rerun::Keep => return,
            Rerun::FromZero => None,
            Rerun::Span(span) => Some(span),
        };
        self.epoch = self.epoch.wrapping_add(1);
        self.run_span = span;
        self.notice = None;
    }

    pub fn reduce(&mut self, action: Action) {
        let hidden = super::lesson::hides_answers(self);
        let scene = &mut self.scene;
        match action {
            // A locked page keeps its scenario whatever reaches the reducer, lessons included.
            Action::SetPreset(_)
            | Action::SetField(..)
            | Action::SetSeed(_)
            | Action::SetScheme(..)
            | Action::SetOrdersByVersion(_)
            | Action::SetRegistration(_)
            | Action::SetDeliveryConcurrency(_)
            | Action::StartOver
            | Action::Lesson(LessonAction::Open(_) | LessonAction::Next | LessonAction::Back)
                if self.lock => {}
            // A lesson step waiting for its prediction stays paused at its start.
            Action::SetPlaying(true) if hidden => {}
            Action::SetView(v) => scene.view = v,
            Action::SetPreset(p) => {
                scene.settings = Settings::from_preset(p).keeping_choices_of(&scene.settings);
                // Users asking for data is what the on-demand view shows.
                if p.query().is_some() {
                    scene.view = ViewMode::OnDemand;
                }
            }
            Action::SetField(f, v) => self.notice = scene.settings.set(f, v),
            Action::SetSeed(seed) => scene.settings.seed = seed,
            Action::SetScheme(Direction::Api, s) => scene.settings.api_scheme = s,
            Action::SetScheme(Direction::Webhook, s) => scene.settings.webhook_scheme = s,
            Action::SetRegistration(r) => scene.settings.registration = r,
            Action::SetDeliveryConcurrency(k) => {
                self.notice = scene.settings.set_delivery_concurrency(k)
            }
            // Any speed outside the offered range snaps to the nearest offered one.
            Action::SetSpeed(s) => scene.speed = snap_speed(s),
            Action::SetPlaying(p) => scene.playing = p,
            Action::SetReceiversOffline(off) => scene.receivers_offline = off,
            Action::SetOrdersByVersion(on) => scene.settings.orders_by_version = on,
            Action::Reset => self.restart(Rerun::FromZero),
            Action::DismissNotice => self.notice = None,
            Action::SetTheme(t) => self.theme = t,
            Action::SetFocus(f) => self.focus = f,
            Action::DismissUrlNotices => self.url_notices.clear(),
            Action::Lesson(a) => {
                let before = self.classroom.lesson;
                let rerun = self.classroom.reduce(scene, a);
                self.notebook.follow(before, &mut self.classroom, scene);
                self.restart(rerun);
            }
            Action::Quiz(a) => self.checks.reduce(a),
            Action::StartOver => {
                self.classroom = Classroom::default();
                self.notebook = Notebook::default();
                self.checks.reduce(QuizAction::Restart);
            }
            // A measurement of a run since replaced (settings changed, Reset) is dropped.
            Action::LessonMeasured { epoch, measured } => {
                if epoch == self.epoch && self.run_span.is_some() {
                    self.classroom.reduce(scene, measured);
                }
            }
            Action::SetPage(page) => self.page = page,
            Action::Lab(a) => self.lab.reduce(a),
            Action::OpenInLab(delivery) => {
                self.page = Page::Lab;
                self.lab.reduce(LabAction::Open(delivery));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons;

    #[test]
    fn a_preset_keeps_the_seed_and_a_typed_value_is_clamped_with_a_notice() {
        let mut s = State::default();
        s.scene.settings.seed = 99;
        s.reduce(Action::SetPreset(Preset::Chat));
        assert_eq!(s.scene.settings.preset, Some(Preset::Chat));
        assert_eq!(s.scene.settings.seed, 99);
        s.reduce(Action::SetField(Field::Clients, 1e9));
        assert_eq!(s.scene.settings.get(Field::Clients), 10_000.0);
        assert!(s.notice.is_some());
        s.reduce(Action::DismissNotice);
        assert_eq!(s.notice, None);
        s.reduce(Action::SetSpeed(3.0));
        assert_eq!(s.scene.speed, 2.0);
    }

    #[test]
    fn the_delivery_limit_survives_a_preset_and_a_lock_keeps_it() {
        let mut s = State::default();
        s.reduce(Action::SetDeliveryConcurrency(250.0));
        assert_eq!(s.scene.settings.delivery_concurrency, 100);
        assert!(s.notice.is_some(), "the clamp is reported");
        s.reduce(Action::SetPreset(Preset::Chat));
        assert_eq!(s.scene.settings.delivery_concurrency, 100);
        s.lock = true;
        s.reduce(Action::SetDeliveryConcurrency(1.0));
        assert_eq!(s.scene.settings.delivery_concurrency, 100);
    }

    #[test]
    fn the_version_check_survives_a_preset_and_a_lock_keeps_it() {
        let mut s = State::default();
        s.reduce(Action::SetOrdersByVersion(true));
        s.reduce(Action::SetPreset(Preset::Chat));
        assert!(s.scene.settings.orders_by_version);
        s.lock = true;
        s.reduce(Action::SetOrdersByVersion(false));
        assert!(s.scene.settings.orders_by_version);
    }

    #[test]
    fn an_on_demand_preset_opens_the_on_demand_view_with_its_query() {
        let mut s = State::default();
        s.reduce(Action::SetPreset(Preset::Search));
        assert_eq!(s.scene.view, ViewMode::OnDemand);
        assert_eq!(s.scene.settings.query, crate::sim::Query::Search);
        // A use-case preset leaves the view as the learner chose it.
        s.reduce(Action::SetView(ViewMode::Webhook));
        s.reduce(Action::SetPreset(Preset::Orders));
        assert_eq!(s.scene.view, ViewMode::Webhook);
    }

    #[test]
    fn a_delivery_opens_the_lab_with_its_fields() {
        let mut s = State::default();
        s.reduce(Action::Lab(LabAction::Edit(
            crate::app::lab::LabField::Secret,
            "typed".into(),
        )));
        assert_eq!(
            (s.page, s.lab.form.secret.as_str()),
            (Page::Simulator, "typed")
        );
        s.reduce(Action::OpenInLab(Delivery {
            id: "msg_1".into(),
            secret: "whsec_c2VjcmV0".into(),
            headers: "webhook-id: msg_1".into(),
            body: "{}".into(),
            as_of: "1700000000".into(),
        }));
        assert_eq!(s.page, Page::Lab);
        assert_eq!(s.lab.form.secret, "whsec_c2VjcmV0");
        assert_eq!(s.lab.form.as_of, "1700000000");
        assert!(s.lab.form.ignore_clock);
        s.reduce(Action::SetPage(Page::Simulator));
        assert_eq!(s.page, Page::Simulator);
    }

    #[test]
    fn reset_restarts_from_zero_and_ends_a_lesson_run() {
        let mut s = State {
            run_span: Some(60_000),
            ..State::default()
        };
        s.reduce(Action::Reset);
        assert_eq!((s.epoch, s.run_span), (1, None));
    }

    #[test]
    fn a_locked_page_keeps_its_scenario() {
        let mut s = State {
            lock: true,
            ..State::default()
        };
        let before = s.scene.clone();
        s.reduce(Action::SetPreset(Preset::Chat));
        s.reduce(Action::SetField(Field::Clients, 5.0));
        s.reduce(Action::Lesson(LessonAction::Next));
        assert_eq!(s.scene, before);
        assert_eq!(s.classroom.lesson, None);
        s.reduce(Action::SetPlaying(false));
        assert!(!s.scene.playing, "playback still works");
    }

    #[test]
    fn a_lesson_run_restarts_the_simulation_and_only_its_own_measurement_counts() {
        let mut s = State::default();
        s.reduce(Action::Lesson(LessonAction::Open(0)));
        assert_eq!((s.epoch, s.run_span), (1, None));
        s.reduce(Action::Lesson(LessonAction::Predict("10".into())));
        s.reduce(Action::Lesson(LessonAction::Run));
        let span = lessons::PLANS[0].span_ms;
        assert_eq!((s.epoch, s.run_span), (2, Some(span)));
        let measured = |runs| LessonAction::Measured {
            runs,
            theories: Vec::new(),
        };
        let mut sim =
            crate::sim::Simulation::new(s.scene.settings.config(crate::sim::Mode::Polling))
                .unwrap();
        sim.run_until(span);
        let runs = vec![sim.metrics().summary()];
        s.reduce(Action::LessonMeasured {
            epoch: 1,
            measured: measured(runs.clone()),
        });
        assert_eq!(s.classroom.outcome, None, "a stale run is not measured");
        s.reduce(Action::LessonMeasured {
            epoch: 2,
            measured: measured(runs),
        });
        let o = s.classroom.outcome.expect("measured");
        assert_eq!(o.measured, sim.metrics().summary().counters.requests as f64);
    }
}
