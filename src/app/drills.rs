//! The failure drills' rules: which drill fits which mode, what each one changes in a running
//! simulation, and what it reports, as typed notices the UI puts into words. Also what the drills
//! panel shows of each stage: why a drill cannot run, the retry schedule of one message followed
//! attempt by attempt, and the dead-letter list's counts.

use super::registration::RegistryView;
use crate::driver::Driver;
use crate::signing::mac::TOLERANCE_S;
use crate::sim::message::webhook_id;
use crate::sim::metrics::Counters;
use crate::sim::model::InjectError;
use crate::sim::model::{DEAD_LETTER_CAPACITY, HISTORY_CAPACITY};
use crate::sim::{
    AttemptOutcome, AttemptRecord, Behaviour, Config, DeadLetter, Message, Mode, Payload,
    RateLimit, Simulation, Tamper,
};
use crate::view::ViewMode;

/// Overlap of the rotation drill: both secrets verify for this long.
pub const ROTATION_OVERLAP_MS: u64 = 60_000;
/// Receivers refuse a delivery whose timestamp is older than this: a replay after it is stale.
pub const REPLAY_TOLERANCE_MS: u64 = TOLERANCE_S as u64 * 1000;
/// "Older than the tolerance" with a margin, so the receiver's rounding cannot make it fresh.
const OLD_MARGIN_MS: u64 = 1_000;
/// Share of the receivers' answers the acknowledgement drill loses.
const ACK_LOSS_SHARE: f64 = 0.5;
/// The slow handler's processing time: past the dispatcher's 15 s timeout, so every first
/// attempt times out and its retry (5 s later) arrives while the handler is still busy.
pub const SLOW_HANDLER_MS: u64 = 20_000;
/// The slow receiver's processing time: within the dispatcher's 15 s timeout, so nothing is
/// retried, but each delivery holds its endpoint this long.
pub const SLOW_RECEIVER_MS: u64 = 10_000;
/// The rate-limit drill allows this many polls per window ...
const RATE_LIMIT_POLLS: u32 = 2;
/// ... of this many poll intervals, so a client polling on schedule is always over it.
const RATE_LIMIT_WINDOW_INTERVALS: u64 = 4;
/// Long polls have no interval of their own; the window counts this as one.
const LONG_POLL_INTERVAL_MS: u64 = 5_000;
/// The client the missing-key drill polls from.
const KEYLESS_CLIENT: u32 = 0;
/// The client the registration drills act on.
pub const REGISTRY_CLIENT: u32 = 0;
/// Attempts shown on the timeline.
const TIMELINE_ROWS: usize = 12;

