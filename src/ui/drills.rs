//! The failure drills panel: one button per drill, the results as the simulation's own counters,
//! an outage timeline of recent delivery attempts against the retry schedule, and the dead-letter
//! list with a replay button per message, one message followed through its retries, and a
//! receiver checklist linking each rule to the drill that shows it. Also the inspector's resend
//! form for one delivery. The drills' rules are [`crate::app::drills`]'s; this module draws them
//! and words their reports.

use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::hooks::use_render_count;
use super::stage::kind_label;
use crate::app::drills::{
    scheduled_offset, Drill, Need, Next, Notice, Retries, StageDrills, ATTEMPTS_KEPT,
    DEAD_LETTERS_KEPT, DRILL_COUNTERS, REPLAY_TOLERANCE_MS, SLOW_HANDLER_MS, SLOW_RECEIVER_MS,
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
        Notice::Unregistered { client } => format!("Client {client} asked the server to delete its subscription."),
        Notice::EndpointGone { client } => format!("Client {client}'s callback URL no longer exists: it answers 410 Gone."),
        Notice::DeadLetterReplayed { id } => format!("Replayed dead letter {id}."),
        Notice::DeadLettersReplayed { count } => format!("Replayed {count} dead letters."),
        Notice::NoDeliveryYet => "Too early: no webhook delivery has been sent yet. Play or step until one appears in the log, then press again.".into(),
        Notice::ResentYours { id } => format!("Resent {id} with your body."),
        Notice::Refused(e) => e.to_string(),
        Notice::NotApplicable => {
            "This drill does not apply to the stages shown (or nothing has been sent yet).".into()
        }
    }
}

/// The card of the drills panel a drill's button sits on.
fn card_of(d: &Drill) -> &'static str {
    match d {
        Drill::Tamper | Drill::ResendEdited { .. } => "tamper",
        Drill::ReplayRecent | Drill::ReplayOld | Drill::Replay { .. } => "replay",
        Drill::Outage(_) | Drill::ReplayDeadLetter { .. } | Drill::ReplayAllDeadLetters { .. } => {
            "outage"
        }
        Drill::AckLoss(_) => "ack-loss",
        Drill::SlowHandler(Some(SLOW_RECEIVER_MS)) => "slow-receiver",
        Drill::SlowHandler(_) => "slow-handler",
        Drill::Rotate | Drill::StaleSender => "rotate",
        Drill::MissingApiKey | Drill::RateLimit(_) => "api",
        Drill::Unregister | Drill::EndpointGone => "registration",
    }
}

/// What a receiver must do, each with the drill card that shows why.
const CHECKLIST: [(&str, &str, &str); 5] = [
    (
        "Verify the signature over the raw bytes of the body, before parsing it.",
        "tamper",
        "1. Tampered body",
    ),
    (
        "Check the timestamp, and refuse one outside the tolerance.",
        "replay",
        "2. Replay",
    ),
    (
        "Deduplicate by the webhook id: the same message can arrive twice.",
        "ack-loss",
        "4. Lost acknowledgements",
    ),
    (
        "Answer 2xx fast and process after: a slow answer counts as none and is retried.",
        "ack-loss",
        "4. Lost acknowledgements",
    ),
    (
        "Expect retries, hours apart, and a dead-letter list when they run out.",
        "outage",
        "3. Outage",
    ),
];

/// The next attempt after a row, in words.
fn next_text(n: Next) -> String {
    match n {
        Next::Delivered => "none: delivered".into(),
        Next::Retry {
            wait_ms,
            sent_ms: Some(at),
        } => format!("after {}, sent at {}", duration(wait_ms), clock(at)),
        Next::Retry {
            wait_ms,
            sent_ms: None,
        } => format!("after {}, still to come", duration(wait_ms)),
        Next::DeadLetter => "none: the schedule is used up, so it is a dead letter".into(),
    }
}

