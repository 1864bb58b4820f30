//! The page's address and the state: the state a query string describes, the query the state
//! is written back as, and the share link and embed snippet. The parsing itself is
//! [`crate::url_state`]'s; this maps it onto [`State`].

use super::lesson::Scene;
use super::State;
use crate::lessons;
use crate::url_state::{self, UrlState};

/// The state `query` describes, with what it could not use listed as notices.
pub fn state_from_query(query: &str) -> State {
    let (s, notes) = url_state::parse(query);
    state_from_url(s, notes)
}

/// The state a parsed address describes, with `notes` as its notices.
pub fn state_from_url(s: UrlState, notes: Vec<String>) -> State {
    let receivers_offline = s
        .lesson
        .and_then(|i| lessons::PLANS.get(i))
        .is_some_and(|p| p.setup.receivers_offline);
    let mut state = State {
        scene: Scene {
            view: s.view,
            settings: s.settings,
            speed: s.speed,
            receivers_offline,
            // A lesson opens paused at its start, waiting for the learner's prediction.
            playing: s.lesson.is_none(),
        },
        theme: s.theme,
        embed: s.embed,
        lock: s.lock,
        url_notices: notes,
        page: s.page,
        ..State::default()
    };
    state.classroom.lesson = s.lesson;
    state
}

/// What of the state the address keeps.
pub fn url_state(s: &State) -> UrlState {
    UrlState {
        view: s.scene.view,
        settings: s.scene.settings.clone(),
        speed: s.scene.speed,
        lesson: s.classroom.lesson,
        theme: s.theme,
        embed: s.embed,
        lock: s.lock,
        page: s.page,
    }
}

/// `base` with `query` appended, or `base` alone for an empty query.
pub fn with_query(base: &str, query: &str) -> String {
    if query.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{query}")
    }
}

/// A link to exactly this view, and an iframe snippet that embeds it, from the page's address
/// without its query.
pub fn share(base: &str, s: &State) -> (String, String) {
    let state = url_state(s);
    let link = with_query(base, &url_state::to_query(&state));
    let embedded = url_state::to_query(&UrlState {
        embed: true,
        ..state
    });
    let snippet = format!(
        r#"<iframe src="{}" title="Webhook vs API simulator" width="100%" height="900" sandbox="allow-scripts" loading="lazy"></iframe>"#,
        with_query(base, &embedded)
    );
    (link, snippet)
}

/// The page's address without its query or fragment.
pub fn without_query(href: &str) -> &str {
    &href[..href.find(['?', '#']).unwrap_or(href.len())]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Field;
    use crate::view::ViewMode;

    #[test]
    fn a_query_sets_the_scene_and_lists_what_it_could_not_use() {
        let s = state_from_query("mode=compare&clients=50&speed=5&bogus=1&lock=1");
        assert_eq!(s.scene.view, ViewMode::Compare);
        assert_eq!(s.scene.settings.get(Field::Clients), 50.0);
        assert_eq!(s.scene.speed, 5.0);
        assert!(s.lock && !s.embed);
        assert_eq!(s.url_notices.len(), 1, "{:?}", s.url_notices);
        assert!(s.url_notices[0].contains("bogus"));
        assert!(s.scene.playing);
    }

    #[test]
    fn a_lesson_link_opens_the_lesson_with_its_receivers_switch() {
        let offline = lessons::PLANS
            .iter()
            .position(|p| p.setup.receivers_offline)
            .expect("a lesson starts offline");
        let s = state_from_query(&format!("lesson={}", offline + 1));
        assert_eq!(s.classroom.lesson, Some(offline));
        assert!(s.scene.receivers_offline);
        assert!(!s.scene.playing, "paused until the learner predicts");
        assert_eq!(s.scene.view, lessons::PLANS[offline].setup.view);
    }

    #[test]
    fn the_state_round_trips_through_its_query() {
        let mut s = state_from_query("mode=webhook&preset=chat&seed=9&theme=dark&embed=1&view=lab");
        assert_eq!(s.page, crate::url_state::Page::Lab);
        s.url_notices.clear();
        let query = url_state::to_query(&url_state(&s));
        assert_eq!(state_from_query(&query), s);
    }

    #[test]
    fn share_links_keep_the_path_and_the_snippet_embeds_the_same_view() {
        let s = state_from_query("mode=compare");
        let base = without_query("https://example.org/app/index.html?mode=polling#top");
        assert_eq!(base, "https://example.org/app/index.html");
        let (link, snippet) = share(base, &s);
        assert_eq!(link, "https://example.org/app/index.html?mode=compare");
        assert!(
            snippet.contains(r#"src="https://example.org/app/index.html?mode=compare&embed=1""#)
        );
        assert!(snippet.contains(r#"sandbox="allow-scripts""#));
        assert_eq!(share(base, &State::default()).0, base);
    }
}
