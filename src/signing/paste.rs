//! What developers paste into the lab, read into headers (and a body): plain `Name: value`
//! lines, a raw HTTP request, or a headers object as Node prints `req.headers`, as
//! `JSON.stringify` writes it, or as a Python dict literal. The `svix-*` spelling of the
//! Standard Webhooks headers is read as `webhook-*`. [`secret_mixup`] tells when the secret
//! field holds an API key or a signature instead of a signing secret.

use std::fmt;

use super::headers::{header, parse_header_lines, HeaderLineError};
use super::{standard, Scheme};

/// How a paste was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasteForm {
    /// `Name: value`, one per line.
    HeaderLines,
    /// A request line, header lines, a blank line and the body.
    RawRequest,
    /// `{ 'name': 'value', ... }`: JSON, a JavaScript object literal or a Python dict.
    Object,
}

/// A paste, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pasted {
    pub form: PasteForm,
    /// Lowercase names, values trimmed, in the order pasted.
    pub headers: Vec<(String, String)>,
    /// The exact body of a raw request; `None` for the forms that carry headers only.
    pub body: Option<String>,
    /// Whether `svix-id`, `svix-timestamp` or `svix-signature` were read as `webhook-*`.
    pub svix_renamed: bool,
}

impl Pasted {
    /// The headers as `name: value` lines, for the lab's Headers field.
    pub fn header_lines(&self) -> String {
        let lines: Vec<String> = self
            .headers
            .iter()
            .map(|(name, value)| format!("{name}: {value}"))
            .collect();
        lines.join("\n")
    }
}

/// Why a paste could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasteError {
    /// A header line (of a raw request or of plain lines) is not `Name: value`.
    HeaderLine(HeaderLineError),
    /// A headers object broke off: at character `at` (from 1), `expected` was expected.
    Object { at: usize, expected: &'static str },
    /// The first line is a response's status line.
    Response,
}

impl fmt::Display for PasteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::HeaderLine(e) => write!(f, "{e}"),
            Self::Object { at, expected } => write!(
                f,
                "The headers object could not be read: at character {at} {expected} was \
                 expected. Paste it as printed, for example {{ 'webhook-id': 'msg_1' }}."
            ),
            Self::Response => write!(
                f,
                "This is a response (it starts with HTTP/): paste the request that was received."
            ),
        }
    }
}

impl std::error::Error for PasteError {}

/// Reads a paste in any of the [`PasteForm`]s. Empty text gives no headers.
pub fn read_paste(text: &str) -> Result<Pasted, PasteError> {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty());
    let (form, mut headers, body) = match first {
        Some(line) if line.starts_with("HTTP/") => return Err(PasteError::Response),
        Some(line) if line.starts_with('{') => (PasteForm::Object, read_object(text)?, None),
        Some(line) if is_request_line(line) => {
            let (headers, body) = read_request(text)?;
            (PasteForm::RawRequest, headers, Some(body))
        }
        _ => (
            PasteForm::HeaderLines,
            parse_header_lines(&blank_pseudo_headers(text)).map_err(PasteError::HeaderLine)?,
            None,
        ),
    };
    let svix_renamed = rename_svix(&mut headers);
    Ok(Pasted {
        form,
        headers,
        body,
        svix_renamed,
    })
}

/// Browser devtools copy an HTTP/2 request's headers with pseudo-headers first (`:method: POST`,
/// `:authority: host`). They are not headers and no scheme signs them: their lines are blanked,
/// not removed, so that an error still names the right line.
fn blank_pseudo_headers(text: &str) -> String {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|line| match line.trim_start().strip_prefix(':') {
            Some(rest) if rest.starts_with(|c: char| c.is_ascii_lowercase()) => "",
            _ => line,
        })
        .collect();
    lines.join("\n")
}

/// `POST /webhooks HTTP/1.1` (or an absolute URL as the target; the version may be missing).
fn is_request_line(line: &str) -> bool {
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return false;
    };
    let version = parts.next();
    method.chars().all(|c| c.is_ascii_uppercase())
        && (target.starts_with('/') || target.contains("://"))
        && version.is_none_or(|v| v.starts_with("HTTP/"))
        && parts.next().is_none()
}

