//! The concept checks: enough questions, every chapter asked about, every option explained, stable
//! unique ids, nothing graded before it is answered, a perfect run scoring 100 %, a wrong answer
//! lowering exactly its own chapter's score, and the grading of orders and pairings.

use std::collections::BTreeSet;

use webhook_vs_api::lessons::quiz::{self, Feedback, Kind, Quiz, Score};
use webhook_vs_api::lessons::quiz_text::{misplaced, score_line, QUESTIONS};
use webhook_vs_api::lessons::text::{self, LESSONS};

fn index(id: &str) -> usize {
    quiz::find(id).unwrap_or_else(|| panic!("no question {id}"))
}

/// Gives the right answer to question `q`, read from the answer key in the text.
fn answer_right(quiz: &mut Quiz, q: usize) {
    match QUESTIONS[q].kind {
        Kind::Choice(options) => {
            let right = options
                .iter()
                .position(|o| o.correct)
                .expect("a right option");
            quiz.choose(q, right);
        }
        Kind::Order(steps) => {
            for place in 0..steps.len() {
                let from = quiz
                    .order(q)
                    .iter()
                    .position(|&s| s == place)
                    .expect("step");
                quiz.move_step(q, from, place);
            }
            quiz.submit(q);
        }
        Kind::Match(rows) => {
            for row in 0..rows.len() {
                quiz.pair(q, row, row);
            }
            quiz.submit(q);
        }
    }
}

/// Gives a wrong answer to question `q`.
fn answer_wrong(quiz: &mut Quiz, q: usize) {
    match QUESTIONS[q].kind {
        Kind::Choice(options) => {
            let wrong = options
                .iter()
                .position(|o| !o.correct)
                .expect("a wrong option");
            quiz.choose(q, wrong);
        }
        // As first offered, which the first test below shows is never the right order.
        Kind::Order(_) => quiz.submit(q),
        Kind::Match(rows) => {
            for row in 0..rows.len() {
                quiz.pair(q, row, (row + 1) % rows.len());
            }
            quiz.submit(q);
        }
    }
}

fn perfect() -> Quiz {
    let mut quiz = Quiz::new();
    for q in 0..QUESTIONS.len() {
        answer_right(&mut quiz, q);
    }
    quiz
}

fn lesson_chapters() -> Vec<&'static str> {
    let mut chapters: Vec<&str> = LESSONS.iter().map(|l| l.chapter).collect();
    chapters.dedup();
    chapters
}

#[test]
fn there_are_enough_questions_with_unique_ids_in_every_chapter() {
    assert!(QUESTIONS.len() >= 24, "{} questions", QUESTIONS.len());
    let ids: BTreeSet<&str> = QUESTIONS.iter().map(|q| q.id).collect();
    assert_eq!(ids.len(), QUESTIONS.len(), "question ids repeat");
    for q in &QUESTIONS {
        assert!(!q.id.is_empty() && !q.prompt.is_empty(), "{}", q.id);
        assert!(
            lesson_chapters().contains(&q.chapter),
            "{}: {} is no lesson chapter",
            q.id,
            q.chapter
        );
    }
    assert_eq!(quiz::chapters(), lesson_chapters());
    for chapter in lesson_chapters() {
        let n = QUESTIONS.iter().filter(|q| q.chapter == chapter).count();
        assert!(n >= 3, "{chapter} has {n} questions");
    }
    // Chapters are contiguous, so a UI grouping in list order shows each chapter once.
    let mut order: Vec<&str> = QUESTIONS.iter().map(|q| q.chapter).collect();
    order.dedup();
    assert_eq!(order, lesson_chapters());
}

