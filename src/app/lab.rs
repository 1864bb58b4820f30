//! The signature lab's form: what the learner typed, the example chosen, and what the last button
//! press found. A plain reducer over [`LabAction`]; the signing itself is [`crate::signing`]'s.

mod check;
mod examples;

pub use check::{default_message_id, request_timestamp, sign, verify};
pub use check::{Clock, Form, Outcome, Purpose, SchemeChoice, Verdict, Work};
pub use examples::{Example, ExampleRequest};

/// A text field of the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabField {
    Secret,
    Headers,
    Body,
    AsOf,
    SignId,
    SignAt,
}

pub enum LabAction {
    Edit(LabField, String),
    ChooseScheme(SchemeChoice),
    IgnoreClock(bool),
    ChooseExample(Example),
    LoadExample,
    /// Verify at this wall-clock time (Unix seconds).
    Verify(i64),
    /// Sign at this wall-clock time (unless the form names a time).
    Sign(i64),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Lab {
    pub form: Form,
    pub example: Example,
    pub outcome: Option<Outcome>,
}

impl Lab {
    pub fn with_example(example: Example) -> Self {
        let request = example.request();
        Self {
            form: Form {
                scheme: SchemeChoice::Detect,
                secret: request.secret,
                headers: request.headers,
                body: request.body,
                ignore_clock: request.ignore_clock,
                as_of: String::new(),
                sign_id: String::new(),
                sign_at: String::new(),
            },
            example,
            outcome: None,
        }
    }

