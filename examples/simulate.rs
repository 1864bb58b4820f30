//! Headless run of one scenario: prints one JSON object with the measured values (and the
//! closed forms under `theory`).
//!
//! `cargo run --release --example simulate -- --mode polling --clients 1000 --interval-s 5 --duration-s 86400`
//!
//! Runs on the simulator's fast path (empty polls counted in runs, skipped slots slept through)
//! unless `--exact`, `--transcript` or `--hash` asks for every message. Long runs report their
//! progress on stderr about once a second.

use std::cell::RefCell;
use std::io::Write;
use std::process::ExitCode;
use std::rc::Rc;
use std::time::Instant;

use webhook_vs_api::sim::{Config, ConfigError, Mode, Query, Simulation, TranscriptSink};

/// The flags, with the ranges of the settings' table.
fn usage() -> String {
    use webhook_vs_api::sim::config::limits::*;
    let d = Config::default();
    let r = |r: &std::ops::RangeInclusive<f64>| format!("{}..={}", r.start(), r.end());
    let s = |r: &std::ops::RangeInclusive<u64>| {
        format!(
            "{}..={}",
            *r.start() as f64 / 1000.0,
            *r.end() as f64 / 1000.0
        )
    };
    let n = |r: &std::ops::RangeInclusive<u64>| format!("{}..={}", r.start(), r.end());
    format!(
        "usage: simulate [FLAGS]
  --mode polling|webhook|hybrid|longpolling|ondemand   (default polling)
  --clients N                 {}..={} (default {})
  --interval-s S              poll interval in seconds, {} (default {})
  --rate-per-min R            events (on demand: user actions) per client per minute, {} (default {})
  --query profile|search|report   what on-demand users ask for (default profile)
  --latency-ms MS             one-way latency, {} (default {})
  --latency-jitter-ms MS      extra uniform latency, {} (default {})
  --loss P                    message loss probability, {} (default {})
  --ack-loss P                acknowledgement loss probability, {} (default {})
  --workers N                 server workers, {}..={} (default {})
  --service-ms MS             server service time, {} (default {})
  --poll-jitter F             poll jitter fraction of the interval, {} (default {})
  --retry-jitter F            retry jitter fraction, {} (default {})
  --reconcile-s S             hybrid reconciliation interval, 0 = off or {} (default {})
  --accept-queue N            polls waiting for a worker before 503, {}..={} (default {})
  --request-timeout-ms MS     poller's timeout beyond the idle round trip, {} (default {})
  --delivery-concurrency K    webhook attempts open at once per endpoint, 0 = no limit or up to {} (default {})
  --duration-s S              simulated seconds, up to {MAX_DURATION_S} (a year; default 3600)
  --exact                     one engine event per message and skipped slot (no fast path)
  --seed N                    random seed (default {})
  --start-unix T              Unix time of simulated zero (default {})
  --secret whsec_...          Standard Webhooks secret
  --registration R            off, on or handshake (default off)
  --outage-s START:LENGTH     receivers down from START for LENGTH seconds
  --transcript FILE           write every message as one JSON line
  --hash                      add transcript_sha256 to the output
  --by-version                webhook receivers ignore updates older than one processed
  --help",
        CLIENTS.start(),
        CLIENTS.end(),
        d.clients,
        s(&POLL_INTERVAL_MS),
        d.poll_interval_ms as f64 / 1000.0,
        r(&RATE_PER_MIN),
        d.rate_per_min,
        n(&LATENCY_MS),
        d.latency_ms,
        n(&LATENCY_JITTER_MS),
        d.latency_jitter_ms,
        r(&LOSS),
        d.loss,
        r(&ACK_LOSS),
        d.ack_loss,
        WORKERS.start(),
        WORKERS.end(),
        d.workers,
        n(&SERVICE_MS),
        d.service_ms,
        r(&POLL_JITTER),
        d.poll_jitter,
        r(&RETRY_JITTER),
        d.retry_jitter,
        s(&RECONCILE_INTERVAL_MS),
        d.reconcile_interval_ms as f64 / 1000.0,
        ACCEPT_QUEUE.start(),
        ACCEPT_QUEUE.end(),
        d.accept_queue,
        n(&REQUEST_TIMEOUT_MS),
        d.request_timeout_ms,
        DELIVERY_CONCURRENCY.end(),
        d.delivery_concurrency,
        d.seed,
        d.start_unix,
    )
}

/// The longest run: a year of simulated time.
const MAX_DURATION_S: u64 = 365 * 86_400;

struct Args {
    cfg: Config,
    duration_ms: u64,
    transcript: Option<String>,
    hash: bool,
    exact: bool,
}

fn seconds_to_ms(flag: &str, v: &str) -> Result<u64, String> {
    let s: f64 = v
        .parse()
        .map_err(|_| format!("{flag} expects a number of seconds, got {v:?}"))?;
    if !(0.0..=1e10).contains(&s) {
        return Err(format!("{flag} expects 0 to 1e10 seconds, got {v}"));
    }
    Ok((s * 1000.0).round() as u64)
}

fn parse<T: std::str::FromStr>(flag: &str, v: &str) -> Result<T, String> {
    v.parse().map_err(|_| format!("{flag}: cannot read {v:?}"))
}

