//! The signature lab: verify and sign webhook requests by hand, with the work shown step by step,
//! take requests pasted as developers copy them, and show receiver code for the scheme and
//! secret. All computing is done by [`crate::app::lab`] and [`crate::signing`]; this module reads
//! the fields and shows results.

mod code;
mod work;

use wasm_bindgen::prelude::*;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::app::lab::{
    read_headers_paste, Example, Lab, LabAction, LabField as Field, Purpose, SchemeChoice, Verdict,
};
use code::ReceiverCode;
use work::WorkSteps;

#[wasm_bindgen]
extern "C" {
    /// Milliseconds since the Unix epoch, from the browser's clock.
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    fn date_now() -> f64;
}

/// The browser's clock in whole Unix seconds.
fn now_unix() -> i64 {
    (date_now() / 1000.0).floor() as i64
}

/// The status region's content.
fn verdict_view(verdict: &Verdict) -> Html {
    let scheme_note = |scheme, detected: bool| {
        if detected {
            format!("Scheme detected from the headers: {scheme}.")
        } else {
            format!("Scheme: {scheme}.")
        }
    };
    match verdict {
        Verdict::Valid {
            scheme,
            detected,
            clock,
        } => html! {
            <>
                <p class="lab-verdict-head"><strong>{ "Valid" }</strong>{ ": the signature matches the body and the secret." }</p>
                <p>{ scheme_note(scheme, *detected) }{ " " }{ clock.describe(*scheme) }</p>
            </>
        },
        Verdict::Invalid {
            scheme,
            detected,
            explanation,
            likely_cause,
        } => html! {
            <>
                <p class="lab-verdict-head"><strong>{ "Invalid" }</strong>{ ": " }{ explanation.clone() }</p>
                if let Some(cause) = likely_cause {
                    <p data-testid="lab-diagnosis"><strong>{ "Likely cause: " }</strong>{ cause.clone() }</p>
                }
                <p>{ scheme_note(scheme, *detected) }</p>
            </>
        },
        Verdict::Signed { scheme, timestamp } => html! {
            <p class="lab-verdict-head"><strong>{ "Signed" }</strong>{ format!(
                " with {scheme} at Unix time {timestamp}. The Headers field now holds the \
                 headers a sender would attach; press Verify to check them."
            ) }</p>
        },
        Verdict::Problem { purpose, text } => html! {
            <p class="lab-verdict-head">
                <strong>{ match purpose { Purpose::Verify => "Cannot verify", Purpose::Sign => "Cannot sign" } }</strong>
                { ": " }{ text.clone() }
            </p>
        },
        Verdict::Loaded(example) => html! {
            <p>{ format!("Loaded the {}. Press Verify to check it.", example.label()) }</p>
        },
        Verdict::Opened(id) => html! {
            <p>{ format!(
                "Opened the simulated delivery {id}: its headers, its exact body and the secret \
                 it was signed with, to be verified as of its own timestamp (simulated time, long \
                 past for a real clock). Press Verify to check it."
            ) }</p>
        },
    }
}

#[derive(Properties, PartialEq)]
pub struct SignatureLabProps {
    pub lab: Lab,
    pub dispatch: Callback<LabAction>,
}

/// Pasted text, from a paste event's clipboard data.
fn pasted_text(e: &Event) -> Option<String> {
    e.dyn_ref::<web_sys::ClipboardEvent>()?
        .clipboard_data()?
        .get_data("text")
        .ok()
}

