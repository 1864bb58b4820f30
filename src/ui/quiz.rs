//! The concept checks' view: the questions grouped by chapter with a score for each, answered
//! by keyboard or pointer (radio groups, steps moved with buttons, rows paired with menus), each
//! explained only once it is answered, and one live region saying what each action did. The
//! answers and their grading are [`crate::app::quiz`]'s.

use yew::prelude::*;

use crate::app::quiz::{Arrow, Checks, QuizAction, DRILLS_ANCHOR};
use crate::app::security::DrillRun;
use crate::app::Action;
use crate::lessons::quiz::{self, Choice, DrillStep, Feedback, Item, Kind, Question, Quiz, Score};
use crate::lessons::quiz_text::{
    misplaced, score_line, should_pair, DRILL_PANEL, DRILL_STEPS, QUESTIONS, QUIZ_PANEL,
};
use crate::url_state::Page;

fn score(s: Score) -> String {
    score_line(s.correct, s.total, s.percent())
}

/// Whether the address asks for the security drills (`#drill-steps`); the fragment is then
/// dropped, so that opening the view again later starts at its top.
fn take_drills_fragment() -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    let loc = w.location();
    if loc.hash().ok().as_deref() != Some(format!("#{DRILLS_ANCHOR}").as_str()) {
        return false;
    }
    if let (Ok(path), Ok(search), Ok(history)) = (loc.pathname(), loc.search(), w.history()) {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{search}")),
        );
    }
    true
}

/// The element with this id, if the page has it.
fn element(id: &str) -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    web_sys::window()?
        .document()?
        .get_element_by_id(id)?
        .dyn_into()
        .ok()
}

fn arrow_id(q: &Question, arrow: Arrow, place: usize) -> String {
    let way = match arrow {
        Arrow::Up => "up",
        Arrow::Down => "down",
    };
    format!("q-{}-{way}-{place}", q.id)
}

/// What a question's view needs besides the question.
struct Ctx<'a> {
    quiz: &'a Quiz,
    act: &'a Callback<QuizAction>,
    /// The id of the element to focus once the page is drawn again.
    focus: &'a Callback<String>,
}

fn verdict(right: bool) -> Html {
    let (class, text) = if right {
        ("right", QUIZ_PANEL.right)
    } else {
        ("wrong", QUIZ_PANEL.wrong)
    };
    html! { <p class={classes!("quiz-verdict", class)} data-testid="quiz-verdict">{ text }</p> }
}

/// The option picked in the radio group of the form a submit event came from.
fn picked(e: &SubmitEvent) -> Option<usize> {
    e.target_dyn_into::<web_sys::Element>()
        .and_then(|form| form.query_selector("input:checked").ok().flatten())
        .and_then(|input| input.get_attribute("value"))
        .and_then(|v| v.parse().ok())
}

/// One option of a radio group, as drawn.
struct Opt {
    /// Unique in its group.
    id: String,
    label: &'static str,
    why: &'static str,
    /// Known, and shown, only once the question is answered.
    right: bool,
}

/// A radio group's options. Before the answer the browser keeps the learner's pick; after it,
/// the page shows the pick, marks it and the right option, and explains every option.
fn radio_group(group: &str, opts: &[Opt], chosen: Option<usize>, right_mark: &str) -> Html {
    let option = |(k, o): (usize, &Opt)| {
        let id = format!("{group}-{}", o.id);
        let name = group.to_string();
        let input = match chosen {
            None => html! { <input type="radio" id={id.clone()} {name} value={k.to_string()} /> },
            Some(chosen) => html! {
                <input type="radio" id={id.clone()} {name} value={k.to_string()} checked={chosen == k} disabled=true />
            },
        };
        let marks: Vec<&str> = match chosen {
            Some(chosen) => [
                (chosen == k).then_some(QUIZ_PANEL.yours),
                o.right.then_some(right_mark),
            ]
            .into_iter()
            .flatten()
            .collect(),
            None => Vec::new(),
        };
        html! {
            <li class={classes!(chosen.is_some().then_some(if o.right { "right" } else { "wrong" }))}>
                { input }
                <label for={id}>{ o.label }</label>
                if !marks.is_empty() {
                    <span class="quiz-mark">{ format!(" ({})", marks.join(", ")) }</span>
                }
                if chosen.is_some() {
                    <p class="quiz-why" data-testid={format!("why-{}", o.id)}>{ o.why }</p>
                }
            </li>
        }
    };
    html! { <ul class="quiz-options">{ for opts.iter().enumerate().map(option) }</ul> }
}

