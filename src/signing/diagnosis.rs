//! When a signature fails, which of the well-known mistakes it looks like. Each diagnosis is
//! reported only when it is proven: the signature is recomputed under the suspected mistake and
//! must then match. Nothing here guesses.

use std::fmt;

use base64::Engine;

use super::json;
use super::lab::{key_for, read_claim, signed_content, Claim};
use super::mac::{self, B64};
use super::standard::SECRET_PREFIX;
use super::Scheme;

/// A timestamp this large is milliseconds: as seconds it would be after the year 5000.
const MILLISECONDS_FROM: i64 = 100_000_000_000;
/// How far either side of the header's timestamp to look for the one that was signed: enough for
/// clock skew and the first retries of the usual schedules (5 s, then 5 min).
const TIMESTAMP_SEARCH_S: i64 = 600;
/// Bodies above this size skip the timestamp search, which signs the body once per second tried
/// (1,200 times): the lab must answer within a frame or two, even in the browser.
const TIMESTAMP_SEARCH_MAX_BODY: usize = 4 * 1024;

/// The mistake a failed verification looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Diagnosis {
    /// The secret field holds a signature (`v1,...`, `sha256=...`, `t=...`).
    SignatureAsSecret,
    /// The timestamp header holds milliseconds where seconds belong.
    TimestampInMilliseconds { header: i64 },
    /// The sender derived the key from the secret differently.
    SecretMisused(SecretMisuse),
    /// The signature matches the body written out in another form: it was re-serialised.
    BodyReformatted(BodyForm),
    /// The signature matches other content built from the same parts.
    ContentLayout(ContentLayout),
    /// The signature matches the same message at another timestamp.
    TimestampDiffers { signed: i64, header: i64 },
}

/// How the sender's key differs from the one this scheme derives from the secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretMisuse {
    /// The secret's text was the key (GitHub and Stripe style), not its base64-decoded bytes.
    UsedAsText,
    /// The secret was base64-decoded (Standard Webhooks style), not used as text.
    Base64Decoded,
    /// The `whsec_` prefix was left out of the key.
    PrefixDropped,
    /// The secret here has spaces or a line break around it that the sender's has not.
    SurroundingWhitespace,
}

/// A form a JSON parser and serialiser (or an editor) might give the same body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyForm {
    /// No whitespace, keys in their original order (`JSON.stringify`, `serde_json::to_string`).
    Compact,
    /// `", "` and `": "` separators (Python's `json.dumps` default).
    Spaced,
    /// Indented by two spaces.
    Pretty2,
    /// Indented by four spaces.
    Pretty4,
    /// No whitespace, keys sorted.
    SortedCompact,
    /// Indented by two spaces, keys sorted.
    SortedPretty,
    /// Without the trailing line break this body has.
    TrailingNewlineRemoved,
    /// With a trailing line break this body lacks.
    TrailingNewlineAdded,
    /// With `\n` line breaks where this body has `\r\n`.
    CrlfToLf,
}

/// Signed content laid out differently from what the scheme prescribes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentLayout {
    /// The body alone, as GitHub signs.
    BodyOnly,
    /// `{timestamp}.{body}` without the id, as Stripe signs.
    TimestampAndBody,
    /// `.{timestamp}.{body}`: the id was empty when signing.
    EmptyId,
}

impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SignatureAsSecret => write!(
                f,
                "The secret field holds a signature (it starts like `v1,`, `sha256=` or `t=`). \
                 Paste the endpoint's signing secret there, not a signature header."
            ),
            Self::TimestampInMilliseconds { header } => write!(
                f,
                "The timestamp {header} is in milliseconds; the schemes use whole seconds ({}).",
                header / 1000
            ),
            Self::SecretMisused(m) => write!(f, "{m}"),
            Self::BodyReformatted(form) => write!(
                f,
                "The signature matches this body {form}. The sender signed that form and \
                 something on the way (often a framework that parsed the JSON and wrote it out \
                 again) changed it. Verify the raw bytes exactly as received."
            ),
            Self::ContentLayout(layout) => write!(f, "{layout}"),
            Self::TimestampDiffers { signed, header } => write!(
                f,
                "The signature matches timestamp {signed}, {} s {} the header's {header}: the \
                 timestamp was changed (or the message re-sent) without signing it again.",
                (header - signed).abs(),
                if signed < header { "before" } else { "after" }
            ),
        }
    }
}

