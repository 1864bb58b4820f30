//! Stripe: `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]`, signed content
//! `{t}.{body}`, keyed with the secret's text as UTF-8 bytes, `whsec_` prefix included. Unlike
//! Standard Webhooks, the secret is NOT base64-decoded, although both look like `whsec_...`.

use super::mac;
use super::{RawSecret, VerifyError};

pub const SIGNATURE_HEADER: &str = "stripe-signature";

/// `{t}.{body}`: the exact bytes that are signed.
pub fn signed_content(timestamp: i64, body: &[u8]) -> Vec<u8> {
    let mut content = format!("{timestamp}.").into_bytes();
    content.extend_from_slice(body);
    content
}

/// The `Stripe-Signature` header value for a body sent at `timestamp`.
pub fn sign(secret: &RawSecret, timestamp: i64, body: &[u8]) -> String {
    let tag = mac::hmac_sha256(secret.key(), &signed_content(timestamp, body));
    format!("t={timestamp},v1={}", hex::encode(tag))
}

/// The timestamp and decoded `v1` signatures of a header. Unknown keys (`v0`, future versions)
/// and items without `=` are ignored, as Stripe's own libraries do.
pub(crate) fn parse_header(signature_header: &str) -> Result<(i64, Vec<Vec<u8>>), VerifyError> {
    if signature_header.trim().is_empty() {
        return Err(VerifyError::MissingHeader(SIGNATURE_HEADER));
    }
    let pairs: Vec<(&str, &str)> = signature_header
        .split(',')
        .filter_map(|item| item.split_once('='))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect();
    let Some(&(_, t)) = pairs.iter().find(|(k, _)| *k == "t") else {
        return Err(VerifyError::MalformedHeader {
            header: SIGNATURE_HEADER,
            detail: "it has no `t=` timestamp".into(),
        });
    };
    let timestamp = mac::parse_timestamp(SIGNATURE_HEADER, t)?;
    let v1: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| *k == "v1")
        .map(|&(_, v)| v)
        .collect();
    if v1.is_empty() {
        return Err(VerifyError::NoKnownVersion);
    }
    let tags: Vec<Vec<u8>> = v1.iter().filter_map(|v| hex::decode(v).ok()).collect();
    if tags.is_empty() {
        return Err(VerifyError::MalformedHeader {
            header: SIGNATURE_HEADER,
            detail: "no v1 entry holds valid hex".into(),
        });
    }
    Ok((timestamp, tags))
}

/// Checks a `Stripe-Signature` value against the raw body at wall-clock time `now_unix`. The
/// window is checked in both directions (Stripe's libraries check only the past side).
pub fn verify(
    secret: &RawSecret,
    signature_header: &str,
    body: &[u8],
    now_unix: i64,
) -> Result<(), VerifyError> {
    let (timestamp, tags) = parse_header(signature_header)?;
    mac::check_timestamp(timestamp, now_unix)?;
    if mac::any_matches(secret.key(), &signed_content(timestamp, body), &tags) {
        Ok(())
    } else {
        Err(VerifyError::Mismatch)
    }
}
