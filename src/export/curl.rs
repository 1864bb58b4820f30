//! "Copy as curl": a request as a POSIX shell command whose arguments carry the request's exact
//! header and body bytes, so that a signature over them still verifies where the command is run.

use std::fmt;

use crate::sim::{HttpText, Scheme};

/// Headers curl derives itself, from the URL and from the body. Passing ours as well would send
/// a wrong `Host` once the URL is overridden; neither is signed by any scheme here.
const DERIVED_BY_CURL: [&str; 2] = ["host", "content-length"];

/// Why a message has no curl command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CurlError {
    /// A response (with this status) is not something one sends.
    Response(u16),
    /// A NUL byte cannot travel in a command-line argument.
    NulByte,
}

impl fmt::Display for CurlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Response(status) => write!(
                f,
                "This is a {status} response: copy the request it answers instead."
            ),
            Self::NulByte => write!(
                f,
                "The request holds a NUL byte, which no shell argument can carry."
            ),
        }
    }
}

impl std::error::Error for CurlError {}

/// Single-quotes `text` for a POSIX shell: inside single quotes every byte is literal, and a
/// single quote itself is written as `'\''` (close, escaped quote, reopen).
pub fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The command that sends the request `text` to `url_override`, or to
/// `<scheme>://<host><path>`, the scheme being how the request travelled. One argument per line,
/// continued with `\`.
pub fn curl(
    text: &HttpText,
    scheme: Scheme,
    url_override: Option<&str>,
) -> Result<String, CurlError> {
    if let Some(status) = text.status {
        return Err(CurlError::Response(status.code()));
    }
    let url = match url_override {
        Some(url) => url.trim().to_string(),
        None => {
            let host = text.headers.get("host").map_or("localhost", String::as_str);
            format!("{scheme}://{host}{}", text.path)
        }
    };
    let nul = |s: &str| s.contains('\0');
    if nul(&url) || nul(&text.body) || text.headers.iter().any(|(n, v)| nul(n) || nul(v)) {
        return Err(CurlError::NulByte);
    }
    let mut args = vec![format!("curl {}", quote(&url))];
    let sends_body = !text.body.is_empty() || text.method == "POST";
    // curl's default method is GET without data and POST with it.
    if text.method != if sends_body { "POST" } else { "GET" } {
        args.push(format!("--request {}", quote(text.method)));
    }
    for (name, value) in &text.headers {
        if DERIVED_BY_CURL.contains(&name.as_str()) {
            continue;
        }
        // `-H 'name:'` would remove the header; `name;` is curl's spelling of an empty one.
        let header = match value.as_str() {
            "" => format!("{name};"),
            v => format!("{name}: {v}"),
        };
        args.push(format!("-H {}", quote(&header)));
    }
    if sends_body {
        // `--data-binary` sends the bytes unchanged, but reads a file when they start with `@`.
        let flag = if text.body.starts_with('@') {
            "--data-raw"
        } else {
            "--data-binary"
        };
        args.push(format!("{flag} {}", quote(&text.body)));
    }
    Ok(args.join(" \\\n  "))
}
