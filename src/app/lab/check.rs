//! What the lab's two buttons do, as plain functions of the form and the time: read the fields,
//! call the signing module, and describe the result. No signing logic lives here.

use super::examples::Example;
use crate::signing::headers::header;
use crate::signing::paste::{read_paste, PasteForm};
use crate::signing::{
    detect, parse_header_lines, show_work, sign_request, standard, stripe, verify_request, Scheme,
    Worked,
};

/// Which scheme to use: the one the headers name, or one the learner chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemeChoice {
    Detect,
    Fixed(Scheme),
}

impl SchemeChoice {
    pub const ALL: [SchemeChoice; 4] = [
        SchemeChoice::Detect,
        SchemeChoice::Fixed(Scheme::StandardWebhooks),
        SchemeChoice::Fixed(Scheme::GitHub),
        SchemeChoice::Fixed(Scheme::Stripe),
    ];

    /// Stable name used as the `<option>` value.
    pub fn key(self) -> &'static str {
        match self {
            Self::Detect => "detect",
            Self::Fixed(Scheme::StandardWebhooks) => "standard",
            Self::Fixed(Scheme::GitHub) => "github",
            Self::Fixed(Scheme::Stripe) => "stripe",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }

    pub fn label(self) -> String {
        match self {
            Self::Detect => "Detect from headers".into(),
            Self::Fixed(scheme) => scheme.to_string(),
        }
    }
}

/// Everything the learner typed, exactly as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    pub scheme: SchemeChoice,
    pub secret: String,
    pub headers: String,
    pub body: String,
    /// Check the timestamp against `as_of` (or the request's own timestamp) instead of the clock.
    pub ignore_clock: bool,
    pub as_of: String,
    pub sign_id: String,
    pub sign_at: String,
}

/// The time a timestamp was checked against, and where that time came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    Now(i64),
    RequestTimestamp(i64),
    Chosen(i64),
}

impl Clock {
    pub fn unix(self) -> i64 {
        match self {
            Self::Now(t) | Self::RequestTimestamp(t) | Self::Chosen(t) => t,
        }
    }

    /// A sentence saying what the timestamp was checked against.
    pub fn describe(self, scheme: Scheme) -> String {
        if scheme == Scheme::GitHub {
            return "GitHub signs no timestamp, so the clock plays no part.".into();
        }
        match self {
            Self::Now(t) => format!(
                "The timestamp was checked against this computer's clock (Unix time {t}), \
                 allowing 300 s either way."
            ),
            Self::RequestTimestamp(t) => {
                format!("The clock was ignored: the timestamp was checked against itself ({t}).")
            }
            Self::Chosen(t) => format!(
                "The timestamp was checked against Unix time {t}, allowing 300 s either way."
            ),
        }
    }
}

/// What the status region says.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Valid {
        scheme: Scheme,
        detected: bool,
        clock: Clock,
    },
    Invalid {
        scheme: Scheme,
        detected: bool,
        explanation: String,
        likely_cause: Option<String>,
    },
    Signed {
        scheme: Scheme,
        timestamp: i64,
    },
    /// The input could not be used for `purpose`; the text says what to fix.
    Problem {
        purpose: Purpose,
        text: String,
    },
    /// An example was loaded into the form.
    Loaded(Example),
    /// A simulated delivery, with this webhook-id, was opened from the inspector.
    Opened(String),
}

impl Verdict {
    /// The value of the region's `data-state` attribute, for styles and tests.
    pub fn state(&self) -> &'static str {
        match self {
            Self::Valid { .. } => "valid",
            Self::Invalid { .. } => "invalid",
            Self::Signed { .. } => "signed",
            Self::Problem { .. } => "error",
            Self::Loaded(_) | Self::Opened(_) => "notice",
        }
    }
}

/// Which button produced the work shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Verify,
    Sign,
}

/// The steps of one signature, with what the request carried for comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Work {
    pub purpose: Purpose,
    pub worked: Worked,
    /// The body as signed, to tell the scheme's prefix apart from it in the signed content.
    pub body: String,
    pub timestamp: i64,
    /// The signature header value the request carried (verification only).
    pub received: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub verdict: Verdict,
    pub work: Option<Work>,
    /// New text for the Headers field (after signing).
    pub headers: Option<String>,
}

impl Outcome {
    fn problem(purpose: Purpose, text: impl Into<String>) -> Self {
        Self {
            verdict: Verdict::Problem {
                purpose,
                text: text.into(),
            },
            work: None,
            headers: None,
        }
    }
}

fn no_scheme_message(action: &str) -> String {
    format!(
        "No signature header found, so the scheme cannot be detected. The lab looks for {} \
         (Standard Webhooks), {} (Stripe) or {} (GitHub). Paste the headers as received, or \
         choose a scheme to {action} with.",
        standard::SIGNATURE_HEADER,
        stripe::SIGNATURE_HEADER,
        Scheme::GitHub.signature_header(),
    )
}

