//! The sequence diagram panel: a collapsible view of the run as lanes and arrows, following the
//! run live or held at an earlier window, whose arrows open their message in the inspector; the
//! same messages as an ordered list for screen readers, and downloads as SVG and PNG for slides.
//! The geometry is [`crate::export::sequence`]'s; this module draws it and does the downloads.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, BlobPropertyBag, Element, HtmlCanvasElement, HtmlElement, HtmlImageElement, Url,
};
use yew::prelude::*;

use crate::app::format::clock;
use crate::app::sequence::{Follow, SequenceView, SPAN_MS};
use crate::app::session::{Command, Versioned};
use crate::export::sequence::{to_svg, to_text, Diagram, End};

// Where the standalone export puts the lane names, the lanes' tops and the time axis; the page
// draws the same picture.
const LANE_NAME_Y: f64 = 60.0;
const LANE_TOP_Y: f64 = 72.0;
const AXIS_TEXT_X: f64 = 62.0;
const AXIS_LINE_X: f64 = 70.0;

/// The PNG is drawn at twice the diagram's size, sharp on a projector.
const PNG_SCALE: f64 = 2.0;

/// A Blob URL for `svg`, to be revoked by the caller.
fn svg_url(svg: &str) -> Result<String, JsValue> {
    let bag = BlobPropertyBag::new();
    bag.set_type("image/svg+xml");
    let blob = Blob::new_with_str_sequence_and_options(&js_sys::Array::of1(&svg.into()), &bag)?;
    Url::create_object_url_with_blob(&blob)
}

/// Saves `url` as `name` through a temporary link.
fn download(url: &str, name: &str) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let link: HtmlElement = document.create_element("a")?.unchecked_into();
    link.set_attribute("href", url)?;
    link.set_attribute("download", name)?;
    link.click();
    Ok(())
}

/// Saves `svg`. Its Blob URL must outlive the click, whose download starts later: it is kept in
/// `kept` and revoked by the next download or when the panel goes.
fn download_svg(svg: &str, kept: &mut Option<String>) -> Result<(), JsValue> {
    let url = svg_url(svg)?;
    if let Some(old) = kept.replace(url.clone()) {
        Url::revoke_object_url(&old)?;
    }
    download(&url, "sequence-diagram.svg")
}

/// Draws the SVG on a canvas and saves it as PNG. The SVG references nothing outside itself, so
/// the canvas stays readable; any browser refusal comes back as an error to show.
async fn download_png(svg: String, width: f64, height: f64) -> Result<(), JsValue> {
    let url = svg_url(&svg)?;
    let image = HtmlImageElement::new()?;
    image.set_src(&url);
    let decoded = JsFuture::from(image.decode()).await;
    Url::revoke_object_url(&url)?;
    decoded?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let canvas: HtmlCanvasElement = document.create_element("canvas")?.unchecked_into();
    canvas.set_width((width * PNG_SCALE) as u32);
    canvas.set_height((height * PNG_SCALE) as u32);
    let context = canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2d context"))?
        .unchecked_into::<web_sys::CanvasRenderingContext2d>();
    context.draw_image_with_html_image_element_and_dw_and_dh(
        &image,
        0.0,
        0.0,
        width * PNG_SCALE,
        height * PNG_SCALE,
    )?;
    download(&canvas.to_data_url()?, "sequence-diagram.png")
}

#[derive(Properties, PartialEq)]
pub struct SequenceProps {
    pub view: Versioned<SequenceView>,
    /// The selected message's stage and id.
    pub selected: Option<(usize, u64)>,
    /// Selects an arrow's message and moves the window.
    pub oncommand: Callback<Command>,
}

