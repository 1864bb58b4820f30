//! The page's state in its query string, so that any view can be shared and reproduced exactly.
//! Pure and small on purpose (no URL crate): [`parse`] reads a query string into a [`UrlState`]
//! and says, in plain words, what it ignored or clamped; [`to_query`] writes the canonical query
//! back, naming only what differs from the baseline (the defaults, or the open lesson's setup).
//!
//! | name | values | default |
//! | --- | --- | --- |
//! | `mode` | `polling`, `webhook`, `hybrid`, `compare` | `polling` |
//! | `preset` | `payments`, `orders`, `chat`, `signups` | `orders` |
//! | `clients` | 1 to 10000 | the preset's |
//! | `interval` | poll interval in seconds, 0.5 to 600 | the preset's |
//! | `rate` | events per client per minute, 0 to 120 | the preset's |
//! | `latency` | one-way network latency in ms, 0 to 5000 | the preset's |
//! | `seed` | whole number, 0 to 2^64 − 1 | 42 |
//! | `speed` | 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100 | 1 |
//! | `lesson` | a lesson's slug or its number from 1 | none |
//! | `theme` | `light`, `dark`, `projector` | the system's |
//! | `embed` | `1` or `0` | `0` |
//! | `lock` | `1` or `0` | `0` |

use crate::lessons;
use crate::scenario::{Field, Preset, Settings};
use crate::view::{snap_speed, ViewMode};

