//! The lab's paste reader: each form developers paste, the svix-* spelling, garbage that gives
//! a typed error (never a panic), and secrets that are really API keys or signatures.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use webhook_vs_api::signing::paste::{
    read_paste, secret_mixup, PasteError, PasteForm, SecretMixup,
};
use webhook_vs_api::signing::{verify_request, Scheme};

/// The Standard Webhooks reference vector (see the signatures reference).
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TS: i64 = 1_614_265_330;
const BODY: &str = r#"{"test": 2432232314}"#;
const SIG: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

fn verifies(headers: &[(String, String)], body: &str) -> bool {
    verify_request(
        Scheme::StandardWebhooks,
        SECRET,
        headers,
        body.as_bytes(),
        TS,
    )
    .is_ok()
}

#[test]
fn a_raw_request_gives_headers_and_the_exact_body() {
    for eol in ["\r\n", "\n"] {
        let text = [
            "POST /webhooks HTTP/1.1",
            "Host: localhost:8000",
            "Content-Type: application/json",
            &format!("Content-Length: {}", BODY.len()),
            &format!("Webhook-Id: {ID}"),
            &format!("Webhook-Timestamp: {TS}"),
            &format!("Webhook-Signature: {SIG}"),
            "",
            // A trailing line break from the copy, beyond Content-Length.
            &format!("{BODY}{eol}"),
        ]
        .join(eol);
        let pasted = read_paste(&text).unwrap();
        assert_eq!(pasted.form, PasteForm::RawRequest);
        assert_eq!(pasted.body.as_deref(), Some(BODY), "{eol:?}");
        assert_eq!(pasted.headers.len(), 6);
        assert_eq!(pasted.headers[0], ("host".into(), "localhost:8000".into()));
        assert!(verifies(&pasted.headers, BODY));
        assert!(pasted
            .header_lines()
            .contains(&format!("webhook-id: {ID}\n")));
    }
}

#[test]
fn a_raw_request_body_keeps_its_inner_line_breaks_and_trailing_bytes_without_length() {
    let text = "PUT https://example.com/hook\nX-A: 1\n\nline 1\r\nline 2\n\n";
    let pasted = read_paste(text).unwrap();
    assert_eq!(pasted.form, PasteForm::RawRequest);
    assert_eq!(pasted.body.as_deref(), Some("line 1\r\nline 2\n\n"));
    // Without a blank line there is no body, and a request line alone has no headers.
    let pasted = read_paste("GET /v1/events HTTP/2\nAccept: */*").unwrap();
    assert_eq!(pasted.body.as_deref(), Some(""));
    assert_eq!(pasted.headers, vec![("accept".into(), "*/*".into())]);
}

#[test]
fn a_bad_header_line_in_a_raw_request_is_reported_at_its_line() {
    let err = read_paste("\nPOST /hook HTTP/1.1\nX-A: 1\nnot a header\n\nbody").unwrap_err();
    let PasteError::HeaderLine(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.line, 4);
    assert!(err.to_string().contains("Line 4"));
}

#[test]
fn a_node_req_headers_object_verifies() {
    // As console.log prints req.headers: bare and single-quoted keys, single-quoted values.
    let text = format!(
        "{{\n  host: 'localhost:3000',\n  'content-type': 'application/json',\n  \
         'webhook-id': '{ID}',\n  'webhook-timestamp': '{TS}',\n  'webhook-signature': '{SIG}',\n}}"
    );
    let pasted = read_paste(&text).unwrap();
    assert_eq!(pasted.form, PasteForm::Object);
    assert_eq!(pasted.body, None);
    assert_eq!(pasted.headers[0], ("host".into(), "localhost:3000".into()));
    assert!(verifies(&pasted.headers, BODY));
}

