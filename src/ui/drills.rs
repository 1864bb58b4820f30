//! The failure drills: one button per drill, each setting up and triggering it on the running
//! simulation(s) through the [`Driver`]; the results shown are the simulation's own counters, an
//! outage timeline of recent delivery attempts against the retry schedule, and the dead-letter
//! list with a replay button per message. Also the inspector's resend form for one delivery.

use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::panels::clock;
use crate::driver::Driver;
use crate::sim::message::webhook_id;
use crate::sim::{
    AttemptOutcome, AttemptRecord, DeadLetter, Message, Mode, Payload, RateLimit, Simulation,
    Status, Summary, Tamper,
};

/// Overlap of the rotation drill: both secrets verify for this long.
const ROTATION_OVERLAP_MS: u64 = 60_000;
/// Outage lengths offered, the last one longer than the whole Svix schedule.
const OUTAGES: [(u64, &str); 4] = [
    (60_000, "1 minute"),
    (600_000, "10 minutes"),
    (3_600_000, "1 hour"),
    (2 * 86_400_000, "2 days (longer than the retry schedule)"),
];
/// Attempts shown on the timeline.
const TIMELINE_ROWS: usize = 12;
/// Replay tolerance of Standard Webhooks receivers.
const TOLERANCE_MS: u64 = 300_000;

/// One drill, as a button asks for it.
#[derive(Clone, Debug, PartialEq)]
pub enum Drill {
    Tamper,
    ReplayRecent,
    ReplayOld,
    Outage(u64),
    AckLoss(bool),
    Rotate,
    StaleSender,
    MissingApiKey,
    RateLimit(bool),
    ReplayDeadLetter {
        stage: usize,
        client: u32,
        event: u32,
    },
    ResendEdited {
        stage: usize,
        message: Message,
        body: String,
    },
    Replay {
        stage: usize,
        message: Message,
    },
}

fn is_delivery(m: &Message) -> bool {
    matches!(
        m.payload,
        Payload::Delivery {
            tamper: Tamper::None,
            ..
        }
    )
}

fn polls(s: &Simulation) -> bool {
    s.behaviour().polls()
}

/// The drill's rate limit: 2 polls per window of four poll intervals (20 s for long polls), so a
/// client polling on schedule is always over it.
fn drill_rate_limit(s: &Simulation) -> RateLimit {
    let c = s.config();
    let interval = match c.mode {
        Mode::Hybrid => c.reconcile_interval_ms,
        Mode::LongPolling => 5_000,
        _ => c.poll_interval_ms,
    };
    RateLimit {
        max_requests: 2,
        window_ms: interval.saturating_mul(4),
    }
}

