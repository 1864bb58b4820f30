//! The teacher's page: the 45-minute plan of [`crate::app::teacher`] with a link per step for
//! the slides, and how to lock a demonstration. Links are built from this page's own address,
//! so they work wherever the simulator is hosted, a file opened from disk included.

use yew::prelude::*;

use super::page_base;
use crate::app::{quiz, teacher};

#[component]
pub fn TeacherGuide() -> Html {
    let base = page_base();
    let steps = teacher::steps(&base);
    let extras = teacher::extras(&base);
    let checks = quiz::overview(&base);
    let chapters = checks
        .chapters
        .iter()
        .map(|(c, n)| format!("{c} ({n})"))
        .collect::<Vec<_>>()
        .join(", ");
    let questions: usize = checks.chapters.iter().map(|(_, n)| n).sum();
    let locked = steps
        .first()
        .map(|s| teacher::link(&base, s.number - 1, true))
        .unwrap_or_default();
    html! {
        <section class="teacher" aria-labelledby="teacher-heading" data-testid="teacher">
            <h2 id="teacher-heading">{ "For teachers: a 45-minute session" }</h2>
            <p>{ "Seven of the guided lessons make one class period. At each step, read the question aloud, let the room commit to a number (a show of hands, or written down), and only then press Run: the simulator measures the answer in front of everyone." }</p>
            <ol class="teacher-plan">
                { for steps.iter().map(|s| {
                    let end = s.start_minute + s.segment.minutes;
                    html! {
                        <li data-testid="teacher-step">
                            <h3>{ format!("Minutes {}–{end}: lesson {}, {}", s.start_minute, s.number, s.title) }</h3>
                            <p><strong>{ "Ask the room: " }</strong>{ s.question }</p>
                            <p>{ s.segment.note }</p>
                            if let Some(drill) = s.segment.drill {
                                <p><strong>{ "Drill to show: " }</strong>{ drill }</p>
                            }
                            <p>
                                { "Link for the slide: " }
                                <a href={s.link.clone()} data-testid={format!("teacher-link-{}", s.segment.slug)}>{ s.link.clone() }</a>
                            </p>
                        </li>
                    }
                }) }
            </ol>
            <h3>{ "More lessons, for a second session or homework" }</h3>
            <ul class="teacher-extras">
                { for extras.iter().map(|e| html! {
                    <li>
                        { format!("{}: ", e.title) }
                        <a href={e.link.clone()} data-testid={format!("teacher-extra-{}", e.slug)}>{ e.link.clone() }</a>
                    </li>
                }) }
            </ul>
            <h3>{ "Concept checks and security drills" }</h3>
            <p data-testid="teacher-quiz">
                { format!("To close a session or as homework: {questions} questions without numbers, scored by chapter: {chapters}. ") }
                <a href={checks.quiz_link.clone()} data-testid="teacher-quiz-link">{ checks.quiz_link.clone() }</a>
            </p>
            <p>
                { "Below them, each security drill asks the room what the receiving side will do, then runs it on a fresh simulation: " }
                <a href={checks.drills_link.clone()} data-testid="teacher-drills-link">{ checks.drills_link.clone() }</a>
            </p>
            <ul data-testid="teacher-drills">
                { for checks.drills.iter().map(|d| html! { <li>{ *d }</li> }) }
            </ul>
            <h3>{ "Locking a demonstration" }</h3>
            <p>
                { "Add " }<code>{ "lock=1" }</code>{ " to a link, as in " }
                <a href={locked.clone()} data-testid="teacher-locked-link">{ locked.clone() }</a>
                { ". A locked page keeps its lesson and its settings, so a click in the wrong place cannot change the scenario in the middle of a demonstration; playing, pausing, the speed, predicting and running still work. It also leaves the saved progress of whoever uses that browser alone." }
            </p>
            <p>
                { "For a room, choose Projector mode at the top of the page (or add " }
                <code>{ "theme=projector" }</code>
                { " to the link) for larger type and stronger contrast." }
            </p>
        </section>
    }
}
