//! Receiver code for the lab's scheme and secret: short, runnable verification snippets in
//! Python, Node.js, Go and Rust, each with its ecosystem's official or most used library, and
//! each following the rules the lab checks: verify the raw body, compare in constant time,
//! enforce the timestamp tolerance (or, for GitHub, which signs none, deduplicate), acknowledge
//! with a 2xx at once and process afterwards.
//!
//! A snippet is a language's frame (a small HTTP server) with the scheme's parts put into its
//! `%…%` slots; the secret is written as a string literal of that language.

use std::fmt;

use super::mac::TOLERANCE_S;
use super::Scheme;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    Python,
    Node,
    Go,
    Rust,
}

impl Language {
    pub const ALL: [Language; 4] = [Self::Python, Self::Node, Self::Go, Self::Rust];
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Python => "Python",
            Self::Node => "Node.js",
            Self::Go => "Go",
            Self::Rust => "Rust",
        })
    }
}

/// One snippet: the command that installs its libraries, and the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub language: Language,
    /// `None` when the standard library is enough.
    pub install: Option<&'static str>,
    pub code: String,
}

/// The snippets of every language for `scheme`, verifying with `secret` as typed.
pub fn snippets(scheme: Scheme, secret: &str) -> Vec<Snippet> {
    Language::ALL
        .into_iter()
        .map(|language| snippet(scheme, secret, language))
        .collect()
}

/// What a scheme puts into a language's frame.
struct Parts {
    install: Option<&'static str>,
    imports: &'static str,
    /// Statements that fail (raise, set an error) when the signature does not verify, and
    /// otherwise set `id`, the message's idempotency key.
    verify: &'static str,
}

