//! Concept checks: questions that test understanding where a number cannot, graded here and
//! worded in [`super::quiz_text`]. Three kinds: one right option among several, steps to put in
//! order, and rows to pair with their entries. A [`Quiz`] holds the learner's answers; each action
//! is one call, and nothing about an answer is revealed until that question is submitted.

use super::quiz_text::QUESTIONS;

/// One option of a multiple-choice question.
#[derive(Debug)]
pub struct Choice {
    /// Stable within its question, for element ids and tests.
    pub id: &'static str,
    pub label: &'static str,
    pub correct: bool,
    /// Why this option is right or wrong, shown once the question is answered.
    pub why: &'static str,
}

/// One step of an ordering question, or one row of a matching question with its entry.
#[derive(Debug)]
pub struct Item {
    /// Stable within its question.
    pub id: &'static str,
    pub label: &'static str,
    /// The entry a matching row pairs with; empty for an ordering step.
    pub pairs_with: &'static str,
}

#[derive(Debug)]
pub enum Kind {
    /// Exactly one option is right.
    Choice(&'static [Choice]),
    /// The steps, listed in their right order.
    Order(&'static [Item]),
    /// Rows, each listed with the entry it pairs with.
    Match(&'static [Item]),
}

#[derive(Debug)]
pub struct Question {
    /// Stable across versions: links and the coverage table name questions by id.
    pub id: &'static str,
    /// One of the lessons' chapters.
    pub chapter: &'static str,
    pub prompt: &'static str,
    pub kind: Kind,
    /// Shown after an ordering or matching question is submitted, right or wrong.
    pub explanation: &'static str,
}

impl Question {
    /// The number of steps, rows or options.
    fn len(&self) -> usize {
        match self.kind {
            Kind::Choice(c) => c.len(),
            Kind::Order(items) | Kind::Match(items) => items.len(),
        }
    }

    /// The order the steps (or a matching question's entries) are first offered in: odd places
    /// first, then even ones, so that the first offered is never the right first one.
    pub fn scrambled(&self) -> Vec<usize> {
        let n = self.len();
        (1..n).step_by(2).chain((0..n).step_by(2)).collect()
    }
}

/// The index of the question with this id.
pub fn find(id: &str) -> Option<usize> {
    QUESTIONS.iter().position(|q| q.id == id)
}

/// The chapters that have questions, in lesson order.
pub fn chapters() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for l in &super::text::LESSONS {
        if !out.contains(&l.chapter) && QUESTIONS.iter().any(|q| q.chapter == l.chapter) {
            out.push(l.chapter);
        }
    }
    out
}

/// What the learner has done with one question.
#[derive(Clone, Debug, PartialEq)]
enum Response {
    /// The option chosen, if any; choosing submits.
    Choice(Option<usize>),
    /// The steps in the learner's current order (indices into the question's items).
    Order { order: Vec<usize>, submitted: bool },
    /// For each row, the row whose entry the learner paired with it.
    Match {
        picks: Vec<Option<usize>>,
        submitted: bool,
    },
}

/// The grade of a submitted answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Feedback {
    /// The option chosen; its `why` explains it, and the right option's `why` if it was wrong.
    Choice { chosen: usize, correct: bool },
    /// The first place (0-based) holding the wrong step, `None` when the whole order is right.
    Order { first_misplaced: Option<usize> },
    /// The rows paired wrongly or not at all, in row order; empty when all are right.
    Match { wrong_rows: Vec<usize> },
}

impl Feedback {
    pub fn correct(&self) -> bool {
        match self {
            Self::Choice { correct, .. } => *correct,
            Self::Order { first_misplaced } => first_misplaced.is_none(),
            Self::Match { wrong_rows } => wrong_rows.is_empty(),
        }
    }
}

/// Questions answered right out of questions asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Score {
    pub correct: usize,
    pub total: usize,
}

impl Score {
    /// Whole percent, rounded down so that only a perfect run shows 100; 0 when nothing is asked.
    pub fn percent(self) -> usize {
        (self.correct * 100).checked_div(self.total).unwrap_or(0)
    }
}

/// The learner's answers to every question.
#[derive(Clone, Debug, PartialEq)]
pub struct Quiz {
    responses: Vec<Response>,
}

impl Default for Quiz {
    fn default() -> Self {
        Self::new()
    }
}

impl Quiz {
    pub fn new() -> Self {
        let responses = QUESTIONS
            .iter()
            .map(|q| match q.kind {
                Kind::Choice(_) => Response::Choice(None),
                Kind::Order(_) => Response::Order {
                    order: q.scrambled(),
                    submitted: false,
                },
                Kind::Match(items) => Response::Match {
                    picks: vec![None; items.len()],
                    submitted: false,
                },
            })
            .collect();
        Self { responses }
    }

