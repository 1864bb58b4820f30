//! Drives one or two simulations (two in Compare) in wall-clock time: playback speed, a single
//! step to the next engine event, and a fast-forward done in slices that each fit a frame budget,
//! on the simulator's fast path but for its last simulated minute (playback draws every message,
//! so it runs per event).
//! Pure: the caller passes wall-clock milliseconds in, so the browser tick and native tests drive
//! the same code.

use crate::sim::{Config, ConfigError, Simulation};

/// The longest wall-clock gap one tick may turn into simulated time; a tab that slept does not
/// jump hours ahead.
const MAX_TICK_GAP_MS: f64 = 250.0;
/// A fast-forward runs its last simulated minute per event, so the message log, the inspector
/// and the eavesdropper hold the messages it ended with (the fast path logs none).
const PER_EVENT_TAIL_MS: u64 = 60_000;

/// A fast-forward under way: all stages run to `target_ms`, a slice per tick.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FastForward {
    pub from_ms: u64,
    pub target_ms: u64,
    /// Simulated time run per slice, adapted to the frame budget.
    slice_ms: u64,
}

impl FastForward {
    /// Fraction done, 0 to 1.
    pub fn progress(&self, now_ms: u64) -> f64 {
        let span = self.target_ms.saturating_sub(self.from_ms).max(1) as f64;
        (now_ms.saturating_sub(self.from_ms) as f64 / span).clamp(0.0, 1.0)
    }
}

pub struct Driver {
    stages: Vec<Simulation>,
    last_wall_ms: Option<f64>,
    /// Simulated time owed to the stages below one millisecond.
    carry_ms: f64,
    fast_forward: Option<FastForward>,
}

impl Driver {
    /// One stage per config; all must be valid.
    pub fn new(configs: &[Config]) -> Result<Self, ConfigError> {
        Ok(Self {
            stages: configs
                .iter()
                .cloned()
                .map(Simulation::new)
                .collect::<Result<_, _>>()?,
            last_wall_ms: None,
            carry_ms: 0.0,
            fast_forward: None,
        })
    }

    pub fn stages(&self) -> &[Simulation] {
        &self.stages
    }

    pub fn stages_mut(&mut self) -> &mut [Simulation] {
        &mut self.stages
    }

    /// Simulated time of the stages (they move together).
    pub fn now_ms(&self) -> u64 {
        self.stages.first().map_or(0, Simulation::now_ms)
    }

    pub fn fast_forward(&self) -> Option<FastForward> {
        self.fast_forward
    }

    /// Forgets the last tick's wall time, so that playback resumes without a jump.
    pub fn pause(&mut self) {
        self.last_wall_ms = None;
        self.carry_ms = 0.0;
    }

    /// Plays `speed` simulated ms per wall ms since the last tick, or works on a fast-forward.
    pub fn tick(&mut self, wall_ms: f64, speed: f64, budget_ms: f64, clock: impl Fn() -> f64) {
        let gap = self
            .last_wall_ms
            .map_or(0.0, |last| (wall_ms - last).clamp(0.0, MAX_TICK_GAP_MS));
        self.last_wall_ms = Some(wall_ms);
        if self.fast_forward.is_some() {
            self.work_fast_forward(wall_ms + budget_ms, clock);
            return;
        }
        let owed = gap * speed.max(0.0) + self.carry_ms;
        let whole = owed.floor();
        self.carry_ms = owed - whole;
        let t = self.now_ms().saturating_add(whole as u64);
        self.run_until(t);
    }

    /// Runs every stage to the earliest next engine event of any of them.
    pub fn step(&mut self) {
        if let Some(t) = self
            .stages
            .iter()
            .filter_map(Simulation::next_event_ms)
            .min()
        {
            self.run_until(t.max(self.now_ms()));
        }
    }

    pub fn run_until(&mut self, t_ms: u64) {
        for s in &mut self.stages {
            s.run_until(t_ms);
        }
    }

    /// Starts running `span_ms` ahead in slices; replaces any fast-forward under way.
    pub fn start_fast_forward(&mut self, span_ms: u64) {
        let from_ms = self.now_ms();
        self.fast_forward = Some(FastForward {
            from_ms,
            target_ms: from_ms.saturating_add(span_ms),
            slice_ms: 1_000,
        });
        self.set_fast_path(true);
    }

    /// Stops a fast-forward where it is.
    pub fn cancel_fast_forward(&mut self) {
        self.fast_forward = None;
        self.set_fast_path(false);
    }

    fn set_fast_path(&mut self, on: bool) {
        for s in &mut self.stages {
            s.set_fast_path(on);
        }
    }

