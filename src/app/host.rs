//! A host page driving an embedded simulator: a `{type: "webhook-vs-api:set", …}` message names
//! the address's parameters with the address's values. They are checked by the address's own
//! table ([`url_state::parse_named`]) and become the reducer's actions, so a message can do
//! exactly what a link can and a locked page stays locked; what cannot be used comes back as
//! notices for a `webhook-vs-api:notice` reply.

use super::{Action, LessonAction};
use crate::scenario::Field;
use crate::url_state::{self, quote};

/// The `type` of a message that sets parameters.
pub const SET: &str = "webhook-vs-api:set";
/// The `type` of the reply listing what a message could not use.
pub const NOTICE: &str = "webhook-vs-api:notice";

/// Parameters the frame's own address decides: the host chose them when it wrote the frame.
const FIXED: [&str; 2] = ["embed", "lock"];
/// Fields read from one message at most, like the address's own limit.
const MAX_FIELDS: usize = 64;

/// The actions a set message asks for, and the notices about what it could not use. `fields`
/// are the message's own fields (`type` is skipped), each value as text, or `None` for a value
/// that is neither text, a number nor true or false. `locked`: the page is a locked
/// demonstration, whose reducer keeps its scenario.
pub fn actions(fields: &[(String, Option<String>)], locked: bool) -> (Vec<Action>, Vec<String>) {
    let mut notes = Vec::new();
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in fields.iter().filter(|(n, _)| n != "type").take(MAX_FIELDS) {
        match value {
            _ if FIXED.contains(&name.as_str()) => notes.push(format!(
                "{} is set by the frame's address and cannot be changed by a message.",
                quote(name)
            )),
            Some(v) => {
                query.append_pair(name, v);
            }
            None => notes.push(format!(
                "The value of {} was ignored: expected text, a number or true/false.",
                quote(name)
            )),
        }
    }
    let (s, used, more) = url_state::parse_named(&query.finish());
    notes.extend(more);
    let named = |key: &str| used.contains(&key);
    let mut out = Vec::new();
    if let (true, Some(i)) = (named("lesson"), s.lesson) {
        out.push(Action::Lesson(LessonAction::Open(i)));
    }
    if named("mode") {
        out.push(Action::SetView(s.view));
    }
    // With numbers beside it the preset is only their starting point, as in an address.
    let preset_then_numbers = named("preset") && s.settings.preset.is_none();
    if let (true, Some(p)) = (named("preset"), s.settings.preset) {
        out.push(Action::SetPreset(p));
    }
    for f in Field::ALL {
        if named(f.key()) || preset_then_numbers {
            out.push(Action::SetField(f, s.settings.get(f)));
        }
    }
    if named("seed") {
        out.push(Action::SetSeed(s.settings.seed));
    }
    if named("registration") {
        out.push(Action::SetRegistration(s.settings.registration));
    }
    if named("concurrency") {
        out.push(Action::SetDeliveryConcurrency(f64::from(
            s.settings.delivery_concurrency,
        )));
    }
    if named("speed") {
        out.push(Action::SetSpeed(s.speed));
    }
    if named("theme") {
        out.push(Action::SetTheme(s.theme));
    }
    if named("view") {
        out.push(Action::SetPage(s.page));
    }
    let scenario = ["lesson", "preset", "seed", "registration", "concurrency"]
        .into_iter()
        .chain(Field::ALL.map(Field::key))
        .any(named);
    if locked && scenario {
        notes.push(
            "This demonstration is locked: its lesson and settings stay as its address set them."
                .into(),
        );
    }
    (out, notes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::State;
    use crate::lessons;
    use crate::scenario::Preset;
    use crate::view::ViewMode;

    fn fields(pairs: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.map(str::to_string)))
            .collect()
    }

    /// The state after a message reaches a page opened at `query`, and the notices.
    fn after(query: &str, pairs: &[(&str, Option<&str>)]) -> (State, Vec<String>) {
        let mut s = crate::app::address::state_from_query(query);
        let (acts, notes) = actions(&fields(pairs), s.lock);
        for a in acts {
            s.reduce(a);
        }
        (s, notes)
    }

    #[test]
    fn a_message_does_what_the_same_address_does() {
        for q in [
            "mode=webhook",
            "mode=compare&preset=chat&seed=9&speed=25",
            "preset=chat&clients=250",
            "clients=250&interval=7.5&rate=0.25&latency=300",
            "lesson=table",
            "lesson=efficiency&mode=polling",
            "theme=dark&speed=0.5",
            "view=quiz",
            "mode=webhook&preset=chat&concurrency=2",
        ] {
            let pairs: Vec<(String, String)> = form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            let pairs: Vec<(&str, Option<&str>)> = pairs
                .iter()
                .map(|(k, v)| (k.as_str(), Some(v.as_str())))
                .collect();
            let (got, notes) = after("", &pairs);
            assert!(notes.is_empty(), "{q}: {notes:?}");
            let want = crate::app::address::state_from_query(q);
            assert_eq!(got.scene.view, want.scene.view, "{q}");
            assert_eq!(got.scene.settings, want.scene.settings, "{q}");
            assert_eq!(got.scene.speed, want.scene.speed, "{q}");
            assert_eq!(got.classroom.lesson, want.classroom.lesson, "{q}");
            assert_eq!(got.theme, want.theme, "{q}");
            assert_eq!(got.page, want.page, "{q}");
        }
    }

    #[test]
    fn a_message_changes_only_what_it_names() {
        let (s, notes) = after(
            "mode=compare&preset=chat&speed=5",
            &[("type", Some(SET)), ("mode", Some("webhook"))],
        );
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(s.scene.view, ViewMode::Webhook);
        assert_eq!(s.scene.settings.preset, Some(Preset::Chat));
        assert_eq!(s.scene.speed, 5.0);
    }

    #[test]
    fn what_cannot_be_used_is_reported_and_the_rest_applied() {
        let (s, notes) = after(
            "",
            &[
                ("mode", Some("push")),
                ("speed", Some("2")),
                ("colour", Some("red")),
                ("clients", None),
                ("embed", Some("0")),
                ("lock", Some("1")),
                ("clients", Some("99999")),
            ],
        );
        assert_eq!(s.scene.view, ViewMode::Polling);
        assert_eq!(s.scene.speed, 2.0);
        assert_eq!(s.scene.settings.get(Field::Clients), 10_000.0);
        assert!(!s.lock);
        let all = notes.join("\n");
        for word in [
            "“push”",
            "“colour”",
            "“clients”",
            "“embed”",
            "“lock”",
            "10000",
        ] {
            assert!(all.contains(word), "{word} missing from {notes:?}");
        }
        assert_eq!(notes.len(), 6, "{notes:?}");
    }

    #[test]
    fn a_locked_page_keeps_its_scenario_and_says_so() {
        let (s, notes) = after(
            "preset=payments&lock=1",
            &[
                ("preset", Some("chat")),
                ("lesson", Some("api")),
                ("mode", Some("webhook")),
            ],
        );
        assert_eq!(s.scene.settings.preset, Some(Preset::Payments));
        assert_eq!(s.classroom.lesson, None);
        assert_eq!(s.scene.view, ViewMode::Webhook, "the view may still change");
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("locked"));
        assert!(lessons::find("api").is_some());
    }
}
