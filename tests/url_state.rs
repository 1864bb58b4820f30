//! The query string: every parameter round-trips, and no input, however malformed, panics or
//! goes unreported.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use webhook_vs_api::lessons;
use webhook_vs_api::scenario::{Field, Preset, Settings};
use webhook_vs_api::sim::Mode;
use webhook_vs_api::url_state::{parse, to_query, Page, Theme, UrlState};
use webhook_vs_api::view::{ViewMode, SPEEDS};

fn valid(s: &UrlState) {
    for m in Mode::ALL {
        assert_eq!(s.settings.config(m).validate(), Ok(()), "{s:?}");
    }
    assert!(SPEEDS.contains(&s.speed));
    assert!(s.lesson.is_none_or(|i| i < lessons::COUNT));
}

/// Parsing the canonical query gives the state back, with nothing to report, and the same query.
fn round_trips(s: &UrlState) {
    let q = to_query(s);
    let (back, notes) = parse(&q);
    assert_eq!(notes, Vec::<String>::new(), "{q}");
    assert_eq!(&back, s, "{q}");
    assert_eq!(to_query(&back), q);
}

#[test]
fn every_parameter_is_read() {
    let (s, notes) = parse(
        "?mode=compare&preset=chat&seed=9&speed=25&lesson=table&theme=projector&embed=1&lock=1",
    );
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(s.view, ViewMode::Compare);
    assert_eq!(s.settings.preset, Some(Preset::Chat));
    assert_eq!(s.settings.seed, 9);
    assert_eq!(s.speed, 25.0);
    assert_eq!(s.lesson, lessons::find("table"));
    assert_eq!(s.theme, Some(Theme::Projector));
    assert!(s.embed && s.lock);
    round_trips(&s);

    let (s, notes) = parse("clients=250&interval=7.5&rate=0.25&latency=300");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(s.settings.preset, None);
    assert_eq!(
        Field::ALL.map(|f| s.settings.get(f)),
        [250.0, 7.5, 0.25, 300.0]
    );
    assert_eq!(
        to_query(&s),
        "clients=250&interval=7.5&rate=0.25&latency=300"
    );
    round_trips(&s);
}

#[test]
fn each_parameter_round_trips_alone() {
    for q in [
        "mode=webhook",
        "mode=hybrid",
        "preset=payments",
        "preset=signups",
        "clients=3&interval=5&rate=6&latency=60",
        "seed=0",
        "seed=18446744073709551615",
        "speed=0.25",
        "speed=100",
        "lesson=api",
        "lesson=real-world&mode=polling",
        "theme=light",
        "theme=dark",
        "embed=1",
        "lock=1",
        "view=lab",
    ] {
        let (s, notes) = parse(q);
        assert!(notes.is_empty(), "{q}: {notes:?}");
        assert_eq!(to_query(&s), q);
        round_trips(&s);
    }
}

#[test]
fn a_lesson_in_the_url_sets_its_lesson_up() {
    for (i, p) in lessons::PLANS.iter().enumerate() {
        let (s, notes) = parse(&format!("lesson={}", p.slug));
        assert!(notes.is_empty());
        assert_eq!(s.lesson, Some(i));
        assert_eq!(s.view, p.setup.view);
        assert_eq!(s.settings, p.setup.settings());
        assert_eq!(to_query(&s), format!("lesson={}", p.slug));
        // A number names the same lesson.
        assert_eq!(parse(&format!("lesson={}", i + 1)).0, s);
    }
}

#[test]
fn out_of_range_values_are_clamped_and_reported() {
    let (s, notes) =
        parse("clients=99999999&interval=-4&rate=1e400&latency=-1e9&speed=7&lesson=99");
    assert_eq!(s.settings.clients, 10_000);
    assert_eq!(s.settings.interval_s, 0.5);
    assert_eq!(s.settings.rate_per_min, 120.0);
    assert_eq!(s.settings.latency_ms, 0);
    assert_eq!(s.speed, 5.0);
    assert_eq!(s.lesson, Some(lessons::COUNT - 1));
    assert_eq!(notes.len(), 6, "{notes:?}");
    valid(&s);
}