#[test]
fn every_option_is_labelled_and_explained_and_every_kind_has_one_right_answer() {
    let (mut choices, mut orders, mut matches) = (0, 0, 0);
    for q in &QUESTIONS {
        let (ids, labels): (Vec<&str>, Vec<&str>) = match q.kind {
            Kind::Choice(options) => {
                choices += 1;
                assert_eq!(options.iter().filter(|o| o.correct).count(), 1, "{}", q.id);
                assert!(options.len() >= 3, "{}", q.id);
                for o in options {
                    assert!(!o.why.is_empty(), "{}/{} is not explained", q.id, o.id);
                }
                options.iter().map(|o| (o.id, o.label)).unzip()
            }
            Kind::Order(steps) => {
                orders += 1;
                assert!(steps.len() >= 3 && !q.explanation.is_empty(), "{}", q.id);
                steps.iter().map(|s| (s.id, s.label)).unzip()
            }
            Kind::Match(rows) => {
                matches += 1;
                assert!(rows.len() >= 3 && !q.explanation.is_empty(), "{}", q.id);
                let entries: BTreeSet<&str> = rows.iter().map(|r| r.pairs_with).collect();
                assert_eq!(entries.len(), rows.len(), "{}: entries repeat", q.id);
                assert!(!entries.contains(""), "{}", q.id);
                rows.iter().map(|r| (r.id, r.label)).unzip()
            }
        };
        assert_eq!(
            ids.iter().collect::<BTreeSet<_>>().len(),
            ids.len(),
            "{}",
            q.id
        );
        assert!(ids.iter().chain(&labels).all(|s| !s.is_empty()), "{}", q.id);
    }
    assert!(choices > 0 && orders >= 2 && matches >= 2);
}

#[test]
fn the_two_sequences_of_the_tutorial_and_both_table_columns_are_asked() {
    let Kind::Order(api) = QUESTIONS[index("api-call-order")].kind else {
        panic!("api-call-order orders steps")
    };
    let Kind::Order(webhook) = QUESTIONS[index("webhook-order")].kind else {
        panic!("webhook-order orders steps")
    };
    assert_eq!(api.first().map(|s| s.id), Some("request"));
    assert_eq!(webhook.first().map(|s| s.id), Some("give-url"));
    for id in ["table-api", "table-webhook"] {
        let Kind::Match(rows) = QUESTIONS[index(id)].kind else {
            panic!("{id} pairs rows")
        };
        for r in &text::COMPARISON_ROWS {
            assert!(
                rows.iter().any(|row| row.id == r.key),
                "{id} lacks {}",
                r.key
            );
        }
    }
}

#[test]
fn the_scenarios_have_polling_webhook_and_both_as_right_answers() {
    let mut right = BTreeSet::new();
    for q in &QUESTIONS {
        if let Kind::Choice(options) = q.kind {
            let ids: BTreeSet<&str> = options.iter().map(|o| o.id).collect();
            if ids == BTreeSet::from(["api", "webhook", "both"]) {
                right.extend(options.iter().filter(|o| o.correct).map(|o| o.id));
            }
        }
    }
    assert_eq!(right, BTreeSet::from(["api", "webhook", "both"]));
}

#[test]
fn nothing_is_graded_before_it_is_answered() {
    let quiz = Quiz::new();
    for (q, question) in QUESTIONS.iter().enumerate() {
        assert_eq!(quiz.feedback(q), None, "{}", question.id);
        if let Kind::Order(steps) = question.kind {
            let right: Vec<usize> = (0..steps.len()).collect();
            assert_ne!(quiz.order(q), right, "{} starts solved", question.id);
            assert_ne!(quiz.order(q).first(), Some(&0), "{}", question.id);
        }
    }
    let none = quiz.score();
    assert_eq!((none.correct, none.total), (0, QUESTIONS.len()));
    assert_eq!(none.percent(), 0);
}

#[test]
fn a_perfect_run_scores_100_percent_overall_and_in_every_chapter() {
    let quiz = perfect();
    assert_eq!(quiz.score().percent(), 100);
    assert_eq!(quiz.score().correct, QUESTIONS.len());
    for chapter in lesson_chapters() {
        assert_eq!(quiz.chapter_score(chapter).percent(), 100, "{chapter}");
    }
}

#[test]
fn a_wrong_answer_lowers_exactly_its_own_chapter() {
    for (q, question) in QUESTIONS.iter().enumerate() {
        let mut quiz = Quiz::new();
        for other in (0..QUESTIONS.len()).filter(|&o| o != q) {
            answer_right(&mut quiz, other);
        }
        answer_wrong(&mut quiz, q);
        assert!(
            !quiz.feedback(q).expect("answered").correct(),
            "{}",
            question.id
        );
        for chapter in lesson_chapters() {
            let s = quiz.chapter_score(chapter);
            let lost = usize::from(chapter == question.chapter);
            assert_eq!(s.correct + lost, s.total, "{} in {chapter}", question.id);
        }
        assert_eq!(quiz.score().correct, QUESTIONS.len() - 1);
        assert!(quiz.score().percent() < 100);
    }
}