/// The "Sequence diagram" panel, collapsed until opened.
#[component]
pub fn SequencePanel(p: &SequenceProps) -> Html {
    let status = use_state(String::new);
    let kept_url = use_mut_ref(|| None::<String>);
    {
        let kept_url = kept_url.clone();
        use_effect_with((), move |_| {
            move || {
                if let Some(url) = kept_url.borrow_mut().take() {
                    let _ = Url::revoke_object_url(&url);
                }
            }
        });
    }
    let view = &*p.view;
    let ontoggle = p.oncommand.reform(|e: Event| {
        let open = e.target_unchecked_into::<Element>().has_attribute("open");
        Command::Sequence(if open { Follow::Live } else { Follow::Hidden })
    });
    let body = view.diagram.as_ref().map(|d| {
        let (now, earliest) = (view.now_ms, view.earliest_ms);
        let follow = view.follow;
        let scroll = |earlier: bool| {
            p.oncommand
                .reform(move |_: MouseEvent| Command::Sequence(follow.scrolled(earlier, now, earliest)))
        };
        let on_follow = p.oncommand.reform(move |e: Event| {
            let live = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
            Command::Sequence(if live { Follow::Live } else { Follow::At(now) })
        });
        // The SVG text is only written when asked for.
        let on_svg = {
            let (view, status) = (p.view.clone(), status.clone());
            Callback::from(move |_: MouseEvent| {
                let Some(d) = &view.diagram else { return };
                status.set(match download_svg(&to_svg(d), &mut kept_url.borrow_mut()) {
                    Ok(()) => String::new(),
                    Err(_) => "This browser refused the download.".into(),
                })
            })
        };
        let on_png = {
            let (view, status) = (p.view.clone(), status.clone());
            Callback::from(move |_: MouseEvent| {
                let Some(d) = &view.diagram else { return };
                let (svg, w, h, status) = (to_svg(d), d.width, d.height, status.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    status.set(match download_png(svg, w, h).await {
                        Ok(()) => String::new(),
                        Err(_) => "This browser could not draw the PNG; download the SVG instead.".into(),
                    })
                });
            })
        };
        let sentences = to_text(d);
        let w = d.window;
        html! {
            <>
                <div class="sequence-tools">
                    <label class="sequence-follow">
                        <input type="checkbox" data-testid="sequence-follow"
                            checked={follow == Follow::Live} onchange={on_follow} />
                        { "Follow live" }
                    </label>
                    <button type="button" data-testid="sequence-earlier" onclick={scroll(true)}
                        disabled={w.from_ms <= earliest}>{ "◀ Earlier" }</button>
                    <button type="button" data-testid="sequence-later" onclick={scroll(false)}
                        disabled={follow == Follow::Live}>{ "Later ▶" }</button>
                    <span data-testid="sequence-window">{ format!("{} to {}", clock(w.from_ms), clock(w.to_ms)) }</span>
                    <button type="button" data-testid="sequence-svg" onclick={on_svg}>{ "Download SVG" }</button>
                    <button type="button" data-testid="sequence-png" onclick={on_png}>{ "Download PNG" }</button>
                </div>
                <p class="sequence-status" role="status" aria-live="polite">{ (*status).clone() }</p>
                if d.arrows.is_empty() {
                    <p>{ "No message was sent in this window." }</p>
                }
                <div class="sequence-scroll">
                    { drawing(d, &view.picks, &sentences, p.selected, &p.oncommand) }
                </div>
                <details class="sequence-text">
                    <summary>{ "The messages as a list" }</summary>
                    <ol data-testid="sequence-list">
                        { for sentences.iter().map(|s| html! { <li>{ s }</li> }) }
                    </ol>
                </details>
            </>
        }
    });
    html! {
        <details class="sequence" data-testid="sequence" open={view.follow != Follow::Hidden} {ontoggle}>
            <summary>{ "Sequence diagram" }</summary>
            <p class="sequence-explain">{ format!(
                "Each party is a lane and time runs down; each message is an arrow from its sender to its receiver, \
                 labelled with its method and path or its status. The window spans {} s of simulated time; \
                 the stages keep their most recent messages only. Select an arrow to open its message in the inspector.",
                SPAN_MS / 1000
            ) }</p>
            { for body }
        </details>
    }
}

