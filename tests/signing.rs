#![cfg(not(target_arch = "wasm32"))]
//! The signing module against published vectors, boundaries, every error and diagnosis, and
//! random round trips. Native only: proptest is a native dev-dependency.

use proptest::prelude::*;
use webhook_vs_api::signing::diagnosis::{BodyForm, ContentLayout, SecretMisuse};
use webhook_vs_api::signing::{
    diagnose, github, mac, show_work, sign_request, standard, stripe, verify_request, Diagnosis,
    RawSecret, Scheme, SecretError, VerifyError,
};

// Standard Webhooks reference vector (from the reference libraries' tests).
const SW_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const SW_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const SW_TS: i64 = 1614265330;
const SW_BODY: &[u8] = br#"{"test": 2432232314}"#;
const SW_SIG: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

fn sw_secret() -> standard::Secret {
    standard::Secret::parse(SW_SECRET).unwrap()
}

fn sw_verify(id: &str, ts: &str, sig: &str, body: &[u8], now: i64) -> Result<(), VerifyError> {
    standard::verify(&sw_secret(), id, ts, sig, body, now)
}

// ---------------------------------------------------------------------------------------------
// RFC 4231: HMAC-SHA256 itself, through the primitive every scheme uses.

#[test]
fn rfc4231_all_seven_cases() {
    let long_key = [0xaa; 131];
    let cases: [(&[u8], &[u8], &str); 7] = [
        (&[0x0b; 20], b"Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (b"Jefe", b"what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (&[0xaa; 20], &[0xdd; 50], "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        (&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25], &[0xcd; 50], "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        // Case 5 publishes the output truncated to 128 bits.
        (&[0x0c; 20], b"Test With Truncation", "a3b6167473100ee06e0c796c2955552b"),
        (&long_key, b"Test Using Larger Than Block-Size Key - Hash Key First", "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        (&long_key, b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.", "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ];
    for (n, (key, data, expected)) in cases.iter().enumerate() {
        let got = hex::encode(mac::hmac_sha256(key, data));
        assert!(got.starts_with(expected), "RFC 4231 case {}: {got}", n + 1);
        if expected.len() == 64 {
            assert!(
                mac::matches(key, data, &hex::decode(expected).unwrap()),
                "case {}",
                n + 1
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Published scheme vectors.

#[test]
fn standard_vector_signs_and_verifies() {
    assert_eq!(standard::sign(&sw_secret(), SW_ID, SW_TS, SW_BODY), SW_SIG);
    assert_eq!(
        sw_verify(SW_ID, "1614265330", SW_SIG, SW_BODY, SW_TS),
        Ok(())
    );
}

#[test]
fn standard_vector_with_last_char_changed_fails() {
    let tampered = SW_SIG.replace("1OE=", "1OA=");
    assert_ne!(tampered, SW_SIG);
    assert_eq!(
        sw_verify(SW_ID, "1614265330", &tampered, SW_BODY, SW_TS),
        Err(VerifyError::Mismatch)
    );
}

#[test]
fn github_documented_example() {
    let secret = RawSecret::new("It's a Secret to Everybody").unwrap();
    let sig = github::sign(&secret, b"Hello, World!");
    assert_eq!(
        sig,
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
    );
    assert_eq!(github::verify(&secret, &sig, b"Hello, World!"), Ok(()));
    // Upper-case hex is the same signature.
    assert_eq!(
        github::verify(
            &secret,
            &sig.to_uppercase().replace("SHA256", "sha256"),
            b"Hello, World!"
        ),
        Ok(())
    );
    assert_eq!(
        github::verify(&secret, &sig, b"Hello, World?"),
        Err(VerifyError::Mismatch)
    );
}

#[test]
fn stripe_vector_keys_with_the_whole_secret_text() {
    // Computed independently with Python's hmac module over b"1614265330." + body, keyed with
    // b"whsec_test_secret" (prefix included, not base64-decoded).
    let secret = RawSecret::new("whsec_test_secret").unwrap();
    let body = br#"{"id": "evt_1", "object": "event"}"#;
    let header = stripe::sign(&secret, SW_TS, body);
    assert_eq!(
        header,
        "t=1614265330,v1=d8ad0119c04884f963d66fde235b40b6fb9b013e987cbf5471d69f2574a46d8e"
    );
    assert_eq!(stripe::verify(&secret, &header, body, SW_TS), Ok(()));
}

#[test]
fn show_work_lays_out_the_standard_vector() {
    let worked = show_work(Scheme::StandardWebhooks, SW_SECRET, SW_ID, SW_TS, SW_BODY).unwrap();
    assert_eq!(
        worked.key_hex,
        "31f290f6bf06298aab4f08d43c3f082cf648a362da2da4b0"
    );
    assert_eq!(
        worked.signed_text(),
        r#"msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}"#
    );
    assert_eq!(
        worked.hmac_hex,
        "83484cf52b04f8e4cf2531adfed9882ad4b2665137b852442d594d20e2c9d4e1"
    );
    assert_eq!(worked.header_name, "webhook-signature");
    assert_eq!(worked.header_value, SW_SIG);

    let worked = show_work(Scheme::Stripe, "whsec_ab", "ignored", 7, b"{}").unwrap();
    assert_eq!(worked.key_hex, hex::encode("whsec_ab"));
    assert_eq!(worked.signed_text(), "7.{}");
    assert_eq!(worked.header_value, format!("t=7,v1={}", worked.hmac_hex));

    let worked = show_work(Scheme::GitHub, "s", "ignored", 7, b"{}").unwrap();
    assert_eq!(worked.signed_text(), "{}");
    assert_eq!(worked.header_value, format!("sha256={}", worked.hmac_hex));
}

// ---------------------------------------------------------------------------------------------
// One changed byte anywhere fails.

#[test]
fn standard_one_changed_byte_fails() {
    let ts = "1614265330";
    let mut body = SW_BODY.to_vec();
    body[3] ^= 1;
    assert_eq!(
        sw_verify(SW_ID, ts, SW_SIG, &body, SW_TS),
        Err(VerifyError::Mismatch)
    );
    assert_eq!(
        sw_verify("msg_p5jXN8AQM9LWM0D4loKWxJeK", ts, SW_SIG, SW_BODY, SW_TS),
        Err(VerifyError::Mismatch)
    );
    assert_eq!(
        sw_verify(SW_ID, "1614265331", SW_SIG, SW_BODY, SW_TS),
        Err(VerifyError::Mismatch)
    );
    let sig = SW_SIG.replacen("g0h", "g1h", 1);
    assert_eq!(
        sw_verify(SW_ID, ts, &sig, SW_BODY, SW_TS),
        Err(VerifyError::Mismatch)
    );
}

#[test]
fn stripe_one_changed_byte_fails() {
    let secret = RawSecret::new("whsec_test_secret").unwrap();
    let header = stripe::sign(&secret, SW_TS, b"{}");
    assert_eq!(
        stripe::verify(&secret, &header, b"{ }", SW_TS),
        Err(VerifyError::Mismatch)
    );
    let shifted = header.replace("t=1614265330", "t=1614265331");
    assert_eq!(
        stripe::verify(&secret, &shifted, b"{}", SW_TS),
        Err(VerifyError::Mismatch)
    );
    let other = RawSecret::new("whsec_test_secreT").unwrap();
    assert_eq!(
        stripe::verify(&other, &header, b"{}", SW_TS),
        Err(VerifyError::Mismatch)
    );
}

// ---------------------------------------------------------------------------------------------
// Timestamp window: 300 s passes, 301 s fails, in both directions.

#[test]
fn standard_tolerance_boundaries() {
    let ts = "1614265330";
    assert_eq!(sw_verify(SW_ID, ts, SW_SIG, SW_BODY, SW_TS + 300), Ok(()));
    assert_eq!(sw_verify(SW_ID, ts, SW_SIG, SW_BODY, SW_TS - 300), Ok(()));
    assert_eq!(
        sw_verify(SW_ID, ts, SW_SIG, SW_BODY, SW_TS + 301),
        Err(VerifyError::TimestampTooOld { seconds: 301 })
    );
    assert_eq!(
        sw_verify(SW_ID, ts, SW_SIG, SW_BODY, SW_TS - 301),
        Err(VerifyError::TimestampInFuture { seconds: 301 })
    );
}

#[test]
fn stripe_tolerance_boundaries() {
    let secret = RawSecret::new("whsec_x").unwrap();
    let header = stripe::sign(&secret, 1000, b"{}");
    assert_eq!(stripe::verify(&secret, &header, b"{}", 1300), Ok(()));
    assert_eq!(stripe::verify(&secret, &header, b"{}", 700), Ok(()));
    assert_eq!(
        stripe::verify(&secret, &header, b"{}", 1301),
        Err(VerifyError::TimestampTooOld { seconds: 301 })
    );
    assert_eq!(
        stripe::verify(&secret, &header, b"{}", 699),
        Err(VerifyError::TimestampInFuture { seconds: 301 })
    );
}

#[test]
fn timestamp_errors_say_by_how_much() {
    let old = VerifyError::TimestampTooOld { seconds: 301 }.to_string();
    assert!(
        old.contains("301 s in the past") && old.contains("1 s beyond"),
        "{old}"
    );
    let future = VerifyError::TimestampInFuture { seconds: 900 }.to_string();
    assert!(
        future.contains("900 s in the future") && future.contains("600 s beyond"),
        "{future}"
    );
}

#[test]
fn extreme_timestamps_do_not_overflow() {
    let r = sw_verify(SW_ID, &i64::MIN.to_string(), SW_SIG, SW_BODY, i64::MAX);
    assert!(matches!(r, Err(VerifyError::TimestampTooOld { .. })));
    let r = sw_verify(SW_ID, &i64::MAX.to_string(), SW_SIG, SW_BODY, i64::MIN);
    assert!(matches!(r, Err(VerifyError::TimestampInFuture { .. })));
}

// ---------------------------------------------------------------------------------------------
// Multi-signature headers.

#[test]
fn standard_multi_signature_headers() {
    let ts = "1614265330";
    let wrong = "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=";
    for header in [
        format!("{wrong} {SW_SIG}"),
        format!("{SW_SIG} {wrong}"),
        format!("v2,abc {SW_SIG}"),
        format!("v1a,whatever   {SW_SIG}"),
        format!("v1,not*base64 {SW_SIG}"),
    ] {
        assert_eq!(
            sw_verify(SW_ID, ts, &header, SW_BODY, SW_TS),
            Ok(()),
            "{header}"
        );
    }
    assert_eq!(
        sw_verify(SW_ID, ts, wrong, SW_BODY, SW_TS),
        Err(VerifyError::Mismatch)
    );
    assert_eq!(
        sw_verify(SW_ID, ts, "v2,abc v1a,def", SW_BODY, SW_TS),
        Err(VerifyError::NoKnownVersion)
    );
}

#[test]
fn stripe_multi_signature_and_unknown_keys() {
    let secret = RawSecret::new("whsec_x").unwrap();
    let good = stripe::sign(&secret, 1000, b"{}");
    let v1 = good.split_once(",v1=").unwrap().1;
    let zeros = "0".repeat(64);
    for header in [
        format!("t=1000,v1={zeros},v1={v1}"),
        format!("t=1000,v0={zeros},v1={v1},scheme=x"),
        format!("v1={v1}, t=1000"),
        format!("t=1000,junk,v1=nothex,v1={v1}"),
    ] {
        assert_eq!(
            stripe::verify(&secret, &header, b"{}", 1000),
            Ok(()),
            "{header}"
        );
    }
    assert_eq!(
        stripe::verify(&secret, "t=1000,v0=ab", b"{}", 1000),
        Err(VerifyError::NoKnownVersion)
    );
}

// ---------------------------------------------------------------------------------------------
// Secrets.

#[test]
fn standard_secret_prefix_and_padding_are_optional() {
    let key = sw_secret().key().to_vec();
    for text in [
        "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "  whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n",
    ] {
        assert_eq!(
            standard::Secret::parse(text).unwrap().key(),
            key,
            "{text:?}"
        );
    }
    // A 32-byte key needs one `=` of padding; with and without it, the key is the same.
    let padded = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    let unpadded = padded.trim_end_matches('=');
    let a = standard::Secret::parse(padded).unwrap();
    let b = standard::Secret::parse(unpadded).unwrap();
    assert_eq!(a.key(), (0u8..32).collect::<Vec<_>>());
    assert_eq!(a.key(), b.key());
    let sig = standard::sign(&b, "id", 5, b"x");
    assert_eq!(standard::verify(&a, "id", "5", &sig, b"x", 5), Ok(()));
}

#[test]
fn empty_and_garbage_secrets_are_rejected_clearly() {
    for text in ["", "   ", "whsec_"] {
        assert_eq!(
            standard::Secret::parse(text).err(),
            Some(SecretError::Empty),
            "{text:?}"
        );
    }
    assert_eq!(
        standard::Secret::from_bytes(&[]).err(),
        Some(SecretError::Empty)
    );
    assert_eq!(
        standard::Secret::parse("whsec_not base64!").err(),
        Some(SecretError::NotBase64)
    );
    assert_eq!(RawSecret::new("").err(), Some(SecretError::Empty));
    assert_eq!(RawSecret::new(" \n").err(), Some(SecretError::Empty));
    assert!(SecretError::Empty.to_string().contains("empty"));
    for scheme in Scheme::ALL {
        let failure = verify_request(scheme, "", &[], b"{}", 0).unwrap_err();
        assert_eq!(
            failure.error,
            VerifyError::InvalidSecret(SecretError::Empty),
            "{scheme}"
        );
        assert_eq!(
            sign_request(scheme, "", "id", 0, b"{}"),
            Err(SecretError::Empty)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Errors for missing and malformed headers.

#[test]
fn missing_and_malformed_headers() {
    let now = SW_TS;
    let check = |scheme, h: &[(&str, &str)]| {
        verify_request(scheme, SW_SECRET, &headers(h), SW_BODY, now).map_err(|f| f.error)
    };
    let ts = "1614265330";
    assert_eq!(
        check(
            Scheme::StandardWebhooks,
            &[("webhook-timestamp", ts), ("webhook-signature", SW_SIG)]
        ),
        Err(VerifyError::MissingHeader("webhook-id"))
    );
    assert_eq!(
        check(
            Scheme::StandardWebhooks,
            &[("webhook-id", SW_ID), ("webhook-signature", SW_SIG)]
        ),
        Err(VerifyError::MissingHeader("webhook-timestamp"))
    );
    assert_eq!(
        check(
            Scheme::StandardWebhooks,
            &[("webhook-id", SW_ID), ("webhook-timestamp", ts)]
        ),
        Err(VerifyError::MissingHeader("webhook-signature"))
    );
    assert!(matches!(
        check(
            Scheme::StandardWebhooks,
            &[
                ("webhook-id", SW_ID),
                ("webhook-timestamp", "soon"),
                ("webhook-signature", SW_SIG)
            ]
        ),
        Err(VerifyError::MalformedHeader {
            header: "webhook-timestamp",
            ..
        })
    ));
    assert!(matches!(
        check(
            Scheme::StandardWebhooks,
            &[
                ("webhook-id", SW_ID),
                ("webhook-timestamp", ts),
                ("webhook-signature", "v1,***")
            ]
        ),
        Err(VerifyError::MalformedHeader {
            header: "webhook-signature",
            ..
        })
    ));
    assert_eq!(
        check(
            Scheme::StandardWebhooks,
            &[
                ("Webhook-Id", SW_ID),
                ("WEBHOOK-TIMESTAMP", ts),
                ("Webhook-Signature", SW_SIG)
            ]
        ),
        Ok(())
    );

    assert_eq!(
        check(Scheme::GitHub, &[]),
        Err(VerifyError::MissingHeader("x-hub-signature-256"))
    );
    assert_eq!(
        check(Scheme::GitHub, &[("x-hub-signature-256", "sha1=abcd")]),
        Err(VerifyError::NoKnownVersion)
    );
    assert!(matches!(
        check(Scheme::GitHub, &[("x-hub-signature-256", "abcd")]),
        Err(VerifyError::MalformedHeader { .. })
    ));
    assert!(matches!(
        check(Scheme::GitHub, &[("x-hub-signature-256", "sha256=xyz")]),
        Err(VerifyError::MalformedHeader { .. })
    ));

    assert_eq!(
        check(Scheme::Stripe, &[]),
        Err(VerifyError::MissingHeader("stripe-signature"))
    );
    assert!(matches!(
        check(Scheme::Stripe, &[("stripe-signature", "v1=abcd")]),
        Err(VerifyError::MalformedHeader { .. })
    ));
    assert!(matches!(
        check(Scheme::Stripe, &[("stripe-signature", "t=x,v1=abcd")]),
        Err(VerifyError::MalformedHeader { .. })
    ));
    assert!(matches!(
        check(Scheme::Stripe, &[("stripe-signature", "t=1,v1=zz")]),
        Err(VerifyError::MalformedHeader { .. })
    ));

    let text = VerifyError::MissingHeader("webhook-id").to_string();
    assert_eq!(text, "The webhook-id header is missing.");
}

// ---------------------------------------------------------------------------------------------
// The lab API: sign_request output verifies, header lines round-trip, detection.

#[test]
fn sign_request_then_verify_request_for_each_scheme() {
    let secrets = [
        (Scheme::StandardWebhooks, SW_SECRET),
        (Scheme::GitHub, "gh secret"),
        (Scheme::Stripe, "whsec_stripe"),
    ];
    for (scheme, secret) in secrets {
        let h = sign_request(scheme, secret, "msg_1", 1_700_000_000, b"{\"a\":1}").unwrap();
        assert_eq!(webhook_vs_api::signing::detect(&h), Some(scheme));
        // Through the text form a learner would paste.
        let text: String = h.iter().map(|(n, v)| format!("{n}: {v}\r\n")).collect();
        let parsed = webhook_vs_api::signing::parse_header_lines(&text).unwrap();
        assert_eq!(
            verify_request(scheme, secret, &parsed, b"{\"a\":1}", 1_700_000_100),
            Ok(()),
            "{scheme}"
        );
    }
    let h = sign_request(Scheme::StandardWebhooks, SW_SECRET, SW_ID, SW_TS, SW_BODY).unwrap();
    assert_eq!(
        h,
        headers(&[
            ("webhook-id", SW_ID),
            ("webhook-timestamp", "1614265330"),
            ("webhook-signature", SW_SIG)
        ])
    );
}

// ---------------------------------------------------------------------------------------------
// Diagnoses, each from a case built to trigger it.

fn lab_failure(
    scheme: Scheme,
    secret: &str,
    h: &[(String, String)],
    body: &[u8],
    now: i64,
) -> Option<Diagnosis> {
    let failure = verify_request(scheme, secret, h, body, now).unwrap_err();
    assert!(!failure.to_string().is_empty());
    failure.diagnosis
}

#[test]
fn diagnoses_reserialised_bodies() {
    let id = "msg_1";
    let sent_forms: [(&[u8], &[u8], BodyForm); 7] = [
        // (what the sender signed, what the receiver verifies, expected form)
        (
            br#"{"b":1,"a":[1,2]}"#,
            br#"{"b": 1, "a": [1, 2]}"#,
            BodyForm::Compact,
        ),
        (
            br#"{"b": 1, "a": [1, 2]}"#,
            br#"{"b":1,"a":[1,2]}"#,
            BodyForm::Spaced,
        ),
        (
            b"{\n  \"b\": 1,\n  \"a\": {}\n}",
            br#"{"b":1,"a":{}}"#,
            BodyForm::Pretty2,
        ),
        (b"{\n    \"b\": 1\n}", br#"{"b":1}"#, BodyForm::Pretty4),
        (
            br#"{"a":[1,2],"b":1}"#,
            br#"{"b":1,"a":[1,2]}"#,
            BodyForm::SortedCompact,
        ),
        (b"{\"b\":1}\n", b"{\"b\":1}", BodyForm::TrailingNewlineAdded),
        (
            b"{\"b\":1}",
            b"{\"b\":1}\n",
            BodyForm::TrailingNewlineRemoved,
        ),
    ];
    for (signed, received, form) in sent_forms {
        let h = sign_request(Scheme::StandardWebhooks, SW_SECRET, id, 100, signed).unwrap();
        let d = lab_failure(Scheme::StandardWebhooks, SW_SECRET, &h, received, 100);
        assert_eq!(d, Some(Diagnosis::BodyReformatted(form)), "{form:?}");
    }
    // Sorted and pretty, for GitHub; CRLF turned to LF, for Stripe.
    let h = sign_request(Scheme::GitHub, "s", id, 0, b"{\n  \"a\": 1,\n  \"b\": 2\n}").unwrap();
    assert_eq!(
        diagnose(Scheme::GitHub, "s", &h, br#"{"b":2,"a":1}"#),
        Some(Diagnosis::BodyReformatted(BodyForm::SortedPretty))
    );
    let h = sign_request(Scheme::Stripe, "whsec_s", id, 100, b"line 1\nline 2").unwrap();
    assert_eq!(
        diagnose(Scheme::Stripe, "whsec_s", &h, b"line 1\r\nline 2"),
        Some(Diagnosis::BodyReformatted(BodyForm::CrlfToLf))
    );
}

#[test]
fn diagnoses_secret_misuse() {
    let body = b"{}";
    // The sender keyed Standard Webhooks with the secret's text.
    let as_text = RawSecret::new(SW_SECRET).unwrap();
    let sig = format!(
        "v1,{}",
        base64_of(&mac::hmac_sha256(
            as_text.key(),
            &standard::signed_content("m", 100, body)
        ))
    );
    let h = headers(&[
        ("webhook-id", "m"),
        ("webhook-timestamp", "100"),
        ("webhook-signature", &sig),
    ]);
    assert_eq!(
        lab_failure(Scheme::StandardWebhooks, SW_SECRET, &h, body, 100),
        Some(Diagnosis::SecretMisused(SecretMisuse::UsedAsText))
    );
    // A Standard Webhooks secret that is not even base64, used as text by the sender.
    let sig = format!(
        "v1,{}",
        base64_of(&mac::hmac_sha256(
            b"my-secret",
            &standard::signed_content("m", 100, body)
        ))
    );
    let h = headers(&[
        ("webhook-id", "m"),
        ("webhook-timestamp", "100"),
        ("webhook-signature", &sig),
    ]);
    let failure = verify_request(Scheme::StandardWebhooks, "my-secret", &h, body, 100).unwrap_err();
    assert_eq!(
        failure.error,
        VerifyError::InvalidSecret(SecretError::NotBase64)
    );
    assert_eq!(
        failure.diagnosis,
        Some(Diagnosis::SecretMisused(SecretMisuse::UsedAsText))
    );

    // The sender base64-decoded a Stripe secret.
    let decoded = standard::Secret::parse(SW_SECRET).unwrap();
    let tag = mac::hmac_sha256(decoded.key(), &stripe::signed_content(100, body));
    let h = headers(&[(
        "stripe-signature",
        &format!("t=100,v1={}", hex::encode(tag)),
    )]);
    assert_eq!(
        lab_failure(Scheme::Stripe, SW_SECRET, &h, body, 100),
        Some(Diagnosis::SecretMisused(SecretMisuse::Base64Decoded))
    );
    // The sender dropped the prefix of a Stripe secret.
    let h = sign_request(Scheme::Stripe, "test_secret", "m", 100, body).unwrap();
    assert_eq!(
        lab_failure(Scheme::Stripe, "whsec_test_secret", &h, body, 100),
        Some(Diagnosis::SecretMisused(SecretMisuse::PrefixDropped))
    );
    // A GitHub secret pasted with a trailing line break.
    let h = sign_request(Scheme::GitHub, "gh", "d", 0, body).unwrap();
    assert_eq!(
        lab_failure(Scheme::GitHub, "gh\n", &h, body, 0),
        Some(Diagnosis::SecretMisused(
            SecretMisuse::SurroundingWhitespace
        ))
    );
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[test]
fn diagnoses_signature_pasted_as_secret() {
    let h = sign_request(Scheme::StandardWebhooks, SW_SECRET, "m", 100, b"{}").unwrap();
    for secret in [SW_SIG, "sha256=757107ea", "t=100,v1=ab"] {
        for scheme in Scheme::ALL {
            assert_eq!(
                diagnose(scheme, secret, &h, b"{}"),
                Some(Diagnosis::SignatureAsSecret),
                "{scheme} {secret}"
            );
        }
    }
    let failure = verify_request(Scheme::StandardWebhooks, SW_SIG, &h, b"{}", 100).unwrap_err();
    assert_eq!(failure.diagnosis, Some(Diagnosis::SignatureAsSecret));
    assert!(failure.to_string().contains("Likely cause"), "{failure}");
}

#[test]
fn diagnoses_content_layout_and_timestamps() {
    let body = b"{}";
    let key = standard::Secret::parse(SW_SECRET).unwrap();
    let sig_over =
        |content: &[u8]| format!("v1,{}", base64_of(&mac::hmac_sha256(key.key(), content)));
    let sw = |sig: &str, ts: &str| {
        headers(&[
            ("webhook-id", "m"),
            ("webhook-timestamp", ts),
            ("webhook-signature", sig),
        ])
    };

    let cases = [
        (
            stripe::signed_content(100, body),
            ContentLayout::TimestampAndBody,
        ),
        (
            standard::signed_content("", 100, body),
            ContentLayout::EmptyId,
        ),
        (body.to_vec(), ContentLayout::BodyOnly),
    ];
    for (content, layout) in cases {
        let d = lab_failure(
            Scheme::StandardWebhooks,
            SW_SECRET,
            &sw(&sig_over(&content), "100"),
            body,
            100,
        );
        assert_eq!(d, Some(Diagnosis::ContentLayout(layout)), "{layout:?}");
    }
    // Stripe signed the body alone.
    let tag = mac::hmac_sha256(b"whsec_s", body);
    let h = headers(&[(
        "stripe-signature",
        &format!("t=100,v1={}", hex::encode(tag)),
    )]);
    assert_eq!(
        lab_failure(Scheme::Stripe, "whsec_s", &h, body, 100),
        Some(Diagnosis::ContentLayout(ContentLayout::BodyOnly))
    );

    // Header timestamp updated on a retry, signature not recomputed.
    let sig = standard::sign(&key, "m", 1000, body);
    let d = lab_failure(
        Scheme::StandardWebhooks,
        SW_SECRET,
        &sw(&sig, "1305"),
        body,
        1305,
    );
    assert_eq!(
        d,
        Some(Diagnosis::TimestampDiffers {
            signed: 1000,
            header: 1305
        })
    );
    assert!(d.unwrap().to_string().contains("305 s before"));

    // Milliseconds in the timestamp header.
    let ms = 1_700_000_000_123i64;
    let sig = standard::sign(&key, "m", ms, body);
    let failure = verify_request(
        Scheme::StandardWebhooks,
        SW_SECRET,
        &sw(&sig, &ms.to_string()),
        body,
        1_700_000_000,
    )
    .unwrap_err();
    assert!(matches!(
        failure.error,
        VerifyError::TimestampInFuture { .. }
    ));
    assert_eq!(
        failure.diagnosis,
        Some(Diagnosis::TimestampInMilliseconds { header: ms })
    );
}

#[test]
fn no_diagnosis_when_nothing_fits_or_nothing_is_wrong() {
    let h = sign_request(Scheme::StandardWebhooks, SW_SECRET, "m", 100, b"{}").unwrap();
    assert_eq!(
        diagnose(Scheme::StandardWebhooks, SW_SECRET, &h, b"{}"),
        None
    );
    assert_eq!(
        lab_failure(Scheme::StandardWebhooks, SW_SECRET, &h, b"{\"x\":1}", 100),
        None
    );
    assert_eq!(
        diagnose(Scheme::StandardWebhooks, SW_SECRET, &[], b"{}"),
        None
    );
    // A GitHub secret may begin like a signature; when it verifies, nothing is diagnosed.
    let h = sign_request(Scheme::GitHub, "t=odd but valid", "d", 0, b"{}").unwrap();
    assert_eq!(diagnose(Scheme::GitHub, "t=odd but valid", &h, b"{}"), None);
}

// ---------------------------------------------------------------------------------------------
// Random round trips, bit flips, and garbage that must not panic.

fn scheme_strategy() -> impl Strategy<Value = Scheme> {
    prop_oneof![
        Just(Scheme::StandardWebhooks),
        Just(Scheme::GitHub),
        Just(Scheme::Stripe)
    ]
}

/// A secret as the scheme writes it: `whsec_` + base64 of random bytes, or random text.
fn secret_text(scheme: Scheme, bytes: &[u8], text: &str) -> String {
    match scheme {
        Scheme::StandardWebhooks => format!("whsec_{}", base64_of(bytes)),
        Scheme::GitHub | Scheme::Stripe => text.to_string(),
    }
}

proptest! {
    #[test]
    fn sign_then_verify_round_trips(
        scheme in scheme_strategy(),
        key in prop::collection::vec(any::<u8>(), 1..64),
        text in "[ -~]{0,40}[!-~]",
        id in "[a-zA-Z0-9_]{1,30}",
        ts in 0i64..4_000_000_000,
        skew in -300i64..=300,
        body in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        let secret = secret_text(scheme, &key, &text);
        let h = sign_request(scheme, &secret, &id, ts, &body).unwrap();
        prop_assert_eq!(verify_request(scheme, &secret, &h, &body, ts + skew), Ok(()));
    }

    #[test]
    fn any_single_bit_flip_in_the_body_fails(
        scheme in scheme_strategy(),
        key in prop::collection::vec(any::<u8>(), 1..64),
        text in "[!-~]{1,40}",
        body in prop::collection::vec(any::<u8>(), 1..256),
        bit in any::<prop::sample::Index>(),
    ) {
        let secret = secret_text(scheme, &key, &text);
        let h = sign_request(scheme, &secret, "msg", 1000, &body).unwrap();
        let mut flipped = body.clone();
        let bit = bit.index(body.len() * 8);
        flipped[bit / 8] ^= 1 << (bit % 8);
        let failure = verify_request(scheme, &secret, &h, &flipped, 1000).unwrap_err();
        prop_assert_eq!(failure.error, VerifyError::Mismatch);
    }

    #[test]
    fn garbage_never_panics(
        scheme in scheme_strategy(),
        secret in ".{0,40}",
        lines in ".{0,200}",
        body in prop::collection::vec(any::<u8>(), 0..64),
        now in any::<i64>(),
    ) {
        if let Ok(h) = webhook_vs_api::signing::parse_header_lines(&lines) {
            let _ = verify_request(scheme, &secret, &h, &body, now);
        }
        let h = headers(&[("webhook-id", &lines), ("webhook-timestamp", &lines), ("webhook-signature", &lines), ("stripe-signature", &lines), ("x-hub-signature-256", &lines)]);
        let _ = verify_request(scheme, &secret, &h, &body, now);
        let _ = show_work(scheme, &secret, &lines, now, &body);
    }
}