/// The header lines after the request line, up to the first blank line, and the exact bytes
/// after that blank line.
fn read_request(text: &str) -> Result<(Vec<(String, String)>, String), PasteError> {
    let mut offset = 0;
    let mut request_line = None;
    let mut head_end = text.len();
    let mut body_start = text.len();
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let blank = line.trim().is_empty();
        match (request_line, blank) {
            (None, false) => request_line = Some((number, offset + line.len())),
            (Some(_), true) => {
                head_end = offset;
                body_start = offset + line.len();
                break;
            }
            _ => {}
        }
        offset += line.len();
    }
    let (number, head_start) = request_line.unwrap_or((0, 0));
    let head_start = head_start.min(head_end);
    let headers = parse_header_lines(&text[head_start..head_end]).map_err(|mut e| {
        e.line += number + 1;
        PasteError::HeaderLine(e)
    })?;
    let mut body = text[body_start..].to_string();
    // A copy often ends in a line break the request never had; Content-Length tells.
    if let Some(length) = header(&headers, "content-length").and_then(|v| v.parse().ok()) {
        if body.len() > length && body.is_char_boundary(length) && body[length..].trim().is_empty()
        {
            body.truncate(length);
        }
    }
    Ok((headers, body))
}

/// Renames `svix-*` headers to their Standard Webhooks names unless those are present too.
fn rename_svix(headers: &mut [(String, String)]) -> bool {
    let mut renamed = false;
    for standard_name in [
        standard::ID_HEADER,
        standard::TIMESTAMP_HEADER,
        standard::SIGNATURE_HEADER,
    ] {
        if header(headers, standard_name).is_some() {
            continue;
        }
        let svix = standard_name.replacen("webhook-", "svix-", 1);
        if let Some(entry) = headers.iter_mut().find(|(name, _)| *name == svix) {
            entry.0 = standard_name.to_string();
            renamed = true;
        }
    }
    renamed
}

/// Reads a flat object literal of headers: keys quoted or bare, values strings (in `'`, `"` or
/// `` ` ``, with JSON, JavaScript and Python escapes), bare words or numbers, or arrays of those
/// (joined with `, `, as HTTP joins repeated headers). Trailing commas are allowed.
fn read_object(text: &str) -> Result<Vec<(String, String)>, PasteError> {
    let mut r = Reader {
        chars: text.chars().collect(),
        at: 0,
    };
    let mut headers = Vec::new();
    r.expect('{', "`{`")?;
    loop {
        r.skip_space();
        if r.eat('}') {
            break;
        }
        let name = r.key()?;
        r.skip_space();
        r.expect(':', "`:` after the header name")?;
        let value = r.value()?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        r.skip_space();
        if !r.eat(',') {
            r.expect('}', "`,` or `}`")?;
            break;
        }
    }
    r.skip_space();
    match r.peek() {
        None => Ok(headers),
        Some(_) => Err(r.error("nothing after the closing `}`")),
    }
}

struct Reader {
    chars: Vec<char>,
    at: usize,
}

