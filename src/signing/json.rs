//! A small JSON reader for the body diagnosis: it accepts exactly what `serde_json::from_slice`
//! into a `serde_json::Value` accepts, and writes the value back as `serde_json::to_string` would
//! after sorting every object's keys. Numbers go through the same conversions as serde_json's
//! (without `float_roundtrip`): in-range integers stay integers, everything else becomes the same
//! `f64` and is printed in the same shortest form. The browser build thus links no JSON library.

/// How deep arrays and objects may nest, as in serde_json: 128 levels fail, 127 pass.
const MAX_DEPTH: u32 = 128;

/// `body` as compact JSON with sorted keys, or `None` when serde_json would reject it.
pub(crate) fn sorted_compact(body: &[u8]) -> Option<Vec<u8>> {
    let mut reader = Reader {
        s: body,
        i: 0,
        depth: 0,
    };
    let mut out = Vec::with_capacity(body.len());
    reader.value(&mut out)?;
    reader.whitespace();
    (reader.i == body.len()).then_some(out)
}

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
    depth: u32,
}

/// A number as serde_json holds it.
enum Number {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

impl Reader<'_> {
    /// The next byte, or 0 at the end (no valid JSON continues with a NUL byte).
    fn peek(&self) -> u8 {
        self.s.get(self.i).copied().unwrap_or(0)
    }

    fn next(&mut self) -> Option<u8> {
        let b = *self.s.get(self.i)?;
        self.i += 1;
        Some(b)
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

    fn value(&mut self, out: &mut Vec<u8>) -> Option<()> {
        self.whitespace();
        let first = self.next()?;
        match first {
            b'n' | b't' | b'f' => {
                let word: &[u8] = match first {
                    b'n' => b"null",
                    b't' => b"true",
                    _ => b"false",
                };
                let rest = self.s.get(self.i..self.i + word.len() - 1)?;
                if rest != &word[1..] {
                    return None;
                }
                self.i += rest.len();
                out.extend_from_slice(word);
            }
            b'"' => write_string(out, &self.string()?),
            b'-' => self.number(false)?.write(out),
            b'0'..=b'9' => {
                self.i -= 1;
                self.number(true)?.write(out)
            }
            b'[' | b'{' => {
                self.depth += 1;
                if self.depth >= MAX_DEPTH {
                    return None;
                }
                if first == b'[' {
                    self.array(out)?;
                } else {
                    self.object(out)?;
                }
                self.depth -= 1;
            }
            _ => return None,
        }
        Some(())
    }

    /// After `[`.
    fn array(&mut self, out: &mut Vec<u8>) -> Option<()> {
        out.push(b'[');
        self.whitespace();
        if !self.eat(b']') {
            loop {
                self.value(out)?;
                self.whitespace();
                if !self.eat(b',') {
                    break;
                }
                out.push(b',');
            }
            self.eat(b']').then_some(())?;
        }
        out.push(b']');
        Some(())
    }

    /// After `{`. Keys are kept sorted as they come; a repeated key keeps its last value.
    fn object(&mut self, out: &mut Vec<u8>) -> Option<()> {
        let mut entries: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
        self.whitespace();
        if !self.eat(b'}') {
            loop {
                self.whitespace();
                self.eat(b'"').then_some(())?;
                let key = self.string()?;
                self.whitespace();
                self.eat(b':').then_some(())?;
                let mut value = Vec::new();
                self.value(&mut value)?;
                match entries.binary_search_by(|(k, _)| k.as_slice().cmp(&key)) {
                    Ok(i) => entries[i].1 = value,
                    Err(i) => entries.insert(i, (key, value)),
                }
                self.whitespace();
                if !self.eat(b',') {
                    break;
                }
            }
            self.eat(b'}').then_some(())?;
        }
        out.push(b'{');
        for (i, (key, value)) in entries.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_string(out, key);
            out.push(b':');
            out.extend_from_slice(value);
        }
        out.push(b'}');
        Some(())
    }

