//! Strict unpadded base64url (RFC 4648 §5, as RFC 7515 §2 requires).
//!
//! Accepts only `A-Z a-z 0-9 - _`; no padding, no whitespace, no standard-alphabet `+` or `/`.
//! A final group's unused low bits must be zero, so every byte string has exactly one
//! accepted encoding (non-canonical encodings are a classic signature-malleability and
//! parser-differential source). Signatures and tokens are public, so a table lookup is fine.

use crate::error::Error;

/// Marks a byte outside the alphabet in [`DECODE`].
const INVALID: u8 = 0xFF;

/// Maps an ASCII byte to its 6-bit value, or [`INVALID`].
static DECODE: [u8; 256] = {
    let mut t = [INVALID; 256];
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut i = 0;
    while i < 64 {
        // `i < 64` and `alphabet[i] < 128`: both indexes are in bounds at compile time.
        #[allow(clippy::indexing_slicing, clippy::as_conversions)]
        {
            t[alphabet[i] as usize] = i as u8;
        }
        i += 1;
    }
    t
};

/// Marks a byte outside the alphabet in [`PAIR_HI`] and [`PAIR_LO`]: bits a valid pair of
/// sextets (12 bits) never sets.
const PAIR_INVALID: u16 = 0xF000;

/// [`DECODE`] shifted into the high half of a 12-bit pair: `PAIR_HI[a] | PAIR_LO[b]` decodes
/// two characters at once (the bulk path reads 8 characters as 4 pairs).
static PAIR_HI: [u16; 256] = pair_table(6);
/// [`DECODE`] widened to the low half of a 12-bit pair.
static PAIR_LO: [u16; 256] = pair_table(0);

const fn pair_table(shift: u32) -> [u16; 256] {
    let mut t = [PAIR_INVALID; 256];
    let mut i = 0;
    while i < 256 {
        // `i < 256`: in bounds for both tables.
        #[allow(clippy::indexing_slicing, clippy::as_conversions)]
        if DECODE[i] != INVALID {
            t[i] = (DECODE[i] as u16) << shift;
        }
        i = i.wrapping_add(1);
    }
    t
}

/// Decoded length of `encoded_len` base64url characters, or `None` when no unpadded
/// encoding has that length (a remainder of one character).
#[must_use]
pub(crate) const fn decoded_len(encoded_len: usize) -> Option<usize> {
    // `encoded_len / 4 * 3` cannot overflow, nor can adding 2 to it.
    let full = (encoded_len / 4).wrapping_mul(3);
    match encoded_len % 4 {
        0 => Some(full),
        2 => Some(full.wrapping_add(1)),
        3 => Some(full.wrapping_add(2)),
        _ => None,
    }
}

#[inline(always)]
fn pair_hi(b: u8) -> u16 {
    PAIR_HI.get(usize::from(b)).copied().unwrap_or(PAIR_INVALID)
}

#[inline(always)]
fn pair_lo(b: u8) -> u16 {
    PAIR_LO.get(usize::from(b)).copied().unwrap_or(PAIR_INVALID)
}

#[inline]
fn sextet(b: u8) -> Result<u32, Error> {
    match DECODE.get(usize::from(b)) {
        Some(&v) if v != INVALID => Ok(u32::from(v)),
        _ => Err(Error::Malformed),
    }
}