impl Drill {
    /// Runs the drill on every stage it applies to; says what was done.
    pub fn apply(self, d: &mut Driver) -> String {
        let now = d.now_ms();
        let mut done = Vec::new();
        for (i, s) in d.stages_mut().iter_mut().enumerate() {
            let pushes = s.config().mode.pushes();
            let latest = s.messages().rev().find(|m| is_delivery(m)).copied();
            let text = match &self {
                Drill::Tamper if pushes => latest.and_then(|m| {
                    let body = s.render(&m).body;
                    let edited = body.replacen("\"data\":{", "\"data\":{\"edited\":true,", 1);
                    s.resend_edited(&m, edited)
                        .ok()
                        .and_then(|_| m.webhook_id())
                        .map(|id| format!("Resent {id} with an edited body."))
                }),
                Drill::ReplayRecent if pushes => latest.and_then(|m| {
                    s.replay_delivery(&m)
                        .ok()
                        .and_then(|_| m.webhook_id())
                        .map(|id| format!("Replayed {id} as it was sent."))
                }),
                Drill::ReplayOld if pushes => {
                    let old = s
                        .messages()
                        .find(|m| is_delivery(m) && m.sent_ms + TOLERANCE_MS + 1_000 < now)
                        .copied();
                    match old {
                        Some(m) => s.replay_delivery(&m).ok().and_then(|_| m.webhook_id()).map(|id| {
                            format!(
                                "Replayed {id} sent at {}, more than 5 minutes ago.",
                                clock(m.sent_ms)
                            )
                        }),
                        None => Some("No logged delivery is older than 5 minutes: select a delivery in the log, fast-forward, then use Replay this delivery in the inspector.".into()),
                    }
                }
                Drill::Outage(len) if pushes => {
                    s.set_retry_jitter(0.0);
                    s.set_outage(now, *len);
                    Some(format!(
                        "Receivers down from {} to {}; retries follow the schedule exactly.",
                        clock(now),
                        clock(now + len)
                    ))
                }
                Drill::AckLoss(on) if pushes => {
                    s.set_ack_loss(if *on { 0.5 } else { 0.0 });
                    Some(if *on {
                        "Half of the receivers' answers are now lost.".into()
                    } else {
                        "Answers are no longer lost.".into()
                    })
                }
                Drill::Rotate if pushes => {
                    s.rotate_secret(ROTATION_OVERLAP_MS);
                    Some(format!(
                        "Secret rotated at {}: both secrets are valid until {}.",
                        clock(now),
                        clock(now + ROTATION_OVERLAP_MS)
                    ))
                }
                Drill::StaleSender if pushes => latest.and_then(|m| {
                    s.inject_delivery(m.client, m.event()?, Tamper::OldSecret)
                        .ok()
                        .and_then(|_| m.webhook_id())
                        .map(|id| format!("Sent {id} signed with the old secret only."))
                }),
                Drill::MissingApiKey if polls(s) => s
                    .send_unauthenticated_poll(0)
                    .ok()
                    .map(|_| "Client 0 sent a poll without its API key.".into()),
                Drill::RateLimit(on) if polls(s) => {
                    let rl = drill_rate_limit(s);
                    s.set_rate_limit(on.then_some(rl));
                    Some(if *on {
                        format!(
                            "Rate limit on: {} polls per {} s per client.",
                            rl.max_requests,
                            rl.window_ms / 1000
                        )
                    } else {
                        "Rate limit lifted.".into()
                    })
                }
                Drill::ReplayDeadLetter {
                    stage,
                    client,
                    event,
                } if *stage == i => s
                    .replay_dead_letter(*client, *event)
                    .ok()
                    .map(|_| format!("Replayed dead letter {}.", webhook_id(*client, *event))),
                Drill::ResendEdited {
                    stage,
                    message,
                    body,
                } if *stage == i => Some(match s.resend_edited(message, body.clone()) {
                    Ok(_) => format!(
                        "Resent {} with your body.",
                        message.webhook_id().unwrap_or_default()
                    ),
                    Err(e) => e.to_string(),
                }),
                Drill::Replay { stage, message } if *stage == i => {
                    Some(match s.replay_delivery(message) {
                        Ok(_) => format!(
                            "Replayed {} as it was sent.",
                            message.webhook_id().unwrap_or_default()
                        ),
                        Err(e) => e.to_string(),
                    })
                }
                _ => None,
            };
            done.extend(text);
        }
        if done.is_empty() {
            "This drill does not apply to the stages shown (or nothing has been sent yet).".into()
        } else {
            done.join(" ")
        }
    }
}

/// What the drills panel shows of one stage.
#[derive(Clone, PartialEq)]
pub struct StageDrills {
    pub name: &'static str,
    pub pushes: bool,
    pub polls: bool,
    pub summary: Summary,
    pub schedule: Vec<u64>,
    pub history: Vec<AttemptRecord>,
    pub dead: Vec<DeadLetter>,
    pub ack_loss: bool,
    pub rate_limited: bool,
    pub rotation: Option<(u64, u64)>,
    pub now_ms: u64,
}

