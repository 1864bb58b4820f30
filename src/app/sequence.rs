//! What the sequence diagram panel shows: which span of simulated time (following the run live,
//! or held at an instant the learner scrolled back to), and the diagram of the kept messages in
//! it, one lane group per stage on one time axis.

use crate::app::session::stage_name;
use crate::export::sequence::{label, layout, Diagram, Options, Window};
use crate::sim::{Message, Simulation};

/// Length of simulated time the diagram spans.
pub const SPAN_MS: u64 = 5_000;
/// Each scroll button moves the window by this much.
pub const SCROLL_MS: u64 = SPAN_MS / 2;
/// At most this many arrows per stage, the most recent in the window: with thousands of clients
/// a few seconds hold more messages than a diagram can show legibly.
pub const MAX_ARROWS: usize = 60;

/// Where the diagram's window is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Follow {
    /// The panel is closed: nothing is laid out.
    #[default]
    Hidden,
    /// The window ends at the current simulated time.
    Live,
    /// The window ends at this instant and stays there while the run goes on.
    At(u64),
}

impl Follow {
    /// The window shown at simulated time `now`, if the panel is open.
    pub fn window(self, now: u64) -> Option<Window> {
        let to_ms = match self {
            Follow::Hidden => return None,
            Follow::Live => now,
            Follow::At(t) => t.min(now),
        };
        Some(Window {
            from_ms: to_ms.saturating_sub(SPAN_MS),
            to_ms,
        })
    }

    /// The window moved `earlier` or later by [`SCROLL_MS`]: never before the oldest kept message
    /// (`earliest_ms`), and back to following live when it reaches `now`.
    pub fn scrolled(self, earlier: bool, now: u64, earliest_ms: u64) -> Follow {
        let Some(w) = self.window(now) else {
            return self;
        };
        if earlier {
            Follow::At(
                w.to_ms
                    .saturating_sub(SCROLL_MS)
                    .max(earliest_ms.saturating_add(SPAN_MS).min(w.to_ms)),
            )
        } else if w.to_ms + SCROLL_MS >= now {
            Follow::Live
        } else {
            Follow::At(w.to_ms + SCROLL_MS)
        }
    }
}

/// The panel's content for one refresh.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SequenceView {
    pub follow: Follow,
    pub now_ms: u64,
    /// Send time of the oldest message the stages still keep: the window cannot go earlier.
    pub earliest_ms: u64,
    /// `None` while the panel is closed.
    pub diagram: Option<Diagram>,
    /// For each arrow, in order: its stage's index among the simulations and its message, which
    /// selecting the arrow opens in the inspector.
    pub picks: Vec<(usize, Message)>,
}

impl SequenceView {
    pub fn of(sims: &[Simulation], follow: Follow, now: u64) -> SequenceView {
        let (diagram, picks) = follow.window(now).map(|w| diagram(sims, w)).unzip();
        SequenceView {
            follow,
            now_ms: now,
            earliest_ms: sims
                .iter()
                .filter_map(|s| s.messages().next().map(|m| m.sent_ms))
                .min()
                .unwrap_or(0),
            diagram,
            picks: picks.unwrap_or_default(),
        }
    }
}