#[component]
pub fn SignatureLab(p: &SignatureLabProps) -> Html {
    let lab = &p.lab;
    let form = &lab.form;
    let dispatch = &p.dispatch;

    let edit_input = |field: Field| {
        let lab = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            lab.emit(LabAction::Edit(field, input.value()));
        })
    };
    let edit_area = |field: Field| {
        let lab = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            lab.emit(LabAction::Edit(field, area.value()));
        })
    };
    let on_scheme = {
        let lab = dispatch.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(choice) = SchemeChoice::from_key(&select.value()) {
                lab.emit(LabAction::ChooseScheme(choice));
            }
        })
    };
    let on_example = {
        let lab = dispatch.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(example) = Example::from_key(&select.value()) {
                lab.emit(LabAction::ChooseExample(example));
            }
        })
    };
    let on_load = {
        let lab = dispatch.clone();
        Callback::from(move |_: MouseEvent| lab.emit(LabAction::LoadExample))
    };
    let on_ignore_clock = {
        let lab = dispatch.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            lab.emit(LabAction::IgnoreClock(input.checked()));
        })
    };
    let on_verify = {
        let lab = dispatch.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            lab.emit(LabAction::Verify(now_unix()));
        })
    };
    let on_sign = {
        let lab = dispatch.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            lab.emit(LabAction::Sign(now_unix()));
        })
    };

    // A raw request or a headers object replaces the field; plain lines go in as typed.
    let on_paste_headers = {
        let lab = dispatch.clone();
        Callback::from(move |e: Event| {
            let Some(text) = pasted_text(&e) else { return };
            let read = read_headers_paste(&text);
            if read.replace.is_some() {
                e.prevent_default();
            }
            lab.emit(LabAction::PasteHeaders(read));
        })
    };
    let secret_warning = lab.secret_warning();

    let state = lab.outcome.as_ref().map_or("empty", |o| o.verdict.state());
    let work = lab.outcome.as_ref().and_then(|o| o.work.clone());

    html! {
        <section class="lab" aria-labelledby="lab-heading">
            <h2 id="lab-heading">{ "Signature lab" }</h2>
            <p class="lab-intro">
                { "Check a webhook signature by hand, or make one, and see every step: the exact \
                   bytes signed, the key, the HMAC and how it is encoded into the header." }
            </p>
            <p class="lab-privacy" data-testid="lab-privacy">
                { "Nothing leaves this page: the secret, headers and body are checked by code \
                   running in your browser, and the lab makes no network requests." }
            </p>

            <div class="lab-examples">
                <label for="lab-example">{ "Example" }</label>
                <select id="lab-example" onchange={on_example}>
                    { for Example::ALL.into_iter().map(|ex| html! {
                        <option value={ex.key()} selected={ex == lab.example}>{ ex.label() }</option>
                    }) }
                </select>
                <button type="button" class="lab-button" onclick={on_load}>{ "Load example" }</button>
            </div>

            <div class="lab-columns">
                    <form class="lab-form lab-verify" aria-label="Verify a request" onsubmit={on_verify}>
                        <fieldset>
                            <legend>{ "Request" }</legend>
                            <div class="lab-field">
                                <label for="lab-scheme">{ "Scheme" }</label>
                                <select id="lab-scheme" onchange={on_scheme}>
                                    { for SchemeChoice::ALL.into_iter().map(|c| html! {
                                        <option value={c.key()} selected={c == form.scheme}>{ c.label() }</option>
                                    }) }
                                </select>
                            </div>
                            <div class="lab-field">
                                <label for="lab-secret">{ "Secret" }</label>
                                <input id="lab-secret" type="text" autocomplete="off" spellcheck="false"
                                    aria-describedby="lab-secret-hint"
                                    value={form.secret.clone()} oninput={edit_input(Field::Secret)} />
                                <p class="lab-hint" id="lab-secret-hint">
                                    { "Standard Webhooks: whsec_ then base64. GitHub and Stripe use the text as is." }
                                </p>
                                <p class="lab-warning" role="status" data-testid="lab-secret-warning">
                                    { secret_warning.unwrap_or_default() }
                                </p>
                            </div>
                            <div class="lab-field">
                                <label for="lab-headers">{ "Headers" }</label>
                                <textarea id="lab-headers" rows="4" spellcheck="false" autocomplete="off"
                                    aria-describedby="lab-headers-hint"
                                    value={form.headers.clone()} oninput={edit_area(Field::Headers)}
                                    onpaste={on_paste_headers} />
                                <p class="lab-hint" id="lab-headers-hint">
                                    { "One \u{201c}Name: value\u{201d} per line, as copied from a request log. \
                                       Also pasted whole: a raw HTTP request (it fills Body too), a headers \
                                       object as Node's req.headers or a Python dict prints it, and svix-* headers." }
                                </p>
                                <p class="lab-hint" role="status" data-testid="lab-paste-note">
                                    { lab.paste_note.clone().unwrap_or_default() }
                                </p>
                            </div>
                            <div class="lab-field">
                                <label for="lab-body">{ "Body" }</label>
                                <textarea id="lab-body" rows="6" spellcheck="false" autocomplete="off"
                                    aria-describedby="lab-body-hint"
                                    value={form.body.clone()} oninput={edit_area(Field::Body)} />
                                <p class="lab-hint" id="lab-body-hint">
                                    { "The raw body, used byte for byte: never trimmed or reformatted. \
                                       (Browsers store line breaks in a text box as \\n.)" }
                                </p>
                            </div>
                        </fieldset>
                        <fieldset>
                            <legend>{ "Verify" }</legend>
                            <div class="lab-check">
                                <input id="lab-ignore-clock" type="checkbox" checked={form.ignore_clock}
                                    onchange={on_ignore_clock} />
                                <label for="lab-ignore-clock">{ "Ignore the clock (use the request's timestamp)" }</label>
                            </div>
                            <div class="lab-field">
                                <label for="lab-as-of">{ "Verify as of Unix time" }</label>
                                <input id="lab-as-of" type="text" inputmode="numeric" autocomplete="off"
                                    disabled={!form.ignore_clock} placeholder="the request's timestamp"
                                    aria-describedby="lab-as-of-hint"
                                    value={form.as_of.clone()} oninput={edit_input(Field::AsOf)} />
                                <p class="lab-hint" id="lab-as-of-hint">
                                    { "Timestamps must be within 300 s of this time. Unticked, this computer's \
                                       clock is used; ticked and empty, the request's own timestamp is \
                                       (needed for published examples, signed years ago)." }
                                </p>
                            </div>
                            <button type="submit" class="lab-button lab-primary">{ "Verify" }</button>
                        </fieldset>
                    </form>

                <div class="lab-results">
                    <h3>{ "Result" }</h3>
                    <div class="lab-verdict" role="status" aria-live="polite" data-testid="lab-verdict"
                        data-state={state}>
                        { lab.outcome.as_ref().map(|o| verdict_view(&o.verdict)).unwrap_or_default() }
                    </div>
                    if let Some(work) = work {
                        <WorkSteps {work} />
                    }
                </div>

                    <form class="lab-form lab-sign" aria-label="Sign the body" onsubmit={on_sign}>
                        <fieldset>
                            <legend>{ "Sign" }</legend>
                            <p class="lab-hint">
                                { "Signs the Body with the Secret and the chosen (or detected) scheme, and \
                                   writes the resulting headers into the Headers field." }
                            </p>
                            <div class="lab-field">
                                <label for="lab-sign-id">{ "Message id" }</label>
                                <input id="lab-sign-id" type="text" autocomplete="off" spellcheck="false"
                                    placeholder="msg_lab + the timestamp" aria-describedby="lab-sign-id-hint"
                                    value={form.sign_id.clone()} oninput={edit_input(Field::SignId)} />
                                <p class="lab-hint" id="lab-sign-id-hint">
                                    { "Standard Webhooks signs it (webhook-id); GitHub sends it as X-GitHub-Delivery; \
                                       Stripe does not use it." }
                                </p>
                            </div>
                            <div class="lab-field">
                                <label for="lab-sign-at">{ "Sign at Unix time" }</label>
                                <input id="lab-sign-at" type="text" inputmode="numeric" autocomplete="off"
                                    placeholder="now" aria-describedby="lab-sign-at-hint"
                                    value={form.sign_at.clone()} oninput={edit_input(Field::SignAt)} />
                                <p class="lab-hint" id="lab-sign-at-hint">{ "Empty: the current time." }</p>
                            </div>
                            <button type="submit" class="lab-button lab-primary">{ "Sign" }</button>
                        </fieldset>
                    </form>
            </div>
            <ReceiverCode scheme={lab.receiver_scheme()} secret={form.secret.clone()} />
        </section>
    }
}
