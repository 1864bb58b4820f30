//! The run's message log as a HAR 1.2 file (the HTTP Archive format that browser devtools,
//! proxies and HTTP clients import): one entry per request with the response that answers it.
//!
//! The simulation links no response to its request by id, but a response's text names the
//! method and path of the request it answers, and receivers and the server answer requests in
//! the order they arrive. So a response is paired with the earliest-arriving unanswered request
//! between the same two parties with that method and path.

use serde_json::{json, Value};

use crate::sim::message::{rfc3339, API_HOST};
use crate::sim::model::LOG_CAPACITY;
use crate::sim::{Endpoint, HttpText, Message, Scheme, Simulation};

/// A message of the log and its text.
struct Logged<'a> {
    message: &'a Message,
    text: HttpText,
    /// How its direction travels: the scheme of its URL.
    scheme: Scheme,
}

/// A request and its response; either may be missing from the log.
struct Exchange {
    request: Option<usize>,
    response: Option<usize>,
}

/// The HAR 1.2 document of every message the simulation's log holds, pretty-printed JSON.
pub fn har(sim: &Simulation) -> String {
    let start_ms = sim.config().start_unix.saturating_mul(1000);
    let log: Vec<Logged> = sim
        .messages()
        .map(|message| Logged {
            message,
            text: sim.render(message),
            scheme: sim.scheme_of(message),
        })
        .collect();
    let mut exchanges = pair(&log);
    exchanges.sort_by_key(|e| first(&log, e).message.sent_ms);
    let entries: Vec<Value> = exchanges.iter().map(|e| entry(&log, e, start_ms)).collect();
    let doc = json!({
        "log": {
            "version": "1.2",
            "creator": { "name": "Webhook vs API simulator", "version": env!("CARGO_PKG_VERSION") },
            "comment": format!(
                "Simulated messages: the simulator keeps the most recent {LOG_CAPACITY}, and this \
                 file holds the {} it kept at {} simulated ms ({} exchanges). A request sent \
                 before the first kept message is missing from an exchange whose response was \
                 kept.",
                log.len(),
                sim.now_ms(),
                entries.len()
            ),
            "entries": entries,
        }
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// Pairs each response with the request it answers, in log order.
fn pair(log: &[Logged]) -> Vec<Exchange> {
    let mut exchanges: Vec<Exchange> = Vec::new();
    for (i, r) in log.iter().enumerate() {
        if r.message.kind.is_request() {
            exchanges.push(Exchange {
                request: Some(i),
                response: None,
            });
            continue;
        }
        let answers = |q: &Logged| {
            !q.message.lost
                && q.message.from == r.message.to
                && q.message.to == r.message.from
                && q.text.method == r.text.method
                && q.text.path == r.text.path
                && q.message.arrives_ms <= r.message.sent_ms
        };
        let open = exchanges
            .iter_mut()
            .filter(|e| e.response.is_none())
            .filter_map(|e| e.request.map(|q| (q, e)))
            .filter(|(q, _)| answers(&log[*q]))
            .min_by_key(|(q, _)| (log[*q].message.arrives_ms, log[*q].message.id));
        match open {
            Some((_, e)) => e.response = Some(i),
            None => exchanges.push(Exchange {
                request: None,
                response: Some(i),
            }),
        }
    }
    exchanges
}

/// The message that starts an exchange: its request, or a response kept without one.
fn first<'a, 'b>(log: &'a [Logged<'b>], e: &Exchange) -> &'a Logged<'b> {
    &log[e.request.or(e.response).unwrap_or_default()]
}

fn entry(log: &[Logged], e: &Exchange, start_ms: i64) -> Value {
    let request = e.request.map(|i| &log[i]);
    let response = e.response.map(|i| &log[i]);
    let started = first(log, e).message;
    let timings = match (request, response) {
        (Some(q), Some(r)) => json!({
            "send": 0,
            "wait": r.message.sent_ms.saturating_sub(q.message.sent_ms),
            "receive": r.message.arrives_ms.saturating_sub(r.message.sent_ms),
        }),
        _ => json!({ "send": 0, "wait": 0, "receive": 0 }),
    };
    let time = ["send", "wait", "receive"]
        .iter()
        .filter_map(|k| timings[k].as_u64())
        .sum::<u64>();
    let comment = match (request, response) {
        (Some(q), _) if q.message.lost => "The request was lost on the network: no answer.",
        (Some(_), None) => "No answer in the log (not sent yet, or the receiver never answered).",
        (None, _) => "The request was sent before the oldest message the log keeps.",
        (Some(_), Some(r)) if r.message.lost => "The answer was lost on the way back.",
        (Some(_), Some(_)) => "",
    };
    json!({
        "startedDateTime": rfc3339(start_ms.saturating_add(started.sent_ms as i64)),
        "time": time,
        "request": request.map_or_else(
            || bare_request(response.map(|r| r.message.from), first(log, e)),
            har_request,
        ),
        "response": response.map_or_else(no_response, har_response),
        "cache": {},
        "timings": timings,
        "comment": comment,
        "_requestId": request.map(|q| q.message.id),
        "_responseId": response.map(|r| r.message.id),
    })
}

fn headers(text: &HttpText) -> Vec<Value> {
    text.headers
        .iter()
        .map(|(name, value)| json!({ "name": name, "value": value }))
        .collect()
}

fn mime_type(text: &HttpText) -> &str {
    text.headers.get("content-type").map_or("", String::as_str)
}

fn query_string(path: &str) -> Vec<Value> {
    let query = path.split_once('?').map_or("", |(_, q)| q);
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            json!({ "name": name, "value": value })
        })
        .collect()
}

