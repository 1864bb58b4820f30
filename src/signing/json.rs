//! A strict JSON reader for the body diagnosis. It accepts JSON as RFC 8259 defines it (UTF-8,
//! nested at most 127 deep, as serde_json) and writes it back compact with every object's keys
//! sorted, the form a round trip through a sorted map gives. Strings and numbers keep the text
//! they were written with: a serialiser that also rewrites them (`1.0e2` as `100.0`, `\u00e9` as
//! `é`) is not reproduced, so such a body is simply not diagnosed, never wrongly.

/// How deep arrays and objects may nest, as in serde_json: 128 levels fail, 127 pass.
const MAX_DEPTH: u32 = 128;

/// `body` as compact JSON with sorted keys, or `None` when it is not JSON.
pub(crate) fn sorted_compact(body: &[u8]) -> Option<Vec<u8>> {
    // Checked once here, so that every string token below is UTF-8 too.
    std::str::from_utf8(body).ok()?;
    let mut reader = Reader { s: body, i: 0 };
    let mut out = Vec::with_capacity(body.len());
    reader.value(&mut out, 0)?;
    reader.whitespace();
    (reader.i == body.len()).then_some(out)
}

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    /// The next byte, or 0 at the end (no valid JSON continues with a NUL byte).
    fn peek(&self) -> u8 {
        self.s.get(self.i).copied().unwrap_or(0)
    }

    fn eat(&mut self, b: u8) -> bool {
        let found = self.peek() == b;
        self.i += usize::from(found);
        found
    }

    fn whitespace(&mut self) {
        while matches!(self.peek(), b' ' | b'\n' | b'\t' | b'\r') {
            self.i += 1;
        }
    }

    /// Advances past the digits here and says how many there were.
    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.peek().is_ascii_digit() {
            self.i += 1;
        }
        self.i - start
    }

    fn value(&mut self, out: &mut Vec<u8>, depth: u32) -> Option<()> {
        self.whitespace();
        let start = self.i;
        match self.peek() {
            b'[' | b'{' if depth + 1 >= MAX_DEPTH => return None,
            b'[' => return self.array(out, depth + 1),
            b'{' => return self.object(out, depth + 1),
            b'"' => {
                self.string()?;
            }
            b'n' | b't' | b'f' => {
                let word: &[u8] = [&b"null"[..], b"true", b"false"]
                    .into_iter()
                    .find(|w| self.s[start..].starts_with(w))?;
                self.i += word.len();
            }
            _ => self.number()?,
        }
        out.extend_from_slice(&self.s[start..self.i]);
        Some(())
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Option<()> {
        self.eat(b'-');
        match self.peek() {
            b'0' => self.i += 1,
            b'1'..=b'9' => _ = self.digits(),
            _ => return None,
        }
        if self.eat(b'.') && self.digits() == 0 {
            return None;
        }
        if self.eat(b'e') || self.eat(b'E') {
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if self.digits() == 0 {
                return None;
            }
        }
        Some(())
    }

    /// At the opening quote: the string's text between its quotes, escapes as written.
    fn string(&mut self) -> Option<&'a [u8]> {
        let s = self.s;
        self.i += 1;
        let start = self.i;
        loop {
            match *s.get(self.i)? {
                b'"' => break,
                0..=0x1F => return None,
                b'\\' => {
                    self.i += 1;
                    match *s.get(self.i)? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {}
                        b'u' if s
                            .get(self.i + 1..self.i + 5)?
                            .iter()
                            .all(u8::is_ascii_hexdigit) =>
                        {
                            self.i += 4
                        }
                        _ => return None,
                    }
                }
                _ => {}
            }
            self.i += 1;
        }
        self.i += 1;
        Some(&s[start..self.i - 1])
    }

    /// At `[`.
    fn array(&mut self, out: &mut Vec<u8>, depth: u32) -> Option<()> {
        self.i += 1;
        out.push(b'[');
        self.whitespace();
        if !self.eat(b']') {
            loop {
                self.value(out, depth)?;
                self.whitespace();
                if self.eat(b']') {
                    break;
                }
                self.eat(b',').then_some(())?;
                out.push(b',');
            }
        }
        out.push(b']');
        Some(())
    }

    /// At `{`. Keys are kept sorted as they come; a repeated key keeps its last value, as in a map.
    fn object(&mut self, out: &mut Vec<u8>, depth: u32) -> Option<()> {
        self.i += 1;
        let mut entries: Vec<(&[u8], Vec<u8>)> = Vec::new();
        self.whitespace();
        if !self.eat(b'}') {
            loop {
                self.whitespace();
                if self.peek() != b'"' {
                    return None;
                }
                let key = self.string()?;
                self.whitespace();
                self.eat(b':').then_some(())?;
                let mut value = Vec::new();
                self.value(&mut value, depth)?;
                match entries.binary_search_by(|(k, _)| k.cmp(&key)) {
                    Ok(i) => entries[i].1 = value,
                    Err(i) => entries.insert(i, (key, value)),
                }
                self.whitespace();
                if self.eat(b'}') {
                    break;
                }
                self.eat(b',').then_some(())?;
            }
        }
        out.push(b'{');
        for (i, (key, value)) in entries.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.push(b'"');
            out.extend_from_slice(key);
            out.extend_from_slice(b"\":");
            out.extend_from_slice(value);
        }
        out.push(b'}');
        Some(())
    }
}

