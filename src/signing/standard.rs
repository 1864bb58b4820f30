//! Standard Webhooks (spec v1): `webhook-id`, `webhook-timestamp`, `webhook-signature` headers,
//! signed content `{id}.{timestamp}.{body}`, secret `whsec_` + base64.

use std::fmt;

use base64::Engine;

use super::mac::{self, B64};
use super::VerifyError;

pub use super::mac::TOLERANCE_S;
pub use super::SecretError;

pub const ID_HEADER: &str = "webhook-id";
pub const TIMESTAMP_HEADER: &str = "webhook-timestamp";
pub const SIGNATURE_HEADER: &str = "webhook-signature";
pub const SECRET_PREFIX: &str = "whsec_";

/// The HMAC key of a Standard Webhooks endpoint.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret {
    key: Vec<u8>,
}

impl Secret {
    /// Parses `whsec_<base64>`; the prefix is optional and so is the base64 padding.
    pub fn parse(text: &str) -> Result<Self, SecretError> {
        let text = text.trim();
        let b64 = text.strip_prefix(SECRET_PREFIX).unwrap_or(text);
        let key = B64.decode(b64).map_err(|_| SecretError::NotBase64)?;
        Self::from_bytes(&key)
    }

    pub fn from_bytes(key: &[u8]) -> Result<Self, SecretError> {
        if key.is_empty() {
            return Err(SecretError::Empty);
        }
        Ok(Self { key: key.to_vec() })
    }

    pub fn key(&self) -> &[u8] {
        &self.key
    }

    /// The secret as it is written and pasted: `whsec_` + base64 of the key.
    pub fn to_text(&self) -> String {
        format!("{SECRET_PREFIX}{}", B64.encode(&self.key))
    }
}

// Key material stays out of logs and test failure output.
impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({} bytes)", self.key.len())
    }
}

/// `{id}.{timestamp}.{body}`: the exact bytes that are signed.
pub fn signed_content(msg_id: &str, timestamp: i64, body: &[u8]) -> Vec<u8> {
    let mut content = format!("{msg_id}.{timestamp}.").into_bytes();
    content.extend_from_slice(body);
    content
}

/// The `webhook-signature` header value for one message: `v1,<base64>`.
pub fn sign(secret: &Secret, msg_id: &str, timestamp: i64, body: &[u8]) -> String {
    let tag = mac::hmac_sha256(secret.key(), &signed_content(msg_id, timestamp, body));
    format!("v1,{}", B64.encode(tag))
}

/// The decoded `v1` signatures of a header; other versions are skipped, as the spec requires.
pub(crate) fn signatures(signature_header: &str) -> Result<Vec<Vec<u8>>, VerifyError> {
    if signature_header.trim().is_empty() {
        return Err(VerifyError::MissingHeader(SIGNATURE_HEADER));
    }
    let v1: Vec<&str> = signature_header
        .split_whitespace()
        .filter_map(|e| e.strip_prefix("v1,"))
        .collect();
    if v1.is_empty() {
        return Err(VerifyError::NoKnownVersion);
    }
    let decoded: Vec<Vec<u8>> = v1.iter().filter_map(|s| B64.decode(s).ok()).collect();
    if decoded.is_empty() {
        return Err(VerifyError::MalformedHeader {
            header: SIGNATURE_HEADER,
            detail: "no v1 entry holds valid base64".into(),
        });
    }
    Ok(decoded)
}

/// Checks the three header values against the raw body at wall-clock time `now_unix`.
pub fn verify(
    secret: &Secret,
    msg_id: &str,
    timestamp_header: &str,
    signature_header: &str,
    body: &[u8],
    now_unix: i64,
) -> Result<(), VerifyError> {
    let timestamp = mac::parse_timestamp(TIMESTAMP_HEADER, timestamp_header)?;
    mac::check_timestamp(timestamp, now_unix)?;
    let tags = signatures(signature_header)?;
    if mac::any_matches(
        secret.key(),
        &signed_content(msg_id, timestamp, body),
        &tags,
    ) {
        Ok(())
    } else {
        Err(VerifyError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_vector_verifies() {
        let secret = Secret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let body = br#"{"test": 2432232314}"#;
        let sig = sign(&secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body);
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        let id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        assert_eq!(
            verify(&secret, id, "1614265330", &sig, body, 1614265330),
            Ok(())
        );
    }
}