impl fmt::Display for SecretMisuse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::UsedAsText => {
                "The sender used the secret's text as the HMAC key (as GitHub and Stripe do). \
                 Standard Webhooks keys with the base64-decoded bytes after `whsec_`."
            }
            Self::Base64Decoded => {
                "The sender base64-decoded the secret (as Standard Webhooks does). This scheme \
                 keys with the secret's text as is, `whsec_` prefix included."
            }
            Self::PrefixDropped => {
                "The sender left the `whsec_` prefix out of the key. This scheme keys with the \
                 whole secret text, prefix included."
            }
            Self::SurroundingWhitespace => {
                "The secret here has spaces or a line break around it, probably from copying; \
                 the sender's has none."
            }
        })
    }
}

impl fmt::Display for BodyForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Compact => "written as compact JSON (no spaces, same key order)",
            Self::Spaced => "written as JSON with `, ` and `: ` separators (Python's default)",
            Self::Pretty2 => "pretty-printed with two-space indents",
            Self::Pretty4 => "pretty-printed with four-space indents",
            Self::SortedCompact => "written as compact JSON with its keys sorted",
            Self::SortedPretty => "pretty-printed with its keys sorted",
            Self::TrailingNewlineRemoved => "without its trailing line break",
            Self::TrailingNewlineAdded => "with a trailing line break added",
            Self::CrlfToLf => "with `\\r\\n` line breaks turned into `\\n`",
        })
    }
}

impl fmt::Display for ContentLayout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::BodyOnly => {
                "The sender signed the body alone (as GitHub does), not the content this scheme \
                 prescribes."
            }
            Self::TimestampAndBody => {
                "The sender signed `timestamp.body` (as Stripe does); Standard Webhooks signs \
                 `id.timestamp.body`."
            }
            Self::EmptyId => {
                "The sender signed with an empty message id: the webhook-id header was set after \
                 signing, or the id was read from the wrong place."
            }
        })
    }
}

