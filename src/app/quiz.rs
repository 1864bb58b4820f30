//! The concept checks as the page holds them (their view is [`crate::url_state::Page::Quiz`]):
//! the learner's answers (graded by [`crate::lessons::quiz`]), the security steps predicted and
//! run so far (run by [`super::security`]), the one sentence the page's live region reads out
//! after each action, and the answers in the form saved progress keeps them.

use std::collections::BTreeMap;

use super::address;
use super::security::{self, DrillRun};
use crate::lessons::quiz::{self, Feedback, Kind, Quiz};
use crate::lessons::quiz_text::{self, DRILL_STEPS, QUESTIONS, QUIZ_PANEL};
use crate::url_state::{self, Page, UrlState};

/// The fragment that opens the concept checks at their security drills, as in
/// `?view=quiz#drill-steps`; it is also the id of the drills' part of the page.
pub const DRILLS_ANCHOR: &str = "drill-steps";

/// What the teacher's page and the worksheet say of the concept checks: their chapters, the
/// security drills, and the addresses that open each.
#[derive(Clone, Debug, PartialEq)]
pub struct Overview {
    /// Each chapter with how many questions it asks, in order.
    pub chapters: Vec<(&'static str, usize)>,
    /// The security drills' titles, in the order the page shows them.
    pub drills: Vec<&'static str>,
    pub quiz_link: String,
    pub drills_link: String,
}

/// The overview, with addresses from `base` (the page's address without its query).
pub fn overview(base: &str) -> Overview {
    let query = url_state::to_query(&UrlState {
        page: Page::Quiz,
        ..UrlState::default()
    });
    let quiz_link = address::with_query(base, &query);
    Overview {
        chapters: quiz::chapters()
            .into_iter()
            .map(|c| (c, QUESTIONS.iter().filter(|q| q.chapter == c).count()))
            .collect(),
        drills: DRILL_STEPS.iter().map(|d| d.title).collect(),
        drills_link: format!("{quiz_link}#{DRILLS_ANCHOR}"),
        quiz_link,
    }
}

/// The concept checks' part of the page's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Checks {
    pub answers: Quiz,
    /// Each security step run so far, by its index in [`DRILL_STEPS`]: the option the learner
    /// predicted, and what the run measured.
    pub drills: BTreeMap<usize, (usize, DrillRun)>,
    /// Bumped when the answers are cleared, so the page draws fresh, empty fields.
    pub round: u32,
    /// What the last action did, in words, for the live region; empty before any.
    pub said: String,
}

pub enum QuizAction {
    /// Answers a multiple-choice question with its option; the first answer stands.
    Choose { question: usize, option: usize },
    /// Check (or Run) was pressed with no option picked.
    NothingChosen,
    /// Runs security step `step` after the learner predicted its `option`; the first run stands.
    RunDrill { step: usize, option: usize },
    /// Moves a step of an ordering question from one place to another.
    Move {
        question: usize,
        from: usize,
        to: usize,
    },
    /// Pairs a row of a matching question with the entry of row `entry`.
    Pair {
        question: usize,
        row: usize,
        entry: usize,
    },
    /// Submits an ordering or matching question as it stands.
    Submit { question: usize },
    /// Forgets every answer.
    Restart,
}

impl Checks {
    pub fn reduce(&mut self, a: QuizAction) {
        let quiz = &mut self.answers;
        self.said = match a {
            QuizAction::Choose { question, option } => {
                if quiz.feedback(question).is_some() {
                    return;
                }
                quiz.choose(question, option);
                graded(quiz, question)
            }
            QuizAction::NothingChosen => QUIZ_PANEL.choose_first.to_string(),
            QuizAction::RunDrill { step, option } => {
                let Some(text) = DRILL_STEPS.get(step) else {
                    return;
                };
                if self.drills.contains_key(&step) || option >= text.options.len() {
                    return;
                }
                let Some(run) = security::run(text.id) else {
                    return;
                };
                let right = text.options[option].0 == run.reception;
                self.drills.insert(step, (option, run));
                graded_as(right)
            }
            QuizAction::Move { question, from, to } => {
                let before = quiz.order(question).to_vec();
                quiz.move_step(question, from, to);
                match (quiz.order(question) != before, QUESTIONS.get(question)) {
                    (true, Some(q)) => {
                        let step = quiz.order(question)[to];
                        quiz_text::moved(label(q, step), to, before.len())
                    }
                    _ => return,
                }
            }
            QuizAction::Pair {
                question,
                row,
                entry,
            } => {
                quiz.pair(question, row, entry);
                return;
            }
            QuizAction::Submit { question } => {
                quiz.submit(question);
                graded(quiz, question)
            }
            QuizAction::Restart => {
                *quiz = Quiz::new();
                self.drills.clear();
                self.round = self.round.wrapping_add(1);
                QUIZ_PANEL.restarted.to_string()
            }
        };
    }
}

/// The two buttons that move a step of an ordering question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrow {
    Up,
    Down,
}

impl Arrow {
    /// The place a step at `place` moves to, if it can move this way among `len` steps.
    pub fn target(self, place: usize, len: usize) -> Option<usize> {
        match self {
            Self::Up => place.checked_sub(1),
            Self::Down => (place + 1 < len).then_some(place + 1),
        }
    }

