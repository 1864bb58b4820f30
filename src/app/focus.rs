//! The focus layout's choice of counters: the few that carry each view's point, shown large
//! beside the stage while everything else is folded away.

use super::figures::{CounterRow, COUNTER_ROWS, ON_DEMAND_ROWS};
use crate::view::ViewMode;

/// The keys of the counters worth a room's attention in `view`, in display order.
fn keys(view: ViewMode) -> &'static [&'static str] {
    match view {
        // Polling's cost is requests, most of them empty; its price is the delay.
        ViewMode::Polling => &["requests", "wasted", "mean-delay"],
        // Long polling: fewer empty answers than polling, for a held connection.
        ViewMode::LongPolling => &["requests", "wasted", "mean-delay"],
        // Push costs one delivery per event, plus retries when receivers fail.
        ViewMode::Webhook => &["deliveries", "retries", "mean-delay"],
        ViewMode::Both => &["deliveries", "requests", "mean-delay"],
        ViewMode::Compare => &["requests", "mean-delay"],
        // On demand: one request per user action, none of them empty.
        ViewMode::OnDemand => &["user-actions", "empty-answers", "answer-wait"],
    }
}

/// The counter rows the focus layout shows for `view`.
pub fn key_counters(view: ViewMode) -> Vec<&'static CounterRow> {
    keys(view)
        .iter()
        .filter_map(|k| {
            COUNTER_ROWS
                .iter()
                .chain(&ON_DEMAND_ROWS)
                .find(|r| r.key == *k)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_view_shows_a_few_existing_counters_with_the_delay_among_them() {
        for view in ViewMode::ALL {
            let rows = key_counters(view);
            assert_eq!(
                rows.len(),
                keys(view).len(),
                "{view:?} names a missing counter"
            );
            assert!((2..=3).contains(&rows.len()));
            assert!(rows
                .iter()
                .any(|r| r.key == "mean-delay" || r.key == "answer-wait"));
        }
        let polling: Vec<_> = key_counters(ViewMode::Polling)
            .iter()
            .map(|r| r.key)
            .collect();
        assert_eq!(polling, ["requests", "wasted", "mean-delay"]);
        assert!(key_counters(ViewMode::Webhook)
            .iter()
            .any(|r| r.key == "deliveries"));
    }

    #[test]
    fn the_projector_theme_implies_focus() {
        use crate::app::{Action, State};
        use crate::url_state::Theme;
        let mut s = State::default();
        assert!(!s.focused());
        s.reduce(Action::SetFocus(true));
        assert!(s.focused());
        s.reduce(Action::SetFocus(false));
        s.reduce(Action::SetTheme(Some(Theme::Projector)));
        assert!(s.focused());
    }
}
