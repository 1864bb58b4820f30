//! What the learner is looking at (mode) and how fast it plays. Pure: shared by the UI, the URL
//! state and the lessons, so that all three name a view the same way.

/// The simulator's views.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewMode {
    Polling,
    LongPolling,
    Webhook,
    Both,
    Compare,
    OnDemand,
}

impl ViewMode {
    pub const ALL: [ViewMode; 6] = [
        ViewMode::Polling,
        ViewMode::LongPolling,
        ViewMode::Webhook,
        ViewMode::Both,
        ViewMode::Compare,
        ViewMode::OnDemand,
    ];

    /// Short, stable name used in ids and URLs.
    pub fn key(self) -> &'static str {
        match self {
            Self::Polling => "polling",
            Self::LongPolling => "longpolling",
            Self::Webhook => "webhook",
            Self::Both => "hybrid",
            Self::Compare => "compare",
            Self::OnDemand => "ondemand",
        }
    }

    pub fn from_key(key: &str) -> Option<ViewMode> {
        Self::ALL.into_iter().find(|m| m.key() == key)
    }

    /// The simulations this view runs; Compare runs both on the same settings and seed.
    pub fn modes(self) -> &'static [crate::sim::Mode] {
        use crate::sim::Mode;
        match self {
            Self::Polling => &[Mode::Polling],
            Self::LongPolling => &[Mode::LongPolling],
            Self::Webhook => &[Mode::Webhook],
            Self::Both => &[Mode::Hybrid],
            Self::Compare => &[Mode::Polling, Mode::Webhook],
            Self::OnDemand => &[Mode::OnDemand],
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Polling => "API polling",
            Self::LongPolling => "Long polling",
            Self::Webhook => "Webhook",
            Self::Both => "Both",
            Self::Compare => "Compare",
            Self::OnDemand => "On demand",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Self::Polling => "The client keeps asking the server whether anything is new, like walking to the mailbox to look for letters.",
            Self::LongPolling => "The client asks, and the server holds the question open until something is new or a timeout passes: fewer empty answers, but a connection held per client.",
            Self::Webhook => "The server calls the client's URL the moment something happens, like a doorbell that rings when a visitor arrives.",
            Self::Both => "A webhook says that something changed, then the client fetches the details through the API.",
            Self::Compare => "Polling and webhooks side by side, fed the very same stream of events.",
            Self::OnDemand => "The client asks only when a user wants something (a profile, a search, a report), and the answer holds exactly what was asked.",
        }
    }
}

/// Playback speeds offered, simulated seconds per wall-clock second.
pub const SPEEDS: [f64; 9] = [0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 100.0];

/// The offered speed nearest to `s` (1× for a value that is not a number).
pub fn snap_speed(s: f64) -> f64 {
    if s.is_nan() {
        return 1.0;
    }
    let s = s.clamp(SPEEDS[0], SPEEDS[SPEEDS.len() - 1]);
    SPEEDS
        .into_iter()
        .min_by(|a, b| (a - s).abs().total_cmp(&(b - s).abs()))
        .unwrap_or(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_speeds_snap() {
        for m in ViewMode::ALL {
            assert_eq!(ViewMode::from_key(m.key()), Some(m));
        }
        assert_eq!(snap_speed(3.0), 2.0);
        assert_eq!(snap_speed(1e300), 100.0);
        assert_eq!(snap_speed(f64::NEG_INFINITY), 0.25);
        assert_eq!(snap_speed(f64::NAN), 1.0);
        assert_eq!(snap_speed(25.0), 25.0);
    }
}
