//! The page's state in its query string, so that any view can be shared and reproduced exactly.
//! Pure: [`parse`] reads a query string into a [`UrlState`] and says, in plain words, what it
//! ignored or clamped; [`to_query`] writes the canonical query back, naming only what differs
//! from the baseline (the defaults, or the open lesson's setup).
//!
//! | name | values | default |
//! | --- | --- | --- |
//! | `mode` | `polling`, `longpolling`, `webhook`, `hybrid`, `compare`, `ondemand` | `polling` |
//! | `preset` | `payments`, `orders`, `chat`, `signups`, `capacity`, `weather`, `social`, `cloud`; on demand: `profile`, `search`, `report` | `orders` |
//! | `clients` | 1 to 10000 | the preset's |
//! | `interval` | poll interval in seconds, 0.5 to 600 | the preset's |
//! | `rate` | events (on demand: user actions) per client per minute, 0 to 120 | the preset's |
//! | `query` | what on-demand users ask for: `profile`, `search`, `report` | the preset's (`profile`) |
//! | `latency` | one-way network latency in ms, 0 to 5000 | the preset's |
//! | `byversion` | `1`: webhook receivers ignore updates older than one processed | `0` |
//! | `concurrency` | deliveries open at once per endpoint, 0 (no limit) to 100 | `0` |
//! | `seed` | whole number, 0 to 2^64 − 1 | 42 |
//! | `api` | how API requests travel: `http` or `https` | `https` |
//! | `webhooks` | how webhook deliveries travel: `http` or `https` | `https` |
//! | `speed` | 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100 | 1 |
//! | `lesson` | a lesson's slug or its number from 1 | none |
//! | `theme` | `light`, `dark`, `projector` | the system's |
//! | `embed` | `1` or `0` | `0` |
//! | `lock` | `1` or `0` | `0` |
//! | `view` | `simulator`, `lab`, `teacher`, `quiz` | `simulator` |

use crate::lessons;
use crate::scenario::{Field, Preset, Settings};
use crate::sim::registration::Registration;
use crate::sim::wire::{Direction, Scheme};
use crate::sim::Query as UserQuery;
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

/// The page's top-level views.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Page {
    #[default]
    Simulator,
    /// The signature lab.
    Lab,
    /// The teacher's guide.
    Teacher,
    /// The concept checks.
    Quiz,
}

impl Page {
    pub const ALL: [Page; 4] = [Page::Simulator, Page::Lab, Page::Teacher, Page::Quiz];

