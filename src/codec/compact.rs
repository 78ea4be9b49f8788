//! The compact serialization (RFC 7515 §7.1): `header.payload.signature`.

use crate::codec::scan;
use crate::error::Error;
use crate::limits::MAX_TOKEN_LEN;

/// The three base64url segments of a compact JWS, as they appear in the token.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Compact<'t> {
    /// `header.payload`, the exact bytes the signature covers (RFC 7515 §5.2 step 8).
    pub(crate) signing_input: &'t [u8],
    pub(crate) header: &'t [u8],
    pub(crate) payload: &'t [u8],
    pub(crate) signature: &'t [u8],
}

/// Splits a compact JWS into its segments, in one pass with no backtracking.
///
/// The length limit is checked before anything else. Segments are not decoded here; the
/// base64url decoder rejects every byte outside the alphabet, so stray whitespace, padding or
/// separators fail there.
///
/// # Errors
/// [`Error::TooLarge`] above [`MAX_TOKEN_LEN`]; [`Error::UnsupportedAlg`] for five segments
/// (a JWE, which this verifier does not decrypt); [`Error::Malformed`] for any other number of
/// segments or an empty header.
pub(crate) fn split(token: &[u8]) -> Result<Compact<'_>, Error> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(Error::TooLarge);
    }
    // The two separators of a JWS, then whatever follows: two more make a JWE.
    let first = scan::find_byte(token, 0, b'.');
    let second = first.and_then(|f| scan::find_byte(token, f.saturating_add(1), b'.'));
    let (Some(first), Some(second)) = (first, second) else {
        return Err(Error::Malformed);
    };
    let mut more = 0usize;
    let mut at = second;
    while let Some(dot) = scan::find_byte(token, at.saturating_add(1), b'.') {
        more = more.saturating_add(1);
        at = dot;
    }
    match more {
        0 => {}
        2 => return Err(Error::UnsupportedAlg),
        _ => return Err(Error::Malformed),
    }
    let signing_input = token.get(..second).ok_or(Error::Malformed)?;
    let header = token.get(..first).ok_or(Error::Malformed)?;
    let payload = token
        .get(first.saturating_add(1)..second)
        .ok_or(Error::Malformed)?;
    let signature = token
        .get(second.saturating_add(1)..)
        .ok_or(Error::Malformed)?;
    if header.is_empty() {
        return Err(Error::Malformed);
    }
    Ok(Compact {
        signing_input,
        header,
        payload,
        signature,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_segments() {
        let c = split(b"aGV.cGF5.c2ln");
        assert!(c.is_ok());
        if let Ok(c) = c {
            assert_eq!(c.signing_input, b"aGV.cGF5");
            assert_eq!(c.header, b"aGV");
            assert_eq!(c.payload, b"cGF5");
            assert_eq!(c.signature, b"c2ln");
        }
        // Empty payload and empty signature are structurally fine; later stages decide.
        assert!(split(b"aGV..").is_ok());
    }

    #[test]
    fn wrong_counts() {
        assert_eq!(split(b"").err(), Some(Error::Malformed));
        assert_eq!(split(b"abc").err(), Some(Error::Malformed));
        assert_eq!(split(b"a.b").err(), Some(Error::Malformed));
        assert_eq!(split(b"a.b.c.d").err(), Some(Error::Malformed));
        assert_eq!(split(b"a.b.c.d.e").err(), Some(Error::UnsupportedAlg));
        assert_eq!(split(b"a.b.c.d.e.f").err(), Some(Error::Malformed));
        assert_eq!(split(b".b.c").err(), Some(Error::Malformed));
        assert_eq!(split(b"..........").err(), Some(Error::Malformed));
    }

    #[test]
    fn length_limit_first() {
        let mut big = [b'.'; MAX_TOKEN_LEN + 1];
        assert_eq!(split(&big).err(), Some(Error::TooLarge));
        big[0] = b'a';
        assert_eq!(split(&big[..MAX_TOKEN_LEN]).err(), Some(Error::Malformed));
    }
}