    /// The button that keeps the keyboard focus once a step moved this way to `place`: the
    /// same arrow at its new place, or the other one where this one can go no further.
    pub fn focus_after(self, place: usize, len: usize) -> Arrow {
        match (self, self.target(place, len)) {
            (_, Some(_)) => self,
            (Self::Up, None) => Self::Down,
            (Self::Down, None) => Self::Up,
        }
    }
}

/// The label of step or row `i` of question `q`.
fn label(q: &quiz::Question, i: usize) -> &'static str {
    match q.kind {
        Kind::Choice(options) => options.get(i).map_or("", |o| o.label),
        Kind::Order(items) | Kind::Match(items) => items.get(i).map_or("", |s| s.label),
    }
}

/// The verdict on question `question`, as the live region says it; empty when not graded.
fn graded(quiz: &Quiz, question: usize) -> String {
    quiz.feedback(question)
        .map_or_else(String::new, |f| graded_as(f.correct()))
}

fn graded_as(right: bool) -> String {
    if right {
        QUIZ_PANEL.right
    } else {
        QUIZ_PANEL.wrong
    }
    .to_string()
}

/// The answers given, by question id, as saved progress keeps them: the option chosen, the
/// submitted order, or the entry picked for each row (the number of rows standing for none).
/// Questions not yet answered are left out.
pub fn saved(quiz: &Quiz) -> BTreeMap<String, Vec<usize>> {
    let mut out = BTreeMap::new();
    for (i, q) in QUESTIONS.iter().enumerate() {
        let answer = match quiz.feedback(i) {
            None => continue,
            Some(Feedback::Choice { chosen, .. }) => vec![chosen],
            Some(Feedback::Order { .. }) => quiz.order(i).to_vec(),
            Some(Feedback::Match { .. }) => {
                let none = quiz.picks(i).len();
                quiz.picks(i).iter().map(|p| p.unwrap_or(none)).collect()
            }
        };
        out.insert(q.id.to_string(), answer);
    }
    out
}

