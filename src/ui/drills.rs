//! The failure drills panel: one button per drill, the results as the simulation's own counters,
//! an outage timeline of recent delivery attempts against the retry schedule, and the dead-letter
//! list with a replay button per message. Also the inspector's resend form for one delivery. The
//! drills' rules are [`crate::app::drills`]'s; this module draws them and words their reports.

use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::hooks::use_render_count;
use crate::app::drills::{
    scheduled_offset, Drill, Notice, StageDrills, DRILL_COUNTERS, REPLAY_TOLERANCE_MS,
};
use crate::app::format::{clock, duration, DASH};
use crate::app::session::{Command, Origin, Selection, Versioned};
use crate::sim::message::webhook_id;
use crate::sim::{AttemptOutcome, Status};

/// Outage lengths offered, the last one longer than the whole Svix schedule.
const OUTAGES: [(u64, &str); 4] = [
    (60_000, "1 minute"),
    (600_000, "10 minutes"),
    (3_600_000, "1 hour"),
    (2 * 86_400_000, "2 days (longer than the retry schedule)"),
];

fn outcome_text(o: AttemptOutcome) -> String {
    match o {
        AttemptOutcome::Acked(s) => format!("{s} acknowledged"),
        AttemptOutcome::Refused(Status::ServiceUnavailable) => "503 receiver down".into(),
        AttemptOutcome::Refused(Status::Unauthorized) => "401 refused".into(),
        AttemptOutcome::Refused(s) => format!("{s} refused"),
        AttemptOutcome::NoAnswer => "no answer (timed out)".into(),
    }
}

/// A drill's report in words.
fn notice_text(n: &Notice) -> String {
    let tolerance_min = REPLAY_TOLERANCE_MS / 60_000;
    match n {
        Notice::Tampered { id } => format!("Resent {id} with an edited body."),
        Notice::Replayed { id } => format!("Replayed {id} as it was sent."),
        Notice::ReplayedOld { id, sent_ms } => format!(
            "Replayed {id} sent at {}, more than {tolerance_min} minutes ago.",
            clock(*sent_ms)
        ),
        Notice::NothingOldEnough => format!("No logged delivery is older than {tolerance_min} minutes: select a delivery in the log, fast-forward, then use Replay this delivery in the inspector."),
        Notice::Outage { from_ms, until_ms } => format!(
            "Receivers down from {} to {}; retries follow the schedule exactly.",
            clock(*from_ms),
            clock(*until_ms)
        ),
        Notice::AckLoss(true) => "Half of the receivers' answers are now lost.".into(),
        Notice::AckLoss(false) => "Answers are no longer lost.".into(),
        Notice::SlowHandler(Some(ms)) => format!(
            "Receivers now process each new delivery for {} s before answering.",
            ms / 1000
        ),
        Notice::SlowHandler(None) => "Receivers acknowledge on receipt again.".into(),
        Notice::Rotated { at_ms, until_ms } => format!(
            "Secret rotated at {}: both secrets are valid until {}.",
            clock(*at_ms),
            clock(*until_ms)
        ),
        Notice::StaleSender { id } => format!("Sent {id} signed with the old secret only."),
        Notice::KeylessPoll { client } => format!("Client {client} sent a poll without its API key."),
        Notice::RateLimit(Some(l)) => format!(
            "Rate limit on: {} polls per {} s per client.",
            l.max_requests,
            l.window_ms / 1000
        ),
        Notice::RateLimit(None) => "Rate limit lifted.".into(),
        Notice::DeadLetterReplayed { id } => format!("Replayed dead letter {id}."),
        Notice::ResentYours { id } => format!("Resent {id} with your body."),
        Notice::Refused(e) => e.to_string(),
        Notice::NotApplicable => {
            "This drill does not apply to the stages shown (or nothing has been sent yet).".into()
        }
    }
}

/// A drill's whole report in words.
fn report_text(notices: &[Notice]) -> String {
    notices
        .iter()
        .map(notice_text)
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Properties, PartialEq)]
pub struct DrillsPanelProps {
    pub stages: Versioned<Vec<StageDrills>>,
    pub report: Versioned<Vec<Notice>>,
    /// Runs a drill on the simulations.
    pub oncommand: Callback<Command>,
}