/// The diagram of `window`: per stage, in stage order, the most recent [`MAX_ARROWS`] messages
/// sent in it, in log order (oldest first); and each arrow's stage index and message.
pub fn diagram(sims: &[Simulation], window: Window) -> (Diagram, Vec<(usize, Message)>) {
    let shown: Vec<Vec<_>> = sims
        .iter()
        .map(|s| {
            let mut recent: Vec<_> = s
                .messages()
                .rev()
                .skip_while(|m| m.sent_ms > window.to_ms)
                .take_while(|m| window.contains(m))
                .take(MAX_ARROWS)
                .collect();
            recent.reverse();
            recent
        })
        .collect();
    let picks = shown
        .iter()
        .enumerate()
        .flat_map(|(i, messages)| messages.iter().map(move |m| (i, **m)))
        .collect();
    // The diagram numbers only the stages with a message in the window.
    let drawn: Vec<&Simulation> = sims
        .iter()
        .zip(&shown)
        .filter(|(_, messages)| !messages.is_empty())
        .map(|(s, _)| s)
        .collect();
    let entries = drawn
        .iter()
        .zip(shown.iter().filter(|m| !m.is_empty()))
        .flat_map(|(s, messages)| {
            let name = stage_name(s.config().mode);
            messages.iter().map(move |m| (name, *m))
        });
    let diagram = layout(
        entries,
        |stage, m| {
            drawn
                .get(stage)
                .map_or_else(String::new, |s| label(&s.render(m)))
        },
        window,
        Options::default(),
    );
    (diagram, picks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::sequence::to_text;
    use crate::sim::{Config, Mode};

    fn run(modes: &[Mode], until: u64) -> Vec<Simulation> {
        modes
            .iter()
            .map(|&mode| {
                let mut s = Simulation::new(Config {
                    mode,
                    clients: 5,
                    ..Config::default()
                })
                .unwrap();
                s.run_until(until);
                s
            })
            .collect()
    }

    #[test]
    fn a_closed_panel_lays_nothing_out_and_live_ends_now() {
        assert_eq!(Follow::Hidden.window(9_000), None);
        assert_eq!(
            Follow::Live.window(9_000),
            Some(Window {
                from_ms: 4_000,
                to_ms: 9_000
            })
        );
        assert_eq!(
            Follow::At(20_000).window(9_000),
            Follow::Live.window(9_000),
            "never past now"
        );
        let sims = run(&[Mode::Polling], 30_000);
        assert_eq!(
            SequenceView::of(&sims, Follow::Hidden, 30_000).diagram,
            None
        );
    }

    #[test]
    fn scrolling_stops_at_the_oldest_kept_message_and_returns_to_live() {
        let now = 60_000;
        let back = Follow::Live.scrolled(true, now, 0);
        assert_eq!(back, Follow::At(57_500));
        assert_eq!(back.scrolled(false, now, 0), Follow::Live);
        assert_eq!(
            Follow::At(10_000).scrolled(true, now, 3_000),
            Follow::At(8_000),
            "the window keeps the oldest kept message in view"
        );
        assert_eq!(
            Follow::At(7_000).scrolled(true, now, 3_000),
            Follow::At(7_000)
        );
        assert_eq!(
            Follow::At(30_000).scrolled(false, now, 0),
            Follow::At(32_500)
        );
        assert_eq!(Follow::Hidden.scrolled(true, now, 0), Follow::Hidden);
    }

    #[test]
    fn the_arrows_are_the_messages_sent_in_the_window_in_log_order() {
        let sims = run(&[Mode::Polling], 20_000);
        let window = Follow::Live.window(20_000).unwrap();
        let (d, picks) = diagram(&sims, window);
        let want: Vec<u64> = sims[0]
            .messages()
            .filter(|m| (15_000..=20_000).contains(&m.sent_ms))
            .map(|m| m.id)
            .collect();
        assert!(!want.is_empty());
        let got: Vec<u64> = d.arrows.iter().map(|a| a.id).collect();
        assert_eq!(got, want);
        let picked: Vec<u64> = picks.iter().map(|(_, m)| m.id).collect();
        assert_eq!(picked, want, "each arrow selects its own message");
        let text = to_text(&d);
        assert!(
            text.iter().any(|t| t.contains("GET /v1/events")),
            "{text:?}"
        );
    }

    #[test]
    fn compare_draws_both_stages_on_one_axis_with_their_own_labels() {
        let sims = run(&[Mode::Polling, Mode::Webhook], 120_000);
        let window = Window {
            from_ms: 0,
            to_ms: 120_000,
        };
        let (d, picks) = diagram(&sims, window);
        assert_eq!(d.stages, vec!["Polling", "Webhook"]);
        let per_stage = |i| d.arrows.iter().filter(|a| a.stage == i).count();
        assert_eq!(per_stage(0), MAX_ARROWS, "capped to the most recent");
        assert!(per_stage(1) > 0);
        let stage_of = |i: usize| picks.iter().filter(|(s, _)| *s == i).count();
        assert_eq!((stage_of(0), stage_of(1)), (per_stage(0), per_stage(1)));
        let webhook_requests = d.arrows.iter().filter(|a| a.stage == 1 && a.request);
        for a in webhook_requests {
            assert!(a.label.starts_with("POST "), "{}", a.label);
        }
    }
}
