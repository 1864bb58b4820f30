//! Receiver snippets: for every scheme and language, the values each one embeds (the secret as a
//! literal of that language, the scheme's header names, the tolerance, the library) and the rules
//! it follows (raw body, constant-time comparison, acknowledge before processing).
#![cfg(not(target_arch = "wasm32"))]

use webhook_vs_api::signing::snippets::{snippet, snippets, Language};
use webhook_vs_api::signing::Scheme;

/// A secret with every character a string literal must escape.
const AWKWARD: &str = "whsec_a\"b\\c\nd'e`f${g}";

/// `AWKWARD` as a string literal: the same text in all four languages, since it needs only the
/// escapes `\"`, `\\` and `\n` that they share.
const LITERAL: &str = r#""whsec_a\"b\\c\nd'e`f${g}""#;

/// The library (or standard call) each snippet verifies with.
fn library(scheme: Scheme, language: Language) -> &'static str {
    use Language::*;
    match (scheme, language) {
        (Scheme::StandardWebhooks, Python) => "from standardwebhooks.webhooks import Webhook",
        (Scheme::StandardWebhooks, Node) => r#"import { Webhook } from "standardwebhooks";"#,
        (Scheme::StandardWebhooks, Go) => {
            r#"standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go""#
        }
        (Scheme::StandardWebhooks, Rust) => "use standardwebhooks::Webhook;",
        (Scheme::Stripe, Python) => "stripe.Webhook.construct_event(",
        (Scheme::Stripe, Node) => "stripe.webhooks.constructEvent(",
        (Scheme::Stripe, Go) => "webhook.ConstructEventWithTolerance(",
        (Scheme::Stripe, Rust) => "Hmac::<Sha256>::new_from_slice(SECRET.as_bytes())",
        (Scheme::GitHub, Python) => "hmac.compare_digest(",
        (Scheme::GitHub, Node) => r#"import { verify } from "@octokit/webhooks-methods";"#,
        (Scheme::GitHub, Go) => "hmac.Equal(",
        (Scheme::GitHub, Rust) => "mac.verify_slice(",
    }
}

/// The acknowledgement and the hand-off to processing, which must come after it (Rust returns
/// its status, so it spawns first: see its own test).
fn ack_then_process(language: Language) -> Option<(&'static str, &'static str)> {
    match language {
        Language::Python => Some(("self.send_response(204)", "threading.Thread(target=process")),
        Language::Node => Some(("res.sendStatus(204)", "setImmediate(() => processEvent(")),
        Language::Go => Some((
            "w.WriteHeader(http.StatusNoContent)",
            "go process(id, body)",
        )),
        Language::Rust => None,
    }
}

/// How each language reads the raw body.
fn raw_body(language: Language) -> &'static str {
    match language {
        Language::Python => "self.rfile.read(",
        Language::Node => "express.raw(",
        Language::Go => "io.ReadAll(r.Body)",
        Language::Rust => "body: Bytes",
    }
}

#[test]
fn every_snippet_embeds_its_secret_library_and_headers() {
    for scheme in Scheme::ALL {
        let all = snippets(scheme, AWKWARD);
        assert_eq!(all.len(), 4);
        for (s, language) in all.iter().zip(Language::ALL) {
            let code = s.code.as_str();
            let context = format!("{scheme} / {language}:\n{code}");
            assert_eq!(s.language, language);
            assert!(code.contains(LITERAL), "secret literal in {context}");
            assert!(
                code.contains(library(scheme, language)),
                "library in {context}"
            );
            assert!(code.contains(raw_body(language)), "raw body in {context}");
            let lower = code.to_ascii_lowercase();
            let headers: &[&str] = match scheme {
                // The libraries read all three; the snippet names the id it deduplicates on.
                Scheme::StandardWebhooks => &["webhook-id"],
                Scheme::Stripe => &["stripe-signature"],
                Scheme::GitHub => &["x-hub-signature-256", "x-github-delivery"],
            };
            for h in headers {
                assert!(lower.contains(h), "{h} in {context}");
            }
            assert!(
                lower.contains("constant time"),
                "says constant time: {context}"
            );
            match scheme {
                Scheme::GitHub => assert!(code.contains("signs no timestamp"), "{context}"),
                _ => assert!(code.contains("300"), "tolerance in {context}"),
            }
            if let Some((ack, process)) = ack_then_process(language) {
                let (a, p) = (code.find(ack), code.find(process));
                assert!(a.is_some() && p.is_some(), "ack and process in {context}");
                assert!(a < p, "acknowledges before processing: {context}");
            }
            assert!(
                !["%IMPORTS%", "%VERIFY%", "%SECRET%", "%TOLERANCE%"]
                    .iter()
                    .any(|slot| code.contains(slot)),
                "an unfilled slot in {context}"
            );
        }
    }
}

#[test]
fn rust_spawns_the_processing_before_returning_the_2xx() {
    // In axum the status is the handler's return value: spawning first is the fast answer.
    let code = snippet(Scheme::StandardWebhooks, "whsec_x", Language::Rust).code;
    let spawn = code.find("tokio::spawn").unwrap();
    let status = code.rfind("StatusCode::NO_CONTENT").unwrap();
    let reject = code.find("StatusCode::BAD_REQUEST").unwrap();
    assert!(reject < spawn && spawn < status);
}

#[test]
fn install_lines_name_the_libraries() {
    let install = |scheme, language| snippet(scheme, "s", language).install;
    assert_eq!(
        install(Scheme::StandardWebhooks, Language::Python),
        Some("pip install standardwebhooks")
    );
    assert_eq!(
        install(Scheme::StandardWebhooks, Language::Node),
        Some("npm install express standardwebhooks")
    );
    assert!(install(Scheme::Stripe, Language::Go)
        .unwrap()
        .contains("github.com/stripe/stripe-go"));
    assert!(install(Scheme::GitHub, Language::Node)
        .unwrap()
        .contains("@octokit/webhooks-methods"));
    // GitHub's HMAC needs nothing beyond the standard library in Python and Go.
    assert_eq!(install(Scheme::GitHub, Language::Python), None);
    assert_eq!(install(Scheme::GitHub, Language::Go), None);
}

#[test]
fn secrets_round_trip_through_the_python_node_and_go_literals() {
    for secret in [
        "whsec_plain",
        "tab\there",
        "\u{1F980} caf\u{e9}",
        "ctl\u{1}",
    ] {
        for language in [Language::Python, Language::Node, Language::Go] {
            let code = snippet(Scheme::GitHub, secret, language).code;
            let start = code.find(" = \"").expect("a SECRET = \"…\" line") + 3;
            let line_end = start + code[start..].find('\n').unwrap();
            let literal = code[start..line_end]
                .split(['#', ';', '/'])
                .next()
                .unwrap()
                .trim();
            let back: String = serde_json::from_str(literal).unwrap();
            assert_eq!(back, secret, "{language}: {literal}");
        }
    }
}
