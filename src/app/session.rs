//! The simulator screen's model: the [`Driver`] built for the current scene, and the view model
//! drawn from it once per tick. Each part of the view model carries a generation number that
//! changes only when the part's content did, so a view compares two numbers to know whether to
//! draw again. Pure: the browser passes wall-clock times in.

use std::rc::Rc;

use super::drills::{is_delivery, webhook_of, Drill, Notice, StageDrills};
use super::eavesdropper::{Eavesdrop, StageEavesdropper};
use super::figures::StageFigures;
use super::lesson::LessonAction;
use super::sequence::{Follow, SequenceView};
use super::state::{Action, State};
use crate::driver::Driver;
use crate::export::har;
use crate::scenario::Settings;
use crate::signing::standard::Secret;
use crate::sim::config::Behaviour;
use crate::sim::{HttpText, Message, Mode, Scheme, Simulation};
use crate::view::ViewMode;

/// Wall-clock time a fast-forward may take per 33 ms tick: most of it, as only the progress bar
/// and the counters move; the rest is left to drawing and to the learner's clicks.
pub const FAST_FORWARD_BUDGET_MS: f64 = 25.0;
/// Rows in the message log.
const LOG_ROWS: usize = 20;
/// Shortest time a message is drawn travelling, in wall-clock ms, so the eye can follow it even
/// when the simulated network takes a few ms. Only the drawing is stretched, never the counters.
const MIN_FLIGHT_WALL_MS: f64 = 700.0;
/// While playing, the counters, chart and log refresh this often (wall ms); the stage every tick.
const PANEL_REFRESH_MS: f64 = 250.0;
/// Minimum wall-clock gap between two live-region announcements.
const ANNOUNCE_EVERY_MS: f64 = 5_000.0;

/// A value with the generation it was made in: equal when the generations are, so comparing
/// two costs nothing whatever the value's size.
#[derive(Debug)]
pub struct Versioned<T> {
    generation: u64,
    value: Rc<T>,
}

impl<T> Clone for Versioned<T> {
    fn clone(&self) -> Self {
        Self {
            generation: self.generation,
            value: Rc::clone(&self.value),
        }
    }
}

impl<T> PartialEq for Versioned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation
    }
}

impl<T> std::ops::Deref for Versioned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// Generation 0 is never handed out: it marks the empty value a session starts from.
impl<T: Default> Default for Versioned<T> {
    fn default() -> Self {
        Self {
            generation: 0,
            value: Rc::default(),
        }
    }
}

impl<T> Versioned<T> {
    pub fn generation(&self) -> u64 {
        self.generation
    }
}

/// Hands out generation numbers; one per session, never reset, so a rebuilt simulation's parts
/// can never compare equal to the old one's.
#[derive(Default)]
struct Generations(u64);

impl Generations {
    fn wrap<T>(&mut self, value: T) -> Versioned<T> {
        self.0 += 1;
        Versioned {
            generation: self.0,
            value: Rc::new(value),
        }
    }

    /// `value` under a new generation if it differs from `old`, else `old` unchanged.
    fn update<T: PartialEq>(&mut self, old: &mut Versioned<T>, value: T) {
        if *old.value != value {
            *old = self.wrap(value);
        }
    }
}

/// The name a stage is shown under.
pub fn stage_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Polling => "Polling",
        Mode::Webhook => "Webhook",
        Mode::Hybrid => "Both",
        Mode::LongPolling => "Long polling",
        Mode::OnDemand => "On demand",
    }
}

/// One stage as the stage drawing needs it, this tick.
#[derive(Clone, Debug, PartialEq)]
pub struct StageView {
    pub name: &'static str,
    pub behaviour: Behaviour,
    pub clients: u32,
    pub receivers_online: bool,
    /// Messages to draw, each with the simulated span its trip is drawn over.
    pub in_flight: Vec<(Message, u64)>,
    pub api_scheme: Scheme,
    pub webhook_scheme: Scheme,
    /// Deliveries processed after a newer update, and of those the ones applied over it.
    pub out_of_order: (u64, u64),
    /// With a limit on open deliveries per endpoint: the attempts waiting for a slot now.
    pub dispatch_queue: Option<usize>,
}

/// One row of the message log.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LogRow {
    pub stage: usize,
    pub message: Message,
}

/// The slower-moving figures: counters, comparison, chart and log.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Panels {
    pub figures: Vec<StageFigures>,
    /// Most recent first.
    pub rows: Vec<LogRow>,
}

