//! Standard Webhooks (spec v1): `webhook-id`, `webhook-timestamp`, `webhook-signature` headers,
//! signed content `{id}.{timestamp}.{body}`, secret `whsec_` + base64.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::VerifyError;

/// Tolerance, in seconds, in both directions; the boundary itself is accepted.
pub const TOLERANCE_S: i64 = 300;

/// The HMAC key of a Standard Webhooks endpoint.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret {
    key: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretError {
    Empty,
    NotBase64,
}

impl std::fmt::Display for SecretError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty => write!(f, "The secret is empty."),
            Self::NotBase64 => write!(f, "A Standard Webhooks secret is `whsec_` followed by base64; this one is not base64."),
        }
    }
}

impl Secret {
    /// Parses `whsec_<base64>`; the prefix is optional.
    pub fn parse(text: &str) -> Result<Self, SecretError> {
        let b64 = text.trim().strip_prefix("whsec_").unwrap_or(text.trim());
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

    fn mac(&self, msg_id: &str, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(msg_id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac
    }
}

/// The `webhook-signature` header value for one message: `v1,<base64>`.
pub fn sign(secret: &Secret, msg_id: &str, timestamp: i64, body: &[u8]) -> String {
    format!(
        "v1,{}",
        B64.encode(secret.mac(msg_id, timestamp, body).finalize().into_bytes())
    )
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
    let timestamp: i64 =
        timestamp_header
            .trim()
            .parse()
            .map_err(|_| VerifyError::MalformedHeader {
                header: "webhook-timestamp",
                detail: format!("{timestamp_header:?} is not a whole number of seconds"),
            })?;
    let skew = now_unix - timestamp;
    if skew > TOLERANCE_S {
        return Err(VerifyError::TimestampTooOld { seconds: skew });
    }
    if skew < -TOLERANCE_S {
        return Err(VerifyError::TimestampInFuture { seconds: -skew });
    }
    if signature_header.trim().is_empty() {
        return Err(VerifyError::MissingHeader("webhook-signature"));
    }
    let mut known = false;
    for entry in signature_header.split_whitespace() {
        let Some(("v1", sig)) = entry.split_once(',') else {
            continue;
        };
        known = true;
        if let Ok(bytes) = B64.decode(sig) {
            if secret
                .mac(msg_id, timestamp, body)
                .verify_slice(&bytes)
                .is_ok()
            {
                return Ok(());
            }
        }
    }
    Err(if known {
        VerifyError::Mismatch
    } else {
        VerifyError::NoKnownVersion
    })
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
        assert_eq!(
            verify(
                &secret,
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                "1614265330",
                &sig,
                body,
                1614265330
            ),
            Ok(())
        );
    }
}