    /// After the opening quote: the decoded text, which must be UTF-8 with paired surrogates.
    fn string(&mut self) -> Option<Vec<u8>> {
        let mut text = Vec::new();
        loop {
            match self.next()? {
                b'"' => break,
                b'\\' => {
                    let unescaped = match self.next()? {
                        b @ (b'"' | b'\\' | b'/') => b,
                        b'b' => 8,
                        b'f' => 12,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'u' => {
                            let mut n = self.hex4()?;
                            if (0xDC00..0xE000).contains(&n) {
                                return None;
                            }
                            if (0xD800..0xDC00).contains(&n) {
                                if !(self.eat(b'\\') && self.eat(b'u')) {
                                    return None;
                                }
                                let low = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return None;
                                }
                                n = 0x10000 + ((n - 0xD800) << 10 | (low - 0xDC00));
                            }
                            let c = char::from_u32(n)?;
                            text.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                            continue;
                        }
                        _ => return None,
                    };
                    text.push(unescaped);
                }
                0..=0x1F => return None,
                b => text.push(b),
            }
        }
        // Escapes add whole characters, so the text is UTF-8 exactly when the raw bytes are.
        std::str::from_utf8(&text).ok()?;
        Some(text)
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.s.get(self.i..self.i + 4)?;
        self.i += 4;
        digits
            .iter()
            .try_fold(0, |n, &d| Some(n << 4 | char::from(d).to_digit(16)?))
    }

    /// After the sign, if any: serde_json's `parse_integer`.
    fn number(&mut self, positive: bool) -> Option<Number> {
        match self.next()? {
            b'0' => {
                if self.peek().is_ascii_digit() {
                    return None;
                }
                self.number_tail(positive, 0)
            }
            c @ b'1'..=b'9' => {
                let mut significand = u64::from(c - b'0');
                while let c @ b'0'..=b'9' = self.peek() {
                    let digit = u64::from(c - b'0');
                    if overflows(significand, digit, u64::MAX) {
                        return self.long_integer(positive, significand).map(Number::Float);
                    }
                    self.i += 1;
                    significand = significand * 10 + digit;
                }
                self.number_tail(positive, significand)
            }
            _ => None,
        }
    }

    fn number_tail(&mut self, positive: bool, significand: u64) -> Option<Number> {
        Some(match self.peek() {
            b'.' => Number::Float(self.decimal(positive, significand, 0)?),
            b'e' | b'E' => Number::Float(self.exponent(positive, significand, 0)?),
            _ if positive => Number::Unsigned(significand),
            _ => {
                let negated = (significand as i64).wrapping_neg();
                // A float on underflow, or for `-0`.
                if negated >= 0 {
                    Number::Float(-(significand as f64))
                } else {
                    Number::Signed(negated)
                }
            }
        })
    }

    /// At `.`.
    fn decimal(&mut self, positive: bool, mut significand: u64, before: i32) -> Option<f64> {
        self.i += 1;
        let mut after = 0;
        while let c @ b'0'..=b'9' = self.peek() {
            let digit = u64::from(c - b'0');
            if overflows(significand, digit, u64::MAX) {
                // Further digits are ignored.
                while self.peek().is_ascii_digit() {
                    self.i += 1;
                }
                return self.maybe_exponent(positive, significand, before + after);
            }
            self.i += 1;
            significand = significand * 10 + digit;
            after -= 1;
        }
        if after == 0 {
            return None;
        }
        self.maybe_exponent(positive, significand, before + after)
    }

    fn maybe_exponent(&mut self, positive: bool, significand: u64, exponent: i32) -> Option<f64> {
        match self.peek() {
            b'e' | b'E' => self.exponent(positive, significand, exponent),
            _ => f64_from_parts(positive, significand, exponent),
        }
    }

    /// At `e` or `E`.
    fn exponent(&mut self, positive: bool, significand: u64, start: i32) -> Option<f64> {
        self.i += 1;
        let positive_exp = self.peek() != b'-';
        if matches!(self.peek(), b'+' | b'-') {
            self.i += 1;
        }
        let mut exp = match self.next()? {
            c @ b'0'..=b'9' => i32::from(c - b'0'),
            _ => return None,
        };
        while let c @ b'0'..=b'9' = self.peek() {
            self.i += 1;
            let digit = i32::from(c - b'0');
            if overflows(exp as u64, digit as u64, i32::MAX as u64) {
                // Out of range: infinity is an error, zero keeps its sign.
                if significand != 0 && positive_exp {
                    return None;
                }
                while self.peek().is_ascii_digit() {
                    self.i += 1;
                }
                return Some(if positive { 0.0 } else { -0.0 });
            }
            exp = exp * 10 + digit;
        }
        let exponent = if positive_exp {
            start.saturating_add(exp)
        } else {
            start.saturating_sub(exp)
        };
        f64_from_parts(positive, significand, exponent)
    }

    /// After a `u64` overflow in the integer part: later digits only scale it.
    fn long_integer(&mut self, positive: bool, significand: u64) -> Option<f64> {
        let mut exponent = 0;
        loop {
            match self.peek() {
                b'0'..=b'9' => {
                    self.i += 1;
                    exponent += 1;
                }
                b'.' => return self.decimal(positive, significand, exponent),
                _ => return self.maybe_exponent(positive, significand, exponent),
            }
        }
    }
}

