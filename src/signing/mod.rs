//! Webhook signature schemes on HMAC-SHA256: pure Rust, no web dependencies.

pub mod standard;

use std::fmt;

/// Every way a signature check can fail, each with a sentence a learner can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyError {
    /// The signature header was absent or empty.
    MissingHeader(&'static str),
    /// A header could not be parsed.
    MalformedHeader {
        header: &'static str,
        detail: String,
    },
    /// The header held no entry of a version this verifier knows.
    NoKnownVersion,
    /// The timestamp is further from now than the tolerance allows.
    TimestampTooOld {
        seconds: i64,
    },
    TimestampInFuture {
        seconds: i64,
    },
    /// No signature entry matched the content.
    Mismatch,
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
                "The timestamp is {seconds} s in the past, beyond the 300 s tolerance."
            ),
            Self::TimestampInFuture { seconds } => write!(
                f,
                "The timestamp is {seconds} s in the future, beyond the 300 s tolerance."
            ),
            Self::Mismatch => write!(f, "The signature does not match the content."),
        }
    }
}

impl std::error::Error for VerifyError {}
