//! What fills the lab's form from outside it: a paste into the Headers field, read in any of the
//! forms developers copy requests in, and a webhook delivery opened from the inspector.

use crate::signing::paste::{read_paste, PasteError, PasteForm, Pasted};
use crate::signing::standard::{self, Secret};
use crate::sim::HttpText;

/// A paste into the Headers field, read.
#[derive(Clone, Debug, PartialEq)]
pub struct HeadersPaste {
    /// For a raw request or a headers object: the Headers field's new text and, for a raw
    /// request, the Body's. `None` when the paste goes in as typed (plain header lines).
    pub replace: Option<(String, Option<String>)>,
    /// What was recognised, said to the learner; `None` for plain lines with nothing to say.
    pub note: Option<String>,
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

fn describe(p: &Pasted) -> Option<String> {
    let headers = plural(p.headers.len(), "header");
    let mut note = match (p.form, &p.body) {
        (PasteForm::RawRequest, Some(body)) if body.is_empty() => {
            format!("Read a raw HTTP request: {headers} and an empty body.")
        }
        (PasteForm::RawRequest, _) => format!(
            "Read a raw HTTP request: {headers} and the body, which is now in Body as received."
        ),
        (PasteForm::Object, _) => format!(
            "Read a headers object (as Node's req.headers, JSON or a Python dict print it): \
             {headers}."
        ),
        (PasteForm::HeaderLines, _) if !p.svix_renamed => return None,
        (PasteForm::HeaderLines, _) => format!("Read {}.", plural(p.headers.len(), "header line")),
    };
    if p.svix_renamed {
        note.push_str(
            " The svix-id, svix-timestamp and svix-signature headers are Svix's names for the \
             Standard Webhooks headers, and are verified as webhook-id, webhook-timestamp and \
             webhook-signature.",
        );
    }
    Some(note)
}

/// Reads a paste into the Headers field. A raw request or a headers object replaces the field
/// (a raw request's body goes to Body); plain header lines go in where the cursor is.
pub fn read_headers_paste(text: &str) -> HeadersPaste {
    match read_paste(text) {
        Ok(p) => HeadersPaste {
            note: describe(&p),
            replace: (p.form != PasteForm::HeaderLines).then(|| (p.header_lines(), p.body)),
        },
        // A broken line is reported by Verify, with its number, like a typed one.
        Err(PasteError::HeaderLine(_)) => HeadersPaste {
            replace: None,
            note: None,
        },
        Err(e) => HeadersPaste {
            replace: None,
            note: Some(format!("Pasted as typed. {e}")),
        },
    }
}

/// The lab's fields for a webhook delivery of the simulator.
#[derive(Clone, Debug, PartialEq)]
pub struct Delivery {
    pub id: String,
    pub secret: String,
    pub headers: String,
    pub body: String,
    /// The delivery's own `webhook-timestamp`: simulated, so the lab verifies as of it.
    pub as_of: String,
}

/// The delivery `text` signed with `secret`, as the lab's fields: every header, the exact body,
/// and its own timestamp to verify at, so that a genuine delivery verifies however long ago the
/// simulation sent it. `None` for a message that is not a signed delivery.
pub fn delivery(text: &HttpText, secret: &Secret) -> Option<Delivery> {
    text.headers.get(standard::SIGNATURE_HEADER)?;
    let field = |name: &str| text.headers.get(name).cloned().unwrap_or_default();
    let headers: Vec<String> = text
        .headers
        .iter()
        .map(|(name, value)| format!("{name}: {value}"))
        .collect();
    Some(Delivery {
        id: field(standard::ID_HEADER),
        secret: secret.to_text(),
        headers: headers.join("\n"),
        body: text.body.clone(),
        as_of: field(standard::TIMESTAMP_HEADER),
    })
}