    /// Answers a multiple-choice question; the first choice stands. Out-of-range is ignored.
    pub fn choose(&mut self, question: usize, option: usize) {
        if let (Some(Response::Choice(chosen @ None)), Some(q)) =
            (self.responses.get_mut(question), QUESTIONS.get(question))
        {
            if option < q.len() {
                *chosen = Some(option);
            }
        }
    }

    /// Moves the step at place `from` to place `to` of an ordering question not yet submitted.
    pub fn move_step(&mut self, question: usize, from: usize, to: usize) {
        if let Some(Response::Order {
            order,
            submitted: false,
        }) = self.responses.get_mut(question)
        {
            if from < order.len() && to < order.len() {
                let step = order.remove(from);
                order.insert(to, step);
            }
        }
    }

    /// Pairs `row` of a matching question with the entry of row `entry`, before it is submitted.
    pub fn pair(&mut self, question: usize, row: usize, entry: usize) {
        if let Some(Response::Match {
            picks,
            submitted: false,
        }) = self.responses.get_mut(question)
        {
            let n = picks.len();
            if let (Some(pick), true) = (picks.get_mut(row), entry < n) {
                *pick = Some(entry);
            }
        }
    }

    /// Submits an ordering or matching question as it stands.
    pub fn submit(&mut self, question: usize) {
        if let Some(Response::Order { submitted, .. } | Response::Match { submitted, .. }) =
            self.responses.get_mut(question)
        {
            *submitted = true;
        }
    }

    /// The steps of an ordering question in the learner's current order.
    pub fn order(&self, question: usize) -> &[usize] {
        match self.responses.get(question) {
            Some(Response::Order { order, .. }) => order,
            _ => &[],
        }
    }

    /// The entry paired with each row of a matching question so far.
    pub fn picks(&self, question: usize) -> &[Option<usize>] {
        match self.responses.get(question) {
            Some(Response::Match { picks, .. }) => picks,
            _ => &[],
        }
    }

    /// The grade of a question, once answered or submitted; `None` before.
    pub fn feedback(&self, question: usize) -> Option<Feedback> {
        match self.responses.get(question)? {
            Response::Choice(chosen) => {
                let chosen = (*chosen)?;
                let correct = match QUESTIONS.get(question)?.kind {
                    Kind::Choice(options) => options.get(chosen)?.correct,
                    _ => false,
                };
                Some(Feedback::Choice { chosen, correct })
            }
            Response::Order { order, submitted } => submitted.then(|| Feedback::Order {
                first_misplaced: order.iter().enumerate().position(|(at, &s)| at != s),
            }),
            Response::Match { picks, submitted } => submitted.then(|| Feedback::Match {
                wrong_rows: (0..picks.len())
                    .filter(|&row| picks[row] != Some(row))
                    .collect(),
            }),
        }
    }

    /// The score over the questions `keep` selects; unanswered questions count as not right.
    fn score_where(&self, keep: impl Fn(&Question) -> bool) -> Score {
        let asked: Vec<usize> = (0..QUESTIONS.len())
            .filter(|&i| keep(&QUESTIONS[i]))
            .collect();
        Score {
            correct: asked
                .iter()
                .filter(|&&i| self.feedback(i).is_some_and(|f| f.correct()))
                .count(),
            total: asked.len(),
        }
    }

    pub fn chapter_score(&self, chapter: &str) -> Score {
        self.score_where(|q| q.chapter == chapter)
    }

    pub fn score(&self) -> Score {
        self.score_where(|_| true)
    }
}

/// What became of a request a security drill sent, as its receiver or server handled it: the
/// answers a security step offers, and what its run is read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reception {
    /// Accepted and handled like any other.
    Processed,
    /// Accepted (2xx) but not handled again: its message id was seen before.
    Duplicate,
    /// Refused with 401: the signature does not match the bytes.
    BadSignature,
    /// Refused with 401: the signature matches, but its timestamp is too old.
    TooOld,
    /// Refused with 401: no API key came with it.
    NoKey,
    /// Refused with 429: the client asked more often than the limit allows.
    TooMany,
}

/// One security step: a drill to predict the outcome of, then run. Its words.
#[derive(Debug)]
pub struct DrillStep {
    /// Stable: the coverage table and the page's ids name steps by it.
    pub id: &'static str,
    pub title: &'static str,
    /// What the drill does, and the question.
    pub prompt: &'static str,
    /// The answers offered, each explained once the drill has run.
    pub options: &'static [(Reception, &'static str, &'static str)],
}