/// The diagram as inline SVG, each arrow a button selecting its message.
fn drawing(
    d: &Diagram,
    picks: &[(usize, crate::sim::Message)],
    sentences: &[String],
    selected: Option<(usize, u64)>,
    oncommand: &Callback<Command>,
) -> Html {
    let arrows = d.arrows.iter().zip(picks).zip(sentences).map(|((a, &(stage, message)), sentence)| {
        let select = oncommand.reform(move |_: ()| Command::Select { stage, message });
        let onclick = select.reform(|_: MouseEvent| ());
        let onkeydown = {
            let select = select.clone();
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" || e.key() == " " {
                    e.prevent_default();
                    select.emit(());
                }
            })
        };
        let pressed = selected == Some((stage, a.id));
        let head = match (a.end, a.request) {
            (End::Arrived, true) => Some("url(#seq-head-request)"),
            (End::Arrived, false) => Some("url(#seq-head-response)"),
            _ => None,
        };
        let (x, anchor) = if a.x2 >= a.x1 { (a.x1 + 8.0, "start") } else { (a.x1 - 8.0, "end") };
        let cross = (a.end == End::Lost).then(|| {
            let (x, y, r) = (a.x2, a.y2, 6.0);
            html! { <path class="seq-lost" d={format!("M{},{} L{},{} M{},{} L{},{}", x - r, y - r, x + r, y + r, x - r, y + r, x + r, y - r)} /> }
        });
        html! {
            <g class={classes!("seq-arrow", if a.request { "request" } else { "response" },
                    (a.end == End::InFlight).then_some("in-flight"), pressed.then_some("selected"))}
                role="button" tabindex="0" aria-label={sentence.clone()} aria-pressed={pressed.to_string()}
                data-message-id={a.id.to_string()} data-testid="sequence-arrow" {onclick} {onkeydown}>
                // A wide transparent stroke makes the thin arrow easy to hit.
                <line class="seq-hit" x1={a.x1.to_string()} y1={a.y1.to_string()} x2={a.x2.to_string()} y2={a.y2.to_string()} />
                <line class="seq-line" x1={a.x1.to_string()} y1={a.y1.to_string()} x2={a.x2.to_string()} y2={a.y2.to_string()}
                    marker-end={head} />
                { for cross }
                <text x={x.to_string()} y={(a.y1 - 5.0).to_string()} text-anchor={anchor}>{ &a.label }</text>
            </g>
        }
    });
    let stage_names = d.stages.iter().enumerate().map(|(i, name)| {
        let xs = d.lanes.iter().filter(|l| l.stage == i).map(|l| l.x);
        let (lo, hi) = xs.fold((f64::MAX, f64::MIN), |(lo, hi), x| (lo.min(x), hi.max(x)));
        html! { <text class="seq-stage" x={((lo + hi) / 2.0).to_string()} y="26" text-anchor="middle">{ name }</text> }
    });
    html! {
        <svg class="sequence-svg" viewBox={format!("0 0 {} {}", d.width, d.height)}
            style={format!("max-width: {}px", d.width)} role="group" aria-label="Sequence diagram">
            <defs>
                <marker id="seq-head-request" class="request" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto">
                    <path d="M0,0 L10,5 L0,10 z" />
                </marker>
                <marker id="seq-head-response" class="response" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto">
                    <path d="M0,0 L10,5 L0,10 z" />
                </marker>
            </defs>
            { for d.ticks.iter().map(|t| html! {
                <g class="seq-tick">
                    <line x1={AXIS_LINE_X.to_string()} y1={t.y.to_string()} x2={(d.width - 45.0).to_string()} y2={t.y.to_string()} />
                    <text x={AXIS_TEXT_X.to_string()} y={(t.y + 5.0).to_string()} text-anchor="end">{ clock(t.ms) }</text>
                </g>
            }) }
            { for stage_names }
            { for d.lanes.iter().map(|l| html! {
                <g class="seq-lane">
                    <text x={l.x.to_string()} y={LANE_NAME_Y.to_string()} text-anchor="middle">{ l.party.name() }</text>
                    <line x1={l.x.to_string()} y1={LANE_TOP_Y.to_string()} x2={l.x.to_string()} y2={(d.height - 8.0).to_string()} />
                </g>
            }) }
            { for arrows }
        </svg>
    }
}
