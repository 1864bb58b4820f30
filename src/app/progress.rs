//! Saved progress: what of a learner's place in the lessons outlives a reload (the open lesson,
//! the prediction typed on each step, the concept checks' answers), the versioned JSON record it
//! is kept as, and which wins when the page's address and the record disagree. Pure: reading and
//! writing the browser's storage is the UI's job, and it never writes inside a frame.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::address;
use super::lesson::{Classroom, LessonAction, Scene};
use super::quiz;
use super::State;
use crate::lessons;
use crate::url_state::{self, UrlState};

/// The storage key of the record.
pub const KEY: &str = "webhook-vs-api:progress";
/// Bumped when the record's meaning changes; a record of another version is ignored.
const VERSION: u32 = 1;
/// A stored value longer than this is not ours, or not worth reading.
const MAX_RECORD_BYTES: usize = 32 * 1024;

/// What the learner wrote on each step, kept for when they come back to it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Notebook {
    /// Each lesson's prediction as typed, by the lesson's slug.
    pub predictions: BTreeMap<String, String>,
}

impl Notebook {
    pub fn is_empty(&self) -> bool {
        self.predictions.is_empty()
    }

    /// Keeps the notebook in step after a lesson action that left `room` where it is: a step
    /// that stayed open records its prediction; a step just opened with no prediction gets the
    /// one saved for it back.
    pub fn follow(&mut self, before: Option<usize>, room: &mut Classroom, scene: &mut Scene) {
        let Some(slug) = room
            .lesson
            .and_then(|i| lessons::PLANS.get(i))
            .map(|p| p.slug)
        else {
            return;
        };
        if room.lesson == before {
            if room.draft.trim().is_empty() {
                self.predictions.remove(slug);
            } else {
                self.predictions
                    .insert(slug.to_string(), room.draft.clone());
            }
        } else if room.draft.is_empty() {
            if let Some(text) = self.predictions.get(slug) {
                room.reduce(scene, LessonAction::Predict(text.clone()));
            }
        }
    }
}

/// A record read back, keeping only what this version of the app knows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Saved {
    pub lesson: Option<usize>,
    pub notebook: Notebook,
    /// Each concept check's answer by question id, as [`quiz::saved`] writes it.
    pub answers: BTreeMap<String, Vec<usize>>,
}

impl Saved {
    /// Reads a stored record. Anything else (garbage, another version, a wrong type, an
    /// oversized value) is `None`; unknown lessons are dropped, and answers that fit no question
    /// are dropped when they are given back ([`quiz::restored`]).
    /// Read through a `serde_json::Value`, which the page already carries, rather than a
    /// derived deserializer, which would add its own code to the bundle.
    pub fn parse(text: &str) -> Option<Saved> {
        if text.len() > MAX_RECORD_BYTES {
            return None;
        }
        let record: Value = serde_json::from_str(text).ok()?;
        if record.get("version")?.as_u64()? != u64::from(VERSION) {
            return None;
        }
        let lesson = match record.get("lesson") {
            None | Some(Value::Null) => None,
            Some(slug) => lessons::find(slug.as_str()?),
        };
        let predictions = entries(&record, "predictions", |v| v.as_str().map(str::to_string))?
            .into_iter()
            .filter(|(slug, _)| lessons::PLANS.iter().any(|p| p.slug == slug))
            .collect();
        let answers = entries(&record, "quiz", |v| {
            v.as_array()?
                .iter()
                .map(|n| usize::try_from(n.as_u64()?).ok())
                .collect()
        })?
        .into_iter()
        .collect();
        Some(Saved {
            lesson,
            notebook: Notebook { predictions },
            answers,
        })
    }
}

/// The object `record[name]` as pairs read by `read`; empty when absent, `None` when it is
/// not an object or `read` refuses a value.
fn entries<T>(
    record: &Value,
    name: &str,
    read: impl Fn(&Value) -> Option<T>,
) -> Option<Vec<(String, T)>> {
    match record.get(name) {
        None => Some(Vec::new()),
        Some(v) => v
            .as_object()?
            .iter()
            .map(|(k, v)| Some((k.clone(), read(v)?)))
            .collect(),
    }
}