fn parse_args(argv: &[String]) -> Result<Args, String> {
    let mut a = Args {
        cfg: Config::default(),
        duration_ms: 3_600_000,
        transcript: None,
        hash: false,
        exact: false,
    };
    let mut it = argv.iter();
    while let Some(flag) = it.next() {
        if flag == "--hash" {
            a.hash = true;
            continue;
        }
        if flag == "--by-version" {
            a.cfg.orders_by_version = true;
            continue;
        }
        if flag == "--exact" {
            a.exact = true;
            continue;
        }
        if flag == "--help" || flag == "-h" {
            return Err(String::new());
        }
        let v = it.next().ok_or_else(|| {
            // The usage text lists every flag that takes a value.
            if usage().contains(&format!("  {flag} ")) {
                format!("{flag} needs a value")
            } else {
                format!("unknown flag {flag}")
            }
        })?;
        let c = &mut a.cfg;
        match flag.as_str() {
            "--mode" => c.mode = v.parse::<Mode>().map_err(|e| e.to_string())?,
            "--clients" => c.clients = parse(flag, v)?,
            "--interval-s" => c.poll_interval_ms = seconds_to_ms(flag, v)?,
            "--rate-per-min" => c.rate_per_min = parse(flag, v)?,
            "--query" => c.query = v.parse::<Query>().map_err(|e| e.to_string())?,
            "--latency-ms" => c.latency_ms = parse(flag, v)?,
            "--latency-jitter-ms" => c.latency_jitter_ms = parse(flag, v)?,
            "--loss" => c.loss = parse(flag, v)?,
            "--ack-loss" => c.ack_loss = parse(flag, v)?,
            "--workers" => c.workers = parse(flag, v)?,
            "--service-ms" => c.service_ms = parse(flag, v)?,
            "--poll-jitter" => c.poll_jitter = parse(flag, v)?,
            "--retry-jitter" => c.retry_jitter = parse(flag, v)?,
            "--reconcile-s" => c.reconcile_interval_ms = seconds_to_ms(flag, v)?,
            "--accept-queue" => c.accept_queue = parse(flag, v)?,
            "--request-timeout-ms" => c.request_timeout_ms = parse(flag, v)?,
            "--delivery-concurrency" => c.delivery_concurrency = parse(flag, v)?,
            "--duration-s" => {
                a.duration_ms = seconds_to_ms(flag, v)?;
                if a.duration_ms > MAX_DURATION_S * 1000 {
                    return Err(format!(
                        "--duration-s expects at most {MAX_DURATION_S} (a year), got {v}"
                    ));
                }
            }
            "--seed" => c.seed = parse(flag, v)?,
            "--start-unix" => c.start_unix = parse(flag, v)?,
            "--secret" => c.secret = v.clone(),
            "--registration" => {
                c.registration = v.parse().map_err(|e: ConfigError| e.to_string())?
            }
            "--outage-s" => {
                let (s, l) = v
                    .split_once(':')
                    .ok_or_else(|| format!("--outage-s expects START:LENGTH, got {v:?}"))?;
                c.outage = Some((seconds_to_ms(flag, s)?, seconds_to_ms(flag, l)?));
            }
            "--transcript" => a.transcript = Some(v.clone()),
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    a.cfg.validate().map_err(|e| e.to_string())?;
    Ok(a)
}

/// Runs to `end_ms` in simulated hours, telling stderr how far it got about once a second.
fn run_with_progress(sim: &mut Simulation, end_ms: u64, started: Instant) {
    const HOUR_MS: u64 = 3_600_000;
    let mut told = 0;
    while sim.now_ms() < end_ms {
        sim.run_until(sim.now_ms().saturating_add(HOUR_MS).min(end_ms));
        let secs = started.elapsed().as_secs();
        if secs > told {
            told = secs;
            eprintln!(
                "progress: {:5.1} % ({:.0} of {:.0} simulated hours, {secs} s)",
                100.0 * sim.now_ms() as f64 / end_ms as f64,
                sim.now_ms() as f64 / HOUR_MS as f64,
                end_ms as f64 / HOUR_MS as f64,
            );
        }
    }
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse_args(&argv) {
        Ok(a) => a,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("error: {msg}");
            }
            eprintln!("{}", usage());
            return ExitCode::from(2);
        }
    };
    let mut sim = match Simulation::new(args.cfg.clone()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}\n{}", usage());
            return ExitCode::from(2);
        }
    };
    let writer = match &args.transcript {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Some(Rc::new(RefCell::new(std::io::BufWriter::new(f)))),
            Err(e) => {
                eprintln!("error: cannot create {path}: {e}");
                return ExitCode::from(1);
            }
        },
        None => None,
    };
    if args.hash || writer.is_some() {
        let sink: Option<TranscriptSink> = writer.clone().map(|w| {
            Box::new(move |line: &str| {
                let mut w = w.borrow_mut();
                let _ = w.write_all(line.as_bytes());
                let _ = w.write_all(b"\n");
            }) as TranscriptSink
        });
        sim.record_transcript(sink);
    }
    sim.set_fast_path(!args.exact);
    let started = Instant::now();
    run_with_progress(&mut sim, args.duration_ms, started);
    let wall = started.elapsed();
    if let Some(w) = &writer {
        if let Err(e) = w.borrow_mut().flush() {
            eprintln!("error: writing the transcript failed: {e}");
            return ExitCode::from(1);
        }
    }
    let mut out = match serde_json::to_value(sim.metrics().summary()) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let wall_s = wall.as_secs_f64();
    if let Some(obj) = out.as_object_mut() {
        obj.insert("engine_events".into(), sim.engine_events().into());
        obj.insert("wall_ms".into(), (wall_s * 1000.0).into());
        obj.insert(
            "sim_events_per_sec".into(),
            (sim.engine_events() as f64 / wall_s.max(1e-9)).into(),
        );
        obj.insert("pending".into(), sim.pending_events().into());
        if args.hash {
            obj.insert(
                "transcript_sha256".into(),
                sim.transcript_sha256().unwrap_or_default().into(),
            );
        }
        if let Ok(t) = serde_json::to_value(sim.theory()) {
            obj.insert("theory".into(), t);
        }
    }
    println!("{out}");
    ExitCode::SUCCESS
}