    pub fn key(self) -> &'static str {
        match self {
            Self::Simulator => "simulator",
            Self::Lab => "lab",
            Self::Teacher => "teacher",
            Self::Quiz => "quiz",
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
    pub page: Page,
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
            page: Page::Simulator,
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

/// The parameters, in the order of the canonical query. Each one's values come from the list or
/// range that the rest of the program uses: the enums' `ALL` lists, [`Field::range`] and
/// [`crate::view::SPEEDS`].
#[derive(Clone, Copy, PartialEq)]
enum Param {
    Lesson,
    Mode,
    Preset,
    Field(Field),
    Query,
    ByVersion,
    Concurrency,
    Seed,
    Scheme(Direction),
    Registration,
    Speed,
    Theme,
    Embed,
    Lock,
    View,
}

const PARAMS: [Param; 19] = [
    Param::Lesson,
    Param::Mode,
    Param::Preset,
    Param::Field(Field::Clients),
    Param::Field(Field::Interval),
    Param::Field(Field::Rate),
    Param::Field(Field::Latency),
    Param::Query,
    Param::ByVersion,
    Param::Concurrency,
    Param::Seed,
    Param::Scheme(Direction::Api),
    Param::Scheme(Direction::Webhook),
    Param::Registration,
    Param::Speed,
    Param::Theme,
    Param::Embed,
    Param::Lock,
    Param::View,
];

impl Param {
    /// The stable name in the query string.
    fn key(self) -> &'static str {
        match self {
            Self::Lesson => "lesson",
            Self::Mode => "mode",
            Self::Preset => "preset",
            Self::Field(f) => f.key(),
            Self::Query => "query",
            Self::ByVersion => "byversion",
            Self::Concurrency => "concurrency",
            Self::Seed => "seed",
            Self::Scheme(Direction::Api) => "api",
            Self::Scheme(Direction::Webhook) => "webhooks",
            Self::Registration => "registration",
            Self::Speed => "speed",
            Self::Theme => "theme",
            Self::Embed => "embed",
            Self::Lock => "lock",
            Self::View => "view",
        }
    }

    /// The notice for a value that cannot be used, saying what can.
    fn rejected(self, v: &str) -> String {
        format!(
            "The value {} of {} was ignored: expected {}.",
            quote(v),
            quote(self.key()),
            self.expected()
        )
    }

    /// What a usable value looks like. Numbers outside a range are not ignored but clamped, with
    /// a notice of their own.
    fn expected(self) -> String {
        match self {
            Self::Lesson => format!("a lesson name or a number from 1 to {}", lessons::COUNT),
            Self::Mode => one_of(&ViewMode::ALL.map(ViewMode::key)),
            Self::Preset => one_of(&Preset::ALL.map(Preset::key)),
            Self::Field(_) | Self::Speed | Self::Concurrency => "a number".into(),
            Self::Query => one_of(&UserQuery::ALL.map(UserQuery::as_str)),
            Self::Seed => format!("a whole number from 0 to {}", u64::MAX),
            Self::Theme => one_of(&Theme::ALL.map(Theme::key)),
            Self::Embed | Self::Lock | Self::ByVersion => "1 or 0".into(),
            Self::Scheme(_) => one_of(&Scheme::ALL.map(Scheme::as_str)),
            Self::Registration => one_of(&Registration::ALL.map(Registration::as_str)),
            Self::View => one_of(&Page::ALL.map(Page::key)),
        }
    }
}

/// "a, b or c".
fn one_of(keys: &[&str]) -> String {
    let mut out = String::new();
    for (i, key) in keys.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == keys.len() { " or " } else { ", " });
        }
        out.push_str(key);
    }
    out
}

/// The item of `all` whose key is `v`.
fn choose<T: Copy>(all: &[T], key: fn(T) -> &'static str, v: &str) -> Option<T> {
    all.iter().copied().find(|&t| key(t) == v)
}

/// Parameters read at most; the rest of a longer query is ignored.
const MAX_PAIRS: usize = 64;
/// Notices listed at most; the rest are counted.
const MAX_NOTICES: usize = 6;

