//! Which glossary terms a lesson step uses for the first time, so the step can point at their
//! definitions. The terms and definitions are `lessons::text::GLOSSARY`.

use crate::lessons::text::{LessonText, GLOSSARY, LESSONS};

/// The words a term is recognised by: "Latency (L)" by "Latency", "λ (lambda)" by "λ".
fn key(term: &str) -> &str {
    term.split(" (").next().unwrap_or(term)
}

/// Whether `text` holds `word` as a word of its own (a plural "s" allowed). One-letter symbols
/// such as T match only in their own case, so "T" is not found in "don't".
fn uses(text: &str, word: &str) -> bool {
    let one_letter = word.chars().count() == 1;
    // ASCII case folding keeps byte offsets and needs no Unicode tables in the bundle; the
    // glossary's longer terms are ASCII.
    let (text, word) = if one_letter {
        (text.to_string(), word.to_string())
    } else {
        (text.to_ascii_lowercase(), word.to_ascii_lowercase())
    };
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(&word).any(|(at, _)| {
        let rest = &text[at + word.len()..];
        let after = rest
            .strip_prefix('s')
            .filter(|_| !one_letter)
            .unwrap_or(rest);
        !alnum(text[..at].chars().next_back()) && !alnum(after.chars().next())
    })
}

fn lesson_uses(l: &LessonText, word: &str) -> bool {
    [l.title, l.question, l.reveal]
        .iter()
        .chain(l.body)
        .any(|t| uses(t, word))
}

/// The glossary entries that lesson `i` uses and no lesson before it does.
pub fn new_terms(i: usize) -> Vec<(&'static str, &'static str)> {
    let Some(lesson) = LESSONS.get(i) else {
        return Vec::new();
    };
    GLOSSARY
        .iter()
        .filter(|(term, _)| {
            let word = key(term);
            lesson_uses(lesson, word) && !LESSONS[..i].iter().any(|l| lesson_uses(l, word))
        })
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::find;

    fn new_in(slug: &str) -> Vec<&'static str> {
        new_terms(find(slug).expect(slug))
            .into_iter()
            .map(|(t, _)| t)
            .collect()
    }

    #[test]
    fn words_are_matched_whole_and_symbols_in_their_case() {
        assert!(uses("every 10 seconds (T = 10 s)", "T"));
        assert!(!uses("don't wait", "T"));
        assert!(!uses("λT = 5", "λ"));
        assert!(uses("write λT for", "λT"));
        assert!(uses("Webhooks are pushed", "webhook"));
        assert!(!uses("an endpointless idea", "endpoint"));
    }

    #[test]
    fn each_term_is_new_in_exactly_one_step() {
        let mut seen = Vec::new();
        for i in 0..LESSONS.len() {
            seen.extend(new_terms(i).into_iter().map(|(t, _)| t));
        }
        seen.sort_unstable();
        let mut all: Vec<&str> = GLOSSARY.iter().map(|(t, _)| *t).collect();
        all.sort_unstable();
        assert_eq!(seen, all);
        assert_eq!(new_terms(LESSONS.len()), Vec::new());
    }

    #[test]
    fn terms_are_new_where_the_lessons_define_them() {
        assert!(new_in("api").contains(&"T"));
        assert!(new_in("webhook").contains(&"Endpoint"));
        assert!(new_in("webhook").contains(&"λ (lambda)"));
        assert!(new_in("api-steps").contains(&"Latency (L)"));
        assert!(new_in("real-time").contains(&"λT"));
        assert!(new_in("security").contains(&"HMAC"));
    }
}