pub fn snippet(scheme: Scheme, secret: &str, language: Language) -> Snippet {
    let (frame, literal) = match language {
        Language::Python => (PYTHON, json_string(secret)),
        Language::Node => (NODE, json_string(secret)),
        // JSON's escapes are all valid in a Go interpreted string literal.
        Language::Go => (GO, json_string(secret)),
        // Debug formatting writes a valid Rust string literal (`\u{…}` escapes).
        Language::Rust => (RUST, format!("{secret:?}")),
    };
    let parts = parts(scheme, language);
    let code = frame
        .replace("%IMPORTS%", parts.imports)
        .replace("%VERIFY%", parts.verify)
        .replace("%TOLERANCE%", &TOLERANCE_S.to_string())
        .replace("%SECRET%", &literal);
    Snippet {
        language,
        install: parts.install,
        code,
    }
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

fn parts(scheme: Scheme, language: Language) -> Parts {
    use Language::*;
    use Scheme::*;
    match (scheme, language) {
        (StandardWebhooks, Python) => Parts {
            install: Some("pip install standardwebhooks"),
            imports: "from standardwebhooks.webhooks import Webhook, WebhookVerificationError",
            verify: r#"
            # Compares in constant time; refuses a webhook-timestamp more than %TOLERANCE% s away.
            Webhook(SECRET).verify(body, dict(self.headers))
            message_id = self.headers["webhook-id"]
        except WebhookVerificationError:"#,
        },
        (Stripe, Python) => Parts {
            install: Some("pip install stripe"),
            imports: "import stripe",
            verify: r#"
            # Compares in constant time; refuses a t= more than %TOLERANCE% s away.
            event = stripe.Webhook.construct_event(
                body, self.headers.get("Stripe-Signature", ""), SECRET, tolerance=%TOLERANCE%
            )
            message_id = event["id"]
        except (ValueError, stripe.SignatureVerificationError):"#,
        },
        (GitHub, Python) => Parts {
            install: None,
            imports: "import hashlib\nimport hmac",
            verify: r#"
            expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
            received = self.headers.get("X-Hub-Signature-256", "")
            # GitHub signs no timestamp: deduplicating on X-GitHub-Delivery refuses replays.
            if not hmac.compare_digest(expected.encode(), received.encode()):  # constant time
                raise ValueError("signature mismatch")
            message_id = self.headers["X-GitHub-Delivery"]
        except ValueError:"#,
        },
        (StandardWebhooks, Node) => Parts {
            install: Some("npm install express standardwebhooks"),
            imports: r#"import { Webhook } from "standardwebhooks";"#,
            verify: r#"
    // Compares in constant time; refuses a webhook-timestamp more than %TOLERANCE% s away.
    new Webhook(SECRET).verify(req.body, req.headers);
    id = req.headers["webhook-id"];"#,
        },
        (Stripe, Node) => Parts {
            install: Some("npm install express stripe"),
            imports: r#"import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_API_KEY); // your API key, not the webhook secret"#,
            verify: r#"
    // Compares in constant time; refuses a t= more than %TOLERANCE% s away.
    const event = stripe.webhooks.constructEvent(
      req.body, req.headers["stripe-signature"], SECRET, %TOLERANCE%);
    id = event.id;"#,
        },
        (GitHub, Node) => Parts {
            install: Some("npm install express @octokit/webhooks-methods"),
            imports: r#"import { verify } from "@octokit/webhooks-methods";"#,
            verify: r#"
    // verify() compares in constant time. GitHub signs no timestamp: deduplicating on
    // X-GitHub-Delivery refuses replays.
    const signature = req.headers["x-hub-signature-256"] ?? "";
    if (!(await verify(SECRET, req.body.toString("utf8"), signature))) throw new Error("mismatch");
    id = req.headers["x-github-delivery"];"#,
        },
        (StandardWebhooks, Go) => Parts {
            install: Some("go get github.com/standard-webhooks/standard-webhooks/libraries"),
            imports: r#"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go""#,
            verify: r#"	wh, err := standardwebhooks.NewWebhook(secret)
	if err == nil {
		// Compares in constant time; refuses a webhook-timestamp more than %TOLERANCE% s away.
		err = wh.Verify(body, r.Header)
	}
	id := r.Header.Get("webhook-id")"#,
        },
        (Stripe, Go) => Parts {
            install: Some("go get github.com/stripe/stripe-go/v82"),
            imports: r#"
	"time"

	"github.com/stripe/stripe-go/v82/webhook""#,
            verify: r#"	// Compares in constant time; refuses a t= more than %TOLERANCE% s away.
	event, err := webhook.ConstructEventWithTolerance(
		body, r.Header.Get("Stripe-Signature"), secret, %TOLERANCE%*time.Second)
	id := event.ID"#,
        },
        (GitHub, Go) => Parts {
            install: None,
            imports: r#"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors""#,
            verify: r#"	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	expected := "sha256=" + hex.EncodeToString(mac.Sum(nil))
	// hmac.Equal compares in constant time. GitHub signs no timestamp: deduplicating on
	// X-GitHub-Delivery refuses replays.
	if !hmac.Equal([]byte(expected), []byte(r.Header.Get("X-Hub-Signature-256"))) {
		err = errors.New("signature mismatch")
	}
	id := r.Header.Get("X-GitHub-Delivery")"#,
        },
        (StandardWebhooks, Rust) => Parts {
            install: Some("cargo add standardwebhooks axum tokio --features tokio/full"),
            imports: "use standardwebhooks::Webhook;",
            verify: r#"
    // Compares in constant time; refuses a webhook-timestamp more than %TOLERANCE% s away.
    let verified = Webhook::new(SECRET).and_then(|wh| wh.verify(&body, &headers));
    let id = header(&headers, "webhook-id").to_owned();"#,
        },
        (Stripe, Rust) => Parts {
            install: Some("cargo add hmac sha2 hex serde_json axum tokio --features tokio/full"),
            imports: "use hmac::{Hmac, Mac};\nuse sha2::Sha256;",
            verify: r#"
    // By hand, as Stripe documents it: HMAC-SHA256 of "{t}.{body}" in hex, in any v1= entry.
    let items: Vec<(&str, &str)> = header(&headers, "stripe-signature")
        .split(',')
        .filter_map(|item| item.split_once('='))
        .collect();
    let t: i64 = items
        .iter()
        .find(|(k, _)| *k == "t")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let now = std::time::UNIX_EPOCH
        .elapsed()
        .map_or(0, |d| d.as_secs() as i64);
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).expect("any key length");
    mac.update(format!("{t}.").as_bytes());
    mac.update(&body);
    // verify_slice compares in constant time; t= may be at most %TOLERANCE% s away.
    let signed = items
        .iter()
        .filter(|(k, _)| *k == "v1")
        .filter_map(|(_, v)| hex::decode(v).ok())
        .any(|tag| mac.clone().verify_slice(&tag).is_ok());
    let verified = if signed && (now - t).abs() <= %TOLERANCE% {
        Ok(())
    } else {
        Err("invalid")
    };
    let event: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let id = event["id"].as_str().unwrap_or_default().to_owned();"#,
        },
        (GitHub, Rust) => Parts {
            install: Some("cargo add hmac sha2 hex axum tokio --features tokio/full"),
            imports: "use hmac::{Hmac, Mac};\nuse sha2::Sha256;",
            verify: r#"
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).expect("any key length");
    mac.update(&body);
    let received = header(&headers, "x-hub-signature-256");
    let tag = received
        .strip_prefix("sha256=")
        .and_then(|h| hex::decode(h).ok());
    // verify_slice compares in constant time. GitHub signs no timestamp: deduplicating on
    // X-GitHub-Delivery refuses replays.
    let verified = tag
        .filter(|t| mac.verify_slice(t).is_ok())
        .ok_or("invalid signature");
    let id = header(&headers, "x-github-delivery").to_owned();"#,
        },
    }
}

