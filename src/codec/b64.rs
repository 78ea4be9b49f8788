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

/// Marks a byte outside the alphabet in [`QUAD`]: a bit no valid group of four sextets
/// (24 bits) sets.
const GROUP_INVALID: u32 = 0x8000_0000;

/// [`DECODE`] for each position of a four-character group, with the sextet's bits already
/// where they land in the group's three output bytes read as a little-endian word:
/// `QUAD[0][a] | QUAD[1][b] | QUAD[2][c] | QUAD[3][d]` is the decoded group, ready to store.
/// Four loads and three ORs per group, no shifts, no byte swap (4 KiB of tables: on 64-bit
/// targets only; 32-bit ones, microcontrollers among them, shift from [`DECODE`]).
#[cfg(target_pointer_width = "64")]
static QUAD: [[u32; 256]; 4] = [quad_table(0), quad_table(1), quad_table(2), quad_table(3)];

#[cfg(target_pointer_width = "64")]
const fn quad_table(position: u32) -> [u32; 256] {
    let mut t = [GROUP_INVALID; 256];
    let mut i = 0;
    while i < 256 {
        // `i < 256`: in bounds for both tables; `position < 4`, so the shift is at most 18.
        #[allow(
            clippy::indexing_slicing,
            clippy::as_conversions,
            clippy::arithmetic_side_effects
        )]
        if DECODE[i] != INVALID {
            // Big-endian group bits (first character highest), then its bytes reversed.
            let g = (DECODE[i] as u32) << (18 - 6 * position);
            t[i] = ((g >> 16) & 0xFF) | (((g >> 8) & 0xFF) << 8) | ((g & 0xFF) << 16);
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

/// The decoded group of four characters as a little-endian word (bytes 0-2), or with
/// [`GROUP_INVALID`] set.
#[cfg(target_pointer_width = "64")]
#[inline(always)]
fn group(c: [u8; 4]) -> u32 {
    let [q0, q1, q2, q3] = &QUAD;
    let at = |t: &[u32; 256], b: u8| t.get(usize::from(b)).copied().unwrap_or(GROUP_INVALID);
    at(q0, c[0]) | at(q1, c[1]) | at(q2, c[2]) | at(q3, c[3])
}

/// [`group`] from the 256-byte [`DECODE`] table with shifts: on a microcontroller 4 KiB of
/// flash count for more than the few instructions per group.
#[cfg(not(target_pointer_width = "64"))]
#[inline(always)]
fn group(c: [u8; 4]) -> u32 {
    let six = |b: u8| match DECODE.get(usize::from(b)) {
        Some(&v) if v != INVALID => u32::from(v),
        _ => GROUP_INVALID,
    };
    let [a, b, c, d] = c.map(six);
    let invalid = (a | b | c | d) & GROUP_INVALID;
    let g = ((a & 0x3F) << 18) | ((b & 0x3F) << 12) | ((c & 0x3F) << 6) | (d & 0x3F);
    ((g >> 16) & 0xFF) | (((g >> 8) & 0xFF) << 8) | ((g & 0xFF) << 16) | invalid
}

/// True if `b` is in the base64url alphabet.
pub(crate) fn is_alphabet(b: u8) -> bool {
    DECODE.get(usize::from(b)).is_some_and(|&v| v != INVALID)
}

/// Where [`decode`] refuses `src`: the first byte outside the alphabet; else, for a length
/// of `4n + 1`, the end; else the last character, whose unused bits are not zero. For the
/// detail of a refusal only.
pub(crate) fn fault(src: &[u8]) -> usize {
    if let Some(i) = src.iter().position(|&b| !is_alphabet(b)) {
        return i;
    }
    if decoded_len(src.len()).is_none() {
        return src.len();
    }
    src.len().saturating_sub(1)
}

#[inline]
fn sextet(b: u8) -> Result<u32, Error> {
    match DECODE.get(usize::from(b)) {
        Some(&v) if v != INVALID => Ok(u32::from(v)),
        _ => Err(Error::Malformed),
    }
}

/// The base64url alphabet (RFC 4648 §5).
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes `src` as unpadded base64url into the front of `dst` and returns the text (for the
/// hashes and thumbprints the core computes itself: `at_hash`, `c_hash`, PKCE challenges, JWK
/// thumbprints, `ath`).
///
/// # Errors
/// [`Error::BufferTooSmall`] if `dst` is shorter than the encoding (`ceil(4n / 3)`).
pub(crate) fn encode<'d>(src: &[u8], dst: &'d mut [u8]) -> Result<&'d str, Error> {
    let mut at = 0usize;
    for chunk in src.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        // 2, 3 or 4 characters for 1, 2 or 3 bytes.
        let chars = chunk.len().saturating_add(1);
        for k in 0..chars {
            let shift = 18usize.saturating_sub(k.saturating_mul(6));
            let sextet = usize::try_from((n >> shift) & 63).unwrap_or(0);
            let c = ALPHABET.get(sextet).copied().unwrap_or(b'A');
            *dst.get_mut(at).ok_or(Error::BufferTooSmall)? = c;
            at = at.saturating_add(1);
        }
    }
    let out = dst.get(..at).ok_or(Error::BufferTooSmall)?;
    core::str::from_utf8(out).map_err(|_| Error::Malformed)
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
    // A byte outside the alphabet sets GROUP_INVALID, which survives the ORs into `bad`,
    // checked once at the end.
    let mut bad = 0u32;
    // Bulk, on 64-bit targets: sixteen characters to twelve bytes, stored as one eight-byte
    // and one four-byte word. `16k + r` characters decode to `12k + d` bytes with `d < 12`,
    // so the output has exactly one twelve-byte chunk per sixteen-character one.
    #[cfg(target_pointer_width = "64")]
    let (src_rest, out_rest) = {
        let (wide, rest_in) = src.as_chunks::<16>();
        let (wide_out, rest_out) = out.as_chunks_mut::<12>();
        for (c, o) in wide.iter().zip(wide_out.iter_mut()) {
            let [
                c0,
                c1,
                c2,
                c3,
                c4,
                c5,
                c6,
                c7,
                c8,
                c9,
                c10,
                c11,
                c12,
                c13,
                c14,
                c15,
            ] = *c;
            let g0 = group([c0, c1, c2, c3]);
            let g1 = group([c4, c5, c6, c7]);
            let g2 = group([c8, c9, c10, c11]);
            let g3 = group([c12, c13, c14, c15]);
            bad |= g0 | g1 | g2 | g3;
            // Bytes 0-7: groups 0 and 1 and the first two bytes of group 2; bytes 8-11: the
            // last byte of group 2, then group 3. (Invalid-marker bits land in the output,
            // which is then refused.)
            let low = u64::from(g0) | (u64::from(g1) << 24) | (u64::from(g2) << 48);
            let high = (g2 >> 16) | (g3 << 8);
            let (a, b) = o.split_at_mut(8);
            a.copy_from_slice(&low.to_le_bytes());
            b.copy_from_slice(&high.to_le_bytes());
        }
        (rest_in, rest_out)
    };
    #[cfg(not(target_pointer_width = "64"))]
    let (src_rest, out_rest) = (src, &mut *out);
    // Eight characters to six bytes (on 64-bit targets, at most once after the above).
    // `8k + r` characters decode to `6k + d` bytes with `d < 6`, so the output has exactly
    // one six-byte chunk per eight-character one: zipped, with no bounds check per step.
    let (wide, rest_in) = src_rest.as_chunks::<8>();
    let (wide_out, _) = out_rest.as_chunks_mut::<6>();
    for (c, o) in wide.iter().zip(wide_out.iter_mut()) {
        let [c0, c1, c2, c3, c4, c5, c6, c7] = *c;
        let g0 = group([c0, c1, c2, c3]);
        let g1 = group([c4, c5, c6, c7]);
        bad |= g0 | g1;
        let bytes = (u64::from(g0) | (u64::from(g1) << 24)).to_le_bytes();
        if let Some(six) = bytes.first_chunk::<6>() {
            *o = *six;
        }
    }
    // At most `out.len()`: each step covered six of its bytes.
    let at = wide.len().wrapping_mul(6);
    if bad & GROUP_INVALID != 0 {
        return Err(Error::Malformed);
    }
    // The rest: fewer than eight characters, decoding to fewer than six bytes (`8k + r`
    // characters decode to `6k + d` bytes with `d < 6`). Four at a time, then the final
    // partial group.
    let rest_out = out_rest.get_mut(at..).ok_or(Error::Malformed)?;
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
    fn encode_round_trips_and_matches_base64ct() {
        let data: std::vec::Vec<u8> = (0..=255u8).collect();
        for len in 0..64 {
            let src = &data[..len];
            let mut out = [0u8; 96];
            let text = encode(src, &mut out).map(std::string::String::from);
            assert_eq!(
                text.as_deref(),
                Ok(base64ct::Base64UrlUnpadded::encode_string(src).as_str())
            );
            assert_eq!(dec(text.as_deref().unwrap_or("")), Ok(src.to_vec()));
        }
        assert_eq!(encode(b"abc", &mut [0u8; 3]), Err(Error::BufferTooSmall));
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
    fn a_bad_byte_anywhere_in_long_input() {
        // Through the sixteen- and eight-character steps and the tail: every position of
        // encodings of 0 to 80 bytes, each replaced by a byte outside the alphabet.
        let data: std::vec::Vec<u8> = (0..80u8).map(|i| i.wrapping_mul(151)).collect();
        for len in 0..=data.len() {
            let text = base64ct::Base64UrlUnpadded::encode_string(&data[..len]);
            let mut buf = [0u8; 128];
            assert_eq!(
                decode(text.as_bytes(), &mut buf).map(|b| b.to_vec()),
                Ok(data[..len].to_vec())
            );
            for at in 0..text.len() {
                for bad in [b'.', b'=', b'+', 0x80, 0xFF] {
                    let mut t = text.clone().into_bytes();
                    t[at] = bad;
                    assert_eq!(decode(&t, &mut buf), Err(Error::Malformed), "{len} {at}");
                }
            }
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