/// The message picked for the inspector, with its text built once.
#[derive(Clone, Debug, PartialEq)]
pub struct Selection {
    pub stage: usize,
    pub message: Message,
    pub text: HttpText,
    /// A genuine delivery, which the inspector offers to resend.
    pub resendable: bool,
    /// The endpoint secret when the message was sent: a delivery's re-signed copy and the lab
    /// verify with it.
    pub secret: Secret,
    /// How the message travelled: the scheme of its exact copy's URL.
    pub scheme: Scheme,
}

/// A stage's message log as a HAR file, made on request.
#[derive(Clone, Debug, PartialEq)]
pub struct HarFile {
    /// The stage's name, for the file's name.
    pub stage: &'static str,
    pub json: String,
}

/// Where a drill was asked for, so its report is shown there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    DrillsPanel,
    Inspector,
}

/// The latest event a client came to know of, for the live region.
#[derive(Clone, Debug, PartialEq)]
pub struct Announcement {
    pub headline: String,
    pub client: u32,
    pub delay_ms: u64,
}

/// Everything the simulator screen draws, for one tick.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Frame {
    /// The settings cannot be simulated: why.
    pub error: Option<String>,
    pub now_ms: u64,
    /// Fraction done of a fast-forward under way.
    pub fast_forward: Option<f64>,
    pub stages: Vec<StageView>,
    pub panels: Versioned<Panels>,
    pub drills: Versioned<Vec<StageDrills>>,
    pub selection: Versioned<Option<Selection>>,
    /// What the last drill run from the drills panel did; empty before the first.
    pub drills_report: Versioned<Vec<Notice>>,
    /// What the last resend from the inspector did, for the message selected now.
    pub resend_report: Versioned<Vec<Notice>>,
    pub announcement: Versioned<Option<Announcement>>,
    /// The last HAR file asked for: a new generation is a new download.
    pub har: Versioned<Option<HarFile>>,
    pub sequence: Versioned<SequenceView>,
    pub eavesdropper: Versioned<Vec<StageEavesdropper>>,
    /// What the eavesdropper's last action did; `None` before the first.
    pub eavesdropper_report: Versioned<Option<String>>,
}

/// What the scene asks of the simulations; a change of it rebuilds them from time zero.
#[derive(Clone, Debug, PartialEq)]
struct BuildKey {
    view: ViewMode,
    settings: Settings,
    epoch: u32,
}

impl BuildKey {
    fn of(s: &State) -> Self {
        Self {
            view: s.scene.view,
            settings: s.scene.settings.clone(),
            epoch: s.epoch,
        }
    }
}

/// What the page does to the running simulations, besides changing the state.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Step,
    FastForward(u64),
    CancelFastForward,
    Drill(Drill, Origin),
    Select {
        stage: usize,
        message: Message,
    },
    /// Writes the stage's log as a HAR file into the frame.
    ExportHar(usize),
    /// Opens, closes or moves the sequence diagram's window.
    Sequence(Follow),
    Eavesdrop(Eavesdrop),
}

pub struct Session {
    key: BuildKey,
    driver: Result<Driver, String>,
    receivers_offline: bool,
    /// Playback speed, for how long short trips are drawn.
    speed: f64,
    /// The lesson span the current run is fast-forwarding over, until measured.
    lesson_span: Option<u64>,
    generations: Generations,
    /// Wall and simulated time of the last panels refresh.
    panels_at: (f64, u64),
    /// Wall time and event of the last announcement.
    announced: (f64, Option<(u32, u32)>),
    panels: Versioned<Panels>,
    drills: Versioned<Vec<StageDrills>>,
    selection: Versioned<Option<Selection>>,
    drills_report: Versioned<Vec<Notice>>,
    resend_report: Versioned<Vec<Notice>>,
    announcement: Versioned<Option<Announcement>>,
    har: Versioned<Option<HarFile>>,
    follow: Follow,
    sequence: Versioned<SequenceView>,
    eavesdropper: Versioned<Vec<StageEavesdropper>>,
    eavesdropper_report: Versioned<Option<String>>,
    frame: Rc<Frame>,
}