/// One drill, as a button asks for it.
#[derive(Clone, Debug, PartialEq)]
pub enum Drill {
    Tamper,
    ReplayRecent,
    ReplayOld,
    Outage(u64),
    AckLoss(bool),
    /// Receivers process each new delivery for this long before answering; `None`: they
    /// acknowledge on receipt.
    SlowHandler(Option<u64>),
    Rotate,
    StaleSender,
    MissingApiKey,
    RateLimit(bool),
    /// The registration drill's client removes its subscription.
    Unregister,
    /// The registration drill's client's callback URL stops existing.
    EndpointGone,
    ReplayDeadLetter {
        stage: usize,
        client: u32,
        event: u32,
    },
    /// Every dead letter the stage keeps.
    ReplayAllDeadLetters {
        stage: usize,
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

/// What a drill did on one stage. `id` is the webhook message id concerned.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// The latest delivery was resent with a body the drill edited.
    Tampered {
        id: String,
    },
    /// A delivery was sent again byte for byte.
    Replayed {
        id: String,
    },
    /// A delivery older than the tolerance, sent at `sent_ms`, was sent again.
    ReplayedOld {
        id: String,
        sent_ms: u64,
    },
    /// Nothing logged is old enough for the old-replay drill.
    NothingOldEnough,
    Outage {
        from_ms: u64,
        until_ms: u64,
    },
    AckLoss(bool),
    /// Receivers now process for this long before acknowledging, or acknowledge on receipt.
    SlowHandler(Option<u64>),
    Rotated {
        at_ms: u64,
        until_ms: u64,
    },
    /// A delivery was signed with the retired secret only.
    StaleSender {
        id: String,
    },
    KeylessPoll {
        client: u32,
    },
    /// The limit now in force, or `None` when lifted.
    RateLimit(Option<RateLimit>),
    /// The client sent the removal of its subscription.
    Unregistered {
        client: u32,
    },
    /// The client's callback URL now answers 410 Gone.
    EndpointGone {
        client: u32,
    },
    DeadLetterReplayed {
        id: String,
    },
    DeadLettersReplayed {
        count: usize,
    },
    /// The drill fits the stage but needs a webhook delivery, and none has been sent yet.
    NoDeliveryYet,
    /// The learner's edited body was sent.
    ResentYours {
        id: String,
    },
    /// The simulation refused the drill.
    Refused(InjectError),
    /// No stage shown takes this drill (or nothing has been sent yet).
    NotApplicable,
}

/// A genuine webhook delivery, not a drill's copy: what the drills and the inspector resend.
pub fn is_delivery(m: &Message) -> bool {
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

/// The drill's rate limit for the stage's own poll interval.
fn drill_rate_limit(s: &Simulation) -> RateLimit {
    let c = s.config();
    let interval = match c.mode {
        Mode::Hybrid => c.reconcile_interval_ms,
        Mode::LongPolling => LONG_POLL_INTERVAL_MS,
        _ => c.poll_interval_ms,
    };
    RateLimit {
        max_requests: RATE_LIMIT_POLLS,
        window_ms: interval.saturating_mul(RATE_LIMIT_WINDOW_INTERVALS),
    }
}

/// A webhook body changed on the way: a field added at the start of its `data` object, so the
/// JSON still parses and only the signature can tell.
pub fn edited_body(body: &str) -> String {
    body.replacen("\"data\":{", "\"data\":{\"edited\":true,", 1)
}

fn refused_or(r: Result<impl Sized, InjectError>, done: Notice) -> Notice {
    r.map_or_else(Notice::Refused, |_| done)
}

impl Drill {
    /// Runs the drill on every stage it fits and reports what it did on each; one
    /// [`Notice::NotApplicable`] when it fitted none.
    pub fn apply(&self, d: &mut Driver) -> Vec<Notice> {
        let now = d.now_ms();
        let mut done = Vec::new();
        for (i, s) in d.stages_mut().iter_mut().enumerate() {
            let pushes = s.behaviour().pushes;
            let latest = s.messages().rev().find(|m| is_delivery(m)).copied();
            let id = |m: &Message| m.webhook_id().unwrap_or_default();
            let notice = match self {
                Drill::Tamper | Drill::ReplayRecent | Drill::StaleSender
                    if pushes && latest.is_none() =>
                {
                    Some(Notice::NoDeliveryYet)
                }
                Drill::Tamper if pushes => latest.and_then(|m| {
                    let body = edited_body(&s.render(&m).body);
                    let id = id(&m);
                    s.resend_edited(&m, body)
                        .ok()
                        .map(|_| Notice::Tampered { id })
                }),
                Drill::ReplayRecent if pushes => latest.and_then(|m| {
                    s.replay_delivery(&m)
                        .ok()
                        .map(|_| Notice::Replayed { id: id(&m) })
                }),
                Drill::ReplayOld if pushes => {
                    let old = s
                        .messages()
                        .find(|m| {
                            is_delivery(m) && m.sent_ms + REPLAY_TOLERANCE_MS + OLD_MARGIN_MS < now
                        })
                        .copied();
                    match old {
                        Some(m) => s.replay_delivery(&m).ok().map(|_| Notice::ReplayedOld {
                            id: id(&m),
                            sent_ms: m.sent_ms,
                        }),
                        None => Some(Notice::NothingOldEnough),
                    }
                }
                Drill::Outage(len) if pushes => {
                    // Without jitter the retries land exactly on the schedule shown.
                    s.set_retry_jitter(0.0);
                    s.set_outage(now, *len);
                    Some(Notice::Outage {
                        from_ms: now,
                        until_ms: now + len,
                    })
                }
                Drill::AckLoss(on) if pushes => {
                    s.set_ack_loss(if *on { ACK_LOSS_SHARE } else { 0.0 });
                    Some(Notice::AckLoss(*on))
                }
                Drill::SlowHandler(handler) if pushes => {
                    s.set_slow_handler(*handler);
                    Some(Notice::SlowHandler(*handler))
                }
                Drill::Rotate if pushes => {
                    s.rotate_secret(ROTATION_OVERLAP_MS);
                    Some(Notice::Rotated {
                        at_ms: now,
                        until_ms: now + ROTATION_OVERLAP_MS,
                    })
                }
                Drill::StaleSender if pushes => latest.and_then(|m| {
                    s.inject_delivery(m.client, m.event()?, Tamper::OldSecret)
                        .ok()
                        .map(|_| Notice::StaleSender { id: id(&m) })
                }),
                Drill::MissingApiKey if polls(s) => s
                    .send_unauthenticated_poll(KEYLESS_CLIENT)
                    .ok()
                    .map(|_| Notice::KeylessPoll {
                        client: KEYLESS_CLIENT,
                    }),
                Drill::RateLimit(on) if polls(s) => {
                    let limit = on.then(|| drill_rate_limit(s));
                    s.set_rate_limit(limit);
                    Some(Notice::RateLimit(limit))
                }
                Drill::Unregister if pushes => {
                    s.unregister(REGISTRY_CLIENT)
                        .ok()
                        .map(|_| Notice::Unregistered {
                            client: REGISTRY_CLIENT,
                        })
                }
                Drill::EndpointGone if pushes => {
                    s.remove_endpoint(REGISTRY_CLIENT)
                        .ok()
                        .map(|_| Notice::EndpointGone {
                            client: REGISTRY_CLIENT,
                        })
                }
                Drill::ReplayDeadLetter {
                    stage,
                    client,
                    event,
                } if *stage == i => {
                    s.replay_dead_letter(*client, *event)
                        .ok()
                        .map(|_| Notice::DeadLetterReplayed {
                            id: webhook_id(*client, *event),
                        })
                }
                Drill::ReplayAllDeadLetters { stage } if *stage == i => {
                    let kept: Vec<_> = s.dead_letters().map(|d| (d.client, d.event)).collect();
                    let count = kept
                        .into_iter()
                        .filter(|&(client, event)| s.replay_dead_letter(client, event).is_ok())
                        .count();
                    Some(Notice::DeadLettersReplayed { count })
                }
                Drill::ResendEdited {
                    stage,
                    message,
                    body,
                } if *stage == i => Some(refused_or(
                    s.resend_edited(message, body.clone()),
                    Notice::ResentYours { id: id(message) },
                )),
                Drill::Replay { stage, message } if *stage == i => Some(refused_or(
                    s.replay_delivery(message),
                    Notice::Replayed { id: id(message) },
                )),
                _ => None,
            };
            done.extend(notice);
        }
        if done.is_empty() {
            done.push(Notice::NotApplicable);
        }
        done
    }
}

/// One counter of the drills' results: a stable key, its label, and where it is read.
pub struct DrillCounter {
    pub key: &'static str,
    pub label: &'static str,
    pub read: fn(&Counters) -> u64,
}

pub const DRILL_COUNTERS: [DrillCounter; 9] = [
    DrillCounter {
        key: "rejected",
        label: "Rejected signatures (401)",
        read: |c| c.rejected_signatures,
    },
    DrillCounter {
        key: "stale",
        label: "Of which too old (replays)",
        read: |c| c.rejected_stale,
    },
    DrillCounter {
        key: "duplicates",
        label: "Duplicates suppressed by id",
        read: |c| c.duplicates,
    },
    DrillCounter {
        key: "retries",
        label: "Retries",
        read: |c| c.retries,
    },
    DrillCounter {
        key: "dead",
        label: "Dead letters",
        read: |c| c.dead_letters,
    },
    DrillCounter {
        key: "replayed",
        label: "Dead letters replayed",
        read: |c| c.dead_letters_replayed,
    },
    DrillCounter {
        key: "unauthorized",
        label: "Polls without API key (401)",
        read: |c| c.unauthorized,
    },
    DrillCounter {
        key: "limited",
        label: "Polls over the rate limit (429)",
        read: |c| c.rate_limited,
    },
    DrillCounter {
        key: "deferred",
        label: "Polls held back by Retry-After",
        read: |c| c.polls_deferred,
    },
];

/// The last secret rotation: when, until when both secrets verify, and whether that is still so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rotation {
    pub from_ms: u64,
    pub until_ms: u64,
    pub overlapping: bool,
}

/// What the drills panel shows of one stage. Only what the panel draws, so that it compares
/// equal from tick to tick while no drill result moves.
#[derive(Clone, Debug, PartialEq)]
pub struct StageDrills {
    pub name: &'static str,
    pub pushes: bool,
    pub polls: bool,
    /// The values of [`DRILL_COUNTERS`], in order.
    pub counts: [u64; DRILL_COUNTERS.len()],
    pub schedule: Vec<u64>,
    /// Most recent first, drill injections left out.
    pub history: Vec<AttemptRecord>,
    /// Most recent first.
    pub dead: Vec<DeadLetter>,
    /// Dead letters counted since the start but not in `dead`: replayed, delivered since, or
    /// older than the [`DEAD_LETTER_CAPACITY`] kept.
    pub dead_unlisted: u64,
    /// One message's attempts, when one is followed.
    pub retries: Option<Retries>,
    pub ack_loss: bool,
    /// Receivers' processing before they answer, when a drill set one.
    pub slow_handler: Option<u64>,
    pub rate_limited: bool,
    pub rotation: Option<Rotation>,
    /// The provider's stored subscriptions.
    pub registry: RegistryView,
}

impl StageDrills {
    /// The stage's drills view, following the attempts of webhook `follow` (client, event) if
    /// given, else of the most recently retried message.
    pub fn of(s: &Simulation, name: &'static str, follow: Option<(u32, u32)>) -> StageDrills {
        let counters = s.metrics().summary().counters;
        let dead: Vec<DeadLetter> = s.dead_letters().rev().copied().collect();
        StageDrills {
            name,
            pushes: s.behaviour().pushes,
            polls: polls(s),
            counts: DRILL_COUNTERS.map(|c| (c.read)(&counters)),
            schedule: s.config().retry_schedule_ms.clone(),
            history: s
                .attempt_history()
                .rev()
                .filter(|r| !r.injected)
                .take(TIMELINE_ROWS)
                .copied()
                .collect(),
            dead_unlisted: counters.dead_letters.saturating_sub(dead.len() as u64),
            dead,
            retries: follow
                .or_else(|| most_retried(s))
                .map(|(client, event)| Retries::of(s, client, event)),
            ack_loss: s.ack_loss() > 0.0,
            slow_handler: s.slow_handler(),
            rate_limited: s.rate_limit().is_some(),
            rotation: s.rotation_window().map(|(from_ms, until_ms)| Rotation {
                from_ms,
                until_ms,
                overlapping: s.now_ms() < until_ms,
            }),
            registry: RegistryView::of(s),
        }
    }
}

/// What a drill needs of the stages shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    Webhooks,
    Polling,
}