impl StageDrills {
    pub fn of(d: &Driver, names: &[&'static str]) -> Vec<StageDrills> {
        d.stages()
            .iter()
            .zip(names)
            .map(|(s, name)| StageDrills {
                name,
                pushes: s.config().mode.pushes(),
                polls: polls(s),
                summary: s.metrics().summary(),
                schedule: s.config().retry_schedule_ms.clone(),
                history: s
                    .attempt_history()
                    .rev()
                    .filter(|r| !r.injected)
                    .take(TIMELINE_ROWS)
                    .copied()
                    .collect(),
                dead: s.dead_letters().rev().copied().collect(),
                ack_loss: s.ack_loss() > 0.0,
                rate_limited: s.rate_limit().is_some(),
                rotation: s.rotation_window(),
                now_ms: s.now_ms(),
            })
            .collect()
    }
}

fn span(ms: u64) -> String {
    let s = ms / 1000;
    match s {
        0..=59 => format!("{:.1} s", ms as f64 / 1000.0),
        60..=3599 => format!("{} min {} s", s / 60, s % 60),
        _ => format!("{} h {} min", s / 3600, s / 60 % 60),
    }
}

/// Cumulative wait of the schedule before attempt `k` (from 1), counted from the first attempt.
fn scheduled_offset(schedule: &[u64], k: u8) -> Option<u64> {
    let k = k as usize;
    (k <= schedule.len()).then(|| schedule.iter().take(k).skip(1).sum())
}

fn outcome_text(o: AttemptOutcome) -> String {
    match o {
        AttemptOutcome::Acked(s) => format!("{} acknowledged", s.code()),
        AttemptOutcome::Refused(Status::ServiceUnavailable) => "503 receiver down".into(),
        AttemptOutcome::Refused(s) => format!("{} refused", s.code()),
        AttemptOutcome::NoAnswer => "no answer (timed out)".into(),
    }
}

#[derive(Properties, PartialEq)]
pub struct DrillsPanelProps {
    pub stages: Vec<StageDrills>,
    /// Runs a drill and returns what was done.
    pub ondrill: Callback<Drill, String>,
}

/// The "Failure drills" panel.
#[component]
pub fn DrillsPanel(p: &DrillsPanelProps) -> Html {
    let status = use_state(String::new);
    let outage = use_state(|| OUTAGES[1].0);
    let run = |d: Drill| {
        let status = status.clone();
        let ondrill = p.ondrill.clone();
        Callback::from(move |_: MouseEvent| status.set(ondrill.emit(d.clone())))
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
        let m = &s.summary;
        let rows: Vec<(&str, &str, String)> = vec![
            ("rejected", "Rejected signatures (401)", m.counters.rejected_signatures.to_string()),
            ("stale", "Of which too old (replays)", m.counters.rejected_stale.to_string()),
            ("duplicates", "Duplicates suppressed by id", m.counters.duplicates.to_string()),
            ("retries", "Retries", m.counters.retries.to_string()),
            ("dead", "Dead letters", m.counters.dead_letters.to_string()),
            ("replayed", "Dead letters replayed", m.counters.dead_letters_replayed.to_string()),
            ("unauthorized", "Polls without API key (401)", m.counters.unauthorized.to_string()),
            ("limited", "Polls over the rate limit (429)", m.counters.rate_limited.to_string()),
            ("deferred", "Polls held back by Retry-After", m.counters.polls_deferred.to_string()),
        ];
        let rotation = s.rotation.map(|(from, until)| {
            if s.now_ms < until {
                format!("Both secrets valid until {} (rotated at {}).", clock(until), clock(from))
            } else {
                format!("Old secret no longer valid since {}.", clock(until))
            }
        });
        html! {
            <div class="drill-results" data-testid={format!("drill-results-{i}")}>
                <h4>{ format!("{}: results", s.name) }</h4>
                <dl>
                    { for rows.into_iter().map(|(key, label, value)| html! {
                        <div><dt>{ label }</dt><dd data-testid={format!("drill-result-{key}-{i}")}>{ value }</dd></div>
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
                                <td>{ format!("+{}", span(r.sent_ms.saturating_sub(r.event_ms))) }</td>
                                <td>{ scheduled_offset(&s.schedule, r.attempt).map_or("—".into(), |o| format!("+{}", span(o))) }</td>
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
        <section class="drills" aria-labelledby="drills-heading" data-testid="drills">
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
            </ol>
            <p class="drill-status" role="status" aria-live="polite" data-testid="drill-status">{ (*status).clone() }</p>
            <div class="drill-grid">{ for results }</div>
            { for timelines }
            { for dead }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ResendProps {
    pub stage: usize,
    pub message: Message,
    /// The body as it was sent.
    pub body: String,
    pub ondrill: Callback<Drill, String>,
}

/// The inspector's form for a webhook delivery: edit the body and resend it, or replay it as is.
#[component]
pub fn ResendForm(p: &ResendProps) -> Html {
    let body = use_state(|| p.body.clone());
    let status = use_state(String::new);
    let oninput = {
        let body = body.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            body.set(area.value());
        })
    };
    let act = |edited: bool| {
        let (status, body, ondrill) = (status.clone(), body.clone(), p.ondrill.clone());
        let (stage, message) = (p.stage, p.message);
        Callback::from(move |_: MouseEvent| {
            let d = if edited {
                Drill::ResendEdited {
                    stage,
                    message,
                    body: (*body).clone(),
                }
            } else {
                Drill::Replay { stage, message }
            };
            status.set(ondrill.emit(d));
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
            <p role="status" aria-live="polite" data-testid="resend-status">{ (*status).clone() }</p>
        </div>
    }
}

/// The resend form for the selected message, when it is a genuine webhook delivery.
pub fn resend_form(
    selected: Option<(usize, Message, String)>,
    ondrill: &Callback<Drill, String>,
) -> Html {
    match selected {
        Some((stage, message, body)) if is_delivery(&message) => html! {
            <ResendForm key={format!("{stage}-{}", message.id)} {stage} {message} {body} ondrill={ondrill.clone()} />
        },
        _ => html! {},
    }
}
