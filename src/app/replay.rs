//! The inspector's copies of the selected message for a developer's own tools: the request as a
//! curl command with its exact bytes, and for a delivery its receiver accepted, a copy re-signed
//! now that a live receiver accepts.

use super::session::Selection;
use crate::export::{copies, curl, CopyKind};

/// Where the re-signed copy is sent: the address the lab's receiver code listens on.
pub const LOCAL_RECEIVER: &str = "http://127.0.0.1:8000/webhooks";

/// One curl command, labelled.
#[derive(Clone, Debug, PartialEq)]
pub struct CurlCopy {
    pub title: &'static str,
    /// Which copy this is and what to expect of it.
    pub why: String,
    pub command: String,
}

/// The curl commands for `selection` at wall-clock time `now_unix`, or why it has none (a
/// response is not sent by anyone).
pub fn curl_copies(selection: &Selection, now_unix: i64) -> Result<Vec<CurlCopy>, String> {
    copies(&selection.text, &selection.secret, now_unix)
        .into_iter()
        .map(|copy| {
            let (title, url, why) = match copy.kind {
                CopyKind::ExactBytes => ("Exact bytes", None, copy.kind.to_string()),
                CopyKind::ReSigned { .. } => (
                    "Re-signed for a live receiver",
                    Some(LOCAL_RECEIVER),
                    format!(
                        "{} It is addressed to {LOCAL_RECEIVER}, where the lab's receiver code \
                         listens; its secret is {}.",
                        copy.kind,
                        selection.secret.to_text()
                    ),
                ),
            };
            let command = curl(&copy.text, selection.scheme, url).map_err(|e| e.to_string())?;
            Ok(CurlCopy {
                title,
                why,
                command,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::drills::is_delivery;
    use crate::signing::standard;
    use crate::sim::{Config, Mode, Simulation};

    fn selection(sim: &Simulation, pick: impl Fn(&crate::sim::Message) -> bool) -> Selection {
        let message = *sim.messages().find(|m| pick(m)).expect("such a message");
        Selection {
            stage: 0,
            message,
            text: sim.render(&message),
            resendable: is_delivery(&message),
            secret: sim.signing_secret(message.sent_ms).clone(),
            scheme: sim.scheme_of(&message),
        }
    }

    #[test]
    fn an_accepted_delivery_has_its_exact_bytes_and_a_copy_signed_now() {
        let mut sim = Simulation::new(Config {
            mode: Mode::Webhook,
            ..Config::default()
        })
        .expect("the default settings run");
        sim.run_until(120_000);
        let s = selection(&sim, is_delivery);
        let now = 1_900_000_000;
        let copies = curl_copies(&s, now).expect("a request");
        assert_eq!(copies.len(), 2);
        let sent = &s.text.headers[standard::SIGNATURE_HEADER];
        assert!(copies[0].command.contains(sent.as_str()));
        assert!(copies[0].why.contains("too old"));
        let fresh = standard::sign(
            &s.secret,
            &s.text.headers[standard::ID_HEADER],
            now,
            s.text.body.as_bytes(),
        );
        assert!(copies[1].command.contains(&fresh), "{}", copies[1].command);
        assert!(copies[1].command.contains(LOCAL_RECEIVER));
        assert!(copies[1].why.contains(&s.secret.to_text()));
    }

    #[test]
    fn a_poll_has_one_copy_and_a_response_none() {
        let mut sim = Simulation::new(Config::default()).expect("the default settings run");
        sim.run_until(60_000);
        let poll = selection(&sim, |m| m.kind.is_request());
        let copies = curl_copies(&poll, 0).expect("a request");
        assert_eq!(copies.len(), 1);
        assert!(copies[0].command.starts_with("curl 'https://"));
        let answer = selection(&sim, |m| !m.kind.is_request());
        let error = curl_copies(&answer, 0).expect_err("a response");
        assert!(error.contains("response"), "{error}");
    }

    #[test]
    fn a_request_sent_over_http_is_copied_with_an_http_url() {
        let mut sim = Simulation::new(Config {
            api_scheme: crate::sim::Scheme::Http,
            ..Config::default()
        })
        .expect("plain HTTP is a valid setting");
        sim.run_until(60_000);
        let poll = selection(&sim, |m| m.kind.is_request());
        let copies = curl_copies(&poll, 0).expect("a request");
        assert!(
            copies[0].command.starts_with("curl 'http://api."),
            "{}",
            copies[0].command
        );
    }
}
