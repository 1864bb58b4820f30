//! The developer exports: a curl command read back through a real POSIX shell, the re-signed
//! copy of a delivery checked by the signing module's verifier, and the HAR file of a run.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::process::Command;

use serde_json::Value;
use webhook_vs_api::export::{copies, curl, har, CopyKind, CurlError};
use webhook_vs_api::signing::standard::{self, Secret};
use webhook_vs_api::signing::VerifyError;
use webhook_vs_api::sim::{Config, HttpText, MessageKind, Mode, Scheme, Simulation, Status};

/// The arguments `/bin/sh` makes of the command after `curl`, exactly as curl would get them.
fn shell_words(command: &str) -> Vec<String> {
    let args = command.strip_prefix("curl ").expect("starts with curl");
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("printf '%s\\0' {args}"))
        .output()
        .expect("sh runs");
    assert!(out.status.success(), "sh failed: {out:?}");
    let mut words: Vec<String> = String::from_utf8(out.stdout)
        .expect("UTF-8 back")
        .split('\0')
        .map(str::to_string)
        .collect();
    assert_eq!(words.pop().as_deref(), Some(""), "NUL-terminated");
    words
}

fn post(body: &str, headers: &[(&str, &str)]) -> HttpText {
    HttpText {
        method: "POST",
        path: "/webhooks".into(),
        status: None,
        headers: headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
        body: body.into(),
        verdict: None,
    }
}

#[test]
fn curl_arguments_survive_the_shell_byte_for_byte() {
    let bodies = [
        r#"{"type":"order.status_changed","data":{"note":"it's \"done\""}}"#,
        "line one\nline two\r\n\ttabbed",
        r"back\slash \\ and \n not a newline",
        "$HOME ${PATH} $(echo no) `echo no` !! * ? [a] ~ # ; & | < >",
        "caf\u{e9} \u{1F980} \u{202E}rtl",
        "'''",
        "",
    ];
    for body in bodies {
        let text = post(
            body,
            &[
                ("content-type", "application/json"),
                ("content-length", "999"),
                ("host", "client-1.example"),
                ("webhook-id", "msg_1_'$x'"),
                ("webhook-signature", "v1,abc+/= v1,def"),
                ("x-empty", ""),
            ],
        );
        let command = curl(&text, Scheme::Https, None).unwrap();
        let words = shell_words(&command);
        assert_eq!(
            words,
            [
                "https://client-1.example/webhooks",
                "-H",
                "content-type: application/json",
                "-H",
                "webhook-id: msg_1_'$x'",
                "-H",
                "webhook-signature: v1,abc+/= v1,def",
                "-H",
                "x-empty;",
                "--data-binary",
                body,
            ],
            "body {body:?} in {command}"
        );
    }
}

#[test]
fn curl_picks_method_url_and_data_flag_as_curl_needs() {
    let mut get = post("", &[("host", "api.provider.example"), ("accept", "*/*")]);
    get.method = "GET";
    get.path = "/v1/events?after=evt_0_3".into();
    assert_eq!(
        shell_words(&curl(&get, Scheme::Https, None).unwrap()),
        [
            "https://api.provider.example/v1/events?after=evt_0_3",
            "-H",
            "accept: */*"
        ]
    );
    // A body starting with `@` would make --data-binary read a file.
    let at = post("@/etc/passwd", &[]);
    let words =
        shell_words(&curl(&at, Scheme::Https, Some(" http://127.0.0.1:3000/hook ")).unwrap());
    assert_eq!(
        words,
        ["http://127.0.0.1:3000/hook", "--data-raw", "@/etc/passwd"]
    );
    let mut put = post("x", &[]);
    put.method = "PUT";
    assert!(shell_words(&curl(&put, Scheme::Https, None).unwrap()).contains(&"PUT".to_string()));
}

#[test]
fn curl_refuses_responses_and_nul_bytes() {
    let mut response = post("{}", &[]);
    response.status = Some(Status::Ok);
    assert_eq!(
        curl(&response, Scheme::Https, None),
        Err(CurlError::Response(200))
    );
    assert_eq!(
        curl(&post("a\0b", &[]), Scheme::Https, None),
        Err(CurlError::NulByte)
    );
    assert!(CurlError::Response(401)
        .to_string()
        .contains("request it answers"));
}

fn webhook_run(seconds: u64) -> Simulation {
    let mut sim = Simulation::new(Config {
        mode: Mode::Webhook,
        clients: 3,
        rate_per_min: 6.0,
        ..Config::default()
    })
    .unwrap();
    sim.run_until(seconds * 1000);
    sim
}

