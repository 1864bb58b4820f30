//! One call per action of the Signature Lab: sign a request, verify one (with a diagnosis when it
//! fails), and "show the work": every intermediate value of a signature, for display.

use std::borrow::Cow;
use std::fmt;

use super::headers::header;
use super::mac;
use super::VerifyError;
use super::{diagnose, github, standard, stripe, Diagnosis, RawSecret, Scheme, SecretError};

/// A failed verification: what failed, and which common mistake it looks like, if one fits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyFailure {
    pub error: VerifyError,
    pub diagnosis: Option<Diagnosis>,
}

impl fmt::Display for VerifyFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.error)?;
        if let Some(diagnosis) = &self.diagnosis {
            write!(f, " Likely cause: {diagnosis}")?;
        }
        Ok(())
    }
}

impl std::error::Error for VerifyFailure {}

/// Every intermediate value of one signature, as the lab shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worked {
    pub scheme: Scheme,
    /// The HMAC key, after whatever decoding the scheme applies to the secret, in hex.
    pub key_hex: String,
    /// The exact bytes fed to HMAC-SHA256.
    pub signed_content: Vec<u8>,
    /// The raw HMAC-SHA256 output in hex, before the scheme encodes it.
    pub hmac_hex: String,
    /// The header carrying the signature (lowercase) and its value.
    pub header_name: &'static str,
    pub header_value: String,
}

impl Worked {
    /// The signed content as text; bytes that are not UTF-8 show as U+FFFD.
    pub fn signed_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.signed_content)
    }
}

/// The HMAC key a scheme derives from the secret as typed.
pub(crate) fn key_for(scheme: Scheme, secret: &str) -> Result<Vec<u8>, SecretError> {
    Ok(match scheme {
        Scheme::StandardWebhooks => standard::Secret::parse(secret)?.key().to_vec(),
        Scheme::GitHub | Scheme::Stripe => RawSecret::new(secret)?.key().to_vec(),
    })
}

/// The bytes a scheme signs. GitHub signs the body alone, so it ignores `id` and `timestamp`.
pub(crate) fn signed_content(scheme: Scheme, id: &str, timestamp: i64, body: &[u8]) -> Vec<u8> {
    match scheme {
        Scheme::StandardWebhooks => standard::signed_content(id, timestamp, body),
        Scheme::GitHub => body.to_vec(),
        Scheme::Stripe => stripe::signed_content(timestamp, body),
    }
}

/// What a request's headers claim for one scheme: the id, the timestamp (0 for GitHub, which
/// signs none) and the decoded signatures.
pub(crate) struct Claim<'a> {
    pub id: &'a str,
    pub timestamp: i64,
    pub tags: Vec<Vec<u8>>,
}

pub(crate) fn read_claim(
    scheme: Scheme,
    headers: &[(String, String)],
) -> Result<Claim<'_>, VerifyError> {
    let signature = header(headers, scheme.signature_header()).unwrap_or("");
    Ok(match scheme {
        Scheme::StandardWebhooks => Claim {
            id: message_id(headers)?,
            timestamp: mac::parse_timestamp(
                standard::TIMESTAMP_HEADER,
                header(headers, standard::TIMESTAMP_HEADER).unwrap_or(""),
            )?,
            tags: standard::signatures(signature)?,
        },
        Scheme::GitHub => Claim {
            id: header(headers, github::DELIVERY_HEADER).unwrap_or(""),
            timestamp: 0,
            tags: github::signatures(signature)?,
        },
        Scheme::Stripe => {
            let (timestamp, tags) = stripe::parse_header(signature)?;
            Claim {
                id: "",
                timestamp,
                tags,
            }
        }
    })
}

/// The `webhook-id`, which Standard Webhooks requires (it is the receiver's idempotency key).
fn message_id(headers: &[(String, String)]) -> Result<&str, VerifyError> {
    header(headers, standard::ID_HEADER)
        .filter(|id| !id.trim().is_empty())
        .ok_or(VerifyError::MissingHeader(standard::ID_HEADER))
}

/// Verifies a request as the lab holds it: the secret as typed, the headers, the raw body.
/// On failure, [`diagnose`] is asked which common mistake the failure looks like.
pub fn verify_request(
    scheme: Scheme,
    secret: &str,
    headers: &[(String, String)],
    body: &[u8],
    now_unix: i64,
) -> Result<(), VerifyFailure> {
    let signature = header(headers, scheme.signature_header()).unwrap_or("");
    let result = match scheme {
        Scheme::StandardWebhooks => standard::Secret::parse(secret)
            .map_err(VerifyError::from)
            .and_then(|secret| {
                let id = message_id(headers)?;
                let timestamp = header(headers, standard::TIMESTAMP_HEADER).unwrap_or("");
                standard::verify(&secret, id, timestamp, signature, body, now_unix)
            }),
        Scheme::GitHub => RawSecret::new(secret)
            .map_err(VerifyError::from)
            .and_then(|secret| github::verify(&secret, signature, body)),
        Scheme::Stripe => RawSecret::new(secret)
            .map_err(VerifyError::from)
            .and_then(|secret| stripe::verify(&secret, signature, body, now_unix)),
    };
    result.map_err(|error| VerifyFailure {
        error,
        diagnosis: diagnose(scheme, secret, headers, body),
    })
}

/// Signs `body` for `scheme` and lays out every step. `id` and `timestamp` are ignored where the
/// scheme does not sign them (GitHub signs neither; Stripe signs no id).
pub fn show_work(
    scheme: Scheme,
    secret: &str,
    id: &str,
    timestamp: i64,
    body: &[u8],
) -> Result<Worked, SecretError> {
    let key = key_for(scheme, secret)?;
    let content = signed_content(scheme, id, timestamp, body);
    let tag = mac::hmac_sha256(&key, &content);
    // The public sign functions produce the header so the lab shows exactly what is sent.
    let header_value = match scheme {
        Scheme::StandardWebhooks => {
            standard::sign(&standard::Secret::from_bytes(&key)?, id, timestamp, body)
        }
        Scheme::GitHub => github::sign(&RawSecret::new(secret)?, body),
        Scheme::Stripe => stripe::sign(&RawSecret::new(secret)?, timestamp, body),
    };
    Ok(Worked {
        scheme,
        key_hex: hex::encode(&key),
        signed_content: content,
        hmac_hex: hex::encode(tag),
        header_name: scheme.signature_header(),
        header_value,
    })
}

/// The headers a sender of `scheme` attaches to `body` (lowercase names, in sending order).
pub fn sign_request(
    scheme: Scheme,
    secret: &str,
    id: &str,
    timestamp: i64,
    body: &[u8],
) -> Result<Vec<(String, String)>, SecretError> {
    let worked = show_work(scheme, secret, id, timestamp, body)?;
    let mut headers = match scheme {
        Scheme::StandardWebhooks => vec![
            (standard::ID_HEADER, id.to_string()),
            (standard::TIMESTAMP_HEADER, timestamp.to_string()),
        ],
        Scheme::GitHub => vec![(github::DELIVERY_HEADER, id.to_string())],
        Scheme::Stripe => vec![],
    };
    headers.push((worked.header_name, worked.header_value));
    Ok(headers
        .into_iter()
        .map(|(n, v)| (n.to_string(), v))
        .collect())
}
