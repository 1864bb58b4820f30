//! The query string: every parameter round-trips, and no input, however malformed, panics or
//! goes unreported.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use webhook_vs_api::lessons;
use webhook_vs_api::scenario::{Field, Preset, Settings};
use webhook_vs_api::sim::registration::Registration;
use webhook_vs_api::sim::{Mode, Query, Scheme};
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
        "?mode=compare&preset=chat&seed=9&speed=25&lesson=table&theme=projector&embed=1&lock=1&view=quiz",
    );
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(s.view, ViewMode::Compare);
    assert_eq!(s.settings.preset, Some(Preset::Chat));
    assert_eq!(s.settings.seed, 9);
    assert_eq!(s.speed, 25.0);
    assert_eq!(s.lesson, lessons::find("table"));
    assert_eq!(s.theme, Some(Theme::Projector));
    assert!(s.embed && s.lock);
    assert_eq!(s.page, Page::Quiz);
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
        "mode=longpolling",
        "mode=ondemand",
        "preset=payments",
        "preset=signups",
        "preset=search",
        "mode=polling&preset=report",
        "clients=3&interval=5&rate=6&latency=60&query=search",
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
        "api=http",
        "webhooks=http",
        "mode=webhook&api=http&webhooks=http",
        "byversion=1",
        "preset=chat&byversion=1",
        "registration=on",
        "mode=webhook&registration=handshake",
        "preset=chat&registration=handshake",
        "concurrency=1",
        "concurrency=100",
        "mode=webhook&preset=chat&concurrency=2",
        "view=lab",
        "view=quiz",
        "lesson=api&view=quiz",
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
fn the_query_of_on_demand_users_is_read_and_a_bad_one_keeps_the_preset() {
    let (s, notes) = parse("preset=report");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(
        (s.view, s.settings.query),
        (ViewMode::OnDemand, Query::Report)
    );
    assert_eq!(to_query(&s), "preset=report", "the preset implies the view");
    assert_eq!(s.settings.config(Mode::OnDemand).query, Query::Report);
    // Another query than the preset's: the preset's numbers with that query, written out.
    let (s, notes) = parse("preset=report&query=search");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!((s.settings.preset, s.settings.query), (None, Query::Search));
    assert_eq!(
        to_query(&s),
        "mode=ondemand&clients=5&interval=5&rate=0.5&latency=80&query=search"
    );
    round_trips(&s);
    // A malformed query is ignored with a notice naming what is allowed; the preset stays.
    for bad in ["everything", "", "SEARCH%00", "1e9"] {
        let (s, notes) = parse(&format!("preset=search&query={bad}"));
        assert_eq!(s.settings, Settings::from_preset(Preset::Search), "{bad}");
        assert_eq!(notes.len(), 1, "{bad}: {notes:?}");
        assert!(
            notes[0].contains("“query”") && notes[0].contains("profile, search or report"),
            "{}",
            notes[0]
        );
    }
}

#[test]
fn the_registration_setting_is_read_and_a_bad_value_leaves_it_off() {
    let (s, notes) = parse("mode=webhook&registration=handshake");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(s.settings.registration, Registration::Handshake);
    assert_eq!(
        s.settings.config(Mode::Webhook).registration,
        Registration::Handshake
    );
    for bad in ["yes", "2", "", "%zz", "<b>on</b>"] {
        let (s, notes) = parse(&format!("registration={bad}"));
        assert_eq!(s.settings.registration, Registration::Off, "{bad}");
        assert_eq!(notes.len(), 1, "{bad}: {notes:?}");
        assert!(
            notes[0].contains("“registration”") && notes[0].contains("off, on or handshake"),
            "{notes:?}"
        );
    }
}

#[test]
fn the_version_check_is_read_kept_across_a_preset_and_a_bad_value_leaves_it_off() {
    let (s, notes) = parse("byversion=1&preset=search");
    assert!(notes.is_empty(), "{notes:?}");
    assert!(s.settings.orders_by_version);
    assert!(s.settings.config(Mode::Webhook).orders_by_version);
    assert_eq!(to_query(&s), "preset=search&byversion=1");
    let (s, notes) = parse("byversion=sometimes");
    assert!(!s.settings.orders_by_version);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("“byversion”") && notes[0].contains("1 or 0"),
        "{}",
        notes[0]
    );
}

