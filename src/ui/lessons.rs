//! The guided lessons panel and its part of the controls: opening a lesson sets the simulator up,
//! the learner predicts, Run restarts the simulation and fast-forwards it over the lesson's span,
//! and the measured value is shown beside the prediction. Back restores the step before exactly
//! (settings, view, speed, prediction and result), not just the previous lesson's setup.

use yew::prelude::*;

use super::controls::{Action, Controls};
use super::ViewMode;
use crate::lessons::{self, text::PANEL, Outcome};
use crate::scenario::Settings;

/// Steps Back can retrace.
const BACK_STEPS: usize = 64;

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
    view: ViewMode,
    settings: Settings,
    speed: f64,
    receivers_offline: bool,
    playing: bool,
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
}

pub enum LessonAction {
    /// Opens a lesson from the menu or the Lessons tab.
    Open(usize),
    Next,
    Back,
    Close,
    Predict(String),
    Run,
}

fn snapshot(c: &Controls) -> Step {
    Step {
        lesson: c.classroom.lesson,
        draft: c.classroom.draft.clone(),
        outcome: c.classroom.outcome,
        view: c.view,
        settings: c.settings.clone(),
        speed: c.speed,
        receivers_offline: c.receivers_offline,
        playing: c.playing,
    }
}

fn push(c: &mut Controls) {
    let step = snapshot(c);
    let back = &mut c.classroom.back;
    if back.len() >= BACK_STEPS {
        back.remove(0);
    }
    back.push(step);
}

/// Sets the simulator up for lesson `i` from time zero, playing, with no prediction yet.
fn open(c: &mut Controls, i: usize) {
    let Some(plan) = lessons::PLANS.get(i) else {
        return;
    };
    c.view = plan.setup.view;
    c.settings = plan.setup.settings();
    c.receivers_offline = plan.setup.receivers_offline;
    c.playing = true;
    c.notice = None;
    c.run_span = None;
    c.epoch = c.epoch.wrapping_add(1);
    c.classroom.lesson = Some(i);
    c.classroom.draft.clear();
    c.classroom.outcome = None;
}

fn restore(c: &mut Controls, s: Step) {
    c.view = s.view;
    c.settings = s.settings;
    c.speed = s.speed;
    c.receivers_offline = s.receivers_offline;
    c.playing = s.playing;
    c.classroom.lesson = s.lesson;
    c.classroom.draft = s.draft;
    c.classroom.outcome = s.outcome;
    c.epoch = c.epoch.wrapping_add(1);
    // A step that had been run shows its run again: same settings and seed, same numbers.
    c.run_span = s
        .outcome
        .and(s.lesson)
        .and_then(|i| lessons::PLANS.get(i))
        .map(|p| p.span_ms);
    if c.run_span.is_some() {
        c.playing = false;
    }
}

/// The lesson part of the controls' reducer.
pub fn reduce(c: &mut Controls, a: LessonAction) {
    let at = c.classroom.lesson;
    match a {
        // A locked page is one fixed demonstration: lessons may not change its scenario.
        LessonAction::Open(_) | LessonAction::Next | LessonAction::Back if c.lock => {}
        LessonAction::Open(i) => {
            if at != Some(i) && i < lessons::COUNT {
                push(c);
                open(c, i);
            }
        }
        LessonAction::Next => {
            let next = at.map_or(0, |i| i + 1);
            if next < lessons::COUNT {
                push(c);
                open(c, next);
            }
        }
        LessonAction::Back => match c.classroom.back.pop() {
            Some(step) => restore(c, step),
            // Opened from a shared link: there is no history, so step to the lesson before.
            None => {
                if let Some(i) = at.filter(|&i| i > 0) {
                    open(c, i - 1);
                }
            }
        },
        LessonAction::Close => {
            if at.is_some() {
                push(c);
                c.classroom.lesson = None;
                c.classroom.draft.clear();
                c.classroom.outcome = None;
            }
        }
        LessonAction::Predict(text) => {
            c.classroom.draft = text.chars().take(40).collect();
            c.classroom.outcome = None;
        }
        LessonAction::Run => {
            let (Some(i), Some(predicted)) = (at, c.classroom.prediction()) else {
                return;
            };
            let Some(plan) = lessons::PLANS.get(i) else {
                return;
            };
            c.classroom.outcome =
                lessons::run(plan, c.view, &c.settings, c.receivers_offline, predicted);
            c.run_span = Some(plan.span_ms);
            c.playing = false;
            c.epoch = c.epoch.wrapping_add(1);
        }
    }
}

fn span_text(ms: u64) -> String {
    let min = ms / 60_000;
    match min {
        0 => format!("{} s", ms / 1000),
        1..=59 => format!("{min} min"),
        _ => format!("{} h", min / 60),
    }
}

