//! The tutorial's comparison table, live: each feature with the API's and the webhook's answer,
//! and a column of numbers measured in the current run that show the row at work (the rows are
//! [`crate::app::figures::FEATURES`]).

use yew::prelude::*;

use crate::app::figures::FEATURES;
use crate::app::session::{Panels, Versioned};

#[derive(Properties, PartialEq)]
pub struct ComparisonTableProps {
    pub panels: Versioned<Panels>,
}

#[component]
pub fn ComparisonTable(p: &ComparisonTableProps) -> Html {
    html! {
        <div class="comparison-wrap">
            <table class="comparison" data-testid="comparison">
                <caption>{ "Webhook vs API, with numbers measured in this run" }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Feature" }</th>
                        <th scope="col">{ "API" }</th>
                        <th scope="col">{ "Webhook" }</th>
                        <th scope="col">{ "Measured in this run" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for FEATURES.iter().map(|f| html! {
                        <tr>
                            <th scope="row">{ f.name }</th>
                            <td>{ f.api }</td>
                            <td>{ f.webhook }</td>
                            <td data-testid={format!("comparison-{}", f.key)}>
                                { for p.panels.figures.iter().map(|s| html! {
                                    <span class="comparison-line">{ format!("{}: {}", s.name, (f.measured)(&s.summary)) }</span>
                                }) }
                            </td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
