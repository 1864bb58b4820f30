//! The requests the lab can load: published test vectors, plus cases built to show a diagnosis.

use crate::signing::{sign_request, Scheme};

/// The Standard Webhooks vector from the reference libraries' tests.
const STANDARD_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const STANDARD_HEADERS: &str = "webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek\n\
                                webhook-timestamp: 1614265330\n\
                                webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
/// Note the space after the colon: it is part of what was signed.
const STANDARD_BODY: &str = r#"{"test": 2432232314}"#;

/// The example in GitHub's documentation on validating webhook deliveries.
const GITHUB_SECRET: &str = "It's a Secret to Everybody";
const GITHUB_HEADERS: &str =
    "X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
const GITHUB_BODY: &str = "Hello, World!";

/// A Stripe-style delivery signed in this page; the timestamp is fixed so the example never
/// changes, which is why it loads with the clock ignored.
const STRIPE_SECRET: &str = "whsec_test_secret";
const STRIPE_TIMESTAMP: i64 = 1_700_000_000;
const STRIPE_BODY: &str = r#"{"id":"evt_1Lab","object":"event","type":"payment_intent.succeeded"}"#;

/// The Standard Webhooks vector's body after a framework parsed it and pretty-printed it.
const RESERIALISED_BODY: &str = "{\n  \"test\": 2432232314\n}";

/// One loadable example.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Example {
    StandardVector,
    GitHubDocs,
    Stripe,
    Reserialised,
}

/// The fields an example fills in.
pub struct ExampleRequest {
    pub secret: String,
    pub headers: String,
    pub body: String,
    /// Whether the timestamp is checked against the request's own (fixed, old) timestamp.
    pub ignore_clock: bool,
}

impl Example {
    pub const ALL: [Example; 4] = [
        Example::StandardVector,
        Example::GitHubDocs,
        Example::Stripe,
        Example::Reserialised,
    ];

    /// Stable name used as the `<option>` value.
    pub fn key(self) -> &'static str {
        match self {
            Self::StandardVector => "standard",
            Self::GitHubDocs => "github",
            Self::Stripe => "stripe",
            Self::Reserialised => "reserialised",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::StandardVector => "Standard Webhooks published vector",
            Self::GitHubDocs => "GitHub documentation example",
            Self::Stripe => "Stripe example (secret whsec_test_secret)",
            Self::Reserialised => "Re-serialised body (fails, with a diagnosis)",
        }
    }

    pub fn request(self) -> ExampleRequest {
        match self {
            Self::StandardVector => ExampleRequest {
                secret: STANDARD_SECRET.into(),
                headers: STANDARD_HEADERS.into(),
                body: STANDARD_BODY.into(),
                ignore_clock: true,
            },
            Self::GitHubDocs => ExampleRequest {
                secret: GITHUB_SECRET.into(),
                headers: GITHUB_HEADERS.into(),
                body: GITHUB_BODY.into(),
                ignore_clock: false,
            },
            Self::Stripe => {
                let signed = sign_request(
                    Scheme::Stripe,
                    STRIPE_SECRET,
                    "",
                    STRIPE_TIMESTAMP,
                    STRIPE_BODY.as_bytes(),
                )
                .unwrap_or_default();
                let signature = signed
                    .iter()
                    .map(|(_, value)| format!("Stripe-Signature: {value}"))
                    .collect::<Vec<_>>();
                ExampleRequest {
                    secret: STRIPE_SECRET.into(),
                    headers: format!("Content-Type: application/json\n{}", signature.join("\n")),
                    body: STRIPE_BODY.into(),
                    ignore_clock: true,
                }
            }
            Self::Reserialised => ExampleRequest {
                secret: STANDARD_SECRET.into(),
                headers: STANDARD_HEADERS.into(),
                body: RESERIALISED_BODY.into(),
                ignore_clock: true,
            },
        }
    }
}