fn choice_question(i: usize, q: &Question, options: &'static [Choice], c: &Ctx) -> Html {
    let answered = match c.quiz.feedback(i) {
        Some(Feedback::Choice { chosen, correct }) => Some((chosen, correct)),
        _ => None,
    };
    let onsubmit = c.act.reform(move |e: SubmitEvent| {
        e.prevent_default();
        match picked(&e) {
            Some(option) => QuizAction::Choose {
                question: i,
                option,
            },
            None => QuizAction::NothingChosen,
        }
    });
    let opts: Vec<Opt> = options
        .iter()
        .map(|o| Opt {
            id: o.id.to_string(),
            label: o.label,
            why: o.why,
            right: o.correct,
        })
        .collect();
    html! {
        <form class="quiz-question" data-testid={format!("q-{}", q.id)} {onsubmit}>
            <fieldset>
                <legend>{ q.prompt }</legend>
                { radio_group(&format!("q-{}", q.id), &opts, answered.map(|a| a.0), QUIZ_PANEL.the_answer) }
            </fieldset>
            if let Some((_, right)) = answered {
                { verdict(right) }
            } else {
                <button type="submit" data-testid="quiz-check">{ QUIZ_PANEL.submit }</button>
            }
        </form>
    }
}

/// A security step: predict what the drill's request meets, then run the drill and read what
/// its counters measured.
fn drill_step(
    k: usize,
    step: &'static DrillStep,
    tried: Option<&(usize, DrillRun)>,
    act: &Callback<QuizAction>,
) -> Html {
    let onsubmit = act.reform(move |e: SubmitEvent| {
        e.prevent_default();
        match picked(&e) {
            Some(option) => QuizAction::RunDrill { step: k, option },
            None => QuizAction::NothingChosen,
        }
    });
    let reception = tried.map(|(_, run)| run.reception);
    let opts: Vec<Opt> = step
        .options
        .iter()
        .enumerate()
        .map(|(n, &(r, label, why))| Opt {
            id: n.to_string(),
            label,
            why,
            right: reception == Some(r),
        })
        .collect();
    let heading = format!("drill-step-{}-title", step.id);
    html! {
        <form class="quiz-question" data-testid={format!("drill-step-{}", step.id)} aria-labelledby={heading.clone()} {onsubmit}>
            <h4 id={heading}>{ step.title }</h4>
            <fieldset>
                <legend>{ step.prompt }</legend>
                { radio_group(&format!("security-{}", step.id), &opts, tried.map(|t| t.0), DRILL_PANEL.happened) }
            </fieldset>
            if let Some((chosen, run)) = tried {
                { verdict(opts.get(*chosen).is_some_and(|o| o.right)) }
                <p>{ DRILL_PANEL.measured }</p>
                <dl class="drill-step-counts">
                    { for run.counts.iter().map(|&(key, label, n)| html! {
                        <div><dt>{ label }</dt><dd data-testid={format!("drill-step-count-{key}")}>{ n }</dd></div>
                    }) }
                </dl>
            } else {
                <button type="submit" data-testid="drill-step-run">{ DRILL_PANEL.run }</button>
            }
        </form>
    }
}