/// Whether `n * 10 + digit` exceeds `max`.
fn overflows(n: u64, digit: u64, max: u64) -> bool {
    n >= max / 10 && (n > max / 10 || digit > max % 10)
}

/// serde_json's conversion: the significand times or divided by one power of ten.
fn f64_from_parts(positive: bool, significand: u64, mut exponent: i32) -> Option<f64> {
    let mut f = significand as f64;
    loop {
        let magnitude = exponent.unsigned_abs();
        if magnitude <= 308 {
            let pow = pow10(magnitude);
            if exponent >= 0 {
                f *= pow;
                if f.is_infinite() {
                    return None;
                }
            } else {
                f /= pow;
            }
            break;
        }
        if f == 0.0 {
            break;
        }
        if exponent >= 0 {
            return None;
        }
        f /= 1e308;
        exponent += 308;
    }
    Some(if positive { f } else { -f })
}

/// 10^n rounded to the nearest `f64` (as the literal `1en` is), computed with a small big
/// integer instead of a 309-entry table.
pub(crate) fn pow10(n: u32) -> f64 {
    // Little-endian 32-bit limbs; 10^308 needs 1024 bits.
    let mut limbs = vec![1u32];
    for _ in 0..n {
        let mut carry = 0u64;
        for limb in &mut limbs {
            let x = u64::from(*limb) * 10 + carry;
            *limb = x as u32;
            carry = x >> 32;
        }
        if carry > 0 {
            limbs.push(carry as u32);
        }
    }
    let top = limbs.len() - 1;
    let bits = top as u32 * 32 + (32 - limbs[top].leading_zeros());
    if bits <= 64 {
        let x = limbs
            .iter()
            .rev()
            .fold(0u64, |x, &l| x << 32 | u64::from(l));
        return x as f64;
    }
    // The top 64 bits, with a sticky lowest bit for anything below them, round correctly.
    let shift = bits - 64;
    let bit = |i: u32| limbs[(i / 32) as usize] >> (i % 32) & 1;
    let mut x = 0u64;
    for i in (shift..bits).rev() {
        x = x << 1 | u64::from(bit(i));
    }
    if (0..shift).any(|i| bit(i) != 0) {
        x |= 1;
    }
    x as f64 * f64::from_bits(u64::from(1023 + shift) << 52)
}

impl Number {
    fn write(self, out: &mut Vec<u8>) {
        match self {
            Self::Unsigned(n) => out.extend_from_slice(n.to_string().as_bytes()),
            Self::Signed(n) => out.extend_from_slice(n.to_string().as_bytes()),
            Self::Float(f) => write_float(out, f),
        }
    }
}