/// Looks for the mistake behind a failed verification of `body` with the secret as typed.
/// Returns `None` when the signature is in fact valid, when the headers cannot be read (the
/// verification error already says why), or when no known mistake reproduces the signature.
pub fn diagnose(
    scheme: Scheme,
    secret_text: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> Option<Diagnosis> {
    let claim = read_claim(scheme, headers);
    let key = key_for(scheme, secret_text);
    let signed_by = |key: &[u8], claim: &Claim, timestamp: i64, body: &[u8]| {
        let content = signed_content(scheme, claim.id, timestamp, body);
        mac::any_matches(key, &content, &claim.tags)
    };
    // A timestamp in milliseconds fails the window whether or not the signature is right.
    if let Ok(claim) = &claim {
        if scheme != Scheme::GitHub && claim.timestamp >= MILLISECONDS_FROM {
            return Some(Diagnosis::TimestampInMilliseconds {
                header: claim.timestamp,
            });
        }
    }
    if let (Ok(claim), Ok(key)) = (&claim, &key) {
        if signed_by(key, claim, claim.timestamp, body) {
            return None; // Nothing to diagnose: the signature is right.
        }
    }
    // Checked before the headers, since it explains a failure even when they are unreadable.
    let secret = secret_text.trim_start();
    if ["v1,", "v1=", "sha256=", "t="]
        .iter()
        .any(|p| secret.starts_with(p))
    {
        return Some(Diagnosis::SignatureAsSecret);
    }
    let claim = claim.ok()?;
    let signs = |key: &[u8], timestamp: i64, body: &[u8]| signed_by(key, &claim, timestamp, body);

    // Other keys first: the secret as typed may not even parse under this scheme.
    let misuse = other_keys(scheme, secret_text)
        .into_iter()
        .find(|(_, key)| signs(key, claim.timestamp, body));
    if let Some((misuse, _)) = misuse {
        return Some(Diagnosis::SecretMisused(misuse));
    }
    let key = key.ok()?;
    if let Some((form, _)) = body_forms(body)
        .into_iter()
        .find(|(_, b)| signs(&key, claim.timestamp, b))
    {
        return Some(Diagnosis::BodyReformatted(form));
    }
    let layouts: &[(ContentLayout, Vec<u8>)] = &match scheme {
        Scheme::StandardWebhooks => vec![
            (
                ContentLayout::TimestampAndBody,
                signed_content(Scheme::Stripe, "", claim.timestamp, body),
            ),
            (
                ContentLayout::EmptyId,
                signed_content(scheme, "", claim.timestamp, body),
            ),
            (ContentLayout::BodyOnly, body.to_vec()),
        ],
        Scheme::Stripe => vec![(ContentLayout::BodyOnly, body.to_vec())],
        Scheme::GitHub => vec![],
    };
    if let Some((layout, _)) = layouts
        .iter()
        .find(|(_, c)| mac::any_matches(&key, c, &claim.tags))
    {
        return Some(Diagnosis::ContentLayout(*layout));
    }
    if scheme != Scheme::GitHub && body.len() <= TIMESTAMP_SEARCH_MAX_BODY {
        let header = claim.timestamp;
        let signed = (1..=TIMESTAMP_SEARCH_S)
            .flat_map(|d| [header.saturating_sub(d), header.saturating_add(d)])
            .find(|&t| signs(&key, t, body));
        if let Some(signed) = signed {
            return Some(Diagnosis::TimestampDiffers { signed, header });
        }
    }
    None
}

/// Keys a sender might have derived from the same secret text by mistake, each with its name.
fn other_keys(scheme: Scheme, text: &str) -> Vec<(SecretMisuse, Vec<u8>)> {
    let trimmed = text.trim();
    let unprefixed = trimmed.strip_prefix(SECRET_PREFIX);
    let mut keys = Vec::new();
    match scheme {
        Scheme::StandardWebhooks => {
            keys.push((SecretMisuse::UsedAsText, trimmed.as_bytes().to_vec()));
            if let Some(rest) = unprefixed {
                keys.push((SecretMisuse::UsedAsText, rest.as_bytes().to_vec()));
            }
        }
        Scheme::GitHub | Scheme::Stripe => {
            if let Ok(decoded) = B64.decode(unprefixed.unwrap_or(trimmed)) {
                keys.push((SecretMisuse::Base64Decoded, decoded));
            }
            if let Some(rest) = unprefixed {
                keys.push((SecretMisuse::PrefixDropped, rest.as_bytes().to_vec()));
            }
            if trimmed != text {
                keys.push((
                    SecretMisuse::SurroundingWhitespace,
                    trimmed.as_bytes().to_vec(),
                ));
            }
        }
    }
    keys.retain(|(_, key)| !key.is_empty());
    keys
}

/// The body in every form a parser or an editor commonly gives it, skipping forms that equal it.
fn body_forms(body: &[u8]) -> Vec<(BodyForm, Vec<u8>)> {
    let mut forms = Vec::new();
    // Line-break changes first: the JSON forms below would also absorb them, less precisely.
    if let Some(stripped) = body.strip_suffix(b"\n") {
        let stripped = stripped.strip_suffix(b"\r").unwrap_or(stripped);
        forms.push((BodyForm::TrailingNewlineRemoved, stripped.to_vec()));
    } else {
        forms.push((BodyForm::TrailingNewlineAdded, [body, b"\n"].concat()));
    }
    if body.windows(2).any(|w| w == b"\r\n") {
        // Byte by byte, so that a body which is not UTF-8 keeps its other bytes.
        let lf = (0..body.len())
            .filter(|&i| !(body[i] == b'\r' && body.get(i + 1) == Some(&b'\n')))
            .map(|i| body[i])
            .collect();
        forms.push((BodyForm::CrlfToLf, lf));
    }
    // `sorted` is what a round trip through a sorted map gives (numbers and strings as written),
    // and `None` when the body is not JSON.
    if let Some(sorted) = json::sorted_compact(body) {
        let compact = minify(body);
        forms.push((BodyForm::Spaced, layout(&compact, Layout::Spaced)));
        forms.push((BodyForm::Pretty2, layout(&compact, Layout::Indented(2))));
        forms.push((BodyForm::Pretty4, layout(&compact, Layout::Indented(4))));
        forms.push((BodyForm::Compact, compact));
        // serde_json's pretty printer lays compact JSON out exactly as `layout` does.
        let pretty = layout(&sorted, Layout::Indented(2));
        forms.push((BodyForm::SortedCompact, sorted));
        forms.push((BodyForm::SortedPretty, pretty));
    }
    forms.retain(|(_, form)| form != body);
    forms
}

/// Valid JSON with the whitespace between tokens removed; strings, numbers and key order stay
/// byte for byte, which a round trip through `serde_json::Value` would not guarantee.
fn minify(json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len());
    let mut strings = StringTracker::default();
    for &b in json {
        if strings.inside(b) || !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            out.push(b);
        }
    }
    out
}