#[test]
fn malformed_and_unknown_parameters_are_ignored_and_reported() {
    let (s, notes) =
        parse("mode=push&preset=%zz&clients=ten&seed=-3&theme=neon&embed=maybe&x=1&clients=5");
    let (mut d, _) = parse("");
    d.settings = Settings::default();
    assert_eq!(s, d);
    assert!(!notes.is_empty());
    let all = notes.join(" ");
    for word in ["“mode”", "“clients”", "more problems"] {
        assert!(all.contains(word), "{word} missing from {all}");
    }
    let (_, notes) = parse("x=<script>alert(1)</script>");
    assert_eq!(notes.len(), 1);
    assert!(notes[0].contains("Unknown parameter"));
    let (s, notes) = parse("mode=webhook&mode=polling");
    assert_eq!(s.view, ViewMode::Webhook);
    assert!(notes[0].contains("more than once"));
}

/// Query fragments that a person, a broken link or an attacker may produce.
fn fragment() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("mode".to_string()),
        Just("preset".to_string()),
        Just("clients".to_string()),
        Just("interval".to_string()),
        Just("rate".to_string()),
        Just("latency".to_string()),
        Just("seed".to_string()),
        Just("speed".to_string()),
        Just("lesson".to_string()),
        Just("theme".to_string()),
        Just("embed".to_string()),
        Just("lock".to_string()),
        Just("view".to_string()),
        "[a-zA-Z%<>\"' ]{0,8}",
        "\\PC{0,6}",
    ];
    let value = prop_oneof![
        any::<f64>().prop_map(|v| v.to_string()),
        any::<i64>().prop_map(|v| v.to_string()),
        Just("1e999".to_string()),
        Just("NaN".to_string()),
        Just("inf".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("%E2%9C%93".to_string()),
        Just("%".to_string()),
        Just("webhook".to_string()),
        Just("projector".to_string()),
        "\\PC{0,12}",
        "[0-9.eE+-]{0,10}",
    ];
    (key, value, any::<bool>()).prop_map(|(k, v, eq)| if eq { format!("{k}={v}") } else { k })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn any_query_parses_to_a_valid_state_that_round_trips(parts in prop::collection::vec(fragment(), 0..12)) {
        let q = parts.join("&");
        let (s, notes) = parse(&q);
        valid(&s);
        prop_assert!(notes.len() <= 6);
        round_trips(&s);
    }

    #[test]
    fn any_bytes_at_all_do_not_panic(q in "\\PC{0,200}") {
        let (s, _) = parse(&q);
        valid(&s);
    }

    #[test]
    fn any_reachable_state_round_trips(
        view in 0usize..4, preset in proptest::option::of(0usize..Preset::ALL.len()), clients in 1u32..=10_000,
        interval in 1u32..=1200, rate in 0u32..=12_000, latency in 0u64..=5_000, seed in any::<u64>(),
        speed in 0usize..SPEEDS.len(), lesson in proptest::option::of(0usize..lessons::COUNT),
        theme in proptest::option::of(0usize..3), embed in any::<bool>(), lock in any::<bool>(),
        lab in any::<bool>(),
    ) {
        let settings = match preset {
            Some(p) => Settings { seed, ..Settings::from_preset(Preset::ALL[p]) },
            None => Settings {
                preset: None, clients, interval_s: interval as f64 / 2.0,
                rate_per_min: rate as f64 / 100.0, latency_ms: latency, seed,
            },
        };
        let s = UrlState {
            view: ViewMode::ALL[view], settings, speed: SPEEDS[speed], lesson,
            theme: theme.map(|t| Theme::ALL[t]), embed, lock,
            page: if lab { Page::Lab } else { Page::Simulator },
        };
        round_trips(&s);
    }
}
