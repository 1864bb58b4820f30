//! Reading a typed prediction. A decimal comma is read as a decimal point ("95,4" is 95.4); a
//! comma that could as well separate thousands ("1,500") is refused with a message rather than
//! guessed, so a prediction is never silently taken ten or a thousand times too large.

/// Why a typed prediction was not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PredictionError {
    Empty,
    NotANumber,
    /// "1,500": a thousands separator or a decimal comma?
    AmbiguousComma,
    /// Both a comma and a point, or several of either.
    MixedSeparators,
    Negative,
}

impl std::fmt::Display for PredictionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(super::text::prediction_error(*self))
    }
}

/// The number a learner typed, with an optional trailing "%".
pub fn parse_prediction(typed: &str) -> Result<f64, PredictionError> {
    let t = typed.trim();
    let t = t.strip_suffix('%').unwrap_or(t).trim_end();
    if t.is_empty() {
        return Err(PredictionError::Empty);
    }
    let commas = t.matches(',').count();
    let points = t.matches('.').count();
    let plain = match (commas, points) {
        (0, 0 | 1) => t.to_string(),
        (1, 0) => {
            let after = t.split(',').nth(1).unwrap_or("");
            if after.len() == 3 && after.bytes().all(|b| b.is_ascii_digit()) {
                return Err(PredictionError::AmbiguousComma);
            }
            t.replace(',', ".")
        }
        _ => return Err(PredictionError::MixedSeparators),
    };
    // Only plain decimal notation: no "inf", "NaN", exponents or signs other than a leading minus.
    let digits = plain.strip_prefix('-').unwrap_or(&plain);
    if !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        || !digits.bytes().any(|b| b.is_ascii_digit())
    {
        return Err(PredictionError::NotANumber);
    }
    let v: f64 = plain.parse().map_err(|_| PredictionError::NotANumber)?;
    if v < 0.0 {
        return Err(PredictionError::Negative);
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decimal_comma_is_a_decimal_point() {
        assert_eq!(parse_prediction("95,4"), Ok(95.4));
        assert_eq!(parse_prediction(" 2,5 "), Ok(2.5));
        assert_eq!(parse_prediction("0,08"), Ok(0.08));
        assert_eq!(parse_prediction("98,51 %"), Ok(98.51));
    }

    #[test]
    fn plain_numbers_pass() {
        assert_eq!(parse_prediction("48"), Ok(48.0));
        assert_eq!(parse_prediction("95.4"), Ok(95.4));
        assert_eq!(parse_prediction(".5"), Ok(0.5));
        assert_eq!(parse_prediction("12000"), Ok(12000.0));
        assert_eq!(parse_prediction("95%"), Ok(95.0));
    }

    #[test]
    fn ambiguous_or_broken_input_is_refused_never_misread() {
        assert_eq!(
            parse_prediction("1,500"),
            Err(PredictionError::AmbiguousComma)
        );
        assert_eq!(
            parse_prediction("1.000,5"),
            Err(PredictionError::MixedSeparators)
        );
        assert_eq!(
            parse_prediction("12,000,000"),
            Err(PredictionError::MixedSeparators)
        );
        assert_eq!(
            parse_prediction("1.2.3"),
            Err(PredictionError::MixedSeparators)
        );
        assert_eq!(parse_prediction(""), Err(PredictionError::Empty));
        assert_eq!(parse_prediction("  % "), Err(PredictionError::Empty));
        for bad in ["abc", "inf", "NaN", "1e3", "+5", "-", ".", "9 5", "٣"] {
            assert_eq!(
                parse_prediction(bad),
                Err(PredictionError::NotANumber),
                "{bad:?}"
            );
        }
        assert_eq!(parse_prediction("-3"), Err(PredictionError::Negative));
    }

    #[test]
    fn every_refusal_has_a_message() {
        for e in [
            PredictionError::Empty,
            PredictionError::NotANumber,
            PredictionError::AmbiguousComma,
            PredictionError::MixedSeparators,
            PredictionError::Negative,
        ] {
            assert!(e.to_string().len() > 10, "{e:?}");
        }
    }
}