fn order_question(i: usize, q: &'static Question, steps: &'static [Item], c: &Ctx) -> Html {
    let order = c.quiz.order(i);
    let len = order.len();
    let graded = match c.quiz.feedback(i) {
        Some(Feedback::Order { first_misplaced }) => Some(first_misplaced),
        _ => None,
    };
    let button = |arrow: Arrow, place: usize, step: &Item| {
        let to = arrow.target(place, len);
        let onclick = {
            let (act, focus) = (c.act.clone(), c.focus.clone());
            Callback::from(move |_: MouseEvent| {
                if let Some(to) = to {
                    focus.emit(arrow_id(q, arrow.focus_after(to, len), to));
                    act.emit(QuizAction::Move {
                        question: i,
                        from: place,
                        to,
                    });
                }
            })
        };
        let text = match arrow {
            Arrow::Up => QUIZ_PANEL.move_up,
            Arrow::Down => QUIZ_PANEL.move_down,
        };
        html! {
            <button type="button" id={arrow_id(q, arrow, place)} class="quiz-move" disabled={to.is_none()}
                aria-label={format!("{text}: {}", step.label)} {onclick}>{ text }</button>
        }
    };
    let items = html! {
        <ol class="quiz-order">
            { for order.iter().enumerate().map(|(place, &s)| {
                let step = &steps[s];
                html! {
                    <li data-step={step.id}>
                        <span class="quiz-step">{ step.label }</span>
                        if graded.is_none() {
                            <span class="quiz-arrows">
                                { button(Arrow::Up, place, step) }
                                { button(Arrow::Down, place, step) }
                            </span>
                        }
                    </li>
                }
            }) }
        </ol>
    };
    let grade = graded.map(|first| {
        html! {
            <>
                { verdict(first.is_none()) }
                if let Some(place) = first {
                    <p>{ misplaced(place, steps[place].label) }</p>
                    <h4>{ QUIZ_PANEL.right_order }</h4>
                    <ol>{ for steps.iter().map(|s| html! { <li>{ s.label }</li> }) }</ol>
                }
            </>
        }
    });
    checked_form(i, q, c, items, grade)
}

/// An order or a match question: its items, then the grade and the explanation once checked,
/// or the button that checks it.
fn checked_form(i: usize, q: &Question, c: &Ctx, items: Html, grade: Option<Html>) -> Html {
    let onsubmit = c.act.reform(move |e: SubmitEvent| {
        e.prevent_default();
        QuizAction::Submit { question: i }
    });
    html! {
        <form class="quiz-question" data-testid={format!("q-{}", q.id)} {onsubmit}>
            <fieldset>
                <legend>{ q.prompt }</legend>
                { items }
            </fieldset>
            if let Some(grade) = grade {
                { grade }
                <p class="quiz-why" data-testid="quiz-explanation">{ q.explanation }</p>
            } else {
                <button type="submit" data-testid="quiz-check">{ QUIZ_PANEL.submit }</button>
            }
        </form>
    }
}

fn match_question(i: usize, q: &Question, rows: &'static [Item], c: &Ctx) -> Html {
    let picks = c.quiz.picks(i);
    let wrong = match c.quiz.feedback(i) {
        Some(Feedback::Match { wrong_rows }) => Some(wrong_rows),
        _ => None,
    };
    let entries = q.scrambled();
    let row = |(r, item): (usize, &Item)| {
        let id = format!("q-{}-{}", q.id, item.id);
        let pick = picks.get(r).copied().flatten();
        let onchange = c.act.reform(move |e: Event| {
            let select: Option<web_sys::HtmlSelectElement> = e.target_dyn_into();
            // The placeholder's empty value reads as no entry, which pairing ignores.
            let entry = select
                .and_then(|s| s.value().parse().ok())
                .unwrap_or(usize::MAX);
            QuizAction::Pair {
                question: i,
                row: r,
                entry,
            }
        });
        let mark = wrong.as_ref().map(|w| {
            if w.contains(&r) {
                should_pair(item.pairs_with)
            } else {
                QUIZ_PANEL.right.to_string()
            }
        });
        html! {
            <div class="quiz-pair">
                <label for={id.clone()}>{ item.label }</label>
                <select {id} {onchange} disabled={wrong.is_some()}>
                    <option value="" selected={pick.is_none()}>{ QUIZ_PANEL.unpaired }</option>
                    { for entries.iter().map(|&e| html! {
                        <option value={e.to_string()} selected={pick == Some(e)}>{ rows[e].pairs_with }</option>
                    }) }
                </select>
                if let Some(mark) = mark {
                    <span class="quiz-mark">{ mark }</span>
                }
            </div>
        }
    };
    let items = html! { <>{ for rows.iter().enumerate().map(row) }</> };
    let grade = wrong.as_ref().map(|wrong| {
        html! {
            <>
                { verdict(wrong.is_empty()) }
                if !wrong.is_empty() {
                    <h4>{ QUIZ_PANEL.right_pairs }</h4>
                    <ul>{ for rows.iter().map(|r| html! { <li>{ format!("{}: {}", r.label, r.pairs_with) }</li> }) }</ul>
                }
            </>
        }
    });
    checked_form(i, q, c, items, grade)
}