impl Session {
    pub fn new(state: &State, wall_ms: f64) -> Self {
        let mut session = Session {
            key: BuildKey::of(state),
            driver: Err(String::new()),
            receivers_offline: state.scene.receivers_offline,
            speed: state.scene.speed,
            lesson_span: None,
            generations: Generations::default(),
            panels_at: (f64::NEG_INFINITY, 0),
            announced: (f64::NEG_INFINITY, None),
            panels: Versioned::default(),
            drills: Versioned::default(),
            selection: Versioned::default(),
            drills_report: Versioned::default(),
            resend_report: Versioned::default(),
            announcement: Versioned::default(),
            har: Versioned::default(),
            follow: Follow::default(),
            sequence: Versioned::default(),
            eavesdropper: Versioned::default(),
            eavesdropper_report: Versioned::default(),
            frame: Rc::default(),
        };
        session.rebuild(state, wall_ms);
        session
    }

    /// The view model of the last tick or command.
    pub fn frame(&self) -> Rc<Frame> {
        Rc::clone(&self.frame)
    }

    fn rebuild(&mut self, state: &State, wall_ms: f64) {
        self.key = BuildKey::of(state);
        let configs: Vec<_> = state
            .scene
            .view
            .modes()
            .iter()
            .map(|&m| state.scene.settings.config(m))
            .collect();
        self.driver = Driver::new(&configs).map_err(|e| e.to_string());
        self.receivers_offline = state.scene.receivers_offline;
        self.speed = state.scene.speed;
        self.lesson_span = None;
        if let Ok(d) = &mut self.driver {
            for s in d.stages_mut() {
                s.set_receivers_online(!self.receivers_offline);
            }
            if let Some(span) = state.run_span {
                d.start_fast_forward(span);
                self.lesson_span = Some(span);
            }
        }
        self.selection = self.generations.wrap(None);
        self.drills_report = self.generations.wrap(Vec::new());
        self.resend_report = self.generations.wrap(Vec::new());
        self.eavesdropper_report = self.generations.wrap(None);
        self.publish(wall_ms, true);
    }

    /// Brings the simulations in line with the state: rebuilt when the scene's mode, settings
    /// or epoch changed; otherwise the receivers switch acts on the running run from now on.
    /// Says whether the frame changed.
    pub fn sync(&mut self, state: &State, wall_ms: f64) -> bool {
        if self.key != BuildKey::of(state) {
            self.rebuild(state, wall_ms);
            return true;
        }
        self.speed = state.scene.speed;
        let switched = self.receivers_offline != state.scene.receivers_offline;
        if switched {
            self.receivers_offline = state.scene.receivers_offline;
            if let Ok(d) = &mut self.driver {
                for s in d.stages_mut() {
                    s.set_receivers_online(!self.receivers_offline);
                }
            }
            self.publish(wall_ms, true);
        }
        switched
    }

    /// The clock stopped: forgets the last tick's wall time, so that playback resumes without a
    /// jump, and brings the panels up to the time reached.
    pub fn pause(&mut self, wall_ms: f64) {
        if let Ok(d) = &mut self.driver {
            d.pause();
        }
        self.publish(wall_ms, true);
    }

    /// Plays at `speed` (0 while paused) or works on a fast-forward, then draws the frame. When a
    /// lesson's run has just reached its span, returns the action that measures it.
    pub fn tick(&mut self, wall_ms: f64, speed: f64, clock: impl Fn() -> f64) -> Option<Action> {
        let Ok(d) = &mut self.driver else {
            return None;
        };
        d.tick(wall_ms, speed, FAST_FORWARD_BUDGET_MS, clock);
        self.publish(wall_ms, false);
        self.measure_lesson()
    }

    fn measure_lesson(&mut self) -> Option<Action> {
        let span = self.lesson_span?;
        let d = self.driver.as_ref().ok()?;
        if d.fast_forward().is_some() || d.now_ms() < span {
            return None;
        }
        self.lesson_span = None;
        // Cancelled and played on past the span: this is no longer the lesson's run.
        (d.now_ms() == span).then(|| Action::LessonMeasured {
            epoch: self.key.epoch,
            measured: LessonAction::Measured {
                runs: d.stages().iter().map(|s| s.metrics().summary()).collect(),
                theories: d.stages().iter().map(Simulation::theory).collect(),
            },
        })
    }

