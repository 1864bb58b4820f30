//! The printable classroom kit: two buttons that draw the worksheet or the answer key (built by
//! [`crate::app::worksheet`]) into a document shown only on paper, then open the print dialog.

use yew::prelude::*;

use super::page_base;
use crate::app::quiz::overview;
use crate::app::worksheet::{answers, questions};

#[derive(Clone, Copy, PartialEq)]
enum Sheet {
    Worksheet,
    Key,
}

/// The element the printed document is drawn into: directly under `<body>`, so that the print
/// stylesheet can hide everything else.
fn print_host() -> Option<web_sys::Element> {
    let doc = web_sys::window()?.document()?;
    let host = doc.create_element("div").ok()?;
    host.set_class_name("print-host");
    doc.body()?.append_child(&host).ok()?;
    Some(host)
}

fn worksheet() -> Html {
    html! {
        <article class="print-doc" data-testid="print-doc">
            <header class="print-head">
                <h1>{ "Webhook vs API: worksheet" }</h1>
                <p class="print-name">{ "Name:" }</p>
                <p>{ "For each lesson, set the simulator up as listed, write your prediction before you run it, then the value the simulator measured." }</p>
            </header>
            { for questions().into_iter().map(|q| html! {
                <section class="print-lesson">
                    <p class="print-chapter">{ q.chapter }</p>
                    <h2>{ format!("{}. {}", q.number, q.title) }</h2>
                    <dl class="print-settings">
                        { for q.settings.iter().map(|(label, value)| html! {
                            <div><dt>{ *label }</dt><dd>{ value.clone() }</dd></div>
                        }) }
                    </dl>
                    <p class="print-question">{ q.question }</p>
                    <p class="print-write">{ format!("My prediction ({}):", q.unit) }</p>
                    <p class="print-write">{ "Measured in the simulator:" }</p>
                    <p class="print-write print-notes">{ "Why it came out this way:" }</p>
                </section>
            }) }
            { checks() }
        </article>
    }
}

/// The worksheet's last page: the concept checks and the security drills, by address.
fn checks() -> Html {
    let o = overview(&page_base());
    html! {
        <section class="print-lesson" data-testid="print-checks">
            <h2>{ "Check your understanding" }</h2>
            <p>{ "In the simulator's Quiz view, at this address:" }</p>
            <p class="print-link">{ o.quiz_link.clone() }</p>
            <p>{ "Questions without numbers, by chapter:" }</p>
            <ul>{ for o.chapters.iter().map(|(c, n)| html! { <li>{ format!("{c}: {n} questions") }</li> }) }</ul>
            <p>{ "Security drills: predict what the receiving side does, then run the drill. At this address:" }</p>
            <p class="print-link">{ o.drills_link.clone() }</p>
            <ul>{ for o.drills.iter().map(|d| html! { <li>{ *d }</li> }) }</ul>
            <p class="print-write print-notes">{ "The drill whose result surprised me, and why:" }</p>
        </section>
    }
}

fn answer_key() -> Html {
    html! {
        <article class="print-doc" data-testid="print-doc">
            <header class="print-head">
                <h1>{ "Webhook vs API: answer key" }</h1>
                <p>{ "Each answer is what the lesson's own run measures (the same settings and seed give the same run every time), with the value theory predicts for the same span." }</p>
            </header>
            { for answers().into_iter().map(|a| html! {
                <section class="print-answer">
                    <h2>{ format!("{}. {}", a.number, a.title) }</h2>
                    <p>{ a.question }</p>
                    <p class="print-result">
                        <strong>{ format!("Answer: {} {}", a.measured, a.unit) }</strong>
                        if let Some(t) = &a.theory { { format!(" (theory: {t} {})", a.unit) } }
                    </p>
                    <p>{ a.explanation }</p>
                </section>
            }) }
        </article>
    }
}

#[component]
pub fn PrintKit() -> Html {
    // The sheet to print, and how many times printing was asked for, so asking again prints again.
    let request = use_state(|| None::<(Sheet, u32)>);
    let host = use_memo((), |_| print_host());
    {
        let host = host.clone();
        use_effect_with((), move |_| {
            move || {
                if let Some(h) = host.as_ref() {
                    h.remove();
                }
            }
        });
    }
    // The effect runs after the document is drawn, so the dialog prints it.
    use_effect_with(*request, |r| {
        if r.is_some() {
            if let Some(w) = web_sys::window() {
                let _ = w.print();
            }
        }
    });
    let ask = |sheet: Sheet| {
        let request = request.clone();
        Callback::from(move |_| {
            let n = request.map_or(0, |(_, n)| n.wrapping_add(1));
            request.set(Some((sheet, n)));
        })
    };
    let doc = match *request {
        Some((Sheet::Worksheet, _)) => worksheet(),
        Some((Sheet::Key, _)) => answer_key(),
        None => html! {},
    };
    html! {
        <div class="print-kit">
            <button type="button" onclick={ask(Sheet::Worksheet)} data-testid="print-worksheet">{ "Print worksheet" }</button>
            <button type="button" onclick={ask(Sheet::Key)} data-testid="print-key">{ "Print answer key" }</button>
            if let Some(h) = host.as_ref() {
                { create_portal(doc, h.clone()) }
            }
        </div>
    }
}
