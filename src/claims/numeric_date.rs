//! NumericDate (RFC 7519 §2): the JSON number form of `exp`, `nbf`, `iat` and `auth_time`,
//! parsed exactly (no floating point) and bounded by [`MAX_NUMERIC_DATE`].

use crate::error::Error;
use crate::limits::MAX_NUMERIC_DATE;

/// A NumericDate (RFC 7519 §2): seconds since the epoch, possibly fractional.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct NumericDate {
    /// The value rounded down.
    pub floor: u64,
    /// The value rounded up (equal to `floor` for whole seconds).
    pub ceil: u64,
}

impl NumericDate {
    /// Parses a JSON number as a NumericDate in `0..=MAX_NUMERIC_DATE`.
    ///
    /// # Errors
    /// [`Error::InvalidClaim`] for negative values or values past
    /// [`MAX_NUMERIC_DATE`].
    pub(crate) fn parse(text: &str) -> Result<NumericDate, Error> {
        let bytes = text.as_bytes();
        // Fast path: a plain integer of up to 12 digits (every real-world date), which
        // cannot overflow a u64.
        // One pass: the digits are checked as they are summed.
        let (value, digits) = plain_integer(bytes);
        if (1..=12).contains(&bytes.len()) && digits {
            if value > MAX_NUMERIC_DATE {
                return Err(Error::InvalidClaim);
            }
            return Ok(NumericDate {
                floor: value,
                ceil: value,
            });
        }
        NumericDate::parse_general(bytes)
    }

    /// [`Self::parse`] past its fast path: a sign, a fraction, an exponent or more than 12
    /// digits. Outlined: the fast path then runs without saving registers.
    #[inline(never)]
    fn parse_general(bytes: &[u8]) -> Result<NumericDate, Error> {
        let (negative, rest) = match bytes.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, bytes),
        };
        let mantissa_end = rest
            .iter()
            .position(|b| matches!(b, b'e' | b'E'))
            .unwrap_or(rest.len());
        let (mantissa, exp_text) = rest.split_at(mantissa_end);
        // Decimal exponent, saturating at i32::MAX: far beyond the digit count of any document,
        // so the decimal point always lands where it should. (A clamp at 1000 misplaced it for
        // mantissas of more than 1000 digits: `1` + 1010 zeros + `e-1010` read as 10^10.)
        let mut exp: i32 = 0;
        if let Some((_, e)) = exp_text.split_first() {
            let (sign, digits) = match e.split_first() {
                Some((b'-', d)) => (-1, d),
                Some((b'+', d)) => (1, d),
                _ => (1, e),
            };
            for d in digits {
                exp = exp
                    .saturating_mul(10)
                    .saturating_add(i32::from(d.wrapping_sub(b'0')));
            }
            exp = exp.saturating_mul(sign);
        }
        let (int_digits, frac_digits) = match mantissa.iter().position(|b| *b == b'.') {
            Some(p) => (
                mantissa.get(..p).unwrap_or(&[]),
                mantissa.get(p.saturating_add(1)..).unwrap_or(&[]),
            ),
            None => (mantissa, &[][..]),
        };
        // The value is digits × 10^(exp - frac_len) with digits = int_digits ++ frac_digits.
        // The integer part is the first (int_len + exp) digits; the rest is the fraction.
        let all = int_digits.iter().chain(frac_digits.iter());
        let int_len = i64::try_from(int_digits.len()).map_err(|_| Error::InvalidClaim)?;
        let point = int_len.saturating_add(i64::from(exp));
        let mut value: u64 = 0;
        let mut fraction = false;
        let mut count: i64 = 0;
        for d in all {
            let digit = u64::from(d.wrapping_sub(b'0'));
            if count < point {
                value = value
                    .checked_mul(10)
                    .and_then(|v| v.checked_add(digit))
                    .filter(|v| *v <= MAX_NUMERIC_DATE)
                    .ok_or(Error::InvalidClaim)?;
            } else if digit != 0 {
                fraction = true;
            }
            count = count.saturating_add(1);
        }
        // Trailing zeros implied by a positive exponent past the digits (none to add to zero,
        // which also keeps `0e2000000000` from looping).
        while count < point && value != 0 {
            value = value
                .checked_mul(10)
                .filter(|v| *v <= MAX_NUMERIC_DATE)
                .ok_or(Error::InvalidClaim)?;
            count = count.saturating_add(1);
        }
        if negative && (value != 0 || fraction) {
            return Err(Error::InvalidClaim);
        }
        let ceil = if fraction {
            value.checked_add(1).ok_or(Error::InvalidClaim)?
        } else {
            value
        };
        if ceil > MAX_NUMERIC_DATE {
            return Err(Error::InvalidClaim);
        }
        Ok(NumericDate { floor: value, ceil })
    }
}
/// The value of `bytes` read as decimal digits (wrapping; exact for up to 19 digits) and
/// whether they all are digits.
#[cfg(not(target_pointer_width = "64"))]
fn plain_integer(bytes: &[u8]) -> (u64, bool) {
    bytes.iter().fold((0u64, true), |(v, digits), d| {
        let x = d.wrapping_sub(b'0');
        (
            v.wrapping_mul(10).wrapping_add(u64::from(x)),
            digits && x < 10,
        )
    })
}