#[derive(Properties, PartialEq)]
pub struct ConceptChecksProps {
    pub checks: Checks,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn ConceptChecks(p: &ConceptChecksProps) -> Html {
    let heading = use_node_ref();
    let drills_heading = use_node_ref();
    // Opening the view takes the focus to its heading, as a new page would, or to the security
    // drills' when the address asks for them.
    {
        let heading = heading.clone();
        let drills_heading = drills_heading.clone();
        use_effect_with((), move |_| {
            let target = if take_drills_fragment() {
                drills_heading
            } else {
                heading
            };
            if let Some(h) = target.cast::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        });
    }
    // A moved step's button is drawn anew at its new place: the focus follows it there.
    let pending = use_mut_ref(|| None::<String>);
    {
        let pending = pending.clone();
        use_effect(move || {
            if let Some(e) = pending.borrow_mut().take().and_then(|id| element(&id)) {
                let _ = e.focus();
            }
        });
    }
    let focus = Callback::from(move |id: String| *pending.borrow_mut() = Some(id));
    let act = p.dispatch.reform(Action::Quiz);
    let quiz = &p.checks.answers;
    let c = Ctx {
        quiz,
        act: &act,
        focus: &focus,
    };
    let question = |(i, q): (usize, &'static Question)| {
        let body = match q.kind {
            Kind::Choice(options) => choice_question(i, q, options, &c),
            Kind::Order(steps) => order_question(i, q, steps, &c),
            Kind::Match(rows) => match_question(i, q, rows, &c),
        };
        html! { <li key={q.id}>{ body }</li> }
    };
    let chapters = quiz::chapters().into_iter().enumerate().map(|(k, chapter)| {
        let heading_id = format!("quiz-chapter-{k}");
        html! {
            <section class="quiz-chapter" aria-labelledby={heading_id.clone()}>
                <h3 id={heading_id}>{ chapter }</h3>
                <p class="quiz-score" data-testid={format!("quiz-score-{k}")}>{ score(quiz.chapter_score(chapter)) }</p>
                <ol class="quiz-questions">
                    { for QUESTIONS.iter().enumerate().filter(|(_, q)| q.chapter == chapter).map(&question) }
                </ol>
            </section>
        }
    });
    html! {
        <section class="quiz" aria-labelledby="quiz-heading" data-testid="quiz">
            <h2 id="quiz-heading" tabindex="-1" ref={heading}>{ QUIZ_PANEL.heading }</h2>
            <p>{ QUIZ_PANEL.intro }</p>
            <p class="quiz-score quiz-total" data-testid="quiz-score">
                <strong>{ format!("{}: ", QUIZ_PANEL.overall) }</strong>{ score(quiz.score()) }
            </p>
            <div class="quiz-buttons">
                <button type="button" onclick={p.dispatch.reform(|_| Action::SetPage(Page::Simulator))} data-testid="quiz-close">{ QUIZ_PANEL.close }</button>
                <button type="button" onclick={act.reform(|_| QuizAction::Restart)} data-testid="quiz-restart">{ QUIZ_PANEL.restart }</button>
            </div>
            // Cleared answers are drawn as fresh fields: a menu keeps what was picked otherwise.
            <div key={p.checks.round.to_string()}>
                { for chapters }
                <section class="quiz-chapter" id={DRILLS_ANCHOR} aria-labelledby="drill-steps-heading" data-testid="drill-steps">
                    <h3 id="drill-steps-heading" tabindex="-1" ref={drills_heading}>{ DRILL_PANEL.heading }</h3>
                    <p>{ DRILL_PANEL.intro }</p>
                    <ol class="quiz-questions">
                        { for DRILL_STEPS.iter().enumerate().map(|(k, step)| html! {
                            <li key={step.id}>{ drill_step(k, step, p.checks.drills.get(&k), &act) }</li>
                        }) }
                    </ol>
                </section>
            </div>
            <p class="visually-hidden" role="status" aria-live="polite" data-testid="quiz-said">{ p.checks.said.clone() }</p>
        </section>
    }
}