/// The timestamp a request claims for `scheme`, if it carries a readable one.
pub fn request_timestamp(scheme: Scheme, headers: &[(String, String)]) -> Option<i64> {
    let text = match scheme {
        Scheme::StandardWebhooks => header(headers, standard::TIMESTAMP_HEADER)?,
        // `t=` is one item of the comma-separated Stripe-Signature value.
        Scheme::Stripe => {
            header(headers, stripe::SIGNATURE_HEADER)?
                .split(',')
                .filter_map(|item| item.split_once('='))
                .find(|(key, _)| key.trim() == "t")?
                .1
        }
        Scheme::GitHub => return None,
    };
    text.trim().parse().ok()
}

/// The Headers field read: `Name: value` lines or a headers object, with `svix-*` read as
/// `webhook-*`. A raw request is split into Headers and Body when pasted; typed there, its
/// request line is refused as a header line, with the line's number.
pub fn read_headers(text: &str) -> Result<Vec<(String, String)>, String> {
    let headers = match read_paste(text) {
        Ok(p) if p.form != PasteForm::RawRequest => Ok(p.headers),
        Ok(_) => parse_header_lines(text).map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    headers.map_err(|e| format!("The headers could not be read. {e}"))
}

/// The scheme the form names, or the one its headers show.
pub fn scheme_of(form: &Form) -> Option<Scheme> {
    match form.scheme {
        SchemeChoice::Fixed(scheme) => Some(scheme),
        SchemeChoice::Detect => detect(&read_headers(&form.headers).ok()?),
    }
}

/// A whole number of Unix seconds typed by the learner; `field` names it in the message.
fn parse_unix(text: &str, field: &str) -> Result<Option<i64>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<i64>().map(Some).map_err(|_| {
        format!("\u{201c}{field}\u{201d} must be a whole number of seconds, such as 1614265330.")
    })
}

/// Verifies the request in the form at wall-clock time `now`.
pub fn verify(form: &Form, now: i64) -> Outcome {
    let headers = match read_headers(&form.headers) {
        Ok(headers) => headers,
        Err(e) => return Outcome::problem(Purpose::Verify, e),
    };
    let (scheme, detected) = match form.scheme {
        SchemeChoice::Fixed(scheme) => (scheme, false),
        SchemeChoice::Detect => match detect(&headers) {
            Some(scheme) => (scheme, true),
            None => return Outcome::problem(Purpose::Verify, no_scheme_message("verify")),
        },
    };
    let claimed = request_timestamp(scheme, &headers);
    let clock = if form.ignore_clock {
        match parse_unix(&form.as_of, "Verify as of Unix time") {
            Err(message) => return Outcome::problem(Purpose::Verify, message),
            Ok(Some(t)) => Clock::Chosen(t),
            Ok(None) => claimed.map_or(Clock::Now(now), Clock::RequestTimestamp),
        }
    } else {
        Clock::Now(now)
    };
    let body = form.body.as_bytes();
    let verdict = match verify_request(scheme, &form.secret, &headers, body, clock.unix()) {
        Ok(()) => Verdict::Valid {
            scheme,
            detected,
            clock,
        },
        Err(failure) => Verdict::Invalid {
            scheme,
            detected,
            explanation: failure.error.to_string(),
            likely_cause: failure.diagnosis.map(|d| d.to_string()),
        },
    };
    // The work is the signature the receiver expects for the parts the request names.
    let id = header(&headers, standard::ID_HEADER).unwrap_or("");
    let work = match scheme {
        Scheme::GitHub => Some(0),
        Scheme::StandardWebhooks if id.trim().is_empty() => None,
        _ => claimed,
    }
    .and_then(|timestamp| {
        let worked = show_work(scheme, &form.secret, id, timestamp, body).ok()?;
        Some(Work {
            purpose: Purpose::Verify,
            worked,
            body: form.body.clone(),
            timestamp,
            received: header(&headers, scheme.signature_header()).map(str::to_string),
        })
    });
    Outcome {
        verdict,
        work,
        headers: None,
    }
}

/// The message id used when the learner leaves the field empty: derived from the timestamp, so
/// signing twice in the same second gives the same id, as a retry of one message would.
pub fn default_message_id(timestamp: i64) -> String {
    format!("msg_lab{timestamp}")
}

/// Signs the body in the form at `now` (or the chosen time) and produces the header lines.
pub fn sign(form: &Form, now: i64) -> Outcome {
    let Some(scheme) = scheme_of(form) else {
        return Outcome::problem(Purpose::Sign, no_scheme_message("sign"));
    };
    let timestamp = match parse_unix(&form.sign_at, "Sign at Unix time") {
        Err(message) => return Outcome::problem(Purpose::Sign, message),
        Ok(t) => t.unwrap_or(now),
    };
    let id = match form.sign_id.trim() {
        "" => default_message_id(timestamp),
        id => id.to_string(),
    };
    let body = form.body.as_bytes();
    let signed = sign_request(scheme, &form.secret, &id, timestamp, body).and_then(|headers| {
        Ok((
            headers,
            show_work(scheme, &form.secret, &id, timestamp, body)?,
        ))
    });
    match signed {
        Err(e) => Outcome::problem(Purpose::Sign, e.to_string()),
        Ok((headers, worked)) => Outcome {
            verdict: Verdict::Signed { scheme, timestamp },
            work: Some(Work {
                purpose: Purpose::Sign,
                worked,
                body: form.body.clone(),
                timestamp,
                received: None,
            }),
            headers: Some(
                headers
                    .iter()
                    .map(|(name, value)| format!("{name}: {value}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        },
    }
}