#[test]
fn a_resigned_copy_verifies_now_and_the_exact_one_is_too_old() {
    let sim = webhook_run(120);
    let delivery = sim
        .messages()
        .find(|m| m.kind == MessageKind::WebhookDelivery)
        .expect("a delivery in two minutes");
    let text = sim.render(delivery);
    let secret = Secret::parse(&sim.config().secret).unwrap();
    let now = 1_900_000_000;
    let [exact, fresh] = &copies(&text, &secret, now)[..] else {
        panic!("an accepted delivery has two copies");
    };
    assert_eq!(exact.kind, CopyKind::ExactBytes);
    assert_eq!(exact.text, text);
    assert_eq!(fresh.kind, CopyKind::ReSigned { at_unix: now });
    assert_eq!(fresh.text.body, text.body);
    assert_eq!(fresh.text.headers["webhook-id"], text.headers["webhook-id"]);
    assert_eq!(fresh.text.headers["webhook-timestamp"], "1900000000");
    let check = |t: &HttpText| {
        let h = |n: &str| t.headers[n].as_str();
        standard::verify(
            &secret,
            h("webhook-id"),
            h("webhook-timestamp"),
            h("webhook-signature"),
            t.body.as_bytes(),
            now,
        )
    };
    assert_eq!(check(&fresh.text), Ok(()));
    assert!(matches!(
        check(&exact.text),
        Err(VerifyError::TimestampTooOld { .. })
    ));
    assert!(exact.kind.to_string().contains("too old"));
    assert!(fresh.kind.to_string().contains("1900000000"));
}

#[test]
fn rejected_deliveries_and_requests_are_not_resigned() {
    let sim = webhook_run(120);
    let secret = Secret::parse(&sim.config().secret).unwrap();
    let delivery = sim
        .messages()
        .find(|m| m.kind == MessageKind::WebhookDelivery)
        .unwrap();
    let mut forged = sim.render(delivery);
    forged.body.push(' ');
    forged.verdict = Some(Err(VerifyError::Mismatch));
    assert_eq!(copies(&forged, &secret, 1_900_000_000).len(), 1);
    let ack = sim.messages().find(|m| m.kind == MessageKind::Ack).unwrap();
    assert_eq!(copies(&sim.render(ack), &secret, 1_900_000_000).len(), 1);
}

/// Asserts `v[key]` exists and has the JSON type `kind`.
fn field<'a>(v: &'a Value, key: &str, kind: &str) -> &'a Value {
    let f = v.get(key).unwrap_or_else(|| panic!("missing {key} in {v}"));
    let ok = match kind {
        "string" => f.is_string(),
        "number" => f.is_number(),
        "object" => f.is_object(),
        "array" => f.is_array(),
        _ => unreachable!(),
    };
    assert!(ok, "{key} should be a {kind}: {f}");
    f
}

fn check_har_structure(doc: &Value) {
    let log = field(doc, "log", "object");
    assert_eq!(field(log, "version", "string"), "1.2");
    let creator = field(log, "creator", "object");
    field(creator, "name", "string");
    field(creator, "version", "string");
    for e in field(log, "entries", "array").as_array().unwrap() {
        let started = field(e, "startedDateTime", "string").as_str().unwrap();
        // ISO 8601 as HAR asks: 2023-11-14T22:13:20.123Z
        let b = started.as_bytes();
        assert!(
            b.len() == 24 && b[4] == b'-' && b[10] == b'T' && b[19] == b'.' && b[23] == b'Z',
            "{started}"
        );
        assert!(field(e, "time", "number").as_f64().unwrap() >= 0.0);
        let q = field(e, "request", "object");
        for (k, t) in [
            ("method", "string"),
            ("url", "string"),
            ("httpVersion", "string"),
            ("cookies", "array"),
            ("headers", "array"),
            ("queryString", "array"),
            ("headersSize", "number"),
            ("bodySize", "number"),
        ] {
            field(q, k, t);
        }
        let url = q["url"].as_str().unwrap();
        assert!(
            url.starts_with("https://") || url.starts_with("http://"),
            "{url}"
        );
        if let Some(post) = q.get("postData") {
            field(post, "mimeType", "string");
            field(post, "text", "string");
        }
        for h in q["headers"].as_array().unwrap() {
            field(h, "name", "string");
            field(h, "value", "string");
        }
        let r = field(e, "response", "object");
        for (k, t) in [
            ("status", "number"),
            ("statusText", "string"),
            ("httpVersion", "string"),
            ("cookies", "array"),
            ("headers", "array"),
            ("content", "object"),
            ("redirectURL", "string"),
            ("headersSize", "number"),
            ("bodySize", "number"),
        ] {
            field(r, k, t);
        }
        field(&r["content"], "size", "number");
        field(&r["content"], "mimeType", "string");
        field(e, "cache", "object");
        let timings = field(e, "timings", "object");
        let sum: f64 = ["send", "wait", "receive"]
            .iter()
            .map(|k| field(timings, k, "number").as_f64().unwrap())
            .inspect(|t| assert!(*t >= 0.0, "negative timing in {timings}"))
            .sum();
        assert_eq!(e["time"].as_f64().unwrap(), sum);
    }
}