/// Whether the page may keep a record: not an embedded copy (a host's page, not the
/// learner's) and not a locked demonstration.
pub fn may_save(s: &State) -> bool {
    !s.embed && !s.lock
}

/// The record to store for `s`, or `None` when there is nothing to keep.
pub fn record(s: &State) -> Option<String> {
    let lesson = s
        .classroom
        .lesson
        .and_then(|i| lessons::PLANS.get(i))
        .map(|p| p.slug.to_string());
    let answers = quiz::saved(&s.checks.answers);
    if lesson.is_none() && s.notebook.is_empty() && answers.is_empty() {
        return None;
    }
    let object =
        |pairs: Vec<(String, Value)>| Value::Object(pairs.into_iter().collect::<Map<_, _>>());
    let n = &s.notebook;
    let record = object(vec![
        ("version".into(), VERSION.into()),
        ("lesson".into(), lesson.into()),
        (
            "predictions".into(),
            object(
                n.predictions
                    .iter()
                    .map(|(k, v)| (k.clone(), v.as_str().into()))
                    .collect(),
            ),
        ),
        (
            "quiz".into(),
            object(answers.into_iter().map(|(k, v)| (k, v.into())).collect()),
        ),
    ]);
    Some(record.to_string())
}

/// Whether an address leaves the scene to the defaults: it names no lesson, mode or setting.
fn asks_for_no_scene(u: &UrlState) -> bool {
    let (view, settings) = url_state::baseline(None);
    u.lesson.is_none() && u.view == view && u.settings == settings
}