#[test]
fn the_delivery_limit_is_read_clamped_and_kept_across_a_preset() {
    let (s, notes) = parse("concurrency=2&preset=chat&mode=webhook");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(s.settings.delivery_concurrency, 2);
    assert_eq!(s.settings.config(Mode::Webhook).delivery_concurrency, 2);
    assert_eq!(to_query(&s), "mode=webhook&preset=chat&concurrency=2");
    assert_eq!(parse("concurrency=0").0, UrlState::default());
    for (typed, used) in [("1000", 100), ("-3", 0), ("1.6", 2), ("1e400", 100)] {
        let (s, notes) = parse(&format!("concurrency={typed}"));
        assert_eq!(s.settings.delivery_concurrency, used, "{typed}");
        assert_eq!(notes.len(), 1, "{typed}: {notes:?}");
        assert!(
            notes[0].contains("per endpoint") && notes[0].contains(&format!("so {used} is used")),
            "{typed}: {notes:?}"
        );
    }
    for bad in ["two", "", "NaN", "inf", "%zz", "<b>1</b>"] {
        let (s, notes) = parse(&format!("concurrency={bad}"));
        assert_eq!(s.settings.delivery_concurrency, 0, "{bad}");
        assert_eq!(notes.len(), 1, "{bad}: {notes:?}");
        assert!(
            notes[0].contains("“concurrency”") && notes[0].contains("a number"),
            "{bad}: {notes:?}"
        );
    }
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

#[test]
fn schemes_are_read_and_a_bad_one_keeps_https_with_a_notice() {
    let (s, notes) = parse("api=http&webhooks=https");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(s.settings.api_scheme, Scheme::Http);
    assert_eq!(s.settings.webhook_scheme, Scheme::Https);
    assert_eq!(
        to_query(&s),
        "api=http",
        "HTTPS is the default, not written"
    );
    // A preset changes the numbers, never the schemes.
    let (s, _) = parse("preset=chat&webhooks=http");
    assert_eq!(s.settings.webhook_scheme, Scheme::Http);
    assert_eq!(
        s.settings.config(Mode::Webhook).webhook_scheme,
        Scheme::Http
    );
    round_trips(&s);
    for bad in [
        "api=ftp",
        "api=HTTP%20",
        "webhooks=",
        "webhooks=1",
        "api=%zz",
    ] {
        let (s, notes) = parse(bad);
        assert_eq!(s.settings.api_scheme, Scheme::Https, "{bad}");
        assert_eq!(s.settings.webhook_scheme, Scheme::Https, "{bad}");
        assert_eq!(notes.len(), 1, "{bad}: {notes:?}");
        assert!(
            notes[0].contains("expected http or https"),
            "{bad}: {notes:?}"
        );
    }
}

#[test]
fn the_concept_checks_view_is_named_plainly_and_anything_else_is_the_simulator() {
    let (s, notes) = parse("view=quiz");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(s.page, Page::Quiz);
    // As typed in the address, and as the notice quotes it once decoded.
    for (typed, shown) in [
        ("QUIZ", "QUIZ"),
        ("quiz+", "quiz "),
        ("1", "1"),
        ("", ""),
        ("quizz", "quizz"),
        ("%zz", "%zz"),
        ("quiz%00", "quiz?"),
    ] {
        let (s, notes) = parse(&format!("view={typed}"));
        assert_eq!(s.page, Page::Simulator, "{typed:?}");
        assert_eq!(
            notes,
            [format!(
                "The value “{shown}” of “view” was ignored: expected simulator, lab, teacher or quiz."
            )],
            "{typed:?}"
        );
    }
    let (s, notes) = parse("view=quiz&view=simulator");
    assert_eq!(s.page, Page::Quiz, "the first value is used");
    assert!(notes[0].contains("more than once"), "{notes:?}");
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
        Just("query".to_string()),
        Just("byversion".to_string()),
        Just("seed".to_string()),
        Just("speed".to_string()),
        Just("lesson".to_string()),
        Just("theme".to_string()),
        Just("embed".to_string()),
        Just("lock".to_string()),
        Just("api".to_string()),
        Just("webhooks".to_string()),
        Just("registration".to_string()),
        Just("concurrency".to_string()),
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
        Just("http".to_string()),
        Just("search".to_string()),
        Just("ondemand".to_string()),
        Just("quiz".to_string()),
        Just("handshake".to_string()),
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
        view in 0usize..ViewMode::ALL.len(), preset in proptest::option::of(0usize..Preset::ALL.len()),
        query in 0usize..Query::ALL.len(), by_version in any::<bool>(), clients in 1u32..=10_000,
        interval in 1u32..=1200, rate in 0u32..=12_000, latency in 0u64..=5_000, seed in any::<u64>(),
        speed in 0usize..SPEEDS.len(), lesson in proptest::option::of(0usize..lessons::COUNT),
        theme in proptest::option::of(0usize..3), embed in any::<bool>(), lock in any::<bool>(),
        api in 0usize..2, webhooks in 0usize..2, page in 0usize..Page::ALL.len(), registration in 0usize..3,
        delivery_concurrency in 0u32..=100,
    ) {
        let registration = Registration::ALL[registration];
        let settings = match preset {
            Some(p) => Settings {
                seed, api_scheme: Scheme::ALL[api], webhook_scheme: Scheme::ALL[webhooks],
                orders_by_version: by_version, registration, delivery_concurrency,
                ..Settings::from_preset(Preset::ALL[p])
            },
            None => Settings {
                preset: None, clients, interval_s: interval as f64 / 2.0,
                rate_per_min: rate as f64 / 100.0, latency_ms: latency, seed,
                api_scheme: Scheme::ALL[api], webhook_scheme: Scheme::ALL[webhooks],
                query: Query::ALL[query], orders_by_version: by_version,
                registration, delivery_concurrency,
            },
        };
        let s = UrlState {
            view: ViewMode::ALL[view], settings, speed: SPEEDS[speed], lesson,
            theme: theme.map(|t| Theme::ALL[t]), embed, lock,
            page: Page::ALL[page],
        };
        round_trips(&s);
    }
}