impl Need {
    fn met_by(self, b: Behaviour) -> bool {
        match self {
            Need::Webhooks => b.pushes,
            Need::Polling => b.polls(),
        }
    }

    /// Why a drill with this need cannot run on `stages`, naming the views where it can; `None`
    /// when a stage fits.
    pub fn unmet(self, stages: &[StageDrills]) -> Option<String> {
        let fits = |s: &StageDrills| match self {
            Need::Webhooks => s.pushes,
            Need::Polling => s.polls,
        };
        if stages.iter().any(fits) {
            return None;
        }
        let views: Vec<&str> = ViewMode::ALL
            .iter()
            .filter(|v| {
                v.modes().iter().any(|&mode| {
                    self.met_by(Behaviour::of(&Config {
                        mode,
                        ..Config::default()
                    }))
                })
            })
            .map(|v| v.label())
            .collect();
        let (what, views) = match (self, views.split_last()) {
            (Need::Webhooks, Some((last, rest))) => ("webhooks", (rest, last)),
            (Need::Polling, Some((last, rest))) => ("polling", (rest, last)),
            (_, None) => return Some("No view offers this drill.".into()),
        };
        let list = match views {
            ([], last) => last.to_string(),
            (rest, last) => format!("{} or {last}", rest.join(", ")),
        };
        Some(format!("Needs {what}: switch to {list}."))
    }
}