    pub fn command(&mut self, c: Command, wall_ms: f64) {
        let Ok(d) = &mut self.driver else { return };
        match c {
            Command::Step => d.step(),
            Command::FastForward(span) => d.start_fast_forward(span),
            Command::CancelFastForward => d.cancel_fast_forward(),
            Command::Drill(drill, origin) => {
                let report = self.generations.wrap(drill.apply(d));
                match origin {
                    Origin::DrillsPanel => self.drills_report = report,
                    Origin::Inspector => self.resend_report = report,
                }
            }
            Command::Select { stage, message } => {
                let selection = d.stages().get(stage).map(|s| Selection {
                    stage,
                    message,
                    text: s.render(&message),
                    resendable: is_delivery(&message),
                    secret: s.signing_secret(message.sent_ms).clone(),
                    scheme: s.scheme_of(&message),
                });
                self.selection = self.generations.wrap(selection);
                self.resend_report = self.generations.wrap(Vec::new());
            }
            Command::ExportHar(stage) => {
                let file = d.stages().get(stage).map(|s| HarFile {
                    stage: stage_name(s.config().mode),
                    json: har(s),
                });
                self.har = self.generations.wrap(file);
            }
            Command::Sequence(follow) => self.follow = follow,
            Command::Eavesdrop(e) => {
                self.eavesdropper_report = self.generations.wrap(Some(e.apply(d)));
            }
        }
        self.publish(wall_ms, true);
    }

    /// Draws the frame from the simulations. The panels are redrawn when `force`d, when the
    /// simulated time moved while paused, or every [`PANEL_REFRESH_MS`] while playing.
    fn publish(&mut self, wall_ms: f64, force: bool) {
        let gens = &mut self.generations;
        let d = match &self.driver {
            Ok(d) => d,
            Err(e) => {
                self.frame = Rc::new(Frame {
                    error: Some(e.clone()),
                    ..Frame::default()
                });
                return;
            }
        };
        let now = d.now_ms();
        let sims = d.stages();
        let (last_wall, last_sim) = self.panels_at;
        if force || (now != last_sim && wall_ms - last_wall >= PANEL_REFRESH_MS) {
            self.panels_at = (wall_ms, now);
            gens.update(&mut self.panels, panels(sims));
            gens.update(&mut self.sequence, SequenceView::of(sims, self.follow, now));
            let eavesdropper = sims
                .iter()
                .enumerate()
                .map(|(i, s)| StageEavesdropper::of(i, stage_name(s.config().mode), s))
                .collect();
            gens.update(&mut self.eavesdropper, eavesdropper);
        }
        let selected = self.selection.as_ref();
        let drills = sims
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let follow = selected
                    .filter(|sel| sel.stage == i)
                    .and_then(|sel| webhook_of(&sel.message));
                StageDrills::of(s, stage_name(s.config().mode), follow)
            })
            .collect();
        gens.update(&mut self.drills, drills);
        if let Some(l) = sims.first().and_then(Simulation::last_learned) {
            let (at, last) = self.announced;
            if last != Some((l.client, l.event)) && wall_ms - at >= ANNOUNCE_EVERY_MS {
                self.announced = (wall_ms, Some((l.client, l.event)));
                let a = sims.first().map(|s| Announcement {
                    headline: s.event_type(l.client, l.event).headline(l.event),
                    client: l.client,
                    delay_ms: l.delay_ms,
                });
                self.announcement = gens.wrap(a);
            }
        }
        self.frame = Rc::new(Frame {
            error: None,
            now_ms: now,
            fast_forward: d.fast_forward().map(|ff| ff.progress(now)),
            stages: sims
                .iter()
                .map(|s| StageView {
                    name: stage_name(s.config().mode),
                    behaviour: s.behaviour(),
                    clients: s.config().clients,
                    receivers_online: s.receivers_online(),
                    in_flight: drawn_flights(s, now, self.speed),
                    api_scheme: s.config().api_scheme,
                    webhook_scheme: s.config().webhook_scheme,
                    out_of_order: {
                        let c = &s.metrics().counters;
                        (c.out_of_order, c.stale_applied)
                    },
                    dispatch_queue: s.theory().endpoint_limit.map(|_| s.deliveries_waiting()),
                })
                .collect(),
            panels: self.panels.clone(),
            drills: self.drills.clone(),
            selection: self.selection.clone(),
            drills_report: self.drills_report.clone(),
            resend_report: self.resend_report.clone(),
            announcement: self.announcement.clone(),
            har: self.har.clone(),
            sequence: self.sequence.clone(),
            eavesdropper: self.eavesdropper.clone(),
            eavesdropper_report: self.eavesdropper_report.clone(),
        });
    }
}