/// One message followed through its retry schedule: one row per attempt, each delivery with
/// the id the log and the inspector give it (its button opens it in the inspector).
fn retry_view(stage: usize, name: &str, r: &Retries, oncommand: &Callback<Command>) -> Html {
    let timeout = duration(r.timeout_ms);
    html! {
        <div class="drill-retries" data-testid={format!("retries-{stage}")}>
            <table>
                <caption>{ format!("{name}: every attempt of {}, against a schedule of {} attempts", r.webhook_id, r.max_attempts) }</caption>
                <thead><tr>
                    <th scope="col">{ "Attempt" }</th>
                    <th scope="col">{ "Delivery" }</th>
                    <th scope="col">{ "Sent" }</th>
                    <th scope="col">{ "Answer" }</th>
                    <th scope="col">{ "Next attempt" }</th>
                </tr></thead>
                <tbody>
                    if r.rows.is_empty() {
                        <tr><td colspan="5">{ "No attempt of it has finished yet (or the history no longer holds them)." }</td></tr>
                    }
                    { for r.rows.iter().map(|row| html! {
                        <tr data-testid="retry-row">
                            <td>{ row.attempt }</td>
                            <td>{ match row.message {
                                Some(message) => {
                                    let onclick = oncommand.reform(move |_: MouseEvent| Command::Select { stage, message });
                                    html! { <button type="button" class="log-pick" data-testid="retry-message" {onclick}>{ format!("{} #{}", kind_label(message.kind), message.id) }</button> }
                                }
                                None => html! { { "no longer in the log" } },
                            } }</td>
                            <td>{ clock(row.sent_ms) }</td>
                            <td>{ format!("{} at {}", outcome_text(row.outcome), clock(row.outcome_ms)) }</td>
                            <td>{ next_text(row.next) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <p class="drill-explain">{ format!(
                "Select a webhook delivery in the log to follow it here; otherwise this follows the latest message retried. \
                 \"No answer\" is the lost-acknowledgement case: the receiver may have processed the message, but the dispatcher \
                 never hears so. It waits its whole timeout ({timeout}) before it counts the attempt as failed and schedules the \
                 next one, which the receiver, if it processed the first, recognises by its id and suppresses. The model keeps the last {ATTEMPTS_KEPT} finished attempts of all \
                 messages, so the early attempts of a long schedule may be gone."
            ) }</p>
        </div>
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
    // The card whose drill was pressed last, where a "too early" report is repeated.
    let pressed_card = use_state(|| None::<&'static str>);
    let run = |d: Drill| {
        let pressed_card = pressed_card.clone();
        p.oncommand.reform(move |_: MouseEvent| {
            pressed_card.set(Some(card_of(&d)));
            Command::Drill(d.clone(), Origin::DrillsPanel)
        })
    };
    let too_early = p
        .report
        .iter()
        .any(|n| matches!(n, Notice::NoDeliveryYet | Notice::NothingOldEnough));
    let on_outage = {
        let outage = outage.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(v) = select.value().parse() {
                outage.set(v);
            }
        })
    };
    let webhooks_why = Need::Webhooks.unmet(&p.stages);
    let polling_why = Need::Polling.unmet(&p.stages);
    let (any_push, any_poll) = (webhooks_why.is_none(), polling_why.is_none());
    let ack_on = p.stages.iter().any(|s| s.ack_loss);
    let handling = |ms| p.stages.iter().any(|s| s.slow_handler == Some(ms));
    let (slow_on, receiver_on) = (handling(SLOW_HANDLER_MS), handling(SLOW_RECEIVER_MS));
    let limit_on = p.stages.iter().any(|s| s.rate_limited);
    let drill = |id: &'static str,
                 title: &'static str,
                 explain: &'static str,
                 why: &Option<String>,
                 body: Html| {
        let note = (too_early && *pressed_card == Some(id)).then(|| report_text(&p.report));
        html! {
            <li class={classes!("drill", why.is_some().then_some("unavailable"))} id={format!("drill-{id}")} data-testid={format!("drill-{id}")}>
                <h4>{ title }</h4>
                <p class="drill-explain">{ explain }</p>
                if let Some(why) = why { <p class="drill-why" data-testid={format!("drill-{id}-why")}>{ why }</p> }
                <div class="drill-actions">{ body }</div>
                if let Some(note) = note { <p class="drill-note" data-testid={format!("drill-{id}-note")}>{ note }</p> }
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
    let retries = p.stages.iter().enumerate().filter_map(|(i, s)| {
        s.retries
            .as_ref()
            .map(|r| retry_view(i, s.name, r, &p.oncommand))
    });
    let dead = p.stages.iter().enumerate().filter(|(_, s)| s.pushes).map(|(i, s)| {
        html! {
            <div class="dead-letters" data-testid={format!("dead-letters-{i}")}>
                <h4>{ format!("{}: dead letters", s.name) }</h4>
                <p data-testid={format!("dead-letters-count-{i}")}>{ format!(
                    "{} in all. The model keeps the most recent {DEAD_LETTERS_KEPT} not yet replayed or delivered since: {} listed here, {} counted but not kept.",
                    s.dead.len() as u64 + s.dead_unlisted, s.dead.len(), s.dead_unlisted
                ) }</p>
                if !s.dead.is_empty() {
                    <button type="button" class="drill-button" data-testid={format!("dead-letters-replay-all-{i}")}
                        onclick={run(Drill::ReplayAllDeadLetters { stage: i })}>
                        { format!("Replay all {} listed", s.dead.len()) }
                    </button>
                }
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
                    "The latest delivery is resent with its body changed on the way; the receiver recomputes the HMAC over the bytes it got and refuses with 401. Edit a body yourself in the inspector.", &webhooks_why,
                    button("tamper", "Resend with an edited body".into(), Drill::Tamper, any_push, None)) }
                { drill("replay", "2. Replay",
                    "A delivery is sent again byte for byte. Within 5 minutes of its timestamp the id is already known, so it is suppressed as a duplicate; later it is refused as too old.", &webhooks_why,
                    html! { <>
                        { button("replay-recent", "Replay the latest delivery".into(), Drill::ReplayRecent, any_push, None) }
                        { button("replay-old", "Replay one older than 5 minutes".into(), Drill::ReplayOld, any_push, None) }
                    </> }) }
                { drill("outage", "3. Outage",
                    "Receivers answer 503 for the chosen time. Retries follow the schedule (jitter off); after the last one the message goes to the dead-letter list.", &webhooks_why,
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
                    "Half of the receivers' 200s are lost, so the dispatcher retries messages that were processed: they arrive again and are suppressed by their id.", &webhooks_why,
                    button("ack-loss", if ack_on { "Stop losing answers".into() } else { "Lose half the answers".into() }, Drill::AckLoss(!ack_on), any_push, Some(ack_on))) }
                { drill("rotate", "5. Secret rotation",
                    "A new secret is added; for one minute deliveries carry two signatures (v1,new v1,old) and receivers accept either. A stale sender using only the old secret is accepted during the overlap and refused after it.", &webhooks_why,
                    html! { <>
                        { button("rotate", "Rotate the secret".into(), Drill::Rotate, any_push, None) }
                        { button("stale-sender", "Send with the old secret".into(), Drill::StaleSender, any_push, None) }
                    </> }) }
                { drill("api", "6. API key and rate limit",
                    "A poll without its API key gets 401. With a rate limit of 2 polls per 4 intervals, polling on schedule gets 429 with Retry-After, and the client skips its polls until then.", &polling_why,
                    html! { <>
                        { button("api-key", "Poll without the API key".into(), Drill::MissingApiKey, any_poll, None) }
                        { button("rate-limit", if limit_on { "Lift the rate limit".into() } else { "Turn on a rate limit".into() }, Drill::RateLimit(!limit_on), any_poll, Some(limit_on)) }
                    </> }) }
                { drill("slow-handler", "7. Slow handler",
                    "Receivers process each new delivery for 20 s and only then answer, longer than the dispatcher waits (15 s). Every first attempt times out and is retried; the retry arrives while the work is under way and is suppressed by its id. This is why receivers answer 2xx on receipt and process after.", &webhooks_why,
                    button("slow-handler", if slow_on { "Acknowledge on receipt".into() } else { "Process before answering".into() }, Drill::SlowHandler((!slow_on).then_some(SLOW_HANDLER_MS)), any_push, Some(slow_on))) }
                { drill("registration", "8. Unregistered or gone",
                    "Client 0 deletes its subscription: the server stores nothing for it and pushes nothing more. Or its URL stops existing: the next delivery gets 410 Gone, which ends the retries at once and disables the subscription. Watch the stored subscriptions in the registration panel.", &webhooks_why,
                    html! { <>
                        { button("unregister", "Unregister client 0".into(), Drill::Unregister, any_push, None) }
                        { button("endpoint-gone", "Client 0's endpoint gone (410)".into(), Drill::EndpointGone, any_push, None) }
                    </> }) }
                { drill("slow-receiver", "9. Slow receiver",
                    "Receivers take 10 s over each new delivery before answering: within the dispatcher's 15 s, so nothing is retried, but each delivery holds its endpoint for 10 s. Without a limit, deliveries pile up open at the receivers. Set a limit on deliveries open per endpoint in the settings first: the rest then wait at the dispatcher, its queue grows whenever events come faster than the limit lets out, and with a limit of 1, while nothing is retried, they arrive in the order the events happened.", &webhooks_why,
                    button("slow-receiver", if receiver_on { "Answer on receipt".into() } else { "Make receivers slow".into() }, Drill::SlowHandler((!receiver_on).then_some(SLOW_RECEIVER_MS)), any_push, Some(receiver_on))) }
            </ol>
            <p class="drill-status" role="status" aria-live="polite" data-testid="drill-status">{ report_text(&p.report) }</p>
            <div class="drill-grid">{ for results }</div>
            { for timelines }
            { for retries }
            { for dead }
            <section class="receiver-checklist" aria-labelledby="checklist-heading" data-testid="receiver-checklist">
                <h4 id="checklist-heading">{ "Your receiver: a checklist" }</h4>
                <ul>
                    { for CHECKLIST.iter().map(|(rule, card, title)| html! {
                        <li>{ rule }{ " Shown by " }<a href={format!("#drill-{card}")}>{ *title }</a>{ "." }</li>
                    }) }
                </ul>
            </section>
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
