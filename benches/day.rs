//! The day benchmark: 1,000 clients polling every 5 s for 24 simulated hours, beside a bare
//! binary-heap pop-and-push loop of the same length run in the same process, so the engine's
//! events per second read as a fraction of what the queue alone allows on this machine.
//!
//! Then a simulated week at the same settings on the fast path (polls and the events they carry
//! counted in runs), as fast-forwards and the headless example run it.
//!
//! Prints the median of three runs of each and their ratio.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::hint::black_box;
use std::time::Instant;

use webhook_vs_api::sim::{Config, Mode, Simulation};

const DAY_MS: u64 = 86_400_000;
const WEEK_MS: u64 = 7 * DAY_MS;
const RUNS: usize = 3;

/// `span_ms` of 1,000 clients polling every 5 s, per event or on the fast path: engine events
/// processed and wall-clock seconds taken.
fn run(span_ms: u64, fast: bool) -> (u64, f64) {
    let cfg = Config {
        mode: Mode::Polling,
        clients: 1_000,
        poll_interval_ms: 5_000,
        ..Config::default()
    };
    let mut sim = Simulation::new(cfg).expect("benchmark settings are valid");
    sim.set_fast_path(fast);
    let t = Instant::now();
    sim.run_until(span_ms);
    (sim.engine_events(), t.elapsed().as_secs_f64())
}

/// An entry the size of the engine's (time, sequence, a 16-byte event), ordered the same way.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Entry {
    time: u64,
    seq: u64,
    ev: [u32; 4],
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Entry {
    fn cmp(&self, o: &Self) -> Ordering {
        (o.time, o.seq).cmp(&(self.time, self.seq))
    }
}

/// Pops the earliest entry and pushes one a pseudo-random 0–5 s later, `events` times, over a
/// queue as long as the day's (two pending events per client: its next event and its next poll).
/// Returns the seconds taken.
fn heap_loop(events: u64) -> f64 {
    let mut heap = BinaryHeap::with_capacity(4_096);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for seq in 0..2_000u64 {
        heap.push(Entry {
            time: next() % 5_000,
            seq,
            ev: [seq as u32; 4],
        });
    }
    let t = Instant::now();
    for seq in 2_000..2_000 + events {
        let Some(e) = heap.pop() else { break };
        heap.push(Entry {
            time: e.time + next() % 5_000,
            seq,
            ev: black_box(e.ev),
        });
    }
    black_box(heap.peek().map(|e| e.time));
    t.elapsed().as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let mut engine = Vec::new();
    let mut heap = Vec::new();
    let mut week = Vec::new();
    for _ in 0..RUNS {
        week.push(run(WEEK_MS, true).1);
        let (events, secs) = run(DAY_MS, false);
        engine.push(events as f64 / secs);
        heap.push(events as f64 / heap_loop(events));
    }
    let (e, h) = (median(engine), median(heap));
    println!(
        "day, engine:    {:5.1} M events/s (median of {RUNS})",
        e / 1e6
    );
    println!(
        "day, heap loop: {:5.1} M events/s (median of {RUNS})",
        h / 1e6
    );
    println!("engine / heap loop: {:.2}", e / h);
    println!("week, fast path: {:5.2} s (median of {RUNS})", median(week));
}