/// Colour scheme; `None` in [`UrlState`] follows the system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    /// High contrast and large type for a room.
    Projector,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::Projector];

    pub fn key(self) -> &'static str {
        match self {
            Self::Light => "light",
            Self::Dark => "dark",
            Self::Projector => "projector",
        }
    }

    pub fn from_key(key: &str) -> Option<Theme> {
        Self::ALL.into_iter().find(|t| t.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Light => "Light",
            Self::Dark => "Dark",
            Self::Projector => "Projector",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct UrlState {
    pub view: ViewMode,
    pub settings: Settings,
    pub speed: f64,
    /// Index of the open lesson.
    pub lesson: Option<usize>,
    pub theme: Option<Theme>,
    pub embed: bool,
    pub lock: bool,
}

impl Default for UrlState {
    fn default() -> Self {
        let (view, settings) = baseline(None);
        Self {
            view,
            settings,
            speed: 1.0,
            lesson: None,
            theme: None,
            embed: false,
            lock: false,
        }
    }
}

/// The view and settings that a query without `mode`, `preset` or numbers means.
pub fn baseline(lesson: Option<usize>) -> (ViewMode, Settings) {
    match lesson.and_then(|i| lessons::PLANS.get(i)) {
        Some(p) => (p.setup.view, p.setup.settings()),
        None => (ViewMode::Polling, Settings::default()),
    }
}

/// The parameters, by their stable names.
const KNOWN: [&str; 12] = [
    "mode", "preset", "clients", "interval", "rate", "latency", "seed", "speed", "lesson", "theme",
    "embed", "lock",
];

/// The value each known parameter was given first.
struct Values([Option<String>; KNOWN.len()]);

impl Values {
    fn get(&self, name: &str) -> Option<&String> {
        let k = KNOWN.iter().position(|k| *k == name)?;
        self.0[k].as_ref()
    }
}

/// Parameters read at most; the rest of a longer query is ignored.
const MAX_PAIRS: usize = 64;
/// Notices listed at most; the rest are counted.
const MAX_NOTICES: usize = 6;

/// A value or name as it may be quoted in a notice: short, printable.
fn quote(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .take(24)
        .collect();
    if s.chars().count() > 24 {
        out.push('…');
    }
    format!("“{out}”")
}

/// Decodes `%XX` and `+`; `None` when a `%` is not followed by two hex digits or the bytes are
/// not UTF-8.
fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                if !hex.iter().all(u8::is_ascii_hexdigit) {
                    return None;
                }
                out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// A finite or infinite number (infinities are clamped later); `None` for anything else.
fn number(v: &str) -> Option<f64> {
    let v = v.trim();
    // Rust also reads "inf" and "NaN"; a URL number is digits, a sign, a point or an exponent.
    if v.is_empty() || !v.bytes().all(|b| b"0123456789+-.eE".contains(&b)) {
        return None;
    }
    v.parse::<f64>()
        .ok()
        .filter(|x| !x.is_nan())
        .map(|x| x + 0.0)
}

fn flag(v: &str) -> Option<bool> {
    match v {
        "1" | "true" | "yes" | "on" | "" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// Reads a query string (with or without its leading `?`). Never fails: what cannot be used is
/// left at its default and described in the returned notices.
pub fn parse(query: &str) -> (UrlState, Vec<String>) {
    let mut notes = Vec::new();
    let query = query.strip_prefix('?').unwrap_or(query);
    // The first value of each known parameter, in the order of `KNOWN`.
    let mut found: [Option<String>; KNOWN.len()] = Default::default();
    let mut repeated = [false; KNOWN.len()];
    let pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    if pairs.len() > MAX_PAIRS {
        notes.push(format!(
            "The address has {} parameters; only the first {MAX_PAIRS} were read.",
            pairs.len()
        ));
    }
    for pair in pairs.into_iter().take(MAX_PAIRS) {
        let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let (Some(key), Some(value)) = (decode(raw_key), decode(raw_value)) else {
            notes.push(format!(
                "The parameter {} is not correctly encoded and was ignored.",
                quote(pair)
            ));
            continue;
        };
        match KNOWN.iter().position(|k| *k == key) {
            None => notes.push(format!("Unknown parameter {} was ignored.", quote(&key))),
            Some(k) if found[k].is_some() => {
                if !repeated[k] {
                    repeated[k] = true;
                    notes.push(format!(
                        "The parameter {} appears more than once; the first value is used.",
                        quote(KNOWN[k])
                    ));
                }
            }
            Some(k) => found[k] = Some(value),
        }
    }
    let values = Values(found);
    let bad = |notes: &mut Vec<String>, name: &str, v: &str, expected: &str| {
        notes.push(format!(
            "The value {} of {} was ignored: {expected}.",
            quote(v),
            quote(name)
        ))
    };

    let lesson = values.get("lesson").and_then(|v| {
        let found = lessons::find(v);
        if found.is_none() {
            match number(v) {
                Some(n) => {
                    let fixed = n.round().clamp(1.0, lessons::COUNT as f64) as usize;
                    notes.push(format!(
                        "There is no lesson {}; lesson {fixed} is shown.",
                        quote(v)
                    ));
                    return Some(fixed - 1);
                }
                None => bad(
                    &mut notes,
                    "lesson",
                    v,
                    &format!(
                        "expected a lesson name or a number from 1 to {}",
                        lessons::COUNT
                    ),
                ),
            }
        }
        found
    });
    let (mut view, mut settings) = baseline(lesson);
    if let Some(v) = values.get("mode") {
        match ViewMode::from_key(v) {
            Some(m) => view = m,
            None => bad(
                &mut notes,
                "mode",
                v,
                "expected polling, webhook, hybrid or compare",
            ),
        }
    }
    if let Some(v) = values.get("preset") {
        match Preset::from_key(v) {
            Some(p) => {
                settings = Settings {
                    seed: settings.seed,
                    ..Settings::from_preset(p)
                }
            }
            None => bad(
                &mut notes,
                "preset",
                v,
                "expected payments, orders, chat or signups",
            ),
        }
    }
    let mut custom = false;
    for f in Field::ALL {
        let Some(v) = values.get(f.key()) else {
            continue;
        };
        match number(v) {
            Some(n) => {
                custom = true;
                if let Some(note) = settings.set(f, n) {
                    notes.push(note);
                }
            }
            None => bad(&mut notes, f.key(), v, "expected a number"),
        }
    }
    if custom {
        settings.preset = None;
    }
    if let Some(v) = values.get("seed") {
        match v.trim().parse::<u64>() {
            Ok(s) => settings.seed = s,
            Err(_) => bad(
                &mut notes,
                "seed",
                v,
                "expected a whole number from 0 to 18446744073709551615",
            ),
        }
    }
    let mut speed = 1.0;
    if let Some(v) = values.get("speed") {
        match number(v) {
            Some(s) => {
                speed = snap_speed(s);
                if speed != s {
                    notes.push(format!(
                        "Speed {} is not offered; {speed}× is used.",
                        quote(v)
                    ));
                }
            }
            None => bad(&mut notes, "speed", v, "expected a number"),
        }
    }
    let theme = values.get("theme").and_then(|v| {
        let t = Theme::from_key(v);
        if t.is_none() {
            bad(&mut notes, "theme", v, "expected light, dark or projector");
        }
        t
    });
    let mut flag_of = |name: &str| {
        values.get(name).is_some_and(|v| {
            let f = flag(v);
            if f.is_none() {
                bad(&mut notes, name, v, "expected 1 or 0");
            }
            f.unwrap_or(false)
        })
    };
    let embed = flag_of("embed");
    let lock = flag_of("lock");

    if notes.len() > MAX_NOTICES {
        let more = notes.len() - MAX_NOTICES + 1;
        notes.truncate(MAX_NOTICES - 1);
        notes.push(format!("…and {more} more problems with the address."));
    }
    (
        UrlState {
            view,
            settings,
            speed,
            lesson,
            theme,
            embed,
            lock,
        },
        notes,
    )
}

/// The canonical query for a state, without the leading `?`: empty when everything is at its
/// baseline. Parameters come in a fixed order, so an unchanged page keeps an unchanged URL.
pub fn to_query(s: &UrlState) -> String {
    let (view, base) = baseline(s.lesson);
    let mut out: Vec<(&str, String)> = Vec::new();
    if let Some(i) = s.lesson.and_then(|i| lessons::PLANS.get(i)) {
        out.push(("lesson", i.slug.to_string()));
    }
    if s.view != view {
        out.push(("mode", s.view.key().to_string()));
    }
    let same_numbers = Settings {
        seed: base.seed,
        ..s.settings.clone()
    } == base;
    if !same_numbers {
        match s.settings.preset {
            Some(p) => out.push(("preset", p.key().to_string())),
            None => {
                for f in Field::ALL {
                    out.push((f.key(), s.settings.get(f).to_string()));
                }
            }
        }
    }
    if s.settings.seed != base.seed {
        out.push(("seed", s.settings.seed.to_string()));
    }
    if s.speed != 1.0 {
        out.push(("speed", s.speed.to_string()));
    }
    if let Some(t) = s.theme {
        out.push(("theme", t.key().to_string()));
    }
    if s.embed {
        out.push(("embed", "1".into()));
    }
    if s.lock {
        out.push(("lock", "1".into()));
    }
    out.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_query_is_the_default() {
        assert_eq!(parse(""), (UrlState::default(), vec![]));
        assert_eq!(parse("?"), (UrlState::default(), vec![]));
        assert_eq!(to_query(&UrlState::default()), "");
    }

    #[test]
    fn decoding_handles_plus_and_percent() {
        assert_eq!(decode("a+b%20c").as_deref(), Some("a b c"));
        assert_eq!(decode("%E2%9C%93").as_deref(), Some("✓"));
        assert_eq!(decode("%"), None);
        assert_eq!(decode("%zz"), None);
        assert_eq!(decode("%ff"), None);
    }
}