/// A value or name as it may be quoted in a notice: short, printable.
pub fn quote(s: &str) -> String {
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

/// The first value given to each parameter named, the names of those used, and the notices so far.
struct Query {
    values: Vec<(Param, String)>,
    used: Vec<&'static str>,
    notes: Vec<String>,
}

impl Query {
    /// Reads `p` with `read`, which may add a notice about how it adjusted the value. A value
    /// that `read` rejects is reported with what was expected instead.
    fn read<T>(
        &mut self,
        p: Param,
        read: impl FnOnce(&str, &mut Vec<String>) -> Option<T>,
    ) -> Option<T> {
        let (_, v) = self.values.iter().find(|(q, _)| *q == p)?;
        let got = read(v, &mut self.notes);
        match got {
            Some(_) => self.used.push(p.key()),
            None => self.notes.push(p.rejected(v)),
        }
        got
    }
}

/// Reads a query string (with or without its leading `?`), decoded as a form (`+` and `%XX`;
/// malformed escapes are kept as typed and then fail to match). Never fails: what cannot be used
/// is left at its default and described in the returned notices.
pub fn parse(query: &str) -> (UrlState, Vec<String>) {
    let (s, _, notes) = parse_named(query);
    (s, notes)
}

/// [`parse`], also naming the parameters whose values were used (clamped ones included), so a
/// caller can apply only what a partial query asked for.
pub fn parse_named(query: &str) -> (UrlState, Vec<&'static str>, Vec<String>) {
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut q = Query {
        values: Vec::new(),
        used: Vec::new(),
        notes: Vec::new(),
    };
    let pairs = form_urlencoded::parse(query.as_bytes());
    let count = pairs.count();
    if count > MAX_PAIRS {
        q.notes.push(format!(
            "The address has {count} parameters; only the first {MAX_PAIRS} were read."
        ));
    }
    let mut repeated = Vec::new();
    for (key, value) in pairs.take(MAX_PAIRS) {
        match PARAMS.into_iter().find(|p| p.key() == key) {
            None => q
                .notes
                .push(format!("Unknown parameter {} was ignored.", quote(&key))),
            Some(p) if q.values.iter().any(|(q, _)| *q == p) => {
                if !repeated.contains(&p) {
                    repeated.push(p);
                    q.notes.push(format!(
                        "The parameter {} appears more than once; the first value is used.",
                        quote(&key)
                    ));
                }
            }
            Some(p) => q.values.push((p, value.into_owned())),
        }
    }

    let lesson = q.read(Param::Lesson, |v, notes| {
        lessons::find(v).or_else(|| {
            let n = number(v)?.round().clamp(1.0, lessons::COUNT as f64) as usize;
            notes.push(format!(
                "There is no lesson {}; lesson {n} is shown.",
                quote(v)
            ));
            Some(n - 1)
        })
    });
    let (mut view, mut settings) = baseline(lesson);
    let mode = q.read(Param::Mode, |v, _| choose(&ViewMode::ALL, ViewMode::key, v));
    if let Some(p) = q.read(Param::Preset, |v, _| choose(&Preset::ALL, Preset::key, v)) {
        settings = Settings::from_preset(p).keeping_choices_of(&settings);
        // As when the learner picks it: an on-demand preset opens the on-demand view.
        if p.query().is_some() {
            view = ViewMode::OnDemand;
        }
    }
    if let Some(m) = mode {
        view = m;
    }
    let mut custom = false;
    for f in Field::ALL {
        custom |= q
            .read(Param::Field(f), |v, notes| {
                notes.extend(settings.set(f, number(v)?));
                Some(())
            })
            .is_some();
    }
    if custom {
        settings.preset = None;
    }
    let query = q.read(Param::Query, |v, _| {
        choose(&UserQuery::ALL, UserQuery::as_str, v)
    });
    if let Some(query) = query {
        settings.set_query(query);
    }
    if let Some(on) = q.read(Param::ByVersion, |v, _| flag(v)) {
        settings.orders_by_version = on;
    }
    q.read(Param::Concurrency, |v, notes| {
        notes.extend(settings.set_delivery_concurrency(number(v)?));
        Some(())
    });
    if let Some(seed) = q.read(Param::Seed, |v, _| v.trim().parse().ok()) {
        settings.seed = seed;
    }
    let scheme = |v: &str, _: &mut Vec<String>| choose(&Scheme::ALL, Scheme::as_str, v);
    if let Some(s) = q.read(Param::Scheme(Direction::Api), scheme) {
        settings.api_scheme = s;
    }
    if let Some(s) = q.read(Param::Scheme(Direction::Webhook), scheme) {
        settings.webhook_scheme = s;
    }
    if let Some(r) = q.read(Param::Registration, |v, _| {
        choose(&Registration::ALL, Registration::as_str, v)
    }) {
        settings.registration = r;
    }
    let speed = q
        .read(Param::Speed, |v, notes| {
            let s = number(v)?;
            let speed = snap_speed(s);
            if speed != s {
                notes.push(format!(
                    "Speed {} is not offered; {speed}× is used.",
                    quote(v)
                ));
            }
            Some(speed)
        })
        .unwrap_or(1.0);
    let theme = q.read(Param::Theme, |v, _| choose(&Theme::ALL, Theme::key, v));
    let embed = q.read(Param::Embed, |v, _| flag(v)).unwrap_or(false);
    let lock = q.read(Param::Lock, |v, _| flag(v)).unwrap_or(false);
    let page = q
        .read(Param::View, |v, _| choose(&Page::ALL, Page::key, v))
        .unwrap_or_default();

    let mut notes = q.notes;
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
            page,
        },
        q.used,
        notes,
    )
}