fn har_request(q: &Logged) -> Value {
    let host = q.text.headers.get("host").map_or(API_HOST, String::as_str);
    let mut request = bare_request_at(host, &q.text, q.scheme);
    request["headers"] = Value::Array(headers(&q.text));
    request["bodySize"] = json!(q.text.body.len());
    if !q.text.body.is_empty() || q.text.method == "POST" {
        request["postData"] = json!({ "mimeType": mime_type(&q.text), "text": q.text.body });
    }
    request
}

/// The request line of a response kept without its request: its headers are gone.
fn bare_request(to: Option<Endpoint>, response: &Logged) -> Value {
    let host = match to {
        // The host the simulation gives a receiver's deliveries.
        Some(Endpoint::Client(i)) => format!("client-{i}.example"),
        _ => API_HOST.to_string(),
    };
    bare_request_at(&host, &response.text, response.scheme)
}

fn bare_request_at(host: &str, text: &HttpText, scheme: Scheme) -> Value {
    json!({
        "method": text.method,
        "url": format!("{scheme}://{host}{}", text.path),
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": [],
        "queryString": query_string(&text.path),
        "headersSize": -1,
        "bodySize": -1,
    })
}

fn har_response(r: &Logged) -> Value {
    // A request that was never answered has no response: HAR's convention is status 0.
    let (status, reason) = r.text.status.map_or((0, ""), |s| (s.code(), s.reason()));
    json!({
        "status": status,
        "statusText": reason,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": headers(&r.text),
        "content": { "size": r.text.body.len(), "mimeType": mime_type(&r.text), "text": r.text.body },
        "redirectURL": "",
        "headersSize": -1,
        "bodySize": r.text.body.len(),
    })
}

/// What devtools write for a request that got no response: status 0, sizes unknown.
fn no_response() -> Value {
    json!({
        "status": 0,
        "statusText": "",
        "httpVersion": "",
        "cookies": [],
        "headers": [],
        "content": { "size": 0, "mimeType": "x-unknown" },
        "redirectURL": "",
        "headersSize": -1,
        "bodySize": -1,
    })
}
