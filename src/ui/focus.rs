//! The focus layout's large counters beside the stage: a few figures per stage, chosen for the
//! current view by [`crate::app::focus`], readable from the back of a room.

use yew::prelude::*;

use crate::app::focus::key_counters;
use crate::app::session::{Panels, Versioned};
use crate::view::ViewMode;

#[derive(Properties, PartialEq)]
pub struct KeyCountersProps {
    pub view: ViewMode,
    pub panels: Versioned<Panels>,
}

#[component]
pub fn KeyCounters(p: &KeyCountersProps) -> Html {
    let rows = key_counters(p.view);
    html! {
        <section class="key-counters" aria-label="Key counters" data-testid="key-counters">
            { for p.panels.figures.iter().enumerate().map(|(i, s)| html! {
                <div class="key-stage">
                    if p.panels.figures.len() > 1 { <p class="key-stage-name">{ s.name }</p> }
                    <dl>
                        { for rows.iter().map(|row| html! {
                            <div class="key-counter">
                                <dt>{ row.label }</dt>
                                <dd data-testid={format!("key-{}-{i}", row.key)}>{ (row.cells)(&s.summary, &s.theory).0 }</dd>
                            </div>
                        }) }
                    </dl>
                </div>
            }) }
        </section>
    }
}