/// Decodes `src` into the front of `dst` and returns the decoded bytes.
///
/// # Errors
/// [`Error::Malformed`] for any byte outside the alphabet, a length of 4n+1, or non-zero
/// unused trailing bits; [`Error::BufferTooSmall`] if `dst` is shorter than
/// [`decoded_len`].
pub(crate) fn decode<'d>(src: &[u8], dst: &'d mut [u8]) -> Result<&'d mut [u8], Error> {
    let len = decoded_len(src.len()).ok_or(Error::Malformed)?;
    let out = dst.get_mut(..len).ok_or(Error::BufferTooSmall)?;
    // Bulk: eight characters to six bytes, branch-free; pre-shifted tables make each pair of
    // characters one OR. A byte outside the alphabet sets PAIR_INVALID bits, which survive
    // the OR into `bad`, checked once at the end.
    let mut bad = 0u16;
    let (wide, rest_in) = src.as_chunks::<8>();
    let (wide_out, rest_out) = out.as_chunks_mut::<6>();
    for (c, o) in wide.iter().zip(wide_out.iter_mut()) {
        let [c0, c1, c2, c3, c4, c5, c6, c7] = *c;
        let p0 = pair_hi(c0) | pair_lo(c1);
        let p1 = pair_hi(c2) | pair_lo(c3);
        let p2 = pair_hi(c4) | pair_lo(c5);
        let p3 = pair_hi(c6) | pair_lo(c7);
        bad |= p0 | p1 | p2 | p3;
        let v =
            (u64::from(p0) << 36) | (u64::from(p1) << 24) | (u64::from(p2) << 12) | u64::from(p3);
        let bytes = (v << 16).to_be_bytes();
        if let Some((six, _)) = bytes.split_first_chunk::<6>() {
            *o = *six;
        }
    }
    if bad & PAIR_INVALID != 0 {
        return Err(Error::Malformed);
    }
    // The rest: fewer than eight characters, decoding to fewer than six bytes (`8k + r`
    // characters decode to `6k + d` bytes with `d < 6`, so both sides have `k` wide chunks).
    // Four at a time, then the final partial group.
    let mut chunks = rest_in.chunks_exact(4);
    let mut out_chunks = rest_out.chunks_exact_mut(3);
    for (c, o) in (&mut chunks).zip(&mut out_chunks) {
        if let ([a, b, c, d], [x, y, z]) = (c, o) {
            let v = (sextet(*a)? << 18) | (sextet(*b)? << 12) | (sextet(*c)? << 6) | sextet(*d)?;
            let [_, hi, mid, lo] = v.to_be_bytes();
            *x = hi;
            *y = mid;
            *z = lo;
        }
    }
    let tail = out_chunks.into_remainder();
    match (chunks.remainder(), tail) {
        ([], []) => {}
        ([a, b], [x]) => {
            let v = (sextet(*a)? << 6) | sextet(*b)?;
            if v & 0x0F != 0 {
                return Err(Error::Malformed);
            }
            let [_, _, hi, lo] = (v >> 4).to_be_bytes();
            debug_assert_eq!(hi, 0);
            *x = lo;
        }
        ([a, b, c], [x, y]) => {
            let v = (sextet(*a)? << 12) | (sextet(*b)? << 6) | sextet(*c)?;
            if v & 0x03 != 0 {
                return Err(Error::Malformed);
            }
            let [_, _, hi, lo] = (v >> 2).to_be_bytes();
            *x = hi;
            *y = lo;
        }
        _ => return Err(Error::Malformed),
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::as_conversions)]
mod tests {
    extern crate std;
    use super::*;
    use base64ct::Encoding as _;

    fn dec(s: &str) -> Result<std::vec::Vec<u8>, Error> {
        let mut buf = [0u8; 64];
        decode(s.as_bytes(), &mut buf).map(|b| b.to_vec())
    }

    #[test]
    fn rfc4648_vectors() {
        assert_eq!(dec(""), Ok(std::vec![]));
        assert_eq!(dec("Zg"), Ok(b"f".to_vec()));
        assert_eq!(dec("Zm8"), Ok(b"fo".to_vec()));
        assert_eq!(dec("Zm9v"), Ok(b"foo".to_vec()));
        assert_eq!(dec("Zm9vYg"), Ok(b"foob".to_vec()));
        assert_eq!(dec("Zm9vYmE"), Ok(b"fooba".to_vec()));
        assert_eq!(dec("Zm9vYmFy"), Ok(b"foobar".to_vec()));
        assert_eq!(dec("-_-_"), Ok(std::vec![0xfb, 0xff, 0xbf]));
    }

    #[test]
    fn rejects_everything_not_strict() {
        for bad in [
            "Zg==", "Zg=", "Z", "Zm9vY", "+/+/", "Zm 9v", "Zm9v\n", "Zh", "Zm9", "Zm8\0", "Zm,8",
        ] {
            assert_eq!(dec(bad), Err(Error::Malformed), "{bad:?}");
        }
    }

    #[test]
    fn buffer_too_small() {
        let mut buf = [0u8; 2];
        assert_eq!(decode(b"Zm9v", &mut buf), Err(Error::BufferTooSmall));
    }

    #[test]
    fn agrees_with_base64ct_on_every_short_input() {
        // Exhaustive over all strings of length 0..=3 over the alphabet plus a few bad bytes,
        // and a pseudo-random sweep of longer ones: same accept/reject, same bytes.
        let chars: &[u8] = b"AQgw_-9+/=. Zz";
        let mut inputs: std::vec::Vec<std::vec::Vec<u8>> = std::vec![std::vec![]];
        for _ in 0..3 {
            let prev = inputs.clone();
            for p in &prev {
                for c in chars {
                    let mut n = p.clone();
                    n.push(*c);
                    inputs.push(n);
                }
            }
        }
        let mut x: u32 = 1;
        for len in 4..40 {
            for _ in 0..50 {
                let s: std::vec::Vec<u8> = (0..len)
                    .map(|_| {
                        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                        chars[(x >> 16) as usize % chars.len()]
                    })
                    .collect();
                inputs.push(s);
            }
        }
        for s in inputs {
            let mut a = [0u8; 64];
            let mut b = [0u8; 64];
            let ours = decode(&s, &mut a).map(|v| v.to_vec()).ok();
            let theirs = base64ct::Base64UrlUnpadded::decode(&s, &mut b)
                .map(|v| v.to_vec())
                .ok();
            assert_eq!(
                ours,
                theirs,
                "{:?}",
                std::string::String::from_utf8_lossy(&s)
            );
        }
    }
}