/// How many finished attempts, of all messages, a stage keeps: the retry view's memory.
pub const ATTEMPTS_KEPT: usize = HISTORY_CAPACITY;

/// How many dead letters a stage keeps to list and replay.
pub const DEAD_LETTERS_KEPT: usize = DEAD_LETTER_CAPACITY;

/// The webhook (client, event) a delivery or its answer belongs to.
pub fn webhook_of(m: &Message) -> Option<(u32, u32)> {
    m.webhook_id()?;
    Some((m.client, m.event()?))
}

/// The message of the most recent attempt after a first one, if any is recorded.
fn most_retried(s: &Simulation) -> Option<(u32, u32)> {
    s.attempt_history()
        .rev()
        .find(|r| !r.injected && r.attempt > 1)
        .map(|r| (r.client, r.event))
}

/// What the dispatcher did after an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Acknowledged: no further attempt.
    Delivered,
    /// Another attempt after this wait; `sent_ms` once it was sent.
    Retry { wait_ms: u64, sent_ms: Option<u64> },
    /// The schedule is exhausted: the message became a dead letter.
    DeadLetter,
}

/// One finished attempt of the followed message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryRow {
    pub attempt: u8,
    /// The delivery as the message log has it (same id), while the log still keeps it.
    pub message: Option<Message>,
    pub sent_ms: u64,
    /// When the dispatcher knew the outcome: the answer's arrival, or the timeout's end.
    pub outcome_ms: u64,
    pub outcome: AttemptOutcome,
    pub next: Next,
}

