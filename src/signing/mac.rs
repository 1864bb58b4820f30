//! The plumbing every scheme shares: HMAC-SHA256 over content given in parts, a constant-time
//! check, the base64 engine, and the timestamp window.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::VerifyError;

/// Standard base64 that writes padding but reads it either way: secrets are often pasted without
/// their trailing `=`, and the reference libraries accept them.
pub const B64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// How far, in seconds and in either direction, a timestamp may be from now; the boundary passes.
pub const TOLERANCE_S: i64 = 300;

fn keyed(key: &[u8], content: &[u8]) -> Hmac<Sha256> {
    // HMAC hashes long keys and pads short ones, so every key length is valid: this cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(content);
    mac
}

/// HMAC-SHA256 of `content` under `key`: the one primitive all three schemes sign with.
pub fn hmac_sha256(key: &[u8], content: &[u8]) -> [u8; 32] {
    keyed(key, content).finalize().into_bytes().into()
}

/// Whether `tag` is the HMAC-SHA256 of `content`, compared in constant time so that the time taken
/// does not reveal how many leading bytes of a forged signature were right.
pub fn matches(key: &[u8], content: &[u8], tag: &[u8]) -> bool {
    keyed(key, content).verify_slice(tag).is_ok()
}

/// Whether any of `tags` matches: several appear while a secret is being rotated.
pub fn any_matches(key: &[u8], content: &[u8], tags: &[Vec<u8>]) -> bool {
    tags.iter().any(|tag| matches(key, content, tag))
}

/// Rejects a timestamp more than [`TOLERANCE_S`] from `now_unix`, in either direction: a window
/// open on one side would let a captured request be replayed later by post-dating it.
pub fn check_timestamp(timestamp: i64, now_unix: i64) -> Result<(), VerifyError> {
    let skew = now_unix.saturating_sub(timestamp);
    if skew > TOLERANCE_S {
        Err(VerifyError::TimestampTooOld { seconds: skew })
    } else if skew < -TOLERANCE_S {
        Err(VerifyError::TimestampInFuture {
            seconds: skew.saturating_neg(),
        })
    } else {
        Ok(())
    }
}

/// Parses a whole number of Unix seconds from a header value.
pub fn parse_timestamp(header: &'static str, text: &str) -> Result<i64, VerifyError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(VerifyError::MissingHeader(header));
    }
    text.parse().map_err(|_| VerifyError::MalformedHeader {
        header,
        detail: format!("{text:?} is not a whole number of seconds"),
    })
}
