//! GitHub: `X-Hub-Signature-256: sha256=<lowercase hex>`, the HMAC-SHA256 of the raw body alone,
//! keyed with the secret's text as UTF-8 bytes (not base64). No timestamp is signed, so a captured
//! delivery can be replayed: receivers dedupe on `X-GitHub-Delivery`.

use super::mac;
use super::{RawSecret, VerifyError};

pub const SIGNATURE_HEADER: &str = "x-hub-signature-256";
pub const DELIVERY_HEADER: &str = "x-github-delivery";

/// The `X-Hub-Signature-256` header value for a body.
pub fn sign(secret: &RawSecret, body: &[u8]) -> String {
    format!(
        "sha256={}",
        hex::encode(mac::hmac_sha256(secret.key(), body))
    )
}

/// The decoded signature of a header, as a one-entry list so all schemes share the matcher.
pub(crate) fn signatures(signature_header: &str) -> Result<Vec<Vec<u8>>, VerifyError> {
    let value = signature_header.trim();
    if value.is_empty() {
        return Err(VerifyError::MissingHeader(SIGNATURE_HEADER));
    }
    let Some((algorithm, hex_sig)) = value.split_once('=') else {
        return Err(VerifyError::MalformedHeader {
            header: SIGNATURE_HEADER,
            detail: "expected `sha256=` followed by hex".into(),
        });
    };
    if algorithm != "sha256" {
        return Err(VerifyError::NoKnownVersion);
    }
    let tag = hex::decode(hex_sig).map_err(|_| VerifyError::MalformedHeader {
        header: SIGNATURE_HEADER,
        detail: "the part after `sha256=` is not hex".into(),
    })?;
    Ok(vec![tag])
}

/// Checks an `X-Hub-Signature-256` value against the raw body.
pub fn verify(secret: &RawSecret, signature_header: &str, body: &[u8]) -> Result<(), VerifyError> {
    if mac::any_matches(secret.key(), body, &signatures(signature_header)?) {
        Ok(())
    } else {
        Err(VerifyError::Mismatch)
    }
}