/// serde_json is the reference for which documents are JSON and, for bodies whose numbers and
/// strings are written as serde_json writes them, for the sorted form (its map sorts its keys).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    fn reference(body: &[u8]) -> Option<String> {
        let value: Value = serde_json::from_slice(body).ok()?;
        Some(value.to_string())
    }

    fn ours(body: &[u8]) -> Option<String> {
        sorted_compact(body).map(|b| String::from_utf8_lossy(&b).into_owned())
    }

    #[test]
    fn accepts_what_serde_json_accepts() {
        let cases: &[&[u8]] = &[
            b"",
            b" ",
            b"null",
            b"nul",
            b"nulll",
            b"true",
            b"tru",
            b"false",
            b" 1 ",
            b"1 x",
            b"0",
            b"-0",
            b"00",
            b"01",
            b"-",
            b"-a",
            b"1.",
            b"1.e5",
            b".5",
            b"1e",
            b"1e+",
            b"1E-2",
            b"-1.5e+3",
            b"123456789012345678901234567890",
            b"[]",
            b"{}",
            b"[1,]",
            b"[,]",
            b"[1 2]",
            b"{\"a\":1,}",
            b"{\"a\" 1}",
            b"{1:2}",
            b"{\"a\":1 \"b\":2}",
            b" {\n\t\"x\" : [ ] \r} ",
            b"\"\\u00e9\\/\\\"\\\\\\b\\f\\n\\r\\t\\u0001\"",
            b"\"\\ud83d\\ude00\"",
            b"\"\\u12\"",
            b"\"\\u12g4\"",
            b"\"\\x\"",
            b"\"a\tb\"",
            b"\"\x7f\"",
            "\"é€😀\"".as_bytes(),
            b"\"\xff\"",
            b"\"\xc3\"",
            b"\"unterminated",
            b"[1]x",
            b"[1] ",
            b"\x001",
            b"1\x00",
        ];
        for body in cases {
            assert_eq!(
                ours(body).is_some(),
                reference(body).is_some(),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        // Checked by grammar only: numbers beyond f64 and lone surrogates, which serde_json
        // refuses, are read as written.
        assert_eq!(ours(b"[1e400]").as_deref(), Some("[1e400]"));
        assert_eq!(ours(b"\"\\ud83d\"").as_deref(), Some("\"\\ud83d\""));
    }

    #[test]
    fn sorts_keys_and_keeps_tokens_as_written() {
        assert_eq!(
            ours(b" { \"b\" : 1.50, \"a\" : [ 2 , { \"d\" : null , \"c\" : \"\\u00e9 x\" } ] } ")
                .as_deref(),
            Some(r#"{"a":[2,{"c":"\u00e9 x","d":null}],"b":1.50}"#)
        );
        // A repeated key keeps its last value, as in a map; a key sorts before its extensions.
        assert_eq!(
            ours(br#"{"a!":1,"a":2,"a":{}}"#).as_deref(),
            Some(r#"{"a":{},"a!":1}"#)
        );
    }

    #[test]
    fn nesting_limit_matches_serde_json() {
        for depth in [1, 126, 127, 128, 129] {
            for body in [
                [b"[".repeat(depth), b"]".repeat(depth)].concat(),
                [b"{\"a\":".repeat(depth), b"1".to_vec(), b"}".repeat(depth)].concat(),
            ] {
                assert_eq!(ours(&body), reference(&body), "depth {depth}");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Without exponents no number is out of f64's range, so acceptance must agree exactly.
        #[test]
        fn documents_are_accepted_like_serde_json(text in "[\\[\\]{}:, \"a-c0-9.+\\-\\\\u\n]{0,40}") {
            prop_assert_eq!(ours(text.as_bytes()).is_some(), reference(text.as_bytes()).is_some());
        }

        #[test]
        fn serde_json_output_sorts_like_serde_json(value in json_value()) {
            for body in [value.to_string(), serde_json::to_string_pretty(&value).unwrap()] {
                prop_assert_eq!(ours(body.as_bytes()), reference(body.as_bytes()));
            }
        }
    }

    /// Values whose text serde_json reads and writes back unchanged: no floats, and keys without
    /// escapes (which would sort by their escaped text here).
    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            "\\PC{0,8}|[\\x00-\\x1f\"\\\\/]{0,4}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec(("[a-dé]{0,2}", inner), 0..6)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }
}