    pub fn reduce(&mut self, action: LabAction) {
        let form = &mut self.form;
        match action {
            LabAction::Edit(field, value) => {
                let slot = match field {
                    LabField::Secret => &mut form.secret,
                    LabField::Headers => &mut form.headers,
                    LabField::Body => &mut form.body,
                    LabField::AsOf => &mut form.as_of,
                    LabField::SignId => &mut form.sign_id,
                    LabField::SignAt => &mut form.sign_at,
                };
                *slot = value;
            }
            LabAction::ChooseScheme(choice) => form.scheme = choice,
            LabAction::IgnoreClock(on) => form.ignore_clock = on,
            LabAction::ChooseExample(example) => self.example = example,
            LabAction::LoadExample => {
                let example = self.example;
                *self = Lab::with_example(example);
                self.outcome = Some(Outcome {
                    verdict: Verdict::Loaded(example),
                    work: None,
                    headers: None,
                });
            }
            LabAction::Verify(now) => self.outcome = Some(verify(form, now)),
            LabAction::Sign(now) => {
                let outcome = sign(form, now);
                if let Some(headers) = &outcome.headers {
                    form.headers = headers.clone();
                }
                self.outcome = Some(outcome);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::Scheme;

    /// The Standard Webhooks vector's timestamp (its published headers carry it).
    const VECTOR_AT: i64 = 1_614_265_330;

    fn state(lab: &Lab) -> &'static str {
        lab.outcome.as_ref().map_or("empty", |o| o.verdict.state())
    }

    #[test]
    fn the_published_vector_verifies_with_the_clock_ignored_and_fails_against_today() {
        let mut lab = Lab::with_example(Example::StandardVector);
        lab.reduce(LabAction::Verify(1_900_000_000));
        match &lab.outcome.as_ref().unwrap().verdict {
            Verdict::Valid {
                scheme,
                detected,
                clock,
            } => {
                assert_eq!(*scheme, Scheme::StandardWebhooks);
                assert!(detected);
                assert_eq!(*clock, Clock::RequestTimestamp(VECTOR_AT));
            }
            v => panic!("expected valid, got {v:?}"),
        }
        lab.reduce(LabAction::IgnoreClock(false));
        lab.reduce(LabAction::Verify(VECTOR_AT + 301));
        assert_eq!(state(&lab), "invalid", "301 s late is past the tolerance");
        lab.reduce(LabAction::Verify(VECTOR_AT + 299));
        assert_eq!(state(&lab), "valid");
    }

    #[test]
    fn an_edited_body_is_invalid_and_shows_the_expected_work() {
        let mut lab = Lab::with_example(Example::StandardVector);
        lab.reduce(LabAction::Edit(LabField::Body, r#"{"test": 1}"#.into()));
        lab.reduce(LabAction::Verify(0));
        let outcome = lab.outcome.unwrap();
        assert_eq!(outcome.verdict.state(), "invalid");
        let work = outcome.work.expect("the expected signature is shown");
        assert_eq!(work.purpose, Purpose::Verify);
        assert_eq!(
            work.received.as_deref(),
            Some("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        );
    }

    #[test]
    fn signing_writes_headers_that_then_verify() {
        let mut lab = Lab::with_example(Example::GitHubDocs);
        lab.reduce(LabAction::ChooseScheme(SchemeChoice::Fixed(Scheme::Stripe)));
        lab.reduce(LabAction::Edit(LabField::SignAt, " 1700000000 ".into()));
        lab.reduce(LabAction::Sign(5));
        assert_eq!(
            lab.outcome.as_ref().unwrap().verdict,
            Verdict::Signed {
                scheme: Scheme::Stripe,
                timestamp: 1_700_000_000
            }
        );
        assert!(lab
            .form
            .headers
            .starts_with("stripe-signature: t=1700000000,v1="));
        lab.reduce(LabAction::ChooseScheme(SchemeChoice::Detect));
        lab.reduce(LabAction::IgnoreClock(true));
        lab.reduce(LabAction::Verify(0));
        assert_eq!(state(&lab), "valid");
    }

    #[test]
    fn typed_mistakes_become_problems_not_panics() {
        let mut lab = Lab::with_example(Example::StandardVector);
        lab.reduce(LabAction::Edit(LabField::AsOf, "yesterday".into()));
        lab.reduce(LabAction::Verify(0));
        assert!(matches!(
            lab.outcome.as_ref().unwrap().verdict,
            Verdict::Problem {
                purpose: Purpose::Verify,
                ..
            }
        ));
        lab.reduce(LabAction::Edit(
            LabField::Headers,
            "Content-Type: text/plain".into(),
        ));
        lab.reduce(LabAction::Sign(0));
        assert!(matches!(
            lab.outcome.as_ref().unwrap().verdict,
            Verdict::Problem {
                purpose: Purpose::Sign,
                ..
            }
        ));
        lab.reduce(LabAction::Edit(LabField::SignAt, "12.5".into()));
        lab.reduce(LabAction::ChooseScheme(SchemeChoice::Fixed(Scheme::GitHub)));
        lab.reduce(LabAction::Sign(0));
        assert_eq!(state(&lab), "error", "a fractional time is refused");
    }

    #[test]
    fn loading_an_example_resets_the_form_and_says_so() {
        let mut lab = Lab::with_example(Example::StandardVector);
        lab.reduce(LabAction::Edit(LabField::Secret, "changed".into()));
        lab.reduce(LabAction::ChooseExample(Example::Stripe));
        assert_eq!(lab.form.secret, "changed", "choosing alone loads nothing");
        lab.reduce(LabAction::LoadExample);
        assert_eq!(lab.form.secret, "whsec_test_secret");
        assert_eq!(
            lab.outcome.as_ref().unwrap().verdict,
            Verdict::Loaded(Example::Stripe)
        );
        lab.reduce(LabAction::Verify(0));
        assert_eq!(
            state(&lab),
            "valid",
            "the Stripe example loads with the clock ignored"
        );
    }

    #[test]
    fn request_timestamps_are_read_per_scheme() {
        let h = |k: &str, v: &str| vec![(k.to_string(), v.to_string())];
        assert_eq!(
            request_timestamp(Scheme::Stripe, &h("Stripe-Signature", "v1=ab, t=12")),
            Some(12)
        );
        assert_eq!(
            request_timestamp(Scheme::StandardWebhooks, &h("webhook-timestamp", "x")),
            None
        );
        assert_eq!(request_timestamp(Scheme::GitHub, &h("a", "1")), None);
        assert_eq!(default_message_id(7), "msg_lab7");
    }
}
