//! Numbers, times and sizes as the page writes them. Pure, so every formatter is tested here.

/// What a cell shows when there is no value to give.
pub const DASH: &str = "—";

/// Simulated time as h:mm:ss.mmm.
pub fn clock(ms: u64) -> String {
    let s = ms / 1000;
    format!(
        "{}:{:02}:{:02}.{:03}",
        s / 3600,
        s / 60 % 60,
        s % 60,
        ms % 1000
    )
}

/// Milliseconds in the unit that reads best: ms below a second, else seconds.
pub fn secs(ms: f64) -> String {
    if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

/// A count, shortened to thousands or millions when long.
pub fn count(n: f64) -> String {
    if n >= 1e6 {
        format!("{:.2} M", n / 1e6)
    } else if n >= 1e4 {
        format!("{:.1} k", n / 1e3)
    } else {
        format!("{n:.0}")
    }
}

pub fn bytes(n: u64) -> String {
    match n {
        0..=9_999 => format!("{n} B"),
        10_000..=9_999_999 => format!("{:.1} kB", n as f64 / 1e3),
        _ => format!("{:.1} MB", n as f64 / 1e6),
    }
}

/// A fraction as a percentage with one decimal.
pub fn pct(f: f64) -> String {
    format!("{:.1} %", f * 100.0)
}

/// A duration to the precision a retry schedule needs: tenths of seconds, then minutes, hours.
pub fn duration(ms: u64) -> String {
    let s = ms / 1000;
    match s {
        0..=59 => format!("{:.1} s", ms as f64 / 1000.0),
        60..=3599 => format!("{} min {} s", s / 60, s % 60),
        _ => format!("{} h {} min", s / 3600, s / 60 % 60),
    }
}

/// A lesson's span, in its largest whole unit.
pub fn span(ms: u64) -> String {
    let min = ms / 60_000;
    match min {
        0 => format!("{} s", ms / 1000),
        1..=59 => format!("{min} min"),
        _ => format!("{} h", min / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_pads_every_field_but_the_hours() {
        assert_eq!(clock(0), "0:00:00.000");
        assert_eq!(clock(3_723_045), "1:02:03.045");
        assert_eq!(clock(90_000_000), "25:00:00.000");
    }

    #[test]
    fn counts_and_sizes_shorten_at_their_thresholds() {
        assert_eq!(count(9_999.0), "9999");
        assert_eq!(count(12_345.0), "12.3 k");
        assert_eq!(count(17_280_000.0), "17.28 M");
        assert_eq!(bytes(9_999), "9999 B");
        assert_eq!(bytes(10_000), "10.0 kB");
        assert_eq!(bytes(12_500_000), "12.5 MB");
        assert_eq!(pct(0.0357), "3.6 %");
    }

    #[test]
    fn durations_pick_their_unit() {
        assert_eq!(secs(250.4), "250 ms");
        assert_eq!(secs(2_500.0), "2.50 s");
        assert_eq!(duration(5_000), "5.0 s");
        assert_eq!(duration(305_000), "5 min 5 s");
        assert_eq!(duration(7_260_000), "2 h 1 min");
        assert_eq!(span(30_000), "30 s");
        assert_eq!(span(600_000), "10 min");
        assert_eq!(span(86_400_000), "24 h");
    }
}
