//! The signature lab: verify and sign webhook requests by hand, with the work shown step by step.

use yew::prelude::*;

#[component]
pub fn SignatureLab() -> Html {
    html! {
        <section aria-labelledby="lab-heading">
            <h2 id="lab-heading">{ "Signature lab" }</h2>
        </section>
    }
}
