//! A delivery for a developer's own receiver. Simulated deliveries carry simulated timestamps,
//! which any real verifier rejects as too old, so a delivery is offered twice: its exact bytes
//! (for reading) and a copy re-signed at the current time (for a live receiver).

use std::fmt;

use crate::signing::standard::{self, Secret};
use crate::sim::HttpText;

/// Which of the two copies a [`ReplayCopy`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyKind {
    /// Byte for byte what the simulator sent, signature and simulated timestamp included.
    ExactBytes,
    /// Same id and body, with `webhook-timestamp` set to `at_unix` and a fresh signature.
    ReSigned { at_unix: i64 },
}

impl fmt::Display for CopyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ExactBytes => write!(
                f,
                "Exact bytes, as the simulator sent them. Their timestamp is simulated, so a \
                 real verifier rejects them as too old: read them, do not expect them to verify."
            ),
            Self::ReSigned { at_unix } => write!(
                f,
                "Re-signed at Unix time {at_unix} with the run's secret: same webhook-id and \
                 body, new webhook-timestamp and webhook-signature. A receiver with that secret \
                 accepts it for {} s.",
                standard::TOLERANCE_S
            ),
        }
    }
}

/// One copy of a message, labelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayCopy {
    pub kind: CopyKind,
    pub text: HttpText,
}

/// The copies of `text` worth offering: always its exact bytes; for a Standard Webhooks delivery
/// that its receiver accepted, also a copy re-signed with `secret` at `now_unix`. A delivery the
/// receiver rejected (tampered, wrongly signed) is never re-signed: that would turn a forgery
/// into a genuine delivery.
pub fn copies(text: &HttpText, secret: &Secret, now_unix: i64) -> Vec<ReplayCopy> {
    let mut copies = vec![ReplayCopy {
        kind: CopyKind::ExactBytes,
        text: text.clone(),
    }];
    let accepted = matches!(text.verdict, Some(Ok(())));
    if let (true, Some(id)) = (accepted, text.headers.get(standard::ID_HEADER)) {
        let signature = standard::sign(secret, id, now_unix, text.body.as_bytes());
        let mut fresh = text.clone();
        fresh
            .headers
            .insert(standard::TIMESTAMP_HEADER.into(), now_unix.to_string());
        fresh
            .headers
            .insert(standard::SIGNATURE_HEADER.into(), signature);
        copies.push(ReplayCopy {
            kind: CopyKind::ReSigned { at_unix: now_unix },
            text: fresh,
        });
    }
    copies
}