#[test]
fn a_json_object_with_escapes_and_arrays_is_read() {
    let text = r#"{"Webhook-Id":"msg\u005f1","x-emoji":"\ud83e\udd80","x-list":["a","b"],"x-n":12,"x-q":"say \"hi\"\\"}"#;
    let pasted = read_paste(text).unwrap();
    let value = |n: &str| {
        pasted
            .headers
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(value("webhook-id"), Some("msg_1"));
    assert_eq!(value("x-emoji"), Some("\u{1F980}"));
    assert_eq!(value("x-list"), Some("a, b"));
    assert_eq!(value("x-n"), Some("12"));
    assert_eq!(value("x-q"), Some(r#"say "hi"\"#));
}

#[test]
fn a_python_dict_with_svix_headers_verifies_as_standard_webhooks() {
    let text = format!(
        "{{'Host': 'localhost', 'Svix-Id': '{ID}', 'Svix-Timestamp': '{TS}', \
         'Svix-Signature': '{SIG}', 'X-Flag': True, 'X-None': None, 'X-Esc': 'it\\'s\\x41'}}"
    );
    let pasted = read_paste(&text).unwrap();
    assert!(pasted.svix_renamed);
    let names: Vec<&str> = pasted.headers.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "host",
            "webhook-id",
            "webhook-timestamp",
            "webhook-signature",
            "x-flag",
            "x-none",
            "x-esc"
        ]
    );
    assert!(pasted.headers.contains(&("x-esc".into(), "it'sA".into())));
    assert!(verifies(&pasted.headers, BODY));
}

#[test]
fn svix_header_lines_are_renamed_but_never_over_webhook_ones() {
    let lines = format!("svix-id: {ID}\nsvix-timestamp: {TS}\nsvix-signature: {SIG}");
    let pasted = read_paste(&lines).unwrap();
    assert_eq!(pasted.form, PasteForm::HeaderLines);
    assert!(pasted.svix_renamed && verifies(&pasted.headers, BODY));

    let both = format!("webhook-id: {ID}\nsvix-id: other");
    let pasted = read_paste(&both).unwrap();
    assert!(!pasted.svix_renamed);
    assert_eq!(pasted.headers[1].0, "svix-id");
}

#[test]
fn devtools_pseudo_headers_are_skipped_and_line_numbers_kept() {
    let text = format!(
        ":authority: localhost:3000\n:method: POST\n:path: /webhooks\n\
         webhook-id: {ID}\nwebhook-timestamp: {TS}\nwebhook-signature: {SIG}"
    );
    let pasted = read_paste(&text).unwrap();
    assert_eq!(pasted.headers.len(), 3);
    assert!(verifies(&pasted.headers, BODY));
    let Err(PasteError::HeaderLine(e)) = read_paste(":method: POST\n: no name") else {
        panic!("a bare `:` line is still an error")
    };
    assert_eq!(e.line, 2);
}

#[test]
fn garbage_gives_typed_errors() {
    let object = |text: &str| match read_paste(text) {
        Err(PasteError::Object { at, .. }) => at,
        other => panic!("{text:?} gave {other:?}"),
    };
    assert_eq!(object("{'a': 'b'"), 10);
    assert_eq!(object("{'a' 'b'}"), 6);
    assert_eq!(object("{'a': 'b} "), 11);
    assert_eq!(object("{'a': 'b'} trailing"), 12);
    assert_eq!(object("{: 1}"), 2);
    assert_eq!(object(r#"{"a": "\u12"}"#), 12);
    assert_eq!(read_paste("HTTP/1.1 200 OK\n\n"), Err(PasteError::Response));
    assert!(matches!(
        read_paste("this is not a header"),
        Err(PasteError::HeaderLine(_))
    ));
    let message = read_paste("{'a' 'b'}").unwrap_err().to_string();
    assert!(message.contains("character 6"), "{message}");
    assert_eq!(read_paste("").unwrap().headers, vec![]);
}

#[test]
fn secrets_that_are_api_keys_or_signatures_are_named() {
    let key = |s: &str| match secret_mixup(s) {
        Some(SecretMixup::ApiKey { prefix, .. }) => prefix,
        other => panic!("{s} gave {other:?}"),
    };
    assert_eq!(key("sk_live_51H8abc"), "sk_live_");
    assert_eq!(key("  sk_test_4eC39HqLyjWDarjtT1zdp7dc\n"), "sk_test_");
    assert_eq!(key("rk_live_abc"), "rk_live_");
    assert_eq!(
        key("Bearer ghp_16C7e42F292c6912E7710c838347Ae178B4a"),
        "ghp_"
    );
    let signature = |s: &str| match secret_mixup(s) {
        Some(SecretMixup::Signature(scheme)) => scheme,
        other => panic!("{s} gave {other:?}"),
    };
    assert_eq!(signature(SIG), Scheme::StandardWebhooks);
    assert_eq!(signature("sha256=757107ea0e"), Scheme::GitHub);
    assert_eq!(signature("t=1492774577,v1=5257a869e7"), Scheme::Stripe);
    for secret in [
        SECRET,
        "It's a Secret to Everybody",
        "whsec_test_secret",
        "t=5",
        "",
    ] {
        assert_eq!(secret_mixup(secret), None, "{secret}");
    }
    let live = secret_mixup("sk_live_x").unwrap().to_string();
    assert!(live.contains("revoke") && live.contains("whsec_"), "{live}");
    let test = secret_mixup("sk_test_x").unwrap().to_string();
    assert!(!test.contains("revoke"), "{test}");
    let sig = secret_mixup(SIG).unwrap().to_string();
    assert!(sig.contains("webhook-signature"), "{sig}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_text_reads_or_errs_without_panicking(text in "\\PC{0,80}") {
        let _ = read_paste(&text).map(|p| p.header_lines());
        let _ = secret_mixup(&text);
    }

    #[test]
    fn object_like_text_reads_or_errs_without_panicking(
        text in r#"\{[ '"`:,\[\]\\uxU0-9a-fA-F{}\n-]{0,40}"#
    ) {
        if let Err(e) = read_paste(&text) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn request_like_text_keeps_its_body(body in "\\PC{0,40}") {
        let pasted = read_paste(&format!("POST /h HTTP/1.1\nX-A: 1\n\n{body}")).unwrap();
        prop_assert_eq!(pasted.body.as_deref(), Some(body.as_str()));
    }
}