#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    pub controls: Controls,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn LessonPanel(p: &LessonPanelProps) -> Html {
    let room = &p.controls.classroom;
    let Some(lesson) = room.lesson.and_then(lessons::lesson) else {
        return html! {};
    };
    let i = lesson.index;
    let locked = p.controls.lock;
    let lesson_action = |a: fn() -> LessonAction| p.dispatch.reform(move |_| Action::Lesson(a()));
    let on_menu = p.dispatch.reform(|e: Event| {
        let select: Option<web_sys::HtmlSelectElement> = e.target_dyn_into();
        let i = select.and_then(|s| s.value().parse::<usize>().ok());
        // Open ignores an index past the last lesson.
        Action::Lesson(LessonAction::Open(i.unwrap_or(usize::MAX)))
    });
    let on_predict = p.dispatch.reform(|e: InputEvent| {
        let input: Option<web_sys::HtmlInputElement> = e.target_dyn_into();
        Action::Lesson(LessonAction::Predict(
            input.map(|i| i.value()).unwrap_or_default(),
        ))
    });
    let on_run = p.dispatch.reform(|e: SubmitEvent| {
        e.prevent_default();
        Action::Lesson(LessonAction::Run)
    });
    let unit = lesson.plan.quantity.unit();
    let mut chapters: Vec<&str> = Vec::new();
    for t in &lessons::text::LESSONS {
        if !chapters.contains(&t.chapter) {
            chapters.push(t.chapter);
        }
    }
    let menu = chapters.iter().map(|ch| {
        html! {
            <optgroup label={*ch}>
                { for lessons::text::LESSONS.iter().enumerate().filter(|(_, t)| t.chapter == *ch).map(|(k, t)| html! {
                    <option value={k.to_string()} selected={k == i}>{ format!("{}. {}", k + 1, t.title) }</option>
                }) }
            </optgroup>
        }
    });
    let step = PANEL
        .step_of
        .replace("{n}", &(i + 1).to_string())
        .replace("{total}", &lessons::COUNT.to_string());
    let ready = room.prediction().is_some();
    let reveal = room.outcome.map(|o| {
        let class = if o.verdict.is_close() { "close" } else { "off" };
        let verdict = lessons::text::verdict(o.verdict);
        html! {
            <div class={classes!("lesson-reveal", class)} role="status" data-testid="lesson-reveal">
                <dl>
                    <div><dt>{ PANEL.predicted }</dt><dd data-testid="lesson-predicted">{ format!("{} {unit}", lessons::format_number(o.predicted)) }</dd></div>
                    <div><dt>{ PANEL.measured }</dt><dd data-testid="lesson-measured">{ format!("{} {unit}", lessons::format_number(o.measured)) }</dd></div>
                    if let Some(t) = o.theory {
                        <div><dt>{ PANEL.theory }</dt><dd data-testid="lesson-theory">{ format!("{} {unit}", lessons::format_number(t)) }</dd></div>
                    }
                </dl>
                <p class="lesson-verdict" data-testid="lesson-verdict" data-verdict={class}>{ verdict }</p>
                <p>{ lesson.text.reveal }</p>
            </div>
        }
    });
    html! {
        <section class="lesson" aria-labelledby="lesson-title" data-testid="lesson" data-lesson={lesson.plan.slug}>
            <div class="lesson-nav">
                <label for="lesson-menu">{ PANEL.menu }</label>
                <select id="lesson-menu" onchange={on_menu} disabled={locked}>{ for menu }</select>
                <span class="lesson-step" data-testid="lesson-step">{ step }</span>
            </div>
            <p class="lesson-chapter">{ lesson.text.chapter }</p>
            <h2 id="lesson-title">{ lesson.text.title }</h2>
            { for lesson.text.body.iter().map(|para| html! { <p>{ *para }</p> }) }
            if locked { <p class="lock-note">{ PANEL.locked }</p> }
            <form class="lesson-predict" onsubmit={on_run}>
                <label for="lesson-prediction">{ lesson.text.question }</label>
                <div class="lesson-inputs">
                    <input type="number" id="lesson-prediction" step="any" inputmode="decimal"
                        value={room.draft.clone()} oninput={on_predict} aria-describedby="lesson-unit lesson-hint"
                        data-testid="lesson-prediction" />
                    <span id="lesson-unit">{ unit }</span>
                    <button type="submit" class="primary" disabled={!ready} data-testid="lesson-run">
                        { format!("{} ({} simulated)", PANEL.run, span_text(lesson.plan.span_ms)) }
                    </button>
                </div>
                if !ready { <p id="lesson-hint" class="lesson-hint">{ PANEL.run_hint }</p> }
                else { <p id="lesson-hint" class="visually-hidden">{ unit }</p> }
            </form>
            { for reveal }
            <div class="lesson-buttons">
                <button type="button" onclick={lesson_action(|| LessonAction::Back)} disabled={locked || !room.can_go_back()} data-testid="lesson-back">{ PANEL.back }</button>
                <button type="button" onclick={lesson_action(|| LessonAction::Next)} disabled={locked || i + 1 >= lessons::COUNT} data-testid="lesson-next">{ PANEL.next }</button>
                <button type="button" onclick={lesson_action(|| LessonAction::Close)}>{ PANEL.close_lessons }</button>
            </div>
        </section>
    }
}
