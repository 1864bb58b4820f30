//! "Show the work": every intermediate value of one signature, in the order they are computed.

use yew::prelude::*;

use crate::app::lab::{Purpose, Work};
use crate::signing::Scheme;

#[derive(Properties, PartialEq)]
pub struct WorkStepsProps {
    pub work: Work,
}

/// How the scheme lays out the bytes it signs.
fn content_rule(scheme: Scheme) -> &'static str {
    match scheme {
        Scheme::StandardWebhooks => {
            "Standard Webhooks signs the webhook-id, a dot, the webhook-timestamp, a dot, then \
             the raw body."
        }
        Scheme::GitHub => "GitHub signs the raw body alone.",
        Scheme::Stripe => "Stripe signs the t= timestamp, a dot, then the raw body.",
    }
}

/// How the scheme turns the secret into key bytes.
fn key_rule(scheme: Scheme) -> &'static str {
    match scheme {
        Scheme::StandardWebhooks => {
            "The base64 text after whsec_, decoded: the key is those bytes, not the text."
        }
        Scheme::GitHub => "The secret's text as UTF-8 bytes, exactly as typed.",
        Scheme::Stripe => {
            "The secret's text as UTF-8 bytes, whsec_ prefix included: Stripe does not decode it."
        }
    }
}

/// How the scheme encodes the HMAC into its header.
fn encoding_rule(scheme: Scheme) -> &'static str {
    match scheme {
        Scheme::StandardWebhooks => "v1, followed by the 32 HMAC bytes in base64.",
        Scheme::GitHub => "sha256= followed by the HMAC in lowercase hex.",
        Scheme::Stripe => "t= and the timestamp, then ,v1= and the HMAC in lowercase hex.",
    }
}

#[component]
pub fn WorkSteps(props: &WorkStepsProps) -> Html {
    let work = &props.work;
    let worked = &work.worked;
    let scheme = worked.scheme;
    let text = worked.signed_text().into_owned();
    // The part the scheme adds before the body is highlighted; the body follows as is.
    let content = match text.strip_suffix(work.body.as_str()) {
        Some(prefix) if !prefix.is_empty() => html! {
            <><mark class="lab-prefix">{ prefix.to_string() }</mark>{ work.body.clone() }</>
        },
        _ => html! { { text.clone() } },
    };
    let bytes = worked.signed_content.len();
    let key_bytes = worked.key_hex.len() / 2;
    let title = match work.purpose {
        Purpose::Verify => "How the expected signature is computed",
        Purpose::Sign => "How the signature was computed",
    };
    html! {
        <details class="lab-work" open=true>
            <summary>{ title }</summary>
            <ol class="lab-steps">
                <li>
                    <h4>{ "The signed content" }</h4>
                    <p>{ content_rule(scheme) }{ format!(" {bytes} bytes, shown between \u{27e6} and \u{27e7}.") }</p>
                    <pre class="lab-bytes"><span class="lab-delim" aria-hidden="true">{ "\u{27e6}" }</span><span data-testid="lab-signed-content">{ content }</span><span class="lab-delim" aria-hidden="true">{ "\u{27e7}" }</span></pre>
                </li>
                <li>
                    <h4>{ format!("The key ({key_bytes} bytes, in hex)") }</h4>
                    <p>{ key_rule(scheme) }</p>
                    <code class="lab-value" data-testid="lab-key-hex">{ worked.key_hex.clone() }</code>
                </li>
                <li>
                    <h4>{ "HMAC-SHA256 of the content under the key (hex)" }</h4>
                    <code class="lab-value" data-testid="lab-hmac-hex">{ worked.hmac_hex.clone() }</code>
                </li>
                <li>
                    <h4>{ "Encoded into the header" }</h4>
                    <p>{ encoding_rule(scheme) }</p>
                    <code class="lab-value" data-testid="lab-header-output">
                        { format!("{}: {}", worked.header_name, worked.header_value) }
                    </code>
                    if let Some(received) = &work.received {
                        <p>{ "The request carried:" }</p>
                        <code class="lab-value" data-testid="lab-header-received">
                            { format!("{}: {}", worked.header_name, received) }
                        </code>
                    }
                </li>
            </ol>
        </details>
    }
}