/// The state a page opens in, from its address and what was saved (`None` when nothing was,
/// or storage cannot be read). The address wins: a saved lesson is reopened only when the
/// address names no lesson, mode or setting, and a locked page ignores the record. The
/// predictions and answers are restored whatever lesson opens.
pub fn initial_state(query: &str, saved: Option<&str>) -> State {
    let (mut url, notes) = url_state::parse(query);
    let Some(saved) = saved.filter(|_| !url.lock).and_then(Saved::parse) else {
        return address::state_from_url(url, notes);
    };
    if let (Some(i), true) = (saved.lesson, asks_for_no_scene(&url)) {
        url.lesson = Some(i);
        (url.view, url.settings) = url_state::baseline(Some(i));
    }
    let mut state = address::state_from_url(url, notes);
    state.notebook = saved.notebook;
    state.checks.answers = quiz::restored(&saved.answers);
    state
        .notebook
        .follow(None, &mut state.classroom, &mut state.scene);
    state
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::quiz::QuizAction;
    use crate::app::Action;
    use crate::view::ViewMode;

    fn slug(i: usize) -> &'static str {
        lessons::PLANS[i].slug
    }

    /// A page where the learner opened lesson 3 (index 2) and typed a prediction there and on
    /// lesson 2.
    fn worked() -> State {
        let mut s = State::default();
        s.reduce(Action::Lesson(LessonAction::Open(1)));
        s.reduce(Action::Lesson(LessonAction::Predict("12".into())));
        s.reduce(Action::Lesson(LessonAction::Next));
        s.reduce(Action::Lesson(LessonAction::Predict(" 80 ".into())));
        s
    }

    #[test]
    fn the_record_round_trips_lesson_predictions_and_answers() {
        let mut s = worked();
        s.reduce(Action::Quiz(QuizAction::Choose {
            question: 0,
            option: 2,
        }));
        let text = record(&s).expect("something to keep");
        let back = initial_state("", Some(&text));
        assert_eq!(back.classroom.lesson, Some(2));
        assert_eq!(back.classroom.draft, " 80 ");
        assert_eq!(back.scene.view, lessons::PLANS[2].setup.view);
        assert_eq!(back.notebook, s.notebook);
        assert_eq!(back.checks.answers, s.checks.answers);
        assert!(back.checks.answers.feedback(0).is_some());
        // Answers alone are worth keeping, and a link opening the concept checks keeps them too.
        let mut answered = State::default();
        answered.reduce(Action::Quiz(QuizAction::Choose {
            question: 0,
            option: 2,
        }));
        let text = record(&answered).expect("answers to keep");
        let linked = initial_state("view=quiz", Some(&text));
        assert_eq!(linked.page, crate::url_state::Page::Quiz);
        assert_eq!(linked.checks.answers, answered.checks.answers);
        assert_eq!(
            s.notebook.predictions.get(slug(1)).map(String::as_str),
            Some("12")
        );
    }

    #[test]
    fn coming_back_to_a_step_brings_its_prediction_back() {
        let mut s = worked();
        s.reduce(Action::Lesson(LessonAction::Back));
        assert_eq!(s.classroom.draft, "12");
        s.reduce(Action::Lesson(LessonAction::Close));
        s.reduce(Action::Lesson(LessonAction::Open(2)));
        assert_eq!(s.classroom.draft, " 80 ");
        s.reduce(Action::Lesson(LessonAction::Predict(String::new())));
        assert!(!s.notebook.predictions.contains_key(slug(2)));
    }

    #[test]
    fn the_address_wins_over_the_record() {
        let text = record(&worked()).unwrap();
        let linked = initial_state(&format!("lesson={}", slug(5)), Some(&text));
        assert_eq!(linked.classroom.lesson, Some(5));
        assert_eq!(linked.classroom.draft, "");
        let back_to_one = initial_state(&format!("lesson={}", slug(1)), Some(&text));
        assert_eq!(
            back_to_one.classroom.draft, "12",
            "its own prediction returns"
        );
        let scene = initial_state("mode=webhook", Some(&text));
        assert_eq!(
            (scene.classroom.lesson, scene.scene.view),
            (None, ViewMode::Webhook)
        );
        assert_eq!(
            initial_state("theme=dark", Some(&text)).classroom.lesson,
            Some(2),
            "a theme is no scene"
        );
        let locked = initial_state("lock=1", Some(&text));
        assert_eq!(locked.classroom.lesson, None);
        assert!(locked.notebook.is_empty());
    }

    #[test]
    fn garbage_is_ignored() {
        let fine = record(&worked()).unwrap();
        for text in [
            "",
            "null",
            "{",
            "[1,2]",
            "\u{0}\u{fffd}",
            r#"{"lesson":"api"}"#,
            r#"{"version":2,"lesson":"api"}"#,
            r#"{"version":"1","lesson":"api"}"#,
            r#"{"version":1,"predictions":5}"#,
            r#"{"version":1,"quiz":{"q":[1,"x"]}}"#,
            &fine.replace(r#""version":1"#, r#""version":1e999"#),
            &format!(r#"{{"version":1,"lesson":"{}"}}"#, "x".repeat(40_000)),
        ] {
            assert_eq!(Saved::parse(text), None, "{text:.60}");
            assert_eq!(initial_state("", Some(text)), initial_state("", None));
        }
        let odd = Saved::parse(
            r#"{"version":1,"lesson":"nope","predictions":{"nope":"1","api":"7"},"quiz":{"q":[1]},"extra":true}"#,
        )
        .expect("a record of this version");
        assert_eq!(odd.lesson, None);
        assert_eq!(
            odd.notebook.predictions.into_iter().collect::<Vec<_>>(),
            [("api".to_string(), "7".to_string())]
        );
        assert_eq!(odd.answers.get("q"), Some(&vec![1]));
    }

    #[test]
    fn nothing_is_kept_for_a_fresh_page_or_after_starting_over() {
        assert_eq!(record(&State::default()), None);
        let mut s = worked();
        s.reduce(Action::Quiz(QuizAction::Choose {
            question: 0,
            option: 0,
        }));
        s.reduce(Action::StartOver);
        assert_eq!(record(&s), None);
        assert_eq!(s.classroom, Classroom::default());
        assert!(may_save(&s));
        assert!(!may_save(&initial_state("embed=1", None)));
        assert!(!may_save(&initial_state("lock=1", None)));
    }
}