/// A finite `f64` the way serde_json prints it: the shortest digits that read back as the same
/// value, in positional notation for decimal exponents -5 to 15 (always with a fraction) and as
/// `d.ddde±x` outside.
pub(crate) fn write_float(out: &mut Vec<u8>, f: f64) {
    if f.is_sign_negative() {
        out.push(b'-');
    }
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut digits: Vec<u8> = mantissa.bytes().filter(|&b| b != b'.').collect();
    let n = digits.len();
    // Only 16 or 17 digits can tie: the value lies exactly halfway between two shortest
    // candidates. serde_json then takes the one with an even last digit; `{:e}` may not.
    if n >= 16 && digits[n - 1] % 2 == 1 {
        let exact = format!("{:.800e}", f.abs());
        let exact: Vec<u8> = exact
            .bytes()
            .take_while(|&b| b != b'e')
            .filter(|&b| b != b'.')
            .collect();
        if exact[n] == b'5' && exact[n + 1..].iter().all(|&b| b == b'0') {
            // Odd, so 1 to 9 and no carry either way (a carry would have made it shorter).
            if exact[..n] == digits[..] {
                digits[n - 1] += 1;
            } else {
                digits[n - 1] -= 1;
            }
        }
    }
    layout_digits(out, &digits, exp);
}

fn layout_digits(out: &mut Vec<u8>, digits: &[u8], exp: i32) {
    let len = digits.len() as i32;
    let zeros = |out: &mut Vec<u8>, n: i32| out.resize(out.len() + n.max(0) as usize, b'0');
    if (-5..=15).contains(&exp) {
        if len - 1 <= exp {
            out.extend_from_slice(digits);
            zeros(out, exp + 1 - len);
            out.extend_from_slice(b".0");
        } else if exp >= 0 {
            let (int, frac) = digits.split_at(exp as usize + 1);
            out.extend_from_slice(int);
            out.push(b'.');
            out.extend_from_slice(frac);
        } else {
            out.extend_from_slice(b"0.");
            zeros(out, -exp - 1);
            out.extend_from_slice(digits);
        }
    } else {
        out.push(digits[0]);
        if len > 1 {
            out.push(b'.');
            out.extend_from_slice(&digits[1..]);
        }
        out.extend_from_slice(if exp < 0 { b"e-" } else { b"e+" });
        out.extend_from_slice(exp.unsigned_abs().to_string().as_bytes());
    }
}

/// A string the way serde_json escapes it: quotes, backslashes and control characters only.
fn write_string(out: &mut Vec<u8>, text: &[u8]) {
    out.push(b'"');
    for &b in text {
        match b {
            b'"' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            8 => out.extend_from_slice(b"\\b"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            12 => out.extend_from_slice(b"\\f"),
            b'\r' => out.extend_from_slice(b"\\r"),
            0..=0x1F => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 15)]);
            }
            _ => out.push(b),
        }
    }
    out.push(b'"');
}

