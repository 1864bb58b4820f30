//! The guided lessons panel: the lesson's text, the prediction form, the reveal of the measured
//! value beside the prediction and the theory, and the lesson navigation. The flow itself is
//! [`crate::app::lesson`]'s.

use yew::prelude::*;

use super::store::Store;
use crate::app::format::span;
use crate::app::{Action, LessonAction};
use crate::lessons::{self, text::PANEL};

#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    pub state: Store,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn LessonPanel(p: &LessonPanelProps) -> Html {
    let room = &p.state.classroom;
    let Some(lesson) = room.lesson.and_then(lessons::lesson) else {
        return html! {};
    };
    let i = lesson.index;
    let locked = p.state.lock;
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
                        { format!("{} ({} simulated)", PANEL.run, span(lesson.plan.span_ms)) }
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