const PYTHON: &str = r#"import os
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

%IMPORTS%

# The lab's secret: in production, read it from your secret store.
SECRET = %SECRET%


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        # The raw bytes as sent: a body parsed and written out again no longer matches.
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:%VERIFY%
            self.send_response(400)
            self.end_headers()
            return
        self.send_response(204)  # acknowledge at once...
        self.end_headers()
        threading.Thread(target=process, args=(message_id, body)).start()  # ...then process


def process(message_id, body):
    pass  # deduplicate on message_id: a retry carries the same id


HTTPServer(("127.0.0.1", int(os.environ.get("PORT", 8000))), Receiver).serve_forever()
"#;

const NODE: &str = r#"import express from "express";
%IMPORTS%

// The lab's secret: in production, read it from your secret store.
const SECRET = %SECRET%;
const app = express();

// express.raw keeps the exact bytes; express.json() would parse them and break the signature.
app.post("/webhooks", express.raw({ type: "*/*" }), async (req, res) => {
  let id;
  try {%VERIFY%
  } catch {
    return res.sendStatus(400);
  }
  res.sendStatus(204); // acknowledge at once...
  setImmediate(() => processEvent(id, req.body)); // ...then process
});

function processEvent(id, body) {} // deduplicate on id: a retry carries the same id

app.listen(8000);
"#;

const GO: &str = r#"package main

import (
	"io"
	"net/http"%IMPORTS%
)

// The lab's secret: in production, read it from your secret store.
const secret = %SECRET%

func receive(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body) // the raw bytes as sent, not a re-encoded struct
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
%VERIFY%
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusNoContent) // acknowledge at once...
	go process(id, body)                // ...then process
}

// process deduplicates on id: a retry carries the same id.
func process(id string, body []byte) {}

func main() {
	http.HandleFunc("POST /webhooks", receive)
	http.ListenAndServe("127.0.0.1:8000", nil)
}
"#;

const RUST: &str = r#"use axum::{body::Bytes, http::HeaderMap, http::StatusCode, routing::post, Router};
%IMPORTS%

// The lab's secret: in production, read it from your secret store.
const SECRET: &str = %SECRET%;

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

// `Bytes`, not `Json<T>`: the signature covers the raw body exactly as sent.
async fn receive(headers: HeaderMap, body: Bytes) -> StatusCode {%VERIFY%
    if verified.is_err() {
        return StatusCode::BAD_REQUEST;
    }
    tokio::spawn(process(id, body)); // acknowledge at once, process after
    StatusCode::NO_CONTENT
}

async fn process(_id: String, _body: Bytes) {} // deduplicate on the id: retries repeat it

#[tokio::main]
async fn main() {
    let app = Router::new().route("/webhooks", post(receive));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:8000")
        .await
        .unwrap();
    axum::serve(listener, app).await.unwrap();
}
"#;