#[test]
fn the_first_choice_stands_and_bad_indices_change_nothing() {
    let q = index("who-starts");
    let mut quiz = Quiz::new();
    quiz.choose(q, 99);
    quiz.choose(q + QUESTIONS.len(), 0);
    quiz.move_step(index("api-call-order"), 0, 99);
    quiz.pair(index("table-api"), 99, 0);
    quiz.pair(index("table-api"), 0, 99);
    assert_eq!(quiz, Quiz::new());
    quiz.choose(q, 1);
    quiz.choose(q, 0);
    assert_eq!(
        quiz.feedback(q),
        Some(Feedback::Choice {
            chosen: 1,
            correct: false
        })
    );
}

#[test]
fn an_order_is_graded_at_its_first_misplaced_step() {
    let q = index("api-call-order");
    let mut quiz = Quiz::new();
    // Offered as odd places first, then even ones.
    assert_eq!(quiz.order(q), [1, 3, 0, 2]);
    // Into request, response, process, wait: the second place is the first wrong one.
    quiz.move_step(q, 2, 0);
    quiz.move_step(q, 3, 1);
    assert_eq!(quiz.order(q), [0, 2, 1, 3]);
    assert_eq!(quiz.feedback(q), None, "graded only once submitted");
    quiz.submit(q);
    assert_eq!(
        quiz.feedback(q),
        Some(Feedback::Order {
            first_misplaced: Some(1)
        })
    );
    assert_eq!(
        misplaced(1, "The server processes the request"),
        "Place 2 is the first out of order: it should be “The server processes the request”."
    );
    quiz.move_step(q, 1, 2);
    assert_eq!(quiz.order(q), [0, 2, 1, 3], "a submitted order is locked");
}

#[test]
fn a_pairing_is_graded_row_by_row() {
    let q = index("real-world-pairs");
    let mut quiz = Quiz::new();
    quiz.pair(q, 0, 0);
    quiz.pair(q, 1, 2);
    quiz.pair(q, 1, 1); // changed before submitting
    assert_eq!(quiz.picks(q), [Some(0), Some(1), None]);
    quiz.submit(q);
    assert_eq!(
        quiz.feedback(q),
        Some(Feedback::Match {
            wrong_rows: vec![2]
        })
    );
    quiz.pair(q, 2, 2);
    assert_eq!(
        quiz.picks(q),
        [Some(0), Some(1), None],
        "submitted is locked"
    );
    let s = quiz.chapter_score("In practice");
    assert_eq!(s.correct, 0);
}

#[test]
fn score_lines_and_percentages_round_down() {
    let s = Score {
        correct: 2,
        total: 3,
    };
    assert_eq!(s.percent(), 66);
    assert_eq!(score_line(2, 3, 66), "2 of 3 right (66 %)");
    assert_eq!(
        Score {
            correct: 0,
            total: 0
        }
        .percent(),
        0
    );
}

#[test]
fn the_only_figures_in_the_questions_are_the_lessons_own() {
    // Status codes are names, and the one duration is the security lesson's replay window.
    let allowed = ["2xx", "401", "5 minutes"];
    let lessons = text::all_text().join(" ");
    let mut texts: Vec<&str> = Vec::new();
    for q in &QUESTIONS {
        texts.extend([q.prompt, q.explanation]);
        match q.kind {
            Kind::Choice(options) => options.iter().for_each(|o| texts.extend([o.label, o.why])),
            Kind::Order(items) | Kind::Match(items) => items
                .iter()
                .for_each(|i| texts.extend([i.label, i.pairs_with])),
        }
    }
    for t in texts {
        let mut rest = t.to_string();
        for a in allowed {
            assert!(!t.contains(a) || lessons.contains(a), "{a}");
            rest = rest.replace(a, "");
        }
        assert!(
            !rest.chars().any(|c| c.is_ascii_digit()),
            "a figure in: {t}"
        );
    }
}
