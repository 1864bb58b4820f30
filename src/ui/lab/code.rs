//! "Receiver code": short verification snippets for the lab's scheme and secret, one language at a
//! time, with the command that installs their library and a Copy button.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::signing::snippets::{snippet, Language};
use crate::signing::Scheme;
use crate::ui::copy::CopyButton;

#[derive(Properties, PartialEq)]
pub struct ReceiverCodeProps {
    /// `None` while the form names no scheme and its headers show none.
    pub scheme: Option<Scheme>,
    pub secret: AttrValue,
}

#[component]
pub fn ReceiverCode(p: &ReceiverCodeProps) -> Html {
    let language = use_state(|| Language::Python);
    let on_language = {
        let language = language.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(l) = Language::ALL.get(select.selected_index().max(0) as usize) {
                language.set(*l);
            }
        })
    };
    let body = match p.scheme {
        None => html! {
            <p>{ "Choose a scheme, or fill in headers that name one, to see code that verifies it." }</p>
        },
        Some(scheme) => {
            let code = snippet(scheme, &p.secret, *language);
            html! { <>
                <p class="lab-hint">{ format!(
                    "{scheme} receiver in {}, with the secret above written in. It verifies the \
                     raw body, compares in constant time, checks the timestamp's tolerance, \
                     answers 2xx at once and processes afterwards. It listens on \
                     127.0.0.1:8000/webhooks.", *language
                ) }</p>
                if let Some(install) = code.install {
                    <p>{ "Install: " }<code data-testid="lab-code-install">{ install }</code></p>
                }
                <pre class="lab-code" tabindex="0" aria-label={format!("{} receiver code", *language)}><code id="lab-code" data-testid="lab-code">{ code.code.clone() }</code></pre>
                <CopyButton text={code.code} target="lab-code" label={format!("Copy the {} code", *language)} />
            </> }
        }
    };
    html! {
        <section class="lab-receiver" aria-labelledby="lab-code-heading" data-testid="lab-receiver-code">
            <h3 id="lab-code-heading">{ "Receiver code" }</h3>
            <div class="lab-field">
                <label for="lab-language">{ "Language" }</label>
                <select id="lab-language" onchange={on_language}>
                    { for Language::ALL.iter().map(|l| html! {
                        <option selected={*l == *language}>{ l.to_string() }</option>
                    }) }
                </select>
            </div>
            { body }
        </section>
    }
}