/// The canonical query for a state, without the leading `?`: empty when everything is at its
/// baseline. Parameters come in a fixed order, so an unchanged page keeps an unchanged URL.
pub fn to_query(s: &UrlState) -> String {
    let (view, base) = baseline(s.lesson);
    let mut out: Vec<(&str, String)> = Vec::new();
    if let Some(i) = s.lesson.and_then(|i| lessons::PLANS.get(i)) {
        out.push((Param::Lesson.key(), i.slug.to_string()));
    }
    let same_numbers = s.settings.keeping_choices_of(&base) == base;
    // The view a written preset implies when the query names no mode.
    let implied = match s.settings.preset {
        Some(p) if !same_numbers && p.query().is_some() => ViewMode::OnDemand,
        _ => view,
    };
    if s.view != implied {
        out.push((Param::Mode.key(), s.view.key().to_string()));
    }
    if !same_numbers {
        match s.settings.preset {
            Some(p) => out.push((Param::Preset.key(), p.key().to_string())),
            None => {
                for f in Field::ALL {
                    out.push((Param::Field(f).key(), s.settings.get(f).to_string()));
                }
                if s.settings.query != base.query {
                    out.push((Param::Query.key(), s.settings.query.as_str().to_string()));
                }
            }
        }
    }
    if s.settings.orders_by_version != base.orders_by_version {
        let on = if s.settings.orders_by_version {
            "1"
        } else {
            "0"
        };
        out.push((Param::ByVersion.key(), on.into()));
    }
    if s.settings.delivery_concurrency != base.delivery_concurrency {
        out.push((
            Param::Concurrency.key(),
            s.settings.delivery_concurrency.to_string(),
        ));
    }
    if s.settings.seed != base.seed {
        out.push((Param::Seed.key(), s.settings.seed.to_string()));
    }
    for (d, scheme, base) in [
        (Direction::Api, s.settings.api_scheme, base.api_scheme),
        (
            Direction::Webhook,
            s.settings.webhook_scheme,
            base.webhook_scheme,
        ),
    ] {
        if scheme != base {
            out.push((Param::Scheme(d).key(), scheme.as_str().to_string()));
        }
    }
    if s.settings.registration != base.registration {
        out.push((
            Param::Registration.key(),
            s.settings.registration.as_str().to_string(),
        ));
    }
    if s.speed != 1.0 {
        out.push((Param::Speed.key(), s.speed.to_string()));
    }
    if let Some(t) = s.theme {
        out.push((Param::Theme.key(), t.key().to_string()));
    }
    if s.embed {
        out.push((Param::Embed.key(), "1".into()));
    }
    if s.lock {
        out.push((Param::Lock.key(), "1".into()));
    }
    if s.page != Page::Simulator {
        out.push((Param::View.key(), s.page.key().to_string()));
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
    fn names_and_values_are_form_decoded() {
        let (s, notes) = parse("mode=%77eb%68ook&the%6De=dark");
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!((s.view, s.theme), (ViewMode::Webhook, Some(Theme::Dark)));
        let (_, notes) = parse("a+b%20c=%E2%9C%93&mode=%zz");
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].contains("“a b c”"), "{notes:?}");
        assert!(notes[1].contains("“%zz”"), "{notes:?}");
    }

    #[test]
    fn a_rejected_value_names_the_accepted_ones() {
        let (_, notes) = parse("mode=push&preset=x&theme=neon");
        assert_eq!(
            notes,
            [
                "The value “push” of “mode” was ignored: expected polling, longpolling, webhook, hybrid, compare or ondemand.",
                "The value “x” of “preset” was ignored: expected payments, orders, chat, signups, capacity, weather, social, cloud, profile, search or report.",
                "The value “neon” of “theme” was ignored: expected light, dark or projector.",
            ]
        );
    }

    #[test]
    fn the_lab_has_its_own_address() {
        let (s, notes) = parse("view=lab&mode=webhook");
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!((s.page, s.view), (Page::Lab, ViewMode::Webhook));
        assert_eq!(to_query(&s), "mode=webhook&view=lab");
        assert_eq!(parse("view=simulator").0, UrlState::default());
        let (s, notes) = parse("view=labs");
        assert_eq!(s.page, Page::Simulator);
        assert_eq!(
            notes,
            ["The value “labs” of “view” was ignored: expected simulator, lab, teacher or quiz."]
        );
        let (s, notes) = parse("view=teacher");
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(s.page, Page::Teacher);
        assert_eq!(to_query(&s), "view=teacher");
    }
}