/// Ids of every message the HAR holds, as request or response.
fn har_ids(doc: &Value) -> Vec<u64> {
    let mut ids: Vec<u64> = doc["log"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| [&e["_requestId"], &e["_responseId"]])
        .filter_map(Value::as_u64)
        .collect();
    ids.sort_unstable();
    ids
}

#[test]
fn har_holds_every_logged_message_in_valid_har_1_2() {
    for mode in [Mode::Polling, Mode::Webhook, Mode::Hybrid] {
        let mut sim = Simulation::new(Config {
            mode,
            clients: 4,
            rate_per_min: 4.0,
            loss: 0.05,
            latency_jitter_ms: 400,
            outage: Some((30_000, 60_000)),
            ..Config::default()
        })
        .unwrap();
        sim.run_until(20 * 60_000);
        let doc: Value = serde_json::from_str(&har(&sim)).expect("valid JSON");
        check_har_structure(&doc);
        let logged: Vec<u64> = sim.messages().map(|m| m.id).collect();
        assert_eq!(logged.len(), 500, "{mode:?}: the log is full");
        assert_eq!(har_ids(&doc), logged, "{mode:?}");
        let comment = doc["log"]["comment"].as_str().unwrap();
        assert!(comment.contains("most recent 500"), "{comment}");

        for e in doc["log"]["entries"].as_array().unwrap() {
            let (Some(q), Some(r)) = (e["_requestId"].as_u64(), e["_responseId"].as_u64()) else {
                continue;
            };
            let q = sim.messages().find(|m| m.id == q).unwrap();
            let r = sim.messages().find(|m| m.id == r).unwrap();
            // The answer goes back between the same two parties, after the request arrived.
            assert_eq!((q.from, q.to), (r.to, r.from));
            assert!(r.sent_ms >= q.arrives_ms);
            let text = sim.render(q);
            assert!(e["request"]["url"].as_str().unwrap().ends_with(&text.path));
            assert_eq!(e["request"]["method"], text.method);
            assert_eq!(
                e["response"]["status"],
                sim.render(r).status.unwrap().code()
            );
        }
    }
}

#[test]
fn har_of_a_short_run_pairs_each_delivery_with_its_acknowledgement() {
    let sim = webhook_run(60);
    let doc: Value = serde_json::from_str(&har(&sim)).unwrap();
    check_har_structure(&doc);
    let entries = doc["log"]["entries"].as_array().unwrap();
    let deliveries = sim
        .messages()
        .filter(|m| m.kind == MessageKind::WebhookDelivery)
        .count();
    assert!(deliveries > 0);
    // No loss, no outage: every delivery is answered and every entry is complete.
    assert_eq!(entries.len(), deliveries);
    for e in entries {
        assert_eq!(e["response"]["status"], 200);
        assert_eq!(e["request"]["method"], "POST");
        assert!(e["request"]["postData"]["text"]
            .as_str()
            .unwrap()
            .starts_with("{\"type\""));
        // Latency 50 ms each way; the receiver acknowledges on receipt, before processing.
        assert_eq!(e["timings"]["wait"], 50, "{e}");
        assert_eq!(e["timings"]["receive"], 50, "{e}");
    }
}

#[test]
fn har_urls_name_the_scheme_each_direction_travelled_over() {
    // Both: deliveries over HTTPS, the fetches they start over plain HTTP.
    let mut sim = Simulation::new(Config {
        mode: Mode::Hybrid,
        clients: 3,
        rate_per_min: 6.0,
        api_scheme: Scheme::Http,
        ..Config::default()
    })
    .unwrap();
    sim.run_until(60_000);
    let doc: Value = serde_json::from_str(&har(&sim)).unwrap();
    let urls: Vec<&str> = doc["log"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["request"]["url"].as_str().unwrap())
        .collect();
    let api = urls
        .iter()
        .filter(|u| u.contains("/v1/"))
        .collect::<Vec<_>>();
    let hooks = urls
        .iter()
        .filter(|u| u.contains("/webhooks"))
        .collect::<Vec<_>>();
    assert!(!api.is_empty() && !hooks.is_empty(), "{urls:?}");
    assert!(api.iter().all(|u| u.starts_with("http://")), "{api:?}");
    assert!(hooks.iter().all(|u| u.starts_with("https://")), "{hooks:?}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Any body and header value without NUL comes back from the shell byte for byte.
    #[test]
    fn any_text_survives_the_shell(
        body in "[^\u{0}]{0,60}",
        value in "[^\u{0}\r\n]{1,30}",
    ) {
        let text = post(&body, &[("x-value", &value)]);
        let words = shell_words(&curl(&text, Scheme::Https, None).unwrap());
        let header = format!("x-value: {value}");
        let flag = if body.starts_with('@') {
            "--data-raw"
        } else {
            "--data-binary"
        };
        let expected = [
            "https://localhost/webhooks",
            "-H",
            &header,
            flag,
            &body,
        ];
        proptest::prop_assert_eq!(words, expected);
    }
}
