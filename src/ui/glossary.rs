//! The lessons' glossary: every term and symbol with its definition, in a disclosure the
//! learner can open from any step, naming the terms the open step uses for the first time.

use yew::prelude::*;

use crate::app::glossary::new_terms;
use crate::lessons::text::{GLOSSARY, PANEL};

#[derive(Properties, PartialEq)]
pub struct GlossaryProps {
    /// Index of the open lesson.
    pub lesson: usize,
}

#[component]
pub fn Glossary(p: &GlossaryProps) -> Html {
    let new: Vec<&str> = new_terms(p.lesson).into_iter().map(|(t, _)| t).collect();
    let summary = if new.is_empty() {
        PANEL.glossary.to_string()
    } else {
        format!(
            "{} ({}: {})",
            PANEL.glossary,
            PANEL.new_terms,
            new.join(", ")
        )
    };
    html! {
        <details class="glossary" data-testid="glossary">
            <summary>{ summary }</summary>
            <dl>
                { for GLOSSARY.iter().map(|(term, definition)| html! {
                    <div class={classes!(new.contains(term).then_some("new"))}>
                        <dt>{ *term }</dt>
                        <dd>{ *definition }</dd>
                    </div>
                }) }
            </dl>
        </details>
    }
}
