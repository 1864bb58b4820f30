//! The teacher's guide: a 45-minute lesson plan over the guided lessons, with the question to
//! put to the room at each step and the link to put on a slide. Steps are named by slug and
//! their titles, questions and links come from the lessons' own tables, so the guide cannot
//! drift from the app.

use super::address;
use crate::lessons::{self, text};
use crate::url_state::{self, UrlState};

/// One part of the plan: a lesson step, how long to spend on it, what to draw out of the room,
/// and the failure drill to show there, if any.
pub struct Segment {
    pub slug: &'static str,
    pub minutes: u32,
    pub note: &'static str,
    pub drill: Option<&'static str>,
}

pub const PLAN: [Segment; 7] = [
    Segment {
        slug: "api",
        minutes: 5,
        note: "Collect a few guesses before pressing Run. Point out that the count follows the clock, not the payments.",
        drill: None,
    },
    Segment {
        slug: "webhook",
        minutes: 5,
        note: "Ask why the answer is an average this time, and what happens to the traffic in a minute with no payments.",
        drill: None,
    },
    Segment {
        slug: "mailbox-doorbell",
        minutes: 7,
        note: "Let the room vote on a percentage first; the two stages side by side make the wasted trips visible.",
        drill: None,
    },
    Segment {
        slug: "efficiency",
        minutes: 7,
        note: "Ask who pays for an empty poll: the client, the network and the server all do.",
        drill: None,
    },
    Segment {
        slug: "real-time",
        minutes: 7,
        note: "The surprise of the session: with busy traffic polling sends fewer requests. Ask the room to explain it before the reveal.",
        drill: None,
    },
    Segment {
        slug: "security",
        minutes: 9,
        note: "After the prediction, open the failure drills under the simulator and show that the receiver refuses a forged or stale delivery with 401.",
        drill: Some("“Resend with an edited body”, then “Replay one older than 5 minutes”"),
    },
    Segment {
        slug: "together",
        minutes: 5,
        note: "Close by asking when the room would pick polling, a webhook, or both.",
        drill: None,
    },
];

/// A segment ready to show: its place in the plan, the lesson's words, and its link.
pub struct Step {
    pub start_minute: u32,
    pub segment: &'static Segment,
    pub number: usize,
    pub title: &'static str,
    pub question: &'static str,
    pub link: String,
}

/// The address of lesson `i` opened on its own, optionally locked, from the page's address
/// without its query.
pub fn link(base: &str, i: usize, lock: bool) -> String {
    let (view, settings) = url_state::baseline(Some(i));
    let query = url_state::to_query(&UrlState {
        view,
        settings,
        lesson: Some(i),
        lock,
        ..UrlState::default()
    });
    address::with_query(base, &query)
}

/// The plan's steps, with links from `base` (the page's address without its query).
pub fn steps(base: &str) -> Vec<Step> {
    let mut start = 0;
    PLAN.iter()
        .filter_map(|segment| {
            let i = lessons::find(segment.slug)?;
            let words = text::LESSONS.get(i)?;
            let step = Step {
                start_minute: start,
                segment,
                number: i + 1,
                title: words.title,
                question: words.question,
                link: link(base, i, false),
            };
            start += segment.minutes;
            Some(step)
        })
        .collect()
}

/// A lesson outside the plan, for a second session or homework: its slug, title and link.
pub struct Extra {
    pub slug: &'static str,
    pub title: &'static str,
    pub link: String,
}

/// The lessons the plan leaves out, in lesson order, with links from `base`.
pub fn extras(base: &str) -> Vec<Extra> {
    lessons::PLANS
        .iter()
        .zip(&text::LESSONS)
        .enumerate()
        .filter(|(_, (p, _))| PLAN.iter().all(|s| s.slug != p.slug))
        .map(|(i, (p, words))| Extra {
            slug: p.slug,
            title: words.title,
            link: link(base, i, false),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_fills_45_minutes_with_real_steps_in_lesson_order() {
        let steps = steps("x");
        assert_eq!(steps.len(), PLAN.len(), "every slug names a lesson");
        assert_eq!(PLAN.iter().map(|s| s.minutes).sum::<u32>(), 45);
        assert!(steps.windows(2).all(|w| w[0].number < w[1].number));
        assert_eq!(steps[2].start_minute, 10);
    }

    #[test]
    fn each_link_opens_its_step_and_a_locked_link_is_locked() {
        let base = "https://example.org/app/index.html";
        for step in steps(base) {
            let query = step
                .link
                .strip_prefix(base)
                .expect("the page's own address");
            assert_eq!(query, format!("?lesson={}", step.segment.slug));
            let (s, notes) = url_state::parse(query);
            assert!(notes.is_empty(), "{notes:?}");
            assert_eq!(s.lesson, Some(step.number - 1));
            assert_eq!(lessons::PLANS[step.number - 1].slug, step.segment.slug);
        }
        assert_eq!(link(base, 0, true), format!("{base}?lesson=api&lock=1"));
    }

    #[test]
    fn every_lesson_is_in_the_plan_or_among_the_extras() {
        let extras = extras("x");
        assert_eq!(extras.len() + PLAN.len(), lessons::COUNT);
        assert_eq!(
            extras.last().map(|e| (e.slug, e.link.as_str())),
            Some(("long-polling", "x?lesson=long-polling"))
        );
    }
}