/// One message followed through its retry schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retries {
    /// The Standard Webhooks id every attempt carries.
    pub webhook_id: String,
    pub event_ms: u64,
    /// The recorded attempts, first first (the history keeps the most recent ones only).
    pub rows: Vec<RetryRow>,
    /// How long the dispatcher waits for an answer before it counts the attempt as failed.
    pub timeout_ms: u64,
    /// Attempts the schedule allows in all.
    pub max_attempts: usize,
}

impl Retries {
    pub fn of(s: &Simulation, client: u32, event: u32) -> Retries {
        let schedule = &s.config().retry_schedule_ms;
        let mut records: Vec<&AttemptRecord> = s
            .attempt_history()
            .filter(|r| !r.injected && r.client == client && r.event == event)
            .collect();
        // A replayed dead letter starts its attempts again: follow the latest run of them.
        if let Some(start) = records.iter().rposition(|r| r.attempt == 1) {
            records.drain(..start);
        }
        let message = |attempt: u8| {
            s.messages()
                .find(|m| {
                    m.client == client
                        && is_delivery(m)
                        && matches!(m.payload, Payload::Delivery { event: e, attempt: a, .. } if e == event && a == attempt)
                })
                .copied()
        };
        let rows = records
            .iter()
            .enumerate()
            .map(|(i, r)| RetryRow {
                attempt: r.attempt,
                message: message(r.attempt),
                sent_ms: r.sent_ms,
                outcome_ms: r.outcome_ms,
                outcome: r.outcome,
                next: match (r.outcome, schedule.get(r.attempt as usize)) {
                    (AttemptOutcome::Acked(_), _) => Next::Delivered,
                    (_, None) => Next::DeadLetter,
                    (_, Some(&wait_ms)) => Next::Retry {
                        wait_ms,
                        sent_ms: records.get(i + 1).map(|n| n.sent_ms),
                    },
                },
            })
            .collect();
        Retries {
            webhook_id: webhook_id(client, event),
            event_ms: records.first().map_or(0, |r| r.event_ms),
            rows,
            timeout_ms: s.config().receiver_timeout_ms,
            max_attempts: schedule.len(),
        }
    }
}