/// serde_json is the reference: every case must read and print exactly as it does.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    fn sort_keys(value: Value) -> Value {
        match value {
            Value::Object(map) => {
                let mut entries: Vec<(String, Value)> = map.into_iter().collect();
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k, sort_keys(v)))
                        .collect(),
                )
            }
            Value::Array(items) => Value::Array(items.into_iter().map(sort_keys).collect()),
            other => other,
        }
    }

    fn reference(body: &[u8]) -> Option<Vec<u8>> {
        let value: Value = serde_json::from_slice(body).ok()?;
        Some(sort_keys(value).to_string().into_bytes())
    }

    fn same_as_serde(body: &[u8]) {
        assert_eq!(
            sorted_compact(body).map(String::from_utf8),
            reference(body).map(String::from_utf8),
            "{}",
            String::from_utf8_lossy(body)
        );
    }

    #[test]
    fn reads_and_prints_like_serde_json() {
        let cases: &[&[u8]] = &[
            b"",
            b" ",
            b"null",
            b"nul",
            b"nulll",
            b"true",
            b"false",
            b"tru",
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
            b"1.5",
            b"-1.5",
            b"1e2",
            b"1E400",
            b"-1e400",
            b"1e-400",
            b"-1e-400",
            b"0e999999999999",
            b"1e999999999999",
            b"1e-999999999999",
            b"-0e-99999999999",
            b"123456789012345678901234567890",
            b"18446744073709551615",
            b"18446744073709551616",
            b"-9223372036854775808",
            b"-9223372036854775809",
            b"0.1",
            b"0.30000000000000004",
            b"1.7976931348623157e308",
            b"1.7976931348623159e308",
            b"5e-324",
            b"2.5e-324",
            b"1e15",
            b"1e16",
            b"1e-5",
            b"1e-6",
            b"123.456e7",
            b"0.000001234",
            b"12345678901234567890.12345678901234567890e-5",
            b"1.00000000000000000000000000001",
            b"[]",
            b"{}",
            b"[1,]",
            b"[,]",
            b"[1 2]",
            b"{\"a\":1,}",
            b"{\"a\" 1}",
            b"{1:2}",
            b"{\"b\":1,\"a\":[2,{\"d\":null,\"c\":true}]}",
            b"{\"a\":1,\"a\":2}",
            b"{\"a\":1,\"b\":0,\"a\":{}}",
            b" {\n\t\"x\" : [ ] \r} ",
            b"\"\\u00e9\\/\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f\"",
            b"\"\\ud83d\\ude00\"",
            b"\"\\ud83d\"",
            b"\"\\ude00\"",
            b"\"\\ud83dx\"",
            b"\"\\ud83d\\n\"",
            b"\"\\ud83d\\u0041\"",
            b"\"\\u12\"",
            b"\"\\u12g4\"",
            b"\"\\x\"",
            b"\"a\tb\"",
            b"\"\x7f\"",
            "\"é€😀\"".as_bytes(),
            b"\"\xff\"",
            b"\"\xc3\"",
            b"\"\xed\xa0\x80\"",
            b"\"unterminated",
            b"{\"\\u00e9\":1,\"e\":2,\"z\":3}",
            b"[1]x",
            b"[1] ",
            b"\x001",
            b"1\x00",
            b"[\"\\u0000\"]",
        ];
        for body in cases {
            same_as_serde(body);
        }
    }

    #[test]
    fn nesting_limit_matches() {
        for depth in [1, 126, 127, 128, 129] {
            let body = [b"[".repeat(depth), b"]".repeat(depth)].concat();
            same_as_serde(&body);
            let body = [b"{\"a\":".repeat(depth), b"1".to_vec(), b"}".repeat(depth)].concat();
            same_as_serde(&body);
        }
    }

    #[test]
    fn powers_of_ten_are_correctly_rounded() {
        for n in 0..=308 {
            assert_eq!(pow10(n), format!("1e{n}").parse::<f64>().unwrap(), "1e{n}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn floats_print_like_serde_json(bits in any::<u64>()) {
            let f = f64::from_bits(bits);
            prop_assume!(f.is_finite());
            let mut out = Vec::new();
            write_float(&mut out, f);
            prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&f).unwrap());
        }

        #[test]
        fn halfway_floats_print_like_serde_json(quarters in (1u64 << 52)..(1u64 << 55)) {
            let f = quarters as f64 / 4.0;
            for f in [f, -f, f / 1e20, f * 1e20] {
                let mut out = Vec::new();
                write_float(&mut out, f);
                prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&f).unwrap());
            }
        }

        #[test]
        fn numbers_read_like_serde_json(
            text in "-?(0|[1-9][0-9]{0,25})(\\.[0-9]{0,25})?([eE][+-]?[0-9]{0,4})?"
        ) {
            same_as_serde(text.as_bytes());
        }

        #[test]
        fn documents_read_like_serde_json(text in "[\\[\\]{}:, \"a-c0-9.eE+\\-\\\\u\n]{0,40}") {
            same_as_serde(text.as_bytes());
        }

        #[test]
        fn values_round_trip_like_serde_json(value in json_value()) {
            same_as_serde(value.to_string().as_bytes());
            same_as_serde(serde_json::to_string_pretty(&value).unwrap().as_bytes());
        }
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            "\\PC{0,8}|[\\x00-\\x1f\"\\\\]{0,4}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec(("[a-d]{0,2}", inner), 0..6)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }
}