#[derive(Clone, Copy)]
enum Layout {
    Spaced,
    Indented(usize),
}

/// Re-spaces minified JSON the way common serialisers do; empty `{}` and `[]` stay on one line.
fn layout(compact: &[u8], style: Layout) -> Vec<u8> {
    let mut out = Vec::with_capacity(compact.len() * 2);
    let mut strings = StringTracker::default();
    let mut depth = 0usize;
    let newline = |out: &mut Vec<u8>, depth: usize| {
        if let Layout::Indented(width) = style {
            out.push(b'\n');
            out.resize(out.len() + depth * width, b' ');
        }
    };
    for (i, &b) in compact.iter().enumerate() {
        if strings.inside(b) {
            out.push(b);
            continue;
        }
        match b {
            b'{' | b'[' => {
                out.push(b);
                depth += 1;
                if !matches!(compact.get(i + 1), Some(b'}' | b']')) {
                    newline(&mut out, depth);
                }
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                // In minified JSON the byte before a closing bracket is an opening one only when
                // the container is empty (a string would end with `"`).
                if !matches!(i.checked_sub(1).map(|j| compact[j]), Some(b'{' | b'[')) {
                    newline(&mut out, depth);
                }
                out.push(b);
            }
            b',' => {
                out.push(b);
                match style {
                    Layout::Spaced => out.push(b' '),
                    Layout::Indented(_) => newline(&mut out, depth),
                }
            }
            b':' => out.extend_from_slice(b": "),
            _ => out.push(b),
        }
    }
    out
}

/// Follows JSON string boundaries byte by byte, escapes included.
#[derive(Default)]
struct StringTracker {
    in_string: bool,
    escaped: bool,
}

impl StringTracker {
    /// Whether `b` belongs to a string (its quotes included), updating the state past it.
    fn inside(&mut self, b: u8) -> bool {
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if b == b'\\' {
                self.escaped = true;
            } else if b == b'"' {
                self.in_string = false;
            }
            true
        } else if b == b'"' {
            self.in_string = true;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn layouts_match_common_serialisers() {
        let body = br#"{ "b": [1, 2, {}], "a": {"s": "x, y: {\"z\"}"}, "e": [] }"#;
        let compact = minify(body);
        assert_eq!(
            compact,
            br#"{"b":[1,2,{}],"a":{"s":"x, y: {\"z\"}"},"e":[]}"#
        );
        assert_eq!(
            layout(&compact, Layout::Spaced),
            br#"{"b": [1, 2, {}], "a": {"s": "x, y: {\"z\"}"}, "e": []}"#
        );
        // serde_json's pretty printer is the reference for two-space indents (same key order
        // here because the keys are already sorted).
        let sorted = br#"{"a":{"s":"x"},"b":[1,{}],"e":[]}"#;
        let value: Value = serde_json::from_slice(sorted).unwrap();
        assert_eq!(
            layout(sorted, Layout::Indented(2)),
            serde_json::to_vec_pretty(&value).unwrap()
        );
    }
}