/// The answers [`saved`] kept, given again. An unknown id, or an answer that does not fit its
/// question (a wrong length, an order that is not one of its steps each once), is skipped.
pub fn restored(saved: &BTreeMap<String, Vec<usize>>) -> Quiz {
    let mut quiz = Quiz::new();
    for (id, answer) in saved {
        let Some(i) = quiz::find(id) else { continue };
        match QUESTIONS[i].kind {
            Kind::Choice(_) => {
                if let [option] = answer[..] {
                    quiz.choose(i, option);
                }
            }
            Kind::Order(steps) => {
                let mut sorted = answer.clone();
                sorted.sort_unstable();
                if sorted != (0..steps.len()).collect::<Vec<_>>() {
                    continue;
                }
                for (place, &step) in answer.iter().enumerate() {
                    if let Some(from) = quiz.order(i).iter().position(|&s| s == step) {
                        quiz.move_step(i, from, place);
                    }
                }
                quiz.submit(i);
            }
            Kind::Match(rows) => {
                if answer.len() != rows.len() {
                    continue;
                }
                for (row, &entry) in answer.iter().enumerate() {
                    quiz.pair(i, row, entry);
                }
                quiz.submit(i);
            }
        }
    }
    quiz
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(id: &str) -> usize {
        quiz::find(id).expect("a question")
    }

    #[test]
    fn the_overview_names_every_question_and_drill_and_links_open_the_quiz() {
        let base = "https://example.org/app/index.html";
        let o = overview(base);
        assert_eq!(
            o.chapters.iter().map(|(_, n)| n).sum::<usize>(),
            QUESTIONS.len()
        );
        assert_eq!(o.chapters.first().map(|c| c.0), Some("Basics"));
        assert_eq!(o.drills.len(), DRILL_STEPS.len());
        assert_eq!(o.quiz_link, format!("{base}?view=quiz"));
        assert_eq!(o.drills_link, format!("{base}?view=quiz#drill-steps"));
        let query = o.quiz_link.strip_prefix(base).unwrap_or_default();
        let (s, notes) = url_state::parse(query);
        assert_eq!((s.page, notes.len()), (Page::Quiz, 0));
    }

    #[test]
    fn each_action_says_what_it_did_and_a_first_choice_stands() {
        let mut c = Checks::default();
        let q = question("who-starts");
        let Kind::Choice(options) = QUESTIONS[q].kind else {
            panic!("a choice")
        };
        let wrong = options.iter().position(|o| !o.correct).unwrap();
        let right = options.iter().position(|o| o.correct).unwrap();
        c.reduce(QuizAction::NothingChosen);
        assert_eq!(c.said, QUIZ_PANEL.choose_first);
        c.reduce(QuizAction::Choose {
            question: q,
            option: wrong,
        });
        assert_eq!(c.said, QUIZ_PANEL.wrong);
        c.reduce(QuizAction::Choose {
            question: q,
            option: right,
        });
        assert_eq!(
            c.answers.feedback(q),
            Some(Feedback::Choice {
                chosen: wrong,
                correct: false
            })
        );
        c.reduce(QuizAction::Restart);
        assert_eq!(c.answers, Quiz::new());
        assert_eq!(c.round, 1);
    }

    #[test]
    fn a_move_is_announced_with_its_step_and_new_place() {
        let mut c = Checks::default();
        let q = question("api-call-order");
        let first = c.answers.order(q)[0];
        c.reduce(QuizAction::Move {
            question: q,
            from: 0,
            to: 1,
        });
        let Kind::Order(steps) = QUESTIONS[q].kind else {
            panic!("an order")
        };
        assert_eq!(c.answers.order(q)[1], first);
        assert_eq!(c.said, quiz_text::moved(steps[first].label, 1, steps.len()));
        assert!(c.said.contains("place 2 of 4"), "{}", c.said);
        // A move that changes nothing keeps the last sentence.
        c.reduce(QuizAction::Move {
            question: q,
            from: 9,
            to: 0,
        });
        assert!(c.said.contains("place 2 of 4"));
    }

    #[test]
    fn a_security_step_reveals_its_run_only_once_predicted_and_the_first_run_stands() {
        let mut c = Checks::default();
        assert!(c.drills.is_empty(), "nothing is run before a prediction");
        let step = DRILL_STEPS
            .iter()
            .position(|s| s.id == "tamper")
            .expect("a step");
        let run = security::run("tamper").expect("a run");
        let options = DRILL_STEPS[step].options;
        let right = options.iter().position(|o| o.0 == run.reception).unwrap();
        let wrong = (right + 1) % options.len();
        c.reduce(QuizAction::RunDrill {
            step,
            option: options.len(),
        });
        assert!(c.drills.is_empty(), "an option the step does not offer");
        c.reduce(QuizAction::RunDrill {
            step,
            option: wrong,
        });
        assert_eq!(c.said, QUIZ_PANEL.wrong);
        assert_eq!(c.drills.get(&step), Some(&(wrong, run.clone())));
        c.reduce(QuizAction::RunDrill {
            step,
            option: right,
        });
        assert_eq!(c.drills.get(&step), Some(&(wrong, run)), "the first stands");
        c.reduce(QuizAction::Restart);
        assert!(c.drills.is_empty());
        c.reduce(QuizAction::RunDrill {
            step,
            option: right,
        });
        assert_eq!(c.said, QUIZ_PANEL.right);
    }

    #[test]
    fn the_focus_stays_on_an_arrow_that_can_still_move_the_step() {
        assert_eq!(Arrow::Up.target(0, 4), None);
        assert_eq!(Arrow::Down.target(3, 4), None);
        assert_eq!(Arrow::Down.target(1, 4), Some(2));
        assert_eq!(Arrow::Up.focus_after(2, 4), Arrow::Up);
        assert_eq!(Arrow::Up.focus_after(0, 4), Arrow::Down);
        assert_eq!(Arrow::Down.focus_after(3, 4), Arrow::Up);
        assert_eq!(Arrow::Down.focus_after(2, 4), Arrow::Down);
    }

    #[test]
    fn answers_survive_being_saved_and_restored() {
        let mut c = Checks::default();
        let (choice, order, pairs) = (
            question("who-starts"),
            question("webhook-order"),
            question("real-world-pairs"),
        );
        c.reduce(QuizAction::Choose {
            question: choice,
            option: 1,
        });
        c.reduce(QuizAction::Move {
            question: order,
            from: 2,
            to: 0,
        });
        c.reduce(QuizAction::Submit { question: order });
        c.reduce(QuizAction::Pair {
            question: pairs,
            row: 1,
            entry: 0,
        });
        c.reduce(QuizAction::Submit { question: pairs });
        // Picked but not submitted: not an answer yet, so not kept.
        c.reduce(QuizAction::Pair {
            question: question("table-api"),
            row: 0,
            entry: 0,
        });
        let kept = saved(&c.answers);
        assert_eq!(kept.len(), 3, "{kept:?}");
        assert_eq!(kept["real-world-pairs"], [3, 0, 3], "unpaired rows as 3");
        let back = restored(&kept);
        for q in [choice, order, pairs] {
            assert_eq!(
                back.feedback(q),
                c.answers.feedback(q),
                "{}",
                QUESTIONS[q].id
            );
        }
        assert_eq!(back.order(order), c.answers.order(order));
        assert_eq!(back.picks(pairs), c.answers.picks(pairs));
        assert_eq!(saved(&back), kept);
    }

    #[test]
    fn saved_answers_that_do_not_fit_are_skipped() {
        let odd: BTreeMap<String, Vec<usize>> = [
            ("nope", vec![0]),
            ("who-starts", vec![0, 1]),
            ("api-call-order", vec![0, 0, 1, 2]),
            ("webhook-order", vec![0, 1]),
            ("real-world-pairs", vec![0]),
            ("table-api", vec![]),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        assert_eq!(restored(&odd), Quiz::new());
        let far = [("who-starts".to_string(), vec![usize::MAX])].into();
        assert_eq!(restored(&far), Quiz::new());
    }
}