/// [`plain_integer`] on 64-bit targets: the last eight digits (a date has ten) in one word,
/// checked and combined in three multiply-add steps of pairs, fours and eights of digits; the
/// digits before them one at a time.
#[cfg(target_pointer_width = "64")]
fn plain_integer(bytes: &[u8]) -> (u64, bool) {
    let by_byte = |bytes: &[u8], start: u64| {
        bytes.iter().fold((start, true), |(v, digits), d| {
            let x = d.wrapping_sub(b'0');
            (
                v.wrapping_mul(10).wrapping_add(u64::from(x)),
                digits && x < 10,
            )
        })
    };
    let Some((head, last)) = bytes.split_last_chunk::<8>() else {
        return by_byte(bytes, 0);
    };
    let (high, head_digits) = by_byte(head, 0);
    let w = u64::from_le_bytes(*last);
    if crate::codec::scan::non_digits(w) != 0 {
        return (0, false);
    }
    // Each byte now 0-9, the first digit in the lowest byte: no step carries across lanes
    // (at most 99, 9999, 99999999 per lane).
    let d = w.wrapping_sub(0x3030_3030_3030_3030);
    let pairs = d.wrapping_mul(10).wrapping_add(d >> 8) & 0x00FF_00FF_00FF_00FF;
    let fours = pairs.wrapping_mul(100).wrapping_add(pairs >> 16) & 0x0000_FFFF_0000_FFFF;
    let eight = fours.wrapping_mul(10_000).wrapping_add(fours >> 32) & 0xFFFF_FFFF;
    (
        high.wrapping_mul(100_000_000).wrapping_add(eight),
        head_digits,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_integers_agree_with_a_digit_loop() {
        extern crate std;
        use std::format;
        let reference = |b: &[u8]| -> (u64, bool) {
            let digits = b.iter().all(u8::is_ascii_digit);
            let v = b.iter().fold(0u64, |v, d| {
                v.wrapping_mul(10)
                    .wrapping_add(u64::from(d.wrapping_sub(b'0')))
            });
            (v, digits)
        };
        let mut x: u64 = 0x1234_5678_9abc_def1;
        for len in 0..=16 {
            for _ in 0..200 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let s: std::vec::Vec<u8> = (0..len)
                    .map(|k| b'0' + u8::try_from((x >> (k * 4)) % 10).unwrap_or(0))
                    .collect();
                assert_eq!(plain_integer(&s).0, reference(&s).0, "{s:?}");
                assert!(plain_integer(&s).1);
                // One byte that is not a digit, anywhere.
                for at in 0..len {
                    for bad in [b'/', b':', b'.', b'e', b'-', 0x80, 0xB0] {
                        let mut t = s.clone();
                        t[at] = bad;
                        assert!(!plain_integer(&t).1, "{}", format!("{t:?}"));
                    }
                }
            }
        }
        assert_eq!(plain_integer(b"99999999"), (99_999_999, true));
        assert_eq!(plain_integer(b"1767225600"), (1_767_225_600, true));
        assert_eq!(plain_integer(b"253402300799"), (253_402_300_799, true));
    }

    #[test]
    fn numeric_dates() {
        let nd = |s: &str| NumericDate::parse(s).map(|d| (d.floor, d.ceil));
        assert_eq!(nd("0"), Ok((0, 0)));
        assert_eq!(nd("-0"), Ok((0, 0)));
        assert_eq!(nd("1767225600"), Ok((1_767_225_600, 1_767_225_600)));
        assert_eq!(nd("1767225600.5"), Ok((1_767_225_600, 1_767_225_601)));
        assert_eq!(nd("1767225600.000"), Ok((1_767_225_600, 1_767_225_600)));
        assert_eq!(nd("1.7672256E9"), Ok((1_767_225_600, 1_767_225_600)));
        assert_eq!(nd("1.76722560055e9"), Ok((1_767_225_600, 1_767_225_601)));
        assert_eq!(nd("17672256000e-1"), Ok((1_767_225_600, 1_767_225_600)));
        assert_eq!(nd("5e-1"), Ok((0, 1)));
        assert_eq!(nd("1e-999999999999"), Ok((0, 1)));
        assert_eq!(nd("0e999999999999"), Ok((0, 0)));
        assert_eq!(nd("253402300799"), Ok((253_402_300_799, 253_402_300_799)));
        assert_eq!(nd("253402300799.1"), Err(Error::InvalidClaim));
        assert_eq!(nd("253402300800"), Err(Error::InvalidClaim));
        assert_eq!(nd("1e12"), Err(Error::InvalidClaim));
        assert_eq!(nd("1e999999999999"), Err(Error::InvalidClaim));
        assert_eq!(nd("99999999999999999999999999"), Err(Error::InvalidClaim));
        assert_eq!(nd("-1"), Err(Error::InvalidClaim));
        assert_eq!(nd("-0.5"), Err(Error::InvalidClaim));
    }
}
