//! Header lines as a learner pastes them ("Webhook-Id: msg_1"), parsed into name/value pairs,
//! and the signature scheme recognised from which headers are present.

use std::fmt;

use super::{github, standard, stripe, Scheme};

/// A line that is not `Name: value`, with its 1-based number and (shortened) text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderLineError {
    pub line: usize,
    pub text: String,
    pub reason: &'static str,
}

impl fmt::Display for HeaderLineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Line {} ({:?}) is not a header: {}.",
            self.line, self.text, self.reason
        )
    }
}

impl std::error::Error for HeaderLineError {}

/// Parses `Name: value` lines. Names are lowercased (HTTP header names are case-insensitive) and
/// values trimmed; blank lines and `\r\n` endings are accepted.
pub fn parse_header_lines(text: &str) -> Result<Vec<(String, String)>, HeaderLineError> {
    let mut headers = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let error = |reason| HeaderLineError {
            line: index + 1,
            // Long pasted garbage would swamp the message; 60 characters identify the line.
            text: line.chars().take(60).collect(),
            reason,
        };
        let Some((name, value)) = line.split_once(':') else {
            return Err(error("there is no `:` between a name and a value"));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(error("there is no header name before the `:`"));
        }
        // RFC 9110 token characters; this also rejects a pasted "POST /hook HTTP/1.1" line.
        let is_token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
        if !name.chars().all(is_token) {
            return Err(error(
                "a header name holds only letters, digits and - (no spaces)",
            ));
        }
        headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
    }
    Ok(headers)
}

/// The value of the first header called `name`, compared case-insensitively.
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The scheme whose signature header is present. Should several be, Standard Webhooks wins,
/// then Stripe, then GitHub: the ones that also sign a timestamp come first.
pub fn detect(headers: &[(String, String)]) -> Option<Scheme> {
    [
        (standard::SIGNATURE_HEADER, Scheme::StandardWebhooks),
        (stripe::SIGNATURE_HEADER, Scheme::Stripe),
        (github::SIGNATURE_HEADER, Scheme::GitHub),
    ]
    .into_iter()
    .find(|(name, _)| header(headers, name).is_some())
    .map(|(_, scheme)| scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_mixed_case_crlf_and_blank_lines() {
        let text =
            "Webhook-Id: msg_1\r\n\r\nwebhook-timestamp:123\r\n  WEBHOOK-SIGNATURE: v1,a= v1,b=\n";
        let headers = parse_header_lines(text).unwrap();
        assert_eq!(headers.len(), 3);
        assert_eq!(header(&headers, "webhook-id"), Some("msg_1"));
        assert_eq!(header(&headers, "Webhook-Timestamp"), Some("123"));
        assert_eq!(header(&headers, "webhook-signature"), Some("v1,a= v1,b="));
        assert_eq!(detect(&headers), Some(Scheme::StandardWebhooks));
    }

    #[test]
    fn garbage_lines_are_reported_with_their_number() {
        let err = parse_header_lines("Webhook-Id: 1\nthis is not a header").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.to_string().contains("Line 2"));
        assert_eq!(parse_header_lines(": value").unwrap_err().line, 1);
        assert!(parse_header_lines("POST /hook HTTP/1.1").is_err());
        assert!(parse_header_lines("bad name: x").is_err());
    }

    #[test]
    fn detects_each_scheme_and_none() {
        let h = |n: &str| vec![(n.to_string(), "x".to_string())];
        assert_eq!(detect(&h("X-Hub-Signature-256")), Some(Scheme::GitHub));
        assert_eq!(detect(&h("Stripe-Signature")), Some(Scheme::Stripe));
        assert_eq!(detect(&h("content-type")), None);
    }
}