fn panels(sims: &[Simulation]) -> Panels {
    let figures = sims
        .iter()
        .map(|s| StageFigures {
            name: stage_name(s.config().mode),
            summary: s.metrics().summary(),
            theory: s.theory(),
            series: s.metrics().series_points(),
        })
        .collect();
    let mut rows: Vec<LogRow> = sims
        .iter()
        .enumerate()
        .flat_map(|(stage, s)| {
            s.messages()
                .rev()
                .take(LOG_ROWS)
                .map(move |m| LogRow { stage, message: *m })
        })
        .collect();
    rows.sort_by(|a, b| {
        let (a, b) = (&a.message, &b.message);
        b.sent_ms.cmp(&a.sent_ms).then(b.id.cmp(&a.id))
    });
    rows.truncate(LOG_ROWS);
    Panels { figures, rows }
}

/// Messages to draw at `now`, each with the simulated span it is drawn over: its real flight, or
/// longer when that would be too quick to see at this speed.
fn drawn_flights(sim: &Simulation, now: u64, speed: f64) -> Vec<(Message, u64)> {
    let min_span = (MIN_FLIGHT_WALL_MS * speed) as u64;
    sim.messages()
        .filter_map(|m| {
            let span = m.arrives_ms.saturating_sub(m.sent_ms).max(min_span).max(1);
            (m.sent_ms <= now && now < m.sent_ms + span).then_some((*m, span))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons;
    use crate::scenario::Field;

    const TICK: f64 = 33.0;

    fn polling() -> State {
        let mut s = State::default();
        s.scene.settings.set(Field::Clients, 20.0);
        s
    }

    /// Plays `n` ticks at `speed` from wall time `from`; the wall time reached.
    fn play(session: &mut Session, from: f64, n: usize, speed: f64) -> f64 {
        let mut wall = from;
        for _ in 0..n {
            wall += TICK;
            assert!(session.tick(wall, speed, || wall).is_none());
        }
        wall
    }

    #[test]
    fn a_paused_run_keeps_every_part_of_its_frame() {
        let state = polling();
        let mut session = Session::new(&state, 0.0);
        play(&mut session, 0.0, 3, 1.0);
        session.pause(200.0);
        let before = session.frame();
        play(&mut session, 1_000.0, 30, 0.0);
        let after = session.frame();
        assert_eq!(after.now_ms, before.now_ms);
        assert_eq!(after.panels.generation(), before.panels.generation());
        assert_eq!(after.drills.generation(), before.drills.generation());
        assert_eq!(
            after.announcement.generation(),
            before.announcement.generation()
        );
    }

    #[test]
    fn playing_redraws_the_stage_each_tick_the_panels_four_times_a_second_and_drills_on_change() {
        let state = polling();
        let mut session = Session::new(&state, 0.0);
        let drills = session.frame().drills.generation();
        let mut panel_generations = Vec::new();
        let mut wall = 0.0;
        for _ in 0..60 {
            wall = play(&mut session, wall, 1, 10.0);
            panel_generations.push(session.frame().panels.generation());
        }
        panel_generations.dedup();
        // 60 ticks of 33 ms are 1.98 s: one refresh per 250 ms at most.
        assert!(
            (6..=8).contains(&panel_generations.len()),
            "{panel_generations:?}"
        );
        assert!(session.frame().now_ms > 19_000);
        assert_eq!(
            session.frame().drills.generation(),
            drills,
            "polling moves no drill result"
        );
        session.command(
            Command::Drill(Drill::MissingApiKey, Origin::DrillsPanel),
            wall,
        );
        play(&mut session, wall, 10, 10.0);
        let frame = session.frame();
        assert_ne!(frame.drills.generation(), drills);
        assert_eq!(
            *frame.drills_report,
            vec![Notice::KeylessPoll { client: 0 }]
        );
        assert!(frame.resend_report.is_empty());
    }

    #[test]
    fn new_settings_rebuild_from_zero_and_drop_the_selection_but_the_receivers_switch_does_not() {
        let mut state = State::default();
        state.scene.view = ViewMode::Webhook;
        let mut session = Session::new(&state, 0.0);
        play(&mut session, 0.0, 30, 100.0);
        let message = session.frame().panels.rows[0].message;
        session.command(Command::Select { stage: 0, message }, 1_000.0);
        let selected = session.frame().selection.clone();
        assert_eq!(selected.as_ref().map(|s| s.message), Some(message));
        let now = session.frame().now_ms;
        state.scene.receivers_offline = true;
        session.sync(&state, 1_100.0);
        assert_eq!(session.frame().now_ms, now);
        assert!(!session.frame().stages[0].receivers_online);
        assert_eq!(session.frame().selection, selected);
        state.reduce(Action::SetField(Field::Clients, 3.0));
        session.sync(&state, 1_200.0);
        assert_eq!(session.frame().now_ms, 0);
        assert!(session.frame().selection.is_none());
        assert!(
            !session.frame().stages[0].receivers_online,
            "rebuilt offline"
        );
    }

    #[test]
    fn a_lesson_is_measured_on_the_run_shown_when_it_reaches_its_span() {
        let mut state = State::default();
        state.reduce(Action::Lesson(LessonAction::Open(2)));
        state.reduce(Action::Lesson(LessonAction::Predict("5".into())));
        state.reduce(Action::Lesson(LessonAction::Run));
        let span = state.run_span.expect("a run");
        let mut session = Session::new(&state, 0.0);
        let clock = std::cell::Cell::new(0.0);
        let read = || {
            clock.set(clock.get() + 1.0);
            clock.get()
        };
        let mut measured = None;
        for _ in 0..10_000 {
            if let Some(a) = session.tick(clock.get(), 0.0, read) {
                measured = Some(a);
                break;
            }
        }
        assert_eq!(session.frame().now_ms, span);
        assert_eq!(session.frame().fast_forward, None);
        state.reduce(measured.expect("measured at the end of the span"));
        let plan = &lessons::PLANS[2];
        let reference =
            lessons::run(plan, state.scene.view, &state.scene.settings, false, 5.0).unwrap();
        assert_eq!(state.classroom.outcome, Some(reference));
        assert!(
            session.tick(clock.get(), 0.0, read).is_none(),
            "measured once"
        );
    }

    #[test]
    fn a_har_file_is_made_on_request_for_the_stage_asked() {
        let mut state = State::default();
        state.scene.view = ViewMode::Compare;
        let mut session = Session::new(&state, 0.0);
        play(&mut session, 0.0, 30, 100.0);
        assert!(session.frame().har.is_none());
        session.command(Command::ExportHar(1), 1_000.0);
        let file = (*session.frame().har).clone().expect("a file");
        assert_eq!(file.stage, "Webhook");
        let doc: serde_json::Value = serde_json::from_str(&file.json).expect("JSON");
        assert_eq!(doc["log"]["version"], "1.2");
        assert!(file.json.contains("webhook-signature"));
        let generation = session.frame().har.generation();
        play(&mut session, 1_000.0, 5, 100.0);
        assert_eq!(
            session.frame().har.generation(),
            generation,
            "one file per request"
        );
    }

    #[test]
    fn settings_that_cannot_run_are_an_error_in_the_frame() {
        let mut state = State::default();
        state.scene.settings.clients = 0;
        let session = Session::new(&state, 0.0);
        assert!(session.frame().error.is_some());
    }

    #[test]
    fn short_trips_are_drawn_long_enough_to_follow() {
        let mut state = State::default();
        state.scene.speed = 100.0;
        let mut session = Session::new(&state, 0.0);
        play(&mut session, 0.0, 20, 100.0);
        let frame = session.frame();
        assert!(!frame.stages[0].in_flight.is_empty());
        for (m, span) in &frame.stages[0].in_flight {
            assert!(*span >= 70_000, "700 ms of wall time at 100×");
            assert!(m.sent_ms <= frame.now_ms && frame.now_ms < m.sent_ms + span);
        }
    }

    #[test]
    fn the_sequence_diagram_is_laid_out_only_while_its_panel_is_open() {
        let state = polling();
        let mut session = Session::new(&state, 0.0);
        play(&mut session, 0.0, 60, 4.0);
        session.pause(3_000.0);
        assert_eq!(session.frame().sequence.diagram, None);
        session.command(Command::Sequence(Follow::Live), 3_100.0);
        let frame = session.frame();
        let shown = frame.sequence.diagram.as_ref().expect("open");
        assert_eq!(shown.window.to_ms, frame.now_ms);
        assert!(!shown.arrows.is_empty());
        session.command(Command::Sequence(Follow::Hidden), 3_200.0);
        assert_eq!(session.frame().sequence.diagram, None);
    }
}