/// The "Failure drills" panel.
#[component]
pub fn DrillsPanel(p: &DrillsPanelProps) -> Html {
    let renders = use_render_count();
    let outage = use_state(|| OUTAGES[1].0);
    let run = |d: Drill| {
        p.oncommand
            .reform(move |_: MouseEvent| Command::Drill(d.clone(), Origin::DrillsPanel))
    };
    let on_outage = {
        let outage = outage.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(v) = select.value().parse() {
                outage.set(v);
            }
        })
    };
    let any_push = p.stages.iter().any(|s| s.pushes);
    let any_poll = p.stages.iter().any(|s| s.polls);
    let ack_on = p.stages.iter().any(|s| s.ack_loss);
    let slow_on = p.stages.iter().any(|s| s.slow_handler);
    let limit_on = p.stages.iter().any(|s| s.rate_limited);
    let drill = |id: &'static str, title: &'static str, explain: &'static str, body: Html| {
        html! {
            <li class="drill" data-testid={format!("drill-{id}")}>
                <h4>{ title }</h4>
                <p class="drill-explain">{ explain }</p>
                <div class="drill-actions">{ body }</div>
            </li>
        }
    };
    let button = |id: &'static str,
                  label: String,
                  d: Drill,
                  enabled: bool,
                  pressed: Option<bool>| {
        html! {
            <button type="button" class="drill-button" data-testid={format!("drill-{id}-run")}
                disabled={!enabled} aria-pressed={pressed.map(|b| b.to_string())} onclick={run(d)}>
                { label }
            </button>
        }
    };
    let results = p.stages.iter().enumerate().map(|(i, s)| {
        let rotation = s.rotation.map(|r| {
            if r.overlapping {
                format!("Both secrets valid until {} (rotated at {}).", clock(r.until_ms), clock(r.from_ms))
            } else {
                format!("Old secret no longer valid since {}.", clock(r.until_ms))
            }
        });
        html! {
            <div class="drill-results" data-testid={format!("drill-results-{i}")}>
                <h4>{ format!("{}: results", s.name) }</h4>
                <dl>
                    { for DRILL_COUNTERS.iter().zip(s.counts).map(|(c, value)| html! {
                        <div><dt>{ c.label }</dt><dd data-testid={format!("drill-result-{}-{i}", c.key)}>{ value }</dd></div>
                    }) }
                </dl>
                if let Some(r) = rotation { <p data-testid={format!("drill-rotation-{i}")}>{ r }</p> }
            </div>
        }
    });
    let timelines = p.stages.iter().enumerate().filter(|(_, s)| s.pushes).map(|(i, s)| {
        html! {
            <div class="drill-timeline" data-testid={format!("timeline-{i}")}>
                <table>
                    <caption>{ format!("{}: recent delivery attempts against the retry schedule", s.name) }</caption>
                    <thead><tr>
                        <th scope="col">{ "Message" }</th>
                        <th scope="col">{ "Attempt" }</th>
                        <th scope="col">{ "Sent, after the event" }</th>
                        <th scope="col">{ "Schedule says" }</th>
                        <th scope="col">{ "Outcome" }</th>
                    </tr></thead>
                    <tbody>
                        if s.history.is_empty() {
                            <tr><td colspan="5">{ "No attempt has finished yet." }</td></tr>
                        }
                        { for s.history.iter().map(|r| html! {
                            <tr class={classes!(matches!(r.outcome, AttemptOutcome::Acked(_)).then_some("ok"))}>
                                <td>{ webhook_id(r.client, r.event) }</td>
                                <td>{ r.attempt }</td>
                                <td>{ format!("+{}", duration(r.sent_ms.saturating_sub(r.event_ms))) }</td>
                                <td>{ scheduled_offset(&s.schedule, r.attempt).map_or(DASH.into(), |o| format!("+{}", duration(o))) }</td>
                                <td>{ outcome_text(r.outcome) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        }
    });
    let dead = p.stages.iter().enumerate().filter(|(_, s)| s.pushes).map(|(i, s)| {
        html! {
            <div class="dead-letters" data-testid={format!("dead-letters-{i}")}>
                <h4>{ format!("{}: dead letters", s.name) }</h4>
                if s.dead.is_empty() {
                    <p>{ "None: every message was delivered or is still being retried." }</p>
                } else {
                    <ul>
                        { for s.dead.iter().map(|d| {
                            let id = webhook_id(d.client, d.event);
                            html! {
                                <li>
                                    { format!("{id}: gave up after {} attempts at {} ", d.attempts, clock(d.at_ms)) }
                                    <button type="button" class="drill-button" aria-label={format!("Replay {id}")}
                                        data-testid="dead-letter-replay"
                                        onclick={run(Drill::ReplayDeadLetter { stage: i, client: d.client, event: d.event })}>
                                        { "Replay" }
                                    </button>
                                </li>
                            }
                        }) }
                    </ul>
                }
            </div>
        }
    });
    html! {
        <section class="drills" aria-labelledby="drills-heading" data-testid="drills" data-renders={renders.map(|n| n.to_string())}>
            <h3 id="drills-heading">{ "Failure drills" }</h3>
            <p>{ "Each button breaks something on the running simulation; the results below are its own counters." }</p>
            <ol class="drill-list">
                { drill("tamper", "1. Tampered body",
                    "The latest delivery is resent with its body changed on the way; the receiver recomputes the HMAC over the bytes it got and refuses with 401. Edit a body yourself in the inspector.",
                    button("tamper", "Resend with an edited body".into(), Drill::Tamper, any_push, None)) }
                { drill("replay", "2. Replay",
                    "A delivery is sent again byte for byte. Within 5 minutes of its timestamp the id is already known, so it is suppressed as a duplicate; later it is refused as too old.",
                    html! { <>
                        { button("replay-recent", "Replay the latest delivery".into(), Drill::ReplayRecent, any_push, None) }
                        { button("replay-old", "Replay one older than 5 minutes".into(), Drill::ReplayOld, any_push, None) }
                    </> }) }
                { drill("outage", "3. Outage",
                    "Receivers answer 503 for the chosen time. Retries follow the schedule (jitter off); after the last one the message goes to the dead-letter list.",
                    html! { <>
                        <label for="drill-outage-length">{ "Down for" }</label>
                        <select id="drill-outage-length" data-testid="drill-outage-length" onchange={on_outage}>
                            { for OUTAGES.iter().map(|(ms, label)| html! {
                                <option value={ms.to_string()} selected={*ms == *outage}>{ *label }</option>
                            }) }
                        </select>
                        { button("outage", "Take receivers down".into(), Drill::Outage(*outage), any_push, None) }
                    </> }) }
                { drill("ack-loss", "4. Lost acknowledgements",
                    "Half of the receivers' 200s are lost, so the dispatcher retries messages that were processed: they arrive again and are suppressed by their id.",
                    button("ack-loss", if ack_on { "Stop losing answers".into() } else { "Lose half the answers".into() }, Drill::AckLoss(!ack_on), any_push, Some(ack_on))) }
                { drill("rotate", "5. Secret rotation",
                    "A new secret is added; for one minute deliveries carry two signatures (v1,new v1,old) and receivers accept either. A stale sender using only the old secret is accepted during the overlap and refused after it.",
                    html! { <>
                        { button("rotate", "Rotate the secret".into(), Drill::Rotate, any_push, None) }
                        { button("stale-sender", "Send with the old secret".into(), Drill::StaleSender, any_push, None) }
                    </> }) }
                { drill("api", "6. API key and rate limit",
                    "A poll without its API key gets 401. With a rate limit of 2 polls per 4 intervals, polling on schedule gets 429 with Retry-After, and the client skips its polls until then.",
                    html! { <>
                        { button("api-key", "Poll without the API key".into(), Drill::MissingApiKey, any_poll, None) }
                        { button("rate-limit", if limit_on { "Lift the rate limit".into() } else { "Turn on a rate limit".into() }, Drill::RateLimit(!limit_on), any_poll, Some(limit_on)) }
                    </> }) }
                { drill("slow-handler", "7. Slow handler",
                    "Receivers process each new delivery for 20 s and only then answer, longer than the dispatcher waits (15 s). Every first attempt times out and is retried; the retry arrives while the work is under way and is suppressed by its id. This is why receivers answer 2xx on receipt and process after.",
                    button("slow-handler", if slow_on { "Acknowledge on receipt".into() } else { "Process before answering".into() }, Drill::SlowHandler(!slow_on), any_push, Some(slow_on))) }
            </ol>
            <p class="drill-status" role="status" aria-live="polite" data-testid="drill-status">{ report_text(&p.report) }</p>
            <div class="drill-grid">{ for results }</div>
            { for timelines }
            { for dead }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ResendProps {
    pub stage: usize,
    pub message: crate::sim::Message,
    /// The body as it was sent.
    pub body: String,
    pub report: Versioned<Vec<Notice>>,
    pub oncommand: Callback<Command>,
}

/// The inspector's form for a webhook delivery: edit the body and resend it, or replay it as is.
#[component]
pub fn ResendForm(p: &ResendProps) -> Html {
    let body = use_state(|| p.body.clone());
    let oninput = {
        let body = body.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            body.set(area.value());
        })
    };
    let act = |edited: bool| {
        let body = body.clone();
        let (stage, message) = (p.stage, p.message);
        p.oncommand.reform(move |_: MouseEvent| {
            let d = if edited {
                Drill::ResendEdited {
                    stage,
                    message,
                    body: (*body).clone(),
                }
            } else {
                Drill::Replay { stage, message }
            };
            Command::Drill(d, Origin::Inspector)
        })
    };
    html! {
        <div class="resend" data-testid="resend">
            <label for="resend-body">{ "Body to resend (edit it, then resend)" }</label>
            <textarea id="resend-body" rows="4" spellcheck="false" data-testid="resend-body"
                value={(*body).clone()} {oninput} />
            <div class="drill-actions">
                <button type="button" class="drill-button" data-testid="resend-edited" onclick={act(true)}>{ "Resend edited" }</button>
                <button type="button" class="drill-button" data-testid="replay-delivery" onclick={act(false)}>{ "Replay this delivery" }</button>
            </div>
            <p role="status" aria-live="polite" data-testid="resend-status">{ report_text(&p.report) }</p>
        </div>
    }
}

/// The resend form for the selected message, when it is a genuine webhook delivery.
pub fn resend_form(
    selection: Option<&Selection>,
    report: &Versioned<Vec<Notice>>,
    oncommand: &Callback<Command>,
) -> Html {
    match selection {
        Some(s) if s.resendable => html! {
            <ResendForm key={format!("{}-{}", s.stage, s.message.id)} stage={s.stage} message={s.message}
                body={s.text.body.clone()} report={report.clone()} oncommand={oncommand.clone()} />
        },
        _ => html! {},
    }
}
