//! Webhook signature schemes on HMAC-SHA256: pure Rust, no web dependencies.
//!
//! - [`standard`]: Standard Webhooks (Svix and many others), base64 secret, `v1,<base64>`;
//! - [`github`]: `X-Hub-Signature-256: sha256=<hex>`, secret used as text;
//! - [`stripe`]: `Stripe-Signature: t=...,v1=<hex>`, secret used as text, prefix included;
//! - [`headers`]: raw header lines parsed, scheme detected from header names;
//! - [`diagnosis`]: on a failed check, which common mistake the failure looks like;
//! - [`lab`]: one-call sign, verify and "show the work" for the Signature Lab;
//! - [`paste`]: what developers paste into the lab (raw requests, header objects, `svix-*`)
//!   read into headers, and secrets that are really API keys or signatures;
//! - [`snippets`]: receiver code that verifies a scheme's signatures, in four languages.

pub mod diagnosis;
pub mod github;
pub mod headers;
mod json;
pub mod lab;
pub mod mac;
pub mod paste;
pub mod snippets;
pub mod standard;
pub mod stripe;

pub use diagnosis::{diagnose, Diagnosis};
pub use headers::{detect, parse_header_lines, HeaderLineError};
pub use lab::{show_work, sign_request, verify_request, VerifyFailure, Worked};

use std::fmt;

use mac::TOLERANCE_S;

/// The three signature schemes this module speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    StandardWebhooks,
    GitHub,
    Stripe,
}

impl Scheme {
    pub const ALL: [Scheme; 3] = [Scheme::StandardWebhooks, Scheme::GitHub, Scheme::Stripe];

    /// The header that carries the signature, in lowercase.
    pub fn signature_header(self) -> &'static str {
        match self {
            Self::StandardWebhooks => standard::SIGNATURE_HEADER,
            Self::GitHub => github::SIGNATURE_HEADER,
            Self::Stripe => stripe::SIGNATURE_HEADER,
        }
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::StandardWebhooks => "Standard Webhooks",
            Self::GitHub => "GitHub",
            Self::Stripe => "Stripe",
        })
    }
}

/// Why a secret could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretError {
    Empty,
    NotBase64,
}

impl fmt::Display for SecretError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(
                f,
                "The secret is empty: an HMAC with an empty key proves nothing."
            ),
            Self::NotBase64 => write!(
                f,
                "A Standard Webhooks secret is `whsec_` followed by base64; this one is not base64."
            ),
        }
    }
}

impl std::error::Error for SecretError {}

/// A secret whose key is the UTF-8 bytes of its text exactly as written (GitHub, Stripe).
/// Nothing is trimmed or decoded: the provider signs with the string as it is.
#[derive(Clone, PartialEq, Eq)]
pub struct RawSecret {
    key: Vec<u8>,
}

impl RawSecret {
    /// Rejects an empty or all-blank secret; anything else is a valid key.
    pub fn new(text: &str) -> Result<Self, SecretError> {
        if text.trim().is_empty() {
            return Err(SecretError::Empty);
        }
        Ok(Self {
            key: text.as_bytes().to_vec(),
        })
    }

    pub fn key(&self) -> &[u8] {
        &self.key
    }
}

// Key material stays out of logs and test failure output.
impl fmt::Debug for RawSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawSecret({} bytes)", self.key.len())
    }
}

/// Every way a signature check can fail, each with a sentence a learner can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyError {
    /// A required header was absent or empty.
    MissingHeader(&'static str),
    /// A header could not be parsed.
    MalformedHeader {
        header: &'static str,
        detail: String,
    },
    /// The signature header held no entry of a version this verifier knows.
    NoKnownVersion,
    /// The timestamp is further in the past than the tolerance allows.
    TimestampTooOld { seconds: i64 },
    /// The timestamp is further in the future than the tolerance allows.
    TimestampInFuture { seconds: i64 },
    /// No signature entry matched the content.
    Mismatch,
    /// The secret could not be used as a key.
    InvalidSecret(SecretError),
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingHeader(h) => write!(f, "The {h} header is missing."),
            Self::MalformedHeader { header, detail } => {
                write!(f, "The {header} header is malformed: {detail}.")
            }
            Self::NoKnownVersion => write!(
                f,
                "The signature header has no entry of a version this receiver understands."
            ),
            Self::TimestampTooOld { seconds } => write!(
                f,
                "The timestamp is {seconds} s in the past, {} s beyond the {TOLERANCE_S} s tolerance.",
                seconds - TOLERANCE_S
            ),
            Self::TimestampInFuture { seconds } => write!(
                f,
                "The timestamp is {seconds} s in the future, {} s beyond the {TOLERANCE_S} s tolerance.",
                seconds - TOLERANCE_S
            ),
            Self::Mismatch => write!(
                f,
                "The signature does not match: the body, the signed headers or the secret differ \
                 from what the sender used."
            ),
            Self::InvalidSecret(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for VerifyError {}

impl From<SecretError> for VerifyError {
    fn from(e: SecretError) -> Self {
        Self::InvalidSecret(e)
    }
}
