//! The signature lab's form: what the learner typed or pasted, the example chosen, and what the
//! last button press found. A plain reducer over [`LabAction`]; the signing itself is
//! [`crate::signing`]'s.

mod check;
mod examples;
mod fill;

pub use check::{default_message_id, read_headers, request_timestamp, scheme_of, sign, verify};
pub use check::{Clock, Form, Outcome, Purpose, SchemeChoice, Verdict, Work};
pub use examples::{Example, ExampleRequest};
pub use fill::{delivery, read_headers_paste, Delivery, HeadersPaste};

use crate::signing::paste::secret_mixup;
use crate::signing::Scheme;

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
    /// Something was pasted into the Headers field (read by [`read_headers_paste`]).
    PasteHeaders(HeadersPaste),
    /// A simulated delivery replaces the form, to be verified as of its own timestamp.
    Open(Delivery),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Lab {
    pub form: Form,
    pub example: Example,
    pub outcome: Option<Outcome>,
    /// What the last paste into Headers was read as.
    pub paste_note: Option<String>,
}

impl Default for Lab {
    fn default() -> Self {
        Self::with_example(Example::StandardVector)
    }
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
            paste_note: None,
        }
    }

    /// A warning when the secret field holds an API key or a signature instead of a secret.
    pub fn secret_warning(&self) -> Option<String> {
        secret_mixup(&self.form.secret).map(|m| m.to_string())
    }

    /// The scheme the receiver code is written for: the chosen one, or the one the headers show.
    pub fn receiver_scheme(&self) -> Option<Scheme> {
        scheme_of(&self.form)
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
            LabAction::PasteHeaders(paste) => {
                if let Some((headers, body)) = paste.replace {
                    form.headers = headers;
                    if let Some(body) = body {
                        form.body = body;
                    }
                }
                self.paste_note = paste.note;
            }
            LabAction::Open(delivery) => {
                *self = Lab {
                    form: Form {
                        scheme: SchemeChoice::Detect,
                        secret: delivery.secret,
                        headers: delivery.headers,
                        body: delivery.body,
                        ignore_clock: true,
                        as_of: delivery.as_of,
                        sign_id: String::new(),
                        sign_at: String::new(),
                    },
                    example: self.example,
                    outcome: Some(Outcome {
                        verdict: Verdict::Opened(delivery.id),
                        work: None,
                        headers: None,
                    }),
                    paste_note: None,
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

#[cfg(test)]
mod pasting_and_opening {
    use super::*;
    use crate::sim::{Config, Mode, Simulation};

    const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    const BODY: &str = r#"{"test": 2432232314}"#;

    /// A lab with the vector's secret, an empty form, and the clock ignored.
    fn empty_lab() -> Lab {
        let mut lab = Lab::default();
        lab.reduce(LabAction::Edit(LabField::Headers, String::new()));
        lab.reduce(LabAction::Edit(LabField::Body, String::new()));
        lab
    }

    fn paste(lab: &mut Lab, text: &str) {
        lab.reduce(LabAction::PasteHeaders(read_headers_paste(text)));
    }

    fn verdict(lab: &mut Lab) -> &'static str {
        lab.reduce(LabAction::Verify(2_000_000_000));
        lab.outcome.as_ref().map_or("empty", |o| o.verdict.state())
    }

    #[test]
    fn a_raw_request_fills_headers_and_body_and_verifies() {
        let mut lab = empty_lab();
        let raw = format!(
            "POST /webhooks HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/json\r\n\
             webhook-id: {ID}\r\nwebhook-timestamp: 1614265330\r\n\
             webhook-signature: {SIGNATURE}\r\n\r\n{BODY}"
        );
        paste(&mut lab, &raw);
        assert_eq!(lab.form.body, BODY);
        assert!(lab.form.headers.contains("webhook-id: msg_p5j"));
        assert!(!lab.form.headers.contains("POST"), "{}", lab.form.headers);
        let note = lab.paste_note.clone().unwrap_or_default();
        assert!(
            note.starts_with("Read a raw HTTP request: 5 headers and the body"),
            "{note}"
        );
        assert_eq!(verdict(&mut lab), "valid");
    }

    #[test]
    fn node_and_python_header_objects_verify() {
        for text in [
            format!(
                "{{\n  host: 'example.com',\n  'webhook-id': '{ID}',\n  \
                 'webhook-timestamp': '1614265330',\n  'webhook-signature': '{SIGNATURE}'\n}}"
            ),
            format!(
                "{{'webhook-id': '{ID}', 'webhook-timestamp': '1614265330', \
                 'webhook-signature': '{SIGNATURE}'}}"
            ),
        ] {
            let mut lab = empty_lab();
            lab.reduce(LabAction::Edit(LabField::Body, BODY.into()));
            paste(&mut lab, &text);
            let note = lab.paste_note.clone().unwrap_or_default();
            assert!(note.starts_with("Read a headers object"), "{note}");
            assert_eq!(lab.form.body, BODY, "an object carries no body");
            assert_eq!(verdict(&mut lab), "valid", "{text}");
        }
    }

    #[test]
    fn svix_header_lines_go_in_as_typed_and_verify_as_webhook_headers() {
        let mut lab = empty_lab();
        lab.reduce(LabAction::Edit(LabField::Body, BODY.into()));
        let lines =
            format!("svix-id: {ID}\nsvix-timestamp: 1614265330\nsvix-signature: {SIGNATURE}");
        let read = read_headers_paste(&lines);
        assert_eq!(
            read.replace, None,
            "plain lines are pasted where the cursor is"
        );
        assert!(read.note.as_deref().unwrap_or_default().contains("svix-id"));
        lab.reduce(LabAction::PasteHeaders(read));
        lab.reduce(LabAction::Edit(LabField::Headers, lines));
        assert_eq!(verdict(&mut lab), "valid");
        assert_eq!(lab.receiver_scheme(), Some(Scheme::StandardWebhooks));
    }

    #[test]
    fn plain_lines_say_nothing_and_a_broken_object_says_where() {
        assert_eq!(read_headers_paste("content-type: text/plain").note, None);
        let broken = read_headers_paste("{ 'webhook-id': ");
        assert_eq!(broken.replace, None);
        assert!(
            broken.note.unwrap_or_default().contains("at character"),
            "the position is named"
        );
        let mut lab = empty_lab();
        lab.reduce(LabAction::Edit(
            LabField::Headers,
            "POST /hook HTTP/1.1\nwebhook-id: 1".into(),
        ));
        assert_eq!(
            verdict(&mut lab),
            "error",
            "a typed request line is refused"
        );
        assert_eq!(lab.receiver_scheme(), None);
    }

    #[test]
    fn api_keys_and_signatures_in_the_secret_field_are_named() {
        let mut lab = Lab::default();
        assert_eq!(lab.secret_warning(), None);
        lab.reduce(LabAction::Edit(LabField::Secret, "sk_live_51Habc".into()));
        let warning = lab.secret_warning().unwrap_or_default();
        assert!(warning.contains("Stripe secret API key"), "{warning}");
        lab.reduce(LabAction::Edit(LabField::Secret, SIGNATURE.into()));
        let warning = lab.secret_warning().unwrap_or_default();
        assert!(warning.contains("signature"), "{warning}");
    }

    #[test]
    fn a_simulated_delivery_opens_filled_and_verifies_as_of_its_own_time() {
        let mut sim = Simulation::new(Config {
            mode: Mode::Webhook,
            ..Config::default()
        })
        .expect("the default settings run");
        sim.run_until(120_000);
        let (m, text) = sim
            .messages()
            .map(|m| (*m, sim.render(m)))
            .find(|(_, t)| t.headers.contains_key("webhook-signature"))
            .expect("a delivery within two minutes");
        let answer = sim
            .messages()
            .map(|m| sim.render(m))
            .find(|t| t.status.is_some())
            .expect("an answer within two minutes");
        assert_eq!(delivery(&answer, sim.signing_secret(0)), None);
        let opened = delivery(&text, sim.signing_secret(m.sent_ms)).expect("a delivery");
        let stamp = text.headers["webhook-timestamp"].clone();
        let mut lab = Lab::default();
        lab.reduce(LabAction::Open(opened));
        assert_eq!(lab.form.body, text.body);
        assert_eq!(lab.form.as_of, stamp);
        assert_eq!(
            lab.outcome.as_ref().map(|o| o.verdict.clone()),
            Some(Verdict::Opened(text.headers["webhook-id"].clone()))
        );
        lab.reduce(LabAction::Verify(2_000_000_000));
        match lab.outcome.map(|o| o.verdict) {
            Some(Verdict::Valid { clock, .. }) => {
                assert_eq!(Some(clock.unix()), stamp.parse().ok())
            }
            v => panic!("expected valid, got {v:?}"),
        }
    }
}