impl Reader {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek();
        self.at += usize::from(c.is_some());
        c
    }

    fn error(&self, expected: &'static str) -> PasteError {
        PasteError::Object {
            at: self.at + 1,
            expected,
        }
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        self.at += usize::from(found);
        found
    }

    fn expect(&mut self, c: char, expected: &'static str) -> Result<(), PasteError> {
        self.skip_space();
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.error(expected))
        }
    }

    fn key(&mut self) -> Result<String, PasteError> {
        match self.peek() {
            Some('\'' | '"' | '`') => self.string(),
            _ => {
                let word = self.word();
                if word.is_empty() {
                    Err(self.error("a header name"))
                } else {
                    Ok(word)
                }
            }
        }
    }

    fn value(&mut self) -> Result<String, PasteError> {
        self.skip_space();
        match self.peek() {
            Some('\'' | '"' | '`') => self.string(),
            Some('[') => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    if self.eat(']') {
                        break;
                    }
                    items.push(self.value()?);
                    self.skip_space();
                    if !self.eat(',') {
                        self.expect(']', "`,` or `]`")?;
                        break;
                    }
                }
                Ok(items.join(", "))
            }
            _ => {
                let word = self.word();
                if word.is_empty() {
                    Err(self.error("a value"))
                } else {
                    Ok(word)
                }
            }
        }
    }

    /// A bare key or value: `webhook-id`, `123`, `True`.
    fn word(&mut self) -> String {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|c| c.is_alphanumeric() || "-_$.+".contains(c))
        {
            self.at += 1;
        }
        self.chars[start..self.at].iter().collect()
    }

    /// A quoted string; the opening quote is next.
    fn string(&mut self) -> Result<String, PasteError> {
        let quote = self.bump();
        let mut out = String::new();
        loop {
            match self.bump() {
                None => return Err(self.error("a closing quote")),
                Some(c) if Some(c) == quote => return Ok(out),
                Some('\\') => self.escape(&mut out)?,
                Some(c) => out.push(c),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), PasteError> {
        let Some(c) = self.bump() else {
            return Err(self.error("a character after `\\`"));
        };
        let simple = match c {
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            'v' => Some('\u{b}'),
            '0' => Some('\0'),
            '\\' | '\'' | '"' | '/' | '`' => Some(c),
            _ => None,
        };
        if let Some(s) = simple {
            out.push(s);
            return Ok(());
        }
        let code = match c {
            'x' => self.hex(2)?,
            'U' => self.hex(8)?,
            'u' if self.eat('{') => {
                let code = self.hex_until_brace()?;
                out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                return Ok(());
            }
            'u' => self.hex(4)?,
            // Python keeps an unknown escape as written.
            _ => {
                out.push('\\');
                out.push(c);
                return Ok(());
            }
        };
        // JSON writes a character beyond U+FFFF as a pair of \u surrogates.
        let code = if (0xD800..0xDC00).contains(&code) && self.peek() == Some('\\') {
            let back = self.at;
            self.at += 1;
            match (self.eat('u'), self.hex(4)) {
                (true, Ok(low)) if (0xDC00..0xE000).contains(&low) => {
                    0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                _ => {
                    self.at = back;
                    code
                }
            }
        } else {
            code
        };
        out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
        Ok(())
    }

    fn hex(&mut self, digits: usize) -> Result<u32, PasteError> {
        let mut code = 0u32;
        for _ in 0..digits {
            let digit = self.peek().and_then(|c| c.to_digit(16));
            let Some(d) = digit else {
                return Err(self.error("a hexadecimal digit"));
            };
            self.at += 1;
            code = code.saturating_mul(16).saturating_add(d);
        }
        Ok(code)
    }

    fn hex_until_brace(&mut self) -> Result<u32, PasteError> {
        let mut code = 0u32;
        while !self.eat('}') {
            let Some(d) = self.peek().and_then(|c| c.to_digit(16)) else {
                return Err(self.error("a hexadecimal digit or `}`"));
            };
            self.at += 1;
            code = code.saturating_mul(16).saturating_add(d);
        }
        Ok(code)
    }
}

/// Something pasted into the secret field that is not a webhook signing secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretMixup {
    /// An API key or token: `what` names it, `prefix` is how it starts.
    ApiKey {
        prefix: &'static str,
        what: &'static str,
    },
    /// A signature header's value, of this scheme.
    Signature(Scheme),
}

/// How API keys and tokens that get pasted for a signing secret start.
const API_KEYS: [(&str, &str); 8] = [
    ("sk_live_", "a Stripe secret API key (live mode)"),
    ("sk_test_", "a Stripe secret API key (test mode)"),
    ("rk_live_", "a Stripe restricted API key (live mode)"),
    ("rk_test_", "a Stripe restricted API key (test mode)"),
    ("pk_live_", "a Stripe publishable key (live mode)"),
    ("pk_test_", "a Stripe publishable key (test mode)"),
    ("ghp_", "a GitHub personal access token"),
    ("github_pat_", "a GitHub fine-grained access token"),
];

impl fmt::Display for SecretMixup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ApiKey { prefix, what } => {
                write!(
                    f,
                    "The secret field holds {what} (`{prefix}…`), not a webhook signing secret. \
                     API keys authenticate your calls to the provider; webhooks are signed with \
                     the endpoint's own secret"
                )?;
                if prefix.starts_with("gh") {
                    write!(f, ", the one typed into the webhook's settings.")?;
                } else {
                    write!(f, ", shown on the webhook endpoint's page (`whsec_…`).")?;
                }
                if prefix.contains("live") || prefix.starts_with("gh") {
                    write!(
                        f,
                        " A live key is a credential: revoke it if it was shared."
                    )?;
                }
                Ok(())
            }
            Self::Signature(scheme) => write!(
                f,
                "The secret field holds a {scheme} signature (the value of the {} header), not \
                 the secret that produces it. Paste the endpoint's signing secret instead.",
                scheme.signature_header()
            ),
        }
    }
}

/// Whether the secret field holds an API key or a signature; `None` when it may be a secret.
pub fn secret_mixup(secret: &str) -> Option<SecretMixup> {
    let text = secret.trim();
    let text = text.strip_prefix("Bearer ").unwrap_or(text).trim_start();
    if let Some((prefix, what)) = API_KEYS.iter().find(|(p, _)| text.starts_with(p)) {
        return Some(SecretMixup::ApiKey { prefix, what });
    }
    let scheme = if text.starts_with("v1,") || text.starts_with("v1a,") {
        Scheme::StandardWebhooks
    } else if text.starts_with("sha256=") || text.starts_with("sha1=") {
        Scheme::GitHub
    } else if text.starts_with("t=") && text.contains("v1=") {
        Scheme::Stripe
    } else {
        return None;
    };
    Some(SecretMixup::Signature(scheme))
}