/// Cumulative wait of the schedule before attempt `k` (from 1), counted from the first attempt.
pub fn scheduled_offset(schedule: &[u64], k: u8) -> Option<u64> {
    let k = k as usize;
    (k <= schedule.len()).then(|| schedule.iter().take(k).skip(1).sum())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{Config, MessageKind};

    fn driver(modes: &[Mode]) -> Driver {
        let configs: Vec<Config> = modes
            .iter()
            .map(|&mode| Config {
                mode,
                clients: 5,
                ..Config::default()
            })
            .collect();
        Driver::new(&configs).unwrap()
    }

    fn count(d: &Driver, stage: usize, key: &str) -> u64 {
        let k = DRILL_COUNTERS.iter().position(|c| c.key == key).unwrap();
        StageDrills::of(&d.stages()[stage], "s", None).counts[k]
    }

    #[test]
    fn webhook_drills_skip_the_polling_stage_and_poll_drills_skip_the_webhook_one() {
        let mut d = driver(&[Mode::Polling, Mode::Webhook]);
        d.run_until(120_000);
        let said = Drill::Rotate.apply(&mut d);
        assert_eq!(
            said,
            vec![Notice::Rotated {
                at_ms: 120_000,
                until_ms: 180_000
            }],
            "one stage pushes, so one rotation"
        );
        assert_eq!(d.stages()[0].rotation_window(), None);
        let said = Drill::MissingApiKey.apply(&mut d);
        assert_eq!(said, vec![Notice::KeylessPoll { client: 0 }]);
        let said = Drill::ReplayDeadLetter {
            stage: 1,
            client: 0,
            event: 0,
        }
        .apply(&mut d);
        assert_eq!(said, vec![Notice::NotApplicable], "no dead letter yet");
    }

    #[test]
    fn a_polling_only_view_takes_no_webhook_drill() {
        let mut d = driver(&[Mode::Polling]);
        d.run_until(60_000);
        for drill in [Drill::Tamper, Drill::Outage(60_000), Drill::AckLoss(true)] {
            assert_eq!(drill.apply(&mut d), vec![Notice::NotApplicable]);
        }
    }

    #[test]
    fn the_rate_limit_spans_four_poll_intervals_and_can_be_lifted() {
        let mut d = driver(&[Mode::Polling]);
        let interval = d.stages()[0].config().poll_interval_ms;
        let said = Drill::RateLimit(true).apply(&mut d);
        let limit = RateLimit {
            max_requests: 2,
            window_ms: 4 * interval,
        };
        assert_eq!(said, vec![Notice::RateLimit(Some(limit))]);
        assert_eq!(d.stages()[0].rate_limit(), Some(limit));
        d.run_until(10 * interval);
        assert!(
            count(&d, 0, "limited") > 0,
            "polling on schedule goes over it"
        );
        assert_eq!(
            Drill::RateLimit(false).apply(&mut d),
            vec![Notice::RateLimit(None)]
        );
        assert_eq!(d.stages()[0].rate_limit(), None);
    }

    #[test]
    fn a_tampered_resend_is_rejected_by_its_signature() {
        let mut d = driver(&[Mode::Webhook]);
        d.run_until(300_000);
        let said = Drill::Tamper.apply(&mut d);
        assert!(
            matches!(said.as_slice(), [Notice::Tampered { .. }]),
            "{said:?}"
        );
        d.run_until(310_000);
        assert_eq!(count(&d, 0, "rejected"), 1);
    }

    #[test]
    fn an_old_replay_needs_a_delivery_past_the_tolerance() {
        let mut d = driver(&[Mode::Webhook]);
        d.run_until(REPLAY_TOLERANCE_MS);
        assert_eq!(
            Drill::ReplayOld.apply(&mut d),
            vec![Notice::NothingOldEnough]
        );
        d.run_until(3 * REPLAY_TOLERANCE_MS);
        let said = Drill::ReplayOld.apply(&mut d);
        let [Notice::ReplayedOld { sent_ms, .. }] = said.as_slice() else {
            panic!("{said:?}");
        };
        assert!(sent_ms + REPLAY_TOLERANCE_MS < 3 * REPLAY_TOLERANCE_MS);
        d.run_until(3 * REPLAY_TOLERANCE_MS + 10_000);
        assert_eq!(
            count(&d, 0, "stale"),
            1,
            "the receiver refuses it as too old"
        );
    }

    #[test]
    fn resending_a_poll_is_refused_in_words_the_ui_can_choose() {
        let mut d = driver(&[Mode::Webhook]);
        d.run_until(60_000);
        let ack = *d.stages()[0]
            .messages()
            .find(|m| m.kind == MessageKind::Ack)
            .unwrap();
        assert!(!is_delivery(&ack));
        let said = Drill::Replay {
            stage: 0,
            message: ack,
        }
        .apply(&mut d);
        assert_eq!(
            said,
            vec![Notice::Refused(InjectError::NotADelivery(ack.id))]
        );
    }

    #[test]
    fn an_outage_report_gives_its_window_and_the_panel_shows_the_toggles() {
        let mut d = driver(&[Mode::Webhook]);
        d.run_until(1_000);
        assert_eq!(
            Drill::Outage(600_000).apply(&mut d),
            vec![Notice::Outage {
                from_ms: 1_000,
                until_ms: 601_000
            }]
        );
        Drill::AckLoss(true).apply(&mut d);
        Drill::Rotate.apply(&mut d);
        let shown = StageDrills::of(&d.stages()[0], "Webhook", None);
        assert!(shown.ack_loss && shown.pushes && !shown.polls);
        assert_eq!(
            shown.rotation,
            Some(Rotation {
                from_ms: 1_000,
                until_ms: 61_000,
                overlapping: true
            })
        );
        d.run_until(61_000);
        let shown = StageDrills::of(&d.stages()[0], "Webhook", None);
        assert!(!shown.rotation.unwrap().overlapping);
    }

    #[test]
    fn a_slow_handler_times_out_and_its_retry_is_suppressed_by_id() {
        let mut d = driver(&[Mode::Webhook]);
        d.run_until(60_000);
        assert_eq!(
            (count(&d, 0, "retries"), count(&d, 0, "duplicates")),
            (0, 0)
        );
        assert_eq!(
            Drill::SlowHandler(Some(SLOW_HANDLER_MS)).apply(&mut d),
            vec![Notice::SlowHandler(Some(SLOW_HANDLER_MS))]
        );
        assert_eq!(
            StageDrills::of(&d.stages()[0], "Webhook", None).slow_handler,
            Some(SLOW_HANDLER_MS)
        );
        let events = |d: &Driver| d.stages()[0].metrics().summary().counters.events;
        let before = events(&d);
        d.run_until(19 * 60_000);
        let produced = events(&d) - before;
        assert!(produced > 50, "the 5 clients produce events meanwhile");
        // A minute on, every one of them has timed out once and had its retry answered.
        d.run_until(20 * 60_000);
        assert!(
            count(&d, 0, "retries") >= produced,
            "first attempts time out"
        );
        assert!(
            count(&d, 0, "duplicates") >= produced,
            "their retries are duplicates"
        );
        assert_eq!(
            Drill::SlowHandler(None).apply(&mut d),
            vec![Notice::SlowHandler(None)]
        );
        let (r, k) = (count(&d, 0, "retries"), count(&d, 0, "duplicates"));
        d.run_until(40 * 60_000);
        // Only the deliveries already in a slow handler when it was switched off still time out.
        assert!(
            count(&d, 0, "retries") <= r + 10,
            "answering on receipt ends the retries"
        );
        assert!(count(&d, 0, "duplicates") <= k + 10);
    }

    #[test]
    fn a_slow_receiver_behind_a_limit_queues_at_the_dispatcher_in_order() {
        let run = |k: u32| {
            let cfg = Config {
                mode: Mode::Webhook,
                clients: 5,
                rate_per_min: 20.0,
                delivery_concurrency: k,
                ..Config::default()
            };
            let mut d = Driver::new(&[cfg]).unwrap();
            d.run_until(1_000);
            assert_eq!(
                Drill::SlowHandler(Some(SLOW_RECEIVER_MS)).apply(&mut d),
                vec![Notice::SlowHandler(Some(SLOW_RECEIVER_MS))]
            );
            d.run_until(600_000);
            let s = &d.stages()[0];
            (s.metrics().counters, s.theory().endpoint_limit)
        };
        // Events every 3 s, each delivery held 10 s: they pile up at the receiver ...
        let (free, none) = run(0);
        assert!(free.most_open_per_endpoint >= 3, "{free:?}");
        assert_eq!((free.attempts_queued, none), (0, None));
        // ... unless the dispatcher keeps one open per endpoint: the others wait, in order,
        // because the endpoint takes fewer than 6 a minute and 20 come.
        let (one, limit) = run(1);
        let limit = limit.expect("a limit");
        assert!(limit.deliveries_per_min < 6.0 && limit.events_per_min == 20.0);
        assert_eq!(one.most_open_per_endpoint, 1);
        assert!(
            one.attempts_queued > 100 && one.longest_endpoint_queue > 50,
            "{one:?}"
        );
        assert_eq!((one.retries, one.out_of_order), (0, 0));
    }

    #[test]
    fn the_schedule_offsets_add_up_the_waits_before_an_attempt() {
        let schedule = [0, 5_000, 300_000];
        assert_eq!(scheduled_offset(&schedule, 1), Some(0));
        assert_eq!(scheduled_offset(&schedule, 3), Some(305_000));
        assert_eq!(scheduled_offset(&schedule, 4), None);
        assert_eq!(
            edited_body(r#"{"type":"x","data":{"id":1}}"#),
            r#"{"type":"x","data":{"edited":true,"id":1}}"#
        );
    }

    #[test]
    fn a_drill_that_does_not_fit_names_the_views_where_it_does() {
        let shown = |modes: &[Mode]| -> Vec<StageDrills> {
            driver(modes)
                .stages()
                .iter()
                .map(|s| StageDrills::of(s, "s", None))
                .collect()
        };
        let polling = shown(&[Mode::Polling]);
        assert_eq!(
            Need::Webhooks.unmet(&polling).as_deref(),
            Some("Needs webhooks: switch to Webhook, Both or Compare.")
        );
        assert_eq!(Need::Polling.unmet(&polling), None);
        let webhook = shown(&[Mode::Webhook]);
        assert_eq!(
            Need::Polling.unmet(&webhook).as_deref(),
            Some("Needs polling: switch to API polling, Long polling, Both or Compare.")
        );
        assert_eq!(
            Need::Webhooks.unmet(&shown(&[Mode::Polling, Mode::Webhook])),
            None
        );
    }

    #[test]
    fn a_webhook_drill_pressed_before_any_delivery_says_so() {
        let mut d = driver(&[Mode::Webhook]);
        for drill in [Drill::Tamper, Drill::ReplayRecent, Drill::StaleSender] {
            assert_eq!(drill.apply(&mut d), vec![Notice::NoDeliveryYet]);
        }
    }

    /// A webhook run with a three-attempt schedule whose receivers go down at once.
    fn down(outage_ms: u64) -> Driver {
        let config = Config {
            mode: Mode::Webhook,
            clients: 5,
            retry_schedule_ms: vec![0, 1_000, 2_000],
            ..Config::default()
        };
        let mut d = Driver::new(&[config]).unwrap();
        Drill::Outage(outage_ms).apply(&mut d);
        d
    }

    #[test]
    fn the_retry_view_follows_one_message_through_its_schedule_with_the_logs_ids() {
        let mut d = down(120_000);
        d.run_until(60_000);
        let s = &d.stages()[0];
        let r = s.dead_letters().next().copied().expect("a dead letter");
        let retries = Retries::of(s, r.client, r.event);
        assert_eq!(retries.webhook_id, webhook_id(r.client, r.event));
        assert_eq!(retries.max_attempts, 3);
        let attempts: Vec<u8> = retries.rows.iter().map(|r| r.attempt).collect();
        assert_eq!(attempts, [1, 2, 3]);
        for row in &retries.rows {
            let m = row.message.expect("still in the log");
            assert_eq!(m.sent_ms, row.sent_ms);
            assert!(s.messages().any(|l| l.id == m.id), "the log's own id");
            assert_eq!(
                row.outcome,
                AttemptOutcome::Refused(crate::sim::Status::ServiceUnavailable)
            );
        }
        let [one, two, three] = retries.rows[..] else {
            panic!("three rows");
        };
        assert_eq!(
            one.next,
            Next::Retry {
                wait_ms: 1_000,
                sent_ms: Some(two.sent_ms)
            }
        );
        // Jitter is off in an outage; the server's own handling time comes on top of the wait.
        assert!((1_000..1_100).contains(&(two.sent_ms - one.outcome_ms)));
        assert_eq!(three.next, Next::DeadLetter);
        let shown = StageDrills::of(s, "Webhook", None);
        assert!(
            shown.retries.is_some(),
            "follows the latest retried message"
        );
    }

    #[test]
    fn replay_all_replays_every_kept_dead_letter_and_the_rest_are_counted_apart() {
        let mut d = down(60_000);
        d.run_until(50_000);
        let before = StageDrills::of(&d.stages()[0], "Webhook", None);
        let kept = before.dead.len();
        assert!(kept > 0);
        assert_eq!(before.dead_unlisted, before.counts[4] - kept as u64);
        assert_eq!(before.dead_unlisted, 0, "none replayed or pushed out yet");
        d.run_until(80_000);
        let kept = d.stages()[0].dead_letters().count();
        assert_eq!(
            Drill::ReplayAllDeadLetters { stage: 0 }.apply(&mut d),
            vec![Notice::DeadLettersReplayed { count: kept }]
        );
        let after = StageDrills::of(&d.stages()[0], "Webhook", None);
        assert!(after.dead.is_empty());
        assert_eq!(after.dead_unlisted, after.counts[4]);
        assert_eq!(count(&d, 0, "replayed"), kept as u64);
    }
}
