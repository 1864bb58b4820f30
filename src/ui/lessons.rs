//! The guided lessons panel: the lesson's text and glossary, the prediction form, the reveal of
//! the measured value beside the prediction, the theory, its worked arithmetic and the verdict,
//! and the lesson navigation. The flow itself is [`crate::app::lesson`]'s.

use yew::prelude::*;

use super::glossary::Glossary;
use super::store::Store;
use crate::app::format::span;
use crate::app::lesson::verdict_key;
use crate::app::quiz::DRILLS_ANCHOR;
use crate::app::{Action, LessonAction};
use crate::lessons::quiz_text::QUIZ_PANEL;
use crate::lessons::text::{self, PANEL};
use crate::lessons::{self, PredictionError, Verdict};
use crate::url_state::Page;

/// Scrolls the element `selector` finds to the top of the viewport.
fn scroll_to(selector: &str) {
    let found = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten());
    if let Some(e) = found {
        e.scroll_into_view();
    }
}

/// Writes the fragment that makes the concept checks open at their security drills.
fn ask_for_drills() {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("#{DRILLS_ANCHOR}")),
        );
    }
}

#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    pub state: Store,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn LessonPanel(p: &LessonPanelProps) -> Html {
    let room = &p.state.classroom;
    let title = use_node_ref();
    // The step and whether it had a result, as last drawn: a new step takes the focus to its
    // title (a phone otherwise keeps its scroll position), a new result is brought into view.
    let drawn = use_mut_ref(|| (room.lesson, room.outcome.is_some()));
    {
        let title = title.clone();
        use_effect_with((room.lesson, room.outcome.is_some()), move |&now| {
            let before = drawn.replace(now);
            if before.0 != now.0 {
                if let Some(h) = title.cast::<web_sys::HtmlElement>() {
                    h.scroll_into_view();
                    let _ = h.focus();
                }
            } else if now.1 && !before.1 {
                scroll_to("[data-testid=lesson-reveal]");
            }
        });
    }
    let Some(lesson) = room.lesson.and_then(lessons::lesson) else {
        return html! {};
    };
    let i = lesson.index;
    let locked = p.state.lock;
    let lesson_action = |a: fn() -> LessonAction| p.dispatch.reform(move |_| Action::Lesson(a()));
    let open_drills = p.dispatch.reform(|_: MouseEvent| {
        ask_for_drills();
        Action::SetPage(Page::Quiz)
    });
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
    let parsed = room.parsed();
    let ready = parsed.is_ok();
    let on_run = p.dispatch.reform(move |e: SubmitEvent| {
        e.prevent_default();
        if ready {
            // The run plays on the stage: bring it into view while it does.
            scroll_to(".simulator");
        }
        Action::Lesson(LessonAction::Run)
    });
    let unit = lesson.plan.quantity.unit();
    let mut chapters: Vec<&str> = Vec::new();
    for t in &text::LESSONS {
        if !chapters.contains(&t.chapter) {
            chapters.push(t.chapter);
        }
    }
    let menu = chapters.iter().map(|ch| {
        html! {
            <optgroup label={*ch}>
                { for text::LESSONS.iter().enumerate().filter(|(_, t)| t.chapter == *ch).map(|(k, t)| html! {
                    <option value={k.to_string()} selected={k == i}>{ format!("{}. {}", k + 1, t.title) }</option>
                }) }
            </optgroup>
        }
    });
    let step = PANEL
        .step_of
        .replace("{n}", &(i + 1).to_string())
        .replace("{total}", &lessons::COUNT.to_string());
    let (hint, refused) = match parsed {
        Ok(_) => ("", false),
        Err(PredictionError::Empty) => (PANEL.run_hint, false),
        Err(e) => (text::prediction_error(e), true),
    };
    let reveal = room.outcome.map(|o| {
        let class = if o.verdict.is_close() { "close" } else { "off" };
        let named = match o.verdict {
            Verdict::Misconception(m) => Some(format!("{m:?}")),
            _ => None,
        };
        let value = |v: f64| format!("{} {unit}", lessons::format_number(v));
        html! {
            <div class={classes!("lesson-reveal", class)} role="status" data-testid="lesson-reveal">
                <dl>
                    <div><dt>{ PANEL.predicted }</dt><dd data-testid="lesson-predicted">{ value(o.predicted) }</dd></div>
                    <div><dt>{ PANEL.measured }</dt><dd data-testid="lesson-measured">{ value(o.measured) }</dd></div>
                    if let Some(t) = o.theory {
                        <div><dt>{ PANEL.theory }</dt><dd data-testid="lesson-theory">{ value(t) }</dd></div>
                    }
                </dl>
                <p class="lesson-verdict" data-testid="lesson-verdict" data-verdict={verdict_key(o.verdict)}
                    data-misconception={named}>{ text::verdict(o.verdict) }</p>
                if let Some(w) = o.working {
                    <h3>{ PANEL.working }</h3>
                    <p data-testid="lesson-working">{ text::working(&w) }</p>
                    <h3>{ PANEL.why_differ }</h3>
                    <p data-testid="lesson-why">{ text::why_they_differ(&w) }</p>
                }
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
            <h2 id="lesson-title" tabindex="-1" ref={title} data-testid="lesson-title">{ lesson.text.title }</h2>
            { for lesson.text.body.iter().map(|para| html! { <p>{ *para }</p> }) }
            <Glossary lesson={i} />
            if locked { <p class="lock-note">{ PANEL.locked }</p> }
            if lesson.plan.slug == text::DRILLS_STEP {
                <p class="lesson-drills">
                    { PANEL.drills_lead }{ " " }
                    <button type="button" onclick={open_drills} data-testid="lesson-drills">{ PANEL.drills_open }</button>
                </p>
            }
            <form class="lesson-predict" onsubmit={on_run}>
                <label for="lesson-prediction">{ lesson.text.question }</label>
                <div class="lesson-inputs">
                    <input type="text" id="lesson-prediction" inputmode="decimal" autocomplete="off"
                        value={room.draft.clone()} oninput={on_predict} aria-describedby="lesson-unit lesson-hint"
                        aria-invalid={refused.then_some("true")} data-testid="lesson-prediction" />
                    <span id="lesson-unit">{ unit }</span>
                    <button type="submit" class="primary" disabled={!ready} data-testid="lesson-run">
                        { format!("{} ({} simulated)", PANEL.run, span(lesson.plan.span_ms)) }
                    </button>
                </div>
                <p id="lesson-hint" class={classes!("lesson-hint", refused.then_some("lesson-error"))}
                    aria-live="polite" data-testid="lesson-hint">{ hint }</p>
            </form>
            { for reveal }
            <div class="lesson-buttons">
                <button type="button" onclick={lesson_action(|| LessonAction::Back)} disabled={locked || !room.can_go_back()} data-testid="lesson-back">{ PANEL.back }</button>
                <button type="button" onclick={lesson_action(|| LessonAction::Next)} disabled={locked || i + 1 >= lessons::COUNT} data-testid="lesson-next">{ PANEL.next }</button>
                <button type="button" onclick={lesson_action(|| LessonAction::Close)}>{ PANEL.close_lessons }</button>
                <button type="button" onclick={p.dispatch.reform(|_| Action::SetPage(Page::Quiz))} data-testid="lesson-quiz">{ QUIZ_PANEL.open }</button>
            </div>
        </section>
    }
}