    /// Runs slices until `deadline_ms` on `clock`, doubling the slice while slices are quick and
    /// halving it when one overruns, so a tick stays near its budget whatever the load.
    fn work_fast_forward(&mut self, deadline_ms: f64, clock: impl Fn() -> f64) {
        let Some(mut ff) = self.fast_forward else {
            return;
        };
        loop {
            let started = clock();
            if started >= deadline_ms {
                break;
            }
            let tail_from = ff.target_ms.saturating_sub(PER_EVENT_TAIL_MS);
            let now = self.now_ms();
            if now >= tail_from {
                self.set_fast_path(false);
            }
            let until = if now < tail_from {
                tail_from
            } else {
                ff.target_ms
            };
            let t = now.saturating_add(ff.slice_ms).min(until);
            self.run_until(t);
            if t >= ff.target_ms {
                self.cancel_fast_forward();
                return;
            }
            let took = clock() - started;
            let left = deadline_ms - clock();
            if took * 4.0 < left {
                ff.slice_ms = ff.slice_ms.saturating_mul(2).min(3_600_000);
            } else if took > left {
                ff.slice_ms = (ff.slice_ms / 2).max(10);
            }
        }
        self.fast_forward = Some(ff);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Mode;
    use std::cell::Cell;

    fn configs() -> Vec<Config> {
        [Mode::Polling, Mode::Webhook]
            .map(|mode| Config {
                mode,
                clients: 20,
                ..Config::default()
            })
            .to_vec()
    }

    #[test]
    fn playback_turns_wall_time_into_simulated_time_at_the_speed() {
        let mut d = Driver::new(&configs()).unwrap();
        d.tick(1_000.0, 4.0, 10.0, || 0.0);
        assert_eq!(d.now_ms(), 0, "the first tick only starts the clock");
        d.tick(1_100.0, 4.0, 10.0, || 0.0);
        assert_eq!(d.now_ms(), 400);
        d.tick(1_100.25, 2.0, 10.0, || 0.0);
        d.tick(1_100.5, 2.0, 10.0, || 0.0);
        assert_eq!(
            d.now_ms(),
            401,
            "fractions of a millisecond are carried, not lost"
        );
        d.tick(90_000.0, 1.0, 10.0, || 0.0);
        assert_eq!(
            d.now_ms(),
            651,
            "a long gap counts as at most {MAX_TICK_GAP_MS} ms"
        );
        assert!(d.stages().iter().all(|s| s.now_ms() == 651));
    }

    #[test]
    fn fast_forward_in_slices_matches_one_run() {
        let mut sliced = Driver::new(&configs()).unwrap();
        let mut whole = Driver::new(&configs()).unwrap();
        sliced.start_fast_forward(3_600_000);
        // A fake clock that advances 1 ms per reading: a tick gets a handful of slices.
        let clock = Cell::new(0.0);
        let read = || {
            clock.set(clock.get() + 1.0);
            clock.get()
        };
        let mut ticks = 0;
        while sliced.fast_forward().is_some() {
            let progress = sliced.fast_forward().unwrap().progress(sliced.now_ms());
            sliced.tick(clock.get(), 1.0, 8.0, read);
            ticks += 1;
            assert!(ticks < 10_000, "fast-forward never finished");
            if let Some(ff) = sliced.fast_forward() {
                assert!(ff.progress(sliced.now_ms()) >= progress);
            }
        }
        whole.run_until(3_600_000);
        assert!(ticks > 1, "the work was spread over several ticks");
        assert!(
            sliced.stages().iter().all(|s| !s.fast_path()),
            "playback runs per event"
        );
        for (a, b) in sliced.stages().iter().zip(whole.stages()) {
            assert_eq!(a.now_ms(), 3_600_000);
            assert_eq!(a.metrics().summary(), b.metrics().summary());
            // The last minute ran per event: the log shows how the fast-forward ended.
            let last_minute = a.messages().filter(|m| m.sent_ms >= 3_540_000).count();
            assert!(
                last_minute > 20,
                "{last_minute} messages logged in the last minute"
            );
        }
    }

    #[test]
    fn cancel_stops_where_it_is() {
        let mut d = Driver::new(&configs()).unwrap();
        d.start_fast_forward(86_400_000);
        let clock = Cell::new(0.0);
        d.tick(0.0, 1.0, 3.0, || {
            clock.set(clock.get() + 1.0);
            clock.get()
        });
        d.cancel_fast_forward();
        let stopped = d.now_ms();
        assert!(stopped > 0 && stopped < 86_400_000);
        d.tick(1.0, 0.0, 3.0, || 0.0);
        assert_eq!(d.now_ms(), stopped);
    }

    #[test]
    fn step_reaches_the_next_event_of_either_stage() {
        let mut d = Driver::new(&configs()).unwrap();
        let next = d
            .stages()
            .iter()
            .filter_map(Simulation::next_event_ms)
            .min()
            .unwrap();
        d.step();
        assert_eq!(d.now_ms(), next);
        assert!(d.stages().iter().any(|s| s.engine_events() == 1));
    }

    #[test]
    fn an_invalid_config_is_an_error_not_a_panic() {
        let bad = Config {
            clients: 0,
            ..Config::default()
        };
        assert!(Driver::new(&[bad]).is_err());
    }
}
